// A fund plan's data as read (engine/runtime/fund-data.ts, spec §28): each kind of figure in the
// forms it may take, and each fault as an error naming the entity, the year and the field, in the
// message an analyst reads. An entity with a fault is not computed; the others are.
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FundDocument } from '../engine/fund-document';
import { readFundData } from '../engine/runtime/fund-data';

const doc = new FundDocument(`基金方案 "数据" {
  输入 甲 金额
  输入 乙 比例
  份额 分 最多 2
  计算 余 = 上年(余) + 甲
  计算 率 = 上年(率) + 乙
  计算 次 = 上年(次) + 1
  计算 满 = 甲 > 0
  计算 前满 = 上年(满)
  分摊 余 按 分
}`, 'data.fund.yibao');
const ir = doc.ir!;
const GOOD = { 甲: '1234.56', 乙: '40%', 分: { A: '60%', B: '40%' } };
const year = (extra: Record<string, unknown> = {}, y = 2024) => ({ year: y, ...GOOD, ...extra });
const read = (entity: Record<string, unknown>) => readFundData(ir, { entities: [{ name: 'x', ...entity }] });
const messages = (entity: Record<string, unknown>) => read(entity).errors.map((e) => [e.path, e.message]);
const figures = (extra: Record<string, unknown>) => {
  const r = read({ years: [year(extra)] });
  expect(r.errors).toEqual([]);
  return Object.fromEntries([...r.entities[0]!.years[0]!.figures].map(([k, v]) => [k, v instanceof Decimal ? v.toFixed() : v]));
};

describe('figures in the forms they may take', () => {
  it('has no fault in the plan', () => {
    expect(doc.diagnostics).toEqual([]);
  });

  it('reads money to the fen and percentages as fractions, from text or from a JSON number', () => {
    expect(figures({})).toEqual({ 甲: '1234.56', 乙: '0.4' });
    expect(figures({ 甲: '-5', 乙: '-2.5%' })).toEqual({ 甲: '-5', 乙: '-0.025' });
    expect(figures({ 甲: 1234.5, 乙: '0.0000000001%' })).toEqual({ 甲: '1234.5', 乙: '0.000000000001' });
    expect(figures({ 甲: '123456789012345.67' })).toEqual({ 甲: '123456789012345.67', 乙: '0.4' });
  });

  it('refuses each figure that is not of its kind, naming the entity, the year and the field', () => {
    const money = 'an amount in yuan, to the fen, as "1234.56"';
    const cases: [unknown, string][] = [
      ['12.345', '"12.345"'], // three decimals
      ['1234567890123456', '"1234567890123456"'], // sixteen digits
      ['x12', '"x12"'], ['12x', '"12x"'], ['12.', '"12."'], ['.5', '".5"'], ['1e3', '"1e3"'], ['--1', '"--1"'],
      [true, 'true'], [Infinity, 'null'], [null, 'null'], [{}, '{}'], [['12'], '["12"]'],
    ];
    for (const [value, shown] of cases) {
      expect(messages({ years: [year({ 甲: value })] }), String(value)).toEqual([['/entities/0/years/0/甲', `entity "x", 2024: "甲" must be ${money}; found ${shown} / 主体“x”2024年：“甲”应为以元计、精确到分的金额，如 "1234.56"，实际为 ${shown}`]]);
    }
    const ratio = (v: unknown) => messages({ years: [year({ 乙: v })] })[0]?.[1];
    for (const v of ['40', '40 %', 'x40%', '40%x', '1234567%', '1.12345678901%', '.5%', '4a%']) expect(ratio(v), v).toBe(`entity "x", 2024: "乙" must be a percentage, as "40%"; found ${JSON.stringify(v)} / 主体“x”2024年：“乙”应为百分比，如 "40%"，实际为 ${JSON.stringify(v)}`);
    expect(messages({ years: [{ year: 2024, 乙: '40%', 分: GOOD.分 }] })).toEqual([['/entities/0/years/0/甲', 'entity "x", 2024: "甲" is missing (an amount in yuan, to the fen, as "1234.56") / 主体“x”2024年：缺少“甲”（以元计、精确到分的金额，如 "1234.56"）']]);
  });
});

