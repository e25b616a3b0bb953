// Constants a plan holds must be ones the engine computes exactly (spec/language.md §2.3): amounts
// whole fen and below one billion yuan, percentages and points whole basis points and at most
// 900 %, other numbers below one billion with at most nine significant digits. Anything else is a
// check-time error at the constant (YB311 too large, YB312 too precise, YB308 finer than a basis
// point), not a plan that passes `check` and then fails every claim.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, formatDiagnostic } from '../engine/index';
import { HEADER, member } from './helpers';

const at = (text: string, reader?: Parameters<typeof compile>[2]) =>
  compile(text, 't.yibao', reader).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`);

const benefit = (deductible: string, extra = '') => `${HEADER}benefit R1 {
  for inpatient
  amount claim.inPolicySelfPay
  deductible ${deductible} per year
  ratio 50%
${extra}}
`;

describe('a deductible of 10^20 yuan', () => {
  const ZH = `方案 "大额" { 有效期 2016-01-01 至 2030-12-31 }
责任 R1 {
  适用 住院
  金额 理赔.政策内自付
  起付线 100000000000000000000 每年
  比例 50%
}
`;
  it('is YB311 at the constant, in Chinese and English, and the plan does not compile', () => {
    const r = compile(ZH, 'big.yibao');
    expect(r.plan).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB311@5:7']);
    const d = r.diagnostics[0]!;
    expect(formatDiagnostic(d, ZH, 'zh')).toContain('错误 YB311: 金额 100000000000000000000 元过大，无法精确计算：方案中的金额须小于十亿元。');
    expect(formatDiagnostic(d, ZH, 'en')).toContain('error YB311: The amount 100000000000000000000 yuan is too large to compute exactly: an amount in a plan must be below one billion yuan.');
  });

  it('written as money (1000000000000万) too', () => {
    expect(at(benefit('1000000000000万'))).toEqual(['YB311@5:14']);
  });
});

describe('the bounds, on each side', () => {
  const CASES: [string, string, string[]][] = [
    // [what, plan, expected errors]
    ['an amount just below one billion yuan', benefit('999999999.99'), []],
    ['an amount of one billion yuan', benefit('1000000000'), ['YB311@5:14']],
    ['99999.99万 (999,999,900 yuan)', benefit('99999.99万'), []],
    ['100000万, one billion yuan', benefit('100000万'), ['YB311@5:14']],
    ['a negative amount of one billion (YB304 and YB311)', benefit('-1000000000'), ['YB304@5:14', 'YB311@5:15']],
    ['an amount with three decimals', benefit('6000.005'), ['YB312@5:14']],
    ['a money literal with three decimals of a yuan (1.2345678万 = 12345.678)', benefit('1.2345678万'), ['YB312@5:14']],
    ['a money literal with two decimals after 万 is multiplied out (1.234567万 = 12345.67)', benefit('1.234567万'), []],
    ['an amount computed from literals alone, 10^12 yuan', benefit('10000 * 10000 * 1万'), ['YB311@5:14']],
    ['an amount computed from literals alone, below the bound', benefit('10000 * 9 * 1万'), []],
  ];
  for (const [what, plan, expected] of CASES) it(what, () => expect(at(plan)).toEqual(expected));

  it('900% and 900pp are the largest percentages; 900.01% is YB311', () => {
    const tilt = (v: string) => `${benefit('100')}group G = member.age >= 0\ntilt T for G { R1.deductible scale ${v} }\n`;
    expect(at(tilt('900%'))).toEqual([]);
    expect(at(tilt('900.01%'))).toEqual(['YB311@9:36']);
    expect(at(`${HEADER}param p = 900pp\nparam q = 900.01pp\n`)).toEqual(['YB311@3:11']);
    expect(at(`${HEADER}param p = 5.125pp\n`)).toEqual(['YB308@2:11']);
  });

  it('numbers: below one billion, at most nine significant digits', () => {
    const group = (cond: string) => `${HEADER}attribute n: number\ngroup G = ${cond}\n`;
    expect(at(group('member.n >= 999999999'))).toEqual([]);
    expect(at(group('member.n >= 1000000000'))).toEqual(['YB311@3:23']);
    expect(at(group('member.n >= 0.123456789'))).toEqual([]);
    expect(at(group('member.n >= 0.1234567891'))).toEqual(['YB312@3:23']);
    expect(at(group('member.n >= 0.000000001'))).toEqual([]); // one significant digit
    expect(at(`${HEADER}waiting 1000000000 days\n`)).toEqual(['YB311@2:9']);
  });

  it('a bare number is money where it meets money, a number where it multiplies it', () => {
    const amount = (e: string) => `${HEADER}benefit R1 { amount ${e} ratio 50% }\n`;
    expect(at(amount('claim.inPolicySelfPay - 0.005'))).toEqual(['YB312@2:45']);
    expect(at(amount('claim.inPolicySelfPay * 0.005'))).toEqual([]); // a factor: the product is rounded to the fen (§2.2)
    expect(at(amount('claim.inPolicySelfPay * 1000000000'))).toEqual(['YB311@2:45']);
    expect(at(`${HEADER}group G = member.age >= 60\nexclude claim when claim.inPolicySelfPay > 0.001 because "x"\n`)).toEqual(['YB312@3:44']);
    expect(at(`${HEADER}exclude claim when claim.inPolicySelfPay in [100, 2000000000] because "x"\n`)).toEqual(['YB311@2:51']);
    // A bare-number parameter is an amount in yuan (§7).
    expect(at(`${HEADER}param p = 100.005\n`)).toEqual(['YB312@2:11']);
    expect(at(`${HEADER}param p = 100.05\nparam q = 60\n`)).toEqual([]);
  });

  it('table values: a money table holds amounts, a percentage table percentages', () => {
    expect(at(`${HEADER}table T by k {\n  a 999999999.99\n  b 1000000000\n  c 1.005\n}\n`)).toEqual(['YB311@4:5', 'YB312@5:5']);
    expect(at(`${HEADER}table T by k {\n  a 900%\n  b 901%\n}\n`)).toEqual(['YB311@4:5']);
    expect(at(`${HEADER}table T by k {\n  a x\n  b 1000000000\n}\n`)).toEqual([]); // a text table: values are text
    const reader = () => 'k,v\na,12\nb,1000000000\n';
    const r = compile(`${HEADER}table T by k file "t.csv"\n`, 't.yibao', reader);
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB311@2:14']);
    expect(formatDiagnostic(r.diagnostics[0]!, '', 'en')).toContain('The amount 1000000000 yuan (t.csv:3) is too large to compute exactly');
    expect(formatDiagnostic(r.diagnostics[0]!, '', 'zh')).toContain('金额 1000000000 元（t.csv 第 3 行）过大');
  });
});

describe('plans at the bound compute exactly', () => {
  it('a cap of 999,999,999.99 yuan pays a claim of that amount in full at 100%', () => {
    const plan = compile(`${HEADER}benefit R1 { for inpatient amount claim.inPolicySelfPay ratio 100% cap 999999999.99 per year }\n`, 't.yibao').plan!;
    const r = evaluate(plan, { members: [member()], claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '999999999.99' }] });
    expect(r.errors).toEqual([]);
    // X = 999,999,999.99; × 100% = 999,999,999.99, the cap exactly.
    expect(r.claims[0]!.payout).toBe('999999999.99');
  });

  it('a deductible scaled by 900%', () => {
    const plan = compile(`${benefit('100')}group G = member.age >= 0\ntilt T for G { R1.deductible scale 900% }\n`, 't.yibao').plan!;
    const r = evaluate(plan, { members: [member()], claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '1000' }] });
    // deductible 100 × 900% = 900; (1000 − 900) × 50% = 50.00
    expect(r.claims[0]!.payout).toBe('50.00');
  });
});

describe('a computed percentage too large for exact arithmetic', () => {
  // A percentage computed from a member's attribute cannot be checked before the plan runs. Scaling
  // a deductible by it used to multiply past 2^53 and then loop for ever in the rounding division;
  // the claim is now rejected with YR011. Run in a child process, so a hang fails the test.
  it('rejects the claim with YR011 instead of hanging', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-exact-'));
    const script = join(dir, 'run.mts');
    const root = resolve('.');
    writeFileSync(script, `
