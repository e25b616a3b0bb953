// The one settlement loop: a member's claims in settlement order, year by year. The request API
// (evaluate.ts, and through it plan tests, conformance cases and the editor's bench) and batch
// (batch/block.ts) differ only in the sink that receives each claim's outcome, so benefit years,
// ordering and what a failed claim leaves behind cannot drift apart between them.
import { yearOf, yearStart } from '../core/benefit-year';
import { OverflowError } from '../core/money';
import { EvalError, type RtClaim, type RtMember } from '../ir/env';
import { requestError } from '../ir/request-errors';
import type { RequestError } from '../request/request';
import type { ClaimOut } from './outcome';
import type { Settler, YearState } from './settle';


/** Where the loop hands each claim's outcome, in settlement order. */
export interface ClaimSink {
  /** The claim settled; its outcome is in `out` until the next claim is settled. */
  settled(member: RtMember, claim: RtClaim, out: ClaimOut): void;
  /** The plan could not settle the claim; the year's totals are as they were before it. */
  failed(member: RtMember, claim: RtClaim, error: RequestError): void;
  /** A benefit year ended in which at least one claim settled; `state` holds its totals until the loop goes on. */
  yearEnd(member: RtMember, year: number, state: YearState): void;
}

/**
 * Settles one member's claims: sorted by date then id (in place), a fresh year in `state` at each
 * change of benefit year. `state` and the settler's outcome are reused, so a member costs no
 * allocation here; the sink decides what each outcome becomes.
 */
export function settleMember(settler: Settler, member: RtMember, claims: RtClaim[], state: YearState, sink: ClaimSink): void {
  // Files are mostly sorted already; looking costs less than sorting.
  // Stryker disable next-line ConditionalExpression: sorting claims already in order changes nothing
  if (!inOrder(claims)) sortClaims(claims);
  const out = settler.out;
  const rule = settler.plan.header.year;
  // Years from an enrolment anniversary need the enrolment date, which a request may leave out of a plan that does not read it.
  // (Requests and batch records are checked against the plan's needs first, so this only guards other callers.)
  // Stryker disable all: validated requests never reach it, see above
  if (rule.kind === 'anniversary' && Number.isNaN(member.enrolledDay)) {
    for (const claim of claims) sink.failed(member, claim, claimError(new EvalError('YR015', { member: member.id, field: 'enrolledSince', rule: 'the benefit year', ruleZh: '保障年度' }), claim));
    return;
  }
  // Stryker restore all
  let year = 0;
  // The next year's first day: claims come in date order, so one before it is in the current year
  // and needs no date arithmetic, and one on or after it starts the year it falls in.
  let until = -Infinity;
  let settled = false;
  for (let k = 0; k < claims.length; k++) {
    const claim = claims[k]!;
    if (claim.day >= until) {
      if (settled) sink.yearEnd(member, year, state);
      year = yearOf(rule, claim.day, member.enrolledDay);
      until = yearStart(rule, year + 1, member.enrolledDay);
      state.reset();
      settled = false;
    }
    try {
      settler.settle(member, claim, year, state, out);
    } catch (e) {
      sink.failed(member, claim, claimError(e, claim));
      continue;
    }
    settled = true;
    sink.settled(member, claim, out);
  }
  if (settled) sink.yearEnd(member, year, state);
}

// Stryker disable all: a shortcut; a list it wrongly calls unsorted is sorted into the same order
function inOrder(claims: RtClaim[]): boolean {
  for (let k = 1; k < claims.length; k++) if (byDateThenId(claims[k - 1]!, claims[k]!) > 0) return false;
  return true;
}
// Stryker restore all

/**
 * Sorts by date then id, in place. A member's claims are a few: they are put in order one by one,
 * which allocates nothing, where Array.prototype.sort makes work arrays every call (a tenth of what
 * a batch run allocated). Many are left to it.
 */
export function sortClaims(claims: RtClaim[]): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both ways sort into the same order
  if (claims.length > 32) {
    claims.sort(byDateThenId);
    return;
  }
  for (let k = 1; k < claims.length; k++) {
    const c = claims[k]!;
    let j = k - 1;
    // Stryker disable next-line EqualityOperator: two claims of a member never compare equal (byDateThenId)
    for (; j >= 0 && byDateThenId(claims[j]!, c) > 0; j--) claims[j + 1] = claims[j]!;
    claims[j + 1] = c;
  }
}

/** Claims of one member in the order they are settled: by date, ties by claim id. */
export function byDateThenId(a: RtClaim, b: RtClaim): number {
  if (a.day !== b.day) return a.day - b.day;
  // A member's claim ids are unique (YR003): two claims never tie on both, so only the order of
  // different ids can be told.
  // Stryker disable next-line EqualityOperator: see above
  if (a.id < b.id) return -1;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: see above
  return a.id > b.id ? 1 : 0;
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
