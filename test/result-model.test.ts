// One result model and one settlement loop (engine/runtime/result-fields.ts, member-loop.ts): the
// API's objects and batch's lines are both made from one list of fields, and both settle through
// one loop. These tests add no behaviour; they show the coupling, on a plan that exercises every
// field (a label and its absence, a claim exclusion with its rule's range, an item exclusion).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main';
import { ByteSink } from '../engine/batch/bytes';
import { batchResultSchema } from '../engine/batch/schemas';
import { evaluate } from '../engine/index';
import { validateRequest } from '../engine/request/request';
import { settleMember, type ClaimSink } from '../engine/runtime/member-loop';
import { resultProgram, writeRecord } from '../engine/runtime/result-bytes';
import { recordWriter } from '../engine/runtime/result-code';
import { BENEFIT_LINE, CLAIM_RESULT, EXCLUSION, MEMBER_YEAR, type Field, type ListField, type ValueField } from '../engine/runtime/result-fields';
import { toObject } from '../engine/runtime/result-object';
import { Settler } from '../engine/runtime/settle';
import { planOf } from './helpers';

const PLAN = `plan "every field" { valid 2025-01-01 to 2025-12-31 }
exclude claim when claim.flags has work_injury because "应由工伤保险基金支付"
exclude item when item.category in ["tonic"] because "滋补保健"
benefit R1 "住院医保政策范围内个人自付" { amount claim.inPolicySelfPay deductible 1000 per year ratio 50% }
benefit R2 { amount claim.outOfPolicySelfPay ratio 30% }
`;
const plan = planOf(PLAN);
const person = (id: string) => ({ id, birthDate: '1980-05-01', enrolledSince: '2020-01-01' });
const REQUEST = {
  members: [person('m1'), person('m"2')],
  claims: [
    {
      id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '3000', outOfPolicySelfPay: '500',
      items: [
        { code: 'A1', amount: '800', class: 'in', category: 'tonic' },
        { code: 'A2', amount: '2200', class: 'in', category: 'drug' },
        { code: 'B1', amount: '500', class: 'out', category: 'drug' },
      ],
    },
    { id: 'c2', member: 'm1', date: '2025-04-01', setting: 'inpatient', inPolicySelfPay: '5000', flags: ['work_injury'] },
    { id: 'c"3\u2028', member: 'm"2', date: '2025-05-01', setting: 'outpatient', inPolicySelfPay: '4000', outOfPolicySelfPay: '100' },
  ],
};

type Obj = Record<string, unknown>;

/** Batch's lines for the request, run as a user runs it: files in, JSON Lines out. */
async function batchLines(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-model-'));
  const f = (n: string, text: string) => (writeFileSync(join(dir, n), text), join(dir, n));
  const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x) + '\n').join('');
  const argv = ['eval', f('plan.yibao', PLAN), '--members', f('m.jsonl', lines(REQUEST.members)), '--claims', f('c.jsonl', lines(REQUEST.claims)), '--out', join(dir, 'out.jsonl'), '--workers', '1', '--quiet'];
  const code = await main(argv, { out: () => {}, err: () => {} });
  expect(code).toBe(0);
  // Batch writes by member id, the API in request order: here, in the API's.
  const written = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n').filter(Boolean);
  const at = (l: string) => REQUEST.claims.findIndex((c) => c.id === (JSON.parse(l) as { id: string }).id);
  return written.sort((a, b) => at(a) - at(b));
}

/** Every record a list describes in `api` and in `batch`, paired, the list's field beside them. */
function pairs(fields: readonly Field[], api: Obj[], batch: Obj[], at: string, out: { at: string; f: Field; api: Obj; batch: Obj }[]) {
  api.forEach((a, i) => {
    for (const f of fields) {
      out.push({ at, f, api: a, batch: batch[i]! });
      if (f.kind === 'list') pairs(f.fields, a[f.key] as Obj[], (batch[i]![f.key] ?? []) as Obj[], `${at}/${f.key}`, out);
    }
  });
  return out;
}

/** Whether a field is written in batch lines (all but the trace). */
const inBytes = (f: Field) => f.kind === 'list' || f.kind === 'benefit' || !f.objectOnly;