import { compile, evaluate } from ${JSON.stringify(join(root, 'engine/index.ts'))};
const plan = compile(\`plan "t" { valid 2016-01-01 to 2030-12-31 }
attribute factor: number
group G = member.factor > 0
benefit R1 { for inpatient amount claim.inPolicySelfPay deductible 6000 per year ratio 50% }
tilt T for G { deductible scale member.factor * 1% }\`, 't.yibao').plan;
const claim = { member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '10000' };
const members = [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2015-01-01', attributes: { factor: '1000000000000000' } },
                 { id: 'm2', birthDate: '1980-01-01', enrolledSince: '2015-01-01', attributes: { factor: '50' } }];
const r = evaluate(plan, { members, claims: [{ id: 'c1', ...claim }, { id: 'c2', ...claim, member: 'm2' }] }, { trace: false });
console.log(JSON.stringify({ errors: r.errors.map((e) => [e.claim, e.path, e.code]), payouts: r.claims.map((c) => [c.id, c.payout]) }));
`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.signal, 'the evaluation hung').toBeNull();
    expect(run.status, run.stderr).toBe(0);
    // m2: deductible 6000 × 50% = 3000; (10000 − 3000) × 50% = 3500.00
    expect(JSON.parse(run.stdout)).toEqual({ errors: [['c1', '/claims/0', 'YR011']], payouts: [['c2', '3500.00']] });
  }, 90_000);
});
