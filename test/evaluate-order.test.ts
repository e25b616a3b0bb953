// What evaluate() promises beyond the payouts: errors in the request's document order (indexes
// compared as numbers, a record's fields in order), and traces only when asked for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
import { EvalError, type RtClaim } from '../engine/ir/env';
import { byDateThenId, claimError, comparePaths } from '../engine/runtime/evaluate';
import { sortClaims } from '../engine/runtime/member-loop';
import { planOf } from './helpers';

const plan = planOf(`plan "order" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay deductible 100 per year ratio 50% }
`);
const claim = (i: number, extra: Record<string, unknown> = {}) => ({ id: `c${i}`, member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '1000', ...extra });

describe('evaluate()', () => {
  it('lists errors in document order: claim 2 before claim 10, and within a claim field by field', () => {
    const claims = Array.from({ length: 11 }, (_, i) => claim(i));
    claims[10] = claim(10, { setting: 'nowhere', inPolicySelfPay: 'abc' });
    claims[2] = claim(2, { date: '2025-13-01', setting: 'nowhere' });
    const r = evaluate(plan, { members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }], claims });
    // By hand: segments compared one by one, "2" < "10" as numbers, "date" < "setting" and
    // "inPolicySelfPay" < "setting" as text.
    const paths = r.errors.map((e) => e.path);
    expect(new Set(paths.map((p) => p.split('/')[2]))).toEqual(new Set(['2', '10']));
    const byHand = [...paths].sort((a, b) => {
      const [, , ia, fa = ''] = a.split('/');
      const [, , ib, fb = ''] = b.split('/');
      return Number(ia) - Number(ib) || (fa < fb ? -1 : fa > fb ? 1 : 0);
    });
    expect(paths).toEqual(byHand);
    expect(paths[0]!.startsWith('/claims/2/')).toBe(true);
    expect(paths[paths.length - 1]!.startsWith('/claims/10/')).toBe(true);
    // The other nine claims are settled.
    expect(r.claims.map((c) => c.id)).toEqual(['c0', 'c1', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
  });

  it('puts the claims before the members, as the paths sort', () => {
    // A member that is not an object fails as a whole (/members/0), its claim at its own path.
    const r = evaluate(plan, { members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }, 'x'], claims: [claim(0, { date: 'soon' })] });
    const paths = r.errors.map((e) => e.path);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    expect(paths.indexOf('/claims/0/date')).toBeLessThan(paths.indexOf('/members/1'));
  });

  it('gives traces by default and none with trace: false', () => {
    const request = { members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }], claims: [claim(0)] };
    expect(evaluate(plan, request).claims[0]!.trace.length).toBeGreaterThan(0);
    expect(evaluate(plan, request, { trace: false }).claims[0]!.trace).toEqual([]);
    // And traces again on the next call: the setting is not kept from one call to the next.
    expect(evaluate(plan, request).claims[0]!.trace.length).toBeGreaterThan(0);
  });
});

