// Hostile requests: a corpus of malformed requests. Each bad record gets an error naming the record
// (claim or member id) and the field (a JSON pointer into the request); every valid claim beside
// it is still evaluated, exactly as if the bad one were absent; the counts reconcile (claims in =
// results + rejected claims); the CLI's exit code says which happened; nothing throws.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compile, evaluate, premiums, type EvalResult } from '../../engine/index';
import { main } from '../../engine/cli/main';

// Heavy inputs on a shared machine: the time bounds that matter are asserted inside the tests.
vi.setConfig({ testTimeout: 180_000 });

const PLAN = `plan "hostile" { valid 2016-01-01 to 2030-12-31 }
attribute residence: urban | rural
flag drunk "醉酒"
setting dental "牙科"
catalogue K ["A1", "A2"]
exclude claim when claim.flags has drunk because "醉酒"
benefit R1 { for inpatient amount claim.inPolicySelfPay deductible 100 per year ratio 50% }
benefit R2 { amount items in K ratio 70% }
benefit R3 { for dental amount claim.outOfPolicySelfPay ratio 20% }
`;
const plan = compile(PLAN, 'hostile.yibao').plan!;

const M1 = { id: 'm1', birthDate: '1980-01-01', enrolledSince: '2015-01-01', attributes: { residence: 'urban' } };
const M2 = { id: 'm2', birthDate: '1990-06-30', enrolledSince: '2020-01-01', groups: ['x'] };
const V1 = { id: 'v1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '1000.00', outOfPolicySelfPay: '0' };
const V2 = { id: 'v2', member: 'm2', date: '2025-04-01', setting: 'dental', outOfPolicySelfPay: 500.5 };
const V3 = { id: 'v3', member: 'm1', date: '2025-05-01', setting: 'outpatient', items: [{ code: 'A1', amount: '300', class: 'in', category: 'drug' }, { code: 'B9', amount: '200.10', class: 'out' }] };
const VALID = [V1, V2, V3];

const clean = evaluate(plan, { members: [M1, M2], claims: VALID });
const cleanPayout = Object.fromEntries(clean.claims.map((c) => [c.id, c.payout]));

const BIG = 'x'.repeat(10 * 1024 * 1024);
const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

/** The value a JSON pointer names, or undefined; `parentOnly` accepts a pointer to a missing key. */
function resolvePointer(doc: unknown, pointer: string, parentOnly = false): boolean {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let v: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (v === null || typeof v !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(v, p)) return parentOnly && i === parts.length - 1;
    v = (v as Record<string, unknown>)[p];
  }
  return true;
}

/** claims in = results + rejected claims, and no claim is both. */
function reconcile(request: unknown, r: EvalResult): void {
  const claims = request && typeof request === 'object' && Array.isArray((request as { claims?: unknown }).claims) ? ((request as { claims: unknown[] }).claims) : [];
  const rejected = new Set(r.errors.filter((e) => /^\/claims\/\d+(\/|$)/.test(e.path)).map((e) => Number(e.path.split('/')[2])));
  expect(r.claims.length + rejected.size).toBe(claims.length);
  const resultIndex = r.claims.map((c) => claims.findIndex((x) => (x as { id?: unknown })?.id === c.id));
  for (const i of resultIndex) expect(rejected.has(i)).toBe(false);
}

function checkErrors(request: unknown, r: EvalResult): void {
  for (const e of r.errors) {
    expect(e.code).toMatch(/^YR\d{3}$/);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message.length).toBeLessThan(2000); // a 10 MB value is not echoed back
    expect(resolvePointer(request, e.path, true), `${e.path} points into the request`).toBe(true);
    const m = /^\/(claims|members)\/(\d+)/.exec(e.path);
    if (m) {
      // The record is named: by its id when it has a string id, else by its position.
      const rec = ((request as Record<string, unknown[]>)[m[1]!] ?? [])[Number(m[2])] as { id?: unknown } | undefined;
      const name = m[1] === 'claims' ? e.claim : e.member;
      expect(name === `#${m[2]}` || (typeof rec?.id === 'string' && name === rec.id), `${e.path} names its record`).toBe(true);
    }
  }
}

interface ClaimCase { name: string; claim: unknown; path: string }

