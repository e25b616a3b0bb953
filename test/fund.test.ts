// Fund plans (spec §28): the examples computed by hand, Jilin's cliff at 3 %, allocation by shares,
// type inference across years, the published schemas and the CLI.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FundDocument } from '../engine/fund-document';
import { fundDataSchema, fundResultSchema } from '../engine/request/fund-schemas';
import { runFund, splitByShares, type FundReport } from '../engine/runtime/fund';
import { runCli } from './helpers';

function fundOf(text: string) {
  const doc = new FundDocument(text, 'test.fund.yibao');
  return { doc, ir: doc.ir };
}
const example = (name: string) => fundOf(readFileSync(`examples/${name}.fund.yibao`, 'utf8'));
const data = (name: string) => JSON.parse(readFileSync(`examples/funds/${name}.json`, 'utf8')) as unknown;
const values = (r: FundReport, entity: number, year: number) => r.entities[entity]!.years.find((y) => y.year === year)!.values;

const oneYear = (premiums: string, payouts: string) => ({ entities: [{ name: 'x', years: [{ year: 2016, 保费收入: premiums, 赔付支出: payouts, 基本医保历年结余: '0.00' }] }] });

describe('the example fund plans', () => {
  for (const name of ['weihai-2024', 'jilin-dabing', 'shaanxi-enterprise', 'qingdao-2017']) {
    it(`${name} checks, and its example data computes without errors and matches the result schema`, () => {
      const { doc, ir } = example(name);
      expect(doc.diagnostics).toEqual([]);
      const ajv = new Ajv({ allErrors: true, strict: false });
      expect(ajv.validate(fundDataSchema, data(name)), JSON.stringify(ajv.errors)).toBe(true);
      const r = runFund(ir!, data(name));
      expect(r.errors).toEqual([]);
      expect(ajv.validate(fundResultSchema, r), JSON.stringify(ajv.errors)).toBe(true);
    });
  }

  it('Weihai: a 3-year cycle averaging 78 % claws back the short year\'s shortfall by that year\'s shares', () => {
    const r = runFund(example('weihai-2024').ir!, data('weihai-2024'));
    // Ratios 42/50 = 84 %, 36.4/52 = 70 %, 44/55 = 80 %: mean (84 + 70 + 80) / 3 = 78 % < 80 %.
    expect(values(r, 0, 2025).周期平均赔付率).toBe('0.78');
    // Only 2025 is below 80 %: 80 % × 52,000,000 − 36,400,000 = 5,200,000, split 40/35/25 %.
    const y2025 = r.entities[0]!.years[1]!;
    expect(y2025.values.追赔金额).toBe('5200000.00');
    expect(y2025.allocations[0]!.parts.map((p) => p.amount)).toEqual(['2080000.00', '1820000.00', '1300000.00']);
    // 2026 is exactly 80 %: not short, nothing clawed back.
    expect(values(r, 0, 2026).追赔金额).toBe('0.00');
    expect(r.entities[0]!.unmet).toBe(4); // the cycle rule fails in all 3 years, the annual one in 2025
  });

  it('Jilin, read literally: a cliff at 3 % — 2.99 % leaves the insurer everything, 3.01 % only 30 %', () => {
    const { ir } = example('jilin-dabing');
    // Premiums 10,000,000; payouts 9,701,000: surplus 299,000 (2.99 %), kept in full.
    const below = values(runFund(ir!, oneYear('10000000.00', '9701000.00')), 0, 2016);
    expect([below.返还基金, below.承办机构损益]).toEqual(['0.00', '299000.00']);
    // Payouts 9,699,000: surplus 301,000 (3.01 %): 70 % of all of it back, 210,700; the insurer keeps 90,300.
    const above = values(runFund(ir!, oneYear('10000000.00', '9699000.00')), 0, 2016);
    expect([above.返还基金, above.承办机构损益]).toEqual(['210700.00', '90300.00']);
    // The banded reading has no cliff: only the 1,000 above 3 % is split, 700 back.
    expect([below.返还基金按分段, above.返还基金按分段]).toEqual(['0.00', '700.00']);
    // Exactly 3 % is inside ±3 % (含): kept in full.
    expect(values(runFund(ir!, oneYear('10000000.00', '9700000.00')), 0, 2016).返还基金).toBe('0.00');
  });

  it('Jilin: a loss beyond 5 % is not split but reported for negotiation', () => {
    const r = runFund(example('jilin-dabing').ir!, oneYear('10000000.00', '10600000.00'));
    expect(values(r, 0, 2016).基金分担亏损).toBe('0.00');
    expect(r.entities[0]!.years[0]!.requirements).toEqual([{ text: '亏损率超过5%时另行协商解决方案', holds: false }]);
  });

  it('the enterprise fund pauses its accrual while the balance exceeds 8 % of last year\'s payroll', () => {
    const r = runFund(example('shaanxi-enterprise').ir!, data('shaanxi-enterprise'));
    // 2014: 17,170,000 ≤ 8 % × 220,000,000 = 17,600,000: accrue 4 % × 220,000,000 = 8,800,000,
    // deductible capped at 5 % × 160,000,000 = 8,000,000.
    expect([values(r, 0, 2014).计提金额, values(r, 0, 2014).税前扣除, values(r, 0, 2014).不予扣除]).toEqual(['8800000.00', '8000000.00', '800000.00']);
    // 2015: 17,130,000 > 8 % × 160,000,000 = 12,800,000: paused; balance 17,130,000 + 170,000 − 4,000,000.
    expect([values(r, 0, 2015).暂停计提, values(r, 0, 2015).计提金额, values(r, 0, 2015).基金余额]).toEqual([true, '0.00', '13300000.00']);
  });

  it('Jilin: the 大病 money is drawn from the basic fund\'s surplus first, the rest from the year\'s fund', () => {
    const r = runFund(example('jilin-dabing').ir!, data('jilin-dabing'));
    const split = (e: number, y: number) => [values(r, e, y).从结余划出, values(r, e, y).从当年基金划出];
    // 2016: surplus 300,000,000 covers the 100,000,000 transfer. 2017: the surplus 60,000,000 falls short of
    // 110,000,000: 60,000,000 from it, 50,000,000 from the year's fund. No surplus: all 80,000,000 from the year's fund.
    expect(split(0, 2016)).toEqual(['100000000.00', '0.00']);
    expect(split(0, 2017)).toEqual(['60000000.00', '50000000.00']);
    expect(split(1, 2016)).toEqual(['0.00', '80000000.00']);
    expect(split(1, 2017)).toEqual(['90000000.00', '0.00']);
  });

  it('Qingdao: the two levels of government share the fiscal funding 1:1', () => {
    const r = runFund(example('qingdao-2017').ir!, data('qingdao-2017'));
    expect(r.entities[0]!.years[0]!.allocations[0]!.parts.map((p) => [p.name, p.amount])).toEqual([['市级财政', '135000000.00'], ['区市财政', '135000000.00']]);
  });

  it('Qingdao: the fiscal funding may not grow; a year that raises it fails the rule, one that keeps or lowers it meets it', () => {
    const year = (y: number, funding: string) => ({ year: y, 财政配套资金: funding, 个人缴费: '0.00', 个人账户增值收入: '0.00' });
    const data = { entities: [{ name: 'q', opening: { 财政配套资金: '270000000.00' }, years: [year(2017, '270000000.00'), year(2018, '270000000.01'), year(2019, '260000000.00')] }] };
    const r = runFund(example('qingdao-2017').ir!, data);
    const holds = r.entities[0]!.years.map((y) => y.requirements.find((q) => q.text === '财政配套资金数额不再增加')!.holds);
    // 2017: 270,000,000.00 ≤ the opening's 270,000,000.00; 2018: one fen more than 2017; 2019: less than 2018.
    expect(holds).toEqual([true, false, true]);
  });
});

