// Payout semantics, each expectation computed by hand from the rules in spec/language.md.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
import { HEADER, claim, member, payouts, planOf, run, codesOf } from './helpers';

const R1 = `${HEADER}
benefit R1 {
  amount claim.inPolicySelfPay
  deductible 6000 per year
  banded on annual amount { 6000 .. 16000 : 5%  16000 .. 100000 : 60%  100000 .. : 70% }
}`;

describe('schedules', () => {
  it('banded on the annual amount: a deductible and a band crossed inside claims', () => {
    const r = run(R1, [
      claim({ id: 'a', date: '2025-01-10', inPolicySelfPay: '12000' }), // (12000−6000)×5% = 300
      claim({ id: 'b', date: '2025-02-10', inPolicySelfPay: '10000' }), // A 12000→22000: (16000−12000)×5% + (22000−16000)×60% = 200 + 3600 = 3800
    ]);
    expect(payouts(r)).toEqual({ a: '300.00', b: '3800.00' });
    expect(r.members[0]!.benefits[0]).toMatchObject({ eligible: '22000.00', deductible: '6000.00', payout: '4100.00' });
  });

  it('banded above the deductible shifts bands by the deductible', () => {
    const plan = `${HEADER}benefit J { amount claim.inPolicySelfPay deductible 20000 per year banded above deductible { 0 .. 50000 : 50%  50000 .. : 60% } }`;
    // X = 90000 − 20000 = 70000: 50000×50% + 20000×60% = 25000 + 12000 = 37000
    expect(payouts(run(plan, [claim({ id: 'a', inPolicySelfPay: '90000' })]))).toEqual({ a: '37000.00' });
  });

  it('whole-amount: the band the total falls in sets one ratio for all of it', () => {
    const plan = `${HEADER}benefit W { amount claim.inPolicySelfPay whole-amount above deductible { 0 .. 10000 : 50%  10000 .. : 70% } }`;
    const r = run(plan, [
      claim({ id: 'a', date: '2025-01-01', inPolicySelfPay: '8000' }), // 8000×50% = 4000
      claim({ id: 'b', date: '2025-01-02', inPolicySelfPay: '4000' }), // total 12000×70% = 8400; 8400 − 4000 = 4400
    ]);
    expect(payouts(r)).toEqual({ a: '4000.00', b: '4400.00' });
  });

  it('whole-amount on the annual amount chooses the band by the gross total', () => {
    const plan = `${HEADER}benefit W { amount claim.inPolicySelfPay deductible 1000 per year whole-amount on annual amount { 0 .. 10000 : 50%  10000 .. : 70% } }`;
    // A = 10000 falls in the second band: (10000 − 1000) × 70% = 6300
    expect(payouts(run(plan, [claim({ id: 'a', inPolicySelfPay: '10000' })]))).toEqual({ a: '6300.00' });
  });
});

