// A fund plan's arithmetic and logic, year by year (engine/runtime/fund.ts, spec §28), on a plan
// that uses each of them once, every figure worked out by hand below; then the faults of a year.
import { describe, expect, it } from 'vitest';
import { FundDocument } from '../engine/fund-document';
import { runFund } from '../engine/runtime/fund';

const PLAN = `基金方案 "语义" {
  评估周期 2 年 自 2024
  舍入 1 舍去
  输入 收 金额
  输入 支 金额
  输入 率 比例
  份额 固 { A 50%, B 50% }
  份额 给 最多 3
  计算 甲或 = 收 > 100 或 支 > 100
  计算 甲且 = 收 > 100 且 支 > 100
  计算 同 = 甲或 = 甲且
  计算 异 = 甲或 != 甲且
  计算 假 = 否
  计算 真 = 是
  计算 真或 = 收 > 100 或 假
  计算 非且 = 非 甲且
  计算 合 = 周期合计(收)
  计算 均 = 周期平均(收)
  计算 三分 = 收 / 3
  计算 负零 = -(收 * 0)
  计算 等 = 收 = 支
  计算 不等 = 收 != 支
  计算 小 = 收 < 支
  计算 不大 = 收 <= 支
  计算 大 = 收 > 支
  计算 不小 = 收 >= 支
  计算 余 = 上年(余) + 收 - 支
  要求 "周期内收大于支" 合 > 周期合计(支)
  分摊 收 按 给
}`;
const doc = new FundDocument(PLAN, 'sem.fund.yibao');
const DATA = {
  entities: [{
    name: 'e', opening: { 余: '10' },
    years: [
      { year: 2024, 收: '200', 支: '200', 率: '40%', 给: { X: '50%', Y: '50%' } },
      { year: 2025, 收: '100', 支: '300', 率: '5%', 给: { X: '100%' } },
      { year: 2026, 收: '50', 支: '10', 率: '5%', 给: { X: '100%' } },
    ],
  }],
};

// Computed inside each test: a mutation run counts only what a test runs, not what a describe does.
const run = () => runFund(doc.ir!, DATA);

