// The bands of a schedule (engine/runtime/schedule.ts): which ratio a whole-amount schedule takes,
// and which bands a claim's trace names as touched. Amounts in fen, ratios in basis points.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
import { bandsTouched, type EffectiveSchedule } from '../engine/runtime/schedule';
import { planOf } from './helpers';

const BANDS = [
  { lo: 0, hi: 100_000, bp: 5000 },
  { lo: 100_000, hi: 500_000, bp: 6000 },
  { lo: 500_000, hi: Infinity, bp: 7000 },
];
const banded = (basis: EffectiveSchedule['basis']): EffectiveSchedule => ({ kind: 'banded', basis, ratio: 0, bands: BANDS });
const los = (bands: { lo: number }[]) => bands.map((b) => b.lo);

describe('the bands a claim touches, for its trace', () => {
  it('on the annual amount: from where the year was, but never below the deductible', () => {
    // The year stood at 1,000 yuan (500 past a 500 deductible) and the claim takes it to 3,000:
    // 1,000 .. 3,000 lies in the second band only; the first ends where the claim starts.
    expect(los(bandsTouched(banded('annual'), 100_000, 50_000, 300_000, 250_000))).toEqual([100_000]);
    // A first claim of 3,000 under a deductible of 1,500: paid from 1,500 on, so the first band
    // (0 .. 1,000) is not touched though the year starts at 0.
    expect(los(bandsTouched(banded('annual'), 0, 0, 300_000, 150_000))).toEqual([100_000]);
    // Across two edges: 800 .. 6,000.
    expect(los(bandsTouched(banded('annual'), 80_000, 80_000, 600_000, 600_000))).toEqual([0, 100_000, 500_000]);
  });

  it('above the deductible: from where the part past the deductible was', () => {
    // 500 .. 2,500 past the deductible (2,000 .. 4,000 of the year): the first band and the second.
    expect(los(bandsTouched(banded('above-deductible'), 200_000, 50_000, 400_000, 250_000))).toEqual([0, 100_000]);
  });
});

describe('a whole-amount schedule', () => {
  it('pays nothing on an amount below its first band', () => {
    // Bands from 1,000 yuan: 800 past no deductible is in no band, so 0; a second claim of 500
    // takes the year to 1,300, all of it at 60 %: 780.00 in all, 780.00 for this claim.
    const plan = planOf(`plan "w" { valid 2025-01-01 to 2025-12-31 }
benefit R { amount claim.inPolicySelfPay whole-amount on annual amount { 1000 .. : 60% } }
`);
    const member = { id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01' };
    const claim = (id: string, date: string, amount: string) => ({ id, member: 'm', date, setting: 'inpatient', inPolicySelfPay: amount });
    const r = evaluate(plan, { members: [member], claims: [claim('c1', '2025-03-01', '800'), claim('c2', '2025-04-01', '500')] }, { trace: false });
    expect(r.errors).toEqual([]);
    expect(r.claims.map((c) => [c.id, c.payout])).toEqual([['c1', '0.00'], ['c2', '780.00']]);
  });
});