// A bad claim between valid ones; `path` is the field the error must name (relative to the claim).
const CLAIM_CASES: ClaimCase[] = [
  { name: 'amount is a boolean', claim: { ...V1, id: 'b', inPolicySelfPay: true }, path: 'inPolicySelfPay' },
  { name: 'amount is an object', claim: { ...V1, id: 'b', inPolicySelfPay: { yuan: 5 } }, path: 'inPolicySelfPay' },
  { name: 'amount is an array', claim: { ...V1, id: 'b', inPolicySelfPay: [100] }, path: 'inPolicySelfPay' },
  { name: 'amount is null', claim: { ...V1, id: 'b', inPolicySelfPay: null }, path: 'inPolicySelfPay' },
  { name: 'negative amount string', claim: { ...V1, id: 'b', inPolicySelfPay: '-100' }, path: 'inPolicySelfPay' },
  { name: 'negative amount number', claim: { ...V1, id: 'b', outOfPolicySelfPay: -0.01 }, path: 'outOfPolicySelfPay' },
  { name: 'three decimals (string)', claim: { ...V1, id: 'b', inPolicySelfPay: '100.005' }, path: 'inPolicySelfPay' },
  { name: 'three decimals (number)', claim: { ...V1, id: 'b', inPolicySelfPay: 100.005 }, path: 'inPolicySelfPay' },
  { name: 'float noise 0.1 + 0.2', claim: { ...V1, id: 'b', inPolicySelfPay: 0.1 + 0.2 }, path: 'inPolicySelfPay' },
  { name: '1e30 as a number', claim: { ...V1, id: 'b', inPolicySelfPay: 1e30 }, path: 'inPolicySelfPay' },
  { name: '"1e30" as a string', claim: { ...V1, id: 'b', inPolicySelfPay: '1e30' }, path: 'inPolicySelfPay' },
  { name: '1e-7 as a number', claim: { ...V1, id: 'b', inPolicySelfPay: 1e-7 }, path: 'inPolicySelfPay' },
  { name: '"NaN"', claim: { ...V1, id: 'b', inPolicySelfPay: 'NaN' }, path: 'inPolicySelfPay' },
  { name: '"Infinity"', claim: { ...V1, id: 'b', outOfPolicySelfPay: 'Infinity' }, path: 'outOfPolicySelfPay' },
  { name: 'empty amount string', claim: { ...V1, id: 'b', inPolicySelfPay: '' }, path: 'inPolicySelfPay' },
  { name: 'amount with spaces', claim: { ...V1, id: 'b', inPolicySelfPay: ' 100' }, path: 'inPolicySelfPay' },
  { name: 'decimal comma', claim: { ...V1, id: 'b', inPolicySelfPay: '100,50' }, path: 'inPolicySelfPay' },
  { name: 'thousands separator', claim: { ...V1, id: 'b', inPolicySelfPay: '1,000.00' }, path: 'inPolicySelfPay' },
  { name: 'full-width digits', claim: { ...V1, id: 'b', inPolicySelfPay: '１００' }, path: 'inPolicySelfPay' },
  { name: 'hexadecimal', claim: { ...V1, id: 'b', inPolicySelfPay: '0x10' }, path: 'inPolicySelfPay' },
  { name: 'leading plus', claim: { ...V1, id: 'b', inPolicySelfPay: '+100' }, path: 'inPolicySelfPay' },
  { name: 'leading zeros', claim: { ...V1, id: 'b', inPolicySelfPay: '00100' }, path: 'inPolicySelfPay' },
  { name: 'trailing dot', claim: { ...V1, id: 'b', inPolicySelfPay: '100.' }, path: 'inPolicySelfPay' },
  { name: '10 MB amount string', claim: { ...V1, id: 'b', inPolicySelfPay: '9'.repeat(10 * 1024 * 1024) }, path: 'inPolicySelfPay' },
  { name: 'amount above the schema maximum', claim: { ...V1, id: 'b', inPolicySelfPay: '1000000000000' }, path: 'inPolicySelfPay' },
  { name: 'overLimitSelfPay is text', claim: { ...V1, id: 'b', overLimitSelfPay: 'abc' }, path: 'overLimitSelfPay' },
  { name: 'invalid date 2025-02-30', claim: { ...V1, id: 'b', date: '2025-02-30' }, path: 'date' },
  { name: 'invalid date 2023-02-29', claim: { ...V1, id: 'b', date: '2023-02-29' }, path: 'date' },
  { name: 'month 13', claim: { ...V1, id: 'b', date: '2025-13-01' }, path: 'date' },
  { name: 'month 00', claim: { ...V1, id: 'b', date: '2025-00-10' }, path: 'date' },
  { name: 'slashed date', claim: { ...V1, id: 'b', date: '2025/03/01' }, path: 'date' },
  { name: 'date with a time', claim: { ...V1, id: 'b', date: '2025-03-01T00:00:00Z' }, path: 'date' },
  { name: 'date as a number', claim: { ...V1, id: 'b', date: 20250301 }, path: 'date' },
  { name: 'empty date', claim: { ...V1, id: 'b', date: '' }, path: 'date' },
  { name: '10 MB date', claim: { ...V1, id: 'b', date: BIG }, path: 'date' },
  { name: 'unknown member', claim: { ...V1, id: 'b', member: 'nobody' }, path: 'member' },
  { name: 'member as a number', claim: { ...V1, id: 'b', member: 1 }, path: 'member' },
  { name: 'missing member', claim: { id: 'b', date: '2025-03-01', setting: 'inpatient' }, path: 'member' },
  { name: 'missing id', claim: { member: 'm1', date: '2025-03-01', setting: 'inpatient' }, path: 'id' },
  { name: 'empty id', claim: { ...V1, id: '' }, path: 'id' },
  { name: 'id as a number', claim: { ...V1, id: 7 }, path: 'id' },
  { name: '10 MB id', claim: { ...V1, id: BIG }, path: 'id' },
  { name: 'duplicate claim id', claim: { ...V2, id: 'v1' }, path: 'id' },
  { name: 'unknown setting', claim: { ...V1, id: 'b', setting: 'spa' }, path: 'setting' },
  { name: 'empty setting', claim: { ...V1, id: 'b', setting: '' }, path: 'setting' },
  { name: 'setting as a number', claim: { ...V1, id: 'b', setting: 3 }, path: 'setting' },
  { name: 'unknown flag', claim: { ...V1, id: 'b', flags: ['work_injury', 'drunk_driving'] }, path: 'flags/1' },
  { name: 'flags not a list', claim: { ...V1, id: 'b', flags: 'work_injury' }, path: 'flags' },
  { name: 'flag as a number', claim: { ...V1, id: 'b', flags: [1] }, path: 'flags/0' },
  { name: '51 flags', claim: { ...V1, id: 'b', flags: Array(51).fill('abroad') }, path: 'flags' },
  { name: 'unknown field', claim: { ...V1, id: 'b', extra: 1 }, path: 'extra' },
  { name: '"__proto__" field', claim: JSON.parse(`{"id":"b","member":"m1","date":"2025-03-01","setting":"inpatient","__proto__":{"inPolicySelfPay":"5"}}`), path: '__proto__' },
  { name: '"constructor" field', claim: { ...V1, id: 'b', constructor: 'x' }, path: 'constructor' },
  { name: 'in-policy items add up to more than the claim amount', claim: { ...V3, id: 'b', inPolicySelfPay: '100' }, path: 'inPolicySelfPay' },
  { name: 'out-of-policy items disagree with the claim amount', claim: { ...V3, id: 'b', inPolicySelfPay: '300', outOfPolicySelfPay: '0' }, path: 'outOfPolicySelfPay' },
  { name: 'negative item amount', claim: { ...V3, id: 'b', items: [{ code: 'A1', amount: '-5', class: 'in' }] }, path: 'items/0/amount' },
  { name: 'unknown item class', claim: { ...V3, id: 'b', items: [{ code: 'A1', amount: '5', class: 'both' }] }, path: 'items/0/class' },
  { name: 'item without a code', claim: { ...V3, id: 'b', items: [{ amount: '5', class: 'in' }] }, path: 'items/0/code' },
  { name: 'empty item code', claim: { ...V3, id: 'b', items: [{ code: '', amount: '5', class: 'in' }] }, path: 'items/0/code' },
  { name: 'items not a list', claim: { ...V3, id: 'b', items: { code: 'A1' } }, path: 'items' },
  { name: '10,001 items', claim: { ...V3, id: 'b', items: Array(10_001).fill({ code: 'A1', amount: '1', class: 'in' }) }, path: 'items' },
  { name: '10 MB item category', claim: { ...V3, id: 'b', items: [{ code: 'A1', amount: '5', class: 'in', category: BIG }] }, path: 'items/0/category' },
  { name: 'deeply nested item', claim: { ...V3, id: 'b', items: [deep(10_000)] }, path: 'items/0' },
  { name: 'deeply nested unknown field', claim: { ...V1, id: 'b', extra: deep(100_000) }, path: 'extra' },
  { name: 'the largest amount the schema accepts', claim: { ...V1, id: 'b', inPolicySelfPay: '999999999999.99' }, path: 'inPolicySelfPay' },
  { name: 'dated the day before the member was born', claim: { ...V1, id: 'b', date: '1979-12-31' }, path: 'date' },
  { name: 'dated decades before the member was born', claim: { ...V2, id: 'b', date: '1900-01-01' }, path: 'date' },
];

