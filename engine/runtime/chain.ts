// Settles bills through a chain of layers (spec §26): per member, bills in date order (ties by id);
// for each bill, each layer in order is given the claim fields the chain derives from the bill and
// from what the layers below paid, and settles that claim against its own year of accumulation.
// Conservation is checked on every bill: no input below zero, no layer paying more than it was
// given, the layers together never paying more than the bill's total. A bill that breaks any of
// these, or that a layer rejects, is an error naming the bill and the layer, and leaves every
// layer's year as it was before it.
import type { CompiledPlan } from '../compile/plan';
import { yearOf } from '../core/benefit-year';
import { BP, formatFen, OverflowError, parseFen, roundDiv } from '../core/money';
import type { ChainExpr, ChainIR, LayerIR } from '../ir/chain';
import type { RtMember } from '../ir/env';
import { requestError, type RequestCode, type RequestError } from '../ir/request-errors';
import { validateClaimOf, validateMemberOf } from '../request/request';
import { claimError } from './member-loop';
import { CLAIM_RESULT, MEMBER_YEAR, type ClaimResult, type MemberYear } from './result-fields';
import { objectForm, type ObjectForm } from './result-object';
import { Settler, type YearState } from './settle';
import { isObject } from '../core/json';

export type ChainError = RequestError & { bill?: string; layer?: string };

export interface LayerLine {
  layer: string;
  /** The claim fields the chain gave the layer, in yuan. */
  inputs: Record<string, string>;
  payout: string;
  benefits: ClaimResult['benefits'];
  excluded: ClaimResult['excluded'];
  trace?: ClaimResult['trace'];
}

export interface BillResult {
  id: string;
  member: string;
  date: string;
  total: string;
  layers: LayerLine[];
  /** What the patient is left to pay: the total less every layer's payout. */
  patient: string;
}

export interface ChainResult {
  chain: string;
  bills: BillResult[];
  /** Per member, layer and benefit year of that layer: its totals. */
  members: (MemberYear & { layer: string })[];
  errors: ChainError[];
  /** Bills received: bills in = bill results + bills with errors. */
  billCount: number;
}

interface Bill {
  index: number;
  id: string;
  member: string;
  date: string;
  costs: Map<string, number>;
  total: number;
  /** The bill as received, passed on to each layer's claim (facts, attributes, items). */
  raw: Record<string, unknown>;
}

/** One layer: its plan, its settler, and per member the year it is settling. */
class Layer {
  readonly settler: Settler;
  readonly claimForm: ObjectForm;
  readonly yearForm: ObjectForm;
  readonly state: YearState;
  readonly saved: number[];
  /** The benefit year being settled for the current member: none (NaN) before its first bill. */
  year = NaN;
  /** Whether a bill settled in this year; saved and restored with the year's accumulation. */
  settledInYear = false;
  // Stryker disable next-line BooleanLiteral: save() sets it before any restore()
  private savedSettled = false;
  constructor(readonly ir: LayerIR, readonly plan: CompiledPlan, traced: boolean) {
    this.settler = new Settler(plan);
    this.settler.out.traced = traced;
    this.claimForm = objectForm(CLAIM_RESULT, plan.benefits);
    this.yearForm = objectForm(MEMBER_YEAR, plan.benefits);
    this.state = this.settler.newYear();
    this.saved = this.state.slots.slice();
  }
  save(): void {
    const s = this.state.slots;
    // Stryker disable next-line EqualityOperator: restore() copies back as many as there are slots
    for (let i = 0; i < s.length; i++) this.saved[i] = s[i]!;
    this.savedSettled = this.settledInYear;
  }
  restore(): void {
    const s = this.state.slots as number[];
    for (let i = 0; i < s.length; i++) s[i] = this.saved[i]!;
    this.state.rated.fill(undefined);
    this.settledInYear = this.savedSettled;
  }
}

export interface ChainOptions { trace?: boolean }

