// Lowering's places that the example plans do not single out: a shared pool no benefit uses, the
// integer analysis asked for a root before its parameters, and a fund plan's IR with its sources.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../engine/frontend';
import { FundDocument } from '../engine/fund-document';
import { ExactAnalysis } from '../engine/lower/exact';
import { irOfText } from './helpers';

describe('integer or decimal, wherever a root stands', () => {
  it('a shared pool is analysed for itself, even when no benefit uses it', () => {
    // 1000 (bare, beside money) is 100000 fen: int; the pool is declared and left unused.
    const ir = irOfText(`plan "p" { valid 2025-01-01 to 2025-12-31 }
deductible 备用池 = 1000 per year
cap 备用顶 = 2万 per year
benefit B { amount claim.inPolicySelfPay  ratio 50% }
`);
    expect([...ir.sharedDeductibles, ...ir.sharedCaps].map((l) => [l.name, l.value.expr.exact, l.value.expr.repr, l.value.fen])).toEqual([
      ['备用池', 'int', 'fen', 100000],
      ['备用顶', 'int', 'fen', 2000000],
    ]);
  });

  it('a root that reads a parameter not yet analysed keeps its own marks, and the parameter its own', () => {
    // Asked straight away, before lowering has gone through the parameters: 线 (5000 yuan) is fen,
    // and so are the claim's amount and their difference.
    const checked = checkPlan(`plan "p" { valid 2025-01-01 to 2025-12-31 }
param 线 = 5000元
benefit B { amount claim.inPolicySelfPay - 线  ratio 50% }
`, 't.yibao').plan!;
    const exact = new ExactAnalysis(checked);
    const amount = checked.benefits[0]!.amount;
    expect(exact.root(amount, 'fen')).toBe(true);
    if (amount.kind !== 'binary') throw new Error('a difference was expected');
    expect([exact.mark(amount), exact.mark(amount.left), exact.mark(amount.right)]).toEqual(['fen', 'fen', 'fen']);
    expect(exact.param('线')).toMatchObject({ kind: 'fen' });
  });
});

describe('a fund plan as data', () => {
  const text = readFileSync('examples/weihai-2024.fund.yibao', 'utf8');
  const at = (r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset);

  it('each input, share, value and requirement with where it is written and the clause it cites', () => {
    const ir = new FundDocument(text, 'weihai-2024.fund.yibao').ir!;
    // 输入 运营费用 and 份额 共保体 cite 威医保发〔2023〕48号 二(五) and 二(四); 输入 保费收入 cites nothing.
    expect(at(ir.inputs[0]!.range)).toMatch(/^输入 保费收入 金额/);
    expect(ir.inputs[0]!.cites).toBeUndefined();
    expect(ir.inputs[2]!.cites).toMatchObject({ document: '威医保发〔2023〕48号', clause: '二(五)' });
    expect(at(ir.shares[0]!.range)).toMatch(/^份额 共保体 最多 10/);
    expect(ir.shares[0]).toMatchObject({ name: '共保体', atMost: 10, cites: { clause: '二(四)' } });
    expect(at(ir.values[0]!.range)).toBe('计算 赔付率 = 赔付支出 / 保费收入');
    expect(ir.requirements[0]).toMatchObject({ text: '年度赔付率不低于80%', cites: { quote: '年度赔付率不低于80%' } });
  });

  it('rounds to the fen, half up, unless the plan says otherwise', () => {
    // The Weihai fund plan declares no rounding.
    expect(text).not.toMatch(/舍入|rounding/);
    expect(new FundDocument(text, 'weihai-2024.fund.yibao').ir!.rounding).toEqual({ step: '0.01', mode: 'half-up' });
  });
});
