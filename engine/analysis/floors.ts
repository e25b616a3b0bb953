// Proves a plan against floors (spec §29): for each rule, on every date on which anything the rule
// reads can change, every value the measure can take (analysis/measures.ts) is held against the
// bound. A rule holds, is violated (with the worst case, a concrete member and claims that show it,
// confirmed by running the engine), cannot be proven (the plan's value depends on a fact of the
// member or claim), or does not apply (the plan is not in force on the rule's dates).
import Decimal from 'decimal.js';
import type { Diagnostic } from '../../grammar/diagnostic';
import { compilePlan, type CompiledPlan } from '../compile/plan';
import { dayOf, formatDay, parseDay, ymd } from '../core/dates';
import { diag } from '../ir/diagnostics';
import { FLOOR_MEASURES, type FloorBound, type FloorRuleIR, type FloorsIR } from '../ir/floors';
import type { IrRange, PlanIR } from '../ir/plan';
import { counterexample, type Counterexample } from './counterexample';
import { measure, type Observation } from './measures';

export type FloorStatus = 'holds' | 'violated' | 'unknown' | 'not-applicable';

/** The case a verdict rests on: the lowest value found (a violation's worst case). */
export interface FloorCase {
  /** A ratio as a percentage ("65%"), money in yuan ("150000.00"), or "unlimited". */
  value: string;
  bound: string;
  date: string;
  benefit?: string;
  band?: number;
  tilts: string[];
  /** The conditions on the way to the value, as written in the plan; `holds: false` for an else branch. */
  conditions: { text: string; holds: boolean }[];
  /** Where the plan gives the value. */
  range?: IrRange;
}

export interface FloorVerdict {
  text: string;
  measure: FloorRuleIR['measure'];
  setting?: string;
  status: FloorStatus;
  /** How many (date, benefit, band, condition path, tilts) cases were examined. */
  cases: number;
  worst?: FloorCase;
  reason?: { en: string; zh: string };
  counterexample?: Counterexample;
  range: IrRange;
}

export interface FloorsReport { plan: string; floors: string; verdicts: FloorVerdict[]; diagnostics: Diagnostic[] }

const MAX_YEARS = 200;
const FAR_PAST = '1900-01-01';
const FAR_FUTURE = '2200-12-31';

export interface ProveOptions {
  /** The plan compiled from this IR, when the caller keeps one (a document does). */
  compiled?: () => CompiledPlan | undefined;
  /** Whether a violation gets a counterexample run by the engine (default yes; the editor's markers need none). */
  counterexamples?: boolean;
}

/**
 * Proves each rule of `floors` on `plan`; `planText` gives the conditions their written form. The
 * plan is compiled at most once, and only when a counterexample is to be run.
 */
export function proveFloors(plan: PlanIR, planText: string, floors: FloorsIR, options: ProveOptions = {}): FloorsReport {
  let compiledPlan: CompiledPlan | undefined;
  const compile = options.counterexamples === false ? undefined : () => (compiledPlan ??= options.compiled?.() ?? compilePlan(plan));
  // The plan's dated parts are the same for every rule: walked once.
  const spans = datedSpans(plan);
  const verdicts = floors.rules.map((r) => proveRule(plan, planText, floors, r, spans, compile));
  const diagnostics = verdicts.flatMap((v, i) => diagnosticOf(plan, floors, floors.rules[i]!, v));
  return { plan: plan.header.name, floors: floors.name, verdicts, diagnostics };
}

