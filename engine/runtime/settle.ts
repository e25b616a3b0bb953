// Settles one claim against a member's year: the hot path. Money is integer fen, ratios basis
// points; state lives in typed arrays reused across claims, so a claim allocates next to nothing.
import type { Range } from '../../grammar/diagnostic';
import type { CompiledBenefit, CompiledLimit, CompiledPlan } from '../compile/plan';
import { formatDay } from '../core/dates';
import { yearStart } from '../core/benefit-year';
import { EvalError, ItemMarks, type Env, type RtClaim, type RtMember } from '../ir/env';
import { BP, bpText, formatFen, roundDiv, safe } from '../core/money';
import { TermsCache, type Terms } from './resolved';
import { annualPayout, bandsTouched, type EffectiveSchedule } from './schedule';
import { selectTilts, tiltSources, type TiltPlan } from './tilts';
import { CLAIM, MEMBER } from '../compile/depends';
import { claimCode, type ClaimFn } from './claim-code';
import type { Provenance } from '../compile/provenance';

/** A trace step's inputs, with what the value was worked out from when there is something to say. */
function sourced(inputs: Record<string, string>, p: Provenance | undefined, env: Env): Record<string, string> | undefined {
  const source = p?.(env);
  if (source) inputs.source = source;
  return Object.keys(inputs).length ? inputs : undefined;
}

/** A trace step's inputs, with the tilts that changed the value when any did. */
function withTilts(inputs: Record<string, string>, tilts: string | undefined): Record<string, string> {
  if (tilts) inputs.tilts = tilts;
  return inputs;
}

/** A trace step without the fields that are absent (results never hold `undefined`). */
function defined(step: TraceStep): TraceStep {
  if (step.cites === undefined) delete step.cites;
  // Stryker disable next-line ConditionalExpression: every step traced today has its place in the plan; a step without one must still not carry the field
  if (step.range === undefined) delete step.range;
  return step;
}
import { ClaimOut, type BenefitRows, type TraceStep } from './outcome';

// A claim's outcome lives in outcome.ts; callers have always found it here.
export { ClaimOut, type BenefitRows, type TraceStep } from './outcome';

/**
 * Per benefit: A (annual eligible), X (past the deductible), deductible taken, paid, and R: the
 * year's payout so far, rounded, under the terms in `YearState.rated` (none: not known).
 */
const A = 0;
const X = 1;
const DED = 2;
const PAID = 3;
const R = 4;
const SLOTS = 5;

/**
 * A member's benefit year: one small array, so starting a year costs one allocation. A plain
 * array of numbers, not a Float64Array: typed arrays cost microseconds to allocate, and a batch
 * starts a year for every member.
 */
export class YearState implements BenefitRows {
  /** [A, X, DED, PAID] per benefit, then shared deductibles used, then shared caps paid. */
  readonly slots: number[];
  readonly dedAt: number;
  readonly capAt: number;
  /** One row per benefit of the plan. */
  readonly count: number;
  constructor(benefits: number, sharedDeductibles: number, sharedCaps: number) {
    this.count = benefits;
    this.dedAt = benefits * SLOTS;
    this.capAt = this.dedAt + sharedDeductibles;
    this.slots = zeros(this.capAt + sharedCaps);
    // Stryker disable next-line ArrayDeclaration: an empty array reads undefined at every index too
    this.rated = new Array<Terms | undefined>(benefits).fill(undefined);
  }
  /**
   * Per benefit: the terms R was worked out under. Kept terms never change, so while a claim meets
   * the same terms as the one before, the year's payout before it is the one computed after that.
   */
  readonly rated: (Terms | undefined)[];
  /** A new benefit year: nothing claimed, deducted or paid. */
  reset(): void {
    // Loops, not fill(): a builtin call costs more than clearing a few slots, once per member-year.
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) slots[i] = 0;
    const rated = this.rated;
    // Stryker disable next-line all: a new year's slots are 0, and the payout remembered for 0 under any kept terms is 0 as well
    for (let i = 0; i < rated.length; i++) rated[i] = undefined;
  }
  // Stryker disable next-line ArithmeticOperator: A is slot 0, so − A is + A
  eligible(i: number): number { return this.slots[i * SLOTS + A]!; }
  deducted(i: number): number { return this.slots[i * SLOTS + DED]!; }
  paid(i: number): number { return this.slots[i * SLOTS + PAID]!; }
  totalPaid(): number {
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.paid(i);
    return sum;
  }
  benefitOf(i: number): number { return i; }
  eligibleOf(i: number): number { return this.eligible(i); }
  deductibleOf(i: number): number { return this.deducted(i); }
  payoutOf(i: number): number { return this.paid(i); }
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

