// Calendar months and full years (spec §11.3.2): a month without the day ends on its last day, as
// full years count a 29 February birthday; the integer and decimal paths move dates alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, daysInMonth, formatDay, fullYears, parseDay, ymd } from '../engine/core/dates';
import { compile, evaluate } from '../engine/index';

const day = (iso: string) => parseDay(iso)!;
const anyDay = fc.integer({ min: day('1950-01-01'), max: day('2150-12-31') });

describe('calendar months', () => {
  it('land in the target month, on the same day or its last', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -1200, max: 1200 }), (d, n) => {
        const from = ymd(d);
        const to = ymd(addMonths(d, n));
        const months = (to.y - from.y) * 12 + (to.m - from.m);
        expect(months).toBe(n);
        expect(to.d).toBe(Math.min(from.d, daysInMonth(to.y, to.m)));
        // Twelve months are the full year that fullYears counts.
        if (n === 12) expect(fullYears(d, addMonths(d, 12))).toBe(1);
      }),
      { numRuns: 3000, seed: 20261201 },
    );
    expect(formatDay(addMonths(day('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatDay(addMonths(day('2024-02-29'), 12))).toBe('2025-02-28');
    expect(formatDay(addMonths(day('2025-03-31'), -1))).toBe('2025-02-28');
  });

  it('move a date the same way on the integer and the decimal path', () => {
    const plan = (decimal: boolean) => compile(`plan "p" { valid 2020-01-01 to 2030-12-31 }
benefit R1 {
  amount if claim.date >= member.enrolledSince + 6 months${decimal ? ' and claim.inPolicySelfPay / 1 > 0' : ''} then claim.inPolicySelfPay else 0
  ratio 50%
}`, 'p.yibao').plan!;
    const [int, dec] = [plan(false), plan(true)];
    fc.assert(
      fc.property(fc.integer({ min: day('2021-01-01'), max: day('2024-12-31') }), fc.integer({ min: 0, max: 400 }), (enrolled, after) => {
        const request = {
          members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: formatDay(enrolled) }],
          claims: [{ id: 'c', member: 'm', date: formatDay(enrolled + after), setting: 'inpatient', inPolicySelfPay: '100' }],
        };
        const a = evaluate(int, request, { trace: false }).claims[0]!.payout;
        expect(evaluate(dec, request, { trace: false }).claims[0]!.payout).toBe(a);
        // By hand: paid once the claim is on or after the day six calendar months on.
        expect(a).toBe(enrolled + after >= addMonths(enrolled, 6) ? '50.00' : '0.00');
      }),
      { numRuns: 300, seed: 1201 },
    );
  });
});
