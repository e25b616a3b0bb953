// Every node of a lowered expression: its kind, its type and how it computes (engine/lower/expr.ts
// and exact.ts). Where exact-marks.test.ts checks a root's decision, this checks each node under
// it, and the unit a bare number takes from where it stands (spec/ir.md): beside money it is
// money, beside a date it is days, alone it is a number. Each row is written by hand from those
// rules, node by node in the order the IR lists them (operator, then its operands left to right).
import { describe, expect, it } from 'vitest';
import type { IrExpr } from '../engine/ir/plan';
import { irOfParts } from './helpers';

const DECLS = `plan "nodes" { valid 2025-01-01 to 2025-12-31 }
attribute 低保: boolean
attribute residence: urban | rural
attribute 收入: money
attribute claim.等级: 一级 | 二级
param 两步 { from 2025-01-01 to 2025-06-30: 1000  from 2025-07-01: 1200 }
param 线 = 5000元
param 双线 { from 2025-01-01 to 2025-06-30: 100元  from 2025-07-01: 200元 }
param 分档 { from 2025-01-01 to 2025-06-30: 100元  from 2025-07-01: 200 }
param 一步 { from 2025-01-01: 300元 }
param 年龄表 = [60, 65]
param 标记表 = [work_injury]
catalogue 特药 ["D1", "D2"]
table 基数 by residence {
  urban 5000
  rural 2000
}
`;

/** An expression as rows `kind type path`, pre-order; path is `int/REPR`, `int` (yes/no, text) or `decimal`. */
function nodes(e: IrExpr): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string' && typeof o.exact === 'string') {
      const of = typeof o.of === 'string' ? `<${o.of}>` : '';
      out.push(`${o.kind} ${String(o.type)}${of} ${o.exact}${o.repr ? `/${String(o.repr)}` : ''}`);
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'range') walk(x);
  };
  walk(e);
  return out;
}

// [condition, its nodes]: each a group's condition.
const CONDITIONS: [string, string[]][] = [
  // A bare number beside money is money (fen), on either side of a comparison.
  ['5000 < claim.inPolicySelfPay', ['compare bool int', 'const money int/fen', 'fact money int/fen']],
  ['claim.inPolicySelfPay >= 5000', ['compare bool int', 'fact money int/fen', 'const money int/fen']],
  // Two bare numbers are numbers.
  ['1 < 2', ['compare bool int', 'const number int/int', 'const number int/int']],
  // A number fact is a number, whatever stands beside it.
  ['member.age > 60', ['compare bool int', 'fact number int/int', 'const number int/int']],
  ['60 < member.age', ['compare bool int', 'const number int/int', 'fact number int/int']],
  // A setting tested against a written list: every node native, the list marked.
  ['claim.setting in [inpatient, outpatient]', ['in-list bool int', 'fact setting int', 'list list<setting> int', 'symbol setting int', 'symbol setting int']],
  // A money attribute computes in decimals, and so does the whole test.
  ['member.收入 in [100元, 200元]', ['in-list bool decimal', 'attribute money decimal', 'list list<money> decimal', 'const money decimal', 'const money decimal']],
  // A list held by a parameter is not a list written out: decimal.
  ['member.age in 年龄表', ['in-list bool decimal', 'fact number decimal', 'param list<number> decimal']],
  ['claim.flags has any 标记表', ['has-any bool decimal', 'fact flags decimal', 'param list<flag> decimal']],
  ['claim.flags has any [work_injury]', ['has-any bool int', 'fact flags int', 'list list<flag> int', 'symbol flag int']],
  // A parameter of one constant step is a constant a written list may hold; one dated by steps is not.
  ['claim.inPolicySelfPay in [线]', ['in-list bool int', 'fact money int/fen', 'list list<money> int', 'param money int/fen']],
  ['claim.inPolicySelfPay in [双线]', ['in-list bool decimal', 'fact money decimal', 'list list<money> decimal', 'param money decimal']],
  // One step with a first day is dated too: in force from that day only, so not a constant.
  ['claim.inPolicySelfPay in [一步]', ['in-list bool decimal', 'fact money decimal', 'list list<money> decimal', 'param money decimal']],
  ['claim.等级 = 一级', ['compare bool int', 'attribute enum int', 'symbol enum int']],
  ['member.低保 = true', ['compare bool int', 'attribute bool int', 'bool bool int']],
  ['member.residence = urban', ['compare bool int', 'attribute enum int', 'symbol enum int']],
  // A bare number beside a date is days.
  ['claim.date > 2025-03-01 + 30', ['compare bool int', 'fact date int/day', 'arith date int/day', 'date date int/day', 'const days int/int']],
  // Two dates' difference is a count of days, which lowering leaves to decimals, on both sides.
  ['claim.date - member.enrolledSince > claim.date - member.birthDate', ['compare bool decimal', 'arith days decimal', 'fact date decimal', 'fact date decimal', 'arith days decimal', 'fact date decimal', 'fact date decimal']],
  ['member in [G0]', ['in-groups bool int']],
];