describe('shares given each year', () => {
  const shares = (v: unknown) => messages({ years: [year({ 分: v })] });
  it('are fractions of 100 % at most as many as the plan allows', () => {
    expect(read({ years: [year()] }).entities[0]!.years[0]!.shares.get('分')!.map((s) => [s.name, s.fraction.toFixed()])).toEqual([['A', '0.6'], ['B', '0.4']]);
    expect(shares({ A: '100%' })).toEqual([]);
    expect(shares({ A: '60%', B: '30%' })).toEqual([['/entities/0/years/0/分', 'entity "x", 2024: the shares of "分" sum to 90%, not 100% / 主体“x”2024年：“分”的各份额合计为 90%，不等于 100%']]);
    expect(shares({ A: '50%', B: '30%', C: '20%' })).toEqual([['/entities/0/years/0/分', 'entity "x", 2024: "分" has 3 members, more than the 2 the plan allows / 主体“x”2024年：“分”有 3 个成员，超过方案限定的 2 个']]);
    expect(shares({ A: '120%', B: '-20%' })).toEqual([['/entities/0/years/0/分/A', 'entity "x", 2024: "分.A" must be a percentage, as "40%"; found "120%" / 主体“x”2024年：“分.A”应为百分比，如 "40%"，实际为 "120%"']]);
    expect(shares({ A: '-20%', B: '120%' })[0]![0]).toBe('/entities/0/years/0/分/A');
    expect(shares({})).toEqual([['/entities/0/years/0/分', 'entity "x", 2024: "分" must be shares, as { "A": "60%", "B": "40%" }; found {} / 主体“x”2024年：“分”应为份额，如 { "甲": "60%", "乙": "40%" }，实际为 {}']]);
    expect(shares('60%')[0]![1]).toContain('found "60%"');
  });
});

describe('opening figures', () => {
  const opening = (v: unknown) => read({ years: [year()], opening: v });
  it('are last year\'s values the plan reads with previous(), each of its own kind', () => {
    const r = opening({ 余: '100.00', 率: '5%', 次: '2.5', 满: true });
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries([...r.entities[0]!.opening].map(([k, v]) => [k, v instanceof Decimal ? v.toFixed() : v]))).toEqual({ 余: '100', 率: '0.05', 次: '2.5', 满: true });
    expect(String(opening({ 次: 3 }).entities[0]!.opening.get('次'))).toBe('3');
    // Read in the fund's 40 digits: 1 / 3 of a figure from the data keeps them.
    expect((r.entities[0]!.opening.get('次') as Decimal).div(3).toFixed()).toBe('0.8333333333333333333333333333333333333333');
  });

  it('refuses a figure of the wrong kind, a name the plan lacks, and anything but an object', () => {
    const m = (v: unknown) => opening(v).errors.map((e) => [e.path, e.message]);
    expect(m({ 满: 'true' })).toEqual([['/entities/0/opening/满', 'entity "x", opening: "满" must be true or false; found "true" / 主体“x”期初：“满”应为true 或 false，实际为 "true"']]);
    expect(m({ 次: '1.5.1' })).toEqual([['/entities/0/opening/次', 'entity "x", opening: "次" must be a number, as "1.5"; found "1.5.1" / 主体“x”期初：“次”应为数值，如 "1.5"，实际为 "1.5.1"']]);
    expect(m({ 次: '1.123456789012345678901' })[0]![0]).toBe('/entities/0/opening/次');
    expect(m({ 次: '1.12345678901234567890' })).toEqual([]);
    expect(m({ 余: '1.005' })[0]![0]).toBe('/entities/0/opening/余');
    expect(m({ 余额: '1' })).toEqual([['/entities/0/opening/余额', 'entity "x", opening: the fund plan has no figure "余额" / 主体“x”期初：基金方案中没有“余额”']]);
    expect(m([])).toEqual([['/entities/0/opening', 'entity "x", opening: "opening" must be last year\'s figures by name, as { "基金余额": "1234.56" }; found [] / 主体“x”期初：“opening”应为按名称给出的上年数值，如 { "基金余额": "1234.56" }，实际为 []']]);
    // The entity with a fault is not computed.
    expect(opening({ 余额: '1' }).entities).toEqual([undefined]);
  });
});

