// Terms are worked out no more often than they must be (compile/depends.ts, runtime/resolved.ts):
// once per date step for what reads nothing of the member or claim, once per member-year for what
// reads the member, afresh for each claim for what reads the claim, an age or days enrolled. Each
// benefit below has a ratio that reads one kind of value, and the claims are ordered so that a
// ratio kept one step too long pays the previous claim's ratio. Payouts are worked out by hand:
// with a flat ratio and no deductible, a claim of 100 yuan pays 100 × its ratio.
import { describe, expect, it } from 'vitest';
import { run } from './helpers';

const DECLS = `plan "fresh" { valid 2025-01-01 to 2026-12-31 }
attribute 低保: boolean
attribute residence: urban | rural
attribute claim.等级: 一级 | 二级
group 困难
param 阶 { from 2025-01-01 to 2025-05-31: 10%  from 2025-06-01 to 2026-12-31: 20% }
table 比例表 by residence {
  urban 12.5%
  rural 7%
}
catalogue 特药 ["D1"]
`;

// One plan per ratio: how long terms are kept is decided for the whole plan (a plan with one
// member-year benefit empties every kept term at each member-year), so each ratio stands alone.
const RATIO_OF: Record<string, string> = {
  B1: 'if member.age >= 60 then 80% else 50%',
  B2: 'if claim.setting = inpatient then 70% else 40%',
  B3: 'if member.低保 then 80% else 50%',
  B4: 'if member in 困难 then 90% else 50%',
  B5: '阶',
  B6: 'if claim.等级 = 一级 then 90% else 50%',
  B7: 'if member.enrolledDays > 130 then 60% else 30%',
  B8: 'if claim.year = 2025 then 50% else 60%',
  B9: 'if member.enrolledYears >= 1 then 60% else 40%',
  B10: 'if fullYears(member.birthDate, claim.date) >= 60 then 80% else 50%',
  B11: '比例表[member.residence]',
  B12: 'if (items in 特药) > 0 then 90% else 50%',
};

// 甲: born 1965-05-15 (60 from 2025-05-15), enrolled 2025-01-01, 低保, urban, listed in 困难.
// 乙: born 1990-01-01, enrolled 2024-01-01, not 低保, rural, in no group.
const 甲 = { id: '甲', birthDate: '1965-05-15', enrolledSince: '2025-01-01', groups: ['困难'], attributes: { 低保: true, residence: 'urban' } };
const 乙 = { id: '乙', birthDate: '1990-01-01', enrolledSince: '2024-01-01', attributes: { 低保: false, residence: 'rural' } };
const claims = [
  // c1: age 59, day 120 of enrolment (31 + 28 + 31 + 30), 0 years enrolled at 2025-01-01, inpatient, 一级.
  { id: 'c1', member: '甲', date: '2025-05-01', setting: 'inpatient', inPolicySelfPay: '100', attributes: { 等级: '一级' } },
  // c2: age 60, day 139 (120 + 19), in the same date step as c1, outpatient, 二级, all of it a catalogue drug.
  { id: 'c2', member: '甲', date: '2025-05-20', setting: 'outpatient', inPolicySelfPay: '100', attributes: { 等级: '二级' }, items: [{ code: 'D1', amount: '100', class: 'in' }] },
  // c3: age 60, day 374 (365 + 9), 1 year enrolled at 2026-01-01, year 2026, inpatient, 一级.
  { id: 'c3', member: '甲', date: '2026-01-10', setting: 'inpatient', inPolicySelfPay: '100', attributes: { 等级: '一级' } },
  // c4: 乙, age 35, day 366 + 120 = 486, 1 year enrolled at 2025-01-01, inpatient, 一级.
  { id: 'c4', member: '乙', date: '2025-05-01', setting: 'inpatient', inPolicySelfPay: '100', attributes: { 等级: '一级' } },
];