// Records that are not objects at all: the error names the record's position.
const NOT_A_RECORD: ClaimCase[] = [
  { name: 'claim is null', claim: null, path: '' },
  { name: 'claim is a string', claim: 'claim', path: '' },
  { name: 'claim is a list', claim: [V1], path: '' },
  { name: 'claim is a number', claim: 42, path: '' },
];

function runClaimCase(c: ClaimCase) {
  const request = { members: [M1, M2], claims: [V1, c.claim, V2, V3] };
  const r = evaluate(plan, request, { trace: false });
  reconcile(request, r);
  checkErrors(request, r);
  const mine = r.errors.filter((e) => e.path === '/claims/1' || e.path.startsWith('/claims/1/'));
  expect(mine.length, `an error for the bad claim: ${JSON.stringify(r.errors).slice(0, 300)}`).toBeGreaterThan(0);
  expect(mine.map((e) => e.path)).toContain(`/claims/1${c.path ? `/${c.path}` : ''}`);
  expect(r.errors.filter((e) => !mine.includes(e)), 'no other claim is blamed').toEqual([]);
  // Every valid claim is evaluated, as if the bad one were absent.
  expect(Object.fromEntries(r.claims.map((x) => [x.id, x.payout]))).toEqual(cleanPayout);
}

describe('hostile claims beside valid ones', () => {
  it('the corpus has at least 50 malformed requests', () => {
    expect(CLAIM_CASES.length + NOT_A_RECORD.length + MEMBER_CASES.length + REQUEST_CASES.length + RAW_CASES.length).toBeGreaterThanOrEqual(50);
  });
  for (const c of CLAIM_CASES) it(c.name, () => runClaimCase(c));
  for (const c of NOT_A_RECORD) it(c.name, () => runClaimCase(c));
});