describe('entities and their years', () => {
  const all = (data: unknown) => readFundData(ir, data).errors.map((e) => [e.path, e.message]);

  it('refuses data that is not a list of entities', () => {
    const notData = [['', 'fund data is an object with "entities": [{ "name", "years": [{ "year", …figures }] }] / 基金数据应为对象：{"entities": [{"name", "years": [{"year", …各项数值}]}]}']];
    expect(all([])).toEqual(notData);
    expect(all({ entities: {} })).toEqual(notData);
    expect(all(null)).toEqual(notData);
  });

  it('needs a name of its own for each entity, and computes the others', () => {
    const named = [['/entities/1/name', 'each entity needs a name of its own (a non-empty text, used once) / 每个主体须有各不相同的名称（非空文本）']];
    const good = { name: 'a', years: [year()] };
    for (const bad of [{ name: 'a', years: [year()] }, { name: ' ', years: [year()] }, { name: 3, years: [year()] }, { years: [year()] }, 'a']) {
      const r = readFundData(ir, { entities: [good, bad] });
      expect(r.errors.map((e) => [e.path, e.message]), JSON.stringify(bad)).toEqual(named);
      expect(r.entities[0]!.name).toBe('a');
      expect(r.entities[1]).toBeUndefined();
    }
  });

  it('needs years, each a whole number from 1900 to 2200, given once, none left out between', () => {
    expect(messages({ years: [] })).toEqual([['/entities/0/years', 'entity "x" gives no years / 主体“x”没有给出任何年度']]);
    expect(messages({})).toEqual([['/entities/0/years', 'entity "x" gives no years / 主体“x”没有给出任何年度']]);
    const badYear = (found: string) => `entity "x": a year must be a whole number between 1900 and 2200 given once; found ${found} / 主体“x”：年度应为 1900 至 2200 之间的整数且只出现一次，实际为 ${found}`;
    for (const [y, found] of [[1899, '1899'], [2201, '2201'], [2024.5, '2024.5'], ['2024', '"2024"'], [undefined, 'null']] as const) {
      expect(messages({ years: [{ ...year(), year: y }] }), String(y)).toEqual([['/entities/0/years/0/year', badYear(found)]]);
    }
    expect(messages({ years: ['2024'] })).toEqual([['/entities/0/years/0/year', badYear('null')]]);
    // 1900 and 2200 themselves are years.
    expect(messages({ years: [year({}, 1900)] })).toEqual([]);
    expect(messages({ years: [year({}, 2200)] })).toEqual([]);
    expect(messages({ years: [year({}, 2024), year({}, 2024)] })).toEqual([['/entities/0/years', badYear('2024')]]);
    expect(messages({ years: [year({}, 2024), year({}, 2026)] })).toEqual([['/entities/0/years', 'entity "x": the years jump from 2024 to 2026; give every year between / 主体“x”：年度从 2024 跳到 2026，请给出其间的每一年']]);
    // Given out of order, read in order.
    const r = read({ years: [year({}, 2025), year({}, 2023), year({}, 2024)] });
    expect(r.errors).toEqual([]);
    expect(r.entities[0]!.years.map((y) => y.year)).toEqual([2023, 2024, 2025]);
  });

  it('names a field the plan does not have, with the one it may have meant', () => {
    expect(messages({ years: [year({ 甲甲: '1' })] })).toEqual([['/entities/0/years/0/甲甲', 'entity "x", 2024: the fund plan has no figure "甲甲"; did you mean "甲"? / 主体“x”2024年：基金方案中没有“甲甲”，是否应为“甲”？']]);
    expect(messages({ years: [year({ 丙: '1' })] })).toEqual([['/entities/0/years/0/丙', 'entity "x", 2024: the fund plan has no figure "丙" / 主体“x”2024年：基金方案中没有“丙”']]);
    // "year" is never offered as what was meant.
    expect(messages({ years: [year({ yea: '1' })] })[0]![1]).not.toContain('did you mean');
  });
});

describe('shares fixed in the plan', () => {
  it('are not given in the data: a year that gives them names a field the plan does not read', () => {
    const fixed = new FundDocument(`基金方案 "固定" {
  输入 甲 金额
  份额 固 { A 50%, B 50% }
  分摊 甲 按 固
}`, 'fixed.fund.yibao');
    expect(fixed.diagnostics).toEqual([]);
    const r = readFundData(fixed.ir!, { entities: [{ name: 'x', years: [{ year: 2024, 甲: '1', 固: { A: '50%', B: '50%' } }] }] });
    expect(r.errors.map((e) => [e.path, e.code])).toEqual([['/entities/0/years/0/固', 'YR024']]);
  });
});
