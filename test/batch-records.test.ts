// Batch's writer, in one thread: rejected records (their order, their fields in JSON Lines and in
// CSV, a claim that fails while it is settled) and CSV result lines with excluded items. Payouts
// and records by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestMessage } from '../engine/ir/request-errors';
import { runCli, tempFolder } from './helpers';

const { dir, file } = tempFolder('yibao-batch-records-');
const cli = (...argv: string[]) => runCli([...argv, '--workers', '1', '--quiet']);
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');
const jsonLines = (path: string) => lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);

// 赔付率 is in force from June only: a claim before June fails while it is settled (YR006).
const PLAN = `plan "writer" { valid 2025-01-01 to 2025-12-31 }
param 赔付率 {
  from 2025-06-01: 50%
}
exclude item when item.category in ["cosmetic"] because "cosmetic, or beauty"
exclude item when item.category in ["tonic"] because "滋补保健"
benefit B { amount claim.outOfPolicySelfPay ratio 赔付率 }
`;
const MEMBERS = 'id,birthDate,enrolledSince\nm1,1980-01-01,2020-01-01\n';
const item = (code: string, amount: string, category: string) => ({ code, amount, class: 'out', category });
const claim = (id: string, date: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, member: 'm1', date, setting: 'inpatient', outOfPolicySelfPay: '100', ...extra });

describe('batch: CSV result lines', () => {
  it('give the excluded amount and its reasons: one reason as it is, several joined by " | ", quoted when they hold a comma', async () => {
    const plan = file('w1.yibao', PLAN);
    const claims = file('w1.jsonl', [
      claim('c1', '2025-07-01', { outOfPolicySelfPay: '1000', items: [item('X1', '100', 'cosmetic'), item('X2', '50.50', 'tonic')] }),
      claim('c2', '2025-08-01', { outOfPolicySelfPay: '200', items: [item('X3', '20', 'cosmetic')] }),
      claim('c3', '2025-09-01', { outOfPolicySelfPay: '300', items: [item('X4', '30', 'cosmetic')] }),
      claim('c4', '2025-10-01', { items: [item('X5', '40', 'tonic')] }),
      claim('c5', '2025-11-01'),
    ].join('\n') + '\n');
    const out = join(dir, 'w1.csv');
    const r = await cli('eval', plan, '--members', file('w1m.csv', MEMBERS), '--claims', claims, '--out', out);
    expect(r.code).toBe(0);
    // The run's totals: 424.75 + 90 + 135 + 30 + 50 = 729.75 (the lines below).
    expect(r.err).toContain('totals by benefit: B 729.75');
    // c1: 1000 − 100 − 50.50 = 849.50 out of policy, × 50% = 424.75; excluded 150.50.
    // c2: (200 − 20) × 50% = 90; c3: (300 − 30) × 50% = 135 (the same single reason twice);
    // c4: (100 − 40) × 50% = 30, excluded 40; c5: 100 × 50% = 50, nothing excluded.
    expect(readFileSync(out, 'utf8')).toBe([
      'id,member,date,payout,B,excluded,excludedReasons',
      'c1,m1,2025-07-01,424.75,424.75,150.50,"cosmetic, or beauty | 滋补保健"',
      'c2,m1,2025-08-01,90.00,90.00,20.00,"cosmetic, or beauty"',
      'c3,m1,2025-09-01,135.00,135.00,30.00,"cosmetic, or beauty"',
      'c4,m1,2025-10-01,30.00,30.00,40.00,滋补保健',
      'c5,m1,2025-11-01,50.00,50.00,0.00,',
      '',
    ].join('\n'));
  });
});

describe('batch: totals by benefit', () => {
  it('add each claim\'s own lines, however many the claim before had', async () => {
    const plan = file('w7.yibao', `plan "two" { valid 2025-01-01 to 2025-12-31 }
benefit A { amount claim.inPolicySelfPay ratio 50% }
benefit O { for outpatient amount claim.outOfPolicySelfPay ratio 60% }
`);
    const claims = file('w7.jsonl', [
      JSON.stringify({ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'outpatient', inPolicySelfPay: '100', outOfPolicySelfPay: '100' }),
      JSON.stringify({ id: 'c2', member: 'm1', date: '2025-04-01', setting: 'inpatient', inPolicySelfPay: '200', outOfPolicySelfPay: '0' }),
    ].join('\n') + '\n');
    const r = await cli('eval', plan, '--members', file('w7m.csv', MEMBERS), '--claims', claims, '--out', join(dir, 'w7-out.jsonl'));
    expect(r.code).toBe(0);
    // c1: A 100 × 50% = 50, O 100 × 60% = 60; c2: A 200 × 50% = 100, no O. A 150, O 60.
    expect(r.err).toContain('totals by benefit: A 150.00, O 60.00');
  });
});

