// Validates a request record by record: a bad claim becomes an error naming the claim and the
// JSON pointer of the field, and every other claim is still evaluated.
import type { ErrorObject, ValidateFunction } from 'ajv';
import Decimal from 'decimal.js';
import { formatDay, parseDay } from '../core/dates';
import { runtimeMessage } from './messages';
import type { Ty } from '../ir/types';
import type { ClaimFields, RtClaim, RtItem, RtMember } from '../ir/env';

export type { ClaimFields } from '../ir/env';
import { parseFen } from '../core/money';
import * as generated from './request-validators.generated';
import { commonClaim, commonMember } from './common-shape';

export interface RequestError {
  claim?: string;
  member?: string;
  path: string;
  code: string;
  message: string;
}

// Generated from the request schema by `npm run schemas` (Ajv standalone code): no schema is
// compiled at start-up, which matters for every batch worker and every short CLI run.
const validators = generated as unknown as { member: ValidateFunction; claim: ValidateFunction };

const AMOUNT_MESSAGE = 'must be an amount in yuan, ≥ 0, below one billion, with at most 2 decimals / 应为不小于 0、小于十亿、最多两位小数的金额';

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return `missing field "${(e.params as { missingProperty: string }).missingProperty}" / 缺少字段`;
  if (e.keyword === 'additionalProperties') return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}" / 未知字段`;
  if (e.keyword === 'anyOf' && e.instancePath.includes('/attributes/')) return 'must be text, a number or true/false / 应为文本、数值或 true/false';
  if (e.keyword === 'anyOf') return AMOUNT_MESSAGE;
  if (e.keyword === 'pattern' && e.instancePath.endsWith('ate')) return 'must be a date YYYY-MM-DD / 应为 YYYY-MM-DD 日期';
  return `${e.message ?? 'invalid'} / 取值无效`;
}

/** A JSON pointer segment (RFC 6901): "~" → "~0", "/" → "~1". */
const segment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function pointer(base: string, e: ErrorObject): string {
  if (e.keyword === 'required') return `${base}${e.instancePath}/${segment((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${base}${e.instancePath}/${segment((e.params as { additionalProperty: string }).additionalProperty)}`;
  return `${base}${e.instancePath}`;
}

/** Keeps the most specific error per field: anyOf reports its branches too. */
function schemaErrors(errors: ErrorObject[] | null | undefined, base: string, owner: Partial<RequestError>): RequestError[] {
  const out = new Map<string, RequestError>();
  for (const e of errors ?? []) {
    const path = pointer(base, e);
    const isBranch = e.schemaPath.includes('/anyOf/');
    if (isBranch && out.has(path)) continue;
    if (isBranch) continue;
    out.set(path, { ...owner, path, code: 'YR001', message: describe(e) });
  }
  return [...out.values()];
}

/** What a request is checked against: the plan's settings, flags (every spelling → id) and attributes. */
export interface RequestVocabulary {
  settings: Map<string, string>;
  flags: Map<string, string>;
  attributes: Map<string, { type: Ty }>;
}

