// Every closure the compiler builds, on both paths: each condition below is settled once as written
// (its root computes in integers) and once joined with a condition that forces decimals
// (`member.age > 0.5`, true for this member), and must hold or fail as worked out by hand. A
// benefit per condition pays the claim's whole amount when it holds, so the payouts show each
// answer. (exact-marks.test.ts: which path lowering picks; here: what each path computes.)
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../engine/compile/plan';
import { evaluate } from '../engine/index';
import { irOfText } from './helpers';

// The member: born 1980-05-01, enrolled 2015-01-01, urban, factor 1.000000000000000001, 低保 yes.
// The claim: 2025-03-01, inpatient, flagged third_party, 100 yuan in policy, of which items D1 30
// yuan and X9 70 yuan.
//   age on 2025-03-01: 44 (45 only from 2025-05-01).
//   enrolledYears at the year's start 2025-01-01: 10.
//   enrolledDays: 2015-01-01 → 2025-01-01 is 3,650 + 3 leap days (2016, 2020, 2024) = 3,653, + 31 (Jan) + 28 (Feb) = 3,712.
//   claim.date − birthDate: 1980-05-01 → 2025-05-01 is 45 × 365 + 11 leap days (1984 … 2024) = 16,436; less 61 (Mar, Apr) = 16,375.
// A third element: the condition is decimal as written too (a day less a day has no native step).
const HOLDS: [string, boolean, 'decimal'?][] = [
  ['member.age > 44', false],
  ['member.age >= 44', true],
  ['member.age < 44', false],
  ['member.age <= 44', true],
  ['member.age > 43', true],
  ['member.age < 45', true],
  ['member.age = 44', true],
  ['member.age != 44', false],
  ['member.age != 43', true],
  ['member.age * 2 = 88', true],
  ['member.age - 4 = 40', true],
  ['member.age + 1 = 45', true],
  ['-member.age = 0 - 44', true],
  ['max(member.age, 50) = 50', true],
  ['min(member.age, 50) = 44', true],
  ['member.age in [43, 44]', true],
  ['member.age in [45]', false],
  ['member.enrolledYears = 10', true],
  ['member.enrolledDays = 3712', true],
  ['member.enrolledDays = 3711', false],
  ['fullYears(member.birthDate, claim.date) = 44', true],
  ['claim.year != 2025', false],
  ['claim.year = 2025', true],
  ['claim.setting != outpatient', true],
  ['claim.setting = inpatient', true],
  ['claim.setting in [outpatient, maternity]', false],
  ['member.residence = urban', true],
  ['member.residence != urban', false],
  ['claim.date - 30 days >= 2025-01-30', true],
  ['claim.date - 30 days >= 2025-01-31', false],
  ['claim.date + 30 = 2025-03-31', true],
  ['claim.date + 1 months = 2025-04-01', true],
  ['claim.date + (1 months + 2 months) = 2025-06-01', true],
  ['claim.date - 30 days = 2025-01-30', true],
  ['claim.date - 2 months = 2025-01-01', true],
  ['member.birthDate + 45年 > claim.date', true],
  ['claim.date - member.birthDate = 16375', true, 'decimal'],
  ['claim.date - member.birthDate = 16374', false, 'decimal'],
  // The member's factor 1.000000000000000001 is more than 1, by less than a double can tell.
  ['member.factor > 1', true, 'decimal'],
  ['member.factor <= 1', false, 'decimal'],
  ['member.factor - 1 > 0', true, 'decimal'],
  ['max(1, member.factor) > 1', true, 'decimal'],
  ['min(member.factor, 1) < member.factor', true, 'decimal'],
  ['claim.date > 2025-02-28', true],
  ['claim.date in [2025-03-01]', true],
  ['claim.date in [单]', true],
  ['member.residence in [rural, urban]', true],
  ['member.低保 in [yes]', true],
  ['member.低保 in [no]', false],
  ['claim.flags has any [工伤]', false],
  ['claim.inPolicySelfPay = 100', true],
  ['claim.inPolicySelfPay != 100', false],
  ['claim.inPolicySelfPay > 99.99', true],
  ['claim.inPolicySelfPay * 3 = 300', true],
  ['claim.inPolicySelfPay in [100, 200]', true],
  // The claim's items: D1 30 yuan (in the catalogue), X9 70 yuan.
  ['(items in 特药) = 30', true],
  ['(items where item.amount > 50) = 70', true],
  ['(items where item.code in 特药) = 30', true],
  ['(items where item.amount > 80) = 0', true],
  // 起 is 2025-01-01 until 2025-02-28 and 2025-03-01 from then (the claim's date).
  ['claim.date = 起', true],
  ['基数[claim.year] = 5000', true],
  ['收入[claim.year, member.residence] = 52000', true],
  ['claim.flags has work_injury', false],
  ['claim.flags has any [work_injury, abroad]', false],
  // The claim's one flag, third_party.
  ['claim.flags has third_party', true],
  ['claim.flags has any [abroad, third_party]', true],
  ['not (member.age = 44)', false],
  ['member.age = 44 and claim.year = 2024', false],
  ['member.age = 45 or claim.year = 2025', true],
  ['if member.age > 60 then claim.year = 2024 else claim.year = 2025', true],
];