describe('the one settlement loop', () => {
  const member = (extra: Record<string, unknown> = {}) => ({ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01', ...extra });

  it('settles one day\'s claims in id order, whatever order they come in', () => {
    // Deductible 100 a year, then 50 %. By date, then id: z (02-01, 60) takes 60 of the deductible
    // and pays 0; a takes the other 40 and pays (100 − 40) × 50 % = 30.00; b and c pay 50.00 each.
    const r = evaluate(plan, { members: [member()], claims: [claim(0, { id: 'c' }), claim(1, { id: 'b' }), claim(2, { id: 'a' }), claim(3, { id: 'z', date: '2025-02-01', inPolicySelfPay: '60' })].map((c) => ({ ...c, inPolicySelfPay: c.inPolicySelfPay === '60' ? '60' : '100' })) });
    expect(Object.fromEntries(r.claims.map((c) => [c.id, c.payout]))).toEqual({ c: '50.00', b: '50.00', a: '30.00', z: '0.00' });
  });

  it('starts a new benefit year on its first day, not a day later', () => {
    // 2025-12-31 takes the whole deductible of 2025 (100, pays 0); 2026-01-01 is a new year, whose
    // deductible it takes again (pays 0); 2026-01-02 then pays 100 × 50 % = 50.00.
    const twoYears = planOf(`plan "order" { valid 2025-01-01 to 2026-12-31 }
benefit R1 { amount claim.inPolicySelfPay deductible 100 per year ratio 50% }
`);
    const r = evaluate(twoYears, { members: [member()], claims: [claim(0, { date: '2025-12-31', inPolicySelfPay: '100' }), claim(1, { date: '2026-01-01', inPolicySelfPay: '100' }), claim(2, { date: '2026-01-02', inPolicySelfPay: '100' })] });
    expect(r.claims.map((c) => c.payout)).toEqual(['0.00', '0.00', '50.00']);
    expect(r.members.map((m) => [m.year, m.payout])).toEqual([[2025, '0.00'], [2026, '50.00']]);
  });

  it('rejects a claim whose amount overflows exact integers (YR011) and settles the others', () => {
    // 999,999,999 yuan × 100,000 is 10^16 fen, past 2^53: not exact, so rejected. 1 yuan × 100,000 × 50 % = 50,000.00.
    const big = planOf(`plan "big" { valid 2025-01-01 to 2025-12-31 }
benefit R1 { amount claim.inPolicySelfPay * 100000 ratio 50% }
`);
    const r = evaluate(big, { members: [member()], claims: [claim(0, { inPolicySelfPay: '999999999' }), claim(1, { inPolicySelfPay: '1' })] });
    expect(r.errors.map((e) => [e.claim, e.path, e.code])).toEqual([['c0', '/claims/0', 'YR011']]);
    expect(r.claims.map((c) => [c.id, c.payout])).toEqual([['c1', '50000.00']]);
  });

  it('rejects a member without an enrolment date when years run from the enrolment anniversary, and its claims with it', () => {
    const anniversary = planOf(`plan "anniversary" { valid 2025-01-01 to 2025-12-31 year anniversary }
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`);
    const r = evaluate(anniversary, { members: [{ id: 'm1', birthDate: '1980-01-01' }, { id: 'm2', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }], claims: [claim(0), claim(1), claim(2, { member: 'm2' })] });
    // The plan reads the enrolment date, so the member record is rejected for the field; its claims
    // then name a member the request does not give (YR002).
    expect(r.errors.map((e) => [e.claim ?? e.member, e.path, e.code])).toEqual([['c0', '/claims/0/member', 'YR002'], ['c1', '/claims/1/member', 'YR002'], ['m1', '/members/0/enrolledSince', 'YR015']]);
    // m2's claim: 1000 × 50 % = 500.00.
    expect(r.claims.map((c) => [c.id, c.payout])).toEqual([['c2', '500.00']]);
  });
});

describe('request paths in document order', () => {
  it('compares indexes as numbers, names as text, and puts a record before its fields', () => {
    const sorted = ['/members/0', '/claims/10', '/claims/2/setting', '/claims/2', '/claims/2/date', '/claims/2/items/1', '/claims/2/items/0/code', '/claims/2/items/x'];
    expect([...sorted].sort(comparePaths)).toEqual([
      '/claims/2', '/claims/2/date', '/claims/2/items/0/code', '/claims/2/items/1', '/claims/2/items/x', '/claims/2/setting', '/claims/10', '/members/0',
    ]);
    expect(comparePaths('/claims/1', '/claims/1/date')).toBeLessThan(0);
    expect(comparePaths('/claims/1/date', '/claims/1')).toBeGreaterThan(0);
    expect(comparePaths('/claims/1/date', '/claims/1/date')).toBe(0);
    // An index before a name at the same place (as text, "1" < "x").
    expect(comparePaths('/claims/2/items/1', '/claims/2/items/x')).toBe(-1);
    expect(comparePaths('/claims/2/items/x', '/claims/2/items/1')).toBe(1);
  });
});

describe('a claim that could not be settled', () => {
  const claim = { id: 'c9', index: 4 } as RtClaim;
  it('is a request error at the claim, or at its date for a value not in force then', () => {
    expect(claimError(new EvalError('YR007', { table: 'T', key: 'x' }), claim)).toMatchObject({ claim: 'c9', path: '/claims/4', code: 'YR007' });
    expect(claimError(new EvalError('YR006', { name: 'P', date: '2025-03-01' }), claim)).toMatchObject({ claim: 'c9', path: '/claims/4/date', code: 'YR006' });
  });
  it('is never made of a fault in the engine itself: that is thrown on', () => {
    const fault = new TypeError('a bug');
    expect(() => claimError(fault, claim)).toThrow(fault);
  });
});

describe("a member's claims in settlement order", () => {
  it('are sorted in place by date, then id, as Array.prototype.sort sorts them, few or many', () => {
    // Days from a small range and ids from a small alphabet, so that dates tie often; ids are
    // unique, as a member's claims are (YR003). Lengths on both sides of the in-place bound.
    const claims = fc.uniqueArray(fc.record({ day: fc.integer({ min: 0, max: 5 }), id: fc.stringMatching(/^[a-c0-9]{1,3}$/) }), { selector: (c) => c.id, maxLength: 60 });
    fc.assert(
      fc.property(claims, (cs) => {
        const list = cs.map((c) => ({ ...c }) as unknown as RtClaim);
        const want = [...list].sort(byDateThenId);
        sortClaims(list);
        expect(list).toEqual(want);
        // In order: each one's date, then id, at most the next one's.
        for (let k = 1; k < list.length; k++) expect(list[k - 1]!.day < list[k]!.day || (list[k - 1]!.day === list[k]!.day && list[k - 1]!.id < list[k]!.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
