// What the claim path does beyond the common case, each payout and trace step worked out by hand:
// a year re-rated when its terms change, coarse rounding of terms read per claim, benefit years
// from each member's own enrolment anniversary, the last valid day, traces of tilts with their
// citations and of a per-claim cap, and settlement without traces.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../engine/index';
import { planOf } from './helpers';

const m = (id: string, enrolledSince = '2020-01-01') => ({ id, birthDate: '1980-01-01', enrolledSince });
const c = (id: string, date: string, setting: string, inPolicySelfPay: string, member = 'm1') => ({ id, member, date, setting, inPolicySelfPay });
const pays = (r: ReturnType<typeof evaluate>) => Object.fromEntries(r.claims.map((x) => [x.id, x.payout]));

describe('the year re-rated under the terms of each claim', () => {
  it('a deductible that changes with the setting re-rates the whole year from nothing paid', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
benefit B { amount claim.inPolicySelfPay deductible if claim.setting = inpatient then 100 else 1000 per year ratio 50% }
`);
    // a (inpatient, D 100): A = 300, X = 200, P = 100.00, pays 100.00.
    // b (outpatient, D 1000): before A = 300, X = 0, P = 0; after A = 1300, X = 300, P = 150.00; pays 150 − 0 = 150.00.
    const r = evaluate(plan, { members: [m('m1')], claims: [c('a', '2025-03-01', 'inpatient', '300'), c('b', '2025-04-01', 'outpatient', '1000')] });
    expect(pays(r)).toEqual({ a: '100.00', b: '150.00' });
  });

  it('with a rounding step of one yuan, before and after are each rounded to whole yuan', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 rounding 1 half-up }
benefit B { amount claim.inPolicySelfPay ratio if claim.setting = inpatient then 55% else 45% }
`);
    // a (55 %): P = 10.50 × 55 % = 5.775 → 6 yuan; pays 6.00.
    // b (45 %): before 10.50 × 45 % = 4.725 → 5; after 21.00 × 45 % = 9.45 → 9; pays 9 − 5 = 4.00.
    const r = evaluate(plan, { members: [m('m1')], claims: [c('a', '2025-03-01', 'inpatient', '10.50'), c('b', '2025-04-01', 'outpatient', '10.50')] });
    expect(pays(r)).toEqual({ a: '6.00', b: '4.00' });
  });
});

describe('benefit years from each member\'s enrolment anniversary', () => {
  it('count years enrolled from that member\'s own year start, member after member', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 year anniversary }
benefit B { amount claim.inPolicySelfPay ratio if member.enrolledYears >= 4 then 80% else 50% }
`);
    // 甲 enrolled 2020-03-01: on 2025-05-01 the year began 2025-03-01, 5 years enrolled → 80 %.
    // 乙 enrolled 2021-04-01: on 2025-05-01 the year began 2025-04-01, 4 years enrolled → 80 %
    // (from 甲's year start, 2025-03-01, it would be 3 → 50 %).
    const r = evaluate(plan, { members: [m('甲', '2020-03-01'), m('乙', '2021-04-01')], claims: [c('a', '2025-05-01', 'inpatient', '100', '甲'), c('b', '2025-05-01', 'inpatient', '100', '乙')] });
    expect(pays(r)).toEqual({ a: '80.00', b: '80.00' });
  });
});

describe('the period of validity', () => {
  it('includes its last day', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
benefit B { amount claim.inPolicySelfPay ratio 50% }
`);
    const r = evaluate(plan, { members: [m('m1')], claims: [c('a', '2025-12-31', 'inpatient', '100'), c('b', '2025-01-01', 'inpatient', '100')] });
    expect(pays(r)).toEqual({ a: '50.00', b: '50.00' });
  });
});