describe('deductibles and caps', () => {
  it('a per-claim deductible applies to every claim', () => {
    const plan = `${HEADER}benefit B { amount claim.inPolicySelfPay deductible 500 per claim ratio 50% }`;
    const r = run(plan, [claim({ id: 'a', date: '2025-01-01', inPolicySelfPay: '1500' }), claim({ id: 'b', date: '2025-01-02', inPolicySelfPay: '300' })]);
    // a: (1500−500)×50% = 500; b: 300 < 500 → 0
    expect(payouts(r)).toEqual({ a: '500.00', b: '0.00' });
  });

  it('a shared deductible is consumed in date order, and in declaration order within a claim', () => {
    const plan = `${HEADER}
deductible D = 10000 per year
benefit X { amount items where item.category = "x" deductible shared D ratio 70% }
benefit Y { amount items where item.category = "y" deductible shared D ratio 60% }`;
    const r = run(plan, [
      claim({ id: 'a', date: '2025-01-01', setting: 'outpatient', items: [{ code: 'p', amount: '4000', class: 'out', category: 'y' }] }), // Y uses 4000 of D → 0
      claim({ id: 'b', date: '2025-02-01', setting: 'outpatient', items: [{ code: 'q', amount: '8000', class: 'out', category: 'x' }, { code: 'r', amount: '1000', class: 'out', category: 'y' }] }),
      // X first: 6000 of D left → X pays (8000−6000)×70% = 1400; Y: D used up → 1000×60% = 600
    ]);
    expect(r.claims.find((c) => c.id === 'b')!.benefits.map((b) => [b.name, b.payout])).toEqual([['X', '1400.00'], ['Y', '600.00']]);
    expect(payouts(r)).toEqual({ a: '0.00', b: '2000.00' });
  });

  it('an annual cap is reached inside a claim and pays nothing after', () => {
    const plan = `${HEADER}benefit B { amount claim.outOfPolicySelfPay ratio 70% cap 1000 per year }`;
    const r = run(plan, [claim({ id: 'a', date: '2025-01-01', outOfPolicySelfPay: '1000' }), claim({ id: 'b', date: '2025-01-02', outOfPolicySelfPay: '1000' }), claim({ id: 'c', date: '2025-01-03', outOfPolicySelfPay: '1000' })]);
    // 700; min(1400, 1000) − 700 = 300; 1000 − 1000 = 0
    expect(payouts(r)).toEqual({ a: '700.00', b: '300.00', c: '0.00' });
  });

  it('a per-claim cap and a shared annual cap', () => {
    const plan = `${HEADER}
cap Total = 1500 per year
benefit A { amount claim.inPolicySelfPay ratio 100% cap 800 per claim }
benefit B { amount claim.outOfPolicySelfPay ratio 100% cap shared Total }
benefit C { amount claim.overLimitSelfPay ratio 100% cap shared Total }`;
    const r = run(plan, [claim({ id: 'a', inPolicySelfPay: '1000', outOfPolicySelfPay: '1000', overLimitSelfPay: '1000' })]);
    // A: min(1000, 800) = 800; B: 1000 (pool 1500 → 500 left); C: min(1000, 500) = 500
    expect(r.claims[0]!.benefits.map((b) => b.payout)).toEqual(['800.00', '1000.00', '500.00']);
  });
});

describe('accumulation', () => {
  it('input order never changes a payout; ties on a date go by claim id', () => {
    const cs = [
      claim({ id: 'z', date: '2025-05-01', inPolicySelfPay: '5000' }),
      claim({ id: 'b', date: '2025-03-01', inPolicySelfPay: '7000' }),
      claim({ id: 'a', date: '2025-03-01', inPolicySelfPay: '7000' }),
    ];
    const one = run(R1, cs);
    const two = run(R1, [...cs].reverse());
    // a: (7000−6000)×5% = 50; b: A 7000→14000: 7000×5% = 350; z: A 14000→19000: 2000×5% + 3000×60% = 100 + 1800 = 1900
    expect(payouts(one)).toEqual({ z: '1900.00', b: '350.00', a: '50.00' });
    expect(payouts(two)).toEqual(payouts(one));
    expect(JSON.stringify(two.members)).toBe(JSON.stringify(one.members));
  });

  it('the benefit year resets on 1 January', () => {
    const r = run(R1, [claim({ id: 'a', date: '2025-12-31', inPolicySelfPay: '12000' }), claim({ id: 'b', date: '2026-01-01', inPolicySelfPay: '12000' })]);
    // each year: (12000−6000)×5% = 300
    expect(payouts(r)).toEqual({ a: '300.00', b: '300.00' });
    expect(r.members.map((m) => m.year)).toEqual([2025, 2026]);
  });
});

describe('rounding', () => {
  const plan = (mode: string) => `plan "r" { rounding 0.01 ${mode} }\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`;
  // 0.05 × 50% = 0.025 yuan
  it.each([
    ['half-up', '0.03'],
    ['half-even', '0.02'],
    ['down', '0.02'],
    ['up', '0.03'],
  ])('%s', (mode, expected) => {
    expect(payouts(run(plan(mode), [claim({ id: 'a', inPolicySelfPay: '0.05' })]))).toEqual({ a: expected });
  });

  it('rounds the annual function, so the year never drifts', () => {
    const r = run(plan('half-up'), [claim({ id: 'a', date: '2025-01-01', inPolicySelfPay: '0.05' }), claim({ id: 'b', date: '2025-01-02', inPolicySelfPay: '0.05' })]);
    // round(0.025) = 0.03; round(0.05) − 0.03 = 0.02; year 0.05 = round(0.10 × 50%)
    expect(payouts(r)).toEqual({ a: '0.03', b: '0.02' });
  });
});