const pct = (bp: number) => `${bpText(bp)}%`;

export class Settler {
  /** Per benefit: its shared deductible or cap and that pool's slot, looked up once. */
  private readonly sharedDed: ({ limit: CompiledLimit; k: number } | undefined)[];
  private readonly sharedCap: ({ limit: CompiledLimit; k: number } | undefined)[];
  readonly claimDedUsed: number[];
  readonly claimCapPaid: number[];
  readonly taken: ItemMarks[] | undefined;
  private readonly hidden = new ItemMarks();
  readonly terms: TermsCache;
  /** The care settings met so far and the benefits of each (settings are validated against the plan's). */
  private readonly settingNames: string[] = [];
  private readonly settingLists: CompiledBenefit[][] = [];
  private waitMember: RtMember | undefined;
  // Stryker disable next-line all: a sentinel no benefit year equals; any other only works the period out once more
  private waitYear = -1;
  private waitStep = -1;
  private waitDays = 0;
  private readonly itemRules: CompiledPlan['exclusions'];
  private readonly claimRules: CompiledPlan['exclusions'];
  /** Every claim rule reads only the claim's flags: a claim without flags is tested against none. */
  readonly flagRulesOnly: boolean;
  private readonly tiltCache = new Map<number, TiltPlan>();
  private readonly steadyTilts: boolean;
  private maskMember: RtMember | undefined;
  // Stryker disable next-line all: a sentinel no benefit year equals; any other only works the tilts out once more
  private maskYear = -1;
  private maskPlan: TiltPlan | undefined;
  /** The plan's rounding, and its step in units of fen × basis point. */
  private readonly rounding: { stepFen: number; mode: CompiledPlan['header']['rounding']['mode']; unit: number };
  // Stryker disable next-line ObjectLiteral: both fields are set before each use
  private readonly view = { in: 0, out: 0 };
  /** Where settleMember (member-loop.ts) has each claim settled: one claim at a time. */
  readonly out: ClaimOut;
  /** One environment, refilled for every claim. */
  // Stryker disable next-line ObjectLiteral: every field is set for each claim before any closure reads it
  readonly env: Env = { member: undefined as unknown as RtMember, day: 0, year: 0, yearStart: 0 };
  /** The member and year `env.yearStart` was worked out for. */
  private startMember: RtMember | undefined;
  // Stryker disable next-line all: a sentinel no benefit year equals; any other only works the year's start out once more
  private startYear = -1;

  /** The plan's generated claim path: null until first asked for, undefined where code cannot be generated. */
  private code: ClaimFn | undefined | null = null;

