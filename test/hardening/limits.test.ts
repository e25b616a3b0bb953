// Limits: inputs far beyond any real plan end in a result or a clear error, quickly, instead of a
// stack overflow or minutes of work. Time bounds are generous (a shared 2-core machine, tests in
// parallel): each is at least ten times what a linear implementation needs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compile, evaluate, formatDiagnostic, type Diagnostic } from '../../engine/index';
import { parse } from '../../grammar/index';
import { lineStarts, rangeProblem } from '../fuzz/oracle';

// Heavy inputs on a shared machine: the time bounds that matter are asserted inside the tests.
vi.setConfig({ testTimeout: 180_000 });

const ROOT = resolve(__dirname, '..', '..');
const H = 'plan "limits" { valid 2016-01-01 to 2030-12-31 }\n';
const M = [{ id: 'm1', birthDate: '1980-05-01', enrolledSince: '2015-01-01' }];

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

/** Compiles without throwing, within `ms`, every diagnostic inside the document. */
function compileWithin(text: string, ms: number, reader?: (p: string) => string | undefined) {
  let r: ReturnType<typeof compile> | undefined;
  const t = timed(() => {
    r = compile(text, 'limits.yibao', reader);
  });
  expect(t.ms, `took ${Math.round(t.ms)} ms`).toBeLessThan(ms);
  const starts = lineStarts(text);
  for (const d of r!.diagnostics) {
    const p = rangeProblem(d.range, text, starts);
    if (p) expect.fail(`${d.code}: ${p}`);
  }
  return r!;
}
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => d.code);

