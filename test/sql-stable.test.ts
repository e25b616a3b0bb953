// Which limits keep one value for a whole benefit year (engine/sql/stable.ts, spec §34.2): the SQL
// backend settles an annual or shared limit in closed form only then, and refuses the plan
// otherwise. Each expectation is read off the rule: what a value reads, and whether that can change
// between two claims of one member's year.
import { describe, expect, it } from 'vitest';
import { stableSlot, stableTilts } from '../engine/sql/stable';
import { HEADER, irOfText } from './helpers';

const DECLS = `attribute residence: urban | rural
attribute parentsInsured: boolean
attribute claim.level: one | two
group 连续 = member.enrolledYears >= 2
group 老年 = member.age >= 60
group 城镇 = member.residence = urban
table 限额表 by residence {
  urban 6000
  rural 5000
}
table 等级表 by level {
  one 6000
  two 5000
}
`;

/** Whether benefit B's annual cap `cap` keeps one value all year, in a plan with `extra` declared first. */
function capStable(cap: string, extra = '', header = HEADER): boolean {
  const ir = irOfText(header + DECLS + extra + `benefit B { amount claim.inPolicySelfPay ratio 50% cap ${cap} per year }\n`);
  const limit = ir.benefits.find((b) => b.name === 'B')!.cap!;
  if (limit.kind !== 'own') throw new Error('B has a cap of its own');
  return stableSlot(ir, limit.value);
}

describe('a cap that keeps its value all year', () => {
  it('is a constant, or reads only what a member\'s year does not change', () => {
    for (const x of [
      '5000',
      // Full years of enrolment, the claim's benefit year, the birth date and member attributes are
      // fixed for the year; so are constants of every kind beside them.
      '(if member.enrolledYears >= 2 then 6000 else 5000)',
      '(if claim.year >= 2025 then 6000 else 5000)',
      '(if member.birthDate < 1960-01-01 then 6000 else 5000)',
      '(if member.residence = urban then 6000 else 5000)',
      '(if member.residence in [urban, rural] then 6000 else 5000)',
      '限额表[member.residence]',
      'max(5000, (if member in 连续 then 6000 else 0))',
      '(if not (member in 连续) then 5000 else 6000)',
      '(if member in 连续 and member in 城镇 then 6000 else 5000)',
      '6000 - (if member in 连续 then 1000 else 0)',
      '(if fullYears(member.birthDate, 2025-01-01) >= 60 then 6000 else 5000)',
      '(if member.id = "m1" then 6000 else 5000)',
      '(if member.parentsInsured = yes then 6000 else 5000)',
      '-(0 - (if member in 连续 then 6000 else 5000))',
    ]) expect(capStable(x), x).toBe(true);
  });

  it('is not one that reads the claim, the age or a date that moves', () => {
    for (const x of [
      'claim.inPolicySelfPay * 2',
      // The age changes on the birthday, within the year; so does a group defined by it.
      '(if member.age >= 60 then 6000 else 5000)',
      '(if member in 老年 then 6000 else 5000)',
      '(if member in 连续 and member in 老年 then 6000 else 5000)',
      '(if claim.level = one then 6000 else 5000)',
      '(if claim.level in [one] then 6000 else 5000)',
      '等级表[claim.level]',
      'min(5000, claim.inPolicySelfPay)',
      '-(0 - claim.inPolicySelfPay)',
      '(if not (member in 老年) then 5000 else 6000)',
      '(if fullYears(member.enrolledSince, claim.date) >= 1 then 6000 else 5000)',
      '(if member.enrolledYears >= 2 then claim.inPolicySelfPay else 5000)',
      '(if member.enrolledYears >= 2 then 5000 else claim.inPolicySelfPay)',
      // In any of two groups, one of which changes within the year.
      '(if member in [连续, 老年] then 6000 else 5000)',
      // A claim's flags: what this cannot show stable is taken as changing.
      '(if claim.flags has work_injury then 5000 else 6000)',
    ]) expect(capStable(x), x).toBe(false);
  });

  it('changes value by date only where a benefit year starts', () => {
    const P = (a: string, b: string, first = '2016-01-01') => `param P {\n  from ${first} to ${a}: 5000\n  from ${b}: 6000\n}\n`;
    // Calendar years: a step from 1 January, the one before ending on 31 December.
    expect(capStable('P', P('2024-12-31', '2025-01-01'))).toBe(true);
    expect(capStable('P', P('2025-06-30', '2025-07-01'))).toBe(false);
    // Policy years from 1 April: steps from 1 April, ending on 31 March.
    const april = HEADER.replace('}', 'year from 2021-04-01 }');
    expect(capStable('P', P('2025-03-31', '2025-04-01', '2016-04-01'), april)).toBe(true);
    expect(capStable('P', P('2024-12-31', '2025-01-01', '2016-04-01'), april)).toBe(false);
    // A first step from 1 January starts inside the policy year that began the April before.
    expect(capStable('P', P('2025-03-31', '2025-04-01'), april)).toBe(false);
    // A gap between two steps: no value for the rest of 2025.
    expect(capStable('P', 'param P {\n  from 2016-01-01 to 2025-06-30: 5000\n  from 2026-01-01: 6000\n}\n')).toBe(false);
    // Each member's own year: no date step lines up with all of them; one value without dates does.
    const anniversary = HEADER.replace('}', 'year anniversary }');
    expect(capStable('P', P('2024-12-31', '2025-01-01'), anniversary)).toBe(false);
    expect(capStable('Q', 'param Q = (if member in 连续 then 6000 else 5000)\n', anniversary)).toBe(true);
    expect(capStable('Q', 'param Q {\n  from 2016-01-01: (if member in 连续 then 6000 else 5000)\n}\n', anniversary)).toBe(false);
    // A parameter of one step without dates is its value; dated steps each read what they say.
    expect(capStable('Q', 'param Q = (if member in 连续 then 6000 else 5000)\n')).toBe(true);
    expect(capStable('Q', 'param Q = claim.inPolicySelfPay\n')).toBe(false);
    expect(capStable('Q', 'param Q {\n  from 2016-01-01 to 2024-12-31: (if member in 连续 then 6000 else 5000)\n  from 2025-01-01: 5000\n}\n')).toBe(true);
    expect(capStable('Q', 'param Q {\n  from 2016-01-01 to 2024-12-31: claim.inPolicySelfPay\n  from 2025-01-01: 5000\n}\n')).toBe(false);
    const mid = '{\n  from 2016-01-01 to 2025-06-30: (if member in 连续 then 6000 else 5000)\n  from 2025-07-01: 5000\n}\n';
    expect(capStable('Q', `param Q ${mid}`)).toBe(false);
    // The parameter the cap names, not another one.
    expect(capStable('Q', `param A = (if member in 连续 then 6000 else 5000)\nparam Q = claim.inPolicySelfPay\n`)).toBe(false);
  });
});