  /** `generated: false` settles every claim through the interpreter (tests hold the two paths equal). */
  constructor(readonly plan: CompiledPlan, options: { generated?: boolean } = {}) {
    // Stryker disable next-line all: which path settles is not visible in any result (the two give the same outcomes, test/claim-code.test.ts); it only chooses the speed
    if (options.generated === false) this.code = undefined;
    const slotOf = (pools: Map<string, CompiledLimit>, name: string | undefined) => {
      // Stryker disable next-line ConditionalExpression: a benefit without a shared limit never reads its slot
      if (name === undefined) return undefined;
      return { limit: pools.get(name)!, k: [...pools.keys()].indexOf(name) };
    };
    this.sharedDed = plan.benefits.map((b) => slotOf(plan.sharedDeductibles, b.deductible?.shared));
    this.sharedCap = plan.benefits.map((b) => slotOf(plan.sharedCaps, b.cap?.shared));
    this.claimDedUsed = zeros(plan.sharedDeductibles.size);
    this.claimCapPaid = zeros(plan.sharedCaps.size);
    // Only plans that keep one benefit's items out of another need to remember who took what.
    // Stryker disable next-line all: marks kept for a plan that never reads them change nothing; only the memory is spared
    this.taken = plan.benefits.some((b) => b.excluding.length > 0) ? plan.benefits.map(() => new ItemMarks()) : undefined;
    // Past 30 tilts a claim's tilt combination is worked out afresh each time (see tilts()), so terms are too.
    // Stryker disable next-line all: kept terms or not, the same terms; the switch only bounds the memory
    this.terms = new TermsCache(plan, plan.tilts.length <= 30);
    // Stryker disable next-line all: a claim rule that holds has excluded the whole claim before its items are looked at, so testing it on items finds nothing more
    this.itemRules = plan.exclusions.filter((x) => x.level === 'item');
    this.claimRules = plan.exclusions.filter((x) => x.level === 'claim');
    // Stryker disable next-line ArrowFunction: answering no only tests every claim against the rules
    this.flagRulesOnly = this.claimRules.every((x) => x.flagsOnly);
    const { stepFen, mode } = plan.header.rounding;
    this.rounding = { stepFen, mode, unit: BP * stepFen };
    this.out = new ClaimOut(plan.benefits.length);
    // Stryker disable next-line all: tilts worked out for every claim are the same tilts; keeping them only saves time
    this.steadyTilts = plan.tilts.every((t) => !t.changesWithinYear);
  }

  newYear(): YearState {
    return new YearState(this.plan.benefits.length, this.plan.sharedDeductibles.size, this.plan.sharedCaps.size);
  }

  /** Settles `claim` into `out`, updating `state`; on an error thrown midway, `state` is unchanged. */
  settle(member: RtMember, claim: RtClaim, year: number, state: YearState, out: ClaimOut): void {
    out.count = 0;
    try {
      // A claim without a trace takes the plan's generated claim path where there is one (claim-code.ts).
      // Stryker disable next-line all: as in the constructor: the generated path or the interpreter, the same outcomes
      if (this.code === null) this.code = claimCode(this.plan, this);
      // Stryker disable next-line ConditionalExpression: as above
      if (this.code && !out.traced) this.code(member, claim, year, state, out);
      else this.settleInner(member, claim, year, state, out);
    } catch (e) {
      this.giveBack(state, out);
      throw e;
    }
  }

  /**
   * Undoes the benefits of a claim that failed midway. A benefit writes the year only after all that
   * can fail, so the one that failed wrote nothing, and each one before it is undone from its row:
   * what it added to the year's eligible amount, deductible and payout, and to the shared pools.
   * (Cheaper than copying the year before every claim, and claims rarely fail.)
   */
  private giveBack(state: YearState, out: ClaimOut): void {
    const st = state.slots;
    for (let n = 0; n < out.count; n++) {
      const i = out.benefit[n]!;
      const a = out.eligible[n]!;
      const ded = out.deductible[n]!;
      const pay = out.pay[n]!;
      const base = i * SLOTS;
      // Stryker disable next-line ArithmeticOperator: A is slot 0, so − A is + A
      st[base + A] = st[base + A]! - a;
      // Under a yearly deductible of its own X is worked out from A at each claim, so this only matters for the others.
      st[base + X] = st[base + X]! - (a - ded);
      st[base + DED] = st[base + DED]! - ded;
      st[base + PAID] = st[base + PAID]! - pay;
      // The payout remembered for the year is worked out again at the benefit's next claim.
      state.rated[i] = undefined;
      const d = this.sharedDed[i];
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a pool per claim has a year slot too, which nothing reads
      if (d && d.limit.period === 'year') st[state.dedAt + d.k] = st[state.dedAt + d.k]! - ded;
      const c = this.sharedCap[i];
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: as above
      if (c && c.limit.period === 'year') st[state.capAt + c.k] = st[state.capAt + c.k]! - pay;
    }
  }

