// Plan text never becomes executable code: the compiler builds closures, and the two generated
// functions (a plan's claim path, engine/runtime/claim-code.ts, and batch's result writer,
// result-code.ts) are written from the engine's own names and numbers, the plan's values handed to
// them as parameters (test/claim-code.test.ts and test/result-code.test.ts show that no text of a
// hostile plan reaches their source), so names, strings and catalogue data that look like code
// stay data. And evaluation
// is total: the language has no loops or recursion, and the work per claim is bounded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compile, evaluate, premiums } from '../../engine/index';
import { explainClaim } from '../../engine/cli/explain';
import { runPlanTests } from '../../engine/testing/plan-tests';
import { KEYWORDS } from '../../grammar/vocabulary';
import { ROOT } from '../fuzz/seeds';

// Heavy inputs on a shared machine: the time bounds that matter are asserted inside the tests.
vi.setConfig({ testTimeout: 180_000 });

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|cts|js|mjs|cjs)$/.test(n) ? [p] : [];
  });
}

/** Ways of turning a string into running code. */
const CODE_FROM_TEXT: [string, RegExp][] = [
  ['new Function', /\bnew\s+Function\s*\(/],
  ['Function(…)', /(?<![\w.$])Function\s*\(/],
  ['eval(…)', /(?<![\w.$])eval\s*\(/],
  ['indirect eval', /\(\s*0\s*,\s*eval\s*\)|globalThis\.eval|window\.eval/],
  ['the vm module', /['"](?:node:)?vm['"]/],
  ['a constructor of functions', /\.constructor\s*\(\s*['"`]/],
  ['a timer given a string', /set(?:Timeout|Interval|Immediate)\s*\(\s*['"`]/],
  ['a worker given source text', /\beval\s*:\s*true\b/],
  ['a data: or blob: module', /import\s*\(\s*[`'"](?:data|blob):/],
];

describe('plan text never becomes executable code', () => {
  /** The files that make a function from source text (a plan's claim path, batch's result writer). */
  const GENERATORS = [join('engine', 'runtime', 'claim-code.ts'), join('engine', 'runtime', 'result-code.ts')];
  it('engine/ and grammar/ never use new Function, eval, vm or code strings, but for the claim path\'s and the result writer\'s one Function each', () => {
    const files = [...sources(join(ROOT, 'engine')), ...sources(join(ROOT, 'grammar'))];
    expect(files.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const f of files) {
      // Comments may mention these words; code may not.
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
      for (const [what, re] of CODE_FROM_TEXT) if (re.test(code)) found.push(`${relative(ROOT, f)}: ${what}`);
    }
    expect(found).toEqual(GENERATORS.flatMap((g) => [`${g}: new Function`, `${g}: Function(…)`]));
    for (const g of GENERATORS) expect(readFileSync(join(ROOT, g), 'utf8').match(/\bnew\s+Function\s*\(/g)).toHaveLength(1);
  });

  const CSV = [
    'code',
    `"=cmd|' /C calc'!A0"`,
    `<script>alert('csv')</script>`,
    '${process.exit(3)}',
    `'); DROP TABLE claims;--`,
    '__proto__',
    'constructor',
    '"a,""b"""',
  ].join('\n');

  // Names that are also properties of every JavaScript object, and strings, labels, reasons and
  // catalogue codes that are JavaScript or HTML.
  const PLAN = `plan "</script><script>alert('plan')</script>" {
  source "\${process.exit(1)}"
  region "'); require('child_process').execSync('touch /tmp/yibao-pwned'); ('"
  valid 2016-01-01 to 2030-12-31
}
setting constructor "<img src=x onerror=alert(1)>"
flag __proto__ "\\"; globalThis.pwned = 1; \\""
attribute toString: boolean
attribute hasOwnProperty: a | b
group prototype
group valueOf = member.toString
group __defineGetter__ = member.hasOwnProperty = a
param isPrototypeOf = 100
catalogue propertyIsEnumerable file "inject.csv"
exclude claim when claim.flags has __proto__ because "\\"; process.exit(2); \\""
exclude item when item.code = "'); throw new Error('pwned'); ('" because "<b onmouseover=alert(1)>bold</b>"
benefit toLocaleString "javascript:alert(1)" { for constructor, inpatient amount items in propertyIsEnumerable ratio 50% }
benefit __lookupGetter__ "\`\${globalThis.pwned = 1}\`" { amount claim.inPolicySelfPay - isPrototypeOf deductible 100 per year ratio 60% }
tilt __defineSetter__ "<svg/onload=alert(1)>" for prototype, valueOf { __lookupGetter__.ratio +5pp }
premium { 39 when member in prototype  89 otherwise }
`;
  const MARKERS = ['pwned', 'alert(', 'process.exit', 'execSync', 'DROP TABLE', 'onerror', 'calc', '__lookupGetter__', 'toLocaleString'];

  const REQUEST = {
    members: [
      { id: '__proto__', birthDate: '1980-01-01', enrolledSince: '2015-01-01', groups: ['prototype'], attributes: { toString: true, hasOwnProperty: 'a' } },
      { id: 'constructor', birthDate: '1980-01-01', enrolledSince: '2015-01-01', attributes: { toString: false, hasOwnProperty: 'b' } },
    ],
    claims: [
      { id: '<script>alert(1)</script>', member: '__proto__', date: '2025-03-01', setting: 'constructor', items: [{ code: `=cmd|' /C calc'!A0`, amount: '100', class: 'in' }, { code: '${process.exit(3)}', amount: '50', class: 'out' }, { code: `'); throw new Error('pwned'); ('`, amount: '70', class: 'out' }] },
      { id: 'toString', member: 'constructor', date: '2025-03-02', setting: 'inpatient', inPolicySelfPay: '1000', items: [{ code: '__proto__', amount: '1000', class: 'in' }] },
      { id: 'valueOf', member: '__proto__', date: '2025-03-03', setting: 'inpatient', inPolicySelfPay: '500', flags: ['__proto__'] },
      { id: 'hasOwnProperty', member: '__proto__', date: '2025-03-04', setting: 'inpatient', inPolicySelfPay: '1000' },
    ],
  };

  it('a plan whose names, strings and catalogue CSV hold JavaScript and HTML compiles and evaluates inertly', () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const seen: string[] = [];
    const RealFunction = Function;
    const realEval = globalThis.eval;
    const spy = new Proxy(RealFunction, {
      construct(target, args: unknown[]) {
        seen.push(args.map(String).join('\n'));
        return Reflect.construct(target, args);
      },
      apply(target, self, args: unknown[]) {
        seen.push(args.map(String).join('\n'));
        return Reflect.apply(target, self, args);
      },
    });
    globalThis.Function = spy;
    globalThis.eval = (x: string) => {
      seen.push(String(x));
      return realEval(x);
    };
    let out: { text: string; results: string; premiums: string; explained: string };
    try {
      const r = compile(PLAN, 'inject.yibao', (p) => (p === 'inject.csv' ? CSV : undefined));
      expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual([]);
      const result = evaluate(r.plan!, JSON.parse(JSON.stringify(REQUEST)), { trace: true });
      expect(result.errors).toEqual([]);
      const pay = Object.fromEntries(result.claims.map((c) => [c.id, c.payout]));
      expect(pay).toEqual({
        '<script>alert(1)</script>': '75.00', // codes in the CSV: 100 + 50 → 50 %; the third item is excluded
        toString: '980.00', // 1000 × 50 % + (1000 − 100 − 100) × 60 %
        valueOf: '0.00', // flag __proto__: the whole claim excluded
        hasOwnProperty: '520.00', // tilted: (1000 − 100 − 100 already met? no: 900 − 100) × 65 %
      });
      const first = result.claims[0]!;
      expect(first.benefits[0]).toMatchObject({ name: 'toLocaleString', label: 'javascript:alert(1)' });
      expect(first.excluded[0]).toMatchObject({ reason: '<b onmouseover=alert(1)>bold</b>', item: `'); throw new Error('pwned'); ('` });
      expect(result.claims[2]!.excluded[0]!.reason).toBe('"; process.exit(2); "');
      out = {
        text: PLAN,
        results: JSON.stringify(result),
        premiums: JSON.stringify(premiums(r.plan!, REQUEST)),
        explained: explainClaim(first, 'inject.yibao', 'en') + explainClaim(first, 'inject.yibao', 'zh'),
      };
      expect(JSON.parse(out.premiums).members.map((m: { premium: string }) => m.premium)).toEqual(['39.00', '89.00']);
    } finally {
      globalThis.Function = RealFunction;
      globalThis.eval = realEval;
    }
    // Nothing ran: no global, no prototype, no file, and no code was made from the plan's text.
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(existsSync('/tmp/yibao-pwned')).toBe(false);
    expect(seen.filter((src) => MARKERS.some((m) => src.includes(m)))).toEqual([]);
    // The hostile strings come back as the same data, verbatim, in JSON and in explanations.
    expect(out.results).toContain(JSON.stringify('<b onmouseover=alert(1)>bold</b>'));
    expect(out.explained).toContain('<script>alert(1)</script>');
  });

  it('request records keyed "__proto__" or "constructor" pollute nothing and are reported', () => {
    const plan = compile(PLAN, 'inject.yibao', (p) => (p === 'inject.csv' ? CSV : undefined)).plan!;
    const request = JSON.parse(`{"members":[{"id":"m","birthDate":"1980-01-01","enrolledSince":"2015-01-01","attributes":{"__proto__":{"polluted":1},"toString":true,"hasOwnProperty":"a"}}],
      "claims":[{"id":"c","member":"m","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"300","__proto__":{"inPolicySelfPay":"9999"}},
                {"id":"d","member":"m","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"300"}]}`);
    const r = evaluate(plan, request);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    // The claim's "__proto__" is an unknown field; the member's is an attribute whose value is not
    // a scalar, so the member is set aside and so is its other claim.
    expect(r.errors.map((e) => e.path).sort()).toEqual(['/claims/0/__proto__', '/claims/1/member', '/members/0/attributes/__proto__']);
    expect(r.claims).toEqual([]);
    const withScalar = JSON.parse(JSON.stringify(request).replace('{"polluted":1}', '1'));
    const s = evaluate(plan, withScalar);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(s.claims.map((c) => c.id)).toEqual(['d']); // an attribute the plan does not declare is ignored
  });

  it('test records may name attributes that are also Object.prototype members (toString, hasOwnProperty, constructor)', () => {
    const text = `plan "p" { }
attribute toString: boolean
attribute hasOwnProperty: a | b
attribute constructor: number
group G = member.toString and member.hasOwnProperty = b and member.constructor > 1
benefit B { amount claim.inPolicySelfPay ratio 50% }
tilt T for G { ratio +10pp }
test "t" {
  member m { birthDate 1980-01-01, enrolledSince 2020-01-01, toString yes, hasOwnProperty b, constructor 2 }
  claim c { member m, date 2025-03-01, setting inpatient, inPolicySelfPay 1000 }
  expect c pays 600.00
}
`;
    const r = compile(text, 'p.yibao');
    expect(r.diagnostics.map((d) => `${d.code}: ${JSON.stringify(d.args)}`)).toEqual([]);
    expect(runPlanTests(r.plan!).map((t) => t.failures)).toEqual([[]]);
  });
});

describe('evaluation is total', () => {
  it('the language has no loops, functions or recursion to write', () => {
    const words = new Set<string>(KEYWORDS.flatMap((k) => [...k.en, ...k.zh]));
    for (const w of ['while', 'loop', 'repeat', 'function', 'def', 'call', 'return', 'goto', 'recur', 'lambda', 'until', 'do']) expect(words.has(w), w).toBe(false);
  });

  it('definitions that refer to themselves, directly or in a cycle, are rejected', () => {
    const H = 'plan "p" { }\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\n';
    const codes = (s: string) => compile(H + s).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(codes('param P = P + 1\n')).toContain('YB115');
    expect(codes('param P = Q\nparam Q = R\nparam R = P\n')).toContain('YB115');
    expect(codes('group G = member in G\n')).toContain('YB115');
    expect(codes('group G = member in H\ngroup H = not (member in G)\n')).toContain('YB115');
    expect(compile(H + 'param P = P + 1\n').plan).toBeUndefined();
  });

  it('the work per claim is bounded: a member\'s 4,000th claim costs about what the first do', () => {
    const plan = compile(`plan "p" { valid 2016-01-01 to 2030-12-31 }
deductible D = 1000 per year
cap C = 50000 per year
benefit A { amount claim.inPolicySelfPay deductible shared D banded on annual amount { 0 .. 10000 : 50%  10000 .. : 70% } cap shared C }
benefit B { amount claim.outOfPolicySelfPay deductible 500 per claim whole-amount above deductible { 0 .. 5000 : 20%  5000 .. : 40% } cap 800 per claim }
`).plan!;
    const claims = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${String(i).padStart(5, '0')}`, member: 'm1', date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, setting: 'inpatient', inPolicySelfPay: '123.45', outOfPolicySelfPay: '678.90' }));
    const run = (n: number) => {
      const request = { members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2015-01-01' }], claims: claims(n) };
      const t = performance.now();
      const r = evaluate(plan, request, { trace: false });
      expect(r.claims).toHaveLength(n);
      return performance.now() - t;
    };
    run(200); // warm up
    const small = Math.max(run(400), 1);
    const large = run(4_000);
    // Linear work makes the ratio about 10; work that grows with earlier claims makes it about 100.
    expect(large / small).toBeLessThan(40);
  });

  it('a claim with 10,000 items against 50 item-selecting benefits settles in bounded time', () => {
    const plan = compile(`plan "p" { valid 2016-01-01 to 2030-12-31 }\ncatalogue K ["A1", "A7"]\n${Array.from({ length: 50 }, (_, i) => `benefit B${i} { amount items where (item.category = "c${i % 7}" and item.code in K) ratio 50% }`).join('\n')}\n`).plan!;
    const items = Array.from({ length: 10_000 }, (_, i) => ({ code: `A${i % 10}`, amount: '1.00', class: 'in', category: `c${i % 7}` }));
    const t = performance.now();
    const r = evaluate(plan, { members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2015-01-01' }], claims: [{ id: 'c', member: 'm1', date: '2025-03-01', setting: 'inpatient', items }] }, { trace: false });
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(r.errors).toEqual([]);
    expect(r.claims[0]!.payout).not.toBe('0.00');
  });
});