const PLAN = `plan "paths" { valid 2025-01-01 to 2025-12-31 }
attribute residence: urban | rural
attribute factor: number
attribute 低保: boolean
param 起 { from 2025-01-01 to 2025-02-28: 2025-01-01  from 2025-03-01: 2025-03-01 }
param 单 = 2025-03-01
catalogue 特药 ["D1", "D2"]
table 基数 by year {
  2024 4000
  2025 5000
}
table 收入 by year, residence {
  2025 urban 52000
  2025 rural 21000
}
${HOLDS.map(([c], i) => `benefit I${i} {\n  amount if ${c} then claim.inPolicySelfPay else 0\n  ratio 100%\n}\nbenefit D${i} {\n  amount if (${c}) and member.age > 0.5 then claim.inPolicySelfPay else 0\n  ratio 100%\n}\n`).join('')}`;

describe('each closure, integer and decimal', () => {
  it('holds or fails as worked out by hand, on both paths', () => {
    const ir = irOfText(PLAN);
    // The two benefits of each condition take the two paths.
    expect(ir.benefits.map((b) => b.amount.value.expr.exact)).toEqual(HOLDS.flatMap(([, , path]) => [path ?? 'int', 'decimal']));
    const plan = compilePlan(ir);
    const out = evaluate(plan, {
      members: [{ id: 'm1', birthDate: '1980-05-01', enrolledSince: '2015-01-01', attributes: { residence: 'urban', factor: '1.000000000000000001', 低保: true } }],
      claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '100', flags: ['third_party'], items: [{ code: 'D1', amount: '30', class: 'in' }, { code: 'X9', amount: '70', class: 'in' }] }],
    }, { trace: false });
    expect(out.errors).toEqual([]);
    const paid = out.claims[0]!.benefits;
    const got = HOLDS.map(([c], i) => [c, paid[2 * i]!.payout === '100.00', paid[2 * i + 1]!.payout === '100.00']);
    expect(got).toEqual(HOLDS.map(([c, holds]) => [c, holds, holds]));
  });
});

describe('days enrolled before the enrolment date', () => {
  it('are none, not a negative count, on both paths', () => {
    // Enrolled 2025-06-01, a claim on 2025-03-01: 92 days before, so enrolledDays is 0.
    const ir = irOfText(`plan "d" { valid 2025-01-01 to 2025-12-31 }
benefit I { amount if member.enrolledDays = 0 then claim.inPolicySelfPay else 0  ratio 100% }
benefit D { amount if member.enrolledDays = 0 and member.age > 0.5 then claim.inPolicySelfPay else 0  ratio 100% }
`);
    const out = evaluate(compilePlan(ir), {
      members: [{ id: 'm1', birthDate: '1980-05-01', enrolledSince: '2025-06-01' }],
      claims: [{ id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '100' }],
    }, { trace: false });
    expect(out.claims[0]!.benefits.map((b) => b.payout)).toEqual(['100.00', '100.00']);
  });
});
