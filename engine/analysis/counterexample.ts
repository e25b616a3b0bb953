// A violated floor made concrete: members and claims that reach the worst case, in the request
// format `yibao eval` reads, run through the engine to confirm what the proof found. The member and
// claim take the conditions on the way to the value (an attribute equal to a value, or not), the
// listed groups of the tilts, and amounts past the deductible inside the band found.
import Decimal from 'decimal.js';
import type { CompiledPlan } from '../compile/plan';
import { dayOf, formatDay, parseDay, ymd } from '../core/dates';
import type { FloorRuleIR } from '../ir/floors';
import type { IrAttributeDecl, IrBenefit, IrExpr, IrMoneySlot, PlanIR } from '../ir/plan';
import { evaluate } from '../runtime/evaluate';
import { casesOf, type PathStep } from './cases';
import { amountInput } from './amount';
import type { Observation } from './measures';

export interface Counterexample {
  /** Members and claims for `yibao eval PLAN REQUEST.json`. */
  request: { members: Record<string, unknown>[]; claims: Record<string, unknown>[] };
  /** What the engine paid, as the measure reads it: the marginal ratio between the two claims, or the cap reached. */
  observed?: string;
  /** Whether the engine's payouts show the value the proof found. */
  confirmed: boolean;
}

type Input = { kind: 'field' | 'attribute'; name: string };

/** What every member tried shares: the compiled plan, the claim's input and fixed facts, the case. */
interface Attempt {
  compiled: CompiledPlan;
  o: Observation;
  day: string;
  input: Input;
  facts: Facts;
  setting: string;
  groups: string[];
  deductible: Decimal;
}

/** `compiled` gives the plan compiled from `plan` (called only when there is something to run). */
export function counterexample(plan: PlanIR, compiled: () => CompiledPlan, rule: FloorRuleIR, o: Observation, day: string): Counterexample | undefined {
  const input = amountField(plan, o.benefit.amount.value.expr);
  if (!input) return undefined;
  const facts = factsFor(plan, o.path, day);
  const attempt: Attempt = {
    compiled: compiled(), o, day, input, facts,
    setting: rule.setting ?? o.benefit.settings?.[0] ?? 'inpatient',
    groups: groupsOf(plan, facts.groups, o.tilts),
    deductible: deductibleOf(plan, o.benefit, day),
  };
  const band = rule.measure === 'lowestRatio' ? amountsInBand(plan, o, attempt.deductible, day) : undefined;
  let first: Counterexample | undefined;
  // Members of other ages and enrolment spans, until one the engine pays as the proof found: a
  // group by age or by years enrolled may add a tilt the case does not have.
  for (const member of memberVariants(day)) {
    const found = tryMember(attempt, member, band);
    if (found?.confirmed) return found;
    first ??= found;
  }
  return first;
}

/** Birth dates 40, 30, 65 and 10 years before the day; enrolment 3 years, 1 year and 1 day before it. */
export function memberVariants(day: string): Record<string, string>[] {
  const { y, m, d } = ymd(parseDay(day)!);
  const back = (years: number) => formatDay(dayOf(y - years, m, Math.min(d, 28)));
  const out: Record<string, string>[] = [];
  for (const enrolled of [back(3), back(1), formatDay(parseDay(day)! - 1)]) for (const age of [40, 30, 65, 10]) out.push({ birthDate: back(age), enrolledSince: enrolled });
  return out;
}

/** Runs claims of the given input amounts, one member each: the benefit's eligible amount and payout of each. */
function runClaims(a: Attempt, dates: Record<string, string>, xs: Decimal[]) {
  const members = xs.map((_, i) => ({ id: `m${i + 1}`, ...dates, ...a.facts.member, ...(a.groups.length ? { groups: a.groups } : {}) }));
  const claims = xs.map((x, i) => claimOf(i + 1, a.day, a.setting, a.input, x, a.facts.claim));
  const request = { members, claims };
  const r = evaluate(a.compiled, request, { trace: false });
  const lines = r.claims.map((c) => c.benefits.find((b) => b.name === a.o.benefit.name));
  return { request, lines: lines.map((l) => ({ eligible: new Decimal(l?.eligible ?? 0), payout: new Decimal(l?.payout ?? 0) })) };
}

function tryMember(a: Attempt, dates: Record<string, string>, band: [Decimal, Decimal] | undefined): Counterexample | undefined {
  // How the input reaches the benefit's amount (the amount may take part of it, as 乙类 × 90 %).
  const probe = runClaims(a, dates, [new Decimal(10_000)]).lines[0];
  if (!probe || probe.eligible.isZero()) return undefined;
  const k = probe.eligible.div(10_000);
  const toInput = (e: Decimal) => e.div(k).toDecimalPlaces(2, Decimal.ROUND_UP);
  if (!band) {
    const r = runClaims(a, dates, [toInput(a.deductible.plus(a.o.value.times(100)))]);
    const paid = r.lines[0]!.payout;
    return { request: r.request, observed: paid.toFixed(2), confirmed: paid.eq(a.o.value) };
  }
  const r = runClaims(a, dates, band.map(toInput));
  const [x, y] = r.lines as [typeof probe, typeof probe];
  const de = y.eligible.minus(x.eligible);
  if (de.lte(0)) return { request: r.request, confirmed: false };
  const marginal = y.payout.minus(x.payout).div(de);
  const whole = y.eligible.gt(a.deductible) ? y.payout.div(y.eligible.minus(a.deductible)) : marginal;
  const close = (v: Decimal) => v.minus(a.o.value).abs().lte('0.0001');
  const seen = close(marginal) || !close(whole) ? marginal : whole;
  return { request: r.request, observed: `${seen.times(100).toDecimalPlaces(2).toString()}%`, confirmed: close(seen) };
}

