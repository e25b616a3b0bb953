// A finding about a payout function made concrete: members and one claim each, in the request
// format `yibao eval` reads, at the amounts the proof names, run through the engine to confirm that
// it pays what the function says (rounded as the plan rounds).
import Decimal from 'decimal.js';
import type { CompiledPlan } from '../compile/plan';
import type { IrAttributeDecl, IrExpr, PlanIR } from '../ir/plan';
import { evaluate } from '../runtime/evaluate';
import { factsFor, groupsOf, memberVariants } from './counterexample';
import { subExpressions } from './amount';
import { formatDay, inForce, parseDay } from '../core/dates';
import { atoms, type Scenario } from './curves';
import * as pl from './piecewise';
import type { Witness, WitnessClaim } from '../ir/analysis';

export type { Witness } from '../ir/analysis';

/** Attempts at a member (facts, groups, dates) before the search gives up. */
const MAX_ATTEMPTS = 400;

/**
 * Claims at `points` (scenario, input amount in yuan), each for a member of its own. The members
 * take the conditions of the scenario's path and its tilts' listed groups; facts the path does not
 * fix (other attributes, other listed groups, age and enrolment) are searched until the engine pays
 * every claim what the function says.
 */
export function witness(plan: PlanIR, compiled: CompiledPlan, points: { s: Scenario; x: Decimal }[]): Witness {
  const day = points[0]!.s.from;
  // Each point's own facts and groups (its path, its tilts' listed groups); the free choices are
  // those no point fixes, shared by every member tried.
  const own = points.map(({ s }) => {
    const base = factsFor(plan, atoms(s.path), s.from);
    return { base, groups: groupsOf(plan, base.groups, s.tilts) };
  });
  const fixed = new Set(points.flatMap(({ s }) => s.path.flatMap((p) => keysOf(p.condition))));
  const free = freeChoices(plan, fixed, [...new Set(own.flatMap((o) => o.groups))], day);
  let first: Witness | undefined;
  let tried = 0;
  for (const dates of memberVariants(day)) {
    for (let k = 0; k < free.count && tried < MAX_ATTEMPTS; k++, tried++) {
      const choice = pick(free, k);
      const people = own.map(({ base, groups }) => ({
        member: { ...dates, ...base.member, attributes: { ...(base.member.attributes as object), ...choice.member }, groups: [...groups, ...choice.groups] },
        claim: { ...base.claim, ...choice.claim },
        flags: base.flags,
      }));
      const w = attempt(plan, compiled, points, people);
      if (w.confirmed) return w;
      first ??= w;
    }
  }
  return first!;
}

/** The attributes a condition fixes, as `member.NAME` / `claim.NAME`, and the groups it names. */
function keysOf(c: IrExpr): string[] {
  if (c.kind === 'attribute') return [`${c.on ?? 'member'}.${c.name}`];
  if (c.kind === 'in-groups') return c.groups.map((g) => `group.${g}`);
  return subExpressions(c).flatMap(keysOf);
}

interface Choices { dims: { key: string; values: unknown[] }[]; count: number }

/** Every attribute and listed group the path leaves free, with the values worth trying. */
function freeChoices(plan: PlanIR, fixed: Set<string>, groups: string[], day: string): Choices {
  const dims: { key: string; values: unknown[] }[] = [];
  const attr = (on: string) => (a: IrAttributeDecl) => {
    if (!fixed.has(`${on}.${a.name}`)) dims.push({ key: `${on}.${a.name}`, values: valuesOf(a, day) });
  };
  plan.attributes.forEach(attr('member'));
  plan.claimAttributes.forEach(attr('claim'));
  for (const g of plan.groups) if (g.listed && !groups.includes(g.name) && !fixed.has(`group.${g.name}`)) dims.push({ key: `group.${g.name}`, values: [false, true] });
  return { dims, count: dims.reduce((n, d) => Math.min(n * d.values.length, MAX_ATTEMPTS), 1) };
}

function valuesOf(a: IrAttributeDecl, day: string): unknown[] {
  const d = parseDay(day)!;
  switch (a.type) {
    case 'enum': return a.values ?? [];
    case 'boolean': return [false, true];
    case 'date': return [formatDay(d - 3653), formatDay(d + 366)];
    case 'number': case 'money': return ['0', '1'];
    case 'text': return [''];
  }
}

/** The k-th combination of the free choices, the first value of each dimension first. */
function pick(c: Choices, k: number): { member: Record<string, unknown>; claim: Record<string, unknown>; groups: string[] } {
  const out = { member: {} as Record<string, unknown>, claim: {} as Record<string, unknown>, groups: [] as string[] };
  for (const d of c.dims) {
    const v = d.values[k % d.values.length];
    k = Math.floor(k / d.values.length);
    const [on, name] = [d.key.slice(0, d.key.indexOf('.')), d.key.slice(d.key.indexOf('.') + 1)];
    if (on === 'group') {
      if (v === true) out.groups.push(name);
    } else out[on as 'member' | 'claim'][name] = v;
  }
  return out;
}

type Person = { member: Record<string, unknown>; claim: Record<string, unknown>; flags: string[] };

function attempt(plan: PlanIR, compiled: CompiledPlan, points: { s: Scenario; x: Decimal }[], people: Person[]): Witness {
  const members: Record<string, unknown>[] = [];
  const claims: Record<string, unknown>[] = [];
  const rows: WitnessClaim[] = [];
  points.forEach(({ s, x }, i) => {
    const { member, claim, flags } = people[i]!;
    const m = { id: `m${i + 1}`, ...member } as Record<string, unknown>;
    if (Array.isArray(m.groups) && m.groups.length === 0) delete m.groups;
    if (m.attributes && Object.keys(m.attributes as object).length === 0) delete m.attributes;
    members.push(m);
    claims.push({ ...claimAt(plan, s, x, i + 1, claim), ...(flags.length ? { flags } : {}) });
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
