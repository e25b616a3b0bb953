// Every annual payout function of a plan, exact: for each benefit, each date version, each
// combination of the tilts that change it and each case of its values (an `if`, a table row), the
// payout as a piecewise-linear function of the claim's input (spec/language.md §29). The function
// is the payout of a year with one claim of that amount, the benefit first to use its shared pools;
// over several claims an own annual deductible and an annual cap give the same year (§16.4).
import Decimal from 'decimal.js';
import { formatDay, parseDay } from '../core/dates';
import type { IrBenefit, IrMoneySlot, IrRange, IrRatioSlot, IrTilt, PlanIR } from '../ir/plan';
import { actsOn } from '../runtime/tilts';
import { amountCurve, type AmountInput } from './amount';
import { casesOf, type PathStep } from './cases';
import { tiltedValue } from './measures';
import * as pl from './piecewise';

/** One payout function and what it was worked out for. */
export interface Scenario {
  benefit: IrBenefit;
  /** The date version: the first day it holds and the last (absent: open). */
  from: string;
  to?: string;
  tilts: string[];
  /** Conditions on the member or claim that lead to these values (an `if`, a table row). */
  path: PathStep[];
  input: AmountInput;
  /** After tilts, in yuan; ratios as fractions. */
  deductible: Decimal;
  cap?: Decimal;
  bands: { from: Decimal; to?: Decimal; ratio: Decimal }[];
  /** The eligible amount as a function of the input. */
  amount: pl.PL;
  /** The payout as a function of the eligible amount, before and after the cap. */
  uncapped: pl.PL;
  eligible: pl.PL;
  /** The payout as a function of the input. */
  payout: pl.PL;
}

/** A benefit whose function cannot be written: the place that makes it depend on more than one amount. */
export interface Unanalysed { benefit: IrBenefit; from: string; at: IrRange; why: 'amount' | 'values' | 'tilts' }

export interface Curves { scenarios: Scenario[]; unanalysed: Unanalysed[] }

type Target = 'deductible' | 'cap' | 'ratio';
const MAX_TILTS = 8;
const MAX_CASES = 256;

export function payoutCurves(plan: PlanIR): Curves {
  const out: Curves = { scenarios: [], unanalysed: [] };
  const versions = versionDays(plan);
  for (const b of plan.benefits) {
    versions.forEach((v) => {
      const r = benefitOn(plan, b, v.from);
      if ('why' in r) out.unanalysed.push({ ...r, from: v.from });
      else out.scenarios.push(...r.map((s) => ({ ...s, from: v.from, ...(v.to ? { to: v.to } : {}) })));
    });
  }
  out.scenarios = mergeVersions(out.scenarios);
  return out;
}

/** The days on which some dated part of the plan changes, inside its validity, each with its last day. */
export function versionDays(plan: PlanIR): { from: string; to?: string }[] {
  const valid = plan.header.valid;
  const starts = new Set<string>();
  const mark = (s: { from?: string; to?: string }) => {
    if (s.from) starts.add(s.from);
    if (s.to) starts.add(formatDay(parseDay(s.to)! + 1));
  };
  plan.params.forEach((p) => p.steps.forEach(mark));
  plan.catalogues.forEach((c) => c.versions.forEach(mark));
  const first = valid?.from ?? [...starts].sort()[0] ?? `${new Date().getUTCFullYear()}-01-01`;
  const days = [...starts, first].filter((d) => d >= first && (!valid || d <= valid.to)).sort();
  const unique = days.filter((d, i) => i === 0 || d !== days[i - 1]);
  return unique.map((from, i) => {
    const next = unique[i + 1];
    const to = next ? formatDay(parseDay(next)! - 1) : valid?.to;
    return to ? { from, to } : { from };
  });
}

type Partial = Omit<Scenario, 'from' | 'to'>;

function benefitOn(plan: PlanIR, b: IrBenefit, day: string): Partial[] | Omit<Unanalysed, 'from'> {
  const amount = amountCurve(plan, b.amount.value.expr, day);
  if ('unsupported' in amount) return { benefit: b, at: amount.unsupported, why: 'amount' };
  const slots = valueSlots(plan, b);
  const combos = cartesian(plan, slots.map((s) => s.slot), day);
  if (!Array.isArray(combos)) return { benefit: b, at: combos.at, why: 'values' };
  const tilted = slots.filter((s): s is ValueSlot & { target: Target } => s.target !== 'edge');
  const tilts = plan.tilts.filter((t) => tilted.some((s) => t.actions.some((a) => actsOn(a, s.target, s.scope))));
  if (tilts.length > MAX_TILTS) return { benefit: b, at: tilts[MAX_TILTS]!.range, why: 'tilts' };
  const out: Partial[] = [];
  for (const c of combos) {
    for (let mask = 0; mask < 1 << tilts.length; mask++) {
      const on = tilts.filter((_, i) => mask & (1 << i));
      // A tilt applies when its group's condition holds: a combination the path rules out is no case.
      const path = [...c.path, ...on.flatMap((t) => groupCondition(plan, t))];
      if (!consistent(path)) continue;
      const values = slots.map((s, i) => (s.target === 'edge' ? c.values[i]! : tiltedValue(plan, on, s.target, s.scope, c.values[i]!, day)));
      if (values.includes(undefined)) return { benefit: b, at: on[0]?.range ?? b.range, why: 'values' };
      out.push(scenario(b, on, dedupe(path), amount.input, amount.curve, slots, values as number[]));
    }
  }
  return out;
}