describe('a fund plan, year by year', () => {
  const v = (i: number) => run().entities[0]!.years[i]!.values;

  it('checks, and computes without errors', () => {
    expect(doc.diagnostics).toEqual([]);
    expect(run().errors).toEqual([]);
    expect(run().cycle).toEqual({ years: 2, from: 2024 });
    expect(run().types).toMatchObject({ 收: 'money', 率: 'ratio', 甲或: 'bool', 合: 'money', 余: 'money' });
  });

  it('joins conditions with or and and, and compares conditions with = and !=', () => {
    // 2024: 200 > 100 both; 2025: 100 > 100 no, 300 > 100 yes; 2026: 50 and 10, neither.
    // 真或: 收 > 100 or no, so true in 2024 alone; 非且 is 甲且 negated.
    expect(run().entities[0]!.years.map((_y, i) => [v(i).甲或, v(i).甲且, v(i).同, v(i).异, v(i).假, v(i).真, v(i).真或, v(i).非且])).toEqual([
      [true, true, true, false, false, true, true, false],
      [true, false, false, true, false, true, false, true],
      [false, false, true, false, false, true, false, true],
    ]);
  });

  it('compares amounts every way', () => {
    // 200 against 200, 100 against 300, 50 against 10.
    expect(run().entities[0]!.years.map((_y, i) => [v(i).等, v(i).不等, v(i).小, v(i).不大, v(i).大, v(i).不小])).toEqual([
      [true, false, false, true, false, true],
      [false, true, true, true, false, false],
      [false, true, false, false, true, true],
    ]);
  });

  it('works with 40 significant digits, and reads a plain number as last year\'s figure', () => {
    const precise = new FundDocument(`基金方案 "精度" {
  评估周期 1 年 自 2024
  输入 收 金额
  输入 支 金额
  输入 率 比例
  计算 比 = 收 / 支
  计算 倍 = 比 / 率
  计算 增 = 倍 - 上年(倍)
}`, 'precise.fund.yibao');
    expect(precise.diagnostics).toEqual([]);
    const r = runFund(precise.ir!, { entities: [{ name: 'e', opening: { 倍: '12.5' }, years: [{ year: 2024, 收: '999999999999999', 支: '1', 率: '7%' }] }] });
    expect(r.errors).toEqual([]);
    expect(r.types).toMatchObject({ 倍: 'number', 增: 'number' });
    // 999999999999999 / 7 = 142857142857142.714285714285…, × 100 = 14285714285714271.428571428571…: to 10
    // decimals …271.4285714286 (20 digits would stop at …271.429); less last year's 12.5: …258.9285714286.
    expect(r.entities[0]!.years[0]!.values).toMatchObject({ 倍: '14285714285714271.4285714286', 增: '14285714285714258.9285714286' });
  });

  it('rounds money as the plan says (down to the yuan), and never writes -0', () => {
    // 200 / 3 = 66.67, 100 / 3 = 33.33, 50 / 3 = 16.67: down to 66, 33, 16 (half up would give 67, 33, 17).
    expect(run().entities[0]!.years.map((_y, i) => v(i).三分)).toEqual(['66', '33', '16']);
    expect(run().entities[0]!.years.map((_y, i) => v(i).负零)).toEqual(['0', '0', '0']);
    // An input finer than the step is written to the step: −0.40 yuan to the yuan is 0, not "-0".
    const fine = runFund(doc.ir!, { entities: [{ ...DATA.entities[0]!, years: [{ ...DATA.entities[0]!.years[0]!, 收: '-0.4' }] }] });
    expect(fine.entities[0]!.years[0]!.values.收).toBe('0');
    // A ratio is written as a fraction, not to the plan's money step.
    expect([v(0).率, v(1).率]).toEqual(['0.4', '0.05']);
    // Last year's figure, from the opening figure first: 10 + 200 − 200 = 10; 10 + 100 − 300 = −190; −190 + 50 − 10 = −150.
    expect(run().entities[0]!.years.map((_y, i) => v(i).余)).toEqual(['10', '-190', '-150']);
  });

  it('sums and averages over the cycle, and marks what an unfinished cycle can still change', () => {
    // Cycle 2024–2025: 200 + 100 = 300, mean 150; cycle 2026–2027 holds only 2026 so far: 50, 50.
    expect(run().entities[0]!.years.map((_y, i) => [v(i).合, v(i).均])).toEqual([['300', '150'], ['300', '150'], ['50', '50']]);
    expect(run().entities[0]!.years.map((y) => [y.cycle, y.provisional])).toEqual([
      [{ from: 2024, to: 2025, complete: true }, undefined],
      [{ from: 2024, to: 2025, complete: true }, undefined],
      [{ from: 2026, to: 2027, complete: false }, ['合', '均']],
    ]);
    // Receipts 300 against payments 500 over 2024–2025: not met; 50 against 10 in 2026, met for now.
    expect(run().entities[0]!.years.map((y) => y.requirements)).toEqual([
      [{ text: '周期内收大于支', holds: false }],
      [{ text: '周期内收大于支', holds: false }],
      [{ text: '周期内收大于支', holds: true, provisional: true }],
    ]);
    expect(run().entities[0]!.unmet).toBe(2);
  });

  it('allocates by the shares named, given in the data, not by other shares of the plan', () => {
    expect(run().entities[0]!.years.map((y) => y.allocations[0]!.parts.map((p) => [p.name, p.share, p.amount]))).toEqual([
      [['X', '50%', '100.00'], ['Y', '50%', '100.00']],
      [['X', '100%', '100.00']],
      [['X', '100%', '50.00']],
    ]);
  });
});

describe('a year that cannot be computed', () => {
  const fund = (lines: string) => new FundDocument(`基金方案 "错" {\n  输入 收 金额\n  输入 支 金额\n${lines}\n}`, 'bad.fund.yibao');
  const year = (收: string, 支: string) => ({ year: 2024, 收, 支 });

  it('says which value divided by zero, in which year, and computes the other entities', () => {
    const d = fund('  计算 比 = 收 / 支');
    const r = runFund(d.ir!, { entities: [{ name: 'a', years: [year('1', '0')] }, { name: 'b', years: [year('1', '2')] }] });
    expect(r.errors.map((e) => [e.path, e.code, e.message])).toEqual([['/entities/0', 'YR025', expect.stringMatching(/"a".*2024.*比.*zero/)]]);
    expect(r.entities.map((e) => [e.name, e.years[0]!.values.比])).toEqual([['b', '0.5']]);
  });

  it('asks for the opening figure a first year\'s previous() reads', () => {
    const d = fund('  计算 余 = 上年(余) + 收 - 支');
    const r = runFund(d.ir!, { entities: [{ name: 'a', years: [year('1', '0')] }] });
    expect(r.errors).toEqual([{
      path: '/entities/0/opening/余', code: 'YR024',
      message: 'entity "a", opening: "余" is missing (last year\'s figure, read by previous(余) in 2024 (money)) / 主体“a”期初：缺少“余”（上年数值，2024年的 上年(余) 需要读取）',
    }]);
  });

  it('throws on a fault of the engine itself (an IR naming a value it lacks), never reports it as the data\'s', () => {
    const d = fund('  计算 差 = 收 - 支');
    const ir = structuredClone(d.ir!);
    (ir.values[0] as { value: unknown }).value = { kind: 'value', name: '无' };
    expect(() => runFund(ir, { entities: [{ name: 'a', years: [year('1', '0')] }] })).toThrow(TypeError);
  });
});
