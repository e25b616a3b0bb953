// The compiler's analyses that decide how often, and how, the runtime works a value out
// (engine/compile/depends.ts and shapes.ts). A wrong answer that is too cautious costs only time,
// so payouts never show it; these tables pin each answer, decided by hand from the rules in the
// files' comments: what a value can change with (nothing, the date step, the member-year, the
// claim), the dated values' steps, amounts that only add the claim's amounts, amounts that are 0
// without items, and conditions that need a flag.
import { describe, expect, it } from 'vitest';
import { CLAIM, CONST, Dependencies, MEMBER, STEP, dateSteps } from '../engine/compile/depends';
import { compilePlan } from '../engine/compile/plan';
import { itemIn, itemsOnly, linear, readsClaimAmounts, selection } from '../engine/compile/shapes';
import { parseDay } from '../engine/core/dates';
import type { Env } from '../engine/ir/env';
import { irOfParts, irOfText } from './helpers';

const DECLS = `plan "shapes" { valid 2025-01-01 to 2025-12-31 }
attribute 低保: boolean
attribute residence: urban | rural
attribute 收入: money
attribute claim.等级: 一级 | 二级
param 两步 { from 2025-01-01 to 2025-06-30: 1000元  from 2025-07-01: 1200元 }
param 线 = 5000元
param 年限线 = member.enrolledYears - 1
param 乙 { from 2025-01-01 to 2025-03-31: 10元  from 2025-04-01: 20元 }
catalogue 特药 { from 2025-01-01 to 2025-06-30: ["D1"]  from 2025-07-01: ["D1", "D2"] }
catalogue 常备 ["C1"]
group 名单
group 高龄 = member.age >= 60
group 恒真 = 1 < 2
table 基数 by residence {
  urban 5000
  rural 2000
}
`;

const plan = (groups: string[], amounts: string[], exclusions: string[] = []) => irOfParts(DECLS, { groups, amounts, exclusions });

describe('what a value can change with', () => {
  // [expression, its level]: as a group's condition or a benefit's amount.
  const CONDITIONS: [string, number][] = [
    ['1 < 2', CONST],
    ['线 > 100元', CONST],
    ['两步 > 100元', STEP],
    ['乙 > 两步', STEP],
    ['member.enrolledYears > 1', MEMBER],
    ['member.birthDate < 1960-01-01', MEMBER],
    ['member.enrolledSince < 2020-01-01', MEMBER],
    ['member.id = "m1"', MEMBER],
    ['claim.year = 2025', MEMBER],
    // An age changes on a birthday, days enrolled every day: each claim.
    ['member.age >= 60', CLAIM],
    ['member.enrolledDays > 30', CLAIM],
    ['claim.date > 2025-06-30', CLAIM],
    ['member.低保', MEMBER],
    // A yes/no written in the plan is a constant: the comparison changes with the member alone.
    ['member.低保 = yes', MEMBER],
    ['yes', CONST],
    ['member.收入 > 5000元', MEMBER],
    ['claim.等级 = 一级', CLAIM],
    ['年限线 > 2', MEMBER],
    ['member in [名单]', MEMBER],
    ['member in [恒真]', CONST],
    ['member in [名单, 高龄]', CLAIM],
    ['基数[member.residence] > 3000元', MEMBER],
    ['member.enrolledYears in [1, 2]', MEMBER],
    ['member.age in [60, 65]', CLAIM],
    ['not (member.enrolledYears > 1)', MEMBER],
    ['-(线) < 0元', CONST],
    ['claim.flags has work_injury', CLAIM],
    ['claim.flags has any [work_injury]', CLAIM],
    ['(if member.低保 then 100元 else 200元) > 150元', MEMBER],
    ['max(线, 两步) > 100元', STEP],
    ['fullYears(member.birthDate, 2025-01-01) >= 60', MEMBER],
    ['member.enrolledYears > 1 and claim.year = 2025', MEMBER],
  ];
  const AMOUNTS: [string, number][] = [
    ['items in 特药', CLAIM],
    ['100元', CONST],
    ['两步', STEP],
    ['items where item.code in 常备', CLAIM],
  ];

  it('conditions and amounts, node by node up to the whole', () => {
    const ir = plan(CONDITIONS.map(([c]) => c), AMOUNTS.map(([a]) => a));
    const deps = new Dependencies(ir);
    const groups = ir.groups.filter((g) => /^G\d+$/.test(g.name));
    expect(groups.map((g, i) => [CONDITIONS[i]![0], deps.of(g.condition)])).toEqual(CONDITIONS);
    expect(ir.benefits.map((b, i) => [AMOUNTS[i]![0], deps.of(b.amount.value.expr)])).toEqual(AMOUNTS);
    // Nothing at all is a constant; several values change with the most changeable of them.
    expect(deps.of()).toBe(CONST);
    expect(deps.of(groups[0]!.condition, groups[2]!.condition, groups[4]!.condition)).toBe(MEMBER);
  });

  it('a text in a catalogue changes with the catalogue\'s versions, when it has some', () => {
    const ir = plan([], ['items where item.code in 特药', 'items where item.code in 常备']);
    const deps = new Dependencies(ir);
    const where = (i: number) => { const e = ir.benefits[i]!.amount.value.expr; return e.kind === 'items' ? e.where! : e; };
    // item.code is the claim's, so each test is per claim; the catalogue alone: 特药 by step, 常备 constant.
    expect([deps.of(where(0)), deps.of(where(1))]).toEqual([CLAIM, CLAIM]);
    const catalogueOnly = (i: number) => { const w = where(i); return w.kind === 'in-catalogue' ? { ...w, value: { kind: 'text', type: 'text', exact: 'int', value: 'D1', range: w.range } as const } : w; };
    expect([deps.of(catalogueOnly(0)), deps.of(catalogueOnly(1))]).toEqual([STEP, CONST]);
  });
});

