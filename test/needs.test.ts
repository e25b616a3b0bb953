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