/** Settles a request `{ members, bills }` through the chain; `plans` are the layers' compiled plans, in order. */
export function settleChain(chain: ChainIR, plans: readonly CompiledPlan[], request: unknown, options: ChainOptions = {}): ChainResult {
  const errors: ChainError[] = [];
  const result: ChainResult = { chain: chain.name, bills: [], members: [], errors, billCount: 0 };
  const req = (isObject(request) ? request : {}) as Record<string, unknown>;
  if (req !== request) errors.push(requestError({ path: '' }, 'YR001', 'notBills'));
  for (const key of Object.keys(req)) if (key !== 'members' && key !== 'bills') errors.push(requestError({ path: `/${key}` }, 'YR001', 'unknownField', { field: key }));
  const memberRecords = Array.isArray(req.members) ? (req.members as unknown[]) : [];
  const billRecords = Array.isArray(req.bills) ? (req.bills as unknown[]) : [];
  result.billCount = billRecords.length;
  const layers = chain.layers.map((l, i) => new Layer(l, plans[i]!, options.trace !== false));
  const members = readMembers(layers, memberRecords, errors);
  const bills = readBills(chain, billRecords, members, errors);
  const results: (BillResult | undefined)[] = [];
  for (const [memberId, list] of bills) {
    const rt = members.get(memberId)!;
    for (const l of layers) l.year = NaN;
    for (const bill of list.sort(byDateThenIdOf)) {
      results[bill.index] = settleBill(layers, rt, bill, result);
    }
    layers.forEach((l, k) => yearEnd(l, rt[k]!, result));
  }
  for (const r of results) if (r) result.bills.push(r);
  return result;
}

// Stryker disable EqualityOperator: never asked of equal values (a bill's id is refused when repeated)
/** Bills of one member in the order they are settled: by date, ties by id (dates are YYYY-MM-DD, so text order is date order). */
function byDateThenIdOf(a: Bill, b: Bill): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}
// Stryker restore EqualityOperator

/** Each member as each layer's plan reads it; a member one layer rejects has its bills rejected. */
function readMembers(layers: Layer[], records: unknown[], errors: ChainError[]): Map<string, RtMember[]> {
  const out = new Map<string, RtMember[]>();
  records.forEach((m, i) => {
    const per: RtMember[] = [];
    for (const l of layers) {
      const found: RequestError[] = [];
      const rt = validateMemberOf(l.plan, m, i, found);
      for (const e of found) errors.push({ ...e, layer: l.ir.name });
      if (rt) per.push(rt);
    }
    if (per.length !== layers.length) return;
    const id = per[0]!.id;
    if (out.has(id)) errors.push(requestError({ member: id, path: `/members/${i}/id` }, 'YR003', 'duplicateMember', { id }));
    else out.set(id, per);
  });
  return out;
}


/** The bills by member, each with its cost parts in fen; a bill with a bad part or an unknown member is an error. */
function readBills(chain: ChainIR, records: unknown[], members: Map<string, RtMember[]>, errors: ChainError[]): Map<string, Bill[]> {
  const out = new Map<string, Bill[]>();
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const at = `/bills/${i}`;
    const id = isObject(r) && typeof r.id === 'string' ? r.id : `#${i}`;
    const bad = (path: string, code: RequestCode, kind: string, args?: Record<string, string>) =>
      errors.push({ ...requestError({ path: `${at}${path}` }, code as 'YR001', kind as 'invalid', args), bill: id });
    if (!isObject(r)) return bad('', 'YR001', 'notBill');
    if (typeof r.id !== 'string') return bad('/id', 'YR001', 'missingField', { field: 'id' });
    if (seen.has(id)) return bad('/id', 'YR003', 'duplicateClaim', { id });
    seen.add(id);
    if (typeof r.member !== 'string') return bad('/member', 'YR001', 'missingField', { field: 'member' });
    if (!members.has(r.member)) return bad('/member', 'YR002', 'unknownMember', { member: r.member });
    if (typeof r.date !== 'string') return bad('/date', 'YR001', 'missingField', { field: 'date' });
    const costs = isObject(r.costs) ? r.costs : undefined;
    if (!costs) return bad('/costs', 'YR001', 'missingField', { field: 'costs' });
    const fen = new Map<string, number>();
    let total = 0;
    for (const k of Object.keys(costs)) if (!chain.bill.includes(k)) return bad(`/costs/${k}`, 'YR001', 'unknownField', { field: k });
    for (const part of chain.bill) {
      if (costs[part] === undefined) return bad('/costs', 'YR001', 'missingField', { field: part });
      const v = parseFen(costs[part]);
      if (v === undefined) return bad(`/costs/${part}`, 'YR001', 'amount');
      fen.set(part, v);
      total += v;
    }
    const bill: Bill = { index: i, id, member: r.member, date: r.date, costs: fen, total, raw: r };
    const list = out.get(r.member);
    if (list) list.push(bill);
    else out.set(r.member, [bill]);
  });
  return out;
}

