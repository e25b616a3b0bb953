// Conditions and min/max (spec §11.5) on generated plans: the integer path and the decimal path
// (the same plan with `/ 1` or `* 1` added, which lowering computes with decimal.js) pay the same,
// and both pay what the rules give, worked out here in fen and basis points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from '../engine/index';

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;

interface Case { cap: number; d1: number; d2: number; age: number; r1: number; r2: number; claimFen: number; born: number }

function planText(c: Case, decimal: boolean): string {
  const slash = decimal ? ' / 1' : '';
  return `plan "p" { valid 2025-01-01 to 2025-12-31 }
benefit R1 {
  amount min(claim.inPolicySelfPay, ${yuan(c.cap)})${slash}
  deductible max(${yuan(c.d1)}, ${yuan(c.d2)})${slash} per claim
  ratio (if member.age >= ${c.age} then ${pct(c.r1)} else ${pct(c.r2)})${decimal ? ' * 1' : ''}
}
`;
}

function payout(c: Case, decimal: boolean): string {
  const r = compile(planText(c, decimal), 'p.yibao');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  const out = evaluate(r.plan, {
    members: [{ id: 'm', birthDate: `${c.born}-06-01`, enrolledSince: '2020-01-01' }],
    claims: [{ id: 'c', member: 'm', date: '2025-07-01', setting: 'inpatient', inPolicySelfPay: yuan(c.claimFen) }],
  }, { trace: false });
  return out.claims[0]!.payout;
}

/** By the rules: amount min(claim, cap), less the larger deductible, at the ratio the age picks, rounded half up to the fen. */
function byHand(c: Case): string {
  const amount = Math.min(c.claimFen, c.cap);
  const past = Math.max(0, amount - Math.max(c.d1, c.d2));
  const bp = 2025 - c.born >= c.age ? c.r1 : c.r2; // born 1 June, claim 1 July: the birthday has passed
  const units = past * bp; // fen × basis points
  return yuan(Math.floor((units + 5000) / 10000));
}

const cases = fc.record({
  cap: fc.integer({ min: 0, max: 5_000_000 }),
  d1: fc.integer({ min: 0, max: 500_000 }),
  d2: fc.integer({ min: 0, max: 500_000 }),
  age: fc.integer({ min: 1, max: 99 }),
  r1: fc.integer({ min: 0, max: 10_000 }),
  r2: fc.integer({ min: 0, max: 10_000 }),
  claimFen: fc.integer({ min: 0, max: 10_000_000 }),
  born: fc.integer({ min: 1930, max: 2020 }),
});

describe('if, min and max', () => {
  it('pay the same on the integer and the decimal path, and what the rules give, with fractional yuan and percents', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const int = payout(c, false);
        expect(payout(c, true)).toBe(int);
        expect(int).toBe(byHand(c));
      }),
      { numRuns: Number(process.env.YIBAO_PROPERTY_RUNS ?? 150), seed: 20261201 },
    );
  });

  it('lower to the integer path without `/ 1`, and to the decimal path with it', async () => {
    const { checkPlan } = await import('../engine/frontend');
    const { lower } = await import('../engine/lower/index');
    const c: Case = { cap: 123456, d1: 100, d2: 250, age: 60, r1: 7050, r2: 5025, claimFen: 99999, born: 1960 };
    const ir = (decimal: boolean) => lower(checkPlan(planText(c, decimal), 'p.yibao').plan!).ir.benefits[0]!;
    const ratio = (decimal: boolean) => {
      const p = ir(decimal).payout;
      return p.kind === 'ratio' ? p.ratio.expr.exact : undefined;
    };
    expect(ir(false).amount.value.expr.exact).toBe('int');
    expect(ratio(false)).toBe('int');
    expect(ir(true).amount.value.expr.exact).toBe('decimal');
    expect(ratio(true)).toBe('decimal');
  });
});