  private settleInner(member: RtMember, claim: RtClaim, year: number, state: YearState, out: ClaimOut): void {
    const env = this.env;
    this.enter(member, claim, year, out);
    const trace = out.trace;
    if (this.excludedWhole(env, member, claim, out)) return;
    this.excludeItems(env, claim, out);

    const tp = this.tilts(env);
    if (trace && tp.applied.length > 0) trace.push(defined({ rule: `tilts apply / 适用倾斜: ${tp.applied.join(', ')}`, cites: this.tiltCites(tp.applied), output: tp.applied.join(', ') }));
    // Loops, not fill(): a builtin call costs more than clearing a few slots.
    for (let i = 0; i < this.claimDedUsed.length; i++) this.claimDedUsed[i] = 0;
    for (let i = 0; i < this.claimCapPaid.length; i++) this.claimCapPaid[i] = 0;
    // Only a claim with items marks any; one without never reads the marks left by the last.
    const taken = this.taken;
    // Stryker disable next-line all: clearing marks no claim without items reads only costs time
    if (taken && claim.items.length > 0) for (let i = 0; i < taken.length; i++) taken[i]!.clear();
    const benefits = this.benefitsIn(claim.setting);
    // Stryker disable next-line all: without a row, terms are filled for the claim: the same terms, only slower
    const row = benefits.length > 0 ? this.terms.row(env, tp) : undefined;
    for (let i = 0; i < benefits.length; i++) this.payBenefit(benefits[i]!, env, claim, state, tp, row, out);
  }

  /** Points the environment at the claim and clears the outcome (and gives it a trace when traced). */
  enter(member: RtMember, claim: RtClaim, year: number, out: ClaimOut): void {
    const env = this.env;
    env.member = member;
    env.claim = claim;
    env.day = claim.day;
    env.year = year;
    // Stryker disable next-line ConditionalExpression: working the year's start out again gives the same day
    if (member !== this.startMember || year !== this.startYear) {
      env.yearStart = yearStart(this.plan.header.year, year, member.enrolledDay);
      this.startMember = member;
      this.startYear = year;
    }
    env.item = env.hidden = env.taken = env.view = undefined;
    out.payout = 0;
    // Stryker disable next-line ConditionalExpression: a fresh empty list either way; the test only spares an allocation
    if (out.excluded.length) out.excluded = [];
    // A fresh array per claim: the API hands each claim's trace out with its result.
    out.trace = out.traced ? ([] as TraceStep[]) : undefined;
  }

  /** Whether the whole claim is excluded: outside the period of validity, in the waiting period, or by a claim rule. */
  excludedWhole(env: Env, member: RtMember, claim: RtClaim, out: ClaimOut): boolean {
    const plan = this.plan;
    const valid = plan.header.valid;
    if (valid && (claim.day < valid.from || claim.day > valid.to)) {
      this.excludeAll(claim, out, `不在方案有效期内（${formatDay(valid.from)} 至 ${formatDay(valid.to)}）/ outside the plan's period of validity`, plan.header.range);
      return true;
    }
    if (plan.waiting) {
      // Requests may leave out what their plan never reads; a waiting period reads the enrolment date.
      // Stryker disable next-line all: requests are checked against what the plan reads first (YR015 at the member's enrolledSince); this guards other callers
      if (Number.isNaN(member.enrolledDay)) throw new EvalError('YR015', { member: member.id, field: 'enrolledSince', rule: 'the waiting period', ruleZh: '等待期' });
      if (claim.day - member.enrolledDay < this.waitingDays(env)) {
        this.excludeAll(claim, out, plan.waiting.reason, plan.waiting.range, plan.waiting.cites);
        return true;
      }
    }
    return this.excludedByRule(env, claim, out);
  }

  /** Whether a claim rule excludes the whole claim, recorded in `out`. */
  excludedByRule(env: Env, claim: RtClaim, out: ClaimOut): boolean {
    // Stryker disable next-line all: testing a flag-only rule on a claim without flags gives false anyway; skipping it only saves time
    const flagged = claim.flags.size > 0;
    const rules = this.claimRules;
    // Stryker disable next-line all: see `flagged` above
    if (flagged || !this.flagRulesOnly) {
      for (let i = 0; i < rules.length; i++) {
        const x = rules[i]!;
        // Stryker disable next-line all: see `flagged` above
        if ((flagged || !x.flagsOnly) && x.test(env)) {
          this.excludeAll(claim, out, x.reason, x.range, x.cites);
          return true;
        }
      }
    }
    return false;
  }

