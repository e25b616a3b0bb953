// Proofs over a plan's payout functions (spec/language.md §29.2): the payout never falls as the
// amount grows, no yuan more of cost pays more than a yuan, caps hold, a favourable tilt never pays
// less, and the payout jumps only where a whole-amount schedule declares it. Each verdict is
// proved over every function of the benefit or fails at a concrete amount.
import Decimal from 'decimal.js';
import type { IrBenefit, IrRange, IrTilt, PlanIR } from '../ir/plan';
import { casesOf } from './cases';
import { sameFacts, type Scenario } from './curves';
import * as pl from './piecewise';

import type { Property } from '../ir/analysis';


/** A finding: where, and the amounts a witness should claim (scenario and input, yuan). */
export interface Finding {
  property: Property;
  status: 'proved' | 'fails' | 'declared';
  benefit: string;
  /** The tilt a `favourable` verdict is about. */
  tilt?: string;
  /** Functions the verdict covers. */
  functions: number;
  /** For a failure: the function and amounts that show it; for a cap, where it is reached. */
  scenario?: Scenario;
  points?: { s: Scenario; x: Decimal }[];
  /** A number the message states: the payout's fall, the marginal ratio, the jump, the amount the cap is reached at. */
  figure?: Decimal;
  range: IrRange;
}

/** Differences below this (yuan) are the decimal arithmetic's, not the plan's. */
const EPS = new Decimal('1e-9');
const FEN = new Decimal('0.01');

export function prove(plan: PlanIR, scenarios: Scenario[]): Finding[] {
  const out: Finding[] = [];
  for (const b of plan.benefits) {
    const mine = scenarios.filter((s) => s.benefit === b);
    if (!mine.length) continue;
    out.push(monotone(b, mine), marginal(b, mine), cliff(b, mine));
    const cap = capHolds(b, mine);
    if (cap) out.push(cap);
    for (const t of plan.tilts) {
      const f = favourable(plan, b, t, mine);
      if (f) out.push(f);
    }
  }
  return out;
}

const payoutRange = (b: IrBenefit) => b.payout.range;

function monotone(b: IrBenefit, ss: Scenario[]): Finding {
  for (const s of ss) {
    const fall = firstFall(s.payout);
    if (fall) return { property: 'monotone', status: 'fails', benefit: b.name, functions: ss.length, scenario: s, points: [{ s, x: fall.before }, { s, x: fall.after }], figure: fall.by, range: payoutRange(b) };
  }
  return { property: 'monotone', status: 'proved', benefit: b.name, functions: ss.length, range: payoutRange(b) };
}

/** Two amounts a fen or more apart at which f pays less at the larger: a drop at a jump, or a falling piece. */
function firstFall(f: pl.PL): { before: Decimal; after: Decimal; by: Decimal } | undefined {
  for (let i = 0; i < f.length; i++) {
    const p = f[i]!;
    if (i > 0 && pl.leftLimit(f, p.from).minus(p.at).gt(EPS)) {
      const after = ceilFen(p.from);
      const before = after.minus(FEN);
      return { before, after, by: pl.valueAt(f, before).minus(pl.valueAt(f, after)) };
    }
    if (p.slope.lt(0)) {
      const before = ceilFen(p.from);
      const end = f[i + 1]?.from;
      const after = end ? Decimal.max(before.plus(FEN), end.minus(FEN).toDecimalPlaces(2, Decimal.ROUND_DOWN)) : before.plus(10_000);
      return { before, after, by: pl.valueAt(f, before).minus(pl.valueAt(f, after)) };
    }
  }
  return undefined;
}

function marginal(b: IrBenefit, ss: Scenario[]): Finding {
  for (const s of ss) {
    const i = s.payout.findIndex((p) => p.slope.gt(1));
    if (i >= 0) {
      const p = s.payout[i]!;
      const x = ceilFen(p.from);
      return { property: 'marginal', status: 'fails', benefit: b.name, functions: ss.length, scenario: s, points: [{ s, x }, { s, x: x.plus(100) }], figure: p.slope, range: b.amount.range };
    }
  }
  return { property: 'marginal', status: 'proved', benefit: b.name, functions: ss.length, range: b.amount.range };
}

