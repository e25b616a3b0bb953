// Payout curves: the engine's own evaluate() on synthetic one-claim requests at amounts 0..max,
// for one benefit, a setting it covers, and a member in the chosen group. Nothing about payouts
// is re-implemented here: only the request is made up.
import type * as A from '../../../grammar/ast';
import { CLAIM_FIELDS } from '../../../grammar/vocabulary';
import { evaluate, type CompiledPlan } from '../../../engine/index';
import type { CheckedPlan } from '../../../engine/ir/model';
import { validateRequest } from '../../../engine/request/request';
import { formatDay } from '../../../engine/core/dates';
import { yearOf, yearStart } from '../../../engine/core/benefit-year';
import type { CurveLine, CurveResult } from './protocol';
import type { PlanIR } from '../../../engine/ir/plan';
import { payoutCurves, type Scenario } from '../../../engine/analysis/curves';
import { regionsOf } from '../../../engine/analysis/diff';
import * as pl from '../../../engine/analysis/piecewise';
import { rounded } from '../../../engine/analysis/witness';

type Member = { id: string; birthDate: string; enrolledSince: string; groups?: string[]; attributes?: Record<string, unknown> };

/** The money field a benefit's amount reads first, or the catalogue its items come from. */
export function amountSource(plan: CheckedPlan, benefit: string): { field: string; catalogue?: string } {
  const b = plan.benefits.find((x) => x.name === benefit);
  const found: { field?: string; catalogue?: string } = {};
  const walk = (e: A.Expr | undefined): void => {
    if (!e || found.field || found.catalogue) return;
    if (e.kind === 'field') {
      const id = plan.info.fields.get(e) ?? e.field.text;
      const f = CLAIM_FIELDS.find((c) => c.id === id || c.zh === id);
      if (f && f.type === 'money') found.field = f.id;
      else walk(e.target);
    } else if (e.kind === 'items') {
      if (e.catalogue) found.catalogue = e.catalogue.text;
    } else if (e.kind === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'unary') walk(e.operand);
    else if (e.kind === 'if') {
      walk(e.then);
      walk(e.else);
    } else if (e.kind === 'extremum') e.args.forEach(walk);
  };
  walk(b?.amount);
  return { field: found.field ?? 'inPolicySelfPay', catalogue: found.catalogue };
}

function candidates(plan: CheckedPlan, day: number): Member[] {
  const years = (n: number) => formatDay(day - Math.round(n * 365.25));
  const attrs: Record<string, unknown>[] = [{}];
  for (const [name, a] of plan.attributes) {
    const values: unknown[] = a.type.k === 'enum' ? [...a.type.values] : a.type.k === 'bool' ? [false, true] : a.type.k === 'number' || a.type.k === 'money' ? [0] : [];
    if (values.length === 0) continue;
    const next: Record<string, unknown>[] = [];
    for (const base of attrs) for (const v of values) next.push({ ...base, [name]: v });
    attrs.splice(0, attrs.length, ...next.slice(0, 16));
  }
  const out: Member[] = [];
  for (const age of [40, 30, 65, 20, 10]) {
    for (const enrolled of [1, 10]) {
      for (const a of attrs) out.push({ id: 'm', birthDate: years(age), enrolledSince: years(enrolled), ...(Object.keys(a).length ? { attributes: a } : {}) });
    }
  }
  return out;
}

/** A member in `group` (or, for '', in no condition group), found by asking the compiled plan. */
function memberFor(compiled: CompiledPlan, plan: CheckedPlan, group: string, day: number): Member | undefined {
  const inGroup = (m: Member, g: string) => {
    const v = validateRequest(compiled, { members: [m], claims: [] });
    const rt = v.members.get('m');
    const test = compiled.groups.get(g)?.test;
    if (!rt || !test) return false;
    try {
      const year = yearOf(compiled.header.year, day, rt.enrolledDay);
      return test({ member: rt, day, year, yearStart: yearStart(compiled.header.year, year, rt.enrolledDay) });
    } catch {
      return false;
    }
  };
  const conditional = [...compiled.groups].filter(([, g]) => !g.listed).map(([n]) => n);
  for (const m of candidates(plan, day)) {
    if (group === '') {
      if (conditional.every((g) => !inGroup(m, g))) return m;
    } else if (compiled.groups.get(group)?.listed) {
      return { ...m, groups: [group] };
    } else if (inGroup(m, group)) return m;
  }
  return undefined;
}

export interface CurveInput {
  checked: CheckedPlan;
  compiled: CompiledPlan;
  /** The plan's IR, for the exact breakpoints of its payout functions (spec §30). */
  ir?: PlanIR;
}

