// premiums(): the first matching line of the plan's schedule for each member, in request order,
// with its rule named by its place; member errors reported, claim errors left to evaluate().
import { describe, expect, it } from 'vitest';
import { premiums } from '../engine/index';
import { OverflowError } from '../engine/core/money';
import { planOf } from './helpers';

const plan = planOf(`plan "premiums" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium {
  0 when member.age < 18
  89 when member.age < 60
  139 otherwise
}
`);
const m = (id: string, birthDate: string) => ({ id, birthDate, enrolledSince: '2020-01-01' });

describe('premiums()', () => {
  it('takes the first line that matches, age on the first day of the year, members in request order', () => {
    // Ages on 2025-01-01: m2 born 2007-01-02 is 17 -> 0.00 (line 1); m1 born 1965-01-01 is 60 -> 139.00
    // (line 3); m3 born 1965-01-02 is 59 -> 89.00 (line 2).
    const r = premiums(plan, { members: [m('m2', '2007-01-02'), m('m1', '1965-01-01'), m('m3', '1965-01-02')], claims: [] });
    expect(r.errors).toEqual([]);
    expect(r.members.map((x) => [x.id, x.year, x.premium])).toEqual([['m2', 2025, '0.00'], ['m1', 2025, '139.00'], ['m3', 2025, '89.00']]);
    expect(r.members.map((x) => x.rule)).toEqual(['premium line 1 (line 4)', 'premium line 3 (line 6)', 'premium line 2 (line 5)']);
    expect(r.members.map((x) => x.line)).toEqual([4, 6, 5]);
  });

  it('reports a bad member record, not a bad claim', () => {
    const r = premiums(plan, {
      members: [m('m1', '1980-01-01'), m('m2', 'not a date')],
      claims: [{ id: 'c1', member: 'm1', date: 'soon', setting: 'inpatient', inPolicySelfPay: '1' }],
    });
    expect(r.members.map((x) => x.id)).toEqual(['m1']);
    expect(r.errors.map((e) => [e.member, e.claim, e.path.split('/')[1]])).toEqual([['m2', undefined, 'members']]);
  });

  it('says when no line matches, naming the member', () => {
    const partial = planOf(`plan "no line for the old" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium {
  89 when member.age < 60
}
`);
    const r = premiums(partial, { members: [m('m1', '1950-01-01')], claims: [] });
    expect(r.members).toEqual([]);
    expect(r.errors.map((e) => [e.member, e.path, e.code, e.message])).toEqual([['m1', '/members/0', 'YR012', 'no premium line applies / 没有适用的保费规则']]);
  });
});

describe('premiums() at its edges', () => {
  it('checks the member fields its schedule reads (here the birth date, for the age) before pricing', () => {
    const r = premiums(plan, { members: [{ id: 'm1', enrolledSince: '2020-01-01' }], claims: [] });
    expect(r.members).toEqual([]);
    expect(r.errors.map((e) => [e.member, e.path])).toEqual([['m1', '/members/0/birthDate']]);
  });

  it('keeps errors of the request as a whole, and drops those of claims alone', () => {
    const r = premiums(plan, { members: {}, claims: [{ id: 'c1' }] });
    expect(r.errors.map((e) => e.path)).toEqual(['/members']);
  });

  it('says once that a plan without a schedule quotes nothing', () => {
    const none = planOf(`plan "no premiums" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`);
    const r = premiums(none, { members: [m('m1', '1980-01-01'), m('m2', '1990-01-01')], claims: [] });
    expect(r).toEqual({ members: [], errors: [{ path: '', code: 'YR012', message: expect.stringMatching(/premium/) }] });
  });

  it('prices the benefit year of today when the plan has no period of validity', () => {
    const open = planOf(`plan "open" { }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium {
  89 otherwise
}
`);
    const before = new Date().getUTCFullYear();
    const r = premiums(open, { members: [m('m1', '1980-01-01')], claims: [] });
    expect(r.errors).toEqual([]);
    // The calendar year of the run (read on both sides of the call, should it cross a new year).
    expect([before, new Date().getUTCFullYear()]).toContain(r.members[0]!.year);
  });

  it('rejects a member whose premium overflows (YR011), and throws on a fault in the engine itself', () => {
    const line = plan.premium!.lines[2]!;
    const failing = (fault: Error) => ({ ...plan, premium: { ...plan.premium!, lines: [{ ...line, amount: () => { throw fault; } }] } });
    const r = premiums(failing(new OverflowError()), { members: [m('m1', '1980-01-01')], claims: [] });
    expect(r.errors.map((e) => [e.member, e.path, e.code])).toEqual([['m1', '/members/0', 'YR011']]);
    const bug = new TypeError('a bug');
    expect(() => premiums(failing(bug), { members: [m('m1', '1980-01-01')], claims: [] })).toThrow(bug);
  });
});
