// Fields required only when read (spec §20.1): each computation asks for the member fields its
// rules read, names the rule when one is missing, and a plan publishes its own request schema.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from '../engine/index';
import { readerFor } from '../engine/node/files';
import { premiums } from '../engine/runtime/premium';
import { planRequestSchema } from '../engine/runtime/request-schema';

const load = (name: string) => {
  const file = `examples/${name}.yibao`;
  const r = compile(readFileSync(file, 'utf8'), file, readerFor(file));
  if (!r.plan) throw new Error(`${file} has errors`);
  return r.plan;
};
const weihai = load('weihai-2024');
const jilin = load('jilin-dabing');
const qingdao = load('qingdao-2017');
const shanghai = load('shanghai-huhuibao-2021');
const needsOf = (p: typeof weihai, k: 'claims' | 'premium') => p.needs[k].map((n) => `${n.field}: ${n.rule.en} @${n.rule.range.start.line}`);

describe('what each computation reads', () => {
  it('is worked out from the rules, naming the first that reads each field', () => {
    // Weihai's tilt reads the years enrolled (through its group); its premium lines read the age.
    expect(needsOf(weihai, 'claims')).toEqual([expect.stringMatching(/^enrolledSince: tilt 续保奖励 @\d+$/)]);
    expect(needsOf(weihai, 'premium')).toEqual(['birthDate: premium line 1 @' + weihai.premium!.lines[0]!.range.start.line]);
    // Qingdao's waiting period counts from enrolment; Jilin and 沪惠保 read neither field.
    expect(needsOf(qingdao, 'claims')).toEqual([expect.stringMatching(/^enrolledSince: the waiting period @\d+$/)]);
    expect(jilin.needs).toEqual({ claims: [], premium: [] });
    expect(shanghai.needs.claims).toEqual([]);
  });

  it('lets a member leave out what the plan never reads, and names the rule for what it does', () => {
    const claim = { id: 'c1', member: 'm1', date: '2016-05-01', setting: 'inpatient', inPolicySelfPay: '60000' };
    // Jilin covers every resident: a member with neither date is settled (the deductible of 2016, urban 24,901, is passed).
    const j = evaluate(jilin, { members: [{ id: 'm1', attributes: { residence: 'urban' } }], claims: [claim] });
    expect(j.errors).toEqual([]);
    expect(Number(j.claims[0]!.payout)).toBeGreaterThan(0);
    const w = evaluate(weihai, { members: [{ id: 'm1', birthDate: '1980-01-01' }], claims: [{ ...claim, date: '2025-05-01' }] });
    expect(w.errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ['YR002', '/claims/0/member', expect.any(String)],
      ['YR015', '/members/0/enrolledSince', expect.stringMatching(/^member "m1" has no enrolledSince, which tilt 续保奖励 reads \(line \d+\) \/ 参保人“m1”缺少 enrolledSince，倾斜 续保奖励需要它（第 \d+ 行）$/)],
    ]);
  });

  it('asks a premium quote only for what the premium schedule reads, and a plan without one says so once', () => {
    // An applicant has no enrolment date yet: Weihai's premium reads only the age.
    const quote = premiums(weihai, { members: [{ id: 'a', birthDate: '1990-06-01' }], claims: [] });
    expect(quote.errors).toEqual([]);
    expect(quote.members.map((m) => m.premium)).toEqual(['89.00']);
    expect(premiums(weihai, { members: [{ id: 'a', enrolledSince: '2024-01-01' }], claims: [] }).errors.map((e) => [e.code, e.path])).toEqual([['YR015', '/members/0/birthDate']]);
    const none = premiums(shanghai, { members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], claims: [] });
    expect(none.errors.map((e) => [e.code, e.path, e.message])).toEqual([['YR012', '', 'the plan has no premium schedule / 方案没有保费表']]);
  });

  it("publishes the plan's own request schema: required fields, settings, flags and attributes", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const check = ajv.compile(planRequestSchema(weihai));
    const member = { id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { parentsInsured: true } };
    const claim = { id: 'c1', member: 'm1', date: '2025-03-01', setting: '住院', inPolicySelfPay: '100', flags: ['work_injury'] };
    expect(check({ members: [member], claims: [claim] })).toBe(true);
    expect(check({ members: [{ id: 'm1', birthDate: '1980-01-01' }], claims: [] })).toBe(false); // enrolledSince: read by the tilt
    expect(check({ members: [member], claims: [{ ...claim, setting: 'dental' }] })).toBe(false); // not a setting of the plan
    expect(check({ members: [member], claims: [{ ...claim, flags: ['drunk'] }] })).toBe(false); // not a flag of the plan
    expect(check({ members: [{ ...member, attributes: { parentsInsured: 'yes' } }], claims: [] })).toBe(false); // a yes/no attribute
    // Jilin requires neither date, and knows its residence attribute's values.
    const j = ajv.compile(planRequestSchema(jilin));
    expect(j({ members: [{ id: 'm1', attributes: { residence: 'rural' } }], claims: [] })).toBe(true);
    expect(j({ members: [{ id: 'm1', attributes: { residence: 'suburban' } }], claims: [] })).toBe(false);
  });
});

