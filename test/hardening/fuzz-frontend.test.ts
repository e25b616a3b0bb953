// The front end under fuzzing (lexer, parser, checker, compiler, and the evaluator for plans that
// compile): the seeds, every input that once failed (test/fuzz/regressions/), and a short
// campaign of mutated and grammar-generated inputs. The long campaign is `npm run fuzz`
// (scripts/fuzz.ts). Short budget: YIBAO_FUZZ_RUNS inputs (default 1000) from YIBAO_FUZZ_SEED.
import { describe, expect, it, vi } from 'vitest';
import { runCampaign } from '../fuzz/campaign';
import { minimize } from '../fuzz/minimize';
import { checkInput, lineStarts, rangeProblem } from '../fuzz/oracle';
import { loadRegressions, loadSeeds } from '../fuzz/seeds';
import { knownSignatures, signature } from '../fuzz/corpus';
import { generatePlan } from '../fuzz/generate';
import { Rng } from '../fuzz/rng';

// Heavy inputs on a shared machine: the time bounds that matter are asserted inside the tests.
vi.setConfig({ testTimeout: 180_000 });

const RUNS = Number(process.env.YIBAO_FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.YIBAO_FUZZ_SEED ?? 1);

describe('the oracle itself', () => {
  it('knows a range inside the document from one outside it', () => {
    const text = 'ab\ncd\r\nef\rg';
    const at = (offset: number, line: number, column: number) => ({ offset, line, column });
    expect(lineStarts(text)).toEqual([0, 3, 7, 10]);
    expect(rangeProblem({ start: at(3, 2, 1), end: at(5, 2, 3) }, text)).toBeUndefined();
    expect(rangeProblem({ start: at(11, 4, 2), end: at(11, 4, 2) }, text)).toBeUndefined(); // the end of the text
    expect(rangeProblem({ start: at(12, 4, 3), end: at(12, 4, 3) }, text)).toMatch(/outside/);
    expect(rangeProblem({ start: at(3, 1, 4), end: at(3, 1, 4) }, text)).toMatch(/offset 3 is 2:1/);
    expect(rangeProblem({ start: at(0, 5, 1), end: at(0, 5, 1) }, text)).toMatch(/line 5/);
    expect(rangeProblem({ start: at(5, 2, 3), end: at(3, 2, 1) }, text)).toMatch(/before start/);
  });

  it('generates mostly valid plans, in English and Chinese', () => {
    const rng = new Rng(SEED);
    const plans = Array.from({ length: 60 }, () => generatePlan(rng.fork()));
    expect(plans.some((p) => /责任|赔付比例|比例/.test(p.text))).toBe(true);
    expect(plans.some((p) => /\bbenefit\b/.test(p.text))).toBe(true);
  });
});

describe('seeds: the conformance suite and the examples', () => {
  const seeds = loadSeeds();
  it('are all found', () => expect(seeds.length).toBeGreaterThanOrEqual(120));
  it('all end in a result or diagnostics, in range, the same every time', () => {
    const failures = seeds.map((s) => ({ s, f: checkInput(s) })).filter((x) => x.f);
    expect(failures.map(({ s, f }) => `${s.origin}: ${f!.kind} in ${f!.stage}: ${f!.message}`)).toEqual([]);
  });
});

describe('regression corpus (every input that once failed)', () => {
  const cases = loadRegressions();
  it('is not empty', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`${c.file}${c.note ? ` — ${c.note.slice(0, 120)}` : ''}`, () => {
      const f = checkInput(c.input, c.budgetMs ? { slowMs: c.budgetMs } : {});
      expect(f && `${f.kind} in ${f.stage}: ${f.message}`).toBeUndefined();
    });
  }
});

describe(`a short fuzz campaign (${RUNS} inputs, seed ${SEED})`, () => {
  it('every input ends in a result or diagnostics: no exception, no runaway time, ranges inside the document, the same diagnostics every time', () => {
    // Failures a regression case already records are reported by the replay above, not again here.
    const known = knownSignatures();
    const r = runCampaign({ seed: SEED, runs: RUNS, maxFailures: 1, regressionsInPool: false, isKnown: (input, f) => known.has(signature(f, input)) });
    const first = r.failures[0];
    if (first) {
      const small = minimize(first.input, first.failure, 10_000);
      // Ready to save as test/fuzz/regressions/NAME.json:
      const saved = JSON.stringify({ note: `${first.failure.kind} in ${first.failure.stage}`, text: small.text, ...(small.files ? { files: small.files } : {}) });
      expect.fail(`${first.failure.kind} in ${first.failure.stage} at input #${first.index} (${first.input.origin}):\n${first.failure.message}\nminimized: ${saved}`);
    }
    expect(r.runs).toBe(RUNS);
  });
});
