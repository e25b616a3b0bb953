// The facts a compiled plan reads (engine/compile/facts.ts) when what they need is not there. A
// request names every member field its plan reads (request.ts, from the plan's needs), so through
// evaluate() these answers are reached only by a claim fact read while pricing (YR013); a program
// that settles with the runtime's own records (batch, an embedding claims system) meets the rest.
import { describe, expect, it } from 'vitest';
import { fact } from '../engine/compile/facts';
import { EvalError, type Env, type RtMember } from '../engine/ir/env';
import { premiums } from '../engine/index';
import { planOf } from './helpers';

const member = (birthDay: number, enrolledDay: number): RtMember => ({ id: 'm7', index: 0, birthDay, enrolledDay, groups: new Set(), attributes: new Map() });
const env = (m: RtMember): Env => ({ member: m, day: 20_000, year: 2024, yearStart: 19_723 }) as Env;
const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof EvalError ? { code: e.code, args: e.args } : e;
  }
  return 'no error';
};
const factOf = (field: string, root: 'member' | 'claim' = 'member') => fact({ kind: 'fact', root, field, type: 'date', exact: 'int' } as Parameters<typeof fact>[0], 'int');

describe('a member field left empty', () => {
  it('is refused with YR015 naming the member and the field, for each fact that reads it', () => {
    const noBirth = env(member(Number.NaN, 10_000));
    const noEnrolment = env(member(5_000, Number.NaN));
    const yr015 = (field: string) => ({ code: 'YR015', args: { member: 'm7', field, rule: 'the plan', ruleZh: '本方案' } });
    expect(failure(() => factOf('birthDate')(noBirth))).toEqual(yr015('birthDate'));
    expect(failure(() => factOf('age')(noBirth))).toEqual(yr015('birthDate'));
    expect(failure(() => factOf('enrolledSince')(noEnrolment))).toEqual(yr015('enrolledSince'));
    expect(failure(() => factOf('enrolledYears')(noEnrolment))).toEqual(yr015('enrolledSince'));
    expect(failure(() => factOf('enrolledDays')(noEnrolment))).toEqual(yr015('enrolledSince'));
    // Each reads only its own field: the other one empty does not matter.
    expect(factOf('age')(noEnrolment)).toBe(41); // day 5,000 is 1983-09-10; day 20,000 is 2024-10-04: 41 full years
    expect(factOf('enrolledDays')(noBirth)).toBe(10_000);
  });

  it('a claim fact with no claim is refused with YR013 naming the member', () => {
    expect(failure(() => factOf('date', 'claim')(env(member(5_000, 10_000))))).toEqual({ code: 'YR013', args: { member: 'm7' } });
  });
});

describe('a claim fact read while pricing, through a parameter', () => {
  it('rejects that member\'s premium with a message that names the member', () => {
    const plan = planOf(`plan "premium reads a claim" { valid 2025-01-01 to 2025-12-31 }
param 自付 = claim.inPolicySelfPay
group 有自付 = 自付 > 0
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium {
  89 when member in 有自付
  139 otherwise
}
`);
    const r = premiums(plan, { members: [{ id: 'm2', birthDate: '1980-05-01', enrolledSince: '2020-01-01' }], claims: [] });
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([['YR013', 'a claim fact is needed here but member "m2" is being priced without a claim / 此处需要理赔信息，但正在为参保人“m2”计算保费']]);
  });
});
