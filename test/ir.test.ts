// The plan as data (spec/ir.md): every example and good conformance plan lowers to an IR that
// follows the published schema, is plain JSON (it survives stringify/parse unchanged), is the same
// every time, and marks each root integer or decimal as a whole, as the compiler builds it. A small
// plan is checked by hand, and `yibao ir` prints the IR. (test/compile-ir.test.ts: what the
// compiled IR pays.)
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkPlan } from '../engine/frontend';
import { compilePlan } from '../engine/compile/plan';
import { lower } from '../engine/lower/index';
import { planIrSchema } from '../engine/ir/plan-schema';
import { IR_VERSION } from '../engine/ir/plan';
import type { CheckedPlan } from '../engine/ir/model';
import type { IrExpr, IrMoneySlot, IrRatioSlot, PlanIR } from '../engine/ir/plan';
import { readerFor } from '../engine/node/files';
import { main } from '../engine/cli/main';
import { isPlanFileName } from './helpers';

const plans = [
  ...readdirSync('examples').filter(isPlanFileName).map((f) => join('examples', f)),
  ...readdirSync('spec/conformance/good').filter(isPlanFileName).map((f) => join('spec/conformance/good', f)),
].sort();

function checked(path: string): CheckedPlan {
  const r = checkPlan(readFileSync(path, 'utf8'), path, readerFor(path));
  if (!r.plan) throw new Error(`${path}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.plan;
}

function checkedText(text: string): CheckedPlan {
  const r = checkPlan(text, 't.yibao');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`).join(', '));
  return r.plan;
}

/** Fails unless `v` is JSON data: plain objects, arrays, strings, finite numbers (no -0), booleans. */
function assertPlain(v: unknown, path = ''): void {
  if (typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Object.is(v, -0)) throw new Error(`${path}: ${v}`);
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlain(x, `${path}/${i}`));
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) throw new Error(`${path}: not plain data (${String(v)})`);
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) throw new Error(`${path}/${k}: undefined`);
    assertPlain(x, `${path}/${k}`);
  }
}

/** Every node of an expression tree. */
function nodes(e: IrExpr): IrExpr[] {
  const kids: IrExpr[] = [];
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) kids.push(...v.filter((x): x is IrExpr => typeof x === 'object' && x !== null && 'kind' in x));
    else if (typeof v === 'object' && v !== null && 'kind' in v) kids.push(v as IrExpr);
  }
  return [e, ...kids.flatMap(nodes)];
}

const SMALL = `plan "small" { valid 2025-01-01 to 2025-12-31 }
group 低保 "低保家庭"
group 老年 = member.age >= 60
catalogue 特药 ["A1", "B2"]
exclude claim when claim.flags has work_injury because "工伤"
exclude item when item.category in ["cosmetic"] because "美容"
table 收入 by year { 2024 3万; 2025 3.5万 }
param 首段 { from 2025-01-01 to 2025-06-30: 50%  from 2025-07-01: 55% }
benefit R1 "住院" {
  for inpatient, 生育
  amount claim.inPolicySelfPay
  deductible 1000 per year
  ratio 50%
  cap 5000 per year
}
benefit R2 {
  amount items in 特药
  banded on annual amount {
    0 .. 1万 : 首段
    1万 .. : 70%
  }
}
benefit R3 {
  amount claim.outOfPolicySelfPay * 50% excluding R2
  deductible 收入[claim.year - 1] per claim
  whole-amount above deductible { 0 .. : 40% }
}
tilt T1 for 低保 { R1.deductible waived; ratio +5pp }
tilt T2 for 老年 { R1.ratio + 10pp; R1.cap scale 150% }
combine T1, T2: best
premium { 100 when member in 低保  200 otherwise } cites "某医保发〔2025〕1号" "三"
`;

/** Integer and decimal roots of every sort: attributes of each type, tables of each value type, dated
 * parameters, negation, products, quotients, date arithmetic, lists, shared pools, tilts, premiums. */
