// Validates a request record by record: a bad claim becomes an error naming the claim and the
// JSON pointer of the field, and every other claim is still evaluated.
import type { ErrorObject, ValidateFunction } from 'ajv';
import Decimal from 'decimal.js';
import { formatDay, parseDay } from '../core/dates';
import { requestError, type MessageKind, type RequestArgs, type RequestCode, type RequestError } from '../ir/request-errors';
import type { Ty } from '../ir/types';
import type { ClaimFields, RtClaim, RtItem, RtMember } from '../ir/env';
import type { FieldNeed, Needs } from '../ir/needs';

export type { ClaimFields } from '../ir/env';
import { parseFen } from '../core/money';
import * as generated from './request-validators.generated';
import { commonClaim, commonMember } from './common-shape';
import { isObject } from '../core/json';

export type { RequestError } from '../ir/request-errors';

// Generated from the request schema by `npm run schemas` (Ajv standalone code): no schema is
// compiled at start-up, which matters for every batch worker and every short CLI run.
const validators = generated as unknown as { member: ValidateFunction; claim: ValidateFunction };

/** Which YR001 message a schema error gets, and its values. */
function describe(e: ErrorObject): [MessageKind<'YR001'>, RequestArgs?] {
  if (e.keyword === 'required') return ['missingField', { field: (e.params as { missingProperty: string }).missingProperty }];
  if (e.keyword === 'additionalProperties') return ['unknownField', { field: (e.params as { additionalProperty: string }).additionalProperty }];
  if (e.keyword === 'anyOf' && e.instancePath.includes('/attributes/')) return ['attribute'];
  if (e.keyword === 'anyOf') return ['amount'];
  if (e.keyword === 'pattern' && e.instancePath.endsWith('ate')) return ['dateFormat'];
  return ['invalid', { detail: e.message ?? 'invalid' }];
}

/** A JSON pointer segment (RFC 6901): "~" → "~0", "/" → "~1". */
const segment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function pointer(base: string, e: ErrorObject): string {
  if (e.keyword === 'required') return `${base}${e.instancePath}/${segment((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${base}${e.instancePath}/${segment((e.params as { additionalProperty: string }).additionalProperty)}`;
  return `${base}${e.instancePath}`;
}

/** Keeps the most specific error per field: anyOf reports its branches too. */
function schemaErrors(errors: ErrorObject[] | null | undefined, base: string, owner: Pick<RequestError, 'claim' | 'member'>): RequestError[] {
  const out = new Map<string, RequestError>();
  for (const e of errors ?? []) {
    const path = pointer(base, e);
    const isBranch = e.schemaPath.includes('/anyOf/');
    if (isBranch && out.has(path)) continue;
    if (isBranch) continue;
    out.set(path, requestError({ ...owner, path }, 'YR001', ...describe(e)));
  }
  return [...out.values()];
}

/** What a request is checked against: the plan's settings, flags (every spelling → id) and attributes. */
export interface RequestVocabulary {
  settings: Map<string, string>;
  flags: Map<string, string>;
  attributes: Map<string, { type: Ty }>;
  /** Declared attributes of each claim. */
  claimAttributes: Map<string, { type: Ty }>;
  /** The member fields each computation reads (a compiled plan's); none known: none is required. */
  needs?: Needs;
  /** Items are each claim's full breakdown (`items complete`); otherwise they may tag part of it. */
  itemsComplete?: boolean;
}

export interface ValidRequest {
  members: Map<string, RtMember>;
  claims: RtClaim[];
  errors: RequestError[];
  year?: number;
  /** Records received, for reconciliation: claims in = results + claim errors. */
  claimCount: number;
}


/**
 * Checks a request for a computation: `claims` (settling) or `premium`. A member field that
 * computation reads (`plan.needs`) is required; one it does not read may be left out.
 */
