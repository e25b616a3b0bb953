// Evaluates a request against a compiled plan: per member and benefit year, claims in date order
// (ties by id), each benefit's payout = round(P(after)) − round(P(before)). Pure: no I/O, no globals.
import type { CompiledBenefit, CompiledPlan } from '../compile/plan';
import { benefitYearOf, formatDay } from '../dates';
import type { Env, RtClaim, RtMember } from './env';
import { EvalError } from './env';
import { BP, OverflowError, formatFen, roundDiv } from './money';
import { validateRequest, type RequestError } from './request';
import { annualPayout, bandsTouched, type EffectiveSchedule } from './schedule';
import { selectTilts, tilted, type TiltPlan } from './tilts';
import { runtimeMessage } from './messages';
import type { Range } from '../../grammar/diagnostic';

export interface BenefitLine {
  name: string;
  label?: string;
  eligible: string;
  deductible: string;
  payout: string;
}

export interface TraceStep {
  rule: string;
  range?: Range;
  inputs?: Record<string, string>;
  output: string;
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

interface BenefitState {
  A: number;
  X: number;
  ded: number;
  paid: number;
}

interface YearState {
  benefits: BenefitState[];
  sharedDeductibleUsed: Map<string, number>;
  sharedCapPaid: Map<string, number>;
}

const newYear = (n: number): YearState => ({
  benefits: Array.from({ length: n }, () => ({ A: 0, X: 0, ded: 0, paid: 0 })),
  sharedDeductibleUsed: new Map(),
  sharedCapPaid: new Map(),
});

function cloneYear(y: YearState): YearState {
  return {
    benefits: y.benefits.map((b) => ({ ...b })),
    sharedDeductibleUsed: new Map(y.sharedDeductibleUsed),
    sharedCapPaid: new Map(y.sharedCapPaid),
  };
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
  const results = new Map<number, ClaimResult>();
  const members: MemberYear[] = [];
  const sortedMembers = [...valid.members.values()].sort((a, b) => a.index - b.index);
  for (const member of sortedMembers) {
    const claims = (byMember.get(member.id) ?? []).sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const years = new Map<number, YearState>();
    for (const claim of claims) {
      const year = benefitYearOf(claim.day);
      const state = years.get(year) ?? newYear(plan.benefits.length);
      try {
        const next = cloneYear(state);
        const r = evaluateClaim(plan, member, claim, year, next, options.trace !== false);
        years.set(year, next);
        results.set(claim.index, r);
      } catch (e) {
        if (!(e instanceof EvalError || e instanceof OverflowError)) throw e;
        const code = e instanceof EvalError ? e.code : 'YR011';
        const args = e instanceof EvalError ? e.args : {};
        // A value not in force on the claim's date is a fact about its date field.
        const path = code === 'YR006' ? `/claims/${claim.index}/date` : `/claims/${claim.index}`;
        errors.push({ claim: claim.id, path, code, message: runtimeMessage(code, args) });
      }
    }
    for (const [year, s] of [...years].sort((a, b) => a[0] - b[0])) {
      members.push({
        id: member.id,
        year,
        payout: formatFen(s.benefits.reduce((n, b) => n + b.paid, 0)),
        benefits: plan.benefits.map((b, i) => ({
          name: b.name,
          ...(b.label ? { label: b.label } : {}),
          eligible: formatFen(s.benefits[i]!.A),
          deductible: formatFen(s.benefits[i]!.ded),
          payout: formatFen(s.benefits[i]!.paid),
        })),
      });
    }
  }
  const claims = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return { claims, members, errors };
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

function evaluateClaim(plan: CompiledPlan, member: RtMember, claim: RtClaim, year: number, state: YearState, withTrace: boolean): ClaimResult {
  const env: Env = { member, claim, day: claim.day, year };
  const result: ClaimResult = { id: claim.id, member: member.id, date: claim.date, payout: '0.00', benefits: [], excluded: [], trace: [] };
  const trace = (step: TraceStep) => {
    if (withTrace) result.trace.push(step);
  };
  const total = claim.inFen + claim.outFen + claim.overFen;
  const excludeAll = (reason: string, range?: Range) => {
    result.excluded.push({ reason, amount: formatFen(total), ...(range ? { range } : {}) });
    trace({ rule: `exclude / 除外: ${reason}`, range, inputs: { total: formatFen(total) }, output: '0.00' });
    return result;
  };
  const valid = plan.header.valid;
  if (valid && (claim.day < valid.from || claim.day > valid.to)) {
    return excludeAll(`不在方案有效期内（${formatDay(valid.from)} 至 ${formatDay(valid.to)}）/ outside the plan's period of validity`, plan.header.range);
  }
  if (plan.waiting && claim.day - member.enrolledDay < plan.waiting.days(env)) {
    return excludeAll(plan.waiting.reason, plan.waiting.range);
  }
  for (const x of plan.exclusions) {
    if (x.level === 'claim' && x.test(env)) return excludeAll(x.reason, x.range);
  }
  excludeItems(plan, env, claim, result, trace);

  const tp = selectTilts(plan, env);
  if (tp.applied.length > 0) trace({ rule: `tilts apply / 适用倾斜: ${tp.applied.join(', ')}`, output: tp.applied.join(', ') });
  const claimDeductibleUsed = new Map<string, number>();
  const claimCapPaid = new Map<string, number>();
  const takenBy: Set<number>[] = plan.benefits.map(() => new Set());
  let payout = 0;
  for (const b of plan.benefits) {
    if (b.settings && !b.settings.has(claim.setting)) continue;
    const line = payBenefit(plan, b, env, claim, state, tp, takenBy, { claimDeductibleUsed, claimCapPaid }, withTrace ? trace : undefined);
    payout += line.fen;
    result.benefits.push(line.line);
  }
  result.payout = formatFen(payout);
  return result;
}

function excludeItems(plan: CompiledPlan, env: Env, claim: RtClaim, result: ClaimResult, trace: (s: TraceStep) => void): void {
  const itemRules = plan.exclusions.filter((x) => x.level === 'item');
  let exIn = 0;
  let exOut = 0;
  for (const item of claim.items) {
    item.excluded = undefined;
    env.item = item;
    const hit = itemRules.find((x) => x.test(env));
    if (!hit) continue;
    item.excluded = hit.reason;
    if (item.cls === 'in') exIn += item.fen;
    else exOut += item.fen;
    result.excluded.push({ reason: hit.reason, amount: formatFen(item.fen), item: item.code, range: hit.range });
    trace({ rule: `exclude item ${item.code} / 除外明细 ${item.code}: ${hit.reason}`, range: hit.range, inputs: { amount: formatFen(item.fen) }, output: '0.00' });
  }
  env.item = undefined;
  claim.netIn = Math.max(0, claim.inFen - exIn);
  claim.netOut = Math.max(0, claim.outFen - exOut);
}

function effectiveSchedule(b: CompiledBenefit, env: Env, tp: TiltPlan): EffectiveSchedule {
  if (b.ratio) return { kind: 'ratio', basis: 'above-deductible', ratio: tilted(tp, 'ratio', b.name, b.ratio(env), env), bands: [] };
  const s = b.schedule!;
  return {
    kind: s.kind,
    basis: s.basis,
    ratio: 0,
    bands: s.bands.map((band) => ({
      lo: band.from(env),
      hi: band.to ? band.to(env) : Infinity,
      bp: tilted(tp, 'ratio', b.name, band.ratio(env), env),
    })),
  };
}

interface ClaimPools {
  claimDeductibleUsed: Map<string, number>;
  claimCapPaid: Map<string, number>;
}

function payBenefit(
  plan: CompiledPlan, b: CompiledBenefit, env: Env, claim: RtClaim, state: YearState, tp: TiltPlan,
  takenBy: Set<number>[], pools: ClaimPools, traceTo: ((s: TraceStep) => void) | undefined,
): { fen: number; line: BenefitLine } {
  const trace = traceTo ?? (() => {});
  const hidden = new Set<number>();
  for (const i of b.excluding) for (const item of takenBy[i]!) hidden.add(item);
  let hiddenIn = 0;
  let hiddenOut = 0;
  for (const item of claim.items) {
    if (!hidden.has(item.index) || item.excluded !== undefined) continue;
    if (item.cls === 'in') hiddenIn += item.fen;
    else hiddenOut += item.fen;
  }
  env.hidden = hidden;
  env.taken = takenBy[b.index]!;
  env.view = { in: Math.max(0, claim.netIn - hiddenIn), out: Math.max(0, claim.netOut - hiddenOut) };
  const a = Math.max(0, b.amount(env));
  env.hidden = env.taken = env.view = undefined;
  trace({ rule: `${b.name} amount / ${b.name} 金额`, range: b.amountRange, output: formatFen(a) });

  const s = state.benefits[b.index]!;
  const A0 = s.A;
  const A1 = A0 + a;
  let X0 = s.X;
  let X1: number;
  let ded: number;
  const d = b.deductible;
  if (!d) {
    X1 = X0 + a;
    ded = 0;
  } else if (d.shared) {
    const shared = plan.sharedDeductibles.get(d.shared)!;
    const pool = tilted(tp, 'deductible', d.shared, shared.value(env), env);
    const usedMap = shared.period === 'year' ? state.sharedDeductibleUsed : pools.claimDeductibleUsed;
    const used = usedMap.get(d.shared) ?? 0;
    ded = Math.min(Math.max(0, pool - used), a);
    usedMap.set(d.shared, used + ded);
    X1 = X0 + a - ded;
    trace({ rule: `${b.name} deductible (shared ${d.shared}) / ${b.name} 共用起付线 ${d.shared}`, range: d.range, inputs: { deductible: formatFen(pool), usedBefore: formatFen(used) }, output: formatFen(ded) });
  } else {
    const D = tilted(tp, 'deductible', b.name, d.value(env), env);
    if (d.period === 'year') {
      X0 = Math.max(0, A0 - D);
      X1 = Math.max(0, A1 - D);
      ded = a - (X1 - X0);
    } else {
      ded = Math.min(a, D);
      X1 = X0 + a - ded;
    }
    trace({ rule: `${b.name} deductible / ${b.name} 起付线`, range: d.range, inputs: { deductible: formatFen(D), period: d.period, annualBefore: formatFen(A0) }, output: formatFen(ded) });
  }

  const sched = effectiveSchedule(b, env, tp);
  let capYear = Infinity;
  let capClaim = Infinity;
  if (b.cap && !b.cap.shared) {
    const c = tilted(tp, 'cap', b.name, b.cap.value(env), env);
    if (b.cap.period === 'year') capYear = c;
    else capClaim = c;
  }
  const P0 = Math.min(annualPayout(sched, A0, X0), capYear * BP);
  const P1 = Math.min(annualPayout(sched, A1, X1), capYear * BP);
  const { stepFen, mode } = plan.header.rounding;
  const round = (p: number) => roundDiv(p, BP * stepFen, mode) * stepFen;
  let pay = Math.max(0, round(P1) - round(P0));
  if (traceTo) {
    const touched = bandsTouched(sched, A0, X0, A1, X1);
    trace({
      rule: sched.kind === 'ratio' ? `${b.name} ratio / ${b.name} 比例` : sched.kind === 'banded' ? `${b.name} banded / ${b.name} 分段累进` : `${b.name} whole-amount / ${b.name} 全额累进`,
      range: b.ratioRange ?? b.schedule?.range,
      inputs: {
        ...(sched.kind === 'ratio' ? { ratio: pct(sched.ratio) } : { bands: touched.map((t) => `${formatFen(t.lo)}..${t.hi === Infinity ? '' : formatFen(t.hi)}@${pct(t.bp)}`).join('; ') }),
        annualBefore: formatFen(A0),
        annualAfter: formatFen(A1),
        payableBefore: formatFen(round(P0)),
        payableAfter: formatFen(round(P1)),
        ...(capYear !== Infinity ? { annualCap: formatFen(capYear) } : {}),
      },
      output: formatFen(pay),
    });
  }
  if (pay > capClaim) {
    trace({ rule: `${b.name} cap per claim / ${b.name} 每次封顶`, range: b.cap?.range, inputs: { cap: formatFen(capClaim), before: formatFen(pay) }, output: formatFen(capClaim) });
    pay = capClaim;
  }
  if (b.cap?.shared) {
    const shared = plan.sharedCaps.get(b.cap.shared)!;
    const cap = tilted(tp, 'cap', b.cap.shared, shared.value(env), env);
    const paidMap = shared.period === 'year' ? state.sharedCapPaid : pools.claimCapPaid;
    const paid = paidMap.get(b.cap.shared) ?? 0;
    const allowed = Math.min(pay, Math.max(0, cap - paid));
    trace({ rule: `${b.name} shared cap ${b.cap.shared} / ${b.name} 共用封顶线 ${b.cap.shared}`, range: b.cap.range, inputs: { cap: formatFen(cap), paidBefore: formatFen(paid), before: formatFen(pay) }, output: formatFen(allowed) });
    pay = allowed;
    paidMap.set(b.cap.shared, paid + pay);
  }
  s.A = A1;
  s.X = X1;
  s.ded += ded;
  s.paid += pay;
  trace({ rule: `${b.name} payout / ${b.name} 赔付`, range: b.range, output: formatFen(pay) });
  return {
    fen: pay,
    line: { name: b.name, ...(b.label ? { label: b.label } : {}), eligible: formatFen(a), deductible: formatFen(ded), payout: formatFen(pay) },
  };
}

const pct = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