const EDGES = `plan "edges" { valid 2025-01-01 to 2025-12-31 rounding 1 down }
setting dental "牙科"
flag drunk "醉酒"
attribute income: money
attribute kids: number
attribute residence: urban | rural
attribute veteran: boolean
attribute since: date
attribute city: text
group G1
group G2 = member.residence = urban and not member.veteran
group G3 = member.income > 5万 or member.kids >= 2
group G4 = member in [G1, G2] or member.enrolledDays < 30
group G5 = member.since < 2020-01-01 or member.city = "威海"
group G6 = member.age * 2 >= 100 and member.enrolledYears - 1 > 0
table 比例表 by residence { urban 50%; rural 60% }
table 名称 by residence { urban "城"; rural "乡" }
table 额度 by residence, year { urban 2025 1万; rural 2025 8000 }
catalogue 药目 { from 2025-01-01 to 2025-06-30: ["A"] from 2025-07-01: ["A", "B"] }
param P = 6000
param Q = 1.5万
param D { from 2025-01-01: 30 days }
param L = [1, 2]
param R { from 2025-01-01 to 2025-06-30: 50%  from 2025-07-01: 比例表[member.residence] }
param Half = 50%
waiting D because "等待"
exclude claim when claim.flags has any [drunk, abroad] because "x"
exclude claim when claim.date - member.birthDate < 30 days because "新生"
exclude claim when claim.date + 10 > 2025-12-25 and claim.setting in [dental, 住院] and member.kids in L because "y"
exclude item when item.amount > 0.5 and item.class = "out" and item.code in 药目 because "z"
exclude item when 名称[member.residence] = "城" and item.amount * 2 >= 100元 because "w"
deductible 门诊池 = P per year
cap 总 = Q * 2 per claim
benefit B1 {
  for dental
  amount claim.inPolicySelfPay - 1000 + claim.overLimitSelfPay * 2
  deductible shared 门诊池
  cap shared 总
  ratio R
}
benefit B2 {
  amount items where (item.category = "drug" and item.amount >= 10) excluding B1
  deductible -(-1000) per year
  banded above deductible {
    0 .. Q : 比例表[member.residence]
    Q .. Q * 2 : Half / 2 + 25%
    Q * 2 .. : 90% - 5pp
  }
  cap 额度[member.residence, claim.year] / 2 per year
}
benefit B3 {
  amount claim.outOfPolicySelfPay / 3
  deductible member.income * 10% per claim
  ratio 100% - 40%
  cap -(-10元) + Q per claim
}
tilt T1 for G1, G2 { deductible cut 10%; 门诊池.deductible - 500; ratio + 2pp }
tilt T2 for G3 { B2.cap + 1万; B3.ratio scale 110% }
combine T1, T2: first
premium {
  member.income / 100 + 50 when member in G3
  P / 100 when member.age >= 60
  99.5 otherwise
}
`;

const sources: [string, () => CheckedPlan][] = [
  ...plans.map((p): [string, () => CheckedPlan] => [p, () => checked(p)]),
  ['a small plan', () => checkedText(SMALL)],
  ['edge cases', () => checkedText(EDGES)],
];

const validate = new Ajv({ allErrors: true, strict: false }).compile(planIrSchema);

describe('the plan IR schema', () => {
  it('spec/schemas/plan-ir.schema.json is exactly the schema in the code (npm run schemas)', () => {
    expect(JSON.parse(readFileSync('spec/schemas/plan-ir.schema.json', 'utf8'))).toEqual(planIrSchema);
  });

  it('rejects what is not an IR: another version, an unknown field, an expression kind it does not know', () => {
    const ir = lower(checked('examples/weihai-2024.yibao')).ir;
    expect(validate({ ...ir, irVersion: IR_VERSION + 1 })).toBe(false);
    expect(validate({ ...ir, extra: 1 })).toBe(false);
    const bad = JSON.parse(JSON.stringify(ir)) as PlanIR;
    (bad.benefits[0]!.amount.value.expr as { kind: string }).kind = 'ast';
    expect(validate(bad)).toBe(false);
  });
});