describe('deeply nested expressions end in a clear error (YB006), not a stack overflow', () => {
  const shapes: [string, (n: number) => string][] = [
    ['parentheses', (n) => `benefit B { amount ${'('.repeat(n)}claim.inPolicySelfPay${')'.repeat(n)} ratio 50% }`],
    ['full-width parentheses', (n) => `benefit B { amount ${'（'.repeat(n)}claim.inPolicySelfPay${'）'.repeat(n)} ratio 50% }`],
    ['not', (n) => `group G = ${'not '.repeat(n)}member.age > 3`],
    ['unary minus', (n) => `benefit B { amount ${'-'.repeat(n)}claim.inPolicySelfPay ratio 50% }`],
    ['lists', (n) => `group G = member.age in ${'['.repeat(n)}1${']'.repeat(n)}`],
    ['test records', (n) => `test "t" { member m { a ${'['.repeat(n)}1${']'.repeat(n)} } }`],
    ['unclosed parentheses', (n) => `benefit B { amount ${'('.repeat(n)} ratio 50% }`],
  ];
  for (const [name, make] of shapes) {
    for (const n of [1_000, 100_000]) {
      it(`${n.toLocaleString('en')} levels of ${name}`, () => {
        const text = H + make(n);
        const r = compileWithin(text, 10_000);
        // A depth the reader manages may compile; beyond it, YB006 and no plan.
        if (n > 10_000 || !r.plan) {
          expect(r.plan).toBeUndefined();
          if (name !== 'unclosed parentheses' || n > 10_000) expect(errors(r.diagnostics)).toContain('YB006');
        }
      });
    }
  }

  it('the nesting error is not buried under false ones (the plan does have a header)', () => {
    const r = compile(H + `benefit B { amount ${'('.repeat(5_000)}1${')'.repeat(5_000)} ratio 50% }`);
    expect(errors(r.diagnostics)).toEqual(['YB006']);
  });

  it('one plan, one answer: a fresh process and a warm one refuse the same nesting at the same place', () => {
    // The parser counts the rules it has open (MAX_RULE_DEPTH) instead of running out of stack, so
    // how much stack is left (less in a cold process, whose frames are not yet optimised) changes
    // nothing. Before, a cold parse overflowed near 140 levels of brackets and a warm one later.
    const depths = [20, 50, 65, 70, 100, 140, 200];
    const dir = mkdtempSync(join(tmpdir(), 'yibao-depth-'));
    try {
      const files = depths.map((n) => {
        const file = join(dir, `d${n}.yibao`);
        writeFileSync(file, H + `benefit B { amount ${'('.repeat(n)}claim.inPolicySelfPay${')'.repeat(n)}  ratio 50% }\n`);
        return file;
      });
      const cold = spawnSync(process.execPath, [join(ROOT, 'bin', 'yibao.js'), 'check', ...files, '--lang', 'en'], { encoding: 'utf8', cwd: ROOT });
      const coldSays = depths.map((n) => cold.stderr.split('\n').find((l) => l.includes(`d${n}.yibao:`) && l.includes('YB006'))?.match(/:(\d+):(\d+): error/)?.slice(1).join(':'));
      // Warm: the parser run many times over first.
      for (let i = 0; i < 30; i++) parse(readFileSync(files[4]!, 'utf8'));
      const warmSays = files.map((f) => {
        const d = compile(readFileSync(f, 'utf8')).diagnostics.find((x) => x.code === 'YB006');
        return d && `${d.range.start.line}:${d.range.start.column}`;
      });
      expect(warmSays).toEqual(coldSays);
      // Shallow ones pass, deep ones are refused, in between the limit falls at one depth for both.
      expect(coldSays[0]).toBeUndefined();
      expect(coldSays[6]).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the nesting error points into the nested expression, not at 1:1', () => {
    const r = compile(H + `benefit B { amount ${'('.repeat(5_000)}1${')'.repeat(5_000)} ratio 50% }`);
    const d = r.diagnostics.find((x) => x.code === 'YB006')!;
    expect(d.range.start.line).toBe(2);
  });
});

describe('long flat chains (no nesting in the text, a deep tree inside)', () => {
  const chains: [string, (n: number) => string][] = [
    ['additions', (n) => `benefit B { amount claim.inPolicySelfPay${' + 1'.repeat(n)} ratio 50% }`],
    ['subtractions', (n) => `benefit B { amount claim.inPolicySelfPay${' - 0'.repeat(n)} ratio 50% }`],
    ['multiplications', (n) => `benefit B { amount claim.inPolicySelfPay${' * 100%'.repeat(n)} ratio 50% }`],
    ['conjunctions', (n) => `group G = member.age > 1${' and member.age > 1'.repeat(n)}`],
    ['disjunctions', (n) => `exclude claim when claim.flags has abroad${' or claim.flags has abroad'.repeat(n)} because "x"`],
  ];
  for (const [name, make] of chains) {
    for (const n of name === 'additions' ? [10_000, 100_000] : [10_000]) {
      it(`${n.toLocaleString('en')} ${name} compile to a plan or a clear error`, () => {
        const text = H + make(n);
        const r = compileWithin(text, 20_000);
        expect(r.plan !== undefined || errors(r.diagnostics).length > 0).toBe(true);
        if (r.plan) {
          const e = evaluate(r.plan, { members: M, claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '100' }] });
          expect(e.claims.length + e.errors.length).toBe(1);
        }
      });
    }
  }
});

describe('very long lines', () => {
  it('a one-megabyte comment line', () => {
    const r = compileWithin(`${H}// ${'注'.repeat(1_000_000)}\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`, 10_000);
    expect(r.plan).toBeDefined();
  });

  it('a one-megabyte string', () => {
    const r = compileWithin(`${H}benefit B "${'x'.repeat(1_000_000)}" { amount claim.inPolicySelfPay ratio 50% }`, 10_000);
    expect(r.plan).toBeDefined();
  });

  it('a 200 KB name, with a code frame for its error', () => {
    const text = `${H}group G = member in ${'a'.repeat(200_000)}`;
    const r = compileWithin(text, 10_000);
    expect(errors(r.diagnostics)).toEqual(['YB101']);
    expect(timed(() => formatDiagnostic(r.diagnostics[0]!, text, 'en')).ms).toBeLessThan(5_000);
  });

  it('a 100,000-code catalogue on one line (about a megabyte)', () => {
    const text = `${H}catalogue K [${Array.from({ length: 100_000 }, (_, i) => `"C${i}"`).join(', ')}]\nbenefit B { amount items in K ratio 50% }`;
    const r = compileWithin(text, 15_000);
    expect(r.plan).toBeDefined();
  });

  it('a 400 KB line of unexpected characters', () => {
    const r = compileWithin(`${H}${'@ '.repeat(200_000)}`, 15_000);
    expect(errors(r.diagnostics)).toContain('YB001');
  });
});