interface ValueSlot { slot: IrMoneySlot | IrRatioSlot; target: 'deductible' | 'cap' | 'ratio' | 'edge'; scope: string; role: 'deductible' | 'cap' | 'ratio' | 'from' | 'to'; band: number }

/** The values a benefit's function is made of, each with the tilt target and scope that change it. */
function valueSlots(plan: PlanIR, b: IrBenefit): ValueSlot[] {
  const out: ValueSlot[] = [];
  const limit = (l: IrBenefit['deductible'], target: 'deductible' | 'cap') => {
    if (!l) return;
    if (l.kind === 'own') out.push({ slot: l.value, target, scope: b.name, role: target, band: -1 });
    else {
      const pool = (target === 'deductible' ? plan.sharedDeductibles : plan.sharedCaps).find((p) => p.name === l.pool);
      if (pool) out.push({ slot: pool.value, target, scope: pool.name, role: target, band: -1 });
    }
  };
  limit(b.deductible, 'deductible');
  limit(b.cap, 'cap');
  if (b.payout.kind === 'ratio') out.push({ slot: b.payout.ratio, target: 'ratio', scope: b.name, role: 'ratio', band: 0 });
  else b.payout.bands.forEach((band, i) => {
    // No tilt acts on a band's edges.
    out.push({ slot: band.from, target: 'edge', scope: '', role: 'from', band: i });
    if (band.to) out.push({ slot: band.to, target: 'edge', scope: '', role: 'to', band: i });
    out.push({ slot: band.ratio, target: 'ratio', scope: b.name, role: 'ratio', band: i });
  });
  return out;
}

/** Every consistent choice of one case per slot, as integers (fen or basis points). */
function cartesian(plan: PlanIR, slots: (IrMoneySlot | IrRatioSlot)[], day: string): { values: number[]; path: PathStep[] }[] | { at: IrRange } {
  let acc: { values: number[]; path: PathStep[] }[] = [{ values: [], path: [] }];
  for (const s of slots) {
    const cs = casesOf(plan, s.expr, day);
    if ('unbounded' in cs) return { at: cs.unbounded };
    const k = s.unit === 'bp' ? 10_000 : 100;
    const next = acc.flatMap((a) => cs.map((c) => ({ values: [...a.values, c.value.times(k).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()], path: [...a.path, ...c.path] }))).filter((a) => consistent(a.path));
    if (next.length > MAX_CASES) return { at: s.expr.range };
    acc = next;
  }
  return acc.map((a) => ({ ...a, path: dedupe(a.path) }));
}

/** A condition's identity, whatever expression it was written in. */
/** A condition as written in the plan's text; a table key read as a row's key reads `KEY = VALUE`. */
export function conditionText(text: string, c: PathStep['condition']): string {
  const slice = (r: IrRange) => text.slice(r.start.offset, r.end.offset);
  if (c.kind === 'compare' && c.right.kind === 'symbol' && c.right.range === c.left.range) return `${slice(c.left.range)} = ${c.right.id}`;
  return slice(c.range);
}

export const conditionKey = (c: PathStep['condition']): string => JSON.stringify(c, (k, v) => (k === 'range' ? undefined : v));

/** The condition of a tilt's only group, when it has one group and that group is a condition. */
function groupCondition(plan: PlanIR, t: IrTilt): PathStep[] {
  const g = t.groups.length === 1 ? plan.groups.find((x) => x.name === t.groups[0]) : undefined;
  return g?.condition ? [{ condition: g.condition, holds: true }] : [];
}

/** Conditions as their parts: `a and b` holding is a and b holding, `a or b` failing is both failing, `not a` flips. */
export function atoms(path: PathStep[]): PathStep[] {
  return path.flatMap((s) => {
    const c = s.condition;
    if (c.kind === 'not') return atoms([{ condition: c.operand, holds: !s.holds }]);
    if (c.kind === 'logic' && (c.op === 'and') === s.holds) return atoms([{ condition: c.left, holds: s.holds }, { condition: c.right, holds: s.holds }]);
    return [s];
  });
}

function consistent(path: PathStep[]): boolean {
  const seen = new Map<string, boolean>();
  const equals = new Map<string, string>();
  for (const s of atoms(path)) {
    const key = conditionKey(s.condition);
    if (seen.has(key) && seen.get(key) !== s.holds) return false;
    seen.set(key, s.holds);
    const c = s.condition;
    if (s.holds && c.kind === 'compare' && c.op === '=' && c.left.kind === 'attribute' && c.right.kind === 'symbol') {
      const attr = `${c.left.on ?? 'member'}.${c.left.name}`;
      if (equals.has(attr) && equals.get(attr) !== c.right.id) return false;
      equals.set(attr, c.right.id);
    }
  }
  return true;
}