describe('the date steps of the dated values', () => {
  it('number the runs of days between the days any parameter or catalogue changes', () => {
    // Changes: 01-01 (两步, 乙, 特药 begin), 04-01 (乙), 07-01 (两步, 特药); 乙 is declared after 两步.
    const step = dateSteps(plan([], []));
    const days = ['2024-12-31', '2025-01-01', '2025-03-31', '2025-04-01', '2025-06-29', '2025-06-30', '2025-07-01', '2025-12-31'];
    expect(days.map((d) => step(parseDay(d)!))).toEqual([0, 1, 1, 2, 2, 2, 3, 3]);
  });

  it('are one step on every day when nothing is dated', () => {
    const step = dateSteps(irOfText('plan "p" { valid 2025-01-01 to 2025-12-31 }\nbenefit B { amount claim.inPolicySelfPay  ratio 50% }\n'));
    expect([step(parseDay('2020-01-01')!), step(parseDay('2025-07-01')!)]).toEqual([0, 0]);
  });
});

describe('amounts the runtime takes a shorter way with', () => {
  const many = (n: number) => Array.from({ length: n }, () => 'claim.inPolicySelfPay').join(' + ');
  // [amount, how many times it counts each of the claim's three amounts, or none when it is no such sum]
  const LINEAR: [string, { in: number; out: number; over: number } | undefined][] = [
    ['claim.inPolicySelfPay', { in: 1, out: 0, over: 0 }],
    ['claim.inPolicySelfPay + claim.outOfPolicySelfPay - claim.overLimitSelfPay', { in: 1, out: 1, over: -1 }],
    ['claim.inPolicySelfPay - (claim.outOfPolicySelfPay - claim.overLimitSelfPay)', { in: 1, out: -1, over: 1 }],
    ['-(claim.inPolicySelfPay) + claim.outOfPolicySelfPay + claim.outOfPolicySelfPay', { in: -1, out: 2, over: 0 }],
    ['claim.inPolicySelfPay * 2', undefined],
    ['claim.inPolicySelfPay + 100', undefined],
    ['claim.inPolicySelfPay * 1.5 + claim.outOfPolicySelfPay', undefined],
    ['member.收入 + claim.inPolicySelfPay', undefined],
    ['items in 特药', undefined],
    // As many terms as an expression may hold (it nests at most 400 deep, YB006).
    [many(300), { in: 300, out: 0, over: 0 }],
  ];
  const ITEMS_ONLY: [string, boolean][] = [
    ['items in 特药', true],
    ['-(items in 特药)', true],
    ['items in 特药 + items where item.amount > 0', true],
    ['items in 特药 - items in 常备', true],
    ['items in 特药 - claim.inPolicySelfPay', false],
    ['claim.inPolicySelfPay + items in 特药', false],
    ['items in 特药 * 2', true],
    ['2 * items in 特药', true],
    ['items in 特药 * 50%', true],
    ['items in 特药 * member.enrolledYears', false],
    ['member.enrolledYears * items in 特药', false],
    ['items in 特药 / 2', false],
    ['claim.inPolicySelfPay', false],
    ['基数[member.residence]', false],
  ];

  it('a sum of the claim amounts with whole coefficients', () => {
    const ir = plan([], LINEAR.map(([a]) => a));
    expect(ir.benefits.map((b, i) => [LINEAR[i]![0].slice(0, 80), linear(b.amount.value.expr)])).toEqual(LINEAR.map(([a, l]) => [a.slice(0, 80), l]));
  });

  it('an amount that is 0 for a claim without items', () => {
    const ir = plan([], ITEMS_ONLY.map(([a]) => a));
    expect(ir.benefits.map((b, i) => [ITEMS_ONLY[i]![0], itemsOnly(b.amount.value.expr)])).toEqual(ITEMS_ONLY);
    // As the compiled plan has it.
    expect(compilePlan(ir).benefits.map((b) => b.itemsOnly)).toEqual(ITEMS_ONLY.map(([, v]) => v));
  });

  it('a claim rule that can hold only of a claim with a flag', () => {
    const RULES: [string, boolean][] = [
      ['claim.flags has work_injury', true],
      ['claim.flags has any [work_injury, abroad]', true],
      ['claim.flags has work_injury and member.age > 60', true],
      ['member.age > 60 and claim.flags has work_injury', true],
      ['claim.flags has work_injury or member.age > 60', false],
      ['member.age > 60 or claim.flags has work_injury', false],
      ['claim.flags has work_injury or claim.flags has any [abroad]', true],
      ['member.age > 60', false],
      ['member.age > 60 and member.age < 90', false],
      ['not (claim.flags has work_injury)', false],
    ];
    const compiled = compilePlan(plan([], ['claim.inPolicySelfPay'], RULES.map(([r]) => r)));
    expect(compiled.exclusions.map((x, i) => [RULES[i]![0], x.flagsOnly])).toEqual(RULES);
  });
});