/**
 * The exact breakpoints of the payout function a sampled line follows: of the benefit's functions
 * in force on the day, the one that pays every sampled amount what the line shows.
 */
/** A plan's payout functions, worked out once per IR: each line and both versions read them. */
const curveCache = new WeakMap<PlanIR, Scenario[]>();
function curvesOf(ir: PlanIR): Scenario[] {
  let s = curveCache.get(ir);
  if (!s) curveCache.set(ir, (s = payoutCurves(ir).scenarios));
  return s;
}

function fitting(ir: PlanIR, benefit: string, day: number, amounts: number[], ys: number[]): Scenario | undefined {
  const date = formatDay(day);
  return curvesOf(ir).filter((s) => s.benefit.name === benefit && s.from <= date && (!s.to || date <= s.to))
    .find((s) => amounts.every((x, j) => Number(rounded(ir, pl.valueAt(s.payout, x))) === ys[j]));
}

function breakpointsOf(fits: Scenario, ir: PlanIR, max: number): { amount: number; payout: number }[] {
  return fits.payout.filter((p) => p.from.lte(max)).map((p) => ({ amount: p.from.toNumber(), payout: Number(rounded(ir, pl.valueAt(fits.payout, p.from))) }));
}

/** The amounts on which the saved version's function and the current one differ (spec §31). */
function changedRanges(now: Scenario, saved: Scenario): { from: number; to?: number }[] {
  const out: { from: number; to?: number }[] = [];
  for (const r of regionsOf(pl.subtract(now.payout, saved.payout))) {
    const last = out[out.length - 1];
    // Pieces that meet make one range.
    if (last && last.to === Number(r.from)) {
      if (r.to) last.to = Number(r.to);
      else delete last.to;
    } else out.push({ from: Number(r.from), ...(r.to ? { to: Number(r.to) } : {}) });
  }
  return out;
}

function line(input: CurveInput, benefit: string, group: string, amounts: number[]): number[] | string {
  const { checked, compiled } = input;
  const b = compiled.benefits.find((x) => x.name === benefit);
  if (!b) return `no benefit ${benefit}`;
  const day = compiled.header.valid?.from ?? Math.round(Date.parse('2025-01-01') / 86_400_000);
  const setting = b.settings ? [...b.settings][0]! : 'inpatient';
  const member = memberFor(compiled, checked, group, day);
  if (!member) return `no member found in group ${group}`;
  const src = amountSource(checked, benefit);
  const code = src.catalogue ? [...(checked.catalogues.get(src.catalogue)?.versions.steps[0]?.value ?? [])][0] : undefined;
  return amounts.map((amount) => {
    const claim: Record<string, unknown> = { id: 'c', member: 'm', date: formatDay(day), setting };
    if (code !== undefined) {
      claim.inPolicySelfPay = amount;
      claim.items = [{ code, amount, class: 'in' }];
    } else claim[src.field] = amount;
    const r = evaluate(compiled, { members: [member], claims: [claim] }, { trace: false });
    const line = r.claims[0]?.benefits.find((x) => x.name === benefit);
    return line ? Number(line.payout) : 0;
  });
}

const dayOf = (c: CurveInput) => c.compiled.header.valid?.from ?? Math.round(Date.parse('2025-01-01') / 86_400_000);

export function computeCurve(current: CurveInput | undefined, saved: CurveInput | undefined, benefit: string, groups: string[], max: number, points: number): CurveResult {
  const amounts = Array.from({ length: points + 1 }, (_, i) => Math.round((max * i) / points));
  const lines: CurveLine[] = groups.map((group) => {
    const l: CurveLine = { group };
    const now = current ? line(current, benefit, group, amounts) : 'the plan has errors';
    const before = saved ? line(saved, benefit, group, amounts) : undefined;
    if (Array.isArray(before)) l.saved = before;
    if (typeof now === 'string') l.note = now;
    else {
      l.current = now;
      const fits = current!.ir && fitting(current!.ir, benefit, dayOf(current!), amounts, now);
      if (fits) l.breakpoints = breakpointsOf(fits, current!.ir!, max);
      const was = Array.isArray(before) && saved!.ir ? fitting(saved!.ir, benefit, dayOf(saved!), amounts, before) : undefined;
      if (fits && was) l.changed = changedRanges(fits, was);
    }
    return l;
  });
  const ref = current ?? saved;
  const b = ref?.compiled.benefits.find((x) => x.name === benefit);
  return { amounts, lines, setting: b?.settings ? [...b.settings][0] : 'inpatient', field: ref ? amountSource(ref.checked, benefit).field : undefined };
}
