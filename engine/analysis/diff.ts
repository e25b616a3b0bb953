// The semantic diff of two plans, or of one plan on two dates (spec/language.md §31): for every
// benefit, member case (tilts and conditions) and date span, the amounts at which the annual payout
// changes, by how much in yuan, and by how many percentage points the marginal ratio changes. Both
// sides are the exact payout functions of §30; the difference of two is exact too.
import Decimal from 'decimal.js';
import { formatDay, parseDay } from '../core/dates';
import { DIFF_VERSION, type DiffChange, type DiffRegion, type DiffReport } from '../ir/diff';
import { datedChanges, declarationChanges } from './declarations-diff';
import type { PlanIR } from '../ir/plan';
import { conditionKey, conditionText, payoutCurves, versionDays, type Scenario } from './curves';
import * as pl from './piecewise';

export interface Side { plan: PlanIR; scenarios: Scenario[]; text: string }

const EPS = new Decimal('1e-9');

export const sideOf = (plan: PlanIR, text: string): Side => ({ plan, scenarios: payoutCurves(plan).scenarios, text });

/** The functions of a side in force on a day. */
const onDay = (side: Side, day: string) => side.scenarios.filter((s) => s.from <= day && (!s.to || day <= s.to));

/** A member case: the tilts and the conditions on the way to the values. */
const caseKey = (s: Scenario) => JSON.stringify([s.tilts, s.path.map((p) => [conditionKey(p.condition), p.holds])]);

/**
 * The changes between the sides. `days`: one plan on two dates (old on the first, new on the
 * second); absent, the two plans over every day either is in force, cut where either changes.
 */
export function payoutChanges(a: Side, b: Side, days?: [string, string]): DiffChange[] {
  const pairs = days ? [{ from: days[0], oldDay: days[0], newDay: days[1] }] : spans(a.plan, b.plan).map((s) => ({ ...s, oldDay: s.from, newDay: s.from }));
  const out: DiffChange[] = [];
  for (const span of pairs) {
    const olds = onDay(a, span.oldDay);
    const news = onDay(b, span.newDay);
    const benefits = [...new Set([...a.plan.benefits, ...b.plan.benefits].map((x) => x.name))];
    for (const benefit of benefits) {
      const o = olds.filter((s) => s.benefit.name === benefit);
      const n = news.filter((s) => s.benefit.name === benefit);
      const keys = new Map<string, { s: Scenario; side: Side }>();
      for (const s of o) if (!keys.has(caseKey(s))) keys.set(caseKey(s), { s, side: a });
      for (const s of n) if (!keys.has(caseKey(s))) keys.set(caseKey(s), { s, side: b });
      for (const { s, side } of keys.values()) {
        const before = counterpart(o, s);
        const after = counterpart(n, s);
        const change = pl.subtract(after?.payout ?? pl.constant(0), before?.payout ?? pl.constant(0));
        const regions = regionsOf(change);
        if (!regions.length) continue;
        out.push({
          benefit, tilts: s.tilts, conditions: conditionsOf(s, side),
          from: span.from, ...('to' in span && span.to ? { to: span.to } : {}),
          ...(before ? { oldFunction: breakpoints(before.payout) } : {}), ...(after ? { newFunction: breakpoints(after.payout) } : {}),
          changeFunction: breakpoints(change),
          regions,
        });
      }
    }
  }
  return mergeSpans(out);
}

/** A case's conditions as written in its plan. */
const conditionsOf = (s: Scenario, side: Side) => s.path.map((p) => ({ text: conditionText(side.text, p.condition), holds: p.holds }));

/**
 * The function of a side for a member of case `k`: the same case; else, of the side's cases with
 * k's conditions, the one with the most of k's tilts (a tilt the side does not have cannot apply);
 * else the side's case with the most of k's tilts whatever its conditions.
 */
function counterpart(side: Scenario[], k: Scenario): Scenario | undefined {
  const exact = side.find((s) => caseKey(s) === caseKey(k));
  if (exact) return exact;
  const within = side.filter((s) => s.tilts.every((t) => k.tilts.includes(t)));
  const samePath = within.filter((s) => JSON.stringify(s.path.map((p) => [conditionKey(p.condition), p.holds])) === JSON.stringify(k.path.map((p) => [conditionKey(p.condition), p.holds])));
  const pool = samePath.length ? samePath : within;
  return pool.sort((x, y) => y.tilts.length - x.tilts.length)[0];
}

