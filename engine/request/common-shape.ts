// Records of the common shape, checked by hand: plain strings of schema lengths, ISO dates, amounts
// as the schema writes them. A record that passes is one the request schema accepts, so Ajv is
// skipped for it; anything else goes to Ajv, which names the error. The counter's single claim
// and every member of a batch take this path. test/common-shape.test.ts holds it to Ajv.
import type { ClaimFields } from '../ir/env';
import { parseFen } from '../core/money';

const MAX_TEXT = 200;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** 1 to 200 characters. (UTF-16 length ≥ code points, so length ≤ 200 is safe.) */
const shortText = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_TEXT;

function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10) return false;
  for (let i = 0; i < 10; i++) {
    const c = v.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 0x2d : c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const AMOUNT = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;

/** An amount the schema accepts, in fen (null: a number fen cannot hold exactly); undefined if not. */
function amount(v: unknown): number | null | undefined {
  if (typeof v === 'string') return v.length <= 12 && AMOUNT.test(v) ? parseFen(v)! : undefined;
  if (typeof v === 'number' && v >= 0 && v <= 999999999.99) return parseFen(v) ?? null;
  return undefined;
}

function textList(v: unknown, max: number): v is string[] {
  if (!Array.isArray(v) || v.length > max) return false;
  for (const x of v) if (!shortText(x)) return false;
  return true;
}

const CLAIM_KEYS = new Set(['id', 'member', 'date', 'setting', 'flags', 'inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay', 'items']);
const AMOUNT_KEYS = ['inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay'] as const;

/** The claim's fields when the record has the common shape; undefined to let Ajv judge it. */
export function commonClaim(c: unknown): ClaimFields | undefined {
  if (!isPlain(c)) return undefined;
  for (const k in c) if (!CLAIM_KEYS.has(k)) return undefined;
  if (!shortText(c.id) || !shortText(c.member) || !isDate(c.date) || !shortText(c.setting)) return undefined;
  if (c.flags !== undefined && !textList(c.flags, 50)) return undefined;
  const f: ClaimFields = { id: c.id, member: c.member, date: c.date, setting: c.setting, flags: c.flags as string[] | undefined };
  for (const k of AMOUNT_KEYS) {
    if (c[k] === undefined) continue;
    const fen = amount(c[k]);
    if (fen === undefined) return undefined;
    f[k] = fen;
  }
  if (c.items !== undefined) {
    if (!Array.isArray(c.items) || c.items.length > 10_000) return undefined;
    const items: NonNullable<ClaimFields['items']> = [];
    for (const it of c.items as unknown[]) {
      if (!isPlain(it)) return undefined;
      let n = 0;
      for (const k in it) {
        if (k !== 'code' && k !== 'amount' && k !== 'class' && k !== 'category') return undefined;
        n++;
      }
      const fen = amount(it.amount);
      if (!shortText(it.code) || fen === undefined || (it.class !== 'in' && it.class !== 'out')) return undefined;
      if (it.category !== undefined && !shortText(it.category)) return undefined;
      if (n !== (it.category !== undefined ? 4 : 3)) return undefined;
      items.push(it.category !== undefined ? { code: it.code, amount: fen, class: it.class, category: it.category } : { code: it.code, amount: fen, class: it.class });
    }
    f.items = items;
  }
  return f;
}

const MEMBER_KEYS = new Set(['id', 'birthDate', 'enrolledSince', 'groups', 'attributes']);

/** Whether the member record has the common shape (and so the schema accepts it). */
export function commonMember(m: unknown): boolean {
  if (!isPlain(m)) return false;
  for (const k in m) if (!MEMBER_KEYS.has(k)) return false;
  if (!shortText(m.id) || (m.birthDate !== undefined && !isDate(m.birthDate)) || (m.enrolledSince !== undefined && !isDate(m.enrolledSince))) return false;
  if (m.groups !== undefined && !textList(m.groups, 100)) return false;
  if (m.attributes !== undefined) {
    const a = m.attributes;
    if (!isPlain(a)) return false;
    let n = 0;
    for (const k in a) {
      const v = a[k];
      if (!(typeof v === 'boolean' || Number.isFinite(v) || (typeof v === 'string' && v.length <= MAX_TEXT))) return false;
      if (++n > 100) return false;
    }
  }
  return true;
}
