// Evaluates a request against a compiled plan: per member and benefit year, claims in date order
// (ties by id), each benefit's payout = round(P(after)) − round(P(before)). Pure: no I/O, no globals.
import type { CompiledPlan } from '../compile/plan';
import { benefitYearOf } from '../core/dates';
import type { RtClaim, RtMember } from '../ir/env';
import { EvalError } from '../ir/env';
import { OverflowError, formatFen } from '../core/money';
import { validateRequest, type RequestError } from '../request/request';
import { requestError } from '../ir/request-errors';
import { ClaimOut, Settler, YearState, type TraceStep } from './settle';
import type { Range } from '../../grammar/diagnostic';

export type { TraceStep } from './settle';

export interface BenefitLine {
  name: string;
  label?: string;
  eligible: string;
  deductible: string;
  payout: string;
}


export interface ClaimResult {
  id: string;
  member: string;
  date: string;
  payout: string;
  benefits: BenefitLine[];
  excluded: { reason: string; amount: string; item?: string; range?: Range }[];
  trace: TraceStep[];
}

export interface MemberYear {
  id: string;
  year: number;
  payout: string;
  benefits: BenefitLine[];
}

export interface EvalResult {
  claims: ClaimResult[];
  members: MemberYear[];
  errors: RequestError[];
}

export interface EvalOptions {
  /** Leave out traces (batch runs). */
  trace?: boolean;
}


export function evaluate(plan: CompiledPlan, request: unknown, options: EvalOptions = {}): EvalResult {
  const valid = validateRequest(plan, request);
  const errors = valid.errors;
  const byMember = new Map<string, RtClaim[]>();
  for (const c of valid.claims) {
    const list = byMember.get(c.memberId);
    if (list) list.push(c);
    else byMember.set(c.memberId, [c]);
  }
  const { settler, out, years: pool } = settlerFor(plan);
  let pooled = 0;
  // Year states come from a pool kept with the plan: a counter call allocates no typed arrays.
  const newYear = () => {
    const st = pool[pooled] ?? (pool[pooled] = settler.newYear());
    pooled++;
    st.slots.fill(0);
    return st;
  };
  const results: (ClaimResult | undefined)[] = new Array(valid.claimCount);
  const members: MemberYear[] = [];
  // Members come in request order (a Map keeps insertion order).
  for (const member of valid.members.values()) {
    const claims = byMember.get(member.id);
    if (!claims) continue;
    if (claims.length > 1) claims.sort(byDateThenId);
    // The member's benefit years, in order (claims are in date order, so years only grow).
    // A year is listed once one of its claims settled.
    const years: { year: number; state: YearState }[] = [];
    let y: { year: number; state: YearState } | undefined;
    for (const claim of claims) {
      const year = benefitYearOf(claim.day);
      if (!y || y.year !== year) y = { year, state: newYear() };
      out.trace = options.trace === false ? undefined : [];
      try {
        settler.settle(member, claim, year, y.state, out);
        results[claim.index] = claimResult(plan, member, claim, out);
        if (years[years.length - 1] !== y) years.push(y);
      } catch (e) {
        errors.push(claimError(e, claim));
      }
    }
    for (const y of years) members.push(memberYear(plan, member, y.year, y.state));
  }
  const claims: ClaimResult[] = [];
  for (const r of results) if (r) claims.push(r);
  if (errors.length > 1) errors.sort((a, b) => comparePaths(a.path, b.path));
  return { claims, members, errors };
}

// Evaluation is synchronous and never re-entered, so one settler per plan serves every call:
// a single claim at the counter does not pay for setting one up.
const settlers = new WeakMap<CompiledPlan, { settler: Settler; out: ClaimOut; years: YearState[] }>();
function settlerFor(plan: CompiledPlan) {
  let s = settlers.get(plan);
  if (!s) settlers.set(plan, (s = { settler: new Settler(plan), out: new ClaimOut(plan.benefits.length), years: [] }));
  return s;
}

/** A claim the plan could not settle (a value not in force on its date, a missing table row…). */
export function claimError(e: unknown, claim: RtClaim): RequestError {
  if (!(e instanceof EvalError || e instanceof OverflowError)) throw e;
  const code = e instanceof EvalError ? e.code : 'YR011';
  const args = e instanceof EvalError ? e.args : {};
  // A value not in force on the claim's date is a fact about its date field.
  const path = code === 'YR006' ? `/claims/${claim.index}/date` : `/claims/${claim.index}`;
  return requestError({ claim: claim.id, path }, code, 'default', args);
}

/** Claims of one member in the order they are settled: by date, ties by claim id. */
export function byDateThenId(a: RtClaim, b: RtClaim): number {
  return a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function claimResult(plan: CompiledPlan, member: RtMember, claim: RtClaim, out: ClaimOut): ClaimResult {
  const benefits: BenefitLine[] = [];
  for (let i = 0; i < out.count; i++) {
    const b = plan.benefits[out.benefit[i]!]!;
    benefits.push(benefitLine(b, out.eligible[i]!, out.deductible[i]!, out.pay[i]!));
  }
  return {
    id: claim.id,
    member: member.id,
    date: claim.date,
    payout: formatFen(out.payout),
    benefits,
    excluded: out.excluded.length === 0 ? [] : out.excluded.map((x) => {
      const e: ClaimResult['excluded'][number] = { reason: x.reason, amount: formatFen(x.fen) };
      if (x.item !== undefined) e.item = x.item;
      if (x.range) e.range = x.range;
      return e;
    }),
    trace: out.trace ?? [],
  };
}

export function memberYear(plan: CompiledPlan, member: RtMember, year: number, s: YearState): MemberYear {
  let paid = 0;
  const benefits = plan.benefits.map((b, i) => {
    paid += s.paid(i);
    return benefitLine(b, s.eligible(i), s.deducted(i), s.paid(i));
  });
  return { id: member.id, year, payout: formatFen(paid), benefits };
}

function benefitLine(b: { name: string; label?: string }, eligible: number, deductible: number, payout: number): BenefitLine {
  // The label goes second, as readers of the JSON expect it next to the name.
  const line: BenefitLine = b.label
    ? { name: b.name, label: b.label, eligible: '', deductible: '', payout: '' }
    : { name: b.name, eligible: '', deductible: '', payout: '' };
  line.eligible = formatFen(eligible);
  line.deductible = formatFen(deductible);
  line.payout = formatFen(payout);
  return line;
}

function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}