describe('tilts', () => {
  const base = `${HEADER}
group P
group Q
benefit B { amount claim.inPolicySelfPay deductible 10000 per year ratio 50% }`;

  it('cut, scale, waive and points', () => {
    const cases: [string, string][] = [
      ['deductible cut 40%', '5000.00'], // D 6000: (16000−6000)×50%
      ['deductible scale 50%', '5500.00'], // D 5000: 11000×50%
      ['deductible waived', '8000.00'], // 16000×50%
      ['ratio +5pp', '3300.00'], // 6000×55%
      ['ratio -5pp', '2700.00'], // 6000×45%
      ['deductible - 1000', '3500.00'], // D 9000: 7000×50%
    ];
    for (const [action, expected] of cases) {
      const r = run(`${base}\ntilt T for P { ${action} }`, [claim({ id: 'a', inPolicySelfPay: '16000' })], [member('m1', { groups: ['P'] })]);
      expect(payouts(r), action).toEqual({ a: expected });
    }
  });

  it('two tilts that can meet need a combine rule', () => {
    expect(codesOf(`${base}\ntilt T1 for P { ratio +5pp }\ntilt T2 for Q { ratio +10pp }`)).toContain('YB501');
  });

  it('combine: stack, first and best', () => {
    const tilts = `${base}\ntilt T1 for P { ratio +5pp }\ntilt T2 for Q { ratio +10pp  deductible waived }\n`;
    const both = [member('m1', { groups: ['P', 'Q'] })];
    const c = [claim({ id: 'a', inPolicySelfPay: '16000' })];
    // stack: D 0, ratio 65% → 16000×65% = 10400
    expect(payouts(run(`${tilts}combine T1, T2: stack`, c, both))).toEqual({ a: '10400.00' });
    // first: only T1 → 6000×55% = 3300
    expect(payouts(run(`${tilts}combine T1, T2: first`, c, both))).toEqual({ a: '3300.00' });
    // best: ratio max(55%, 60%) = 60%, deductible min(10000, 0) = 0 → 16000×60% = 9600
    expect(payouts(run(`${tilts}combine T1, T2: best`, c, both))).toEqual({ a: '9600.00' });
  });

  it('a tilt for a listed group or an age group follows the member past a birthday within the year', () => {
    const plan = `${HEADER}group P\ngroup 老 = member.age >= 60\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\ntilt T for P, 老 { ratio +10pp }`;
    // Not in P; 60 on 2025-06-15: 59 on 2025-03-01 → 50% of 100 = 50; 60 on 2025-07-01 → 60% = 60
    const r = run(plan, [claim({ id: 'a', date: '2025-03-01', inPolicySelfPay: '100' }), claim({ id: 'b', date: '2025-07-01', inPolicySelfPay: '100' })], [member('m1', { birthDate: '1965-06-15' })]);
    expect(payouts(r)).toEqual({ a: '50.00', b: '60.00' });
  });

  it('terms read from the member are worked out again for the next member, beside terms that read nothing', () => {
    const plan = `${HEADER}group 低保\nbenefit B1 { amount claim.inPolicySelfPay deductible if member in 低保 then 0 else 1000 per year ratio 50% }\nbenefit B2 { amount claim.outOfPolicySelfPay ratio 10% }`;
    const r = run(plan, [claim({ id: 'a', member: 'p', inPolicySelfPay: '2000' }), claim({ id: 'b', member: 'q', inPolicySelfPay: '2000' })], [member('p', { groups: ['低保'] }), member('q')]);
    // p: (2000 − 0) × 50% = 1000; q, same date and no tilts: (2000 − 1000) × 50% = 500
    expect(payouts(r)).toEqual({ a: '1000.00', b: '500.00' });
  });

  it('a shared deductible that reads the member is worked out again for the next member, beside one that reads nothing', () => {
    const plan = `${HEADER}group 低保\ndeductible Fixed = 100 per year\ndeductible ByMember = if member in 低保 then 0 else 1000 per year\nbenefit B1 { amount claim.inPolicySelfPay deductible shared ByMember ratio 50% }\nbenefit B2 { amount claim.outOfPolicySelfPay deductible shared Fixed ratio 10% }`;
    const r = run(plan, [claim({ id: 'a', member: 'p', inPolicySelfPay: '2000' }), claim({ id: 'b', member: 'q', inPolicySelfPay: '2000' })], [member('p', { groups: ['低保'] }), member('q')]);
    // p: (2000 − 0) × 50% = 1000; q: (2000 − 1000) × 50% = 500 (B2: no out-of-policy amount, 0)
    expect(payouts(r)).toEqual({ a: '1000.00', b: '500.00' });
  });

  it('a benefit year in which every claim was rejected leaves no year in the results', () => {
    const plan = `${HEADER}param 比率 { from 2025-01-01 to 2025-12-31: 50% }\nbenefit B { amount claim.inPolicySelfPay ratio 比率 }`;
    const r = run(plan, [claim({ id: 'a', date: '2025-03-01', inPolicySelfPay: '100' }), claim({ id: 'b', date: '2026-03-01', inPolicySelfPay: '100' })]);
    // 2025: 100 × 50% = 50; 2026: no step of 比率 in force → rejected (YR006), nothing settled that year
    expect(payouts(r)).toEqual({ a: '50.00' });
    expect(r.errors.map((e) => [e.claim, e.code])).toEqual([['b', 'YR006']]);
    expect(r.members.map((y) => [y.id, y.year, y.payout])).toEqual([['m1', 2025, '50.00']]);
  });

  it('a claim rejected after some of its benefits were settled leaves the year as it was before it', () => {
    // A and C settle before B, whose ratio is not in force after June (YR006), so c2 fails midway:
    // what A and C took from the shared deductible, the shared cap and C's own year must be given back.
    // (Other and Others, which no benefit uses, make D and Total the second pool of each kind.)
    const plan = `${HEADER}deductible Other = 5 per year
deductible D = 100 per year
cap Others = 5 per year
cap Total = 300 per year
param 比率 { from 2025-01-01 to 2025-06-30: 50% }
benefit A { amount claim.inPolicySelfPay deductible shared D banded above deductible { 0 .. 100 : 100%  100 .. : 50% } cap shared Total }
benefit C { for outpatient, inpatient amount claim.overLimitSelfPay deductible 20 per year ratio 100% }
benefit B { for outpatient amount claim.outOfPolicySelfPay deductible 50 per year ratio 比率 }`;
    const r = run(plan, [
      claim({ id: 'c1', date: '2025-03-01', setting: 'outpatient', inPolicySelfPay: '60', overLimitSelfPay: '10', outOfPolicySelfPay: '80' }),
      claim({ id: 'c2', date: '2025-08-01', setting: 'outpatient', inPolicySelfPay: '400', overLimitSelfPay: '30', outOfPolicySelfPay: '100' }),
      claim({ id: 'c3', date: '2025-09-01', inPolicySelfPay: '100' }),
      claim({ id: 'c4', date: '2025-10-01', inPolicySelfPay: '1000', overLimitSelfPay: '30' }),
    ]);
    // c1: A takes 60 of D, pays 0; C takes 10 of its 20, pays 0; B: 80 − 50 = 30 × 50% = 15.
    // c2 rejected: A would have taken D's last 40 and paid 100 + 260 × 50% = 230 of Total; C its last 10.
    // c3: A takes D's last 40; 60 past D, all in the first band: 60 (Total 60 of 300). (Had A kept
    //     c2's 360 past D: 100 + 320 × 50% = 260, less 230 before = 30.)
    // c4: A: 1060 past D, 100 + 960 × 50% = 580, less 60 = 520, capped at Total's 240 left;
    //     C: year 10 + 30 = 40, 20 past its 20 → 20 (deductible 10). 240 + 20 = 260.
    expect(payouts(r)).toEqual({ c1: '15.00', c3: '60.00', c4: '260.00' });
    expect(r.errors.map((e) => [e.claim, e.code])).toEqual([['c2', 'YR006']]);
    // 15 + 60 + 260 = 335; A: 60 + 100 + 1000 eligible, 60 + 40 deducted, 60 + 240 paid;
    // C: 10 + 0 + 30, 10 + 10, 20; B: 80, 50, 15.
    expect(r.members.map((y) => [y.year, y.payout])).toEqual([[2025, '335.00']]);
    expect(r.members[0]!.benefits.map((b) => [b.name, b.eligible, b.deductible, b.payout])).toEqual([
      ['A', '1160.00', '100.00', '300.00'],
      ['C', '40.00', '20.00', '20.00'],
      ['B', '80.00', '50.00', '15.00'],
    ]);
  });

  it('a tilt for a condition group reaches only members it matches', () => {
    const plan = `${HEADER}group 老 = member.age >= 60\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\ntilt T for 老 { ratio +10pp }`;
    const r = run(plan, [claim({ id: 'old', member: 'o', inPolicySelfPay: '100' }), claim({ id: 'young', member: 'y', inPolicySelfPay: '100' })], [
      member('o', { birthDate: '1965-03-01' }), // 60 on 2025-03-01 → 60%
      member('y', { birthDate: '1965-03-02' }), // 59 → 50%
    ]);
    expect(payouts(r)).toEqual({ old: '60.00', young: '50.00' });
  });
});