/** The day spans on which neither plan changes, over the days either is in force. */
function spans(a: PlanIR, b: PlanIR): { from: string; to?: string }[] {
  const starts = [...new Set([...versionDays(a), ...versionDays(b)].flatMap((v) => [v.from, ...(v.to ? [formatDay(parseDay(v.to)! + 1)] : [])]))].sort();
  const last = [a.header.valid?.to, b.header.valid?.to].every((x) => x !== undefined) ? [a.header.valid!.to, b.header.valid!.to].sort()[1] : undefined;
  return starts.filter((d) => !last || d <= last).map((from, i, all) => {
    const next = all[i + 1];
    const to = next ? formatDay(parseDay(next)! - 1) : last;
    return to ? { from, to } : { from };
  });
}

/** Each piece of the difference d that is not 0: its amounts, the change at its ends, the marginal ratio's change. */
export function regionsOf(d: pl.PL): DiffRegion[] {
  const out: DiffRegion[] = [];
  d.forEach((p, i) => {
    const end = d[i + 1]?.from;
    const jump = i > 0 && !pl.leftLimit(d, p.from).minus(p.at).abs().lte(EPS);
    if (p.at.abs().lte(EPS) && p.slope.isZero() && !jump) return;
    const atEnd = end ? p.at.plus(p.slope.times(end.minus(p.from))) : undefined;
    // A change that keeps growing past the last breakpoint has no bound that way: null.
    const ends = atEnd ? [p.at, atEnd] : [p.at];
    const lo = atEnd || !p.slope.isNeg() ? Decimal.min(...ends) : null;
    const hi = atEnd || !p.slope.gt(0) ? Decimal.max(...ends) : null;
    out.push({
      from: fen(p.from), ...(end ? { to: fen(end) } : {}),
      smallest: lo && money(lo), largest: hi && money(hi),
      marginal: p.slope.times(100).toDecimalPlaces(4).toString(),
    });
  });
  return out;
}

const fen = (x: Decimal) => x.toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2);
const money = (v: Decimal) => v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/** A function's breakpoints as [amount, payout] pairs (a jump gives two at one amount) and a point past the last, for charts. */
function breakpoints(f: pl.PL): [string, string][] {
  const out: [string, string][] = [];
  f.forEach((p, i) => {
    if (i > 0) {
      const before = pl.leftLimit(f, p.from);
      if (!before.minus(p.at).abs().lte(EPS)) out.push([p.from.toString(), before.toDecimalPlaces(2).toString()]);
    }
    out.push([p.from.toDecimalPlaces(2, Decimal.ROUND_UP).toString(), p.at.toDecimalPlaces(2).toString()]);
  });
  // One point past the last breakpoint, so that the last piece shows its slope.
  const last = f[f.length - 1]!.from;
  const end = Decimal.max(last.times(1.25), last.plus(50_000)).toDecimalPlaces(0);
  out.push([end.toString(), pl.valueAt(f, end).toDecimalPlaces(2).toString()]);
  return out;
}

/** Consecutive spans of one benefit and case with the same regions are one span. */
function mergeSpans(list: DiffChange[]): DiffChange[] {
  const out: DiffChange[] = [];
  for (const c of list) {
    const prev = out.find((o) => o.benefit === c.benefit && JSON.stringify([o.tilts, o.conditions]) === JSON.stringify([c.tilts, c.conditions]) && o.to && formatDay(parseDay(o.to)! + 1) === c.from);
    if (prev && JSON.stringify(prev.regions) === JSON.stringify(c.regions)) {
      if (c.to) prev.to = c.to;
      else delete prev.to;
    } else out.push(c);
  }
  return out;
}

/** A plan without a tilt, as a reform that drops it would be: the tilt and its place in combine rules go. */
export function withoutTilt(p: PlanIR, tilt: string): PlanIR | undefined {
  if (!p.tilts.some((t) => t.name === tilt)) return undefined;
  return {
    ...p,
    tilts: p.tilts.filter((t) => t.name !== tilt),
    combines: p.combines.map((c) => ({ ...c, tilts: c.tilts.filter((t) => t !== tilt) })).filter((c) => c.tilts.length > 1),
  };
}

/** The whole report: declarations, then payout changes. `days`: one plan on two dates. */
export function diffPlans(a: { plan: PlanIR; text: string }, b: { plan: PlanIR; text: string }, days?: [string, string]): DiffReport {
  return {
    diffVersion: DIFF_VERSION,
    old: { plan: a.plan.header.name, file: a.plan.file, ...(days ? { date: days[0] } : {}) },
    new: { plan: b.plan.header.name, file: b.plan.file, ...(days ? { date: days[1] } : {}) },
    declarations: days ? datedChanges(a.plan, days[0], days[1]) : declarationChanges(a.plan, b.plan),
    changes: payoutChanges(sideOf(a.plan, a.text), sideOf(b.plan, b.text), days),
  };
}