  /** The benefits that apply in a care setting, in declaration order (looked up once per claim, not per benefit). */
  private benefitsIn(setting: string): CompiledBenefit[] {
    // Settings read from a batch file are interned, and a plan has a handful (a claim naming another
    // is refused, YR008), so the list stays short: comparing beats hashing.
    const names = this.settingNames;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a setting not found is listed afresh: the same list
    for (let i = 0; i < names.length; i++) if (names[i] === setting) return this.settingLists[i]!;
    const list = this.plan.benefits.filter((b) => !b.settings || b.settings.has(setting));
    names.push(setting);
    this.settingLists.push(list);
    return list;
  }

  /** The waiting period on the claim's date: worked out once per date step (and member-year, when it reads the member). */
  waitingDays(env: Env): number {
    const w = this.plan.waiting!;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: working the period out again gives the same days; only how often it is worked out changes
    if (w.level === CLAIM) return w.days(env);
    const step = this.plan.stepOf(env.day);
    // Keyed by member and year only when the period reads the member.
    // Stryker disable next-line ConditionalExpression: keyed by member where it need not be, the period is only worked out more often
    const member = w.level === MEMBER ? env.member : undefined;
    // Stryker disable next-line ConditionalExpression,UnaryOperator: as above, by year
    const year = w.level === MEMBER ? env.year : -1;
    // Stryker disable next-line ConditionalExpression: working the period out for every claim gives the same days
    if (step !== this.waitStep || member !== this.waitMember || year !== this.waitYear) {
      this.waitDays = w.days(env);
      this.waitStep = step;
      this.waitMember = member;
      this.waitYear = year;
    }
    return this.waitDays;
  }

  excludeAll(claim: RtClaim, out: ClaimOut, reason: string, range?: Range, cites?: string): void {
    const total = claim.inFen + claim.outFen + claim.overFen;
    out.excluded.push({ reason, fen: total, range });
    out.trace?.push(defined({ rule: `exclude / 除外: ${reason}`, range, cites, inputs: { total: formatFen(total) }, output: '0.00' }));
  }

  /** The citations of the tilts that apply, as one line. */
  private tiltCites(applied: readonly string[]): string | undefined {
    // Stryker disable next-line OptionalChaining: the tilts that apply are the plan's, so each is found
    const cites = applied.map((n) => this.plan.tilts.find((t) => t.name === n)?.cites).filter((c): c is string => !!c);
    return cites.length ? cites.join('; ') : undefined;
  }

  tilts(env: Env): TiltPlan {
    const tilts = this.plan.tilts;
    // Stryker disable next-line all: tilts selected afresh are the tilts the cache would give; the cache only saves time (and past 30 tilts its key would not fit)
    if (tilts.length === 0 || tilts.length > 30) return selectTilts(this.plan, env);
    // Membership that cannot change within the year is worked out once per member and year.
    const steady = this.steadyTilts;
    // Stryker disable next-line ConditionalExpression: tilts selected afresh are the same tilts
    if (steady && this.maskMember === env.member && this.maskYear === env.year) return this.maskPlan!;
    let mask = 0;
    for (let i = 0; i < tilts.length; i++) if (tilts[i]!.applies(env)) mask |= 1 << i;
    let tp = this.tiltCache.get(mask);
    // Stryker disable next-line ConditionalExpression: a tilt plan made afresh is an equal plan
    if (!tp) {
      tp = selectTilts(this.plan, env);
      this.tiltCache.set(mask, tp);
    }
    // Stryker disable next-line ConditionalExpression,BlockStatement: remembering the plan or not gives the same tilts
    if (steady) {
      this.maskMember = env.member;
      this.maskYear = env.year;
      this.maskPlan = tp;
    }
    return tp;
  }