describe('data that is not as it should be', () => {
  it('never throws, and every entity is computed or refused with an error naming it', () => {
    const ir = example('weihai-2024').ir!;
    const figure = fc.oneof(fc.jsonValue(), fc.constantFrom('100.00', '0.00', '-5.00', '40%', '1e3'));
    const year = fc.record({ year: fc.oneof(fc.integer({ min: 2023, max: 2027 }), fc.jsonValue()), 保费收入: figure, 赔付支出: figure, 运营费用: figure, 共保体: fc.oneof(fc.jsonValue(), fc.constant({ a: '60%', b: '40%' })) }, { requiredKeys: [] });
    const entity = fc.record({ name: fc.oneof(fc.string(), fc.jsonValue()), opening: fc.jsonValue(), years: fc.oneof(fc.array(year, { maxLength: 4 }), fc.jsonValue()) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ entities: fc.array(entity, { maxLength: 4 }) })), (data) => {
      const r = runFund(ir, data);
      const refused = new Set(r.errors.map((e) => e.path.split('/').slice(0, 3).join('/')));
      expect(r.entities.length + refused.size).toBeGreaterThanOrEqual(r.entityCount);
    }), { numRuns: 300 });
  });
});

describe('splitting by shares', () => {
  const sharesArb = fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 10 }).filter((xs) => xs.some((x) => x > 0)).map((xs) => {
    // Whole basis points summing to exactly 10000.
    const total = xs.reduce((a, b) => a + b, 0);
    const bp = xs.map((x) => Math.floor((x * 10000) / total));
    bp[0]! += 10000 - bp.reduce((a, b) => a + b, 0);
    return bp.map((b, i) => ({ name: `s${i}`, fraction: new Decimal(b).div(10000) }));
  });
  it('gives parts that sum to the whole and are each within a fen of their exact share', () => {
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), sharesArb, (fen, shares) => {
      const total = new Decimal(fen).div(100);
      const parts = splitByShares(total, shares);
      expect(parts.reduce((a, p) => a.plus(p), new Decimal(0)).eq(total)).toBe(true);
      parts.forEach((p, i) => expect(p.minus(total.times(shares[i]!.fraction)).abs().lt(0.01)).toBe(true));
    }));
  });

  it('gives a fen left over to the largest remainder, the earlier share on a tie', () => {
    // 0.10 by thirds (33.34 / 33.33 / 33.33 %): 10 fen × 0.3334 = 3.334, × 0.3333 = 3.333 twice; floors 3 + 3 + 3 = 9,
    // the 1 fen left goes to the largest remainder, the first share's 0.334.
    const thirds = [3334, 3333, 3333].map((bp, i) => ({ name: `s${i}`, fraction: new Decimal(bp).div(10000) }));
    expect(splitByShares(new Decimal('0.10'), thirds).map((d) => d.toFixed(2))).toEqual(['0.04', '0.03', '0.03']);
    // 0.01 by halves: a tie, the earlier share gets it.
    const halves = [5000, 5000].map((bp, i) => ({ name: `s${i}`, fraction: new Decimal(bp).div(10000) }));
    expect(splitByShares(new Decimal('0.01'), halves).map((d) => d.toFixed(2))).toEqual(['0.01', '0.00']);
    // 0.10 by 33.33 / 33.34 / 33.33 %: the largest remainder is the second share's, which takes the fen.
    const middle = [3333, 3334, 3333].map((bp, i) => ({ name: `s${i}`, fraction: new Decimal(bp).div(10000) }));
    expect(splitByShares(new Decimal('0.10'), middle).map((d) => d.toFixed(2))).toEqual(['0.03', '0.04', '0.03']);
    // 0.02 by three equal shares: 2 fen × 1/3 each, floors 0; the two fen go to the first two.
    const equal = [0, 1, 2].map((i) => ({ name: `s${i}`, fraction: new Decimal(1).div(3) }));
    expect(splitByShares(new Decimal('0.02'), equal).map((d) => d.toFixed(2))).toEqual(['0.01', '0.01', '0.00']);
  });
});

