// Evaluates a request against a compiled plan: per member and benefit year, claims in date order
// (ties by id), each benefit's payout = round(P(after)) − round(P(before)). Pure: no I/O, no globals.
import type { CompiledPlan } from '../compile/plan';
import { benefitYearOf } from '../dates';
import type { RtClaim, RtMember } from './env';
import { EvalError } from './env';
import { OverflowError, formatFen } from './money';
import { validateRequest, type RequestError } from './request';
import { runtimeMessage } from './messages';
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
  const errors = [...valid.errors];
  const byMember = new Map<string, RtClaim[]>();
  for (const c of valid.claims) {
    const list = byMember.get(c.memberId);
    if (list) list.push(c);
    else byMember.set(c.memberId, [c]);
  }
  const { settler, out } = settlerFor(plan);
  const results = new Map<number, ClaimResult>();
  const members: MemberYear[] = [];
  const sortedMembers = [...valid.members.values()].sort((a, b) => a.index - b.index);
  for (const member of sortedMembers) {
    const claims = (byMember.get(member.id) ?? []).sort(byDateThenId);
    const years = new Map<number, YearState>();
    for (const claim of claims) {
      const year = benefitYearOf(claim.day);
      const state = years.get(year) ?? settler.newYear();
      out.trace = options.trace === false ? undefined : [];
      try {
        settler.settle(member, claim, year, state, out);
        years.set(year, state);
        results.set(claim.index, claimResult(plan, member, claim, out));
      } catch (e) {
        errors.push(claimError(e, claim));
      }
    }
    for (const [year, s] of [...years].sort((a, b) => a[0] - b[0])) members.push(memberYear(plan, member, year, s));
  }
  const claims = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return { claims, members, errors };
}

// Evaluation is synchronous and never re-entered, so one settler per plan serves every call:
// a single claim at the counter does not pay for setting one up.
const settlers = new WeakMap<CompiledPlan, { settler: Settler; out: ClaimOut }>();
function settlerFor(plan: CompiledPlan) {
  let s = settlers.get(plan);
  if (!s) settlers.set(plan, (s = { settler: new Settler(plan), out: new ClaimOut(plan.benefits.length) }));
  return s;
}

/** A claim the plan could not settle (a value not in force on its date, a missing table row…). */
export function claimError(e: unknown, claim: RtClaim): RequestError {
  if (!(e instanceof EvalError || e instanceof OverflowError)) throw e;
  const code = e instanceof EvalError ? e.code : 'YR011';
  const args = e instanceof EvalError ? e.args : {};
  // A value not in force on the claim's date is a fact about its date field.
  const path = code === 'YR006' ? `/claims/${claim.index}/date` : `/claims/${claim.index}`;
  return { claim: claim.id, path, code, message: runtimeMessage(code, args) };
}

/** Claims of one member in the order they are settled: by date, ties by claim id. */
export function byDateThenId(a: RtClaim, b: RtClaim): number {
  return a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function claimResult(plan: CompiledPlan, member: RtMember, claim: RtClaim, out: ClaimOut): ClaimResult {
  const benefits: BenefitLine[] = [];
  for (let i = 0; i < out.count; i++) {
    const b = plan.benefits[out.benefit[i]!]!;
    benefits.push({
      name: b.name,
      ...(b.label ? { label: b.label } : {}),
      eligible: formatFen(out.eligible[i]!),
      deductible: formatFen(out.deductible[i]!),
      payout: formatFen(out.pay[i]!),
    });
  }
  return {
    id: claim.id,
    member: member.id,
    date: claim.date,
    payout: formatFen(out.payout),
    benefits,
    excluded: out.excluded.map((x) => ({ reason: x.reason, amount: formatFen(x.fen), ...(x.item !== undefined ? { item: x.item } : {}), ...(x.range ? { range: x.range } : {}) })),
    trace: out.trace ?? [],
  };
}

export function memberYear(plan: CompiledPlan, member: RtMember, year: number, s: YearState): MemberYear {
  let paid = 0;
  const benefits = plan.benefits.map((b, i) => {
    paid += s.paid(i);
    return {
      name: b.name,
      ...(b.label ? { label: b.label } : {}),
      eligible: formatFen(s.eligible(i)),
      deductible: formatFen(s.deducted(i)),
      payout: formatFen(s.paid(i)),
    };
  });
  return { id: member.id, year, payout: formatFen(paid), benefits };
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