describe('exclusions, waiting periods, versions', () => {
  it('an excluded item counts toward nothing and is listed with its reason', () => {
    const plan = `${R1}\nexclude item when item.category = "cosmetic" because "整形美容"`;
    const r = run(plan, [claim({ id: 'a', items: [{ code: 'x', amount: '12000', class: 'in' }, { code: 'y', amount: '5000', class: 'in', category: 'cosmetic' }] })]);
    // eligible 17000 − 5000 = 12000 → 300
    expect(payouts(r)).toEqual({ a: '300.00' });
    expect(r.claims[0]!.excluded).toMatchObject([{ reason: '整形美容', amount: '5000.00', item: 'y' }]);
  });

  it('an excluded claim pays nothing and leaves the deductible untouched', () => {
    const plan = `${R1}\nexclude claim when claim.flags has work_injury because "工伤"`;
    const r = run(plan, [claim({ id: 'a', date: '2025-01-01', inPolicySelfPay: '10000', flags: ['work_injury'] }), claim({ id: 'b', date: '2025-01-02', inPolicySelfPay: '12000' })]);
    expect(payouts(r)).toEqual({ a: '0.00', b: '300.00' });
    expect(r.claims[0]!.excluded[0]).toMatchObject({ reason: '工伤', amount: '10000.00' });
  });

  it('an excluded claim lists its whole amount: in-policy, out-of-policy and over-limit together', () => {
    const plan = `${R1}\nexclude claim when claim.flags has work_injury because "工伤"`;
    const r = run(plan, [claim({ id: 'a', inPolicySelfPay: '1000', outOfPolicySelfPay: '200.50', overLimitSelfPay: '30.25', flags: ['work_injury'] })]);
    // 1000 + 200.50 + 30.25 = 1230.75
    expect(r.claims[0]!.excluded).toEqual([expect.objectContaining({ reason: '工伤', amount: '1230.75' })]);
  });

  it('an annual cap never lets a coarse rounding step pay past it', () => {
    const plan = `plan "T" { valid 2025-01-01 to 2025-12-31 rounding 1 up }\nbenefit B { amount claim.inPolicySelfPay ratio 50% cap 100.50 per year }`;
    const r = run(plan, [claim({ id: 'a', date: '2025-03-01', inPolicySelfPay: '150' }), claim({ id: 'b', date: '2025-04-01', inPolicySelfPay: '51' })]);
    // a: P = 75 → 75. b: P = min(201 × 50%, 100.50) = 100.50, up to the yuan 101, 101 − 75 = 26,
    // but the cap leaves 100.50 − 75 = 25.50
    expect(payouts(r)).toEqual({ a: '75.00', b: '25.50' });
  });

  it('a cap that steps up mid-year re-rates the year under the new cap', () => {
    const plan = `${HEADER}param 年限 { from 2025-01-01 to 2025-06-30: 100  from 2025-07-01 to 2025-12-31: 200 }\nbenefit B { amount claim.inPolicySelfPay ratio 50% cap 年限 per year }`;
    const r = run(plan, [claim({ id: 'a', date: '2025-03-01', inPolicySelfPay: '300' }), claim({ id: 'b', date: '2025-08-01', inPolicySelfPay: '100' })]);
    // a: min(300 × 50%, 100) = 100. b under cap 200: before min(150, 200) = 150, after
    // min(400 × 50%, 200) = 200 → 50 (the cap leaves 200 − 100 = 100)
    expect(payouts(r)).toEqual({ a: '100.00', b: '50.00' });
  });

  it('the waiting period ends on the Nth day after enrolment', () => {
    const plan = `${HEADER}waiting 90 days\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`;
    const m = [member('m1', { enrolledSince: '2025-01-01' })];
    // 2025-03-31 is day 89, 2025-04-01 day 90
    const r = run(plan, [claim({ id: 'a', date: '2025-03-31', inPolicySelfPay: '100' }), claim({ id: 'b', date: '2025-04-01', inPolicySelfPay: '100' })], m);
    expect(payouts(r)).toEqual({ a: '0.00', b: '50.00' });
  });

  it('past 30 tilts, terms are worked out for each claim and still apply every tilt', () => {
    // 31 tilts of +1 point each for the same group: 50% + 31 points = 81%, 1000 × 81% = 810; a
    // member outside the group: 1000 × 50% = 500. (Past 30 the tilt combination has no key to keep terms by.)
    const tilts = Array.from({ length: 31 }, (_, i) => `tilt T${i} for 低保 { ratio +1pp }`).join('\n');
    const all = Array.from({ length: 31 }, (_, i) => `T${i}`).join(', ');
    const plan = `${HEADER}group 低保\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\n${tilts}\ncombine ${all}: stack`;
    const r = run(plan, [claim({ id: 'in', member: 'p', inPolicySelfPay: '1000' }), claim({ id: 'out', member: 'q', inPolicySelfPay: '1000' })], [member('p', { groups: ['低保'] }), member('q')]);
    expect(payouts(r)).toEqual({ in: '810.00', out: '500.00' });
  });

  it('a claim rule that reads more than flags is tested on claims without flags, beside one that reads only flags', () => {
    const plan = `${HEADER}exclude claim when claim.flags has work_injury because "工伤"
exclude claim when claim.inPolicySelfPay > 1000 because "过大"
benefit B { amount claim.inPolicySelfPay ratio 50% }`;
    const r = run(plan, [
      claim({ id: 'a', inPolicySelfPay: '2000' }),
      claim({ id: 'b', inPolicySelfPay: '100', flags: ['work_injury'] }),
      claim({ id: 'c', inPolicySelfPay: '100' }),
    ]);
    // a: no flags, 2000 > 1000 → excluded; b: flagged → excluded; c: 100 × 50% = 50.
    expect(payouts(r)).toEqual({ a: '0.00', b: '0.00', c: '50.00' });
    expect(r.claims.map((c) => c.excluded.map((x) => x.reason))).toEqual([['过大'], ['工伤'], []]);
  });

  it('a waiting period of the member-year is worked out for each member on the same dates', () => {
    const plan = `plan "t" { valid 2025-01-01 to 2026-12-31 }\nwaiting if member.enrolledYears >= 1 then 500 days else 30 days\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`;
    // At 2026-01-01 甲 (enrolled 2024-12-01) has 1 full year: 500 days, and 2026-03-01 is day 455 → excluded.
    // 乙 (enrolled 2025-06-01) has 0: 30 days, and 2026-03-01 is day 273 → 100 × 50% = 50.
    const 甲 = member('甲', { enrolledSince: '2024-12-01' });
    const 乙 = member('乙', { enrolledSince: '2025-06-01' });
    const claims = [claim({ id: 'a', member: '甲', date: '2026-03-01', inPolicySelfPay: '100' }), claim({ id: 'b', member: '乙', date: '2026-03-01', inPolicySelfPay: '100' })];
    expect(payouts(run(plan, claims, [甲, 乙]))).toEqual({ a: '0.00', b: '50.00' });
    expect(payouts(run(plan, claims, [乙, 甲]))).toEqual({ a: '0.00', b: '50.00' });
  });

  it('a waiting period read from the member is worked out for each member, and again as the age changes', () => {
    const plan = `plan "t" { valid 2025-01-01 to 2026-12-31 }\nwaiting if member.age >= 60 then 180 days else 90 days\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`;
    // Both enrolled 2025-01-01; a claim on 2025-05-01 is day 31 + 28 + 31 + 30 = 120.
    // 老 (75): 120 < 180 → excluded. 青 (35): 120 ≥ 90 → 1000 × 50% = 500.00.
    const old = member('老', { birthDate: '1950-01-01', enrolledSince: '2025-01-01' });
    const young = member('青', { birthDate: '1990-01-01', enrolledSince: '2025-01-01' });
    const claims = [claim({ id: 'o', member: '老', date: '2025-05-01', inPolicySelfPay: '1000' }), claim({ id: 'y', member: '青', date: '2025-05-01', inPolicySelfPay: '1000' })];
    expect(payouts(run(plan, claims, [old, young]))).toEqual({ o: '0.00', y: '500.00' });
    expect(payouts(run(plan, claims, [young, old]))).toEqual({ o: '0.00', y: '500.00' });
    // The age changes within the year, so the period does too. Turning 60 on 2025-05-15, enrolled
    // 2025-01-01: on 2025-05-01 (day 120, age 59) the period is 90 days, paid 100 × 50% = 50.00; on
    // 2025-06-01 (day 151, age 60) it is 180, excluded; on 2026-01-10 (day 374 ≥ 180) paid 50.00.
    const turning = member('转', { birthDate: '1965-05-15', enrolledSince: '2025-01-01' });
    const r = run(plan, [
      claim({ id: 'a', member: '转', date: '2025-05-01', inPolicySelfPay: '100' }),
      claim({ id: 'b', member: '转', date: '2025-06-01', inPolicySelfPay: '100' }),
      claim({ id: 'c', member: '转', date: '2026-01-10', inPolicySelfPay: '100' }),
    ], [turning]);
    expect(payouts(r)).toEqual({ a: '50.00', b: '0.00', c: '50.00' });
    expect(r.claims.map((c) => c.excluded.length)).toEqual([0, 1, 0]);
    // Years enrolled are counted at the benefit year's start, so each year has its own period.
    // Enrolled 2024-12-01: in 2025 enrolledYears is 0 → 30 days, and 2025-03-01 is day 90: paid 50.00.
    // In 2026 it is 1 → 500 days, and 2026-01-10 is day 405: excluded.
    const byYears = `plan "t" { valid 2025-01-01 to 2026-12-31 }\nwaiting if member.enrolledYears >= 1 then 500 days else 30 days\nbenefit B { amount claim.inPolicySelfPay ratio 50% }`;
    const r2 = run(byYears, [
      claim({ id: 'a', member: '年', date: '2025-03-01', inPolicySelfPay: '100' }),
      claim({ id: 'b', member: '年', date: '2026-01-10', inPolicySelfPay: '100' }),
    ], [member('年', { enrolledSince: '2024-12-01' })]);
    expect(payouts(r2)).toEqual({ a: '50.00', b: '0.00' });
  });

  it('a claim uses the parameter value in force on its date; outside every step it is rejected', () => {
    const plan = `${HEADER}param 起始比例 { from 2016-01-01 to 2016-12-31: 50%  from 2017-01-01 to 2017-12-31: 55% }\nbenefit B { amount claim.inPolicySelfPay ratio 起始比例 }`;
    const r = run(plan, [claim({ id: 'a', date: '2016-12-31', inPolicySelfPay: '100' }), claim({ id: 'b', date: '2017-01-01', inPolicySelfPay: '100' }), claim({ id: 'c', date: '2018-01-01', inPolicySelfPay: '100' })]);
    expect(payouts(r)).toEqual({ a: '50.00', b: '55.00' });
    expect(r.errors).toMatchObject([{ claim: 'c', code: 'YR006', path: '/claims/2/date' }]);
  });

  it('tables look up outside data by year and attribute', () => {
    const plan = `${HEADER}attribute residence: urban | rural
table 收入 by year, residence {
  2015 urban 24901
  2015 rural 11326
}
benefit B { amount claim.inPolicySelfPay deductible 收入[claim.year - 1, member.residence] per year ratio 50% }`;
    const r = run(plan, [claim({ id: 'u', member: 'u', date: '2016-05-01', inPolicySelfPay: '30000' }), claim({ id: 'r', member: 'r', date: '2016-05-01', inPolicySelfPay: '30000' })], [
      member('u', { attributes: { residence: 'urban' } }),
      member('r', { attributes: { residence: 'rural' } }),
    ]);
    // urban (30000 − 24901)×50% = 2549.50; rural (30000 − 11326)×50% = 9337
    expect(payouts(r)).toEqual({ u: '2549.50', r: '9337.00' });
  });
});

