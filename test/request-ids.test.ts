// A request's repeated claim ids: the first claim with an id is taken, every later one is refused
// (YR003) at its own path, whether the claims are few (compared one by one) or many (a Set).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../engine/request/request';

const plan = { settings: new Map([['inpatient', 'inpatient']]), flags: new Map<string, string>(), attributes: new Map(), claimAttributes: new Map() };
const member = { id: 'm1', birthDate: '1980-05-01', enrolledSince: '2020-01-01' };
const claim = (id: string) => ({ id, member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '100' });

describe('repeated claim ids', () => {
  it('refuses every claim after the first with its id, for short and long lists alike', () => {
    // Ids from a pool of 24, lists of up to 60: lists past 16 claims, duplicates on both sides of it.
    const ids = fc.array(fc.integer({ min: 0, max: 23 }).map((n) => `c${n}`), { maxLength: 60, size: 'max' });
    fc.assert(
      fc.property(ids, (list) => {
        const v = validateRequest(plan, { members: [member], claims: list.map(claim) });
        const first = new Set<string>();
        const taken: string[] = [];
        const refused: string[] = [];
        list.forEach((id, i) => {
          if (first.has(id)) refused.push(`/claims/${i}/id`);
          else {
            first.add(id);
            taken.push(id);
          }
        });
        expect(v.claims.map((c) => c.id)).toEqual(taken);
        expect(v.errors.map((e) => e.path)).toEqual(refused);
        expect(v.errors.every((e) => e.code === 'YR003')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads an unknown field of the request, and only its own fields', () => {
    const request = Object.assign(Object.create({ inherited: 1 }), { members: [member], claims: [claim('c1')], extra: true });
    expect(validateRequest(plan, request).errors.map((e) => [e.code, e.path])).toEqual([['YR001', '/extra']]);
  });
});