// Each benefit's ratio for c1, c2, c3, c4, by hand from the facts above.
const RATIOS: Record<string, [string, string, string, string]> = {
  B1: ['50', '80', '80', '50'], // age ≥ 60
  B2: ['70', '40', '70', '70'], // inpatient
  B3: ['80', '80', '80', '50'], // 低保
  B4: ['90', '90', '90', '50'], // listed in 困难
  B5: ['10', '10', '20', '10'], // the step in force: 10% to 2025-05-31, then 20%
  B6: ['90', '50', '90', '90'], // 一级
  B7: ['30', '60', '60', '60'], // days enrolled > 130: 120, 139, 374, 486
  B8: ['50', '50', '60', '50'], // claim.year = 2025
  B9: ['40', '40', '60', '60'], // years enrolled ≥ 1
  B10: ['50', '80', '80', '50'], // full years ≥ 60
  B11: ['12.5', '12.5', '12.5', '7'], // 比例表 by residence
  B12: ['50', '90', '50', '50'], // any catalogue item
};

const pays = (ratio: string) => Number(ratio).toFixed(2); // 100 yuan × ratio % is the ratio in yuan

describe('terms worked out as often as what they read can change', () => {
  for (const [order, members] of [['甲 first', [甲, 乙]], ['乙 first', [乙, 甲]]] as const) {
    it(`each ratio as its own claim, member and date see it (${order})`, () => {
      const got = Object.fromEntries(Object.entries(RATIO_OF).map(([b, ratio]) => {
        const r = run(`${DECLS}benefit ${b} { amount claim.inPolicySelfPay ratio ${ratio} }\n`, claims, [...members]);
        expect(r.errors).toEqual([]);
        return [b, r.claims.map((c) => c.benefits[0]!.payout)];
      }));
      const want = Object.fromEntries(Object.entries(RATIOS).map(([b, rs]) => [b, rs.map(pays)]));
      expect(got).toEqual(want);
    });
  }
});

// Terms that read the member through something other than the ratio: a shared pool's value, a
// tilt's value, a band's edge. Kept one member too long, 乙 would get 甲's terms (or the reverse).
// 甲 is 低保, 乙 is not; every claim is 100 yuan.
const THROUGH: [string, string, string[]][] = [
  // A shared deductible per claim of 0 yuan for 低保, else 50: 100 − 0 = 100 for 甲's claims, 100 − 50 = 50 for 乙's.
  ['a shared deductible', 'deductible 池 = if member.低保 then 0 else 50 per claim\nbenefit B { amount claim.inPolicySelfPay deductible shared 池 ratio 100% }', ['100.00', '100.00', '100.00', '50.00']],
  // A shared cap per claim of 30 yuan for 低保, else 60.
  ['a shared cap', 'cap 顶 = if member.低保 then 30 else 60 per claim\nbenefit B { amount claim.inPolicySelfPay ratio 100% cap shared 顶 }', ['30.00', '30.00', '30.00', '60.00']],
  // 50 % raised by 20 points for 低保, else by 10: 70 for 甲, 60 for 乙.
  ['a tilt\'s value', 'group 全员 = member.enrolledYears >= 0\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\ntilt T for 全员 { ratio + (if member.低保 then 20pp else 10pp) }', ['70.00', '70.00', '70.00', '60.00']],
  // A band of 100 % up to 50 yuan a year for 低保, else 80: 甲's c1 pays 50, c2 nothing more that
  // year, c3 50 in 2026; 乙 80.
  ['a band\'s edge', 'param 边 = if member.低保 then 50 else 80\nbenefit B {\n  amount claim.inPolicySelfPay\n  banded above deductible {\n    0 .. 边 : 100%\n  }\n}', ['50.00', '0.00', '50.00', '80.00']],
];

describe('terms that read the member through a pool, a tilt or a band', () => {
  for (const [order, members] of [['甲 first', [甲, 乙]], ['乙 first', [乙, 甲]]] as const) {
    it.each(THROUGH)(`%s is worked out for each member (${order})`, (_what, body, want) => {
      const r = run(`${DECLS}${body}\n`, claims, [...members]);
      expect(r.errors).toEqual([]);
      expect(r.claims.map((c) => c.payout)).toEqual(want);
    });
  }
});