export interface ValidRequest {
  members: Map<string, RtMember>;
  claims: RtClaim[];
  errors: RequestError[];
  year?: number;
  /** Records received, for reconciliation: claims in = results + claim errors. */
  claimCount: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateRequest(plan: RequestVocabulary, request: unknown): ValidRequest {
  const out: ValidRequest = { members: new Map(), claims: [], errors: [], claimCount: 0 };
  if (!isObject(request)) {
    out.errors.push({ path: '', code: 'YR001', message: 'the request must be a JSON object with "members" and "claims" / 请求应为包含 members 与 claims 的 JSON 对象' });
    return out;
  }
  for (const key of Object.keys(request)) {
    if (!['members', 'claims', 'year'].includes(key)) out.errors.push({ path: `/${segment(key)}`, code: 'YR001', message: `unknown field "${key}" / 未知字段` });
  }
  if (request.year !== undefined) {
    if (Number.isInteger(request.year) && (request.year as number) >= 1900 && (request.year as number) <= 2200) out.year = request.year as number;
    else out.errors.push({ path: '/year', code: 'YR001', message: 'must be a year such as 2025 / 应为年份' });
  }
  const members = Array.isArray(request.members) ? request.members : [];
  if (request.members !== undefined && !Array.isArray(request.members)) out.errors.push({ path: '/members', code: 'YR001', message: 'must be an array / 应为数组' });
  const claims = Array.isArray(request.claims) ? request.claims : [];
  if (request.claims !== undefined && !Array.isArray(request.claims)) out.errors.push({ path: '/claims', code: 'YR001', message: 'must be an array / 应为数组' });
  out.claimCount = claims.length;
  const badMembers = new Set<string>();
  members.forEach((m, i) => {
    const member = validateMember(plan, m, i, out.errors);
    const mid = isObject(m) && typeof m.id === 'string' ? m.id : undefined;
    if (!member) {
      if (mid !== undefined) badMembers.add(mid);
      return;
    }
    if (out.members.has(member.id)) {
      out.errors.push({ member: member.id, path: `/members/${i}/id`, code: 'YR003', message: `duplicate member id "${member.id}" / 参保人编号重复` });
      badMembers.add(member.id);
      return;
    }
    out.members.set(member.id, member);
  });
  for (const id of badMembers) out.members.delete(id);
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    const claim = validateClaim(plan, c, i, out.errors);
    if (!claim) return;
    if (seen.has(claim.id)) {
      out.errors.push({ claim: claim.id, path: `/claims/${i}/id`, code: 'YR003', message: `duplicate claim id "${claim.id}" / 理赔编号重复` });
      return;
    }
    seen.add(claim.id);
    const member = out.members.get(claim.memberId);
    if (!member) {
      const why = badMembers.has(claim.memberId) ? 'the member record is invalid / 参保人记录无效' : 'unknown member / 未知参保人';
      out.errors.push({ claim: claim.id, path: `/claims/${i}/member`, code: 'YR002', message: `${why}: "${claim.memberId}"` });
      return;
    }
    if (claim.day < member.birthDay) {
      out.errors.push({ claim: claim.id, path: `/claims/${i}/date`, code: 'YR014', message: runtimeMessage('YR014', { date: claim.date, birthDate: formatDay(member.birthDay), member: member.id }) });
      return;
    }
    out.claims.push(claim);
  });
  return out;
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
  bad(path: string, message: string, code = 'YR001'): void {
    this.errors.push({ [this.kind]: this.id, path: `/${this.kind}s/${this.i}/${path}`, code, message });
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

function validateMember(plan: RequestVocabulary, m: unknown, i: number, errors: RequestError[]): RtMember | undefined {
  const rec = commonMember(m) ? new Reporter('member', (m as { id: string }).id, i, errors) : startRecord('member', m, i, errors);
  if (!rec) return undefined;
  const r = m as { id: string; birthDate: string; enrolledSince: string; groups?: string[]; attributes?: Record<string, unknown> };
  const birthDay = parseDay(r.birthDate);
  const enrolledDay = parseDay(r.enrolledSince);
  if (birthDay === undefined) rec.bad('birthDate', `"${r.birthDate}" is not a real date / 不是有效日期`);
  if (enrolledDay === undefined) rec.bad('enrolledSince', `"${r.enrolledSince}" is not a real date / 不是有效日期`);
  const attributes = new Map<string, string | number | boolean | Decimal>();
  const given = r.attributes ?? {};
  for (const k in given) {
    if (!Object.hasOwn(given, k)) continue;
    const val = given[k];
    const spec = plan.attributes.get(k);
    if (!spec) continue; // attributes the plan does not use are ignored, not errors
    const t = spec.type;
    if (t.k === 'enum' && !(typeof val === 'string' && t.values.includes(val))) rec.bad(`attributes/${segment(k)}`, `must be one of ${t.values.join(', ')} / 取值应为 ${t.values.join('、')}`);
    else if (t.k === 'bool' && typeof val !== 'boolean') rec.bad(`attributes/${segment(k)}`, 'must be true or false / 应为 true 或 false');
    else if ((t.k === 'number' || t.k === 'money') && typeof val !== 'number' && !(typeof val === 'string' && /^-?\d+(\.\d+)?$/.test(val))) rec.bad(`attributes/${segment(k)}`, 'must be a number / 应为数值');
    else if (t.k === 'date' && (typeof val !== 'string' || parseDay(val) === undefined)) rec.bad(`attributes/${segment(k)}`, 'must be a date YYYY-MM-DD / 应为 YYYY-MM-DD 日期');
    else if (t.k === 'string' && typeof val !== 'string') rec.bad(`attributes/${segment(k)}`, 'must be text / 应为文本');
    else if (t.k === 'date') attributes.set(k, parseDay(val as string)!);
    else attributes.set(k, t.k === 'number' || t.k === 'money' ? new Decimal(val as string | number) : (val as string | boolean));
  }
  if (rec.failed()) return undefined;
  return { id: r.id, index: i, birthDay: birthDay!, enrolledDay: enrolledDay!, groups: r.groups && r.groups.length ? new Set(r.groups) : NO_GROUPS, attributes };
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
  };
  return finishClaim(plan, {
    id: r.id, member: r.member, date: r.date, setting: r.setting, flags: r.flags,
    inPolicySelfPay: fenOrNull(r.inPolicySelfPay),
    outOfPolicySelfPay: fenOrNull(r.outOfPolicySelfPay),
    overLimitSelfPay: fenOrNull(r.overLimitSelfPay),
    items: r.items?.map((it) => ({ code: it.code, amount: fenOrNull(it.amount) ?? null, class: it.class, category: it.category })),
  }, i, rec);
}


