// The CLI in-process (fast), plus one real `node bin/yibao.js` run to prove the entry point works.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'yibao-cli-'));
const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
const REQ = 'examples/requests/weihai-2024.json';
const WEIHAI = 'examples/weihai-2024.yibao';

describe('yibao check', () => {
  it('passes the example plans with exit 0', async () => {
    const r = await cli('check', 'examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/jilin-dabing.yibao', 'examples/weihai-2024.test.yibao');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // A clean check says so in one line, in the chosen language.
    expect(r.out.trim()).toBe('已检查 4 个文件，没有错误。');
    expect((await cli('check', WEIHAI, '--lang', 'en')).out.trim()).toBe('Checked 1 file: no errors.');
  });

  it('prints every error as a code frame with file:line:column and exits 1', async () => {
    const p = write('bad.yibao', 'plan "x" { }\nbenefit B {\n  amount claim.inPolicySelfPay + 5%\n  ratio 70%\n}\ngroup G = member.agee > 3\n');
    const r = await cli('check', p, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:3:32: error YB201: Cannot add money (yuan) and a ratio (%).`);
    expect(r.err).toContain(`${p}:6:18: error YB103: member has no field "agee"; did you mean "age"?`);
    expect(r.err).toMatch(/3 \|   amount claim\.inPolicySelfPay \+ 5%\n\s+\|\s+\^/);
    expect(r.out.trim()).toBe('Checked 1 file: 1 with errors.');
  });

  it('speaks Chinese by default', async () => {
    const r = await cli('check', write('zh.yibao', 'plan "x" { }\nbenefit B { amount 1 + 5% ratio 70% }'));
    expect(r.err).toContain('错误 YB201');
  });

  it('reports a missing file without a stack trace', async () => {
    const r = await cli('check', join(tmp, 'nope.yibao'));
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('yibao eval', () => {
  it('prints the result, and exits 1 because one claim is rejected while the others are paid', async () => {
    const r = await cli('eval', WEIHAI, REQ);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.out);
    // c1: (12000 − 6000) × (5% + 5pp for 3 years' enrolment) = 600
    expect(result.claims.find((c: { id: string }) => c.id === 'c1').payout).toBe('600.00');
    expect(result.errors).toMatchObject([{ claim: 'c5', path: '/claims/4/date' }]);
    expect(result.claims.length + result.errors.length).toBe(5);
  });

  it('exits 2 on a plan with errors and 1 on a request that is not JSON', async () => {
    expect((await cli('eval', write('e.yibao', 'benefit'), REQ)).code).toBe(2);
    const r = await cli('eval', WEIHAI, write('r.json', '{"claims": ['), '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain('not valid JSON');
  });
});

describe('yibao explain and premium', () => {
  it('explains a claim step by step with rule locations, in Chinese and English', async () => {
    const zh = await cli('explain', WEIHAI, REQ, 'c1');
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('理赔 c1');
    expect(zh.out).toContain('600.00');
    expect(zh.out).toMatch(/examples\/weihai-2024\.yibao:\d+:\d+/);
    const en = await cli('explain', WEIHAI, REQ, 'c1', '--lang', 'en');
    expect(en.out).toContain('Claim c1 (member m1, date 2025-03-01): total payout 600.00 yuan');
  });

  it('computes premiums with ages on the first day of the benefit year', async () => {
    const r = await cli('premium', WEIHAI, REQ);
    const out = JSON.parse(r.out);
    // m1 born 1980-05-01 is 44 on 2025-01-01 → 89; m2 born 2012 is 12 with both parents insured → 0
    expect(out.members.map((m: { id: string; premium: string }) => [m.id, m.premium])).toEqual([['m1', '89.00'], ['m2', '0.00']]);
  });
});

describe('yibao test', () => {
  it('runs plan tests and ends with "N passed, N failed"', async () => {
    const p = write('t.yibao', `plan "t" { }
benefit B { amount claim.inPolicySelfPay ratio 50% }
test "pays half" { member m { birthDate 1980-01-01, enrolledSince 2020-01-01 } claim c { member m, date 2025-01-01, setting inpatient, inPolicySelfPay 100 } expect c pays 50 }
test "wrong on purpose" { member m { birthDate 1980-01-01, enrolledSince 2020-01-01 } claim c { member m, date 2025-01-01, setting inpatient, inPolicySelfPay 100 } expect c pays 51 }
`);
    const r = await cli('test', p);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').at(-1)).toBe('1 passed, 1 failed');
    expect(r.out).toContain('expected 51.00, got 50.00');
  });
});

describe('the installed entry point', () => {
  it('node bin/yibao.js runs the CLI', () => {
    const out = execFileSync(process.execPath, ['bin/yibao.js', 'premium', WEIHAI, REQ], { encoding: 'utf8' });
    expect(JSON.parse(out).members[0].premium).toBe('89.00');
  });
});