describe('malformed text costs time in proportion to its size', () => {
  // Error recovery, the checker's handling of broken declarations and its suggestions must stay
  // close to linear: a few dozen kilobytes of garbage are read in well under a second.
  it('6 KB of stray operators in a table body', () => {
    compileWithin(`${H}table T by year { ${'+ 1 '.repeat(1_500)}}`, 1_500);
  });

  it('48 KB of nameless benefits', () => {
    compileWithin(H + 'benefit '.repeat(6_000), 3_000);
  });

  it('1,500 misspelt names (each gets a "did you mean")', () => {
    const text = H + Array.from({ length: 1_500 }, (_, i) => `group G${i} = member in H${i}`).join('\n');
    const r = compileWithin(text, 1_000);
    expect(errors(r.diagnostics).filter((c) => c === 'YB101').length).toBeGreaterThan(0);
  });

  it('400 overlapping tilts report a bounded number of diagnostics, not one per pair', () => {
    const text = `${H}group G\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\n${Array.from({ length: 400 }, (_, i) => `tilt T${i} for G { ratio +0pp }`).join('\n')}`;
    const r = compileWithin(text, 10_000);
    expect(r.diagnostics.length).toBeLessThanOrEqual(400 * 2);
  });
});

describe('large plans', () => {
  it('10,000 benefits compile, and a claim against them evaluates', () => {
    const text = H + Array.from({ length: 10_000 }, (_, i) => `benefit B${i} { amount claim.inPolicySelfPay deductible ${i} per year ratio ${i % 90}% cap ${1000 + i} per year }`).join('\n');
    const r = compileWithin(text, 30_000);
    expect(r.plan).toBeDefined();
    const e = timed(() => evaluate(r.plan!, { members: M, claims: Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, member: 'm1', date: `2025-0${i + 1}-01`, setting: 'inpatient', inPolicySelfPay: '5000' })) }, { trace: false }));
    expect(e.ms).toBeLessThan(15_000);
    expect(e.value.claims).toHaveLength(5);
    // B0: (5000 − 0) × 0% = 0; B10 (deductible 10, 10%, cap 1010): 499.00
    expect(e.value.claims[0]!.benefits.find((b) => b.name === 'B10')!.payout).toBe('499.00');
  });

  it('a catalogue of 1,000,000 codes from a CSV file', () => {
    const csv = `code\n${Array.from({ length: 1_000_000 }, (_, i) => `YP${String(i).padStart(7, '0')}`).join('\n')}\n`;
    const text = `${H}catalogue K file "k.csv"\nbenefit B { amount items in K ratio 50% }`;
    const r = compileWithin(text, 30_000, (p) => (p === 'k.csv' ? csv : undefined));
    expect(r.plan).toBeDefined();
    const items = [
      { code: 'YP0000000', amount: '100', class: 'in' },
      { code: 'YP0999999', amount: '200', class: 'in' },
      { code: 'YP1000000', amount: '400', class: 'in' },
    ];
    const e = evaluate(r.plan!, { members: M, claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', items }] });
    expect(e.claims[0]!.payout).toBe('150.00'); // (100 + 200) × 50%; the third code is not in it
  });

  it('a 50 MB plan is refused at once with one clear error', () => {
    const line = `// ${'x'.repeat(98)}\n`;
    const text = H + line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    const r = compileWithin(text, 5_000);
    expect(r.plan).toBeUndefined();
    expect(errors(r.diagnostics)).toEqual(['YB005']);
    expect(r.diagnostics[0]!.args).toMatchObject({ size: text.length });
  });

  it('parse alone refuses a 50 MB plan with YB005 too', () => {
    const r = parse('x'.repeat(50 * 1024 * 1024));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['YB005']);
  });
});