describe('batch: rejected claims', () => {
  // m1's claim lines: 1–10 and 14 settle; 3, 11 and 12 fail while settled (before June); 5 has an
  // unknown setting; 13's id is not text; 15 names no member.
  const claimLines = [
    claim('a01', '2025-06-01'), claim('a02', '2025-06-02'), claim('a03', '2025-03-01'), claim('a04', '2025-06-04'),
    claim('a05', '2025-06-05', { setting: 'spa', date: '2025-02-30' }), claim('a06', '2025-06-06'), claim('a07', '2025-06-07'),
    claim('a08', '2025-06-08'), claim('a09', '2025-06-09'), claim('a10', '2025-06-10'), claim('a11', '2025-04-01'),
    claim('a12', '2025-02-01'), claim('a13', '2025-06-13', { id: 5 }), claim('a14', '2025-06-14'),
    JSON.stringify({ id: 'a15', date: '2025-06-15', setting: 'inpatient', outOfPolicySelfPay: '100' }),
  ];

  it('are written in line order, with the field of the failure, whatever step rejected them', async () => {
    const plan = file('w2.yibao', PLAN);
    const out = join(dir, 'w2-out.jsonl');
    const errors = join(dir, 'w2e.jsonl');
    const r = await cli('eval', plan, '--members', file('w2m.csv', MEMBERS), '--claims', file('w2.jsonl', claimLines.join('\n') + '\n'), '--out', out, '--errors', errors);
    expect(r.code).toBe(1);
    expect(r.err).toContain('claims in 15 = results 9 + rejected 6 ✓');
    expect(r.err).toContain('totals by benefit: B 450.00');
    // Nine claims of 100 out of policy, each 100 × 50% = 50.
    expect(jsonLines(out).map((x) => `${x.id} ${x.payout}`)).toEqual(['a01', 'a02', 'a04', 'a06', 'a07', 'a08', 'a09', 'a10', 'a14'].map((id) => `${id} 50.00`));
    const got = jsonLines(errors);
    // Records come member by member (the claim naming no member first), each member's in line order.
    expect(got.map((e) => e.line)).toEqual([15, 3, 5, 11, 12, 13]);
    const notInForce = (date: string) => ({ path: '/date', code: 'YR006', message: requestMessage('YR006', 'default', { name: '赔付率', date }) });
    const noMember = got.shift()!;
    expect(got[0]).toEqual({ file: 'claims', line: 3, claim: 'a03', member: 'm1', reasons: [notInForce('2025-03-01')] });
    expect(got[1]).toMatchObject({ file: 'claims', line: 5, claim: 'a05', member: 'm1' });
    expect((got[1]!.reasons as { path: string; code: string }[]).map((x) => `${x.path} ${x.code}`)).toEqual(['/date YR001', '/setting YR008']);
    // Line 11 is the twelfth claim's neighbour: its index has two digits.
    expect(got[2]).toEqual({ file: 'claims', line: 11, claim: 'a11', member: 'm1', reasons: [notInForce('2025-04-01')] });
    expect(got[3]).toEqual({ file: 'claims', line: 12, claim: 'a12', member: 'm1', reasons: [notInForce('2025-02-01')] });
    // An id that is not text is no claim id: the record leaves it out, as it leaves out a member
    // the line does not name.
    expect(got[4]).toMatchObject({ file: 'claims', line: 13, member: 'm1' });
    expect(Object.keys(got[4]!)).toEqual(['file', 'line', 'member', 'reasons']);
    expect(noMember).toMatchObject({ file: 'claims', line: 15, claim: 'a15' });
    expect(Object.keys(noMember)).toEqual(['file', 'line', 'claim', 'reasons']);
  });

  it('are CSV rows under a header when the errors file is CSV: empty cells for what a record lacks, several reasons joined', async () => {
    const plan = file('w3.yibao', PLAN);
    const errors = join(dir, 'w3e.csv');
    const r = await cli('eval', plan, '--members', file('w3m.csv', MEMBERS), '--claims', file('w3.jsonl', claimLines.join('\n') + '\n'), '--out', join(dir, 'w3-out.jsonl'), '--errors', errors);
    expect(r.code).toBe(1);
    const rows = lines(errors);
    expect(rows[0]).toBe('file,line,claim,member,code,path,message');
    // The message holds quotes: the cell is quoted, its quotes doubled.
    const yr006 = requestMessage('YR006', 'default', { name: '赔付率', date: '2025-03-01' });
    expect(rows[1]).toMatch(/^claims,15,a15,,YR001,\/member,/);
    expect(rows[2]).toBe(`claims,3,a03,m1,YR006,/date,"${yr006.replaceAll('"', '""')}"`);
    expect(rows[3]).toMatch(/^claims,5,a05,m1,YR001 \| YR008,\/date \| \/setting,.+ \| .+$/);
    expect(rows[6]).toMatch(/^claims,13,,m1,/);
    expect(rows).toHaveLength(7);
  });

  it('name the members file line for a claim whose member the plan rejects, and give a duplicate its own reason', async () => {
    const plan = file('w4.yibao', PLAN);
    const members = file('w4m.csv', 'id,birthDate,enrolledSince\nm1,1980-13-01,2020-01-01\n');
    const errors = join(dir, 'w4e.jsonl');
    const r = await cli('eval', plan, '--members', members, '--claims', file('w4.jsonl', [claim('b1', '2025-07-01'), claim('b1', '2025-08-01')].join('\n') + '\n'), '--out', join(dir, 'w4-out.jsonl'), '--errors', errors);
    expect(r.code).toBe(1);
    const [first, second, memberRec] = jsonLines(errors) as { file: string; reasons: { path: string; code: string; message: string }[] }[];
    expect(first!.reasons).toEqual([{ path: '/member', code: 'YR002', message: requestMessage('YR002', 'rejectedMemberLine', { line: 2 }) }]);
    expect(second!.reasons).toEqual([{ path: '/id', code: 'YR003', message: requestMessage('YR003', 'duplicateClaim', { id: 'b1' }) }]);
    // The member's record: its path is the field's, within the record.
    expect(memberRec).toMatchObject({ file: 'members', line: 2, member: 'm1' });
    expect(memberRec!.reasons.map((x) => `${x.path} ${x.code}`)).toEqual(['/birthDate YR001']);
  });
});

