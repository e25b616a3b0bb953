// A deliberately simple reference interpreter, written only for tests, from the payout semantics
// of spec/language.md, with decimal.js and nothing from engine/: per member and benefit year,
// claims in date order (ties by id); per benefit A (annual eligible amount) and X (the part past the
// deductible); P(A, X) by the schedule, limited by an annual cap; a claim's payout for a benefit is
// max(0, round(P(after)) − round(P(before))), then limited by a per-claim cap (the same rules as
// spec/language.md §16, which now defines them). It covers the generated
// subset: flat ratio / banded / whole-amount, annual or per-claim deductible, annual or per-claim
// cap, one tilt for one listed group, amounts, limits, ratios and band edges computed by a factor
// (rounded half up to the fen or basis point where used, spec/language.md §2.2), and one claim
// exclusion comparing a computed amount.
import Decimal from 'decimal.js';
import type { Factor } from './constants';
import type { BenefitSpec, ClaimSpec, ExclusionSpec, Mode, PlanSpec, ScheduleSpec, TiltActionSpec } from './plan-spec';

const D = (x: Decimal.Value) => new Decimal(x);
const ZERO = D(0);

export interface RefClaim {
  id: string;
  payout: Decimal;
  benefits: Map<string, Decimal>;
}

export interface RefResult {
  claims: Map<string, RefClaim>;
  /** `${member}/${year}/${benefit}` → paid in the year. */
  totals: Map<string, Decimal>;
}

const ROUNDING: Record<Mode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

export function roundTo(v: Decimal, step: string, mode: Mode): Decimal {
  const s = D(step);
  return v.div(s).toDecimalPlaces(0, ROUNDING[mode]).times(s);
}

const toFen = (yuan: Decimal) => yuan.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const toBp = (fraction: Decimal) => fraction.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);

/** v × or ÷ the factor, exactly as written (a percentage is a fraction); v itself without one. */
function scaled(v: Decimal, f: Factor | undefined): Decimal {
  if (!f) return v;
  const k = f.unit === '%' ? D(f.value).div(100) : D(f.value);
  return f.op === '*' ? v.times(k) : v.div(k);
}

const money = (yuan: number, f?: Factor) => (f ? toFen(scaled(D(yuan), f)) : D(yuan));
const ratio = (pct: number, f?: Factor) => (f ? toBp(scaled(D(pct).div(100), f)) : D(pct).div(100));

/** The length of [lo, hi] ∩ [start, end]. */
function overlap(lo: Decimal, hi: Decimal | undefined, start: Decimal, end: Decimal): Decimal {
  const a = Decimal.max(lo, start);
  const b = hi === undefined ? end : Decimal.min(hi, end);
  return b.gt(a) ? b.minus(a) : ZERO;
}

export interface Effective {
  deductible?: Decimal;
  /** Ratio as a fraction, per band for schedules. */
  ratio?: Decimal;
  bands?: { lo: Decimal; hi?: Decimal; ratio: Decimal }[];
  cap?: Decimal;
}

function tiltValue(a: TiltActionSpec, v: Decimal): Decimal {
  let r: Decimal;
  switch (a.op) {
    case 'waive':
      r = ZERO;
      break;
    case 'cut':
      r = v.times(Decimal.max(ZERO, D(100).minus(a.pct))).div(100);
      break;
    case 'scale':
      r = v.times(a.pct).div(100);
      break;
    case 'add':
      r = a.target === 'ratio' ? v.plus(D(a.pp).div(100)) : v.plus((a as { yuan: number }).yuan);
      break;
    case 'subtract':
      r = a.target === 'ratio' ? v.minus(D(a.pp).div(100)) : v.minus((a as { yuan: number }).yuan);
      break;
  }
  if (a.op === 'cut' || a.op === 'scale') r = a.target === 'ratio' ? toBp(r) : toFen(r);
  r = Decimal.max(ZERO, r);
  return a.target === 'ratio' ? Decimal.min(1, r) : r;
}

/** The benefit's values for a member, after the tilt when the member is in its group. */
export function effective(b: BenefitSpec, plan: PlanSpec, inGroup: boolean): Effective {
  const s: ScheduleSpec = b.schedule;
  const e: Effective = {
    deductible: b.deductible ? money(b.deductible.value, b.deductible.by) : undefined,
    ratio: s.kind === 'ratio' ? ratio(s.pct, s.by) : undefined,
    bands: s.kind === 'ratio' ? undefined : s.bands.map((x) => ({ lo: money(x.lo, s.edgesBy), hi: x.hi === undefined ? undefined : money(x.hi, s.edgesBy), ratio: ratio(x.pct, x.by) })),
    cap: b.cap ? money(b.cap.value, b.cap.by) : undefined,
  };
  const t = plan.tilt;
  if (!t || !inGroup || (t.scope && t.scope !== b.name)) return e;
  for (const a of t.actions) {
    if (a.target === 'deductible' && e.deductible) e.deductible = tiltValue(a, e.deductible);
    if (a.target === 'cap' && e.cap) e.cap = tiltValue(a, e.cap);
    if (a.target === 'ratio') {
      if (e.ratio) e.ratio = tiltValue(a, e.ratio);
      if (e.bands) e.bands = e.bands.map((x) => ({ ...x, ratio: tiltValue(a, x.ratio) }));
    }
  }
  return e;
}