function proveRule(plan: PlanIR, text: string, floors: FloorsIR, rule: FloorRuleIR, spans: Span[], compile: (() => CompiledPlan) | undefined): FloorVerdict {
  const head = { text: rule.text, measure: rule.measure, ...(rule.setting ? { setting: rule.setting } : {}), range: rule.range };
  const lo = later(plan.header.valid?.from, rule.from);
  const hi = earlier(plan.header.valid?.to, rule.to);
  if (lo && hi && lo > hi) return { ...head, status: 'not-applicable', cases: 0, reason: { en: 'the plan is not in force on the rule\'s dates', zh: '方案的有效期与该要求的期间不重叠' } };
  const found = candidateDays(spans, rule, lo ?? FAR_PAST, hi ?? FAR_FUTURE);
  if (!found) return { ...head, status: 'unknown', cases: 0, reason: { en: `the rule spans more than ${MAX_YEARS} years`, zh: `该要求的期间超过 ${MAX_YEARS} 年` } };
  let worst: { o?: Observation; margin: Decimal; value: Decimal; bound: Decimal; day: string } | undefined;
  let cases = 0;
  let m: ReturnType<typeof measure> | undefined;
  for (const day of found.days) {
    const bound = boundOn(floors, rule.bound, plan.header.region, day);
    if ('missing' in bound) return { ...head, status: 'unknown', cases, reason: bound.missing };
    // The plan's values change only on its own dates: on a day added for the bound's yearly figures, they are the day before's.
    if (!m || found.planDays.has(day)) m = measure(plan, rule.measure, rule.setting, day);
    if ('unbounded' in m) return { ...head, status: 'unknown', cases, worst: { ...emptyCase(day), range: m.unbounded, conditions: [{ text: slice(text, m.unbounded), holds: true }] }, reason: unboundedReason(m.why, slice(text, m.unbounded)) };
    // No benefit pays the setting's costs: the ratio paid is 0; an annual maximum is then moot.
    const obs: (Observation | undefined)[] = m.observations.length ? m.observations : rule.measure === 'lowestRatio' ? [undefined] : [];
    for (const o of obs) {
      cases++;
      const value = o?.value ?? new Decimal(0);
      const margin = value.minus(bound.value);
      if (!worst || margin.lt(worst.margin)) worst = { o, margin, value, bound: bound.value, day };
    }
  }
  if (!worst) return { ...head, status: 'holds', cases, reason: { en: 'no benefit paying these costs has an annual cap', zh: '支付该类费用的责任均未设年度封顶线' } };
  const c = caseOf(rule, text, worst);
  if (worst.margin.gte(0)) return { ...head, status: 'holds', cases, worst: c };
  const ce = worst.o && compile ? counterexample(plan, compile, rule, worst.o, worst.day) : undefined;
  return { ...head, status: 'violated', cases, worst: c, ...(ce ? { counterexample: ce } : {}) };
}

const later = (a?: string, b?: string) => (a === undefined ? b : b === undefined ? a : a > b ? a : b);
const earlier = (a?: string, b?: string) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
const slice = (text: string, r: IrRange) => text.slice(r.start.offset, r.end.offset);

/**
 * Every day on which a value the rule reads may change: the first day, each date a step of the
 * plan starts or the day after one ends, and each first of January when the bound reads yearly
 * figures. Between two such days nothing the measure or the bound reads changes.
 */
function candidateDays(spans: Span[], rule: FloorRuleIR, lo: string, hi: string): { days: string[]; planDays: Set<string> } | undefined {
  const days = new Set<string>([lo]);
  const add = (d: string | undefined) => d && d > lo && d <= hi && days.add(d);
  for (const { from, to } of spans) {
    add(from);
    const t = to === undefined ? undefined : parseDay(to);
    if (t !== undefined) add(formatDay(t + 1));
  }
  const planDays = new Set(days);
  if (readsFigures(rule.bound)) {
    const y0 = Number(lo.slice(0, 4));
    const y1 = Number(hi.slice(0, 4));
    if (y1 - y0 > MAX_YEARS) return undefined;
    for (let y = y0 + 1; y <= y1; y++) add(formatDay(dayOf(y, 1, 1)));
  }
  return { days: [...days].sort(), planDays };
}

type Span = { from?: string; to?: string };

/** The span of every dated part of the plan (parameter steps, values by date, catalogue versions). */
function datedSpans(plan: PlanIR): Span[] {
  const spans: Span[] = [];
  walkDates(plan, (from, to) => spans.push({ from, to }));
  return spans;
}

function walkDates(x: unknown, f: (from?: string, to?: string) => void): void {
  if (Array.isArray(x)) for (const e of x) walkDates(e, f);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    if (isDate(o.from) || isDate(o.to)) f(isDate(o.from) ? o.from : undefined, isDate(o.to) ? o.to : undefined);
    for (const v of Object.values(o)) if (v && typeof v === 'object') walkDates(v, f);
  }
}

const readsFigures = (b: FloorBound): boolean => b.kind === 'figure' || (b.kind === 'arith' && (readsFigures(b.left) || readsFigures(b.right)));

