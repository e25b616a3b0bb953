// Evaluates a request against a compiled plan: per member and benefit year, claims in date order
// (ties by id), each benefit's payout = round(P(after)) − round(P(before)). Pure: no I/O, no globals.
// The loop over a member's claims is settleMember's (member-loop.ts), shared with batch; the
// results are the object form (result-object.ts) of the lists in result-fields.ts, whose byte form
// batch writes.
import type { CompiledPlan } from '../compile/plan';
import type { RtClaim, RtMember } from '../ir/env';
import { validateRequest, type RequestError } from '../request/request';
import { settleMember, type ClaimSink } from './member-loop';
import type { ClaimOut } from './outcome';
import { CLAIM_RESULT, MEMBER_YEAR, type ClaimResult, type ClaimView, type MemberYear, type YearView } from './result-fields';
import { objectForm, type ObjectForm } from './result-object';
import { Settler, type YearState } from './settle';

export type { TraceStep } from './outcome';
export type { BenefitLine, ClaimResult, MemberYear } from './result-fields';
export { byDateThenId, claimError } from './member-loop';

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
  const byMember = new Map<string, RtClaim[]>();
  for (const c of valid.claims) {
    const list = byMember.get(c.memberId);
    if (list) list.push(c);
    else byMember.set(c.memberId, [c]);
  }
  const s = settlerFor(plan);
  const { settler, state } = s;
  settler.out.traced = options.trace !== false;
  const sink = new ResultSink(s, valid.claimCount, valid.errors);
  // Members come in request order (a Map keeps insertion order).
  for (const member of valid.members.values()) {
    const claims = byMember.get(member.id);
    if (claims) settleMember(settler, member, claims, state, sink);
  }
  const claims: ClaimResult[] = [];
  for (const r of sink.results) if (r) claims.push(r);
  const errors = sink.errors;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; one error or none is in order
  if (errors.length > 1) errors.sort((a, b) => comparePaths(a.path, b.path));
  return { claims, members: sink.members, errors };
}

/** The API's sink: each settled claim as a result object, each year ended as the member's totals. */
class ResultSink implements ClaimSink {
  /** By the claim's place in the request, so results come in request order. */
  readonly results: (ClaimResult | undefined)[];
  readonly members: MemberYear[] = [];
  constructor(private readonly forms: Forms, claimCount: number, readonly errors: RequestError[]) {
    // Stryker disable next-line ArrayDeclaration: sized once rather than grown; the same results either way
    this.results = new Array(claimCount);
  }
  settled(member: RtMember, claim: RtClaim, out: ClaimOut): void {
    const view: ClaimView = { member, claim, out };
    this.results[claim.index] = this.forms.claim.make(view, 0) as unknown as ClaimResult;
  }
  failed(_member: RtMember, _claim: RtClaim, error: RequestError): void {
    this.errors.push(error);
  }
  yearEnd(member: RtMember, year: number, state: YearState): void {
    const view: YearView = { member, year, state };
    this.members.push(this.forms.year.make(view, 0) as unknown as MemberYear);
  }
}

/** The object forms of a plan's results. */
interface Forms { claim: ObjectForm; year: ObjectForm }

// Evaluation is synchronous and never re-entered, so one settler, one year and the result forms per
// plan serve every call: a single claim at the counter does not pay for setting them up. The year
// is read into a member-year result before the loop starts the next, so one is enough.
const settlers = new WeakMap<CompiledPlan, Forms & { settler: Settler; state: YearState }>();
function settlerFor(plan: CompiledPlan) {
  let s = settlers.get(plan);
  // Stryker disable next-line ConditionalExpression: a settler made afresh settles the same; keeping it spares the setup
  if (!s) {
    const settler = new Settler(plan);
    const forms = { claim: objectForm(CLAIM_RESULT, plan.benefits), year: objectForm(MEMBER_YEAR, plan.benefits) };
    settlers.set(plan, (s = { settler, state: settler.newYear(), ...forms }));
  }
  return s;
}

/** Request paths in document order: segment by segment, indexes as numbers, a path before the paths inside it. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    // Stryker disable next-line EqualityOperator: equal segments were passed over above
    return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}