/** One bill through every layer; undefined (with an error) when a layer rejects it or conservation fails. */
function settleBill(layers: Layer[], rt: RtMember[], bill: Bill, result: ChainResult): BillResult | undefined {
  for (const l of layers) l.save();
  const paid = new Map<string, number>();
  const lines: LayerLine[] = [];
  let sum = 0;
  const fail = (l: Layer, e: RequestError) => {
    for (const x of layers) x.restore();
    result.errors.push({ ...e, bill: bill.id, layer: l.ir.name });
    return undefined;
  };
  const at = { path: `/bills/${bill.index}` };
  for (let k = 0; k < layers.length; k++) {
    const l = layers[k]!;
    const member = rt[k]!;
    const inputs: Record<string, string> = {};
    const claim = claimOf(bill);
    const attributes: Record<string, unknown> = { ...(isObject(bill.raw.attributes) ? bill.raw.attributes : {}) };
    let base = 0;
    for (const input of l.ir.inputs) {
      let v: number;
      try {
        v = value(input.value, bill, paid);
      } catch (e) {
        // Stryker disable next-line ConditionalExpression: an input throws nothing else; an engine fault is not the bill's
        if (!(e instanceof OverflowError)) throw e;
        return fail(l, requestError(at, 'YR011', 'default'));
      }
      if (v < 0) return fail(l, requestError(at, 'YR020', 'default', { layer: l.ir.name, field: input.label, value: formatFen(v) }));
      base += v;
      const yuan = formatFen(v);
      inputs[input.label] = yuan;
      if (input.field.kind === 'field') claim[input.field.name] = yuan;
      else attributes[input.field.name] = yuan;
    }
    claim.attributes = attributes;
    // The member was read once per layer (readMembers); the claim is checked against it.
    const claimErrors: RequestError[] = [];
    const rc = validateClaimOf(l.plan, claim, member, claimErrors);
    if (!rc) {
      const e = claimErrors[0]!;
      return fail(l, { ...e, path: at.path + e.path.slice(CLAIM.length) });
    }
    const year = yearOf(l.plan.header.year, rc.day, member.enrolledDay);
    if (year !== l.year) {
      yearEnd(l, member, result);
      l.state.reset();
      l.save();
      l.year = year;
    }
    try {
      l.settler.settle(member, rc, year, l.state, l.settler.out);
    } catch (e) {
      const err = claimError(e, rc);
      return fail(l, { ...err, path: at.path + err.path.slice(CLAIM.length) });
    }
    l.settledInYear = true;
    const out = l.settler.out;
    if (out.payout > base) return fail(l, requestError(at, 'YR021', 'default', { layer: l.ir.name, paid: formatFen(out.payout), base: formatFen(base) }));
    sum += out.payout;
    if (sum > bill.total) return fail(l, requestError(at, 'YR022', 'default', { layer: l.ir.name, paid: formatFen(sum), total: formatFen(bill.total) }));
    paid.set(l.ir.name, out.payout);
    const r = l.claimForm.make({ member, claim: rc, out }, 0) as unknown as ClaimResult;
    lines.push({ layer: l.ir.name, inputs, payout: r.payout, benefits: r.benefits, excluded: r.excluded, ...(out.traced ? { trace: r.trace } : {}) });
  }
  return { id: bill.id, member: bill.member, date: bill.date, total: formatFen(bill.total), layers: lines, patient: formatFen(bill.total - sum) };
}

/** Where a layer's claim is in the request its plan checks: the paths of its errors start so. */
const CLAIM = '/claims/0';

/** The bill's own fields as a claim's, its cost parts left out (built, not deleted: a deleted key slows every later read). */
function claimOf(bill: Bill): Record<string, unknown> {
  const claim: Record<string, unknown> = {};
  for (const k in bill.raw) if (k !== 'costs') claim[k] = bill.raw[k];
  claim.id = bill.id;
  claim.member = bill.member;
  return claim;
}

/** The year a layer was settling ends: its totals, when a bill settled in it. */
function yearEnd(l: Layer, member: RtMember, result: ChainResult): void {
  if (l.settledInYear) {
    const y = l.yearForm.make({ member, year: l.year, state: l.state }, 0) as unknown as MemberYear;
    result.members.push({ layer: l.ir.name, ...y });
  }
  l.settledInYear = false;
}

/** A layer input on a bill, in fen. */
function value(e: ChainExpr, bill: Bill, paid: Map<string, number>): number {
  switch (e.kind) {
    case 'fen': return e.fen;
    case 'bill': return bill.costs.get(e.part)!;
    case 'paid': return paid.get(e.layer)!;
    case 'add': return value(e.left, bill, paid) + value(e.right, bill, paid);
    case 'sub': return value(e.left, bill, paid) - value(e.right, bill, paid);
    case 'scale': return roundDiv(value(e.value, bill, paid) * e.bp, BP, 'half-up');
    case 'min': return Math.min(...e.args.map((a) => value(a, bill, paid)));
    case 'max': return Math.max(...e.args.map((a) => value(a, bill, paid)));
  }
}