describe('the compiled plan\'s parameters, as the editor shows them', () => {
  it('each step with its dates and its value in decimals', () => {
    const compiled = compilePlan(irOfText(`plan "p" { valid 2025-01-01 to 2025-12-31 }
param 两步 { from 2025-01-01 to 2025-06-30: 1000元  from 2025-07-01: 1200.5元 }
param 率 = 55%
benefit B { amount claim.inPolicySelfPay - 两步  ratio 率 }
`));
    const env = {} as Env; // constants read nothing of the claim
    expect([...compiled.params].map(([name, p]) => [name, p.steps.map((s) => [s.from ?? null, s.to ?? null, String(s.value(env))])])).toEqual([
      ['两步', [['2025-01-01', '2025-06-30', '1000'], ['2025-07-01', null, '1200.5']]],
      // 55 % is 0.55.
      ['率', [[null, null, '0.55']]],
    ]);
  });
});

describe('shapes the generated claim code writes out (engine/runtime/claim-code.ts)', () => {
  const text = (body: string) => irOfText(`${DECLS}${body}`);
  const ruleOf = (cond: string) => text(`exclude item when ${cond} because "x"\n`).exclusions[0]!.condition;
  const amountOf = (a: string) => text(`benefit B { amount ${a} ratio 50% }\n`).benefits[0]!.amount.value.expr;

  it('an item rule testing code, class or category against written texts', () => {
    expect(itemIn(ruleOf('item.category in ["cosmetic", "tonic"]'))).toEqual({ field: 'category', values: ['cosmetic', 'tonic'] });
    expect(itemIn(ruleOf('item.code in ["A1"]'))).toEqual({ field: 'code', values: ['A1'] });
    expect(itemIn(ruleOf('item.class in ["out"]'))).toEqual({ field: 'cls', values: ['out'] });
    // Anything else is left to its closure: another test, another field, a claim's fact, a catalogue, a list not all texts.
    expect(itemIn(ruleOf('item.category = "cosmetic"'))).toBeUndefined();
    expect(itemIn(ruleOf('item.amount in [100, 200]'))).toBeUndefined();
    expect(itemIn(ruleOf('claim.setting in [inpatient]'))).toBeUndefined();
    expect(itemIn(ruleOf('item.code in 常备'))).toBeUndefined();
    expect(itemIn(ruleOf('member.residence in [urban]'))).toBeUndefined();
  });

  it('an amount that is only a catalogue selection', () => {
    expect(selection(amountOf('items in 常备'))).toBe('常备');
    expect(selection(amountOf('items where (item.class = "out")'))).toBeUndefined();
    expect(selection(amountOf('items in 常备 + claim.inPolicySelfPay'))).toBeUndefined();
    // A selection with both a catalogue and a condition (the grammar writes one or the other; hand-made IR may hold both) is not one.
    const both = { ...amountOf('items in 常备'), where: ruleOf('item.class in ["out"]') };
    expect(selection(both as never)).toBeUndefined();
  });

  it('whether anything but a benefit\'s amount reads the claim\'s in- or out-of-policy amount', () => {
    const reads = (x: string) => readsClaimAmounts(text(`exclude claim when ${x} because "x"\n`).exclusions);
    expect(reads('claim.inPolicySelfPay > 100')).toBe(true);
    expect(reads('claim.outOfPolicySelfPay > 100')).toBe(true);
    expect(reads('claim.overLimitSelfPay > 100')).toBe(false);
    expect(reads('member.收入 > 100')).toBe(false);
    expect(reads('claim.flags has work_injury and claim.inPolicySelfPay > 1')).toBe(true);
    expect(readsClaimAmounts([{ kind: 'fact', root: 'member', field: 'inPolicySelfPay' }])).toBe(false);
    expect(readsClaimAmounts([null, 3, 'claim'])).toBe(false);
    expect(readsClaimAmounts({ kind: 'param', root: 'claim', field: 'inPolicySelfPay' })).toBe(false);
    expect(readsClaimAmounts({ a: [{ b: { kind: 'fact', root: 'claim', field: 'outOfPolicySelfPay' } }] })).toBe(true);
    // The compiled plan asks it of everything but the benefits' amounts.
    expect(compilePlan(text('benefit B { amount claim.inPolicySelfPay ratio 50% }\n')).readsClaimAmounts).toBe(false);
    expect(compilePlan(text('benefit B { amount claim.inPolicySelfPay deductible claim.outOfPolicySelfPay per claim ratio 50% }\n')).readsClaimAmounts).toBe(true);
  });

  it('a selection\'s codes only when its catalogue has one undated version', () => {
    const b = compilePlan(text('benefit B1 { amount items in 常备 ratio 50% }\nbenefit B2 { amount items in 特药 ratio 50% }\n')).benefits;
    expect([...b[0]!.selects!]).toEqual(['C1']);
    expect(b[1]!.selects).toBeUndefined();
  });
});