/** The bound on a day: constants, and each table's figure for the plan's region and that year (or the year before). */
function boundOn(floors: FloorsIR, b: FloorBound, region: string | undefined, day: string): { value: Decimal } | { missing: { en: string; zh: string } } {
  switch (b.kind) {
    case 'const': return { value: new Decimal(b.value) };
    case 'figure': {
      const year = ymd(parseDay(day)!).y - (b.previous ? 1 : 0);
      if (region === undefined) return { missing: { en: `the plan declares no region, so "${b.table}" cannot be read`, zh: `方案未声明地区，无法读取“${b.table}”` } };
      const row = floors.tables.find((t) => t.name === b.table)?.rows.find((r) => r.region === region && r.year === year);
      if (!row) return { missing: { en: `"${b.table}" has no figure for ${region} in ${year}`, zh: `“${b.table}”没有${region} ${year} 年的数值` } };
      return { value: new Decimal(row.value) };
    }
    case 'arith': {
      const l = boundOn(floors, b.left, region, day);
      const r = boundOn(floors, b.right, region, day);
      if ('missing' in l) return l;
      if ('missing' in r) return r;
      return { value: b.op === '+' ? l.value.plus(r.value) : b.op === '-' ? l.value.minus(r.value) : l.value.times(r.value) };
    }
  }
}

function unboundedReason(why: 'depends' | 'tilts', what: string): { en: string; zh: string } {
  if (why === 'tilts') return { en: 'more than ten tilts change this value; their combinations are not enumerated', zh: '改变该值的倾斜政策超过十项，未逐一组合' };
  return { en: `the value depends on "${what}", which the member or the claim gives`, zh: `该值取决于“${what}”，由参保人或理赔给出` };
}

const emptyCase = (day: string): FloorCase => ({ value: '', bound: '', date: day, tilts: [], conditions: [] });

function formatValue(measure: FloorRuleIR['measure'], v: Decimal): string {
  return FLOOR_MEASURES[measure].unit === 'ratio' ? `${v.times(100).toDecimalPlaces(4).toString()}%` : v.toFixed(2);
}

function caseOf(rule: FloorRuleIR, text: string, w: { o?: Observation; value: Decimal; bound: Decimal; day: string }): FloorCase {
  const o = w.o;
  return {
    value: formatValue(rule.measure, w.value),
    bound: formatValue(rule.measure, w.bound),
    date: w.day,
    ...(o ? { benefit: o.benefit.name } : {}),
    ...(o?.band !== undefined ? { band: o.band + 1 } : {}),
    tilts: o?.tilts ?? [],
    conditions: (o?.path ?? []).map((p) => ({ text: slice(text, p.condition.range), holds: p.holds })),
    ...(o ? { range: o.at } : {}),
  };
}

/** A violation on the plan's line that gives the value, a rule that cannot be proven as a warning; both point at the floor. */
function diagnosticOf(plan: PlanIR, floors: FloorsIR, rule: FloorRuleIR, v: FloorVerdict): Diagnostic[] {
  const related = [{ range: rule.range, file: floors.file, note: { en: 'the floor is declared here', zh: '底线在此声明' } }];
  const at = v.worst?.range ?? plan.header.range;
  const m = FLOOR_MEASURES[rule.measure];
  if (v.status === 'unknown') return [diag('YB991', at, { floor: rule.text, why: v.reason!.en, whyZh: v.reason!.zh }, { file: plan.file, related })];
  if (v.status !== 'violated') return [];
  const w = v.worst!;
  const where = whereText(w);
  return [diag('YB990', at, { floor: rule.text, measure: m.en, measureZh: m.zh, value: w.value, bound: w.bound, where: where.en, whereZh: where.zh }, { file: plan.file, related })];
}

function whereText(w: FloorCase): { en: string; zh: string } {
  if (!w.benefit) return { en: `on ${w.date}: no benefit pays these costs`, zh: `${w.date} 起没有责任支付该类费用` };
  const band = w.band !== undefined ? { en: `, band ${w.band}`, zh: `第 ${w.band} 段` } : { en: '', zh: '' };
  const en = w.conditions.map((c) => (c.holds ? `"${c.text}"` : `not "${c.text}"`));
  const zh = w.conditions.map((c) => (c.holds ? `“${c.text}”` : `非“${c.text}”`));
  const conds = w.conditions.length ? { en: ` when ${en.join(' and ')}`, zh: `，当 ${zh.join(' 且 ')} 时` } : { en: '', zh: '' };
  const tilts = w.tilts.length ? { en: ` with tilts ${w.tilts.join(', ')}`, zh: `，适用倾斜 ${w.tilts.join('、')}` } : { en: ' without tilts', zh: '，无倾斜' };
  return {
    en: `for benefit "${w.benefit}"${band.en} on ${w.date}${conds.en}${tilts.en}`,
    zh: `责任“${w.benefit}”${band.zh}在 ${w.date}${conds.zh}${tilts.zh}`,
  };
}