describe('tilts on a cap that keep it all year', () => {
  const tilted = (tilts: string) => {
    const ir = irOfText(HEADER + DECLS + tilts + 'benefit B { amount claim.inPolicySelfPay ratio 50% cap 5000 per year }\nbenefit C { amount claim.outOfPolicySelfPay ratio 50% cap 3000 per year }\n');
    return stableTilts(ir, 'cap', 'B');
  };

  it('are for groups whose membership holds all year, with amounts that do', () => {
    for (const x of [
      '',
      'tilt T for 连续 { B.cap + 1000 }\n',
      // A tilt on another benefit's ratio, or another limit, does not touch the cap.
      'tilt T for 老年 { C.ratio +5pp }\n',
      'tilt T for 老年 { C.ratio scale 110% }\n',
      'tilt T for 老年 { C.cap + 1000 }\n',
      // In a rule, a tilt that only decides may offer values that change: they never reach the cap.
      'tilt T for 连续 { B.cap + 1000 }\ntilt U for 连续 { C.ratio scale (if member.age >= 60 then 110% else 100%) }\ncombine T, U: first\n',
      // Stacked, a tilt that does not touch the cap decides nothing about it.
      'tilt T for 连续 { B.cap + 1000 }\ntilt U for 老年 { C.ratio +5pp }\ncombine T, U: stack\n',
    ]) expect(tilted(x), x).toBe(true);
  });

  it('are not for a group that changes within the year, nor in a rule with one', () => {
    for (const x of [
      'tilt T for 老年 { B.cap + 1000 }\n',
      'tilt T for 老年 { C.ratio +5pp; B.cap + 1000 }\n',
      // A group that holds all year, adding an amount that does not.
      'tilt T for 连续 { B.cap + (if member.age >= 60 then 1000 else 0) }\n',
      // A tilt acting on the cap is judged by all its values, the other benefit's ratio included.
      'tilt T for 连续 { C.ratio scale (if member.age >= 60 then 110% else 100%); B.cap + 1000 }\n',
      'tilt T for 连续 { cap + 1000 }\ntilt U for 老年 { C.ratio +5pp }\ncombine T, U: first\n',
      'tilt T for 连续 { cap + 1000 }\ntilt U for 老年 { C.ratio +5pp }\ncombine U, T: best\n',
    ]) expect(tilted(x), x).toBe(false);
  });
});