describe('the shapes of hand-made IR the grammar never writes', () => {
  const fact = (root: string, field: string) => ({ kind: 'fact', root, field });
  const texts = (...v: string[]) => ({ kind: 'list', elements: v.map((value) => ({ kind: 'text', value })) });
  const ir = (x: unknown) => x as Parameters<typeof itemIn>[0];

  it('an item test only of a written list of texts on an item\'s code, class or category', () => {
    expect(itemIn(ir({ kind: 'in-list', value: fact('item', 'category'), list: texts('a', 'b') }))).toEqual({ field: 'category', values: ['a', 'b'] });
    expect(itemIn(ir({ kind: 'in-list', value: fact('claim', 'category'), list: texts('a') }))).toBeUndefined();
    expect(itemIn(ir({ kind: 'in-list', value: fact('item', 'amount'), list: texts('a') }))).toBeUndefined();
    expect(itemIn(ir({ kind: 'in-list', value: fact('item', 'code'), list: { kind: 'param', name: 'codes' } }))).toBeUndefined();
    expect(itemIn(ir({ kind: 'in-list', value: fact('item', 'code'), list: { kind: 'list', elements: [{ kind: 'text', value: 'a' }, { kind: 'const', value: '100' }] } }))).toBeUndefined();
    expect(itemIn(ir({ kind: 'in-list', value: { kind: 'attribute', name: 'code' }, list: texts('a') }))).toBeUndefined();
  });

  it('a selection only of an items node', () => {
    expect(selection(ir({ kind: 'items', catalogue: 'C' }))).toBe('C');
    expect(selection(ir({ kind: 'in-catalogue', catalogue: 'C', value: fact('item', 'code') }))).toBeUndefined();
  });
});
