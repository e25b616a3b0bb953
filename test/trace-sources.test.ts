// What a trace says each value was worked out from (engine/compile/provenance.ts): the step of a
// dated parameter in force, the rows looked up (a missing one shown as —), and, for an amount, the
// facts it reads (dates as dates, money to the fen, flags left out). Each text is written by hand.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
import { planOf } from './helpers';

const PLAN = `plan "sources" { valid 2025-01-01 to 2025-12-31 }
attribute residence: urban | rural
table 基数 by residence {
  urban 5000
}
param 甲 { from 2025-01-01 to 2025-06-30: 基数[member.residence]  from 2025-07-01: 100元 }
param 乙 { from 2025-01-01 to 2025-06-30: 甲  from 2025-07-01: 200元 }
benefit B {
  amount if claim.date > 2025-06-30 or claim.flags has work_injury then claim.inPolicySelfPay else claim.outOfPolicySelfPay
  deductible if member.residence = urban then 乙 else 0元 per year
  ratio 50%
}
`;

const sources = (residence: string, date: string) => {
  const r = evaluate(planOf(PLAN), {
    members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { residence } }],
    claims: [{ id: 'c', member: 'm', date, setting: 'inpatient', inPolicySelfPay: '1000', outOfPolicySelfPay: '300.5' }],
  });
  if (!r.claims[0]) throw new Error(JSON.stringify(r.errors));
  const trace = r.claims[0]!.trace;
  const source = (rule: string) => trace.find((s) => s.rule.startsWith(rule))?.inputs?.source;
  return { amount: source('B amount'), deductible: source('B deductible') };
};

describe('where a value came from, in the trace', () => {
  it('a dated parameter inside a dated parameter: each step in force, then the row it looked up', () => {
    // 2025-03-01: 乙's first step holds 甲, whose first step looks 基数 up for urban: 5000.00.
    expect(sources('urban', '2025-03-01').deductible).toBe('乙 2025-01-01..2025-06-30; 甲 2025-01-01..2025-06-30; 基数[urban] = 5000.00');
    // 2025-08-01: 乙's second step, 200 yuan, reads nothing more.
    expect(sources('urban', '2025-08-01').deductible).toBe('乙 2025-07-01..');
  });

  it('a row that is not in the table is shown as —, and the value is still settled', () => {
    // A rural member takes the else branch (0 yuan), but the trace names what the deductible reads.
    expect(sources('rural', '2025-03-01').deductible).toBe('乙 2025-01-01..2025-06-30; 甲 2025-01-01..2025-06-30; 基数[rural] = —');
  });

  it('a schedule names the parameters its bands read, the top of a closed last band too', () => {
    const plan = planOf(`plan "bands" { valid 2025-01-01 to 2025-12-31 }
param 底 = 1000元
param 顶 { from 2025-01-01 to 2025-06-30: 10000元  from 2025-07-01: 20000元 }
benefit B {
  amount claim.inPolicySelfPay
  banded on annual amount { 0 .. 底 : 50%  底 .. 顶 : 60% }
}
`);
    const r = evaluate(plan, {
      members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      claims: [{ id: 'c', member: 'm', date: '2025-08-01', setting: 'inpatient', inPolicySelfPay: '1000' }],
    });
    // 底 is the same on every date: nothing to say of it. 顶, read only as the top of the last band,
    // is in its second step on 2025-08-01.
    expect(r.claims[0]!.trace.find((s) => s.rule.startsWith('B banded'))?.inputs?.source).toBe('顶 2025-07-01..');
  });

  it('an amount names the facts it reads, a date as a date and money to the fen, never the flags', () => {
    expect(sources('urban', '2025-03-01').amount).toBe('claim.date = 2025-03-01; claim.inPolicySelfPay = 1000.00; claim.outOfPolicySelfPay = 300.50');
  });
});

describe('a source that cannot be read is left out, the rest still named', () => {
  const plan = planOf(`plan "unread" { valid 2025-01-01 to 2025-12-31 }
attribute residence: urban | rural
attribute claim.既往: boolean
attribute claim.补贴: money
table 基数 by residence {
  urban 5000
}
param 甲 { from 2025-01-01 to 2025-06-30: 基数[member.residence]  from 2025-07-01: 100元 }
benefit B {
  amount if claim.既往 then claim.inPolicySelfPay else claim.inPolicySelfPay + claim.补贴
  deductible if claim.flags has work_injury then 甲 else 0元 per claim
  ratio 50%
}
`);
  // The member has no residence and the claim no 补贴: neither is read to settle this claim (the
  // 既往 branch, no work_injury flag), so it is paid; the trace walks every branch and cannot read them.
  // Settled inside each test: a mutation run counts only what a test runs.
  const settle = () => evaluate(plan, {
    members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
    claims: [{ id: 'c', member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '1000', attributes: { 既往: true } }],
  });
  const source = (rule: string) => settle().claims[0]?.trace.find((s) => s.rule.startsWith(rule))?.inputs?.source;

  it('settles the claim: 1000.00 at 50 % with no deductible', () => {
    const r = settle();
    expect(r.errors).toEqual([]);
    expect(r.claims[0]!.payout).toBe('500.00');
  });

  it('an amount names a yes-or-no fact as written and leaves out the money it could not read', () => {
    expect(source('B amount')).toBe('claim.既往 = true; claim.inPolicySelfPay = 1000.00');
  });

  it('a dated parameter names its step even when the row its step looks up cannot be keyed', () => {
    expect(source('B deductible')).toBe('甲 2025-01-01..2025-06-30');
  });
});