function cliff(b: IrBenefit, ss: Scenario[]): Finding {
  // Only a whole-amount schedule makes a payout jump (spec §16.3): writing one declares its jumps.
  for (const s of ss) {
    const j = pl.jumps(s.payout).find((x) => x.after.minus(x.before).abs().gt(EPS));
    if (!j) continue;
    const x = ceilFen(j.x);
    return { property: 'cliff', status: 'declared', benefit: b.name, functions: ss.length, scenario: s, points: [{ s, x: x.minus(FEN) }, { s, x }], figure: j.after.minus(j.before), range: payoutRange(b) };
  }
  return { property: 'cliff', status: 'proved', benefit: b.name, functions: ss.length, range: payoutRange(b) };
}

/** Where the cap is first reached (the function without tilts when there is one), or that it never is. */
function capHolds(b: IrBenefit, ss: Scenario[]): Finding | undefined {
  const capped = ss.filter((s) => s.cap !== undefined);
  if (!capped.length || !b.cap) return undefined;
  const s = capped.find((c) => c.tilts.length === 0) ?? capped[0]!;
  const reached = s.payout.find((p) => p.slope.isZero() && p.at.minus(s.cap!).abs().lte(EPS));
  return { property: 'cap', status: 'proved', benefit: b.name, functions: capped.length, scenario: s, ...(reached ? { figure: reached.from } : {}), range: b.cap.range };
}

/** Whether every action of the tilt moves its value in the member's favour, by what it says. */
function declaredFavourable(plan: PlanIR, t: IrTilt): boolean {
  return t.actions.every((a) => {
    if (a.op === 'waive') return true;
    const lower = a.target === 'deductible';
    if (a.op === 'cut') return lower;
    if (a.op === 'add') return !lower;
    if (a.op === 'subtract') return lower;
    const cs = a.value ? casesOf(plan, a.value.expr, '2000-01-01') : [];
    if ('unbounded' in cs || cs.length !== 1) return false;
    return lower ? cs[0]!.value.lte(1) : cs[0]!.value.gte(1);
  });
}

function favourable(plan: PlanIR, b: IrBenefit, t: IrTilt, ss: Scenario[]): Finding | undefined {
  const pairs = ss.flatMap((s) => {
    if (s.tilts.includes(t.name)) return [];
    const want = plan.tilts.filter((x) => x === t || s.tilts.includes(x.name)).map((x) => x.name).join();
    const w = ss.find((o) => o.from === s.from && o.tilts.join() === want && sameFacts(o, s));
    return w ? [[s, w] as const] : [];
  });
  if (!pairs.length) return undefined;
  if (!declaredFavourable(plan, t)) return undefined;
  for (const [s, w] of pairs) {
    const x = worstBelow(pl.subtract(w.payout, s.payout));
    if (x) return { property: 'favourable', status: 'fails', benefit: b.name, tilt: t.name, functions: pairs.length, scenario: w, points: [{ s, x }, { s: w, x }], figure: pl.valueAt(s.payout, x).minus(pl.valueAt(w.payout, x)), range: t.range };
  }
  return { property: 'favourable', status: 'proved', benefit: b.name, tilt: t.name, functions: pairs.length, range: t.range };
}


/**
 * An amount at which d is below 0 by at least half a fen (a difference the payout shows): of the
 * first such amount, d's breakpoints after it and, when d keeps falling, the next multiple of
 * 10,000 yuan, the one where d is lowest — the witness shows the difference at its plainest.
 */
function worstBelow(d: pl.PL): Decimal | undefined {
  const first = firstBelow(d);
  if (!first) return undefined;
  const candidates = [first, ...d.map((p) => ceilFen(p.from)).filter((x) => x.gt(first))];
  if (d[d.length - 1]!.slope.lt(0)) candidates.push(first.plus(1).div(10_000).ceil().times(10_000));
  return candidates.reduce((a, b) => (pl.valueAt(d, b).lt(pl.valueAt(d, a)) ? b : a));
}

/** The first amount in fen at which d is below 0 by at least half a fen. */
function firstBelow(d: pl.PL): Decimal | undefined {
  const half = new Decimal('0.005');
  for (let i = 0; i < d.length; i++) {
    const p = d[i]!;
    if (p.at.lt(half.neg())) return ceilFen(p.from);
    if (p.slope.lt(0)) {
      // d reaches −half at from + (at + half) / −slope.
      const x = ceilFen(p.from.plus(p.at.plus(half).div(p.slope.neg())));
      const end = d[i + 1]?.from;
      if (!end || x.lt(end)) return x;
    }
  }
  return undefined;
}

const ceilFen = (x: Decimal) => x.toDecimalPlaces(2, Decimal.ROUND_UP);