describe('values across years', () => {
  it('a value reads last year\'s figure of a value computed below it, and of itself', () => {
    const { doc, ir } = fundOf(`基金方案 "f" {
      输入 收入 金额
      计算 上年余额 = 上年(余额)
      计算 余额 = 上年(余额) + 收入
      计算 次数 = 上年(次数) + 1
    }`);
    expect(doc.diagnostics).toEqual([]);
    expect(ir!.values.map((v) => [v.name, v.type])).toEqual([['上年余额', 'money'], ['余额', 'money'], ['次数', 'number']]);
    const r = runFund(ir!, { entities: [{ name: 'e', opening: { 余额: '10.00', 次数: '0' }, years: [{ year: 2020, 收入: '1.00' }, { year: 2021, 收入: '2.50' }] }] });
    // 2020: 10 + 1 = 11; 2021: 11 + 2.5 = 13.5; counts 1, 2.
    expect(r.entities[0]!.years.map((y) => [y.values.上年余额, y.values.余额, y.values.次数])).toEqual([['10.00', '11.00', '1'], ['11.00', '13.50', '2']]);
  });

  it('values that read each other\'s last year in a circle still check and compute', () => {
    const { doc, ir } = fundOf(`基金方案 "f" {
      输入 a 金额
      计算 x = 上年(y)
      计算 y = 上年(x)
    }`);
    expect(doc.diagnostics).toEqual([]);
    const r = runFund(ir!, { entities: [{ name: 'e', opening: { x: '1', y: '2' }, years: [{ year: 2020, a: '0' }, { year: 2021, a: '0' }] }] });
    expect(r.entities[0]!.years.map((y) => [y.values.x, y.values.y])).toEqual([['2', '1'], ['1', '2']]);
  });

  it('a value that depends on itself through a cycle is an error naming it, and the other entities are computed', () => {
    const { ir } = fundOf(`基金方案 "f" {
      评估周期 2 年
      输入 a 金额
      计算 b = 上年(c) + a
      计算 c = 周期合计(b)
    }`);
    const r = runFund(ir!, {
      entities: [
        { name: 'loop', opening: { c: '0.00' }, years: [{ year: 2020, a: '1.00' }, { year: 2021, a: '1.00' }] },
        { name: 'one', opening: { c: '0.00' }, years: [{ year: 2020, a: '1.00' }] },
      ],
    });
    // 'loop': c(2020) sums b over 2020–2021; b(2021) reads c(2020): a circle. 'one' has no 2021: c = b = 1.
    expect(r.errors.map((e) => [e.path, e.code])).toEqual([['/entities/0', 'YR025']]);
    expect(r.errors[0]!.message).toMatch(/"b"|"c"/);
    expect(r.entities.map((e) => [e.name, e.years[0]!.values.c])).toEqual([['one', '1.00']]);
  });

  it('an incomplete cycle marks what reads it as provisional', () => {
    const { ir } = fundOf(`基金方案 "f" {
      评估周期 3 年 自 2024
      输入 p 金额
      计算 m = 周期平均(p)
      要求 "m ≥ 10" m >= 10元
    }`);
    const r = runFund(ir!, { entities: [{ name: 'e', years: [{ year: 2024, p: '9.00' }, { year: 2025, p: '12.00' }] }] });
    const y = r.entities[0]!.years[1]!;
    // (9 + 12) / 2 = 10.50 over the two years given of 2024–2026.
    expect([y.values.m, y.provisional, y.requirements[0], y.cycle]).toEqual(['10.50', ['m'], { text: 'm ≥ 10', holds: true, provisional: true }, { from: 2024, to: 2026, complete: false }]);
  });
});

