// The language-neutral conformance suite (spec/conformance) and the example plans' own tests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { walk, readerFor } from '../engine/node/files';
import { runCase } from '../engine/testing/conformance';
import { compile } from '../engine/index';
import { runPlanTests } from '../engine/testing/plan-tests';
import { planFileFor, runTestFile } from '../engine/testing/test-file';
import { isPlanFileName } from './helpers';

const schema = JSON.parse(readFileSync('spec/schemas/conformance-case.schema.json', 'utf8')) as object;
const cases = walk('spec/conformance', (f) => f.endsWith('.case.json'));

describe('conformance suite', () => {
  it('has at least 60 cases, good and bad apart', () => {
    expect(cases.filter((c) => c.includes('/good/')).length).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.includes('/bad/')).length).toBeGreaterThanOrEqual(30);
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it('covers at least 25 distinct error codes', () => {
    const codes = new Set<string>();
    for (const c of cases.filter((f) => f.includes('/bad/'))) {
      for (const d of (JSON.parse(readFileSync(c, 'utf8')) as { diagnostics: { code: string }[] }).diagnostics) codes.add(d.code);
    }
    expect(codes.size).toBeGreaterThanOrEqual(25);
  });

  for (const file of cases) {
    const base = file.slice(0, -'.case.json'.length);
    it(base.replace('spec/conformance/', ''), () => {
      const plan = `${base}.yibao`;
      const r = runCase(plan, readFileSync(plan, 'utf8'), JSON.parse(readFileSync(file, 'utf8')), readerFor(plan), schema);
      expect(r.failures).toEqual([]);
    });
  }
});

describe('test files beside plans', () => {
  for (const file of walk('examples', (f) => f.endsWith('.test.yibao'))) {
    const planFile = planFileFor(file);
    const plan = compile(readFileSync(planFile, 'utf8'), planFile, readerFor(planFile)).plan!;
    const r = runTestFile(readFileSync(file, 'utf8'), file, plan);
    it(`${file} reads cleanly`, () => expect(r.diagnostics).toEqual([]));
    for (const t of r.outcomes) it(`${file} › ${t.name}`, () => expect(t.failures.map((f) => f.message)).toEqual([]));
  }

  it('a test file holds only tests', () => {
    const plan = compile('plan "p" { }\nbenefit B { amount claim.inPolicySelfPay ratio 50% }').plan!;
    const r = runTestFile('group G\ntest "t" { expect nobody pays 1 }', 'x.test.yibao', plan);
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([['YB904', 1, 1], ['YB901', 2, 19]]);
  });
});

describe('example plans', () => {
  // Chain files are not plans (test/chain.test.ts settles the example chain); the layers that only
  // serve a chain with illustrative parameters carry fewer tests than a published plan's example.
  const layersOnly = new Set(['examples/jilin-basic.yibao', 'examples/jilin-assistance.yibao', 'examples/qingdao-basic.yibao', 'examples/qingdao-dabing.yibao']);
  for (const file of walk('examples', isPlanFileName)) {
    describe(file, () => {
      const text = readFileSync(file, 'utf8');
      const compiled = compile(text, file, readerFor(file));
      it('checks without diagnostics', () => {
        expect(compiled.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual([]);
      });
      it(`carries at least ${layersOnly.has(file) ? 5 : 15} tests`, () => {
        expect(compiled.plan?.tests.length ?? 0).toBeGreaterThanOrEqual(layersOnly.has(file) ? 5 : 15);
      });
      for (const t of compiled.plan ? runPlanTests(compiled.plan) : []) {
        it(t.name, () => {
          expect(t.failures.map((f) => `${file}:${f.range.start.line}: ${f.message}`)).toEqual([]);
        });
      }
    });
  }
});