describe.each(sources)('%s lowers', (path, source) => {
  it('without diagnostics, to an IR the schema accepts, that is plain JSON and the same every time', () => {
    const plan = source();
    const r = lower(plan);
    expect(r.diagnostics).toEqual([]);
    const ok = validate(r.ir);
    expect(ok ? [] : validate.errors).toEqual([]);
    assertPlain(r.ir);
    const json = JSON.stringify(r.ir);
    expect(JSON.parse(json)).toStrictEqual(r.ir);
    // Twice from the same checked plan, and from a fresh check of the same file.
    expect(JSON.stringify(lower(plan).ir)).toBe(json);
    expect(JSON.stringify(lower(source()).ir)).toBe(json);
    expect(r.ir.irVersion).toBe(2);
    expect(r.ir.benefits.map((b) => b.name)).toEqual(plan.benefits.map((b) => b.name));
  });

  it('marks every root integer or decimal as a whole, an integer root yielding what its place wants, and compiles', () => {
    const ir = lower(source()).ir;
    let compared = 0;
    // The compiler builds a root as marked: every node alike, and fen, basis points or a yes/no
    // straight from the integer path (engine/compile/expr.ts refuses anything else).
    const root = (e: IrExpr, repr: string | undefined) => {
      const where = `${path}:${e.range.start.line}:${e.range.start.column}`;
      for (const n of nodes(e)) expect(n.exact, where).toBe(e.exact);
      if (e.exact === 'int') expect(e.repr, where).toBe(repr);
      compared++;
    };
    const money = (s: IrMoneySlot) => root(s.expr, 'fen');
    const ratio = (s: IrRatioSlot) => root(s.expr, 'bp');
    for (const b of ir.benefits) {
      money(b.amount.value);
      for (const l of [b.deductible, b.cap]) if (l?.kind === 'own') money(l.value);
      if (b.payout.kind === 'ratio') ratio(b.payout.ratio);
      else {
        for (const band of b.payout.bands) {
          money(band.from);
          if (band.to) money(band.to);
          ratio(band.ratio);
        }
      }
    }
    for (const l of [...ir.sharedDeductibles, ...ir.sharedCaps]) money(l.value);
    for (const x of ir.exclusions) root(x.condition, undefined);
    for (const g of ir.groups) if (g.condition) root(g.condition, undefined);
    for (const t of ir.tilts) {
      for (const a of t.actions) {
        if (a.value?.unit === 'fen') money(a.value);
        else if (a.value) ratio(a.value);
      }
    }
    for (const l of ir.premium?.lines ?? []) {
      money(l.amount);
      if (l.condition) root(l.condition, undefined);
    }
    // A parameter is int when every step is, of one repr; the decimal path can read any of them.
    for (const p of ir.params) {
      for (const s of p.steps) for (const n of nodes(s.value)) expect(n.exact).toBe(p.exact);
      if (p.exact === 'int') expect(new Set(p.steps.map((s) => s.value.repr)).size).toBe(1);
      compared++;
    }
    if (ir.waiting) for (const n of nodes(ir.waiting.days)) expect(n.exact).toBe('decimal');
    expect(compared).toBeGreaterThan(0);
    expect(() => compilePlan(JSON.parse(JSON.stringify(ir)) as PlanIR)).not.toThrow();
  });
});


describe('numbers and dates written in a plan', () => {
  it('take the unit of what they meet, and compute in integers or decimals as the compiler does', () => {
    const ir = lower(checkedText(EDGES)).ir;
    const seen: [string, number, string, string, string | null][] = [];
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      const n = v as IrExpr;
      if (n.kind === 'const' || n.kind === 'date') seen.push([EDGES.slice(n.range.start.offset, n.range.end.offset), n.range.start.line, n.type, n.exact, n.repr ?? null]);
      Object.values(v).forEach(walk);
    };
    walk(ir);
    // [as written, line, type, exact, repr]: EDGES above, read line by line.
    expect(seen).toEqual([
      ['6000', 20, 'money', 'int', 'int'],
      ['1.5万', 21, 'money', 'int', 'fen'],
      ['30 days', 22, 'days', 'int', 'int'],
      ['1', 23, 'number', 'decimal', null],
      ['2', 23, 'number', 'decimal', null],
      ['50%', 24, 'ratio', 'decimal', null],
      ['50%', 25, 'ratio', 'int', 'bp'],
      ['5万', 12, 'money', 'decimal', null],
      ['2', 12, 'number', 'decimal', null],
      ['30', 13, 'number', 'int', 'int'],
      ['2020-01-01', 14, 'date', 'int', 'day'],
      ['2', 15, 'number', 'int', 'int'],
      ['100', 15, 'number', 'int', 'int'],
      ['1', 15, 'number', 'int', 'int'],
      ['0', 15, 'number', 'int', 'int'],
      ['30 days', 28, 'days', 'decimal', null],
      ['10', 29, 'days', 'decimal', null],
      ['2025-12-25', 29, 'date', 'decimal', null],
      ['0.5', 30, 'money', 'int', 'fen'],
      ['2', 31, 'number', 'decimal', null],
      ['100元', 31, 'money', 'decimal', null],
      ['2', 33, 'number', 'int', 'int'],
      ['1000', 36, 'money', 'int', 'fen'],
      ['2', 36, 'number', 'int', 'int'],
      ['10', 42, 'money', 'int', 'fen'],
      ['1000', 43, 'money', 'decimal', null],
      ['2', 49, 'number', 'decimal', null],
      ['0', 45, 'money', 'int', 'fen'],
      ['2', 46, 'number', 'int', 'int'],
      ['2', 46, 'number', 'decimal', null],
      ['25%', 46, 'ratio', 'decimal', null],
      ['2', 47, 'number', 'int', 'int'],
      ['90%', 47, 'ratio', 'int', 'bp'],
      ['5pp', 47, 'points', 'int', 'bp'],
      ['3', 52, 'number', 'decimal', null],
      ['10%', 53, 'ratio', 'decimal', null],
      ['10元', 55, 'money', 'int', 'fen'],
      ['100%', 54, 'ratio', 'int', 'bp'],
      ['40%', 54, 'ratio', 'int', 'bp'],
      ['10%', 57, 'ratio', 'int', 'bp'],
      ['500', 57, 'money', 'int', 'fen'],
      ['2pp', 57, 'points', 'int', 'bp'],
      ['1万', 58, 'money', 'int', 'fen'],
      ['110%', 58, 'ratio', 'int', 'bp'],
      ['100', 61, 'number', 'decimal', null],
      ['50', 61, 'money', 'decimal', null],
      ['100', 62, 'number', 'decimal', null],
      ['60', 62, 'number', 'int', 'int'],
      ['99.5', 63, 'money', 'int', 'fen'],
    ]);
  });
});

