// One compiler, from the plan IR (spec/ir.md) to closures. Every example and good conformance
// plan is lowered, sent through JSON (as a batch worker or another process gets it) and compiled
// from that alone, and pays what it paid before the compiler read the IR: the API results kept in
// the golden batch files, the plans' own tests, the conformance cases' expectations. Then what
// the IR now decides: names a parameter cannot hold, a bare-number parameter in a list, a
// malformed IR refused, and a batch worker that carries no checker.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, premiums, type EvalResult } from '../engine/index';
import { isOwnKindCase } from '../engine/testing/conformance';
import { compilePlan, IrShapeError } from '../engine/compile/plan';
import { checkPlan } from '../engine/frontend';
import type { PlanIR } from '../engine/ir/plan';
import { lower } from '../engine/lower/index';
import { readerFor } from '../engine/node/files';
import { runPlanTests } from '../engine/testing/plan-tests';
import { validateRequest } from '../engine/request/request';
import type { Env } from '../engine/ir/env';
import { isPlanFileName } from './helpers';

type Obj = Record<string, unknown>;

function irOf(path: string, text = readFileSync(path, 'utf8')): PlanIR {
  const r = checkPlan(text, path, readerFor(path));
  if (!r.plan) throw new Error(`${path}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return lower(r.plan).ir;
}

/** The IR as another thread or process receives it: plain JSON, nothing shared with the lowering. */
const throughJson = (ir: PlanIR): PlanIR => JSON.parse(JSON.stringify(ir)) as PlanIR;

const examples = readdirSync('examples').filter(isPlanFileName).sort();
// Chain cases settle bills through several plans (conformance.test.ts runs them); these are plans' cases.
const good = readdirSync('spec/conformance/good').filter((f) => f.endsWith('.case.json') && !isOwnKindCase(f)).sort();

/** What test/golden/batch.ts runs a plan without a request of its own on: its tests, ids prefixed by test number. */
function requestOf(name: string, ir: PlanIR): { members: Obj[]; claims: Obj[] } {
  const own = `examples/requests/${name}.json`;
  if (existsSync(own)) return JSON.parse(readFileSync(own, 'utf8')) as { members: Obj[]; claims: Obj[] };
  const out = { members: [] as Obj[], claims: [] as Obj[] };
  ir.tests.forEach((t, i) => {
    const prefix = `t${String(i + 1).padStart(2, '0')}.`;
    for (const m of t.request.members) out.members.push({ ...m, id: prefix + String(m.id) });
    for (const c of t.request.claims) out.claims.push({ ...c, id: prefix + String(c.id), ...(typeof c.member === 'string' && { member: prefix + c.member }) });
  });
  return out;
}

describe.each(examples)('examples/%s compiled from its IR after a JSON round trip', (file) => {
  const path = join('examples', file);
  const name = file.slice(0, -'.yibao'.length);
  const ir = irOf(path);
  const plan = compilePlan(throughJson(ir));

  it('settles the request of its golden batch file as the API did, claim by claim', () => {
    const golden = JSON.parse(readFileSync(`test/golden/batch/${name}.json`, 'utf8')) as { claims: { claim: string; api: Obj }[] };
    const r = evaluate(plan, requestOf(name, ir), { trace: false });
    expect(golden.claims.length).toBeGreaterThan(0);
    for (const c of golden.claims) {
      const settled = r.claims.find((x) => x.id === c.claim);
      const now = settled ? (({ trace: _, ...rest }) => rest)(settled) : { errors: r.errors.filter((e) => e.claim === c.claim) };
      expect(JSON.parse(JSON.stringify(now)), `${path} ${c.claim}`).toEqual(c.api);
    }
  });

  it('passes its own tests, run from the IR as lowered', () => {
    expect(JSON.stringify(plan.tests)).toBe(JSON.stringify(ir.tests));
    const outcomes = runPlanTests(plan);
    expect(outcomes.length).toBe(ir.tests.length);
    expect(outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${o.failures.map((f) => f.message).join('; ')}`)).toEqual([]);
  });

  it('gives what the pipeline gives, traces and all', () => {
    const piped = compile(readFileSync(path, 'utf8'), path, readerFor(path)).plan!;
    const request = requestOf(name, ir);
    expect(JSON.stringify(evaluate(plan, request))).toBe(JSON.stringify(evaluate(piped, request)));
    expect(JSON.stringify(premiums(plan, request))).toBe(JSON.stringify(premiums(piped, request)));
  });
});