/** The claim input the benefit's amount reads: a money field or money claim attribute (items are not built here). */
function amountField(plan: PlanIR, e: IrExpr): Input | undefined {
  const input = amountInput(plan, e);
  return input && input.kind !== 'items' ? input : undefined;
}

export interface Facts { member: Record<string, unknown>; claim: Record<string, unknown>; groups: string[]; flags: string[] }

/** A member and claim attributes that take every condition of the path, and neutral values elsewhere. */
export function factsFor(plan: PlanIR, path: PathStep[], day: string): Facts {
  const member: Record<string, unknown> = {};
  const want = new Map<string, unknown>();
  const avoid = new Map<string, Set<string>>();
  const groups: string[] = [];
  const flags: string[] = [];
  for (const s of path) {
    const c = s.condition;
    if (c.kind === 'in-groups' && s.holds) groups.push(...c.groups);
    if (c.kind === 'attribute') want.set(`${c.on ?? 'member'}.${c.name}`, s.holds);
    if (c.kind === 'has' && s.holds && c.flag.kind === 'symbol') flags.push(c.flag.id);
    if (c.kind !== 'compare' || (c.op !== '=' && c.op !== '!=')) continue;
    const attr = c.left.kind === 'attribute' ? c.left : c.right.kind === 'attribute' ? c.right : undefined;
    const other = attr === c.left ? c.right : c.left;
    const value = other.kind === 'symbol' || other.kind === 'text' ? (other.kind === 'symbol' ? other.id : other.value) : undefined;
    if (!attr || value === undefined) continue;
    const key = `${attr.on ?? 'member'}.${attr.name}`;
    if (s.holds === (c.op === '=')) want.set(key, value);
    else avoid.set(key, new Set([...(avoid.get(key) ?? []), value]));
  }
  const attrs = (decls: IrAttributeDecl[], on: string) => {
    const out: Record<string, unknown> = {};
    for (const a of decls) out[a.name] = want.get(`${on}.${a.name}`) ?? neutral(a, avoid.get(`${on}.${a.name}`), day);
    return out;
  };
  if (plan.attributes.length) member.attributes = attrs(plan.attributes, 'member');
  return { member, claim: plan.claimAttributes.length ? attrs(plan.claimAttributes, 'claim') : {}, groups, flags };
}

function neutral(a: IrAttributeDecl, avoid: Set<string> | undefined, day: string): unknown {
  switch (a.type) {
    case 'enum': return a.values?.find((v) => !avoid?.has(v)) ?? a.values?.[0];
    case 'boolean': return false;
    case 'number': case 'money': return '0';
    case 'date': return day;
    case 'text': return '';
  }
}

/** The listed groups a member must be in: those the path needs and one of each tilt's. */
export function groupsOf(plan: PlanIR, needed: string[], tilts: string[]): string[] {
  const listed = new Set(plan.groups.filter((g) => g.listed).map((g) => g.name));
  const out = new Set(needed.filter((g) => listed.has(g)));
  for (const t of plan.tilts.filter((x) => tilts.includes(x.name))) {
    const g = t.groups.find((n) => listed.has(n));
    if (g) out.add(g);
  }
  return [...out];
}

function claimOf(n: number, day: string, setting: string, input: Input, x: Decimal, attrs: Record<string, unknown>): Record<string, unknown> {
  const claim: Record<string, unknown> = { id: `c${n}`, member: `m${n}`, date: day, setting };
  const attributes = { ...attrs };
  if (input.kind === 'field') claim[input.name] = x.toFixed(2);
  else attributes[input.name] = x.toFixed(2);
  if (Object.keys(attributes).length) claim.attributes = attributes;
  return claim;
}

/** The largest deductible the benefit can have on the day (0 when it depends on the claim). */
function deductibleOf(plan: PlanIR, b: IrBenefit, day: string): Decimal {
  const d = b.deductible;
  if (!d) return new Decimal(0);
  const slot: IrMoneySlot | undefined = d.kind === 'own' ? d.value : plan.sharedDeductibles.find((p) => p.name === d.pool)?.value;
  return slot ? largest(plan, slot, day) : new Decimal(0);
}

function largest(plan: PlanIR, slot: IrMoneySlot, day: string): Decimal {
  const cs = casesOf(plan, slot.expr, day);
  return 'unbounded' in cs || !cs.length ? new Decimal(0) : Decimal.max(...cs.map((c) => c.value));
}

/** Two eligible amounts past the deductible, inside the band the value was found in. */
function amountsInBand(plan: PlanIR, o: Observation, deductible: Decimal, day: string): [Decimal, Decimal] {
  const p = o.benefit.payout;
  if (p.kind === 'ratio' || o.band === undefined) return [deductible.plus(1000), deductible.plus(2000)];
  const band = p.bands[o.band]!;
  const from = largest(plan, band.from, day);
  const to = band.to ? largest(plan, band.to, day) : undefined;
  const step = to ? Decimal.min(1000, to.minus(from).div(3)).toDecimalPlaces(2, Decimal.ROUND_DOWN) : new Decimal(1000);
  const start = p.basis === 'annual' ? Decimal.max(deductible, from) : deductible.plus(from);
  return [start.plus(step), start.plus(step.times(2))];
}


