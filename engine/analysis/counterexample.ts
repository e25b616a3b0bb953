// A violated floor made concrete: members and claims that reach the worst case, in the request
// format `yibao eval` reads, run through the engine to confirm what the proof found. The member and
// claim take the conditions on the way to the value (an attribute equal to a value, or not), the
// listed groups of the tilts, and amounts past the deductible inside the band found.
import Decimal from 'decimal.js';
import { compilePlan } from '../compile/plan';
import { dayOf, formatDay, parseDay, ymd } from '../core/dates';
import type { FloorRuleIR } from '../ir/floors';
import type { IrAttributeDecl, IrBenefit, IrExpr, IrMoneySlot, PlanIR } from '../ir/plan';
import { evaluate } from '../runtime/evaluate';
import { casesOf, type PathStep } from './cases';
import type { Observation } from './measures';

export interface Counterexample {
  /** Members and claims for `yibao eval PLAN REQUEST.json`. */
  request: { members: Record<string, unknown>[]; claims: Record<string, unknown>[] };
  /** What the engine paid, as the measure reads it: the marginal ratio between the two claims, or the cap reached. */
  observed?: string;
  /** Whether the engine's payouts show the value the proof found. */
  confirmed: boolean;
}

const MONEY_FIELDS = new Set(['inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay']);
type Input = { kind: 'field' | 'attribute'; name: string };

export function counterexample(plan: PlanIR, rule: FloorRuleIR, o: Observation, day: string): Counterexample | undefined {
  const input = amountInput(plan, o.benefit.amount.value.expr);
  if (!input) return undefined;
  const compiled = compilePlan(plan);
  let first: Counterexample | undefined;
  // Members of other ages and enrolment spans, until one the engine pays as the proof found: a
  // group by age or by years enrolled may add a tilt the case does not have.
  for (const member of memberVariants(day)) {
    const found = tryMember(plan, compiled, rule, o, day, input, member);
    if (found?.confirmed) return found;
    first ??= found;
  }
  return first;
}

/** Birth dates 40, 30, 65 and 10 years before the day; enrolment 3 years, 1 year and 1 day before it. */
function memberVariants(day: string): Record<string, string>[] {
  const { y, m, d } = ymd(parseDay(day)!);
  const back = (years: number) => formatDay(dayOf(y - years, m, Math.min(d, 28)));
  const out: Record<string, string>[] = [];
  for (const enrolled of [back(3), back(1), formatDay(parseDay(day)! - 1)]) for (const age of [40, 30, 65, 10]) out.push({ birthDate: back(age), enrolledSince: enrolled });
  return out;
}

function tryMember(plan: PlanIR, compiled: ReturnType<typeof compilePlan>, rule: FloorRuleIR, o: Observation, day: string, input: Input, dates: Record<string, string>): Counterexample | undefined {
  const facts = factsFor(plan, o.path, day);
  const setting = rule.setting ?? o.benefit.settings?.[0] ?? 'inpatient';
  const groups = facts.groups.length || o.tilts.length ? groupsOf(plan, facts.groups, o.tilts) : [];
  const make = (n: number, x: Decimal) => ({
    member: { id: `m${n}`, ...dates, ...facts.member, ...(groups.length ? { groups } : {}) },
    claim: claimOf(n, day, setting, input, x, facts.claim),
  });
  const run = (xs: Decimal[]) => {
    const parts = xs.map((x, i) => make(i + 1, x));
    const request = { members: parts.map((p) => p.member), claims: parts.map((p) => p.claim) };
    const r = evaluate(compiled, request, { trace: false });
    const lines = r.claims.map((c) => c.benefits.find((b) => b.name === o.benefit.name));
    return { request, lines: lines.map((l) => ({ eligible: new Decimal(l?.eligible ?? 0), payout: new Decimal(l?.payout ?? 0) })) };
  };
  // How the input reaches the benefit's amount (the amount may take part of it, as 乙类 × 90 %).
  const probe = run([new Decimal(10_000)]).lines[0];
  if (!probe || probe.eligible.isZero()) return undefined;
  const k = probe.eligible.div(10_000);
  const deductible = deductibleOf(plan, o.benefit, day);
  const toInput = (e: Decimal) => e.div(k).toDecimalPlaces(2, Decimal.ROUND_UP);
  if (rule.measure === 'annualMaximum') {
    const r = run([toInput(deductible.plus(o.value.times(100)))]);
    const paid = r.lines[0]!.payout;
    return { request: r.request, observed: paid.toFixed(2), confirmed: paid.eq(o.value) };
  }
  const [e1, e2] = amountsInBand(plan, o, deductible, day);
  const r = run([toInput(e1), toInput(e2)]);
  const [a, b] = r.lines as [typeof probe, typeof probe];
  const de = b.eligible.minus(a.eligible);
  if (de.lte(0)) return { request: r.request, confirmed: false };
  const marginal = b.payout.minus(a.payout).div(de);
  const whole = b.eligible.gt(deductible) ? b.payout.div(b.eligible.minus(deductible)) : marginal;
  const close = (x: Decimal) => x.minus(o.value).abs().lte('0.0001');
  const seen = close(marginal) || !close(whole) ? marginal : whole;
  return { request: r.request, observed: `${seen.times(100).toDecimalPlaces(2).toString()}%`, confirmed: close(seen) };
}

/** The first claim amount the benefit's amount reads: a money field of the claim or a money attribute of it. */
function amountInput(plan: PlanIR, e: IrExpr): Input | undefined {
  if (e.kind === 'fact' && e.root === 'claim' && MONEY_FIELDS.has(e.field)) return { kind: 'field', name: e.field };
  if (e.kind === 'attribute' && e.on === 'claim' && plan.claimAttributes.find((a) => a.name === e.name)?.type === 'money') return { kind: 'attribute', name: e.name };
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object' && 'kind' in (v as object)) {
      const found = amountInput(plan, v as IrExpr);
      if (found) return found;
    }
  }
  if (e.kind === 'extremum') for (const a of e.args) { const f = amountInput(plan, a); if (f) return f; }
  return undefined;
}

interface Facts { member: Record<string, unknown>; claim: Record<string, unknown>; groups: string[] }

/** A member and claim attributes that take every condition of the path, and neutral values elsewhere. */
function factsFor(plan: PlanIR, path: PathStep[], day: string): Facts {
  const member: Record<string, unknown> = {};
  const want = new Map<string, string>();
  const avoid = new Map<string, Set<string>>();
  const groups: string[] = [];
  for (const s of path) {
    const c = s.condition;
    if (c.kind === 'in-groups' && s.holds) groups.push(...c.groups);
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
  return { member, claim: plan.claimAttributes.length ? attrs(plan.claimAttributes, 'claim') : {}, groups };
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
function groupsOf(plan: PlanIR, needed: string[], tilts: string[]): string[] {
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


