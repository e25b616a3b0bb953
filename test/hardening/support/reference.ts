// A deliberately simple reference interpreter, written only for tests, from /work/notes/semantics.md
// ("Payout semantics") with decimal.js and nothing from engine/: per member and benefit year,
// claims in date order (ties by id); per benefit A (annual eligible amount) and X (the part past the
// deductible); P(A, X) by the schedule, limited by an annual cap; a claim's payout for a benefit is
// max(0, round(P(after)) − round(P(before))), then limited by a per-claim cap (the same rules as
// spec/language.md §16, which now defines them). It covers the generated
// subset: flat ratio / banded / whole-amount, annual or per-claim deductible, annual or per-claim
// cap, one tilt for one listed group.
import Decimal from 'decimal.js';
import type { BenefitSpec, ClaimSpec, Mode, PlanSpec, ScheduleSpec, TiltActionSpec } from './plan-spec';

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
      r = v.times(D(100).minus(a.pct)).div(100);
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
  return Decimal.max(ZERO, r);
}

/** The benefit's values for a member, after the tilt when the member is in its group. */
export function effective(b: BenefitSpec, plan: PlanSpec, inGroup: boolean): Effective {
  const s: ScheduleSpec = b.schedule;
  const e: Effective = {
    deductible: b.deductible ? D(b.deductible.value) : undefined,
    ratio: s.kind === 'ratio' ? D(s.pct).div(100) : undefined,
    bands: s.kind === 'ratio' ? undefined : s.bands.map((x) => ({ lo: D(x.lo), hi: x.hi === undefined ? undefined : D(x.hi), ratio: D(x.pct).div(100) })),
    cap: b.cap ? D(b.cap.value) : undefined,
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
  return Decimal.max(ZERO, D(fen).div(100));
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
      // Not in semantics.md's formula, but in spec/language.md §16.4 and the issue: a payout is never
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
    out.claims.set(c.id, rc);
  }
  return out;
}