const dedupe = (path: PathStep[]) => path.filter((s, i) => path.findIndex((t) => conditionKey(t.condition) === conditionKey(s.condition)) === i);

function scenario(b: IrBenefit, on: IrTilt[], path: PathStep[], input: AmountInput, amount: pl.PL, slots: ValueSlot[], values: number[]): Partial {
  const yuan = (fen: number) => new Decimal(fen).div(100);
  const ratio = (bp: number) => new Decimal(bp).div(10_000);
  let deductible = new Decimal(0);
  let cap: Decimal | undefined;
  const bands: { from: Decimal; to?: Decimal; ratio: Decimal }[] = [];
  slots.forEach((s, i) => {
    const v = values[i]!;
    const band = (bands[s.band] ??= { from: new Decimal(0), ratio: new Decimal(0) });
    if (s.role === 'deductible') deductible = yuan(v);
    else if (s.role === 'cap') cap = yuan(v);
    else if (s.role === 'from') band.from = yuan(v);
    else if (s.role === 'to') band.to = yuan(v);
    else band.ratio = ratio(v);
  });
  const uncapped = payoutOfEligible(b, deductible, bands);
  const eligible = cap === undefined ? uncapped : pl.min(uncapped, pl.constant(cap));
  return {
    benefit: b, tilts: on.map((t) => t.name), path, input, deductible, ...(cap !== undefined ? { cap } : {}), bands,
    amount, uncapped, eligible, payout: pl.compose(eligible, amount),
  };
}

/** P′ of spec §16.3 for a year of one claim: X = max(0, a − D), and A − X = min(a, D). */
function payoutOfEligible(b: IrBenefit, d: Decimal, bands: { from: Decimal; to?: Decimal; ratio: Decimal }[]): pl.PL {
  const x = pl.max(pl.linear(1, d.neg()), pl.constant(0));
  const p = b.payout;
  if (p.kind === 'ratio') return pl.scale(x, bands[0]!.ratio);
  if (p.kind === 'banded') {
    const g = bandedSum(bands);
    return p.basis === 'above-deductible' ? pl.compose(g, x) : pl.subtract(g, pl.compose(g, pl.min(pl.identity(), pl.constant(d))));
  }
  const r = stepOf(bands);
  return p.basis === 'above-deductible' ? pl.compose(pl.timesStep(r, pl.identity()), x) : pl.timesStep(r, x);
}

/** G(v) = Σ rᵢ·|[loᵢ, hiᵢ] ∩ [0, v]|. */
function bandedSum(bands: { from: Decimal; to?: Decimal; ratio: Decimal }[]): pl.PL {
  let g = pl.constant(0);
  for (const band of bands) {
    let part = pl.max(pl.linear(1, band.from.neg()), pl.constant(0));
    if (band.to) part = pl.min(part, pl.constant(band.to.minus(band.from)));
    g = pl.add(g, pl.scale(part, band.ratio));
  }
  return g;
}

/** r(v): the ratio of the band that holds v, 0 outside every band. */
function stepOf(bands: { from: Decimal; to?: Decimal; ratio: Decimal }[]): pl.PL {
  const points = new Map<string, { from: Decimal; at: Decimal }>([['0', { from: new Decimal(0), at: new Decimal(0) }]]);
  const sorted = [...bands].sort((a, b) => a.from.comparedTo(b.from));
  for (const band of sorted) if (band.to) points.set(band.to.toString(), { from: band.to, at: new Decimal(0) });
  for (const band of sorted) points.set(band.from.toString(), { from: band.from, at: band.ratio });
  return pl.simplify([...points.values()].sort((a, b) => a.from.comparedTo(b.from)).map((p) => ({ ...p, slope: new Decimal(0) })));
}

/** Consecutive versions of one benefit with the same functions are one version. */
function mergeVersions(list: Scenario[]): Scenario[] {
  const out: Scenario[] = [];
  for (const s of list) {
    const same = out.find((o) => o.benefit === s.benefit && o.tilts.join() === s.tilts.join() && sameFacts(o, s) && o.to && formatDay(parseDay(o.to)! + 1) === s.from);
    if (same && samePl(same.payout, s.payout)) {
      if (s.to) same.to = s.to;
      else delete same.to;
    } else out.push(s);
  }
  return out;
}

export const sameFacts = (a: Scenario, b: Scenario) => JSON.stringify(a.path.map((p) => [conditionKey(p.condition), p.holds])) === JSON.stringify(b.path.map((p) => [conditionKey(p.condition), p.holds]));
const samePl = (a: pl.PL, b: pl.PL) => a.length === b.length && a.every((p, i) => p.from.eq(b[i]!.from) && p.at.eq(b[i]!.at) && p.slope.eq(b[i]!.slope));
