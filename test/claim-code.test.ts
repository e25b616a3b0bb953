// The generated claim path (engine/runtime/claim-code.ts) against the interpreter it stands in for:
// every plan of the conformance suite and the examples with their own requests and a probe
// request, generated plans, and drawn claims (fractional amounts, items, flags, dates over years)
// on the example plans settle to the same outcomes, claim by claim, failures included. And no
// text of a plan ever becomes source: the generated code holds only its own names and numbers.
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile, type CompiledPlan } from '../engine/index';
import { readerFor } from '../engine/node/files';
import { validateRequest } from '../engine/request/request';
import { claimCode, claimSource, fusedSelections, MAX_BENEFITS, setCodeGeneration } from '../engine/runtime/claim-code';
import { settleMember, type ClaimSink } from '../engine/runtime/member-loop';
import { Settler } from '../engine/runtime/settle';
import { generatePlan } from './fuzz/generate';
import { probeRequest } from './fuzz/oracle';
import { Rng } from './fuzz/rng';
import { loadSeeds, readerOf, type FuzzInput } from './fuzz/seeds';

/** Every outcome of settling a request's members in turn, as text: payouts, rows, exclusions, failures, year ends. */
function outcomes(plan: CompiledPlan, request: unknown, generated: boolean): string[] {
  const v = validateRequest(plan, request);
  const settler = new Settler(plan, { generated });
  const state = settler.newYear();
  const log: string[] = v.errors.map((e) => `rejected ${e.code} ${e.path}`);
  const sink: ClaimSink = {
    settled: (_m, c, out) => {
      const rows = Array.from({ length: out.count }, (_, n) => [out.benefit[n], out.eligible[n], out.deductible[n], out.pay[n]]);
      log.push(JSON.stringify({ claim: c.id, payout: out.payout, rows, excluded: out.excluded, items: c.items.map((i) => i.excluded ?? null) }));
    },
    failed: (_m, c, e) => log.push(`failed ${c.id} ${e.code} ${e.path} ${e.message}`),
    yearEnd: (m, year, st) => log.push(`year ${m.id} ${year} ${st.slots.join(',')}`),
  };
  const byMember = new Map<string, typeof v.claims>();
  for (const c of v.claims) byMember.set(c.memberId, [...(byMember.get(c.memberId) ?? []), c]);
  for (const [id, member] of v.members) settleMember(settler, member, byMember.get(id) ?? [], state, sink);
  return log;
}

function compiled(input: FuzzInput): CompiledPlan | undefined {
  try {
    return compile(input.text, 'fuzz.yibao', readerOf(input)).plan;
  } catch {
    return undefined;
  }
}

function caseRequest(origin: string | undefined): unknown {
  const file = origin?.replace(/\.yibao$/, '.case.json');
  if (!file || !existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { request?: unknown }).request;
}

