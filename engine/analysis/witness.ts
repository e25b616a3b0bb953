// A finding about a payout function made concrete: members and one claim each, in the request
// format `yibao eval` reads, at the amounts the proof names, run through the engine to confirm that
// it pays what the function says (rounded as the plan rounds).
import Decimal from 'decimal.js';
import type { CompiledPlan } from '../compile/plan';
import { inForce } from '../core/dates';
import type { PlanIR } from '../ir/plan';
import { evaluate } from '../runtime/evaluate';
import { factsFor, groupsOf, memberVariants } from './counterexample';
import type { Scenario } from './curves';
import * as pl from './piecewise';
import type { Witness, WitnessClaim } from '../ir/analysis';

export type { Witness } from '../ir/analysis';

/** Claims at `points` (scenario, input amount in yuan), each for a member of its own. */
export function witness(plan: PlanIR, compiled: CompiledPlan, points: { s: Scenario; x: Decimal }[]): Witness {
  let first: Witness | undefined;
  for (const dates of memberVariants(points[0]!.s.from)) {
    const w = attempt(plan, compiled, points, dates);
    if (w.confirmed) return w;
    first ??= w;
  }
  return first!;
}

function attempt(plan: PlanIR, compiled: CompiledPlan, points: { s: Scenario; x: Decimal }[], dates: Record<string, string>): Witness {
  const members: Record<string, unknown>[] = [];
  const claims: Record<string, unknown>[] = [];
  const rows: WitnessClaim[] = [];
  points.forEach(({ s, x }, i) => {
    const facts = factsFor(plan, s.path, s.from);
    const groups = groupsOf(plan, facts.groups, s.tilts);
    members.push({ id: `m${i + 1}`, ...dates, ...facts.member, ...(groups.length ? { groups } : {}) });
    claims.push(claimAt(plan, s, x, i + 1, facts.claim));
    rows.push({ claim: `c${i + 1}`, tilts: s.tilts, amount: x.toFixed(2), expected: rounded(plan, pl.valueAt(s.payout, x)) });
  });
  const request = { members, claims };
  const result = evaluate(compiled, request, { trace: false });
  let confirmed = true;
  rows.forEach((row, i) => {
    const line = result.claims.find((c) => c.id === row.claim)?.benefits.find((b) => b.name === points[i]!.s.benefit.name);
    if (line) row.paid = line.payout;
    confirmed &&= row.paid === row.expected;
  });
  return { request, claims: rows, confirmed };
}

/** The payout of a year of one claim, rounded as the plan rounds it (the default: to the fen, half up). */
export function rounded(plan: PlanIR, v: Decimal): string {
  const step = new Decimal(plan.header.rounding.step);
  const mode = { 'half-up': Decimal.ROUND_HALF_UP, 'half-even': Decimal.ROUND_HALF_EVEN, down: Decimal.ROUND_DOWN, up: Decimal.ROUND_UP }[plan.header.rounding.mode];
  return v.div(step).toDecimalPlaces(0, mode).times(step).toFixed(2);
}

function claimAt(plan: PlanIR, s: Scenario, x: Decimal, n: number, attrs: Record<string, unknown>): Record<string, unknown> {
  const claim: Record<string, unknown> = { id: `c${n}`, member: `m${n}`, date: s.from, setting: s.benefit.settings?.[0] ?? 'inpatient' };
  const attributes = { ...attrs };
  const input = s.input;
  if (input.kind === 'field') claim[input.name] = x.toFixed(2);
  else if (input.kind === 'attribute') attributes[input.name] = x.toFixed(2);
  else {
    const version = plan.catalogues.find((c) => c.name === input.catalogue)?.versions.find((v) => inForce(v, s.from));
    claim.inPolicySelfPay = x.toFixed(2);
    claim.items = [{ code: version?.codes[0] ?? 'X', amount: x.toFixed(2), class: 'in' }];
  }
  if (Object.keys(attributes).length) claim.attributes = attributes;
  return claim;
}