describe('each root in integers where it can be, as its place wants', () => {
  const ROOTS = `plan "roots" { valid 2025-01-01 to 2025-12-31 }
group P
deductible 门诊 = 1000 per year
cap 总额 = 2万 per year
benefit R1 {
  amount min(claim.inPolicySelfPay, 5000)
  deductible shared 门诊
  ratio max(50%, 40%)
  cap shared 总额
}
tilt T for P { 总额.cap + 500; 门诊.deductible - 200; R1.ratio + 5pp }
premium { 100 otherwise }
`;
  it('a bare number beside money is fen, beside a ratio basis points; pools, tilt values and premiums alike', () => {
    const ir = lower(checkedText(ROOTS)).ir;
    const mark = (e: IrExpr) => [e.exact, e.repr];
    // min(fen, 5000 as fen) → fen; max(bp, bp) → bp
    expect(mark(ir.benefits[0]!.amount.value.expr)).toEqual(['int', 'fen']);
    expect((ir.benefits[0]!.amount.value.expr as Extract<IrExpr, { kind: 'extremum' }>).args.map(mark)).toEqual([['int', 'fen'], ['int', 'fen']]);
    expect(ir.benefits[0]!.payout.kind === 'ratio' && mark(ir.benefits[0]!.payout.ratio.expr)).toEqual(['int', 'bp']);
    expect([...ir.sharedDeductibles, ...ir.sharedCaps].map((l) => [l.name, ...mark(l.value.expr), l.value.fen])).toEqual([['门诊', 'int', 'fen', 100000], ['总额', 'int', 'fen', 2000000]]);
    expect(ir.tilts[0]!.actions.map((a) => [a.target, a.value!.unit, ...mark(a.value!.expr)])).toEqual([['cap', 'fen', 'int', 'fen'], ['deductible', 'fen', 'int', 'fen'], ['ratio', 'bp', 'int', 'bp']]);
    expect(ir.tilts[0]!.actions.map((a) => [a.scope, a.scopeKind])).toEqual([['总额', 'shared-cap'], ['门诊', 'shared-deductible'], ['R1', 'benefit']]);
    expect(mark(ir.premium!.lines[0]!.amount.expr)).toEqual(['int', 'fen']);
  });
});

