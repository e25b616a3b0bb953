// What evaluate() promises beyond the payouts: errors in the request's document order (indexes
// compared as numbers, a record's fields in order), and traces only when asked for.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
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