/** The checks beyond the schema: real dates, known settings and flags, amounts that add up. */
function finishClaim(plan: RequestVocabulary, r: ClaimFields, i: number, rec: Reporter): RtClaim | undefined {
  const day = parseDay(r.date);
  if (day === undefined) rec.bad('date', `"${r.date}" is not a real date / 不是有效日期`);
  const setting = plan.settings.get(r.setting);
  if (setting === undefined) rec.bad('setting', `unknown setting "${r.setting}" / 未知就医类别`, 'YR008');
  const flags = r.flags === undefined || r.flags.length === 0 ? NO_FLAGS : new Set<string>();
  (r.flags ?? []).forEach((f, j) => {
    const id = plan.flags.get(f);
    if (id === undefined) rec.bad(`flags/${j}`, `unknown flag "${f}" / 未知理赔标记`, 'YR008');
    else (flags as Set<string>).add(id);
  });
  const items = r.items === undefined || r.items.length === 0 ? NO_ITEMS : r.items.map((it, j) => ({
    index: j,
    code: it.code,
    fen: fenOf(rec, `items/${j}/amount`, it.amount) ?? 0,
    cls: it.class,
    category: it.category ?? '',
  }));
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
    // With items present a missing class total is their sum; a given one must agree with it.
    if (givenIn === undefined) inFen = sumIn;
    else if (givenIn !== sumIn && !rec.failed()) rec.bad('inPolicySelfPay', sumMismatch(givenIn, 'in', sumIn), 'YR004');
    if (givenOut === undefined) outFen = sumOut;
    else if (givenOut !== sumOut && !rec.failed()) rec.bad('outOfPolicySelfPay', sumMismatch(givenOut, 'out', sumOut), 'YR004');
  }
  if (rec.failed()) return undefined;
  return {
    id: r.id, index: i, memberId: r.member, day: day!, date: r.date, setting: setting!, flags,
    inFen, outFen, overFen, items, netIn: inFen, netOut: outFen,
  };
}

/** An amount in fen, reporting one the schema admits but fen cannot hold (null). */
function fenOf(rec: Reporter, field: string, fen: number | null | undefined): number | undefined {
  if (fen === null) rec.bad(field, AMOUNT_MESSAGE);
  return fen ?? undefined;
}

const sumMismatch = (given: number, cls: 'in' | 'out', sum: number) =>
  `${(given / 100).toFixed(2)} ≠ the sum of its "${cls}" items ${(sum / 100).toFixed(2)} / 与明细合计不符`;

/** Most claims carry no flags or items, most members no groups; they share one empty value each. */
const NO_ITEMS: RtItem[] = [];
const NO_FLAGS: ReadonlySet<string> = new Set();
const NO_GROUPS: ReadonlySet<string> = new Set();