describe('batch: a claim\'s reasons', () => {
  it('stay the claim\'s when the field they name holds a line separator', async () => {
    const plan = file('w6.yibao', `plan "fields" { valid 2025-01-01 to 2025-12-31 }
benefit B { amount claim.outOfPolicySelfPay ratio 50% }
`);
    const errors = join(dir, 'w6e.jsonl');
    const odd = claim('s1', '2025-07-01', { 'x\u2028y': 'one' });
    const r = await cli('eval', plan, '--members', file('w6m.csv', MEMBERS), '--claims', file('w6.jsonl', odd + '\n'), '--out', join(dir, 'w6-out.jsonl'), '--errors', errors);
    expect(r.code).toBe(1);
    expect(r.err).toContain('member records in 1 = valid 1 + rejected 0 ✓');
    const [rec] = jsonLines(errors) as { claim: string; reasons: { path: string }[] }[];
    expect(rec!.claim).toBe('s1');
    expect(rec!.reasons.map((x) => x.path)).toEqual(['/x\u2028y']);
  });
});

describe('batch: items of CSV claims', () => {
  it('go to no claim without an id or a member, even rows naming them "undefined"', async () => {
    const plan = file('w5.yibao', `plan "items" { valid 2025-01-01 to 2025-12-31 }
benefit B { amount claim.outOfPolicySelfPay ratio 50% }
`);
    const claims = file('w5c.csv', 'id,member,date,setting,outOfPolicySelfPay\n,m1,2025-03-01,inpatient,100\nk2,m1,2025-04-01,inpatient,100\nk3,,2025-05-01,inpatient,100\n');
    const items = file('w5i.csv', 'member,claim,code,amount,class,category\nm1,undefined,X1,10,out,drug\nm1,k2,X2,10,out,drug\nundefined,k3,X3,10,out,drug\n');
    const errors = join(dir, 'w5e.jsonl');
    const r = await cli('eval', plan, '--members', file('w5m.csv', MEMBERS), '--claims', claims, '--items', items, '--out', join(dir, 'w5.csv'), '--errors', errors);
    expect(r.code).toBe(1);
    expect(r.err).toContain('item rows in 3 = attached 1 + rejected 2 ✓');
    expect(jsonLines(errors).map((e) => `${e.file}:${e.line}`)).toEqual(['claims:4', 'claims:2', 'items:2', 'items:4']);
  });
});