export function validateRequest(plan: RequestVocabulary, request: unknown, purpose: keyof Needs = 'claims'): ValidRequest {
  const required = plan.needs?.[purpose] ?? [];
  const out: ValidRequest = { members: new Map(), claims: [], errors: [], claimCount: 0 };
  if (!isObject(request)) {
    out.errors.push(requestError({ path: '' }, 'YR001', 'notObject'));
    return out;
  }
  for (const key in request) {
    if (Object.hasOwn(request, key) && key !== 'members' && key !== 'claims' && key !== 'year') out.errors.push(requestError({ path: `/${segment(key)}` }, 'YR001', 'unknownField', { field: key }));
  }
  if (request.year !== undefined) {
    if (Number.isInteger(request.year) && (request.year as number) >= 1900 && (request.year as number) <= 2200) out.year = request.year as number;
    else out.errors.push(requestError({ path: '/year' }, 'YR001', 'year'));
  }
  const members = Array.isArray(request.members) ? request.members : [];
  if (request.members !== undefined && !Array.isArray(request.members)) out.errors.push(requestError({ path: '/members' }, 'YR001', 'array'));
  const claims = Array.isArray(request.claims) ? request.claims : [];
  if (request.claims !== undefined && !Array.isArray(request.claims)) out.errors.push(requestError({ path: '/claims' }, 'YR001', 'array'));
  out.claimCount = claims.length;
  const badMembers = new Set<string>();
  members.forEach((m, i) => {
    const member = validateMember(plan, m, i, out.errors, required);
    const mid = isObject(m) && typeof m.id === 'string' ? m.id : undefined;
    if (!member) {
      if (mid !== undefined) badMembers.add(mid);
      return;
    }
    if (out.members.has(member.id)) {
      out.errors.push(requestError({ member: member.id, path: `/members/${i}/id` }, 'YR003', 'duplicateMember', { id: member.id }));
      badMembers.add(member.id);
      return;
    }
    out.members.set(member.id, member);
  });
  for (const id of badMembers) out.members.delete(id);
  const seen = new SeenIds();
  for (let i = 0; i < claims.length; i++) {
    const claim = validateClaim(plan, claims[i], i, out.errors);
    if (!claim) continue;
    if (!seen.add(claim.id)) {
      out.errors.push(requestError({ claim: claim.id, path: `/claims/${i}/id` }, 'YR003', 'duplicateClaim', { id: claim.id }));
      continue;
    }
    const memberInvalid = badMembers.size > 0 && badMembers.has(claim.memberId);
    if (fitsMember(claim, i, out.members.get(claim.memberId), memberInvalid, out.errors)) out.claims.push(claim);
  }
  return out;
}

/**
 * The claim ids of a request seen so far: a list while they are few (a batch checks one member's
 * claims at a time, five on average), a Set past that. Comparing a new id with a few others costs
 * less than hashing it and growing a Set made for every member.
 */
class SeenIds {
  private readonly few: string[] = [];
  private many: Set<string> | undefined;

  /** Adds the id; false when it was seen already. */
  add(id: string): boolean {
    if (this.many) {
      if (this.many.has(id)) return false;
      this.many.add(id);
      return true;
    }
    const few = this.few;
    for (let k = 0; k < few.length; k++) if (few[k] === id) return false;
    if (few.push(id) > 16) this.many = new Set(few);
    return true;
  }
}

/** Whether a valid claim has its member (known and valid) and is not dated before the member's birth. */
function fitsMember(claim: RtClaim, i: number, member: RtMember | undefined, memberInvalid: boolean, errors: RequestError[]): member is RtMember {
  if (!member) {
    errors.push(requestError({ claim: claim.id, path: `/claims/${i}/member` }, 'YR002', memberInvalid ? 'invalidMember' : 'unknownMember', { member: claim.memberId }));
    return false;
  }
  if (claim.day < member.birthDay) {
    errors.push(requestError({ claim: claim.id, path: `/claims/${i}/date` }, 'YR014', 'default', { date: claim.date, birthDate: formatDay(member.birthDay), member: member.id }));
    return false;
  }
  return true;
}

/**
 * One claim of a member already validated (a chain's layer claims, spec §26): the claim's own
 * checks and its member's, as validateRequest makes them, without validating the member again.
 * Errors point at `/claims/0`.
 */
