import { describe, expect, it } from 'vitest';
import { parse } from '../grammar/index';
import { lex } from '../grammar/lexer';
import { KEYWORDS } from '../grammar/vocabulary';
import type { BenefitDecl, BinaryExpr } from '../grammar/ast';

describe('lexer', () => {
  it('reads every keyword spelling, English and Chinese, as that keyword', () => {
    for (const k of KEYWORDS) {
      for (const s of [...k.en, ...k.zh]) {
        const r = lex(s);
        expect(r.diagnostics).toEqual([]);
        expect(r.tokens.map((t) => t.tokenType.name), s).toEqual([k.name]);
      }
    }
  });

  it('prefers a longer identifier or keyword over a keyword prefix', () => {
    const names = (s: string) => lex(s).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(names('inpatient')).toEqual(['Identifier:inpatient']);
    expect(names('年度累计')).toEqual(['Annual:年度累计']);
    expect(names('赔付比例')).toEqual(['Ratio:赔付比例']);
    expect(names('当年')).toEqual(['Identifier:当年']);
  });

  it('reads literals with units', () => {
    const kinds = (s: string) => lex(s).tokens.map((t) => t.tokenType.name);
    expect(kinds('1.5万 20万元 6000元 55% 5pp 5个百分点 2017-01-01 90 天')).toEqual([
      'MoneyLit', 'MoneyLit', 'MoneyLit', 'PercentLit', 'PointsLit', 'PointsLit', 'DateLit', 'NumberLit', 'Days',
    ]);
  });

  it('reports an unexpected character with its position', () => {
    const r = lex('plan "x" {\n  @\n}');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('YB001');
    expect(r.diagnostics[0]!.range.start).toMatchObject({ line: 2, column: 3 });
  });
});

describe('parser', () => {
  it('multiplies out 万 in money literals', () => {
    const r = parse('benefit B { amount 1.5万 + 20万元 ratio 55% }');
    const b = r.ast.declarations[0] as BenefitDecl;
    const sum = b.amount!.expr as BinaryExpr;
    expect(sum.left).toMatchObject({ kind: 'money', value: '15000' });
    expect(sum.right).toMatchObject({ kind: 'money', value: '200000' });
  });

  it('parses Chinese and English keywords to the same tree', () => {
    const en = parse('benefit R1 { for inpatient amount claim.inPolicySelfPay deductible 6000 per year banded on annual amount { 6000 .. 16000 : 5% } }');
    const zh = parse('责任 R1 { 适用 inpatient 金额 理赔.inPolicySelfPay 起付线 6000 每年 分段累进 按 年度累计 { 6000 .. 16000 : 5% } }');
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'range' || k === 'opRange' || k === 'headRange' ? undefined : v)));
    expect(en.diagnostics).toEqual([]);
    expect(strip(zh.ast)).toEqual(strip(en.ast));
  });

  it('recovers and reports every syntax error with a range', () => {
    const text = 'plan "x" { }\nbenefit A { amount 5 ratio }\nbenefit B { amount ) ratio 5% }\ngroup G = member.age >= 3\n';
    const r = parse(text);
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(2);
    const lines = r.diagnostics.map((d) => d.range.start.line);
    expect(lines).toContain(2);
    expect(lines).toContain(3);
    // The declaration after the errors is still read.
    expect(r.ast.declarations.some((d) => d.kind === 'group')).toBe(true);
    for (const d of r.diagnostics) expect(d.range.start.offset).toBeLessThanOrEqual(text.length);
  });

  it('reports a missing closing brace at the end of the text', () => {
    const r = parse('plan "x" {');
    expect(r.diagnostics[0]).toMatchObject({ code: 'YB002', range: { start: { line: 1 } } });
  });
});