describe('the rule each need names', () => {
  const needsOfText = (text: string) => {
    const r = compile(text, 'p.yibao');
    if (!r.plan) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
    const show = (k: 'claims' | 'premium') => r.plan!.needs[k].map((n) => `${n.field}: ${n.rule.en} / ${n.rule.zh} @${n.rule.range.start.line}`);
    return { claims: show('claims'), premium: show('premium') };
  };

  it('follows each group and parameter by its own name: two of each, reading different fields', () => {
    // 老 reads the age (birthDate), 久 the years enrolled (enrolledSince); 线甲 and 线乙 likewise.
    expect(needsOfText(`plan "p" { }
group 老 = member.age >= 60
group 久 = member.enrolledYears > 1
exclude claim when member in [老] because "a"
exclude claim when member in [久] because "b"
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`).claims).toEqual(['birthDate: the exclusion on line 4 / 第 4 行的除外 @4', 'enrolledSince: the exclusion on line 5 / 第 5 行的除外 @5']);
    expect(needsOfText(`plan "p" { }
param 线甲 = member.age
param 线乙 = member.enrolledYears
exclude claim when 线甲 > 60 because "a"
exclude claim when 线乙 > 1 because "b"
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`).claims).toEqual(['birthDate: the exclusion on line 4 / 第 4 行的除外 @4', 'enrolledSince: the exclusion on line 5 / 第 5 行的除外 @5']);
  });

  it('is the first rule, in the order claims are settled: year, waiting, exclusions, benefits, pools, tilts', () => {
    expect(needsOfText(`plan "p" {
  year anniversary
}
waiting 30 days
exclude claim when member.age > 80 because "age"
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`).claims).toEqual([
      'birthDate: the exclusion on line 5 / 第 5 行的除外 @5',
      'enrolledSince: the benefit year (from each enrolment anniversary) / 保障年度（自参保周年日起算） @1',
    ]);
    // Through a parameter, a group and a shared pool.
    expect(needsOfText(`plan "p" { }
param 老年 = member.age >= 60
group 老 = 老年
deductible 门诊共用 = if member.enrolledYears > 1 then 100 else 200 per year
benefit R1 { amount claim.inPolicySelfPay deductible shared 门诊共用 ratio 50% }
tilt T for 老 { ratio +5pp }
`).claims).toEqual([
      'birthDate: tilt T / 倾斜 T @6',
      'enrolledSince: shared pool 门诊共用 / 共用额度 门诊共用 @4',
    ]);
    // A benefit reads it: the benefit is named; a premium line only for premiums.
    expect(needsOfText(`plan "p" { }
benefit R1 { amount claim.inPolicySelfPay ratio if member.enrolledDays > 30 then 50% else 0% }
premium {
  10 when member.birthDate < 1960-01-01
  20 otherwise
}
`)).toEqual({
      claims: ['enrolledSince: benefit R1 / 责任 R1 @2'],
      premium: ['birthDate: premium line 1 / 保费第 1 行 @4'],
    });
    // A plan of anniversary years needs the enrolment date for premiums too.
    expect(needsOfText(`plan "p" {
  year anniversary
}
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
premium { 10 otherwise }
`).premium).toEqual(['enrolledSince: the benefit year (from each enrolment anniversary) / 保障年度（自参保周年日起算） @1']);
  });
});