export function validateClaimOf(plan: RequestVocabulary, claim: unknown, member: RtMember, errors: RequestError[]): RtClaim | undefined {
  const c = validateClaim(plan, claim, 0, errors);
  if (!c) return undefined;
  return fitsMember(c, 0, c.memberId === member.id ? member : undefined, false, errors) ? c : undefined;
}

/** One member record at index `i` of a request's members, checked for settling claims (a chain reads its members so, layer by layer). */
export function validateMemberOf(plan: RequestVocabulary, member: unknown, i: number, errors: RequestError[]): RtMember | undefined {
  return validateMember(plan, member, i, errors, plan.needs?.claims ?? []);
}

/** Reports a record's errors under its JSON pointer; remembers whether any was reported. */
class Reporter {
  private ok = true;
  constructor(
    private readonly kind: 'member' | 'claim',
    private readonly id: string,
    private readonly i: number,
    private readonly errors: RequestError[],
  ) {}
  bad<C extends RequestCode>(path: string, code: C, kind: MessageKind<C>, args?: RequestArgs): void {
    this.errors.push(requestError({ [this.kind]: this.id, path: `/${this.kind}s/${this.i}/${path}` }, code, kind, args));
    this.ok = false;
  }
  failed(): boolean {
    return !this.ok;
  }
}

/** Checks a record against its schema; returns a reporter for the record's further checks. */
function startRecord(kind: 'member' | 'claim', value: unknown, i: number, errors: RequestError[]) {
  const id = isObject(value) && typeof value.id === 'string' ? value.id : `#${i}`;
  const v = validators[kind];
  if (!v(value)) {
    errors.push(...schemaErrors(v.errors, `/${kind}s/${i}`, { [kind]: id }));
    return undefined;
  }
  return new Reporter(kind, id, i, errors);
}

function validateMember(plan: RequestVocabulary, m: unknown, i: number, errors: RequestError[], required: readonly FieldNeed[]): RtMember | undefined {
  const rec = commonMember(m) ? new Reporter('member', (m as { id: string }).id, i, errors) : startRecord('member', m, i, errors);
  if (!rec) return undefined;
  const r = m as { id: string; birthDate?: string; enrolledSince?: string; groups?: string[]; attributes?: Record<string, unknown> };
  const birthDay = dayField(r, 'birthDate', rec);
  const enrolledDay = dayField(r, 'enrolledSince', rec);
  // A field the computation reads must be there; the rule that reads it is named.
  for (const need of required) {
    if (r[need.field] !== undefined) continue;
    const { en, zh, range } = need.rule;
    rec.bad(need.field, 'YR015', 'default', { member: r.id, field: need.field, rule: en, ruleZh: zh, line: range.start.line });
  }
  const attributes = readAttributes(r.attributes, plan.attributes, rec);
  if (rec.failed()) return undefined;
  return { id: r.id, index: i, birthDay, enrolledDay, groups: r.groups && r.groups.length ? new Set(r.groups) : NO_GROUPS, attributes };
}

/** A member's date field as a day number: NaN when absent (reading it then fails, YR015), undefined when not a real date. */
function dayField(r: { birthDate?: string; enrolledSince?: string }, field: 'birthDate' | 'enrolledSince', rec: Reporter): number {
  const text = r[field];
  if (text === undefined) return NaN;
  const day = parseDay(text);
  if (day === undefined) rec.bad(field, 'YR001', 'notRealDate', { date: text });
  return day ?? NaN;
}

const attributePath = (k: string) => `attributes/${segment(k)}`;

type Attributes = Map<string, string | number | boolean | Decimal>;
const NO_ATTRIBUTES: ReadonlyMap<string, string | number | boolean | Decimal> = new Map();

