// The yardstick for single-claim latency: a plain function written for the Weihai plan alone
// (examples/weihai-2024.yibao), taking the request as JSON values and giving the result object
// evaluate() gives with traces off, field for field. It checks its input as a careful hand-written
// service would (every field's type and form, known settings, flags and members) and settles with
// the hand-written evaluator. The bench holds its results equal to evaluate()'s before timing.
import { parseDay } from '../engine/core/dates';
import type { RtMember } from '../engine/ir/env';
import { ENROLLED_BY, half, r1Units, r2Units, SHARED_OUTPATIENT_DEDUCTIBLE, VALID_FROM, VALID_TO } from './weihai-rules';

const MONEY = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/;
const SETTINGS = new Map([
  ['inpatient', 'inpatient'], ['住院', 'inpatient'], ['outpatient', 'outpatient'], ['普通门诊', 'outpatient'],
  ['pharmacy', 'pharmacy'], ['药店', 'pharmacy'], ['chronic_outpatient', 'chronic_outpatient'], ['门诊慢特病', 'chronic_outpatient'],
  ['maternity', 'maternity'], ['生育', 'maternity'],
]);
const FLAGS = new Map([
  ['work_injury', 'work_injury'], ['工伤', 'work_injury'], ['third_party', 'third_party'], ['第三方责任', 'third_party'],
  ['public_health', 'public_health'], ['公共卫生', 'public_health'], ['abroad', 'abroad'], ['境外就医', 'abroad'],
]);
/** What a result quotes from the plan: each benefit's label, each exclusion's reason and source range. */
export interface PlanQuotes {
  labels: Record<string, string>;
  /** The claim exclusions by flag, the item exclusion, and the period of validity. */
  flagRules: { flag: string; reason: string; range: unknown }[];
  itemRule: { reason: string; range: unknown };
  validity: { reason: string; range: unknown };
}

interface Line { name: string; label: string; eligible: string; deductible: string; payout: string }
interface Excluded { reason: string; amount: string; item?: string; range: unknown }
export interface PlainResult {
  claims: { id: string; member: string; date: string; payout: string; benefits: Line[]; excluded: Excluded[]; trace: unknown[] }[];
  members: { id: string; year: number; payout: string; benefits: Line[] }[];
  errors: { path: string; code: string }[];
}

/** Whole fen as yuan with two decimals, by integer arithmetic (toFixed is slow). */
const yuan = (fen: number) => {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
};
const fenOf = (v: unknown): number | undefined => (typeof v === 'string' && MONEY.test(v) ? Math.round(Number(v) * 100) : undefined);
const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

function member(m: Record<string, unknown>): RtMember | undefined {
  const birthDay = typeof m.birthDate === 'string' ? parseDay(m.birthDate) : undefined;
  const enrolledDay = typeof m.enrolledSince === 'string' ? parseDay(m.enrolledSince) : undefined;
  const attrs = m.attributes as Record<string, unknown> | undefined;
  if (!text(m.id) || birthDay === undefined || enrolledDay === undefined) return undefined;
  if (attrs !== undefined && typeof attrs.parentsInsured !== 'boolean') return undefined;
  const groups = Array.isArray(m.groups) ? (m.groups as string[]) : [];
  return { id: m.id, index: 0, birthDay, enrolledDay, groups: new Set(groups), attributes: new Map() };
}

interface Claim { id: string; date: string; day: number; setting: string; flags: string[]; inFen: number; outFen: number; overFen: number; items: { code: string; fen: number; cls: 'in' | 'out'; category: string }[] }

function claim(c: Record<string, unknown>): Claim | undefined {
  const day = typeof c.date === 'string' ? parseDay(c.date) : undefined;
  const setting = SETTINGS.get(c.setting as string);
  if (!text(c.id) || !text(c.member) || day === undefined || setting === undefined) return undefined;
  const flags: string[] = [];
  for (const f of (c.flags as unknown[] | undefined) ?? []) {
    const id = FLAGS.get(f as string);
    if (id === undefined) return undefined;
    flags.push(id);
  }
  const items: Claim['items'] = [];
  let inFen = fenOf(c.inPolicySelfPay ?? '0');
  let outFen = fenOf(c.outOfPolicySelfPay ?? '0');
  const overFen = fenOf(c.overLimitSelfPay ?? '0');
  if (inFen === undefined || outFen === undefined || overFen === undefined) return undefined;
  const given = c.items as Record<string, unknown>[] | undefined;
  if (given) {
    inFen = outFen = 0;
    for (const it of given) {
      const fen = fenOf(it.amount);
      if (!text(it.code) || fen === undefined || (it.class !== 'in' && it.class !== 'out')) return undefined;
      items.push({ code: it.code, fen, cls: it.class, category: (it.category as string | undefined) ?? '' });
      if (it.class === 'in') inFen += fen;
      else outFen += fen;
    }
  }
  return { id: c.id, date: c.date as string, day, setting, flags, inFen, outFen, overFen, items };
}

/** The Weihai plan's year for one member: per benefit its eligible amount, deductible taken and payout. */
class Year {
  shared = 0;
  a = { R4: 0, R3: 0, R1: 0, R2: 0 };
  x = { R4: 0, R3: 0 };
  ded = { R4: 0, R3: 0, R1: 0, R2: 0 };
  paid = { R4: 0, R3: 0, R1: 0, R2: 0 };
  constructor(readonly bonus: number) {}
}