describe('one list of fields: the API object and the batch line', () => {
  it('has every field of the list in both forms, in list order, and nothing else', async () => {
    const api = evaluate(plan, REQUEST, { trace: true }).claims as unknown as Obj[];
    const batch = (await batchLines()).map((l) => JSON.parse(l) as Obj);
    expect(batch.map((b) => b.id)).toEqual(api.map((a) => a.id));
    const all = pairs(CLAIM_RESULT, api, batch, '', []);
    for (const field of new Set(all.map((p) => p.f))) {
      const seen = all.filter((p) => p.f === field);
      const name = `${seen[0]!.at}/${field.key}`;
      // The request exercises the field: some record has it (optional ones are absent from others).
      expect(seen.some((p) => field.key in p.api), `${name} in some API record`).toBe(true);
      for (const p of seen) expect(field.key in p.batch, `${name} in the batch line exactly when in the API object`).toBe(inBytes(field) && field.key in p.api);
    }
    const records = new Map(all.map((p) => [p.api, p]));
    for (const p of records.values()) {
      const listed = (p.at === '' ? CLAIM_RESULT : p.at === '/benefits' ? BENEFIT_LINE : EXCLUSION).map((f) => f.key);
      expect(Object.keys(p.api), `API keys at ${p.at}`).toEqual(listed.filter((k) => k in p.api));
      expect(Object.keys(p.batch), `batch keys at ${p.at}`).toEqual(Object.keys(p.api).filter((k) => k !== 'trace'));
    }
  });

  it('writes each batch line as JSON.stringify of the API claim result without its trace', async () => {
    const api = evaluate(plan, REQUEST, { trace: false }).claims;
    expect(await batchLines()).toEqual(api.map((c) => JSON.stringify({ ...c, trace: undefined })));
  });

  it('carries a field added to the lists into both forms, in its place', () => {
    const extra = (key: string, kind: ValueField['kind'], get: ValueField['get'], optional = false): ValueField =>
      ({ key, kind, get, optional, repeats: false, objectOnly: false });
    const benefits = CLAIM_RESULT.find((f) => f.key === 'benefits') as ListField;
    const claimFields: Field[] = [...CLAIM_RESULT];
    claimFields.splice(3, 0, extra('setting', 'text', (s: { claim: { setting: string } }) => s.claim.setting));
    // In a benefit's line: its row number right after the label (its key goes in the benefit's own
    // piece), and its payout twice at the end.
    const [name, label, ...amounts] = BENEFIT_LINE;
    const row = extra('row', 'int', (_r: unknown, i) => i);
    claimFields[claimFields.indexOf(benefits)] = { ...benefits, fields: [name, label, row, ...amounts, extra('twice', 'money', (r: { payoutOf(i: number): number }, i) => 2 * r.payoutOf(i))] };
    claimFields.push(extra('note', 'text', () => undefined, true), extra('rows', 'int', (s: { out: { count: number } }) => s.out.count));
    // Optional money and text, present on some claims only: a paid claim's payout again, an
    // excluded claim's first reason.
    type View = { out: { payout: number; excluded: { reason: string }[] } };
    claimFields.push(
      extra('paidAgain', 'money', (s: View) => (s.out.payout > 0 ? s.out.payout : undefined), true),
      extra('firstReason', 'text', (s: View) => s.out.excluded[0]?.reason, true),
    );
    const written = settledBothWays(claimFields);
    expect(written.length).toBe(3);
    for (const { object, bytes } of written) {
      expect(bytes).toBe(JSON.stringify({ ...object, trace: undefined }));
      expect(Object.keys(object).slice(0, 5)).toEqual(['id', 'member', 'date', 'setting', 'payout']);
      for (const b of object.benefits as Obj[]) expect(Object.keys(b).at(-1)).toBe('twice');
      expect((object.benefits as Obj[]).map((b) => b.row)).toEqual((object.benefits as Obj[]).map((_b, i) => i));
      expect(Object.keys(object)).not.toContain('note');
    }
    // c1: (2200 − 1000) × 50 % + 500 × 30 % = 600 + 150 = 750.00 paid, the tonic item excluded;
    // c2 excluded whole (work injury), nothing paid; c"3: 3000 × 50 % + 100 × 30 % = 1530.00 (its
    // member's deductible of 1000 taken first).
    expect(written.map(({ object }) => [object.paidAgain, object.firstReason])).toEqual([
      ['750.00', '滋补保健'],
      [undefined, '应由工伤保险基金支付'],
      ['1530.00', undefined],
    ]);
  });

  it('makes the member-year result from the same mechanism: its bytes are JSON.stringify of its object', () => {
    const years = evaluate(plan, REQUEST).members;
    const program = resultProgram(MEMBER_YEAR, plan.benefits);
    const w = new ByteSink(-1);
    const bytes: string[] = [];
    const generated = recordWriter(program);
    const v = validateRequest(plan, REQUEST);
    const settler = new Settler(plan);
    const sink: ClaimSink = {
      settled() {},
      failed() {},
      yearEnd(member, year, state) {
        const from = w.pos;
        writeRecord(w, program, { member, year, state }, 0);
        bytes.push(w.buf.toString('utf8', from, w.pos));
        // The generated writer (result-code.ts) writes the same.
        const again = w.pos;
        generated(w, { member, year, state }, 0);
        expect(w.buf.toString('utf8', again, w.pos)).toBe(bytes.at(-1));
      },
    };
    for (const m of v.members.values()) settleMember(settler, m, v.claims.filter((c) => c.memberId === m.id), settler.newYear(), sink);
    expect(bytes).toEqual(years.map((y) => JSON.stringify(y)));
    expect(years.map((y) => Object.keys(y))).toEqual(years.map(() => MEMBER_YEAR.map((f) => f.key)));
  });

  it('is what the batch result schema lists, field for field', () => {
    const keys = (fields: readonly Field[]) => fields.filter(inBytes).map((f) => f.key);
    const props = (o: { properties: object }) => Object.keys(o.properties);
    const p = batchResultSchema.properties;
    expect(props(batchResultSchema)).toEqual(keys(CLAIM_RESULT));
    expect(props(p.benefits.items)).toEqual(keys(BENEFIT_LINE));
    expect(props(p.excluded.items)).toEqual(keys(EXCLUSION));
  });
});