/** The declared attributes a record gives, each checked against its type (others are ignored, not errors). */
function readAttributes(given: Record<string, unknown> | undefined, declared: Map<string, { type: Ty }>, rec: Reporter): Attributes {
  const attributes: Attributes = new Map();
  for (const k in given ?? {}) {
    if (!Object.hasOwn(given!, k)) continue;
    const val = given![k];
    const spec = declared.get(k);
    if (!spec) continue;
    const t = spec.type;
    // The field's path is made only for an error: most records have none.
    if (t.k === 'enum' && !(typeof val === 'string' && t.values.includes(val))) rec.bad(attributePath(k), 'YR001', 'oneOf', { values: t.values });
    else if (t.k === 'bool' && typeof val !== 'boolean') rec.bad(attributePath(k), 'YR001', 'bool');
    else if ((t.k === 'number' || t.k === 'money') && typeof val !== 'number' && !(typeof val === 'string' && /^-?\d+(\.\d+)?$/.test(val))) rec.bad(attributePath(k), 'YR001', 'number');
    else if (t.k === 'date' && (typeof val !== 'string' || parseDay(val) === undefined)) rec.bad(attributePath(k), 'YR001', 'dateFormat');
    else if (t.k === 'string' && typeof val !== 'string') rec.bad(attributePath(k), 'YR001', 'text');
    else if (t.k === 'date') attributes.set(k, parseDay(val as string)!);
    else attributes.set(k, t.k === 'number' || t.k === 'money' ? new Decimal(val as string | number) : (val as string | boolean));
  }
  return attributes;
}

/**
 * A claim a batch reader has already read field by field from bytes it vouches match the
 * request schema (see engine/batch/claim-scan.ts): it skips JSON.parse and the schema check, and
 * every later check is the same as for any other claim.
 */
export class ScannedClaim implements ClaimFields {
  constructor(
    readonly id: string,
    readonly member: string,
    readonly date: string,
    readonly setting: string,
    readonly flags: string[] | undefined,
    readonly inPolicySelfPay: number | undefined,
    readonly outOfPolicySelfPay: number | undefined,
    readonly overLimitSelfPay: number | undefined,
    readonly items: { code: string; amount: number; class: 'in' | 'out'; category?: string }[] | undefined,
  ) {}
}

const fenOrNull = (v: unknown) => (v === undefined ? undefined : parseFen(v) ?? null);

function validateClaim(plan: RequestVocabulary, c: unknown, i: number, errors: RequestError[]): RtClaim | undefined {
  if (c instanceof ScannedClaim) return finishClaim(plan, c, i, new Reporter('claim', c.id, i, errors));
  const common = commonClaim(c);
  if (common) return finishClaim(plan, common, i, new Reporter('claim', common.id, i, errors));
  const rec = startRecord('claim', c, i, errors);
  if (!rec) return undefined;
  const r = c as {
    id: string; member: string; date: string; setting: string; flags?: string[];
    inPolicySelfPay?: unknown; outOfPolicySelfPay?: unknown; overLimitSelfPay?: unknown;
    items?: { code: string; amount: unknown; class: 'in' | 'out'; category?: string }[];
    attributes?: Record<string, unknown>;
  };
  return finishClaim(plan, {
    id: r.id, member: r.member, date: r.date, setting: r.setting, flags: r.flags,
    inPolicySelfPay: fenOrNull(r.inPolicySelfPay),
    outOfPolicySelfPay: fenOrNull(r.outOfPolicySelfPay),
    overLimitSelfPay: fenOrNull(r.overLimitSelfPay),
    items: r.items?.map((it) => ({ code: it.code, amount: fenOrNull(it.amount) ?? null, class: it.class, category: it.category })),
    attributes: r.attributes,
  }, i, rec);
}