describe('values known before any claim, date step by date step', () => {
  const STATIC = `plan "static" { valid 2025-01-01 to 2025-12-31 }
param 基数 { from 2025-01-01 to 2025-06-30: 1000  from 2025-07-01: 1200 }
param 基本 = 50%
benefit B {
  amount claim.inPolicySelfPay
  deductible 基数 * 2 - 100 / 4 per year
  ratio max(基本 + 5%, -(-40%))
  cap min(基数 * 10, 11000) + 基数 - 基数 per year
}
`;
  it('arithmetic, extremums and negation over dated parameters, worked out for each step', () => {
    const b = lower(checkedText(STATIC)).ir.benefits[0]!;
    const own = (l: typeof b.deductible) => (l?.kind === 'own' ? { fen: l.value.fen, byDate: l.value.byDate } : undefined);
    // 2025-01-01 to 2025-06-30: 1000 × 2 − 100 ÷ 4 = 1975; from 2025-07-01: 1200 × 2 − 25 = 2375
    expect(own(b.deductible)).toEqual({ fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-06-30', fen: 197500 }, { from: '2025-07-01', fen: 237500 }] });
    // max(50% + 5%, 40%) = 55% on every date
    expect(b.payout.kind === 'ratio' && [b.payout.ratio.bp, b.payout.ratio.byDate]).toEqual([5500, undefined]);
    // min(10000, 11000) = 10000, then min(12000, 11000) = 11000 (+ 基数 − 基数 changes nothing)
    expect(own(b.cap)).toEqual({ fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-06-30', fen: 1000000 }, { from: '2025-07-01', fen: 1100000 }] });
  });
});

describe('which groups can change within a benefit year', () => {
  const GROUPS = `plan "groups" { valid 2025-01-01 to 2025-12-31 }
attribute 户籍: urban | rural
catalogue 特药 ["A1"]
param 门槛 = 50%
table 线 by year { 2025 100 }
group 城镇 = member.户籍 = urban
group 早生 = member.birthDate < 1960-01-01
group 老 = member.age >= 60
group 久保 = member.enrolledDays > 365
group 住院中 = claim.setting = inpatient
group 城镇户 = member in 城镇
group 老人户 = member in [老, 城镇]
group 过线 = 门槛 > 40%
group 查表 = 线[2025] > 50
group 分支 = if member in 早生 then member.户籍 = urban else member.age > 70
group 最 = max(member.age, 0) > 59
group 反 = not (member.age < 60)
group 稳反 = not (member.户籍 = rural)
group 列 = member.户籍 in [urban, rural]
group 药 = items in 特药 > 0
benefit B { amount claim.inPolicySelfPay ratio 50% }
`;
  it('a group that reads the age, days enrolled, the claim, a parameter, a table, items, or such a group can; the others cannot', () => {
    const ir = lower(checkedText(GROUPS)).ir;
    expect(ir.groups.map((g) => [g.name, g.changesWithinYear])).toEqual([
      ['城镇', false], // an attribute of the member
      ['早生', false], // the birth date
      ['老', true], // the age on the claim's date
      ['久保', true], // days enrolled on the claim's date
      ['住院中', true], // the claim
      ['城镇户', false], // a group that cannot
      ['老人户', true], // one of its groups can
      ['过线', true], // a parameter, which may change by date
      ['查表', true], // a table
      ['分支', true], // the else branch reads the age
      ['最', true],
      ['反', true],
      ['稳反', false],
      ['列', false],
      ['药', true], // items
    ]);
  });
});

describe('a small plan, checked by hand', () => {
  // Lowered inside each test, not once before them: a mutation run counts only what a test itself
  // runs as covered by it, so checks on an IR made in a hook would never meet a mutant.
  let ir: PlanIR;
  beforeEach(() => {
    ir = lower(checkedText(SMALL)).ir;
  });
  const at = (r: { start: { offset: number }; end: { offset: number } }) => SMALL.slice(r.start.offset, r.end.offset);

  it('a benefit with its settings, deductible, ratio and cap in fen and basis points', () => {
    const r1 = ir.benefits[0]!;
    expect(r1).toMatchObject({ name: 'R1', label: '住院', index: 0, settings: ['inpatient', 'maternity'], excluding: [] });
    expect(r1.amount.value.expr).toMatchObject({ kind: 'fact', root: 'claim', field: 'inPolicySelfPay', type: 'money', exact: 'int', repr: 'fen' });
    expect(r1.deductible).toMatchObject({ kind: 'own', period: 'year', value: { unit: 'fen', fen: 100000 } });
    expect(r1.deductible!.kind === 'own' && r1.deductible!.value.expr).toMatchObject({ kind: 'const', type: 'money', bare: true, value: '1000', fen: 100000, exact: 'int', repr: 'fen' });
    expect(r1.payout).toMatchObject({ kind: 'ratio', ratio: { unit: 'bp', bp: 5000, expr: { kind: 'const', type: 'ratio', value: '0.5', bp: 5000 } } });
    expect(r1.cap).toMatchObject({ kind: 'own', period: 'year', value: { fen: 500000 } });
    expect(at(r1.range)).toMatch(/^benefit R1 "住院" \{[\s\S]*\}$/);
    expect(at(r1.deductible!.range)).toBe('1000 per year');
  });

  it('a banded schedule: its basis, bands and ratios, a dated ratio by date step', () => {
    const r2 = ir.benefits[1]!;
    expect(r2.settings).toBeUndefined();
    expect(r2.amount.value.expr).toMatchObject({ kind: 'items', catalogue: '特药', type: 'money', exact: 'int' });
    expect(r2.payout.kind).toBe('banded');
    if (r2.payout.kind === 'ratio') return;
    expect(r2.payout.basis).toBe('annual');
    expect(r2.payout.bands.map((b) => [b.from.fen, b.to?.fen, b.ratio.bp ?? b.ratio.byDate])).toEqual([
      [0, 1000000, [{ from: '2025-01-01', to: '2025-06-30', bp: 5000 }, { from: '2025-07-01', bp: 5500 }]],
      [1000000, undefined, 7000],
    ]);
    expect(r2.payout.bands[0]!.ratio.expr).toMatchObject({ kind: 'param', name: '首段', type: 'ratio', exact: 'int', repr: 'bp' });
    expect(ir.params[0]).toMatchObject({ name: '首段', type: 'ratio', exact: 'int', repr: 'bp', steps: [{ from: '2025-01-01', to: '2025-06-30' }, { from: '2025-07-01' }] });
  });

  it('a decimal amount, a shared-nothing per-claim deductible from a table, a whole-amount schedule', () => {
    const r3 = ir.benefits[2]!;
    expect(r3.excluding).toEqual([{ name: 'R2', index: 1 }]);
    // money × ratio is not exact in integers: the compiler computes it with decimal.js.
    expect(r3.amount.value.expr).toMatchObject({ kind: 'arith', op: '*', type: 'money', exact: 'decimal' });
    expect(r3.amount.value.fen).toBeUndefined();
    expect(r3.deductible).toMatchObject({ kind: 'own', period: 'claim', value: { expr: { kind: 'lookup', table: '收入', exact: 'int', repr: 'fen' } } });
    const lookup = (r3.deductible as { value: IrMoneySlot }).value.expr as Extract<IrExpr, { kind: 'lookup' }>;
    expect(lookup.keys[0]).toMatchObject({ kind: 'arith', op: '-', type: 'number', right: { kind: 'const', type: 'number', int: 1, bare: true } });
    expect(r3.payout).toMatchObject({ kind: 'whole-amount', basis: 'above-deductible', bands: [{ from: { fen: 0 }, ratio: { bp: 4000 } }] });
    expect(ir.tables).toEqual([
      expect.objectContaining({ name: '收入', keys: ['year'], valueType: 'money', rows: [{ keys: ['2024'], value: '30000', fen: 3000000 }, { keys: ['2025'], value: '35000', fen: 3500000 }] }),
    ]);
  });

  it('tilts with their actions, and how they combine', () => {
    expect(ir.tilts.map((t) => [t.name, t.groups, t.changesWithinYear])).toEqual([['T1', ['低保'], false], ['T2', ['老年'], true]]);
    expect(ir.tilts[0]!.actions).toEqual([
      { scope: 'R1', scopeKind: 'benefit', target: 'deductible', op: 'waive', range: expect.anything() },
      { target: 'ratio', op: 'add', value: expect.objectContaining({ unit: 'bp', bp: 500 }), range: expect.anything() },
    ]);
    expect(ir.tilts[1]!.actions.map((a) => [a.target, a.op, a.value?.unit, (a.value as IrRatioSlot).bp])).toEqual([['ratio', 'add', 'bp', 1000], ['cap', 'scale', 'bp', 15000]]);
    expect(ir.combines).toEqual([{ tilts: ['T1', 'T2'], rule: 'best', range: expect.anything() }]);
    expect(at(ir.combines[0]!.range)).toBe('combine T1, T2: best');
  });

  it('exclusions with their reasons and ranges, groups, a catalogue, premiums', () => {
    expect(ir.exclusions.map((x) => [x.level, x.reason, x.condition.kind, x.range.start.line, x.range.start.column])).toEqual([
      ['claim', '工伤', 'has', 5, 1],
      ['item', '美容', 'in-list', 6, 1],
    ]);
    expect(at(ir.exclusions[0]!.range)).toBe('exclude claim when claim.flags has work_injury because "工伤"');
    expect(ir.exclusions[0]!.condition).toMatchObject({ flags: { kind: 'fact', root: 'claim', field: 'flags', type: 'flags' }, flag: { kind: 'symbol', symbol: 'flag', id: 'work_injury' }, exact: 'int' });
    expect(ir.catalogues).toEqual([{ name: '特药', versions: [{ codes: ['A1', 'B2'], range: expect.anything() }], range: expect.anything() }]);
    expect(ir.groups.map((g) => [g.name, g.label, g.listed, g.changesWithinYear])).toEqual([['低保', '低保家庭', true, false], ['老年', undefined, false, true]]);
    expect(ir.groups[1]!.condition).toMatchObject({ kind: 'compare', op: '>=', left: { kind: 'fact', root: 'member', field: 'age', repr: 'int' }, right: { kind: 'const', type: 'number', int: 60 } });
    expect(ir.premium!.lines.map((l) => [l.amount.fen, l.condition?.kind])).toEqual([[10000, 'in-groups'], [20000, undefined]]);
    expect(ir.premium!.cites).toEqual({ document: '某医保发〔2025〕1号', clause: '三', range: expect.anything() });
    expect(ir.header).toMatchObject({ name: 'small', valid: { from: '2025-01-01', to: '2025-12-31' }, rounding: { step: '0.01', stepFen: 1, mode: 'half-up' } });
    expect(ir.settings.find((s) => s.id === 'inpatient')).toEqual({ id: 'inpatient', zh: '住院', builtin: true });
  });

  it('dates by step and text lookups in the Jilin example', () => {
    const jilin = lower(checked('examples/jilin-dabing.yibao')).ir;
    const b = jilin.benefits[0]!;
    expect(b.deductible).toMatchObject({ kind: 'own', period: 'year', value: { expr: { kind: 'lookup', table: '人均收入', exact: 'int' } } });
    expect(b.payout.kind === 'banded' && b.payout.bands.map((x) => x.ratio.byDate)).toEqual([
      [{ from: '2016-01-01', to: '2016-12-31', bp: 5000 }, { from: '2017-01-01', bp: 5500 }],
      [{ from: '2016-01-01', to: '2016-12-31', bp: 6000 }, { from: '2017-01-01', bp: 6500 }],
      [{ from: '2016-01-01', to: '2016-12-31', bp: 7000 }, { from: '2017-01-01', bp: 7500 }],
      [{ from: '2016-01-01', bp: 8000 }],
    ]);
    const income = jilin.tables.find((t) => t.name === '人均收入')!;
    expect(income.rows.length).toBeGreaterThan(2);
    expect(income.rows[0]!.keys).toHaveLength(2);
  });

  it('a plan\'s test: each expectation on a claim or a member, its amount with two decimals, where its value is written', () => {
    const text = `plan "t" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium { 100 otherwise }
test "t" {
  member m { birthDate 1980-01-01, enrolledSince 2020-01-01 }
  claim c1 { member m, date 2025-02-01, setting inpatient, inPolicySelfPay 3000 }
  expect c1 pays 1500
  expect m pays 1500.5元
  expect m premium 100
  expect c1 rejected YR007
}
`;
    const t = lower(checkedText(text)).ir.tests[0]!;
    const written = (r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset);
    expect(t.expectations.map((e) => [e.target, e.of, e.what, e.expected, e.code, written(e.valueRange)])).toEqual([
      ['c1', 'claim', 'pays', '1500.00', undefined, '1500'],
      ['m', 'member', 'pays', '1500.50', undefined, '1500.5元'],
      ['m', 'member', 'premium', '100.00', undefined, '100'],
      ['c1', 'claim', 'rejected', undefined, 'YR007', 'YR007'],
    ]);
  });

  it('a plan\'s tests: the request it sends and the expected amounts', () => {
    const weihai = lower(checked('examples/weihai-2024.yibao')).ir;
    const t = weihai.tests[0]!;
    expect(t.request.members[0]).toMatchObject({ id: 'm', birthDate: '1980-05-01' });
    expect(t.request.claims[0]).toMatchObject({ id: 'c1', member: 'm', inPolicySelfPay: '12000' });
    expect(t.expectations[0]).toMatchObject({ target: 'c1', what: 'pays', expected: '300.00' });
    expect(t.expectations[1]).toMatchObject({ target: 'c1', benefit: 'R1', expected: '300.00' });
  });
});

describe('yibao ir', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  };
  const tmp = mkdtempSync(join(tmpdir(), 'yibao-ir-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints the IR as pretty JSON and exits 0', async () => {
    const c = io();
    const code = await main(['ir', 'examples/qingdao-2017.yibao'], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('\n')).toBe(JSON.stringify(lower(checked('examples/qingdao-2017.yibao')).ir, null, 2));
  });

  it('prints the diagnostics as code frames and exits 2 when the plan has errors', async () => {
    expect(await main(['ir', join(tmp, 'missing.yibao')], io().io)).toBe(2);
    const bad = io();
    const p = join(tmp, 'bad.yibao');
    writeFileSync(p, 'plan "x" {}\nbenefit B { amount claim.inPolicySelfPay + 5% ratio 50% }\n');
    expect(await main(['ir', p, '--lang', 'en'], bad.io)).toBe(2);
    expect(bad.out).toEqual([]);
    expect(bad.err.join('\n')).toContain(`${p}:2:42: error YB201`);
  });

  it('prints what spec/ir.md shows for its example (there trimmed to the first setting and flag)', async () => {
    const doc = readFileSync('spec/ir.md', 'utf8');
    const plan = /```yibao\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Example')))![1]!;
    const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Example')))![1]!.replace(/,\n\s*…/g, ''));
    const p = join(tmp, 'small.yibao');
    writeFileSync(p, plan);
    const c = io();
    expect(await main(['ir', p], c.io)).toBe(0);
    const ir = JSON.parse(c.out.join('\n')) as PlanIR;
    expect(shown).toEqual({ ...ir, file: 'small.yibao', settings: ir.settings.slice(0, 1), flags: ir.flags.slice(0, 1) });
  });

  it('is in the usage', async () => {
    const c = io();
    expect(await main(['help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/yibao ir PLAN\s+the plan as data/);
    expect(await main(['ir'], io().io)).toBe(2);
  });
});

describe('declarations as data', () => {
  const DECLS = `plan "decls" { valid 2025-01-01 to 2025-12-31 }
attribute 低保: boolean
attribute 年数: number
attribute 收入: money
attribute 生效日: date
attribute 姓名: text
attribute residence: urban | rural
attribute claim.等级: 一级 | 二级 | 三级
attribute claim.自付: money
param 额 = 100元
param 率 = 55%
param 月 = 6 months
param 起 = 2025-03-01
param 阶 { from 2025-01-01 to 2025-06-30: 10%  from 2025-07-01: 20% }
param 名 = "甲"
table 基数 by year, residence {
  2025 urban 5000.5
  2025 rural 0
}
table 比例表 by residence {
  urban 12.5%
  rural 7%
}
catalogue 特药 {
  from 2025-01-01 to 2025-06-30: ["TY-01"]
  from 2025-07-01: ["TY-01", "TY-02"]
}
benefit R1 {
  amount claim.inPolicySelfPay + 额
  ratio 率
}
`;
  let ir: PlanIR;
  beforeEach(() => {
    ir = lower(checkedText(DECLS)).ir;
  });

  it('attributes of members and of claims, each with its type (an enum with its values, in order)', () => {
    expect(ir.attributes.map((a) => [a.name, a.type, a.values ?? null])).toEqual([
      ['低保', 'boolean', null], ['年数', 'number', null], ['收入', 'money', null], ['生效日', 'date', null], ['姓名', 'text', null], ['residence', 'enum', ['urban', 'rural']],
    ]);
    expect(ir.claimAttributes.map((a) => [a.name, a.type, a.values ?? null])).toEqual([['等级', 'enum', ['一级', '二级', '三级']], ['自付', 'money', null]]);
    expect(ir.attributes[0]!.range.start.line).toBe(2);
    expect(ir.claimAttributes[1]!.range.start.line).toBe(9);
  });

  it('parameters: integer with their unit (fen, basis points, whole numbers, days), text without one, and their steps', () => {
    // 额 100 yuan is fen; 率 basis points; 6 months a whole number; 起 a day; 阶 basis points in two steps; 名 text.
    expect(ir.params.map((p) => [p.name, p.type, p.exact, p.repr ?? null, p.steps.length])).toEqual([
      ['额', 'money', 'int', 'fen', 1], ['率', 'ratio', 'int', 'bp', 1], ['月', 'months', 'int', 'int', 1], ['起', 'date', 'int', 'day', 1], ['阶', 'ratio', 'int', 'bp', 2], ['名', 'text', 'int', null, 1],
    ]);
    expect(ir.params[4]!.steps.map((s) => [s.from ?? null, s.to ?? null])).toEqual([['2025-01-01', '2025-06-30'], ['2025-07-01', null]]);
    expect(ir.params[0]!.steps[0]!.from).toBeUndefined();
  });

  it('tables with their key names, rows as written and exact: money in fen, ratios in basis points', () => {
    // 5000.5 yuan = 500050 fen; 12.5% = 1250 bp; 7% = 700 bp.
    expect(ir.tables.map((t) => [t.name, t.keys, t.valueType])).toEqual([['基数', ['year', 'residence'], 'money'], ['比例表', ['residence'], 'ratio']]);
    expect(ir.tables[0]!.rows).toEqual([{ keys: ['2025', 'urban'], value: '5000.5', fen: 500050 }, { keys: ['2025', 'rural'], value: '0', fen: 0 }]);
    expect(ir.tables[1]!.rows).toEqual([{ keys: ['urban'], value: '0.125', bp: 1250 }, { keys: ['rural'], value: '0.07', bp: 700 }]);
  });

  it('a versioned catalogue, version by version with its dates', () => {
    expect(ir.catalogues.map((c) => [c.name, c.versions.map((v) => [v.from ?? null, v.to ?? null, v.codes])])).toEqual([
      ['特药', [['2025-01-01', '2025-06-30', ['TY-01']], ['2025-07-01', null, ['TY-01', 'TY-02']]]],
    ]);
  });
});