describe('bad requests', () => {
  it('a bad claim is an error naming the claim and field, and the others still pay', () => {
    const plan = planOf(`${HEADER}benefit B { amount claim.inPolicySelfPay ratio 50% }`);
    const r = evaluate(plan, {
      members: [member()],
      claims: [
        claim({ id: 'ok', inPolicySelfPay: '100' }),
        claim({ id: 'neg', inPolicySelfPay: '-1' }),
        claim({ id: 'dec', inPolicySelfPay: '1.234' }),
        claim({ id: 'feb', date: '2025-02-30', inPolicySelfPay: '1' }),
        claim({ id: 'who', member: 'nobody', inPolicySelfPay: '1' }),
        claim({ id: 'ok', inPolicySelfPay: '1' }),
        claim({ id: 'set', setting: 'spa', inPolicySelfPay: '1' }),
        // Items may tag part of a claim, but not add up to more than its class total.
        claim({ id: 'itm', inPolicySelfPay: '10', items: [{ code: 'a', amount: '15', class: 'in' }] }),
      ],
    });
    expect(payouts(r)).toEqual({ ok: '50.00' });
    expect(r.errors.map((e) => [e.claim, e.path])).toEqual([
      ['neg', '/claims/1/inPolicySelfPay'],
      ['dec', '/claims/2/inPolicySelfPay'],
      ['feb', '/claims/3/date'],
      ['who', '/claims/4/member'],
      ['ok', '/claims/5/id'],
      ['set', '/claims/6/setting'],
      ['itm', '/claims/7/inPolicySelfPay'],
    ]);
    expect(r.claims.length + r.errors.length).toBe(8);
  });

  it('a request that is not an object is one error, not a crash', () => {
    const plan = planOf(`${HEADER}benefit B { amount claim.inPolicySelfPay ratio 50% }`);
    for (const bad of [null, 42, 'x', [], { claims: 'no' }]) {
      const r = evaluate(plan, bad);
      expect(r.claims).toEqual([]);
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('dates', () => {
  it('civil dates by integer arithmetic agree with the calendar over four centuries', async () => {
    const { ymd, parseDay, formatDay, fullYears } = await import('../engine/core/dates');
    for (let day = parseDay('1900-01-01')!; day <= parseDay('2300-12-31')!; day += 7) {
      const { y, m, d } = ymd(day);
      expect(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).toBe(formatDay(day));
    }
    // born on 29 February: full years count on 28 February in common years
    expect(fullYears(parseDay('2000-02-29')!, parseDay('2001-02-27')!)).toBe(0);
    expect(fullYears(parseDay('2000-02-29')!, parseDay('2001-02-28')!)).toBe(1);
    expect(fullYears(parseDay('2000-02-29')!, parseDay('2004-02-29')!)).toBe(4);
  });
});
