// Which expressions lowering computes in exact integers and which in decimals (engine/lower/exact.ts),
// expression by expression. Both paths pay the same by design (compile-ir.test.ts holds them
// equal), so only the IR shows a wrong decision; each row below is decided by hand from the rule
// the analysis follows (spec/ir.md): a root is `int` when every step of it is exact in integers and
// of one kind, a bare number beside money is fen, and anything else is `decimal`.
import { describe, expect, it } from 'vitest';
import type { IrExpr, PlanIR } from '../engine/ir/plan';
import { irOfParts } from './helpers';

const DECLS = `plan "marks" { valid 2025-01-01 to 2025-12-31 }
attribute 低保: boolean
attribute 生效日: date
attribute residence: urban | rural
attribute 姓名: text
attribute 累计年数: number
attribute 收入: money
attribute claim.等级: 一级 | 二级
param 整数 = 3
param 小数 = 1.5
param 年龄线 = member.age - 5
param 两步 { from 2025-01-01 to 2025-06-30: 1000  from 2025-07-01: 1200 }
param 起 = 2025-03-01
catalogue 特药 ["D1", "D2"]
table 基数 by year, residence {
  2025 urban 5000
  2025 rural 2000
}
table 系数 by year {
  2025 1.5
}
table 比例表 by year {
  2025 50%
}
table 名称 by year {
  2025 "城"
}
`;

const irOf = (groups: string[], amounts: string[]): PlanIR => irOfParts(DECLS, { groups, amounts });

const mark = (e: IrExpr) => (e.exact === 'int' && e.repr ? `int ${e.repr}` : e.exact);

// [condition, its mark]: each a group's condition, so its root wants a yes/no.
const CONDITIONS: [string, string][] = [
  ['member.age > 60', 'int'],
  // A number with a fraction is no whole number: the comparison is decimal.
  ['member.age > 60.5', 'decimal'],
  ['member.age * 2 > 90', 'int'],
  ['member.age * 1.5 > 90', 'decimal'],
  ['-(-member.age) > 60', 'int'],
  ['member.age + 1 > 60', 'int'],
  ['年龄线 > 55', 'int'],
  ['not (member.age > 60)', 'int'],
  ['not (member.age > 60.5)', 'decimal'],
  ['member.age > 60 and claim.year = 2025', 'int'],
  ['member.age > 60.5 or claim.year = 2025', 'decimal'],
  ['member.age > 60 or claim.year * 1.5 = 2025', 'decimal'],
  ['fullYears(member.birthDate, claim.date) >= 18', 'int'],
  ['fullYears(member.birthDate, 2025-01-01) >= 18', 'int'],
  ['fullYears(if member.age > 60.5 then member.birthDate else claim.date, claim.date) >= 1', 'decimal'],
  ['fullYears(claim.date, if member.age > 60.5 then member.birthDate else claim.date) >= 1', 'decimal'],
  ['member.enrolledYears >= 3', 'int'],
  ['member.enrolledDays >= 30', 'int'],
  ['member.id = "m1"', 'int'],
  ['member.birthDate < 2000-01-01', 'int'],
  ['member.enrolledSince + 6 months <= claim.date', 'int'],
  ['claim.date >= 起', 'int'],
  ['claim.id = "c1"', 'int'],
  ['claim.setting = inpatient', 'int'],
  ['claim.date >= 2025-06-01', 'int'],
  ['claim.date + 30 > 2025-01-01', 'int'],
  ['claim.date - 30 days > 2025-01-01', 'int'],
  // A day less a day is a count of days, which no native step yields.
  ['claim.date - member.birthDate > 30', 'decimal'],
  ['claim.date in [2025-01-01, 2025-02-01]', 'int'],
  ['claim.flags has work_injury', 'int'],
  ['claim.flags has any [work_injury, abroad]', 'int'],
  // Attributes read as they are: yes/no, a day, text; numbers and money stay decimal.
  ['member.低保', 'int'],
  ['claim.date >= member.生效日', 'int'],
  ['member.residence = urban', 'int'],
  ['claim.等级 = 一级', 'int'],
  ['member.姓名 = "张三"', 'int'],
  ['member.累计年数 >= 3', 'decimal'],
  ['member.收入 > 1000', 'decimal'],
  // A bare number beside money is fen, on either side.
  ['claim.inPolicySelfPay > 1000', 'int'],
  ['1000 < claim.inPolicySelfPay', 'int'],
  ['claim.inPolicySelfPay > 1000.5', 'int'],
  ['claim.inPolicySelfPay = 1000', 'int'],
  // A bare-number parameter is whole yuan beside fen: two kinds, so decimal.
  ['claim.inPolicySelfPay > 整数', 'decimal'],
  ['claim.inPolicySelfPay = 整数', 'decimal'],
  ['(if member.age > 60 then claim.inPolicySelfPay else 500) > 1000', 'int'],
  ['(if member.age > 60.5 then claim.inPolicySelfPay else 500) > 1000', 'decimal'],
  ['max(member.age, 60) > 61', 'int'],
  ['max(member.age, 60.5) > 61', 'decimal'],
  ['max(60.5, member.age) > 61', 'decimal'],
  ['claim.inPolicySelfPay in [100, 200]', 'int'],
  ['member.age in [60, 70]', 'int'],
  ['member.age in [60, 70.5]', 'decimal'],
  // A bare-number parameter holds whole yuan, never fen.
  ['claim.inPolicySelfPay in [整数]', 'decimal'],
  ['claim.setting in [inpatient, outpatient]', 'int'],
  ['member.residence in [urban]', 'int'],
  ['member in G0', 'int'],
  ['基数[claim.year, member.residence] > 1000', 'int'],
  // A table of bare numbers holds yuan: 1.5 is 150 fen.
  ['系数[claim.year] > 1', 'int'],
  ['基数[claim.year, member.累计年数] > 1000', 'decimal'],
  // Only a table of money is whole fen: a table of ratios or of text is read in decimals.
  ['比例表[claim.year] > 10%', 'decimal'],
  ['比例表[claim.year] > 比例表[2024]', 'decimal'],
  ['名称[claim.year] = "城"', 'decimal'],
  ['基数[claim.year, member.residence] * 2 > 1000', 'int'],
];