/** Each claim of REQUEST settled through the one loop, written by `fields` in both forms. */
function settledBothWays(fields: readonly Field[]): { object: Obj; bytes: string }[] {
  const program = resultProgram(fields, plan.benefits);
  const generated = recordWriter(program);
  const w = new ByteSink(-1);
  const out: { object: Obj; bytes: string }[] = [];
  const settler = new Settler(plan);
  const sink: ClaimSink = {
    settled(member, claim, o) {
      const from = w.pos;
      writeRecord(w, program, { member, claim, out: o }, 0);
      out.push({ object: toObject(fields, { member, claim, out: o }, 0, plan.benefits), bytes: w.buf.toString('utf8', from, w.pos) });
      const again = w.pos;
      generated(w, { member, claim, out: o }, 0);
      expect(w.buf.toString('utf8', again, w.pos), 'the generated writer').toBe(out.at(-1)!.bytes);
    },
    failed(_m, claim, e) {
      throw new Error(`${claim.id}: ${e.message}`);
    },
    yearEnd() {},
  };
  const v = validateRequest(plan, REQUEST);
  for (const m of v.members.values()) settleMember(settler, m, v.claims.filter((c) => c.memberId === m.id), settler.newYear(), sink);
  return out;
}

describe('one settlement loop', () => {
  const YEARS = `plan "years" { valid 2024-01-01 to 2026-12-31 }
param rate { from 2024-07-01: 50% }
benefit R1 { amount claim.inPolicySelfPay deductible 1000 per year ratio rate }
`;
  const years = planOf(YEARS);
  const c = (id: string, date: string, amount = '3000') => ({ id, member: 'm1', date, setting: 'inpatient', inPolicySelfPay: amount });

  it('settles by date then id, starts each benefit year afresh, and reports only years with a settled claim', () => {
    // Given out of order; 2024-03 has no ratio in force (YR006), so 2024 ends with no claim settled
    // until 2024-08; 2025 starts a new deductible.
    const request = { members: [person('m1')], claims: [c('b', '2025-02-01'), c('z', '2024-03-01'), c('a', '2025-02-01'), c('y', '2024-08-01'), c('x', '2026-05-01')] };
    const v = validateRequest(years, request);
    const settler = new Settler(years);
    const events: string[] = [];
    const sink: ClaimSink = {
      settled: (_m, claim, out) => void events.push(`${claim.id} ${out.payout}`),
      failed: (_m, claim, e) => void events.push(`${claim.id} ${e.code} ${e.path}`),
      yearEnd: (_m, year, state) => void events.push(`${year}: paid ${state.totalPaid()}`),
    };
    settleMember(settler, v.members.get('m1')!, v.claims, settler.newYear(), sink);
    expect(events).toEqual(['z YR006 /claims/1/date', 'y 100000', '2024: paid 100000', 'a 100000', 'b 150000', '2025: paid 250000', 'x 100000', '2026: paid 100000']);
    // The API is this loop with a sink of objects: the same outcomes, member years and errors.
    const r = evaluate(years, request);
    expect(r.claims.map((x) => `${x.id} ${x.payout}`)).toEqual(['b 1500.00', 'a 1000.00', 'y 1000.00', 'x 1000.00']);
    expect(r.members.map((m) => `${m.year} ${m.payout} ${m.benefits[0]!.deductible}`)).toEqual(['2024 1000.00 1000.00', '2025 2500.00 1000.00', '2026 1000.00 1000.00']);
    expect(r.errors.map((e) => `${e.claim} ${e.code}`)).toEqual(['z YR006']);
  });

  it('leaves the year as it was when a claim fails, and reports no year in which every claim failed', () => {
    const request = { members: [person('m1')], claims: [c('p', '2024-02-01'), c('q', '2024-03-01'), c('r', '2025-01-01', '1500')] };
    const r = evaluate(years, request);
    expect(r.members.map((m) => m.year)).toEqual([2025]);
    expect(r.claims.map((x) => `${x.id} ${x.payout} ${x.benefits[0]!.deductible}`)).toEqual(['r 250.00 1000.00']);
  });
});