/** A flat-ratio benefit past the shared outpatient deductible (R4 70 %, R3 60 %). */
function flat(y: Year, name: 'R4' | 'R3', amount: number, bp: number): [number, number] {
  const d = Math.min(Math.max(0, SHARED_OUTPATIENT_DEDUCTIBLE - y.shared), amount);
  y.shared += d;
  const x0 = y.x[name];
  y.x[name] = x0 + amount - d;
  y.a[name] += amount;
  y.ded[name] += d;
  const pay = half(y.x[name] * bp) - half(x0 * bp);
  y.paid[name] += pay;
  return [d, pay];
}

/** A banded benefit on the annual amount past its own annual deductible (R1 from 6000, R2 from 1.6万). */
function banded(y: Year, name: 'R1' | 'R2', amount: number, deductible: number, units: (to: number, bonus: number) => number): [number, number] {
  const a0 = y.a[name];
  const a1 = a0 + amount;
  y.a[name] = a1;
  const d = amount - (Math.max(0, a1 - deductible) - Math.max(0, a0 - deductible));
  y.ded[name] += d;
  const pay = half(units(a1, y.bonus)) - half(units(a0, y.bonus));
  y.paid[name] += pay;
  return [d, pay];
}

export class PlainWeihai {
  constructor(private readonly drugs: ReadonlySet<string>, private readonly q: PlanQuotes) {}

  private line(name: string, eligible: number, deductible: number, payout: number): Line {
    return { name, label: this.q.labels[name]!, eligible: yuan(eligible), deductible: yuan(deductible), payout: yuan(payout) };
  }

  /** One member's claims, all in 2025 and in date order, as evaluate() gives them with traces off. */
  evaluate(request: { members: Record<string, unknown>[]; claims: Record<string, unknown>[] }): PlainResult {
    const m = request.members.length === 1 ? member(request.members[0]!) : undefined;
    if (!m) return { claims: [], members: [], errors: [{ path: '/members/0', code: 'YR001' }] };
    const y = new Year(m.enrolledDay <= ENROLLED_BY ? 500 : 0);
    const out: PlainResult = { claims: [], members: [], errors: [] };
    request.claims.forEach((raw, i) => {
      const c = claim(raw);
      if (!c || raw.member !== m.id) return void out.errors.push({ path: `/claims/${i}`, code: 'YR001' });
      out.claims.push(this.settle(y, m.id, c));
    });
    if (out.claims.length) {
      const names = ['R4', 'R3', 'R1', 'R2'] as const;
      const paid = names.reduce((sum, n) => sum + y.paid[n], 0);
      out.members.push({ id: m.id, year: 2025, payout: yuan(paid), benefits: names.map((n) => this.line(n, y.a[n], y.ded[n], y.paid[n])) });
    }
    return out;
  }

  private settle(y: Year, memberId: string, c: Claim): PlainResult['claims'][number] {
    const result = { id: c.id, member: memberId, date: c.date, payout: '0.00', benefits: [] as Line[], excluded: [] as Excluded[], trace: [] };
    const total = c.inFen + c.outFen + c.overFen;
    if (c.day < VALID_FROM || c.day > VALID_TO) {
      result.excluded.push({ reason: this.q.validity.reason, amount: yuan(total), range: this.q.validity.range });
      return result;
    }
    const rule = this.q.flagRules.find((r) => c.flags.includes(r.flag));
    if (rule) {
      result.excluded.push({ reason: rule.reason, amount: yuan(total), range: rule.range });
      return result;
    }
    let netIn = c.inFen;
    let netOut = c.outFen;
    let r4In = 0;
    let r4Out = 0;
    for (const it of c.items) {
      if (it.category === 'cosmetic' || it.category === 'tonic') {
        result.excluded.push({ reason: this.q.itemRule.reason, amount: yuan(it.fen), item: it.code, range: this.q.itemRule.range });
        if (it.cls === 'in') netIn -= it.fen;
        else netOut -= it.fen;
      } else if (this.drugs.has(it.code)) {
        if (it.cls === 'in') r4In += it.fen;
        else r4Out += it.fen;
      }
    }
    netIn = Math.max(0, netIn);
    netOut = Math.max(0, netOut);
    let payout = 0;
    const r4 = flat(y, 'R4', r4In + r4Out, 7000);
    result.benefits.push(this.line('R4', r4In + r4Out, r4[0], r4[1]));
    payout += r4[1];
    if (c.setting === 'outpatient') {
      const a = Math.max(0, netIn - r4In) + Math.max(0, netOut - r4Out);
      const r3 = flat(y, 'R3', a, 6000);
      result.benefits.push(this.line('R3', a, r3[0], r3[1]));
      payout += r3[1];
    } else if (c.setting === 'inpatient' || c.setting === 'chronic_outpatient' || c.setting === 'maternity') {
      const a1 = Math.max(0, netIn - r4In);
      const r1 = banded(y, 'R1', a1, 600_000, r1Units);
      const a2 = Math.max(0, netOut - r4Out);
      const r2 = banded(y, 'R2', a2, 1_600_000, r2Units);
      result.benefits.push(this.line('R1', a1, r1[0], r1[1]), this.line('R2', a2, r2[0], r2[1]));
      payout += r1[1] + r2[1];
    }
    result.payout = yuan(payout);
    return result;
  }
}