// [amount, its mark]: each a benefit's amount, so its root wants fen.
const AMOUNTS: [string, string][] = [
  ['claim.inPolicySelfPay', 'int fen'],
  ['claim.inPolicySelfPay * 2', 'int fen'],
  ['2 * claim.inPolicySelfPay', 'int fen'],
  ['claim.inPolicySelfPay * 1.5', 'decimal'],
  ['claim.inPolicySelfPay * 50%', 'decimal'],
  ['-(0 - claim.inPolicySelfPay)', 'int fen'],
  ['claim.inPolicySelfPay + 1.5', 'int fen'],
  // A bare-number parameter holds whole yuan, not fen: beside money it is decimal.
  ['claim.inPolicySelfPay + 两步', 'decimal'],
  ['claim.inPolicySelfPay + 整数', 'decimal'],
  ['claim.inPolicySelfPay - member.收入', 'decimal'],
  ['claim.inPolicySelfPay / 2', 'decimal'],
  ['if member.age > 60 then claim.inPolicySelfPay else 500', 'int fen'],
  ['if member.age > 60.5 then claim.inPolicySelfPay else 500', 'decimal'],
  ['if member.age > 60 then claim.inPolicySelfPay * 1.5 else claim.inPolicySelfPay', 'decimal'],
  ['if member.age > 60 then claim.inPolicySelfPay else claim.inPolicySelfPay * 1.5', 'decimal'],
  ['min(claim.inPolicySelfPay, 5000)', 'int fen'],
  ['min(claim.inPolicySelfPay, claim.inPolicySelfPay * 1.5)', 'decimal'],
  ['items in 特药', 'int fen'],
  ['items where item.category = "drug"', 'int fen'],
  ['items where item.amount * 1.5 > 100', 'decimal'],
  ['items where item.code in 特药', 'int fen'],
  ['基数[claim.year, member.residence]', 'int fen'],
  ['基数[claim.year - 1 + 1, member.residence]', 'int fen'],
  ['基数[2025, "urban"]', 'int fen'],
  // A ratio in a product is no whole number: ratio × money, and money × (ratio × 2), are decimal.
  ['50% * claim.inPolicySelfPay', 'decimal'],
  ['claim.inPolicySelfPay * (50% * 2)', 'decimal'],
  ['claim.inPolicySelfPay * (2 * 50%)', 'decimal'],
];

describe('integer or decimal, expression by expression', () => {
  it('group conditions', () => {
    const ir = irOf(CONDITIONS.map(([c]) => c), []);
    expect(ir.groups.map((g, i) => [CONDITIONS[i]![0], g.condition ? mark(g.condition) : 'none'])).toEqual(CONDITIONS);
  });

  it('amounts', () => {
    const ir = irOf([], AMOUNTS.map(([a]) => a));
    expect(ir.benefits.map((b, i) => [AMOUNTS[i]![0], mark(b.amount.value.expr)])).toEqual(AMOUNTS);
  });

  it('every node of an int root is int, and its constant lists are marked', () => {
    const ir = irOf(['claim.flags has any [work_injury, abroad]', 'member.age in [60, 70]'], []);
    for (const g of ir.groups) {
      const walk = (e: unknown): void => {
        if (!e || typeof e !== 'object') return;
        if ('exact' in e) expect((e as IrExpr).exact).toBe('int');
        for (const v of Object.values(e)) if (v && typeof v === 'object' && v !== (e as IrExpr).range) walk(v);
      };
      walk(g.condition);
    }
  });
});