// [amount, its nodes]: each a benefit's amount, money.
const AMOUNTS: [string, string[]][] = [
  // A bare amount is yuan: money, in fen.
  ['100', ['const money int/fen']],
  ['max(claim.inPolicySelfPay - 线, 0)', ['extremum money int/fen', 'arith money int/fen', 'fact money int/fen', 'param money int/fen', 'const money int/fen']],
  ['基数[member.residence]', ['lookup money int/fen', 'attribute enum int']],
  ['items where item.code in 特药', ['items money int/fen', 'in-catalogue bool int', 'fact text int']],
  // An item's class is a class, compared with a class written as text.
  ['items where item.class = "out"', ['items money int/fen', 'compare bool int', 'fact class int', 'text text int']],
  ['if member.低保 then 100 else claim.inPolicySelfPay', ['if money int/fen', 'attribute bool int', 'const money int/fen', 'fact money int/fen']],
  // A factor is asked for no unit, yet a bare number in a branch of money is money.
  ['(if member.低保 then 100 else claim.inPolicySelfPay) * 2', ['arith money int/fen', 'if money int/fen', 'attribute bool int', 'const money int/fen', 'fact money int/fen', 'const number int/int']],
  // A condition in decimals makes the whole decimal, though both branches are whole fen.
  ['if member.收入 > 100元 then 100 else claim.inPolicySelfPay', ['if money decimal', 'compare bool decimal', 'attribute money decimal', 'const money decimal', 'const money decimal', 'fact money decimal']],
  // One branch in decimals makes the whole decimal.
  ['if member.age > 60 then 100元 else claim.inPolicySelfPay * 1.5', ['if money decimal', 'compare bool decimal', 'fact number decimal', 'const number decimal', 'const money decimal', 'arith money decimal', 'fact money decimal', 'const number decimal']],
  ['max(claim.inPolicySelfPay, claim.outOfPolicySelfPay * 1.5)', ['extremum money decimal', 'fact money decimal', 'arith money decimal', 'fact money decimal', 'const number decimal']],
  // A factor is a number, on either side of the product.
  ['claim.inPolicySelfPay * 2', ['arith money int/fen', 'fact money int/fen', 'const number int/int']],
  ['2 * claim.inPolicySelfPay', ['arith money int/fen', 'const number int/int', 'fact money int/fen']],
  // Steps of 100 yuan and of a bare 200 (whole yuan) are of two kinds: the parameter is decimal.
  ['claim.inPolicySelfPay - 分档', ['arith money decimal', 'fact money decimal', 'param money decimal']],
];

const irOf = (groups: string[], amounts: string[]) => irOfParts(DECLS, { groups, amounts });

describe('each node of a lowered expression', () => {
  it('in conditions', () => {
    const ir = irOf(CONDITIONS.map(([c]) => c), []);
    expect(ir.groups.map((g, i) => [CONDITIONS[i]![0], nodes(g.condition!)])).toEqual(CONDITIONS);
  });

  it('in amounts', () => {
    const ir = irOf([], AMOUNTS.map(([a]) => a));
    expect(ir.benefits.map((b, i) => [AMOUNTS[i]![0], nodes(b.amount.value.expr)])).toEqual(AMOUNTS);
  });

});