describe('a claim dated before its member was born (YR014)', () => {
  it('is rejected at its date with YR014, in English and Chinese; the birth day itself is accepted', () => {
    const request = { members: [M1, M2], claims: [V1, { ...V1, id: 'early', date: '1979-12-31' }, { ...V1, id: 'birthday', date: '1980-01-01' }] };
    const r = evaluate(plan, request, { trace: false });
    expect(r.errors).toEqual([{
      claim: 'early', path: '/claims/1/date', code: 'YR014',
      message: 'the claim is dated 1979-12-31, before the birth of member "m1" on 1980-01-01 / 理赔日期 1979-12-31 早于参保人“m1”的出生日期 1980-01-01',
    }]);
    // The birthday claim is accepted: dated 1980, before the plan's validity (2016–2030), it pays
    // 0.00 like any claim outside it (§22); v1 pays as before.
    expect(Object.fromEntries(r.claims.map((c) => [c.id, c.payout]))).toEqual({ v1: cleanPayout.v1, birthday: '0.00' });
  });

  it('opens no benefit year (spec/conformance/good/claim-before-birth shows it takes no deductible)', () => {
    const request = { members: [M1], claims: [{ ...V1, id: 'early', date: '1979-06-01' }, { ...V1, id: 'later', date: '1979-12-31' }] };
    // Both before the 1980-01-01 birth: both rejected, nothing paid, no member year.
    const r = evaluate(plan, request, { trace: false });
    expect(r.errors.map((e) => [e.claim, e.path, e.code])).toEqual([['early', '/claims/0/date', 'YR014'], ['later', '/claims/1/date', 'YR014']]);
    expect(r.claims).toEqual([]);
    expect(r.members).toEqual([]);
  });

  it('is rejected the same way in a batch run, naming its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-birth-'));
    const planFile = join(dir, 'p.yibao');
    writeFileSync(planFile, PLAN);
    writeFileSync(join(dir, 'm.jsonl'), `${JSON.stringify(M1)}\n`);
    writeFileSync(join(dir, 'c.jsonl'), [{ ...V1, id: 'early', date: '1979-12-31' }, V1].map((c) => JSON.stringify(c)).join('\n') + '\n');
    const err: string[] = [];
    const code = await main(['eval', planFile, '--members', join(dir, 'm.jsonl'), '--claims', join(dir, 'c.jsonl'), '--out', join(dir, 'out.jsonl'), '--errors', join(dir, 'err.jsonl'), '--workers', '1', '--quiet'], { out: () => {}, err: (s) => err.push(s) });
    expect(code).toBe(1);
    const errors = readFileSync(join(dir, 'err.jsonl'), 'utf8');
    expect(errors).toContain('YR014');
    expect(errors).toContain('"early"');
    expect(errors).toContain('/date');
    const results = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; payout: string });
    expect(results.map((x) => [x.id, x.payout])).toEqual([['v1', cleanPayout.v1]]);
  });
});