describe('yibao fund', () => {
  const cli = runCli;

  it('prints JSON by default and a readable report with --report, exit 0', async () => {
    const json = await cli(['fund', 'examples/weihai-2024.fund.yibao', 'examples/funds/weihai-2024.json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as FundReport).entities[0]!.years).toHaveLength(3);
    const report = await cli(['fund', 'examples/weihai-2024.fund.yibao', 'examples/funds/weihai-2024.json', '--report']);
    expect(report.out).toContain('✗ 年度赔付率不低于80%');
    expect(report.out).toContain('分摊 追赔金额 5,200,000.00 元 按 共保体：承保机构甲 40% 2,080,000.00');
    const en = await cli(['fund', 'examples/weihai-2024.fund.yibao', 'examples/funds/weihai-2024.json', '--report', '--lang', 'en']);
    expect(en.out).toContain('Requirements not met: 4');
  });

  it('exits 1 on data errors, 2 on a fund plan with errors or no such file', async () => {
    expect((await cli(['fund', 'examples/weihai-2024.fund.yibao', 'examples/funds/jilin-dabing.json'])).code).toBe(1);
    const bad = await cli(['fund', 'spec/conformance/bad/fund-empty.fund.yibao', 'examples/funds/weihai-2024.json']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('YB979')]);
    expect((await cli(['fund', 'no-such.fund.yibao', 'examples/funds/weihai-2024.json'])).code).toBe(2);
  });

  it('check and test read fund plan files as fund plans', async () => {
    expect((await cli(['check', 'examples/weihai-2024.fund.yibao'])).code).toBe(0);
    expect((await cli(['check', 'spec/conformance/bad/fund-errors.fund.yibao'])).code).toBe(1);
    const t = await cli(['test', 'examples/jilin-dabing.fund.yibao']);
    expect(t.out).toContain('1 passed, 0 failed');
  });
});