describe('traces', () => {
  // Compiled inside each test: a mutation run counts only what a test runs itself.
  const PLAN = `plan "t" { valid 2025-01-01 to 2025-12-31 }
group P
group Q
benefit B { amount claim.inPolicySelfPay ratio 50% cap 30 per claim }
tilt T1 for P { ratio +10pp } cites "某医保发〔2024〕1号" "三(一)" "提高比例"
tilt T2 for Q { ratio +5pp }
combine T1, T2: stack
`;
  const request = (groups: string[], amount: string) => ({ members: [{ ...m('m1'), groups }], claims: [c('a', '2025-03-01', 'inpatient', amount)] });

  it('give the citations of the tilts that apply, the uncited left out', () => {
    const plan = planOf(PLAN);
    const steps = (groups: string[]) => evaluate(plan, request(groups, '10')).claims[0]!.trace;
    const tilts = (groups: string[]) => steps(groups).find((s) => s.rule.startsWith('tilts apply'));
    expect(tilts(['P', 'Q'])).toMatchObject({ rule: 'tilts apply / 适用倾斜: T1, T2', cites: '某医保发〔2024〕1号 三(一) “提高比例”', output: 'T1, T2' });
    expect(tilts(['Q'])).toMatchObject({ rule: 'tilts apply / 适用倾斜: T2', output: 'T2' });
    expect(tilts(['Q'])).not.toHaveProperty('cites');
    expect(tilts([])).toBeUndefined();
  });

  it('show a per-claim cap where it cuts the payout, and not where the payout only reaches it', () => {
    // 100 × 50 % = 50 > 30: capped to 30.00. 60 × 50 % = 30: exactly the cap, nothing cut.
    const plan = planOf(PLAN);
    const over = evaluate(plan, request([], '100')).claims[0]!;
    expect(over.payout).toBe('30.00');
    expect(over.trace.find((s) => s.rule === 'B cap per claim / B 每次封顶')).toMatchObject({ inputs: { cap: '30.00', before: '50.00' }, output: '30.00', range: { start: { line: 4 } } });
    const at = evaluate(plan, request([], '60')).claims[0]!;
    expect(at.payout).toBe('30.00');
    expect(at.trace.some((s) => s.rule.includes('cap per claim'))).toBe(false);
  });

  it('join the citations of several tilts, and cite the benefit at a per-claim cap', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
group P
group R
benefit B { amount claim.inPolicySelfPay ratio 50% cap 30 per claim } cites "某医保发〔2024〕2号" "四"
tilt T1 for P { ratio +10pp } cites "某医保发〔2024〕1号" "三(一)"
tilt T3 for R { ratio +5pp; cap + 5 } cites "某医保发〔2024〕3号" "五"
combine T1, T3: stack
`);
    // 100 × (50 % + 10 + 5 points) = 65 > 30 + 5 = 35: capped to 35.00.
    const claim = evaluate(plan, request(['P', 'R'], '100')).claims[0]!;
    expect(claim.payout).toBe('35.00');
    expect(claim.trace.find((s) => s.rule.startsWith('tilts apply'))).toMatchObject({ cites: '某医保发〔2024〕1号 三(一); 某医保发〔2024〕3号 五' });
    const cap = claim.trace.find((s) => s.rule === 'B cap per claim / B 每次封顶');
    expect(cap).toMatchObject({ cites: '某医保发〔2024〕2号 四', inputs: { cap: '35.00', before: '65.00' }, output: '35.00' });
    expect(cap!.inputs!.tilts).toContain('T3');
  });

  it('cite each clause by its own citation, and by the benefit where the clause has none', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
benefit B {
  amount claim.inPolicySelfPay cites "甲号" "一"
  deductible 10 per claim
  ratio 50% cites "乙号" "二"
  cap 40 per claim cites "丁号" "四"
} cites "丙号" "三"
`);
    // (100 − 10) × 50 % = 45 > 40: capped to 40.
    const claim = evaluate(plan, request([], '100')).claims[0]!;
    expect(claim.payout).toBe('40.00');
    const cites = Object.fromEntries(claim.trace.map((s) => [s.rule, s.cites]));
    expect(cites).toEqual({ 'B amount / B 金额': '甲号 一', 'B deductible / B 起付线': '丙号 三', 'B ratio / B 比例': '乙号 二', 'B cap per claim / B 每次封顶': '丁号 四', 'B payout / B 赔付': '丙号 三' });
  });

  it('hold no field without a value', () => {
    const plan = planOf(PLAN);
    for (const groups of [[], ['P'], ['P', 'Q']]) {
      for (const step of evaluate(plan, request(groups, '100')).claims[0]!.trace) {
        for (const [k, v] of Object.entries(step)) expect(v, `${step.rule}: ${k}`).not.toBeUndefined();
      }
    }
  });
});

describe('settling without traces', () => {
  it('pays shared deductibles and caps as with them', () => {
    const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
deductible 门诊 = 100 per year
cap 总额 = 80 per year
benefit R1 { amount claim.inPolicySelfPay deductible shared 门诊 ratio 50% cap shared 总额 }
benefit R2 { amount claim.inPolicySelfPay deductible shared 门诊 ratio 50% cap shared 总额 }
`);
    // a, 150: R1 takes 100 of the deductible, pays 50 × 50 % = 25; R2 takes none (100 used), pays 150 × 50 % = 75,
    // of which the shared cap leaves 80 − 25 = 55. b, 100: R1 pays 50, R2 50, the cap leaves none.
    const request = { members: [m('m1')], claims: [c('a', '2025-03-01', 'inpatient', '150'), c('b', '2025-04-01', 'inpatient', '100')] };
    const traced = evaluate(plan, request);
    const plain = evaluate(plan, request, { trace: false });
    expect(pays(plain)).toEqual({ a: '80.00', b: '0.00' });
    expect(plain.claims.map((x) => x.benefits.map((b) => b.payout))).toEqual([['25.00', '55.00'], ['0.00', '0.00']]);
    expect(plain.claims.map((x) => ({ ...x, trace: [] }))).toEqual(traced.claims.map((x) => ({ ...x, trace: [] })));
  });
});

describe('a tilt whose amount depends on the member', () => {
  const plan = planOf(`plan "t" { valid 2025-01-01 to 2025-12-31 }
attribute 档: a | b
group G = member.age > 0
benefit R { amount claim.inPolicySelfPay deductible 1000 per year ratio 50% }
tilt T for G { ratio + (if member.档 = a then 60pp else 10pp)  deductible + 200 }
`);
  const settle = (档: string) => {
    const r = evaluate(plan, {
      members: [{ id: 'm', birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { 档 } }],
      claims: [{ id: 'c', member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '3000' }],
    });
    const step = (rule: string) => r.claims[0]!.trace.find((s) => s.rule.startsWith(rule));
    return { payout: r.claims[0]!.payout, deductible: step('R deductible')?.inputs?.tilts, ratio: step('R ratio')?.inputs?.tilts };
  };

  it('raises a ratio to 100 % at most', () => {
    // 档 a: 50 % + 60 pp = 110 %, held to 100 %; the deductible 1000 + 200 = 1200: (3000 − 1200) × 100 % = 1800.00.
    expect(settle('a').payout).toBe('1800.00');
    // 档 b: 50 % + 10 pp = 60 %: 1800 × 60 % = 1080.00.
    expect(settle('b').payout).toBe('1080.00');
  });

  it('names its action in the trace, where it is written: points on the ratio (column 16), yuan on the deductible (column 63)', () => {
    expect(settle('a')).toMatchObject({ ratio: 'T +60pp @5:16', deductible: 'T +200.00 @5:63' });
  });
});
