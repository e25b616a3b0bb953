// The SQL backend held to the engine quickly, for mutation runs over engine/sql/ (test/mutation/stryker-sql.config.mjs):
// every example that reads tilts, items, shared limits or policy years and the conformance plans of each tilt, cap, deductible and rounding rule, six generated requests each; and the refusals of limits that change within a year.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../../engine/document';
import { readerFor } from '../../engine/node/files';
import { evaluate } from '../../engine/runtime/evaluate';
import { compileSql } from '../../engine/sql/compile';
import { requests } from '../sql-population';
import { enginePayouts, runDuckDb } from '../sql-run';
const PLANS = ['examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/qingdao-basic.yibao', 'examples/jilin-basic.yibao', 'examples/jilin-dabing.yibao', 'examples/shaanxi-enterprise.yibao', 'examples/shanghai-huhuibao-2021.yibao',
  'spec/conformance/good/waiting-period.yibao', ...['combine-best', 'combine-first', 'combine-stack', 'combine-stack-order', 'tilt-cap-ops', 'tilt-deductible-ops', 'tilt-ratio-ops', 'tilt-shared-deductible', 'own-caps', 'shared-cap-per-year', 'shared-cap-per-claim', 'shared-deductible-per-year', 'shared-deductible-per-claim', 'rounding-half-even', 'rounding-down', 'rounding-up', 'policy-year-anniversary', 'policy-year-from-a-date', 'whole-amount-both-bases', 'banded-on-annual-amount-below-deductible', 'per-claim-deductible'].map((n) => `spec/conformance/good/${n}.yibao`)];
describe('sql', () => {
  for (const f of PLANS) it(f, async () => {
    const doc = new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f));
    const ir = doc.lowered!.ir!;
    const q = compileSql(ir);
    if (!('sql' in q)) throw new Error(f);
    await fc.assert(fc.asyncProperty(requests(ir), async (request) => {
      const engine = evaluate(doc.compiled!, request, { trace: false });
      const sql = await runDuckDb(ir, q.sql, request);
      expect(sql.errors).toEqual({});
      expect(sql.payouts).toEqual(enginePayouts(ir, engine.claims));
    }), { numRuns: 6, seed: 15 });
  }, 60_000);
});

describe('stable and rounding', () => {
  const compile = (text: string) => compileSql(new PlanDocument(text, 'p.yibao', readerFor('p.yibao')).lowered!.ir!);
  const refused = (text: string) => { const r = compile(text); return 'refused' in r ? r.refused.map((x) => x.construct.en) : []; };
  it('refuses limits that change within a year, keeps those that do not', () => {
    const plan = (cap: string) => `plan "p" { valid 2025-01-01 to 2025-12-31 }\ndeductible 门诊 = ${cap} per year\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible shared 门诊\n  ratio 50%\n  cap ${cap} per year\n}\n`;
    expect(refused(plan('if member.age >= 60 then 2000 else 1000'))).toHaveLength(2);
    expect(refused(plan('if member.enrolledYears >= 3 then 2000 else 1000'))).toEqual([]);
    expect(refused(plan('if claim.inPolicySelfPay > 5 then 2000 else 1000'))).toHaveLength(2);
    expect(refused('plan "p" { valid 2025-01-01 to 2026-12-31 }\nparam 限额 {\n  from 2025-01-01 to 2025-06-30: 1000\n  from 2025-07-01: 2000\n}\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n  cap 限额 per year\n}\n')).toHaveLength(1);
    expect(refused('plan "p" { valid 2025-01-01 to 2026-12-31 }\nparam 限额 {\n  from 2025-01-01 to 2025-12-31: 1000\n  from 2026-01-01: 2000\n}\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n  cap 限额 per year\n}\n')).toEqual([]);
    const tilted = (rule: string) => `plan "p" { valid 2025-01-01 to 2025-12-31 }\ndeductible 门诊 = 1000 per year\ngroup 老年 = member.age >= 65\ngroup 低保\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible shared 门诊\n  ratio 50%\n}\ntilt A for 老年 { ratio +5pp }\ntilt B for 低保 { deductible waived }\n${rule}`;
    expect(refused(tilted('combine A, B: first\n'))).toHaveLength(1);
    expect(refused(tilted('combine A, B: stack\n'))).toEqual([]);
    expect(refused(tilted(''))).toEqual([]);
  });
});

describe('rounding steps coarser than a fen', () => {
  const plan = (step: string, mode: string) => `plan "p" { valid 2024-01-01 to 2025-12-31 rounding ${step} ${mode} }\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible 1000 per year\n  whole-amount above deductible {\n    0 .. 5000 : 50%\n    5000 .. : 65%\n  }\n  cap 8万 per year\n}\n`;
  for (const [step, mode] of [['10', 'up'], ['1', 'half-even'], ['100', 'down']] as const) {
    it(`${step} ${mode}`, async () => {
      const doc = new PlanDocument(plan(step, mode), 'p.yibao', readerFor('p.yibao'));
      const ir = doc.lowered!.ir!;
      const q = compileSql(ir);
      if (!('sql' in q)) throw new Error('not compiled');
      await fc.assert(fc.asyncProperty(requests(ir), async (request) => {
        const engine = evaluate(doc.compiled!, request, { trace: false });
        expect(await runDuckDb(ir, q.sql, request)).toEqual({ payouts: enginePayouts(ir, engine.claims), errors: {} });
      }), { numRuns: 6, seed: 7 });
    }, 60_000);
  }
});