  private excludeItems(env: Env, claim: RtClaim, out: ClaimOut): void {
    claim.netIn = claim.inFen;
    claim.netOut = claim.outFen;
    // Stryker disable next-line ConditionalExpression: a shortcut; the loop below finds nothing among no items
    if (claim.items.length === 0) return;
    let exIn = 0;
    let exOut = 0;
    const items = claim.items;
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      item.excluded = undefined;
      // Stryker disable next-line ConditionalExpression,BlockStatement: with no item rule the loop below finds none; skipping it only saves time
      if (this.itemRules.length === 0) continue;
      env.item = item;
      let hit: CompiledPlan['exclusions'][number] | undefined;
      for (let r = 0; r < this.itemRules.length && !hit; r++) if (this.itemRules[r]!.test(env)) hit = this.itemRules[r];
      if (!hit) continue;
      item.excluded = hit.reason;
      if (item.cls === 'in') exIn += item.fen;
      else exOut += item.fen;
      out.excluded.push({ reason: hit.reason, fen: item.fen, item: item.code, range: hit.range });
      out.trace?.push(defined({ rule: `exclude item ${item.code} / 除外明细 ${item.code}: ${hit.reason}`, range: hit.range, cites: hit.cites, inputs: { amount: formatFen(item.fen) }, output: '0.00' }));
    }
    env.item = undefined;
    claim.netIn = Math.max(0, claim.inFen - exIn);
    claim.netOut = Math.max(0, claim.outFen - exOut);
  }

  /** Whether a benefit `b` excludes took any of the claim's items. */
  private tookAny(b: CompiledBenefit): boolean {
    const excluding = b.excluding;
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: answering yes only sends the benefit through the items to find none taken
    for (let e = 0; e < excluding.length; e++) if (this.taken![excluding[e]!]!.any) return true;
    // Stryker disable next-line BooleanLiteral: as above
    return false;
  }

  /** The benefit's amount as it sees the claim: items taken by the benefits it excludes are out. */
  amount(b: CompiledBenefit, env: Env, claim: RtClaim): number {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: an amount of items on a claim without items is 0 either way
    if (b.itemsOnly && claim.items.length === 0) return 0;
    let hiddenIn = 0;
    let hiddenOut = 0;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: without items or benefits to exclude, no item is taken; looking only costs time
    if (b.excluding.length > 0 && claim.items.length > 0 && this.tookAny(b)) {
      this.hidden.clear();
      const items = claim.items;
      const excluding = b.excluding;
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        let taken = false;
        for (let e = 0; e < excluding.length && !taken; e++) taken = this.taken![excluding[e]!]!.has(item.index);
        if (!taken) continue;
        this.hidden.add(item.index);
        // Stryker disable next-line ConditionalExpression,BlockStatement: an excluded item is never selected, so never taken by another benefit
        if (item.excluded !== undefined) continue;
        if (item.cls === 'in') hiddenIn += item.fen;
        else hiddenOut += item.fen;
      }
      env.hidden = this.hidden;
    }
    const viewIn = Math.max(0, claim.netIn - hiddenIn);
    const viewOut = Math.max(0, claim.netOut - hiddenOut);
    const lin = b.linear;
    // Stryker disable next-line ConditionalExpression,BlockStatement: the linear form is the amount's own closure, computed without calling it
    if (lin) {
      env.hidden = undefined;
      return Math.max(0, lin.in * viewIn + lin.out * viewOut + lin.over * claim.overFen);
    }
    env.taken = this.taken?.[b.index];
    this.view.in = viewIn;
    this.view.out = viewOut;
    env.view = this.view;
    const a = Math.max(0, b.amount(env));
    env.hidden = env.taken = env.view = undefined;
    return a;
  }

  private payBenefit(
    b: CompiledBenefit, env: Env, claim: RtClaim, state: YearState, tp: TiltPlan, row: (Terms | undefined)[] | undefined, out: ClaimOut,
  ): void {
    const trace = out.trace;
    const a = this.amount(b, env, claim);
    trace?.push(defined({ rule: `${b.name} amount / ${b.name} 金额`, range: b.amountRange, cites: b.cites.amount, inputs: sourced({}, b.sources.amount, env), output: formatFen(a) }));
    const base = b.index * SLOTS;
    const st = state.slots;
    // Stryker disable next-line ArithmeticOperator: A is slot 0, so − A is + A
    const A0 = st[base + A]!;
    // Exact, so that a claim failing later can take it back (giveBack).
    const A1 = safe(A0 + a);
    let X0 = st[base + X]!;
    let X1: number;
    let ded: number;
    // Where the claim's deductible is taken from a shared pool: written with the rest, once nothing can fail.
    let dedPool: number[] | undefined;
    let dedAt = 0;
    let capPool: number[] | undefined;
    let capAt = 0;
    const terms = this.terms.terms(b, env, tp, row);
    // Nothing to add under the terms the year's payout was last worked out with: nothing changes.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral,EqualityOperator: settled in full, a claim of 0 under the remembered terms pays 0 and changes nothing
    if (a === 0 && !trace && terms.kept && state.rated[b.index] === terms) return this.row(out, b, 0, 0, 0);
    const d = b.deductible;
    if (!d) {
      X1 = X0 + a;
      ded = 0;
    } else if (d.shared) {
      const { limit: shared, k } = this.sharedDed[b.index]!;
      const pool = terms.deductible;
      const used = shared.period === 'year' ? state.slots : this.claimDedUsed;
      const at = shared.period === 'year' ? state.dedAt + k : k;
      const before = used[at]!;
      ded = Math.min(Math.max(0, pool - before), a);
      dedPool = used;
      dedAt = at;
      X1 = X0 + a - ded;
      trace?.push({ rule: `${b.name} deductible (shared ${d.shared}) / ${b.name} 共用起付线 ${d.shared}`, range: d.range, ...(b.cites.deductible ? { cites: b.cites.deductible } : {}), inputs: withTilts({ deductible: formatFen(pool), usedBefore: formatFen(before) }, tiltSources(tp, 'deductible', d.shared, env)), output: formatFen(ded) });
    } else {
      const D = terms.deductible;
      if (d.period === 'year') {
        X0 = Math.max(0, A0 - D);
        X1 = Math.max(0, A1 - D);
        ded = a - (X1 - X0);
      } else {
        ded = Math.min(a, D);
        X1 = X0 + a - ded;
      }
      trace?.push({ rule: `${b.name} deductible / ${b.name} 起付线`, range: d.range, ...(b.cites.deductible ? { cites: b.cites.deductible } : {}), inputs: withTilts(sourced({ deductible: formatFen(D), period: d.period, annualBefore: formatFen(A0) }, b.sources.deductible, env)!, tiltSources(tp, 'deductible', b.name, env)), output: formatFen(ded) });
    }

    const sched = terms.schedule;
    const capYear = terms.capYear;
    const capClaim = terms.capClaim;
    const { stepFen, mode, unit } = this.rounding;
    const kept = terms.kept;
    // Stryker disable next-line ConditionalExpression: the remembered rounded payout is the one this recomputes under the same terms
    const P0 = kept && state.rated[b.index] === terms ? -1 : Math.min(annualPayout(sched, A0, X0), capYear * BP);
    const R0 = P0 < 0 ? st[base + R]! : roundDiv(P0, unit, mode) * stepFen;
    const P1 = Math.min(annualPayout(sched, A1, X1), capYear * BP);
    const R1 = roundDiv(P1, unit, mode) * stepFen;
    let pay = Math.max(0, R1 - R0);
    // With a rounding step coarser than a fen, rounding alone could lift a year's payouts past the
    // annual cap; that may never happen. (A claim may still pay more than its own amount: under a
    // whole-amount schedule crossing a band re-rates the year, and a coarse step rounds up.)
    pay = Math.min(pay, Math.max(0, capYear - st[base + PAID]!));
    if (trace) this.traceSchedule(b, sched, A0, X0, A1, X1, R0, R1, capYear, pay, trace, tiltSources(tp, 'ratio', b.name, env), b.sources.payout?.(env));
    if (pay > capClaim) {
      // Stryker disable next-line OptionalChaining: a per-claim cap below the payout is the benefit's own cap
      trace?.push({ rule: `${b.name} cap per claim / ${b.name} 每次封顶`, range: b.cap?.range, ...(b.cites.cap ? { cites: b.cites.cap } : {}), inputs: withTilts({ cap: formatFen(capClaim), before: formatFen(pay) }, tiltSources(tp, 'cap', b.name, env)), output: formatFen(capClaim) });
      pay = capClaim;
    }
    if (b.cap?.shared) {
      const { limit: shared, k } = this.sharedCap[b.index]!;
      const cap = terms.sharedCap;
      const paidArr = shared.period === 'year' ? state.slots : this.claimCapPaid;
      const at = shared.period === 'year' ? state.capAt + k : k;
      const paid = paidArr[at]!;
      const allowed = Math.min(pay, Math.max(0, cap - paid));
      trace?.push({ rule: `${b.name} shared cap ${b.cap.shared} / ${b.name} 共用封顶线 ${b.cap.shared}`, range: b.cap.range, ...(b.cites.cap ? { cites: b.cites.cap } : {}), inputs: withTilts({ cap: formatFen(cap), paidBefore: formatFen(paid), before: formatFen(pay) }, tiltSources(tp, 'cap', b.cap.shared, env)), output: formatFen(allowed) });
      pay = allowed;
      capPool = paidArr;
      capAt = at;
    }
    // Nothing below can fail: the benefit's part of the year is written here, all at once (see giveBack).
    if (dedPool) dedPool[dedAt] = dedPool[dedAt]! + ded;
    if (capPool) capPool[capAt] = capPool[capAt]! + pay;
    st[base + R] = R1;
    // Stryker disable next-line all: without it the year's payout before a claim is always worked out again: the same payout
    state.rated[b.index] = kept ? terms : undefined;
    // Stryker disable next-line ArithmeticOperator: A is slot 0, so − A is + A
    st[base + A] = A1;
    st[base + X] = X1;
    st[base + DED] = st[base + DED]! + ded;
    st[base + PAID] = st[base + PAID]! + pay;
    trace?.push(defined({ rule: `${b.name} payout / ${b.name} 赔付`, range: b.range, cites: b.cites.benefit, output: formatFen(pay) }));
    this.row(out, b, a, ded, pay);
  }

  /** The benefit's line in the claim's outcome. */
  private row(out: ClaimOut, b: CompiledBenefit, eligible: number, deductible: number, pay: number): void {
    const n = out.count++;
    out.benefit[n] = b.index;
    out.eligible[n] = eligible;
    out.deductible[n] = deductible;
    out.pay[n] = pay;
    out.payout += pay;
  }

  private traceSchedule(
    b: CompiledBenefit, sched: EffectiveSchedule, A0: number, X0: number, A1: number, X1: number,
    R0: number, R1: number, capYear: number, pay: number, trace: TraceStep[], tilts: string | undefined, source: string | undefined,
  ): void {
    const touched = bandsTouched(sched, A0, X0, A1, X1);
    trace.push({
      rule: sched.kind === 'ratio' ? `${b.name} ratio / ${b.name} 比例` : sched.kind === 'banded' ? `${b.name} banded / ${b.name} 分段累进` : `${b.name} whole-amount / ${b.name} 全额累进`,
      // Stryker disable next-line OptionalChaining: a benefit without a flat ratio has a schedule
      range: b.ratioRange ?? b.schedule?.range,
      ...(b.cites.payout ? { cites: b.cites.payout } : {}),
      inputs: {
        ...(sched.kind === 'ratio' ? { ratio: pct(sched.ratio) } : { bands: touched.map((t) => `${formatFen(t.lo)}..${t.hi === Infinity ? '' : formatFen(t.hi)}@${pct(t.bp)}`).join('; ') }),
        annualBefore: formatFen(A0),
        annualAfter: formatFen(A1),
        payableBefore: formatFen(R0),
        payableAfter: formatFen(R1),
        ...(capYear !== Infinity ? { annualCap: formatFen(capYear) } : {}),
        // What the ratios and bands were worked out from, and the tilts that changed them.
        ...(source ? { source } : {}),
        ...(tilts ? { tilts } : {}),
      },
      output: formatFen(pay),
    });
  }
}
