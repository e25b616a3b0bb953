// Values known before any claim (engine/lower/static.ts): a deductible, a cap or a waiting period
// made of numbers, arithmetic and parameters is worked out date step by date step, and the IR shows
// it as plain fen (or days) by step. Each expectation is worked out by hand from the parameters'
// steps; the objects are compared strictly, so a field written as `undefined` is a difference.
import { describe, expect, it } from 'vitest';
import type { PlanIR } from '../engine/ir/plan';
import { irOfText } from './helpers';

const DECLS = `plan "static" { valid 2025-01-01 to 2025-12-31 }
param 甲 { from 2025-01-01 to 2025-06-30: 100元  from 2025-07-01: 200元 }
param 乙 { from 2025-01-01 to 2025-03-31: 10元  from 2025-04-01: 20元 }
param 丙 { from 2025-01-01 to 2025-12-31: 5元 }
param 平 { from 2025-01-01 to 2025-06-30: 300元  from 2025-07-01: 300元 }
`;

function deductibles(...values: string[]): PlanIR['benefits'][number]['deductible'][] {
  const ir = irOfText(DECLS + values.map((v, i) => `benefit B${i} {\n  amount claim.inPolicySelfPay\n  deductible ${v} per year\n  ratio 50%\n}\n`).join(''));
  return ir.benefits.map((b) => b.deductible);
}

const known = (d: PlanIR['benefits'][number]['deductible']) => {
  if (d?.kind !== 'own') throw new Error('an own deductible was expected');
  const { fen, byDate } = d.value;
  return { fen, byDate };
};