describe('the generated claim path settles as the interpreter does', () => {
  it('on every good plan of the conformance suite and the examples: their own requests and a probe', () => {
    let plans = 0;
    let generatedPlans = 0;
    for (const input of loadSeeds()) {
      const plan = compiled(input);
      if (!plan) continue;
      plans++;
      if (claimCode(plan, new Settler(plan) as never)) generatedPlans++;
      for (const request of [caseRequest(input.origin), probeRequest(plan, input)]) {
        if (request === undefined) continue;
        expect(outcomes(plan, request, true), input.origin).toEqual(outcomes(plan, request, false));
      }
    }
    // Not vacuous: most plans compile, and all of those are small enough to be generated.
    expect(plans).toBeGreaterThan(90);
    expect(generatedPlans).toBe(plans);
  });

  it('on generated plans with probe requests', () => {
    const rng = new Rng(20261203);
    let compared = 0;
    for (let k = 0; k < 300; k++) {
      const input = generatePlan(rng);
      const plan = compiled(input);
      if (!plan) continue;
      const request = probeRequest(plan, input);
      expect(outcomes(plan, request, true), input.text).toEqual(outcomes(plan, request, false));
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });

  const EXAMPLES = ['examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/jilin-dabing.yibao'];
  const plans = EXAMPLES.map((f) => compile(readFileSync(f, 'utf8'), f, readerFor(f)).plan!);
  const amount = fc.integer({ min: 0, max: 40_000_000 }).map((f) => (f / 100).toFixed(2));
  const claim = fc.record({
    member: fc.constantFrom('a', 'b', 'c'),
    date: fc.constantFrom('2017-03-01', '2018-07-15', '2024-12-31', '2025-01-01', '2025-06-30', '2025-12-31', '2026-02-01'),
    setting: fc.constantFrom('inpatient', 'outpatient', 'chronic_outpatient', 'pharmacy', 'maternity', 'high_value_drug'),
    inPolicySelfPay: amount,
    outOfPolicySelfPay: amount,
    overLimitSelfPay: fc.option(amount, { nil: undefined }),
    flags: fc.option(fc.subarray(['work_injury', 'third_party', 'public_health', 'abroad']), { nil: undefined }),
    items: fc.option(fc.array(fc.record({
      code: fc.constantFrom('WH-TY-01', 'WH-TY-17', 'X-1', 'QD-TY-01'),
      amount,
      class: fc.constantFrom('in', 'out'),
      category: fc.constantFrom('drug', 'cosmetic', 'tonic', 'exam'),
    }), { maxLength: 5 }), { nil: undefined }),
  });
  const member = (id: string) => fc.record({
    id: fc.constant(id),
    birthDate: fc.constantFrom('1950-02-28', '1980-05-01', '2010-07-01'),
    enrolledSince: fc.constantFrom('2015-01-01', '2022-01-01', '2024-12-01'),
    groups: fc.subarray(['医疗救助', '低保', '特困', '建档立卡']),
    attributes: fc.record({ parentsInsured: fc.boolean(), residence: fc.constantFrom('urban', 'rural') }),
  });
  const request = fc.record({
    members: fc.tuple(member('a'), member('b'), member('c')),
    claims: fc.array(claim, { maxLength: 12 }).map((cs) => cs.map((c, n) => ({ id: `c${n}`, ...c }))),
  });

  it.each(EXAMPLES.map((f, k) => [f, k] as const))('on drawn claims against %s', (_f, k) => {
    const plan = plans[k]!;
    fc.assert(fc.property(request, (r) => {
      expect(outcomes(plan, r, true)).toEqual(outcomes(plan, r, false));
    }), { numRuns: 300 });
  });
});

describe('every rounding and every shape of limit the generated code writes out', () => {
  // One plan with each kind of deductible (own per year and per claim, shared per year and per
  // claim), cap (own per year and per claim, shared per year and per claim) and schedule (ratio,
  // banded and whole-amount, on the annual amount and above the deductible), a catalogue selection
  // kept out of a sum of the claim's amounts, an item rule and a claim rule: under each rounding
  // mode and step, drawn claims settle alike through the generated code and the interpreter.
  const plan = (mode: string, step: string) => compile(`plan "shapes" { valid 2025-01-01 to 2026-12-31 rounding ${step} ${mode} }
catalogue C ["T1", "T2"]
catalogue C2 ["T2", "T3"]
catalogue C3 ["T3", "X"]
exclude item when item.category in ["cosmetic"] because "美容"
exclude claim when claim.flags has abroad because "境外"
deductible 门诊共用 = 300 per year
deductible 单次共用 = 50 per claim
cap 总限额 = 8000 per year
cap 单次限额 = 900 per claim
benefit D { amount items in C deductible shared 门诊共用 ratio 70% cap 3000 per year }
benefit O { for outpatient amount claim.inPolicySelfPay + claim.outOfPolicySelfPay excluding D deductible shared 门诊共用 ratio 55.5% cap shared 总限额 }
benefit I { for inpatient amount claim.inPolicySelfPay excluding D deductible 1000 per year banded on annual amount { 1000 .. 5000 : 33.3% 5000 .. 2万 : 61% 2万 .. : 87.5% } cap 600 per claim }
benefit W { for inpatient amount claim.outOfPolicySelfPay deductible 200 per claim whole-amount above deductible { 0 .. 3000 : 45% 3000 .. : 35% } cap shared 单次限额 }
benefit B { for chronic_outpatient amount claim.inPolicySelfPay - claim.overLimitSelfPay deductible shared 单次共用 banded above deductible { 0 .. 700 : 12.5% 700 .. : 66.7% } cap shared 总限额 }
benefit H { for maternity amount claim.inPolicySelfPay deductible 10 per year whole-amount on annual amount { 0 .. 4000 : 25% 4000 .. : 75% } }
benefit E { amount items where (item.class = "out" and item.code in C2) ratio 40% }
benefit K { for outpatient amount claim.outOfPolicySelfPay excluding D, E ratio 20% }
benefit M { for inpatient amount min(claim.inPolicySelfPay, 5000) excluding D ratio 15% }
benefit D2 { amount items in C excluding D ratio 9% }
benefit F { amount items in C3 ratio 30% }
benefit Z { for maternity, pharmacy amount claim.inPolicySelfPay excluding F ratio 10% }
benefit G { for inpatient, chronic_outpatient amount claim.inPolicySelfPay - claim.overLimitSelfPay excluding F ratio 25% }
benefit F3 { amount items in C3 ratio 11% }
benefit N { for inpatient amount min(claim.outOfPolicySelfPay, 4000) excluding F3 ratio 12% }
benefit F4 { amount items in C ratio 8% }
benefit L { for outpatient amount claim.inPolicySelfPay excluding F4, E ratio 14% }
`, 'shapes.yibao').plan!;
  const amount = fc.integer({ min: 0, max: 3_000_000 }).map((f) => (f / 100).toFixed(2));
  const request = fc.record({
    members: fc.constant([{ id: 'a', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }, { id: 'b', birthDate: '1990-01-01', enrolledSince: '2020-01-01' }]),
    claims: fc.array(fc.record({
      member: fc.constantFrom('a', 'b'),
      date: fc.constantFrom('2025-01-01', '2025-06-30', '2025-12-31', '2026-03-01'),
      setting: fc.constantFrom('inpatient', 'outpatient', 'chronic_outpatient', 'maternity', 'pharmacy'),
      inPolicySelfPay: amount,
      outOfPolicySelfPay: amount,
      overLimitSelfPay: fc.option(amount, { nil: undefined }),
      flags: fc.option(fc.constant(['abroad']), { nil: undefined }),
      items: fc.option(fc.array(fc.record({ code: fc.constantFrom('T1', 'T2', 'T3', 'X', 'Y'), amount, class: fc.constantFrom('in', 'out'), category: fc.constantFrom('drug', 'cosmetic') }), { maxLength: 5 }), { nil: undefined }),
    }), { maxLength: 10 }).map((cs) => cs.map((c, n) => ({ id: `c${n}`, ...c }))),
  });
  it('takes each shape the way it was written for: F summed in the item pass, D (kept out by more than sums) through marks', () => {
    const p = plan('half-up', '0.01');
    const fused = fusedSelections(p);
    const names = p.benefits.filter((b) => fused[b.index]).map((b) => b.name);
    expect(names).toEqual(['F']);
    // F3 is kept out by a benefit whose amount is not a sum, F4 by one that keeps out two: both through marks.
  });

  it('clears the marks of taken items for each claim when a sum of the claim\'s amounts keeps out more than one selection', () => {
    // Only K reads marks: D and E are selections kept out by a benefit that keeps out two.
    const p = compile(`plan "marks" { valid 2025-01-01 to 2025-12-31 }
catalogue C ["T1"]
catalogue C2 ["T2"]
benefit D { amount items in C ratio 50% }
benefit E { amount items in C2 ratio 50% }
benefit K { amount claim.inPolicySelfPay excluding D, E ratio 30% }
`, 'marks.yibao').plan!;
    const item = (code: string, amount: string) => ({ code, amount, class: 'in' });
    const r = {
      members: [{ id: 'a', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      claims: [
        { id: 'c1', member: 'a', date: '2025-03-01', setting: 'inpatient', items: [item('T1', '100.00'), item('X', '50.00')] },
        { id: 'c2', member: 'a', date: '2025-03-02', setting: 'inpatient', items: [item('X', '100.00'), item('Y', '50.00')] },
      ],
    };
    const got = outcomes(p, r, true);
    expect(got).toEqual(outcomes(p, r, false));
    // c2: nothing of C or C2, so K sees all 150: 150 × 30 % = 45 (the first claim's T1 at index 0 is not still taken).
    expect(JSON.parse(got[1]!).payout).toBe(4_500);
  });

  it('fails a claim whose payout would overflow, as the interpreter does (YR011)', () => {
    const p = plan('half-up', '0.01');
    // 999,999,999.99 yuan a claim: by the 13th claim of a year X × 70 % passes 2⁵³ fen × basis points.
    const huge = '999999999.99';
    const r = {
      members: [{ id: 'a', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      claims: Array.from({ length: 30 }, (_, n) => ({
        id: `c${n}`, member: 'a', date: '2025-03-01', setting: ['inpatient', 'outpatient', 'chronic_outpatient'][n % 3],
        inPolicySelfPay: huge, outOfPolicySelfPay: huge, items: [{ code: ['T1', 'T3', 'T2'][n % 3], amount: huge, class: 'in' }],
      })),
    };
    const got = outcomes(p, r, true);
    expect(got).toEqual(outcomes(p, r, false));
    expect(got.filter((l) => l.startsWith('failed') && l.includes('YR011')).length).toBeGreaterThan(5);
  });

  const MODES = ['half-up', 'half-even', 'down', 'up'];
  const STEPS = ['0.01', '0.1', '1', '10', '100'];
  it.each(MODES.flatMap((m) => STEPS.map((st) => [m, st] as const)))('rounding %s to %s', (mode, step) => {
    const p = plan(mode, step);
    expect(p, `${mode} ${step}`).toBeDefined();
    expect(claimCode(p, new Settler(p) as never)).toBeDefined();
    fc.assert(fc.property(request, (r) => {
      expect(outcomes(p, r, true)).toEqual(outcomes(p, r, false));
    }), { numRuns: 60 });
  });
});

describe('no text of a plan becomes source', () => {
  const HOSTILE = "'); globalThis.pwned = 1; //";
  const text = `plan "${HOSTILE}" { valid 2025-01-01 to 2025-12-31 }
catalogue C ["${HOSTILE}", "\${globalThis.pwned = 2}"]
exclude item when item.category in ["${HOSTILE}", "}; globalThis.pwned = 3; {"] because "${HOSTILE}"
exclude claim when claim.flags has work_injury because "}); globalThis.pwned = 4; //"
deductible P = 100 per year
benefit D { amount items in C deductible shared P ratio 70% }
benefit B { for inpatient, outpatient amount claim.inPolicySelfPay excluding D deductible shared P ratio 50% cap 5000 per claim }
`;
  const plan = compile(text, 'hostile.yibao').plan!;

  it('holds only its own names, numbers and punctuation', () => {
    expect(plan).toBeDefined();
    const { source, values } = claimSource(plan)!;
    // The plan's texts reach the code as values…
    expect(values).toContain(plan.exclusions.find((x) => x.level === 'item'));
    // …and none of them is in the source: its only string literal is the item class 'in'.
    expect(source.match(/'[^']*'|"[^"]*"|`[^`]*`/g)).toEqual(expect.arrayContaining(["'in'"]));
    expect(new Set(source.match(/'[^']*'|"[^"]*"|`[^`]*`/g))).toEqual(new Set(["'in'"]));
    expect(source).not.toContain('pwned');
    const words = new Set(source.match(/[A-Za-z_$][\w$]*/g));
    const own = /^(v|in|out|ran)\d+$/;
    const vocabulary = new Set(['in', 'const', 'let', 'if', 'else', 'for', 'return', 'continue', 'true', 'false', 'undefined', 'Math', 'max', 'min', 'env', 'H', 'enter', 'member', 'claim', 'year', 'out', 'excludedWhole', 'netIn', 'netOut', 'inFen', 'outFen', 'overFen', 'items', 'length', 'exIn', 'exOut', 'k', 'item', 'excluded', 'has', 'category', 'code', 'cls', 'fen', 'reason', 'push', 'range', 'tp', 'tilts', 'claimDedUsed', 'claimCapPaid', 'taken', 't', 'clear', 's', 'setting', 'st', 'state', 'slots', 'row', 'rowSet', 'terms', 'a', 'A0', 'A1', 'X0', 'X1', 'ded', 'pay', 'kept', 'rated', 'dPool', 'dAt', 'cPool', 'cAt', 'dedAt', 'capAt', 'deductible', 'sched', 'schedule', 'P0', 'P1', 'R0', 'R1', 'p', 'p1', 'lo', 'hi', 'bs', 'q', 'b', 'o', 'm', 'Overflow', 'throw', 'new', 'bands', 'bp', 'ratio', 'flags', 'size', 'Number', 'floor', 'r', 'excludedByRule', 'day', 'roundDiv', 'capYear', 'capClaim', 'sharedCap', 'n', 'count', 'benefit', 'eligible', 'payout', 'amount', 'test', 'item']);
    expect([...words].filter((w) => !own.test(w) && !vocabulary.has(w))).toEqual([]);
  });

  it('settles the hostile plan as the interpreter does, and runs nothing of it', () => {
    const request = {
      members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      claims: [
        { id: 'c1', member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '900.00', items: [{ code: HOSTILE, amount: '300.00', class: 'in' }, { code: 'x', amount: '50.00', class: 'in', category: HOSTILE }] },
        { id: 'c2', member: 'm', date: '2025-04-01', setting: 'outpatient', inPolicySelfPay: '20000.00', flags: ['work_injury'] },
      ],
    };
    // D: 300 of C, the shared deductible 100 first: (300 − 100) × 70 % = 140. B: 900 less the
    // excluded 50 and D's 300 = 550, the pool spent: 550 × 50 % = 275. c2 is excluded whole.
    const got = outcomes(plan, request, true);
    expect(got).toEqual(outcomes(plan, request, false));
    expect(JSON.parse(got[0]!).payout).toBe(14_000 + 27_500);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('where code cannot be generated, the interpreter settles', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const f = 'examples/weihai-2024.yibao';
  const plan = compile(readFileSync(f, 'utf8'), f, readerFor(f)).plan!;
  const request = {
    members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2024-01-01' }],
    claims: [{ id: 'c1', member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '12000.00' }],
  };

  it('under a page that forbids generated code (as the editor\'s Content-Security-Policy does)', () => {
    vi.stubGlobal('Function', function Forbidden() {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    });
    expect(claimCode(plan, new Settler(plan) as never)).toBeUndefined();
    // R1: A = 12000, [6000, 12000] × 5 % = 300 (the plan's first test).
    expect(JSON.parse(outcomes(plan, request, true)[0]!).payout).toBe(30_000);
  });

  it('but a fault of the generator itself is thrown, not quietly settled by the interpreter', () => {
    vi.stubGlobal('Function', function Broken() {
      throw new SyntaxError('Unexpected token');
    });
    expect(() => claimCode(plan, new Settler(plan) as never)).toThrow(SyntaxError);
  });

  it('where the host has turned generation off (the editor\'s worker)', () => {
    setCodeGeneration(false);
    try {
      expect(claimCode(plan, new Settler(plan) as never)).toBeUndefined();
      expect(JSON.parse(outcomes(plan, request, true)[0]!).payout).toBe(30_000);
    } finally {
      setCodeGeneration(true);
    }
    expect(claimCode(plan, new Settler(plan) as never)).toBeDefined();
  });

  it('for a plan with more benefits than the generated code takes', () => {
    const text = `plan "many" { valid 2025-01-01 to 2025-12-31 }\n${Array.from({ length: MAX_BENEFITS + 1 }, (_, k) => `benefit B${k} { amount claim.inPolicySelfPay ratio 1% }`).join('\n')}\n`;
    const many = compile(text, 'many.yibao').plan!;
    expect(claimCode(many, new Settler(many) as never)).toBeUndefined();
    // 65 benefits × 12000 × 1 % = 65 × 120 = 7800.
    expect(JSON.parse(outcomes(many, request, true)[0]!).payout).toBe(780_000);
    const fewer = compile(text.replace(/\nbenefit B64 .*\n/, '\n'), 'fewer.yibao').plan!;
    expect(claimCode(fewer, new Settler(fewer) as never)).toBeDefined();
  });
});