/** The checks beyond the schema: real dates, known settings and flags, amounts that add up. */
function finishClaim(plan: RequestVocabulary, r: ClaimFields, i: number, rec: Reporter): RtClaim | undefined {
  const day = parseDay(r.date);
  if (day === undefined) rec.bad('date', 'YR001', 'notRealDate', { date: r.date });
  const setting = plan.settings.get(r.setting);
  if (setting === undefined) rec.bad('setting', 'YR008', 'unknownSetting', { setting: r.setting });
  // A loop, not forEach: most claims have no flags, and a callback made per claim is garbage.
  const flags = r.flags === undefined || r.flags.length === 0 ? NO_FLAGS : new Set<string>();
  for (let j = 0; r.flags !== undefined && j < r.flags.length; j++) {
    const id = plan.flags.get(r.flags[j]!);
    if (id === undefined) rec.bad(`flags/${j}`, 'YR008', 'unknownFlag', { flag: r.flags[j]! });
    else (flags as Set<string>).add(id);
  }
  const items = r.items === undefined || r.items.length === 0 ? NO_ITEMS : readItems(r.items, rec);
  const givenIn = fenOf(rec, 'inPolicySelfPay', r.inPolicySelfPay);
  const givenOut = fenOf(rec, 'outOfPolicySelfPay', r.outOfPolicySelfPay);
  const overFen = fenOf(rec, 'overLimitSelfPay', r.overLimitSelfPay) ?? 0;
  let inFen = givenIn ?? 0;
  let outFen = givenOut ?? 0;
  if (items.length > 0) {
    let sumIn = 0;
    let sumOut = 0;
    for (const it of items) {
      if (it.cls === 'in') sumIn += it.fen;
      else sumOut += it.fen;
    }
    // A missing class total is the sum of its items. A given one must equal it when items are the
    // full breakdown (`items complete`), and hold it otherwise: items may tag part of a claim.
    const complete = plan.itemsComplete === true;
    const off = (given: number, sum: number) => (complete ? given !== sum : sum > given);
    const kind = complete ? 'default' : 'exceeds';
    if (givenIn === undefined) inFen = sumIn;
    else if (off(givenIn, sumIn) && !rec.failed()) rec.bad('inPolicySelfPay', 'YR004', kind, sumMismatch(givenIn, 'in', sumIn));
    if (givenOut === undefined) outFen = sumOut;
    else if (off(givenOut, sumOut) && !rec.failed()) rec.bad('outOfPolicySelfPay', 'YR004', kind, sumMismatch(givenOut, 'out', sumOut));
  }
  // Most plans declare no claim attribute: their claims share one empty map.
  const attributes = r.attributes === undefined ? NO_ATTRIBUTES : readAttributes(r.attributes, plan.claimAttributes, rec);
  if (rec.failed()) return undefined;
  return {
    id: r.id, index: i, memberId: r.member, day: day!, date: r.date, setting: setting!, flags,
    inFen, outFen, overFen, items, attributes, netIn: inFen, netOut: outFen,
  };
}

/** An amount in fen, reporting one the schema admits but fen cannot hold (null). */
function fenOf(rec: Reporter, field: string, fen: number | null | undefined): number | undefined {
  if (fen === null) rec.bad(field, 'YR001', 'amount');
  return fen ?? undefined;
}

const sumMismatch = (given: number, cls: 'in' | 'out', sum: number): RequestArgs => ({ given: (given / 100).toFixed(2), class: cls, sum: (sum / 100).toFixed(2) });

/**
 * A claim's items as settlement reads them. Pushed one by one onto a list (not made by `map`, whose
 * lists come out of optimised code as another elements kind than out of the interpreter): every
 * list of items, and NO_ITEMS, is then of one kind, and the code reading them is compiled once.
 */
function readItems(given: NonNullable<ClaimFields['items']>, rec: Reporter): RtItem[] {
  const items: RtItem[] = [];
  for (let j = 0; j < given.length; j++) {
    const it = given[j]!;
    items.push({
      index: j,
      code: it.code,
      fen: fenOf(rec, `items/${j}/amount`, it.amount) ?? 0,
      cls: it.class,
      category: it.category ?? '',
      // Present from the start: settlement sets it, and an object that changes shape slows every reader.
      excluded: undefined,
    });
  }
  return items;
}

/**
 * Most claims carry no flags or items, most members no groups; they share one empty value each.
 * The empty item list is made an array of objects (the elements kind of a list items are pushed
 * onto), not left a literal [] (an array of small integers): code that reads both kinds is
 * compiled for one, thrown away when the other comes, and compiled again, in the middle of a
 * batch's warm-up (the plan's claim function among it).
 */
const NO_ITEMS: RtItem[] = [];
NO_ITEMS.push(undefined as unknown as RtItem);
NO_ITEMS.pop();
const NO_FLAGS: ReadonlySet<string> = new Set();
const NO_GROUPS: ReadonlySet<string> = new Set();
