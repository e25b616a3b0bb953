// Edges of the SQL backend's payout and tilts (engine/sql/payout.ts, tilts.ts) that generated
// requests seldom reach, each settled by DuckDB and by the engine and held to payouts worked out by
// hand from the plan: an annual cap off the plan's rounding grid, the two bases of a whole-amount
// schedule, a schedule without bands, a ratio tilted past 100 %, `best` and `first` units of tilts,
// and a tilt that touches none of the plan's values.
// Part of `npm test` and of the SQL stage's mutation run (test/mutation/vitest.sql.config.ts).
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { evaluate } from '../engine/runtime/evaluate';
import { compileSql } from '../engine/sql/compile';
import { enginePayouts, runDuckDb, type Payouts } from './sql-run';

type Claim = { id: string; date: string; inPolicySelfPay: string };

/** DuckDB's payouts for the claims of one member (in `groups`), after checking they are the engine's. */
async function settled(text: string, claims: Claim[], groups: string[] = []): Promise<Payouts> {
  const doc = new PlanDocument(text, 'p.yibao', readerFor('p.yibao'));
  const ir = doc.lowered!.ir!;
  const q = compileSql(ir);
  if (!('sql' in q)) throw new Error(`not compiled to SQL: ${JSON.stringify(q.refused)}`);
  const request = {
    members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01', groups }],
    claims: claims.map((c) => ({ ...c, member: 'm1', setting: 'inpatient' })),
  };
  const engine = evaluate(doc.compiled!, request, { trace: false });
  expect(engine.errors).toEqual([]);
  const sql = await runDuckDb(ir, q.sql, request);
  expect(sql.errors).toEqual({});
  expect(sql.payouts).toEqual(enginePayouts(ir, engine.claims));
  return sql.payouts;
}
const paid = (p: Payouts) => Object.fromEntries(Object.entries(p).map(([id, x]) => [id, x.payout]));

describe('SQL payouts at the edges, by hand', () => {
  it('rounds a year capped off the rounding grid as the capped year, not the cap', async () => {
    const plan = (mode: string) => `plan "p" { valid 2025-01-01 to 2025-12-31 rounding 100 ${mode} }\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n  cap 12345.67 per year\n}\n`;
    const claims = [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '20000' }, { id: 'c2', date: '2025-04-01', inPolicySelfPay: '20000' }];
    // P′ = min(50 % × A, 12,345.67), rounded to 100 yuan. c1: 50 % × 20,000 = 10,000 → 10,000.00.
    // c2: min(50 % × 40,000, 12,345.67) = 12,345.67 → down 12,300 → 12,300 − 10,000 = 2,300.00
    // (rounding the uncapped 20,000 and capping after would pay 2,345.67).
    expect(paid(await settled(plan('down'), claims))).toEqual({ c1: '10000.00', c2: '2300.00' });
  });

  it('takes a whole-amount band by the amount past the deductible, or by the annual amount', async () => {
    const plan = (basis: string) => `plan "p" { valid 2025-01-01 to 2025-12-31 }\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible 1000 per year\n  whole-amount ${basis} {\n    0 .. 5000 : 50%\n    5000 .. : 65%\n  }\n}\n`;
    const claims = [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '5500' }];
    // A = 5,500, X = 5,500 − 1,000 = 4,500. Above the deductible: X's band, 50 % × 4,500 = 2,250.00.
    // On the annual amount: A's band, 65 % × 4,500 = 2,925.00.
    expect(paid(await settled(plan('above deductible'), claims))).toEqual({ c1: '2250.00' });
    expect(paid(await settled(plan('on annual amount'), claims))).toEqual({ c1: '2925.00' });
  });

  it('holds a ratio tilted past 100 % at 100 %', async () => {
    // Each tilt alone keeps the ratio within 100 % (the checker refuses one that does not, YB306);
    // the two together pass it.
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\ngroup 续保\ngroup 高龄\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 90%\n}\ntilt A for 续保 { ratio +6pp }\ntilt B for 高龄 { ratio +6pp }\ncombine A, B: stack\n';
    // 90 % + 6 pp + 6 pp = 102 %, held at 100 %: 1,000 × 100 % = 1,000.00 (not 1,020.00).
    expect(paid(await settled(plan, [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '1000' }], ['续保', '高龄']))).toEqual({ c1: '1000.00' });
  });

  it('gives a `best` unit the value of its one tilt present, even a ratio of 0', async () => {
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\ngroup 甲\ngroup 乙\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n}\ntilt A for 甲 { ratio scale 0% }\ntilt B for 乙 { ratio +5pp }\ncombine A, B: best\n';
    // Only A is present: 50 % × 0 % = 0 %, and 10,000 × 0 % = 0.00 (B, absent, offers nothing).
    expect(paid(await settled(plan, [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '10000' }], ['甲']))).toEqual({ c1: '0.00' });
    // Both present: the better of 0 % and 55 %: 10,000 × 55 % = 5,500.00.
    expect(paid(await settled(plan, [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '10000' }], ['甲', '乙']))).toEqual({ c1: '5500.00' });
  });

  it('gives a `first` unit the first tilt present, when the one before it leaves the value alone', async () => {
    // On the ratio, A changes nothing and B adds 10 pp; on the cap, A adds 500 and B nothing.
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\ngroup 甲\ngroup 乙\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n  cap 1000 per claim\n}\ntilt A for 甲 { cap +500 }\ntilt B for 乙 { ratio +10pp }\ncombine A, B: first\n';
    const claim = [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '3000' }];
    // Only B: 3,000 × 60 % = 1,800, capped at 1,000 → 1,000.00.
    expect(paid(await settled(plan, claim, ['乙']))).toEqual({ c1: '1000.00' });
    // Both: A comes first, B is left out: 3,000 × 50 % = 1,500, within the cap of 1,500 → 1,500.00.
    expect(paid(await settled(plan, claim, ['甲', '乙']))).toEqual({ c1: '1500.00' });
  });

  it('pays nothing for a banded schedule written without bands, as the engine does', async () => {
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  banded above deductible {\n  }\n}\n';
    expect(paid(await settled(plan, [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '1000' }]))).toEqual({ c1: '0.00' });
  });

  it('settles a plan whose tilt touches none of its values as if it had none', async () => {
    // The tilt waives a deductible the benefit does not have: 1,000 × 50 % = 500.00.
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\ngroup 甲\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n}\ntilt A for 甲 { deductible waived }\n';
    expect(paid(await settled(plan, [{ id: 'c1', date: '2025-03-01', inPolicySelfPay: '1000' }], ['甲']))).toEqual({ c1: '500.00' });
    // And the query has no stage for it: an empty one (`SELECT *, FROM …`) is an error on PostgreSQL.
    const q = compileSql(new PlanDocument(plan, 'p.yibao', readerFor('p.yibao')).lowered!.ir!);
    expect('sql' in q && q.sql).toMatch(/SELECT/);
    expect('sql' in q && q.sql).not.toMatch(/tilt_\d+ AS|SELECT \*,\s*FROM/);
  });
});
