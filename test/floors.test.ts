// Floors (spec §29): the example plans proven against the example floors by hand, the prover held
// against the engine on generated plans (every violation's counterexample must be paid by the
// engine as the proof says, and the lowest ratio must be the one computed here by hand), the
// report's schema and the CLI's exit codes.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proveFloors } from '../engine/analysis/floors';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { FloorsDocument } from '../engine/floors-document';
import { floorsReportSchema } from '../engine/request/floors-schemas';
import { runCli } from './helpers';

const planOf = (text: string, file = 'plan.yibao') => {
  const doc = new PlanDocument(text, file, readerFor(file));
  const ir = doc.lowered?.ir;
  if (!ir) throw new Error(doc.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(', '));
  return ir;
};
const floorsOf = (text: string) => {
  const doc = new FloorsDocument(text, 'test.floors.yibao');
  if (!doc.ir) throw new Error(doc.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(', '));
  return doc.ir;
};
const read = (p: string) => readFileSync(p, 'utf8');
const prove = (planPath: string, floorsPath: string) => proveFloors(planOf(read(planPath), planPath), read(planPath), floorsOf(read(floorsPath)));

describe('the example floors', () => {
  it('Shantou meets Guangdong\'s floors, each at its tightest case', () => {
    const r = prove('examples/shantou-basic.yibao', 'examples/guangdong-2012.floors.yibao');
    expect(r.verdicts.map((v) => v.status)).toEqual(['holds', 'holds', 'holds']);
    // 2013–2015: the lowest ratio is 三级's 70 %, on the plan's first day (the rule's span starts earlier).
    expect(r.verdicts[0]!.worst).toMatchObject({ value: '70%', bound: '70%', date: '2013-01-01', benefit: '统筹' });
    // From 2016: 三级 75 %.
    expect(r.verdicts[1]!.worst).toMatchObject({ value: '75%', bound: '75%', date: '2016-01-01' });
    // Cap 150,000 against 6 × last year's income: 6 × 19,000 = 114,000 (2013) … 6 × 23,000 = 138,000 (2016), the tightest.
    expect(r.verdicts[2]!.worst).toMatchObject({ value: '150000.00', bound: '138000.00', date: '2016-01-01' });
    expect(r.diagnostics).toEqual([]);
  });

  it('Jilin\'s 大病 plan meets the national 50 %: its starting ratio in 2016 is exactly 50 %', () => {
    const r = prove('examples/jilin-dabing.yibao', 'examples/national-dabing.floors.yibao');
    expect(r.verdicts[0]).toMatchObject({ status: 'holds', worst: { value: '50%', bound: '50%', date: '2016-01-01', band: 1, tilts: [] } });
  });

  it('Qingdao\'s supplementary plan meets Guangdong\'s 50 % for supplementary insurance: its lowest ratio is 70 %', () => {
    const r = prove('examples/qingdao-2017.yibao', 'examples/guangdong-2012-supplementary.floors.yibao');
    expect(r.verdicts[0]).toMatchObject({ status: 'holds', worst: { value: '70%', bound: '50%' } });
  });
});

/** A plan with one ratio per hospital level, and a tilt for a listed group that raises or lowers it. */
function generatedPlan(ratios: [number, number, number], deductibles: [number, number, number], tilt: { op: 'add' | 'cut'; by: number } | undefined): string {
  const [r1, r2, r3] = ratios.map((r) => `${r / 100}%`);
  const [d1, d2, d3] = deductibles;
  return [
    'plan "generated" { valid 2020-01-01 to 2020-12-31 }',
    'attribute claim.level: primary | secondary | tertiary',
    'group listed',
    'benefit main {',
    '  for inpatient',
    '  amount claim.inPolicySelfPay',
    `  deductible if claim.level = primary then ${d1} else if claim.level = secondary then ${d2} else ${d3} per claim`,
    `  ratio if claim.level = primary then ${r1} else if claim.level = secondary then ${r2} else ${r3}`,
    '}',
    ...(tilt ? [`tilt t for listed { ratio ${tilt.op === 'add' ? `+${tilt.by}pp` : `cut ${tilt.by}%`} }`] : []),
  ].join('\n');
}

describe('the prover against the engine', () => {
  it('finds the lowest ratio computed by hand, and every violation it reports the engine pays as it says', () => {
    const basisPoints = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(
        fc.tuple(basisPoints, basisPoints, basisPoints),
        fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 })),
        fc.option(fc.record({ op: fc.constantFrom('add' as const, 'cut' as const), by: fc.integer({ min: 1, max: 50 }) }), { nil: undefined }),
        fc.integer({ min: 0, max: 100 }),
        (ratios, deductibles, tilt, boundPercent) => {
          const text = generatedPlan(ratios, deductibles, tilt);
          const r = proveFloors(planOf(text), text, floorsOf(`floors "f" { require "r" lowestRatio inpatient >= ${boundPercent}% }`));
          const v = r.verdicts[0]!;
          // By hand: a raising tilt never lowers the lowest base ratio; a cut of c % takes it to
          // round(min × (100 − c) / 100) basis points.
          const low = Math.min(...ratios);
          const lowest = tilt?.op === 'cut' ? Math.round((low * (100 - tilt.by)) / 100) : low;
          expect(v.worst?.value).toBe(`${lowest / 100}%`);
          expect(v.status).toBe(lowest < boundPercent * 100 ? 'violated' : 'holds');
          // A zero ratio pays nothing, so a marginal ratio is still observable (0 %); every violation is confirmed.
          if (v.status === 'violated') expect(v.counterexample?.confirmed, JSON.stringify(v.counterexample)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('yibao check --against', () => {
  it('prints a report matching its schema, and exits 1 on a violation', async () => {
    const r = await runCli(['check', 'spec/conformance/good/floors-plan-short.yibao', '--against', 'spec/conformance/good/floors-short.floors.yibao', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as unknown;
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(floorsReportSchema, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(r.err).toContain('YB990');
  });

  it('exits 0 when every floor holds, and says so in the language asked for', async () => {
    const r = await runCli(['check', 'examples/shantou-basic.yibao', '--against', 'examples/guangdong-2012.floors.yibao', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out.match(/— holds/g)?.length).toBe(3);
    expect(r.out).not.toMatch(/满足|已检查/);
  });

  it('exits 2 for floors with errors or no such file, naming the file', async () => {
    const missing = await runCli(['check', 'examples/shantou-basic.yibao', '--against', 'examples/none.floors.yibao']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('examples/none.floors.yibao');
    const bad = await runCli(['check', 'examples/shantou-basic.yibao', '--against', 'spec/conformance/bad/floors-errors.floors.yibao']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('YB981');
  });
});