describe('values known before any claim', () => {
  it('a sum of parameters with steps on different dates: one step for each run of days between their edges', () => {
    // 甲 changes on 07-01, 乙 on 04-01: 01-01..03-31 100 + 10 = 110 yuan; 04-01..06-30 100 + 20 = 120;
    // from 07-01 200 + 20 = 220. Written 乙 + 甲 as well: the edges are sorted whatever their order.
    const want = { fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-03-31', fen: 11000 }, { from: '2025-04-01', to: '2025-06-30', fen: 12000 }, { from: '2025-07-01', fen: 22000 }] };
    const [a, b] = deductibles('甲 + 乙', '乙 + 甲');
    expect(known(a)).toStrictEqual(want);
    expect(known(b)).toStrictEqual(want);
  });

  it('past the end of a parameter\'s last step a value has no answer: the steps stop there', () => {
    // 甲 + 丙: 01-01..06-30 100 + 5 = 105 yuan; 07-01..12-31 200 + 5 = 205; from 2026-01-01 丙 is not in force.
    const [d] = deductibles('甲 + 丙');
    expect(known(d)).toStrictEqual({ fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-06-30', fen: 10500 }, { from: '2025-07-01', to: '2025-12-31', fen: 20500 }] });
  });

  it('steps of one value run together into one step, open at the end as the last one is', () => {
    // 平 is 300 yuan on both of its steps: from 01-01 on, 30000 fen, with no end.
    const [d] = deductibles('平');
    expect(known(d)).toStrictEqual({ fen: undefined, byDate: [{ from: '2025-01-01', fen: 30000 }] });
  });

  it('a constant is one value in fen', () => {
    // 100 yuan − 20 yuan × 2 = 60 yuan.
    const [a] = deductibles('100元 - 20元 * 2');
    expect(known(a)).toStrictEqual({ fen: 6000, byDate: undefined });
  });

  it('a value with no answer on any date (a division by zero) is left to each claim', () => {
    const [d] = deductibles('100元 / (1 - 1)');
    expect(known(d)).toStrictEqual({ fen: undefined, byDate: undefined });
    // Left out, not written as undefined: the slot holds its unit and its expression only.
    if (d?.kind !== 'own') throw new Error('an own deductible was expected');
    expect(Object.keys(d.value)).toEqual(['unit', 'expr']);
  });

  it('a dated value with no answer on any of its steps: no step has a value', () => {
    const ir = irOfText(DECLS + `param 坏 { from 2025-01-01 to 2025-06-30: 100元 / (1 - 1)  from 2025-07-01: 100元 / (2 - 2) }
benefit B {\n  amount claim.inPolicySelfPay\n  deductible 坏 per year\n  ratio 50%\n}\n`);
    expect(known(ir.benefits[0]!.deductible)).toStrictEqual({ fen: undefined, byDate: [] });
  });

  it('no answer on one side makes no answer of the whole, wherever it stands', () => {
    const none = { fen: undefined, byDate: undefined };
    const all = deductibles('(100元 / (1 - 1)) + 1元', '1元 + (100元 / (1 - 1))', '1元 + -(100元 / (1 - 1))', 'max(100元 / (1 - 1), 1元)', 'min(1元, 100元 / (1 - 1))');
    for (const d of all) expect(known(d)).toStrictEqual(none);
  });

  it('the least and the greatest of dated values: a step per run of days, runs of one value joined', () => {
    // 甲: 100 yuan to 06-30, 200 from 07-01; 乙 × 10: 100 yuan to 03-31, 200 from 04-01.
    // min: 01-01..03-31 min(100, 100) = 100; 04-01..06-30 min(100, 200) = 100; from 07-01 min(200, 200) = 200.
    // The first two runs are one: 100 yuan from 01-01 to 06-30.
    // max: 01-01..03-31 100; 04-01..06-30 max(100, 200) = 200; from 07-01 200: 200 from 04-01 on.
    const [lo, hi] = deductibles('min(甲, 乙 * 10)', 'max(甲, 乙 * 10)');
    expect(known(lo)).toStrictEqual({ fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-06-30', fen: 10000 }, { from: '2025-07-01', fen: 20000 }] });
    expect(known(hi)).toStrictEqual({ fen: undefined, byDate: [{ from: '2025-01-01', to: '2025-03-31', fen: 10000 }, { from: '2025-04-01', fen: 20000 }] });
  });

  it('a value nested more than 200 levels deep is left to each claim, and still pays as written', () => {
    // 202 terms of 1 yuan: a deductible of 202 yuan, not worked out beforehand.
    const terms = Array.from({ length: 202 }, () => '1元').join(' + ');
    const [deep, shallow] = deductibles(terms, Array.from({ length: 150 }, () => '1元').join(' + '));
    expect(known(deep)).toStrictEqual({ fen: undefined, byDate: undefined });
    // 150 terms: 150 yuan, known.
    expect(known(shallow).fen).toBe(15000);
  });

  it('the bound is 200 levels, however the levels are made', () => {
    // 201 terms of 1 yuan: the innermost at level 200, still known: 201 yuan.
    const terms = (n: number) => Array.from({ length: n }, () => '1元').join(' + ');
    const [at] = deductibles(terms(201));
    expect(known(at).fen).toBe(20100);
    // The same 201 terms one level further down, on each side that has one: right of a sum, under
    // a minus sign, inside the greatest of; and a parameter naming the next (p201 → … → p0 = 1 yuan).
    const chain = Array.from({ length: 201 }, (_, k) => `param p${k + 1} = p${k}\n`).join('');
    const ir = irOfText(DECLS + 'param p0 = 1元\n' + chain + [
      `1元 + (${terms(201)})`,
      `-(${terms(201)})`,
      `max(${terms(201)}, 0元)`,
      'p201',
    ].map((v, i) => `benefit B${i} {\n  amount claim.inPolicySelfPay\n  deductible ${v} per year\n  ratio 50%\n}\n`).join(''));
    for (const b of ir.benefits) expect(known(b.deductible)).toStrictEqual({ fen: undefined, byDate: undefined });
  });

  it('a waiting period: its days when the same on every date, none when it changes by date', () => {
    const plan = (days: string) => irOfText(`plan "w" { valid 2025-01-01 to 2025-12-31 }
param 等待 { from 2025-01-01 to 2025-06-30: 30 days  from 2025-07-01: 60 days }
param 固定 = 45 days
waiting ${days} because "等待期"
benefit B { amount claim.inPolicySelfPay  ratio 50% }
`).waiting!;
    expect(plan('等待').constant).toBeUndefined();
    expect(plan('固定').constant).toBe(45);
    // 45 days + 15 days = 60 days, the same on every date.
    expect(plan('固定 + 15 days').constant).toBe(60);
    // No answer on any date: none.
    expect(plan('30 days / (1 - 1)').constant).toBeUndefined();
    // In force since before 1970 (day 0), yet it changes in 2025: none.
    const early = irOfText(`plan "w" { valid 2025-01-01 to 2025-12-31 }
param 早 { from 1960-01-01 to 2025-06-30: 30 days  from 2025-07-01: 60 days }
waiting 早 because "等待期"
benefit B { amount claim.inPolicySelfPay  ratio 50% }
`).waiting!;
    expect(early.constant).toBeUndefined();
  });
});