interface Case {
  request?: unknown;
  diagnostics?: unknown[];
  expected?: { claims?: { id: string; payout?: string; benefits?: Record<string, string> }[]; premiums?: { member: string; premium: string }[]; errors?: { claim?: string; member?: string; path: string; code?: string }[] };
}

/** A case's expectations against what the plan computed: the differences, as lines. */
function misses(c: Case, r: EvalResult, priced: ReturnType<typeof premiums>): string[] {
  const out: string[] = [];
  for (const e of c.expected?.claims ?? []) {
    const got = r.claims.find((x) => x.id === e.id);
    if (e.payout !== undefined && got?.payout !== e.payout) out.push(`${e.id}: payout ${got?.payout} for ${e.payout}`);
    for (const [b, v] of Object.entries(e.benefits ?? {})) {
      const line = got?.benefits.find((x) => x.name === b)?.payout ?? '0.00';
      if (line !== v) out.push(`${e.id} ${b}: ${line} for ${v}`);
    }
  }
  for (const e of c.expected?.premiums ?? []) {
    const got = priced.members.find((m) => m.id === e.member)?.premium;
    if (got !== e.premium) out.push(`premium ${e.member}: ${got} for ${e.premium}`);
  }
  const errors = [...r.errors, ...(c.expected?.premiums ? priced.errors : [])];
  for (const e of c.expected?.errors ?? []) {
    const hit = errors.some((x) => x.path === e.path && (e.claim === undefined || x.claim === e.claim) && (e.member === undefined || x.member === e.member) && (e.code === undefined || x.code === e.code));
    if (!hit) out.push(`no error ${e.code ?? ''} at ${e.path}`);
  }
  for (const x of errors) if (!(c.expected?.errors ?? []).some((e) => e.path === x.path)) out.push(`unexpected error at ${x.path}: ${x.code}`);
  return out;
}

describe('good conformance cases, compiled from their IR after a JSON round trip', () => {
  it.each(good)('%s', (file) => {
    const c = JSON.parse(readFileSync(join('spec/conformance/good', file), 'utf8')) as Case;
    const path = join('spec/conformance/good', file.replace(/\.case\.json$/, '.yibao'));
    const piped = compile(readFileSync(path, 'utf8'), path, readerFor(path)).plan!;
    const plan = compilePlan(throughJson(irOf(path)));
    if (c.request === undefined) return; // a test file's case: its diagnostics, no request
    const r = evaluate(plan, c.request);
    expect(misses(c, r, premiums(plan, c.request))).toEqual([]);
    expect(JSON.stringify(r)).toBe(JSON.stringify(evaluate(piped, c.request)));
  });
});