/** P(A, X): the annual payout before rounding, limited by the annual cap. */
function annualPayout(b: BenefitSpec, e: Effective, A: Decimal, X: Decimal): Decimal {
  const s = b.schedule;
  let p: Decimal;
  if (s.kind === 'ratio') p = e.ratio!.times(X);
  else if (s.kind === 'banded') {
    const [start, end] = s.basis === 'annual' ? [A.minus(X), A] : [ZERO, X];
    p = e.bands!.reduce((sum, band) => sum.plus(band.ratio.times(overlap(band.lo, band.hi, start, end))), ZERO);
  } else {
    const v = s.basis === 'annual' ? A : X;
    const band = e.bands!.find((x) => x.lo.lte(v) && (x.hi === undefined || v.lt(x.hi)));
    p = (band?.ratio ?? ZERO).times(X);
  }
  if (b.cap?.period === 'year') p = Decimal.min(p, e.cap!);
  return p;
}

function amountOf(b: BenefitSpec, c: ClaimSpec): Decimal {
  const fen = b.amount === 'in' ? c.inFen : b.amount === 'out' ? c.outFen : c.inFen + c.outFen;
  const yuan = D(fen).div(100);
  return Decimal.max(ZERO, b.amountBy ? toFen(scaled(yuan, b.amountBy)) : yuan);
}

/** Whether the plan's claim exclusion holds: it compares the computed amount itself, unrounded. */
export function excluded(x: ExclusionSpec | undefined, c: ClaimSpec): boolean {
  if (!x) return false;
  const cmp = scaled(D(x.amount === 'in' ? c.inFen : c.outFen).div(100), x.by).cmp(D(x.threshold));
  return x.op === '<' ? cmp < 0 : x.op === '<=' ? cmp <= 0 : x.op === '>' ? cmp > 0 : cmp >= 0;
}

export function referenceEvaluate(plan: PlanSpec, claims: ClaimSpec[], groups: Record<string, boolean> = { m1: true, m2: false }): RefResult {
  const out: RefResult = { claims: new Map(), totals: new Map() };
  const sorted = [...claims].sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // State per member-year-benefit.
  const state = new Map<string, { A: Decimal; X: Decimal }>();
  for (const c of sorted) {
    const year = c.date.slice(0, 4);
    const inGroup = groups[c.member] ?? false;
    const rc: RefClaim = { id: c.id, payout: ZERO, benefits: new Map() };
    out.claims.set(c.id, rc);
    // spec/language.md §13: an excluded claim pays nothing, lists no benefit and counts toward nothing.
    if (excluded(plan.exclusion, c)) continue;
    for (const b of plan.benefits) {
      if (b.settings && !b.settings.includes(c.setting)) continue;
      const key = `${c.member}/${year}/${b.name}`;
      const s = state.get(key) ?? { A: ZERO, X: ZERO };
      const e = effective(b, plan, inGroup);
      const a = amountOf(b, c);
      const A0 = s.A;
      const A1 = A0.plus(a);
      let X0 = s.X;
      let X1: Decimal;
      if (!b.deductible) X1 = X0.plus(a);
      else if (b.deductible.period === 'year') {
        X0 = Decimal.max(ZERO, A0.minus(e.deductible!));
        X1 = Decimal.max(ZERO, A1.minus(e.deductible!));
      } else X1 = X0.plus(Decimal.max(ZERO, a.minus(e.deductible!)));
      const round = (v: Decimal) => roundTo(v, plan.rounding.step, plan.rounding.mode);
      // Not in the basic formula, but in spec/language.md §16.4: a payout is never
      // negative (a schedule whose ratios fall can make P(after) < P(before); nothing is clawed back).
      let pay = Decimal.max(ZERO, round(annualPayout(b, e, A1, X1)).minus(round(annualPayout(b, e, A0, X0))));
      // spec/language.md §16.4: with a step coarser than a fen, a year's payouts are held to the annual cap.
      const paidBefore = out.totals.get(key) ?? ZERO;
      if (b.cap?.period === 'year') pay = Decimal.min(pay, Decimal.max(ZERO, e.cap!.minus(paidBefore)));
      if (b.cap?.period === 'claim') pay = Decimal.min(pay, e.cap!);
      state.set(key, { A: A1, X: X1 });
      rc.benefits.set(b.name, pay);
      rc.payout = rc.payout.plus(pay);
      out.totals.set(key, (out.totals.get(key) ?? ZERO).plus(pay));
    }
  }
  return out;
}