interface MemberCase { name: string; member: unknown; path: string }
const MEMBER_CASES: MemberCase[] = [
  { name: 'member birth date 2025-02-30', member: { ...M2, birthDate: '2025-02-30' }, path: 'birthDate' },
  // (A member may leave out an enrolment date the plan never reads: spec §20.1, test/needs.test.ts.)
  { name: 'member enrolment date 2025-13-01', member: { ...M2, enrolledSince: '2025-13-01' }, path: 'enrolledSince' },
  { name: 'groups not a list', member: { ...M2, groups: 'x' }, path: 'groups' },
  { name: 'empty group name', member: { ...M2, groups: [''] }, path: 'groups/0' },
  { name: 'attribute value not in the enumeration', member: { ...M2, attributes: { residence: 'suburban' } }, path: 'attributes/residence' },
  { name: 'attribute value of the wrong type', member: { ...M2, attributes: { residence: 1 } }, path: 'attributes/residence' },
  { name: 'attribute value is an object', member: { ...M2, attributes: { residence: { city: 'urban' } } }, path: 'attributes/residence' },
  { name: '101 attributes', member: { ...M2, attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}`, i])) }, path: 'attributes' },
  { name: 'duplicate member id', member: { ...M1 }, path: 'id' },
  { name: '10 MB member id', member: { ...M2, id: BIG }, path: 'id' },
  { name: 'unknown member field', member: { ...M2, age: 40 }, path: 'age' },
];

describe('hostile members', () => {
  for (const c of MEMBER_CASES) {
    it(c.name, () => {
      // A duplicate of m1 sets both m1 records aside; otherwise the bad record stands for m2.
      const dupM1 = (c.member as { id?: unknown }).id === 'm1';
      const request = { members: dupM1 ? [M1, c.member, M2] : [M1, c.member], claims: VALID };
      const r = evaluate(plan, request, { trace: false });
      reconcile(request, r);
      checkErrors(request, r);
      expect(r.errors.map((e) => e.path)).toContain(`/members/1/${c.path}`);
      // The message fits the field: an attribute is not "an amount in yuan".
      for (const e of r.errors.filter((x) => x.path.includes('/attributes'))) expect(e.message).not.toMatch(/amount in yuan/);
      // Claims of the valid member are evaluated as before; claims of the bad one are rejected at
      // their member field (for a duplicate id, both records of that id are set aside).
      const bad = dupM1 ? 'm1' : 'm2';
      for (const v of VALID) {
        if (v.member === bad) expect(r.errors.map((e) => e.path)).toContain(`/claims/${VALID.indexOf(v)}/member`);
        else expect(r.claims.find((x) => x.id === v.id)?.payout).toBe(cleanPayout[v.id]);
      }
      expect(() => premiums(plan, request)).not.toThrow();
    });
  }
});

const REQUEST_CASES: { name: string; request: unknown; path: string }[] = [
  { name: 'request is null', request: null, path: '' },
  { name: 'request is a list', request: [V1], path: '' },
  { name: 'request is a string', request: 'claims', path: '' },
  { name: 'claims is null', request: { members: [M1], claims: null }, path: '/claims' },
  { name: 'claims is an object', request: { members: [M1], claims: { v1: V1 } }, path: '/claims' },
  { name: 'members is a string', request: { members: 'm1', claims: [V1] }, path: '/members' },
  { name: 'unknown top-level field', request: { members: [M1, M2], claims: VALID, settings: { fast: true } }, path: '/settings' },
  { name: 'year as a string', request: { members: [M1, M2], claims: VALID, year: '2025' }, path: '/year' },
];

describe('hostile request envelopes', () => {
  for (const c of REQUEST_CASES) {
    it(c.name, () => {
      const r = evaluate(plan, c.request, { trace: false });
      reconcile(c.request, r);
      checkErrors(c.request, r);
      expect(r.errors.map((e) => e.path)).toContain(c.path);
      expect(() => premiums(plan, c.request)).not.toThrow();
    });
  }
});

describe('error paths are JSON pointers', () => {
  it('an unknown field whose name holds "/" or "~" is escaped (RFC 6901)', () => {
    const request = { members: [M1, M2], claims: [{ ...V1, id: 'b', 'a/b': 1, 'c~d': 2 }] };
    const r = evaluate(plan, request);
    expect(r.errors.map((e) => e.path).sort()).toEqual(['/claims/0/a~1b', '/claims/0/c~0d']);
  });
});

describe('random garbage in claim fields (fast-check)', () => {
  const field = fc.constantFrom('id', 'member', 'date', 'setting', 'flags', 'inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay', 'items', 'extra');
  it('never throws, always reconciles, always names the record', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(field, fc.jsonValue({ maxDepth: 4 })), { minLength: 1, maxLength: 4 }), fc.nat({ max: 2 }), (edits, which) => {
        const bad: Record<string, unknown> = { ...VALID[which]!, id: 'bad' };
        for (const [k, v] of edits) bad[k] = v;
        const request = { members: [M1, M2], claims: [...VALID, bad] };
        const r = evaluate(plan, request, { trace: false });
        reconcile(request, r);
        checkErrors(request, r);
        for (const v of VALID) if (bad.id !== v.id) expect(r.claims.find((x) => x.id === v.id)?.payout).toBe(cleanPayout[v.id]);
      }),
      { numRuns: Number(process.env.YIBAO_PROPERTY_RUNS ?? 300), seed: 7 },
    );
  });
});

// ---- through the CLI: files that are not JSON, a BOM, truncation; the exit code ----

const tmp = mkdtempSync(join(tmpdir(), 'yibao-hostile-'));
const planFile = join(tmp, 'hostile.yibao');
writeFileSync(planFile, PLAN);
async function cliEval(name: string, content: string | Buffer) {
  const p = join(tmp, name);
  writeFileSync(p, content);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['eval', planFile, p, '--no-trace', '--lang', 'en'], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const validJson = JSON.stringify({ members: [M1, M2], claims: VALID });

const RAW_CASES: { name: string; content: () => string | Buffer; exit: number; evaluated?: string[]; errorPath?: string }[] = [
  { name: 'a valid request (control)', content: () => validJson, exit: 0, evaluated: ['v1', 'v2', 'v3'] },
  { name: 'a UTF-8 BOM before valid JSON', content: () => '\ufeff' + validJson, exit: 0, evaluated: ['v1', 'v2', 'v3'] },
  { name: 'not JSON at all', content: () => 'members: m1\nclaims: v1', exit: 1 },
  { name: 'an empty file', content: () => '', exit: 1 },
  { name: 'a truncated file', content: () => validJson.slice(0, Math.floor(validJson.length / 2)), exit: 1 },
  { name: 'a trailing comma', content: () => validJson.replace(/]}$/, ',]}'), exit: 1 },
  { name: 'binary garbage with NUL bytes', content: () => Buffer.from([0, 1, 2, 0xff, 0xfe, 0x7b, 0]), exit: 1 },
  { name: 'UTF-16 with its BOM', content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validJson, 'utf16le')]), exit: 1 },
  { name: 'a 10 MB string in a claim', content: () => JSON.stringify({ members: [M1, M2], claims: [...VALID, { ...V1, id: 'big', setting: BIG }] }), exit: 1, evaluated: ['v1', 'v2', 'v3'], errorPath: '/claims/3/setting' },
  { name: '100,000 nested arrays in a claim', content: () => `{"members":${JSON.stringify([M1, M2])},"claims":[${JSON.stringify(V1)},{"id":"n","member":"m1","date":"2025-03-01","setting":"inpatient","items":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`, exit: 1, evaluated: ['v1'], errorPath: '/claims/1/items/0' },
  { name: '1e400 (Infinity once parsed) as an amount', content: () => validJson.replace('"1000.00"', '1e400'), exit: 1, evaluated: ['v2', 'v3'], errorPath: '/claims/0/inPolicySelfPay' },
  { name: 'a rejected claim beside valid ones', content: () => JSON.stringify({ members: [M1, M2], claims: [...VALID, { ...V1, id: 'late', date: '2025-02-30' }] }), exit: 1, evaluated: ['v1', 'v2', 'v3'], errorPath: '/claims/3/date' },
];

describe('hostile request files through `yibao eval`', () => {
  for (const c of RAW_CASES) {
    it(`${c.name} → exit ${c.exit}`, async () => {
      const r = await cliEval(`${c.name.replace(/\W+/g, '-')}.json`, c.content());
      expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+/); // never a stack trace
      expect(r.code).toBe(c.exit);
      if (c.evaluated) {
        const result = JSON.parse(r.out) as EvalResult;
        expect(result.claims.map((x) => x.id).sort()).toEqual(c.evaluated);
        for (const x of result.claims) expect(x.payout).toBe(cleanPayout[x.id]);
        if (c.errorPath) expect(result.errors.map((e) => e.path)).toContain(c.errorPath);
        else expect(result.errors).toEqual([]);
      } else {
        expect(r.out).toBe('');
        expect(r.err).toMatch(/yibao: .+/);
      }
    });
  }
});

describe('hostile lines in a batch run (`yibao eval PLAN --members FILE --claims FILE`)', () => {
  it('every bad line is an error naming its line (and claim and field when it has them); every good one is settled; the counts reconcile', async () => {
    const members = [JSON.stringify(M1), JSON.stringify(M2).slice(0, 30), JSON.stringify({ ...M2, id: 'm3' })].join('\n');
    const claims: [string, 'ok' | 'bad'][] = [
      ['\ufeff' + JSON.stringify(V1), 'ok'], // a BOM on the first line
      ['not json', 'bad'],
      [JSON.stringify({ ...V1, id: 'd1', date: '2025-02-30' }), 'bad'],
      [JSON.stringify({ ...V1, id: 'd2', member: 'm2' }), 'bad'], // its member's line is broken
      [JSON.stringify({ ...V1, id: 'd3', inPolicySelfPay: '1.005' }), 'bad'],
      [JSON.stringify({ ...V1, id: 'd4', setting: BIG }), 'bad'],
      [JSON.stringify({ ...V2, member: 'm3' }), 'ok'],
      [JSON.stringify(V1), 'bad'], // a duplicate id
      [`{"id":"d5","member":"m1","items":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, 'bad'],
      [JSON.stringify(V3), 'ok'],
      ['{"id":"t","member":"m1","da', 'bad'], // truncated
    ];
    const m = join(tmp, 'members.jsonl');
    const c = join(tmp, 'claims.jsonl');
    const outFile = join(tmp, 'out.jsonl');
    const errFile = join(tmp, 'errors.jsonl');
    writeFileSync(m, members);
    writeFileSync(c, claims.map(([l]) => l).join('\n'));
    const err: string[] = [];
    const code = await main(['eval', planFile, '--members', m, '--claims', c, '--out', outFile, '--errors', errFile, '--workers', '1', '--quiet'], { out: () => {}, err: (x) => err.push(x) });
    expect(err.join('\n')).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(code).toBe(1);
    const results = readFileSync(outFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; payout: string });
    type Rejected = { line: number; file: string; claim?: string; reasons: { path: string; code: string }[] };
    const errs = readFileSync(errFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rejected);
    const claimErrors = errs.filter((e) => e.file === 'claims');
    expect(results.map((r) => r.id).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(Object.fromEntries(results.map((r) => [r.id, r.payout]))).toEqual(cleanPayout);
    // claims in = results + rejected: exactly one record per bad claim line, each naming its line
    // (the file is not sorted by member, so the records come member by member).
    expect(claimErrors.map((e) => e.line).sort((a, b) => a - b)).toEqual(claims.flatMap(([, k], i) => (k === 'bad' ? [i + 1] : [])));
    expect(results.length + claimErrors.length).toBe(claims.length);
    expect(errs.some((e) => e.file === 'members' && e.line === 2)).toBe(true);
    const path = (id: string) => claimErrors.find((e) => e.claim === id)?.reasons.map((r) => r.path);
    expect(path('d1')).toEqual(['/date']);
    expect(path('d3')).toEqual(['/inPolicySelfPay']);
    expect(path('d4')).toEqual(['/setting']);
  });
});