const plan = (body: string) => `plan "p" { valid 2025-01-01 to 2025-12-31 }\n${body}\n`;
const member = { id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01', groups: ['A'] };
const claim = (id: string, yuan: string) => ({ id, member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: yuan });

describe('what the IR decides', () => {
  it('a parameter holding a group, a catalogue or a table is YB105 where it is used (the compiler only ever sees names)', () => {
    const text = plan(
      'group A\ncatalogue C ["x"]\ntable T by year { 2025 100 }\nparam Gs = [A]\nparam Cs = C\nparam Ts = T\n' +
        'exclude claim when member in Gs because "g"\nexclude item when item.code in Cs because "c"\n' +
        'benefit R { amount claim.inPolicySelfPay deductible Ts[2025] per year ratio 50% }',
    );
    const r = compile(text, 'p.yibao');
    expect(r.plan).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB105@8:30', 'YB105@9:32', 'YB105@10:53']);
    // Named directly, the same plan compiles and tests the group.
    const direct = compile(plan('group A\nexclude claim when member in [A] because "g"\nbenefit R { amount claim.inPolicySelfPay ratio 50% }'), 'p.yibao').plan!;
    expect(evaluate(direct, { members: [member], claims: [claim('c', '100')] }).claims[0]!.excluded[0]!.reason).toBe('g');
  });

  it('a bare-number parameter (whole yuan) in a list tested against money is compared as money', () => {
    const ir = irOf('p.yibao', plan('param P = 60\nexclude claim when claim.inPolicySelfPay in [P, 1000] because "listed"\nbenefit R { amount claim.inPolicySelfPay ratio 50% }'));
    expect(ir.exclusions[0]!.condition.exact).toBe('decimal');
    const p = compilePlan(throughJson(ir));
    const r = evaluate(p, { members: [member], claims: [claim('c1', '60'), claim('c2', '0.60'), claim('c3', '1000')] });
    expect(r.claims.map((c) => [c.id, c.payout, c.excluded.map((x) => x.reason).join()])).toEqual([['c1', '0.00', 'listed'], ['c2', '0.30', ''], ['c3', '0.00', 'listed']]);
  });

  it('refuses another IR version and an integer root that does not yield what its place wants', () => {
    const ir = irOf('examples/weihai-2024.yibao');
    expect(() => compilePlan({ ...ir, irVersion: ir.irVersion + 1 } as unknown as PlanIR)).toThrow(IrShapeError);
    // The message names both versions, so that whoever sent the IR knows which compiler to use.
    expect(() => compilePlan({ ...ir, irVersion: ir.irVersion + 1 } as unknown as PlanIR)).toThrow(`plan IR version ${ir.irVersion + 1}; this compiler reads version ${ir.irVersion}`);
    const bad = throughJson(ir);
    const amount = bad.benefits[0]!.amount.value.expr;
    expect(amount.exact).toBe('int');
    amount.repr = 'bp';
    expect(() => compilePlan(bad)).toThrow(/where fen is wanted/);
  });

  it('names the node and where it is written when an IR is malformed', () => {
    const ir = irOf('p.yibao', plan('exclude claim when claim.flags has work_injury because "工伤"\nbenefit R { amount claim.inPolicySelfPay + 10 ratio 50% }'));
    const at = (e: { kind: string; range: { start: { line: number; column: number } } }) => `${e.kind} at ${e.range.start.line}:${e.range.start.column}`;
    // An int amount whose right operand claims to be decimal.
    const mixed = throughJson(ir);
    const sum = mixed.benefits[0]!.amount.value.expr as Extract<PlanIR['benefits'][number]['amount']['value']['expr'], { kind: 'arith' }>;
    expect([sum.kind, sum.exact, sum.right.exact]).toEqual(['arith', 'int', 'int']);
    sum.right.exact = 'decimal';
    expect(() => compilePlan(mixed)).toThrow(`${at(sum.right)} is decimal inside an int root`);
    // An int amount without its unit, and a condition with one.
    const bare = throughJson(ir);
    delete bare.benefits[0]!.amount.value.expr.repr;
    expect(() => compilePlan(bare)).toThrow(`${at(bare.benefits[0]!.amount.value.expr)} is int without repr where fen is wanted`);
    const unit = throughJson(ir);
    unit.exclusions[0]!.condition.repr = 'fen';
    expect(() => compilePlan(unit)).toThrow(`${at(unit.exclusions[0]!.condition)} is int fen where a yes/no is wanted`);
    // A constant without the integer its unit names.
    const noFen = throughJson(ir);
    const ten = (noFen.benefits[0]!.amount.value.expr as Extract<PlanIR['benefits'][number]['amount']['value']['expr'], { kind: 'arith' }>).right;
    expect(ten).toMatchObject({ kind: 'const', value: '10', repr: 'fen', fen: 1000 });
    delete (ten as { fen?: number }).fen;
    expect(() => compilePlan(noFen)).toThrow('constant 10 has no fen value');
    // A constant that names no unit, though it holds an integer; an int quotient.
    const noUnit = throughJson(ir);
    const ten2 = (noUnit.benefits[0]!.amount.value.expr as typeof sum).right as typeof ten & { int?: number };
    delete ten2.repr;
    ten2.int = 10;
    expect(() => compilePlan(noUnit)).toThrow('constant 10 has no repr value');
    const quotient = throughJson(ir);
    (quotient.benefits[0]!.amount.value.expr as typeof sum).op = '/';
    expect(() => compilePlan(quotient)).toThrow('a quotient is never int');
  });

  it('looks up a table of text, and a table keyed by a yes/no value written 是/否 or yes/no; reads yes/no and text attributes and a setting named in Chinese', () => {
    const ir = irOf('p.yibao', plan(`attribute 低保: boolean
attribute 城市: text
attribute residence: urban | rural
table 补贴 by 低保, residence {
  是 urban 100
  否 urban 10
  yes rural 50
  no rural 5
}
table 名称 by residence {
  urban "城"
  rural "乡"
}
exclude claim when 名称[member.residence] = "乡" and claim.inPolicySelfPay > 900 because "乡"
benefit R { amount 补贴[member.低保, member.residence] ratio 100% }`));
    const m = (id: string, 低保: boolean, residence: string) => ({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { 低保, residence, 城市: '威海' } });
    // c1 names its setting in Chinese: 住院 is inpatient.
    const c = (id: string, who: string, yuan: string) => ({ id, member: who, date: '2025-03-01', setting: id === 'c1' ? '住院' : 'inpatient', inPolicySelfPay: yuan });
    const r = evaluate(compilePlan(throughJson(ir)), {
      members: [m('m1', true, 'urban'), m('m2', false, 'urban'), m('m3', true, 'rural'), m('m4', false, 'rural')],
      claims: [c('c1', 'm1', '100'), c('c2', 'm2', '100'), c('c3', 'm3', '100'), c('c4', 'm4', '1000')],
    });
    // The row for each member's yes/no and residence, at 100 %; c4 is rural above 900 yuan: excluded.
    expect(r.claims.map((x) => [x.id, x.payout, x.excluded.map((e) => e.reason).join()])).toEqual([
      ['c1', '100.00', ''], ['c2', '10.00', ''], ['c3', '50.00', ''], ['c4', '0.00', '乡'],
    ]);
    // A yes/no attribute given text, and a text attribute given a number, are refused where they stand.
    const bad = evaluate(compilePlan(throughJson(ir)), {
      members: [{ ...m('m5', true, 'urban'), attributes: { 低保: 'yes', residence: 'urban', 城市: 5 } }],
      claims: [],
    });
    expect(bad.errors.map((e) => [e.path, e.code])).toEqual([['/members/0/attributes/低保', 'YR001'], ['/members/0/attributes/城市', 'YR001']]);
  });

  it('compiles each group: whether requests list it, its label, and its test', () => {
    const ir = irOf('p.yibao', plan(`group 救助 "医疗救助对象"
group 老年 = member.age >= 60
benefit R { amount claim.inPolicySelfPay  ratio 50% }`));
    const groups = compilePlan(throughJson(ir)).groups;
    const listed = groups.get('救助')!;
    const aged = groups.get('老年')!;
    expect([listed.listed, listed.label, aged.listed, aged.label]).toEqual([true, '医疗救助对象', false, undefined]);
    // A listed group is the request's list; a conditional one its condition (age on 2025-03-01).
    const env = (groupsListed: string[], birthDate: string) => {
      const r = validateRequest(compilePlan(throughJson(ir)), { members: [{ id: 'm', birthDate, enrolledSince: '2020-01-01', groups: groupsListed }], claims: [] });
      return { member: r.members.get('m')!, day: Date.UTC(2025, 2, 1) / 86_400_000, year: 2025, yearStart: 0 } as Env;
    };
    expect([listed.test(env(['救助'], '1990-01-01')), listed.test(env([], '1990-01-01'))]).toEqual([true, false]);
    expect([aged.test(env([], '1960-01-01')), aged.test(env([], '1990-01-01'))]).toEqual([true, false]);
  });

  it('refuses an IR whose benefit shares a deductible or a cap it does not declare, naming the pool', () => {
    const ir = irOf('p.yibao', plan(`deductible D = 1000 per year
cap Total = 5000 per year
benefit R { amount claim.inPolicySelfPay  deductible shared D  ratio 50%  cap shared Total }`));
    const json = JSON.stringify(ir);
    const without = (spoil: (x: PlanIR) => void) => {
      const bad = JSON.parse(json) as PlanIR;
      spoil(bad);
      return () => compilePlan(bad);
    };
    expect(without((x) => { x.sharedDeductibles = []; })).toThrow(new IrShapeError('no shared deductible D'));
    expect(without((x) => { x.sharedCaps = []; })).toThrow(new IrShapeError('no shared cap Total'));
    expect(without(() => {})).not.toThrow();
  });

  it('refuses an IR that names what it does not declare, or a date that is none, saying which', () => {
    const ir = irOf('p.yibao', plan(`param P { from 2025-01-01 to 2025-06-30: 100元  from 2025-07-01: 200元 }
param Q = P + 1元
table T by year {
  2025 5000
}
catalogue C ["A1"]
group G = member.age > 60
attribute 收入: money
group H = member.收入 > 100元
exclude claim when member in [G] because "g"
exclude claim when member in [H] because "h"
benefit R { amount items where item.code in C  deductible P + T[claim.year] per year  ratio 50% }`));
    type Ir = PlanIR;
    const json = JSON.stringify(ir);
    const cases: [string, (x: Ir) => void, string][] = [
      ['a step dated by no date', (x) => { x.params[0]!.steps[0]!.from = '2025-02-30'; }, 'not a date: 2025-02-30'],
      ['a parameter not declared', (x) => { x.params = x.params.filter((p) => p.name !== 'P'); }, 'no parameter P'],
      ['a parameter in terms of itself', (x) => { x.params[0]!.steps[0]!.value = x.params[1]!.steps[0]!.value; }, 'is defined in terms of itself'],
      ['an int parameter that is decimal', (x) => { x.params[0]!.exact = 'decimal'; }, 'parameter P is not int'],
      ['a table not declared', (x) => { x.tables = []; }, 'no table T'],
      ['a catalogue not declared', (x) => { x.catalogues = []; }, 'no catalogue C'],
      ['a group not declared', (x) => { x.groups = []; }, 'no group G'],
      ['a benefit year from no date', (x) => { x.header.year = { kind: 'from', from: '2025-13-01' }; }, 'benefit year from 2025-13-01: not a date'],
      ['a fact the engine does not know', (x) => { (x.groups[0]!.condition as { left: { field: string } }).left.field = 'shoeSize'; }, 'unknown fact member.shoeSize'],
      ['a money attribute read in integers', (x) => {
        const test = x.groups[1]!.condition as { exact: string; left: { kind: string; exact: string } };
        expect(test.left.kind).toBe('attribute');
        test.exact = test.left.exact = 'int';
      }, 'attribute 收入 of type money marked int'],
    ];
    for (const [what, spoil, message] of cases) {
      const bad = JSON.parse(json) as Ir;
      spoil(bad);
      expect(() => compilePlan(bad), what).toThrow(IrShapeError);
      expect(() => compilePlan(bad), what).toThrow(message);
    }
    expect(() => compilePlan(JSON.parse(json) as Ir)).not.toThrow();
  });

  it('refuses an integer lookup in a table without fen, and an integer list test without a written list of constants', () => {
    const ir = irOf('p.yibao', plan('table 基数 by year {\n  2025 5000\n}\nparam P { from 2025-01-01: 100元 }\nexclude claim when claim.setting in [inpatient, outpatient] because "x"\nbenefit R { amount 基数[claim.year] ratio 50% }'));
    const noFen = throughJson(ir);
    delete noFen.tables[0]!.rows[0]!.fen;
    expect(() => compilePlan(noFen)).toThrow('table 基数 is not money in whole fen');
    type InList = Extract<PlanIR['exclusions'][number]['condition'], { kind: 'in-list' }>;
    const notList = throughJson(ir);
    const test = notList.exclusions[0]!.condition as InList;
    expect([test.kind, test.exact, test.list.kind]).toEqual(['in-list', 'int', 'list']);
    test.list = test.value;
    expect(() => compilePlan(notList)).toThrow('an int membership test needs a written list, not fact');
    const notConstant = throughJson(ir);
    const test2 = notConstant.exclusions[0]!.condition as InList;
    (test2.list as Extract<InList['list'], { kind: 'list' }>).elements[1] = test2.value;
    expect(() => compilePlan(notConstant)).toThrow('list element fact is not a constant');
    // Elements that are no constant though they look like one: a dated parameter (its value changes
    // with the date), a group, a symbol marked decimal.
    type Element = Extract<InList['list'], { kind: 'list' }>['elements'][number];
    const spoilt = (element: (first: Element) => Element) => {
      const x = throughJson(ir);
      const list = (x.exclusions[0]!.condition as InList).list as Extract<InList['list'], { kind: 'list' }>;
      list.elements[1] = element(list.elements[0]!);
      return () => compilePlan(x);
    };
    expect(spoilt((first) => ({ ...first, kind: 'param', name: 'P' }) as Element)).toThrow('list element param is not a constant');
    expect(spoilt((first) => ({ ...first, symbol: 'group', id: 'G' }) as Element)).toThrow('list element symbol is not a constant');
    expect(spoilt((first) => ({ ...first, exact: 'decimal' }) as Element)).toThrow('list element symbol is not a constant');
  });
});

describe('a batch worker', () => {
  it('bundles without the parser or the checker: it compiles the IR it is sent', async () => {
    const r = await build({ entryPoints: ['engine/batch/worker.ts'], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs).toContain('engine/compile/plan.ts');
    expect(inputs.filter((f) => f.startsWith('engine/check/') || f.startsWith('engine/lower/') || f.startsWith('grammar/') || f.includes('chevrotain'))).toEqual([]);
  });
});
