// A plan's claim path as one generated function: what Settler.settleInner does for a claim without
// a trace, with the plan's shape decided once (which benefits apply in which setting, each one's
// deductible, caps and schedule, item rules and catalogue selections done in one pass over the
// items) instead of at every claim. Every plan value reaches the code as a parameter, never as
// source text: the source holds only names, slot numbers and the plan's integer settings. Where a
// page forbids generated code (the editor's Content-Security-Policy), `claimCode` answers undefined
// and the interpreter settles: the two give the same results (test/claim-code.test.ts).
import type { CompiledBenefit, CompiledPlan } from '../compile/plan';
import { BP, OverflowError, roundDiv } from '../core/money';
import type { Env, RtClaim, RtMember } from '../ir/env';
import { CLAIM } from '../compile/depends';
import type { ClaimOut } from './outcome';
import type { Terms } from './resolved';
import { annualPayout } from './schedule';
import type { TiltPlan } from './tilts';

/** What the generated code asks of the settler it runs in (settle.ts). */
export interface ClaimHost {
  readonly env: Env;
  /** Fills env's year start for the member and year when they changed; refreshes env's claim fields. */
  enter(member: RtMember, claim: RtClaim, year: number, out: ClaimOut): void;
  /** Whether the claim as a whole was excluded (validity, waiting period, claim rules), recorded in `out`. */
  excludedWhole(env: Env, member: RtMember, claim: RtClaim, out: ClaimOut): boolean;
  /** Whether a claim rule excludes the whole claim, recorded in `out`. */
  excludedByRule(env: Env, claim: RtClaim, out: ClaimOut): boolean;
  tilts(env: Env): TiltPlan;
  readonly terms: { row(env: Env, tp: TiltPlan): (Terms | undefined)[] | undefined; terms(b: CompiledBenefit, env: Env, tp: TiltPlan, row: (Terms | undefined)[] | undefined): Terms };
  amount(b: CompiledBenefit, env: Env, claim: RtClaim): number;
  readonly claimDedUsed: number[];
  readonly claimCapPaid: number[];
  readonly taken: { clear(): void }[] | undefined;
}

export type ClaimFn = (member: RtMember, claim: RtClaim, year: number, state: { slots: number[]; dedAt: number; capAt: number; rated: (Terms | undefined)[] }, out: ClaimOut) => void;

/** More benefits or exclusions than this, and the plan settles through the interpreter. */
export const MAX_BENEFITS = 64;

/** Per benefit: the slot of each figure in a year's row (settle.ts's A, X, DED, PAID, R). */
const SLOTS = 5;

/**
 * Which benefits' item selections are summed in the item pass: a selection from an undated
 * catalogue, by a benefit that keeps out no other's items, whose items only benefits with a sum
 * of the claim's amounts keep out (they need the sums, not which items were taken).
 */
export function fusedSelections(plan: CompiledPlan): boolean[] {
  // Stryker disable next-line ConditionalExpression: a selection not summed is settled through its closure and marks: the same amount
  return plan.benefits.map((b) =>
    b.selects !== undefined && b.excluding.length === 0
    && plan.benefits.every((o) => !o.excluding.includes(b.index) || (o.linear !== undefined && o.excluding.length === 1)));
}

class Source {
  readonly lines: string[] = [];
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  /** A plan value the code reads by name. */
  value(v: unknown): string {
    const name = `v${this.values.length}`;
    this.names.push(name);
    this.values.push(v);
    return name;
  }
  line(s: string): void {
    this.lines.push(s);
  }
}

/** The test that text `v` is one of `values`, compared one by one (a plan's settings are few: cheaper than hashing). */
function oneOf(src: Source, v: string, values: ReadonlySet<string>): string {
  // Stryker disable next-line all: the grammar lists at least one setting; this guards hand-made IR (an empty test would not parse)
  if (values.size === 0) return 'false';
  return `(${[...values].map((x) => `${v} === ${src.value(x)}`).join(' || ')})`;
}

/** The test that a claim's setting is one of the benefit's (none: every setting). */
function settingTest(src: Source, b: CompiledBenefit): string {
  return b.settings ? oneOf(src, 's', b.settings) : 'true';
}

/** The tests of the whole claim (excludedWhole in settle.ts), with what the plan lacks left out and the common case inline. */
function wholeClaim(src: Source, plan: CompiledPlan): void {
  // Stryker disable next-line ConditionalExpression: excludedWhole makes every test below as well, only by a call
  if (plan.waiting) return src.line('if (H.excludedWhole(env, member, claim, out)) return;');
  const valid = plan.header.valid;
  // Outside the period of validity: excludedWhole finds it first and records it.
  if (valid) src.line(`if (claim.day < ${valid.from} || claim.day > ${valid.to}) { H.excludedWhole(env, member, claim, out); return; }`);
  // Stryker disable next-line all: without claim rules excludedByRule answers no; asking only costs a call
  if (!plan.exclusions.some((x) => x.level === 'claim')) return;
  // Stryker disable next-line all: the guard only spares the call for claims without flags when every claim rule needs a flag; dropped, the rules answer the same
  src.line(`if (${plan.exclusions.every((x) => x.level !== 'claim' || x.flagsOnly) ? 'claim.flags.size > 0 && ' : ''}H.excludedByRule(env, claim, out)) return;`);
}

/** One pass over the items: item rules in order, then the summed selections. */
function itemPass(src: Source, plan: CompiledPlan, fused: boolean[]): void {
  // Stryker disable next-line MethodExpression,ConditionalExpression: a claim rule reaching the items has already answered no for the claim, and it reads nothing of an item
  const rules = plan.exclusions.filter((x) => x.level === 'item');
  src.line('let netIn = claim.inFen, netOut = claim.outFen;');
  fused.forEach((f, i) => f && src.line(`let in${i} = 0, out${i} = 0;`));
  src.line('const items = claim.items;');
  src.line('if (items.length > 0) {');
  src.line('let exIn = 0, exOut = 0;');
  src.line('for (let k = 0; k < items.length; k++) {');
  // Read before written: an item a claim's last settlement did not exclude (every item, the first time) is left as it is.
  src.line('const item = items[k]; if (item.excluded !== undefined) item.excluded = undefined;');
  // Stryker disable next-line ConditionalExpression: setting the item that no closure reads changes nothing
  if (rules.some((r) => !r.itemIn)) src.line('env.item = item;');
  for (const r of rules) {
    const rule = src.value(r);
    const test = r.itemIn ? `${src.value(r.itemIn.values)}.has(item.${r.itemIn.field})` : `${rule}.test(env)`;
    src.line(`if (${test}) { item.excluded = ${rule}.reason; if (item.cls === 'in') exIn += item.fen; else exOut += item.fen;`);
    src.line(`out.excluded.push({ reason: ${rule}.reason, fen: item.fen, item: item.code, range: ${rule}.range }); continue; }`);
  }
  plan.benefits.forEach((b, i) => {
    if (fused[i]) src.line(`if (${src.value(b.selects)}.has(item.code)) { if (item.cls === 'in') in${i} += item.fen; else out${i} += item.fen; }`);
  });
  src.line('}');
  // Stryker disable next-line StringLiteral: only an item's own closures read env.item, and each sets it first
  src.line('env.item = undefined;');
  src.line('netIn = Math.max(0, claim.inFen - exIn); netOut = Math.max(0, claim.outFen - exOut);');
  src.line('}');
  // Closures read the net amounts from the claim; sums of them written inline read these locals.
  // Stryker disable next-line ConditionalExpression: writing amounts nothing reads changes nothing
  if (plan.readsClaimAmounts || plan.benefits.some((b) => !inlineAmount(b, fused))) src.line('claim.netIn = netIn; claim.netOut = netOut;');
}

/** Whether the benefit's amount is worked out inline: a summed selection, or a sum of the claim's amounts (less a summed selection it keeps out). */
function inlineAmount(b: CompiledBenefit, fused: boolean[]): boolean {
  // Stryker disable next-line ConditionalExpression: an amount not written inline is its closure's, the same amount (and a summed selection is kept out only by one benefit that keeps out nothing else: fusedSelections)
  return fused[b.index]! || (b.linear !== undefined && (b.excluding.length === 0 || (b.excluding.length === 1 && fused[b.excluding[0]!]!)));
}

/** The benefit's amount as `a`. */
function amount(src: Source, b: CompiledBenefit, fused: boolean[], bv: string): void {
  const i = b.index;
  // Stryker disable next-line ConditionalExpression: the selection's closure adds up the same items
  if (fused[i]) return src.line(`const a = in${i} + out${i};`);
  const lin = b.linear;
  const j = b.excluding[0];
  if (lin && inlineAmount(b, fused)) {
    // Items a summed selection took are out of this benefit's view when that benefit ran (it is declared before this one: YB603).
    const hidden = (side: 'in' | 'out') => (b.excluding.length ? ` - (ran${j} ? ${side}${j} : 0)` : '');
    // Stryker disable next-line ConditionalExpression: a term times 0 adds 0
    const term = (k: number, v: string) => (k === 0 ? '' : ` + ${k} * ${v}`);
    return src.line(`const a = Math.max(0, 0${term(lin.in, `Math.max(0, netIn${hidden('in')})`)}${term(lin.out, `Math.max(0, netOut${hidden('out')})`)}${term(lin.over, 'claim.overFen')});`);
  }
  src.line(`const a = H.amount(${bv}, env, claim);`);
}

/** The deductible taken (`ded`) and the part past it (`X1`, and `X0` under a yearly own deductible). */
function deductible(src: Source, plan: CompiledPlan, b: CompiledBenefit): void {
  const d = b.deductible;
  if (!d) return src.line('X1 = X0 + a; ded = 0;');
  if (d.shared) {
    const k = [...plan.sharedDeductibles.keys()].indexOf(d.shared);
    const pool = plan.sharedDeductibles.get(d.shared)!;
    src.line(pool.period === 'year' ? `dPool = st; dAt = state.dedAt + ${k};` : `dPool = H.claimDedUsed; dAt = ${k};`);
    return src.line('ded = Math.min(Math.max(0, terms.deductible - dPool[dAt]), a); X1 = X0 + a - ded;');
  }
  if (d.period === 'year') return src.line('X0 = Math.max(0, A0 - terms.deductible); X1 = Math.max(0, A1 - terms.deductible); ded = a - (X1 - X0);');
  src.line('ded = Math.min(a, terms.deductible); X1 = X0 + a - ded;');
}

const MAX = Number.MAX_SAFE_INTEGER;
/** The check `safe` (core/money.ts) makes of an integer result, written out. */
const unsafe = (v: string) => `if (${v} > ${MAX} || ${v} < -${MAX}) throw new Overflow();`;

/**
 * `let P = P(A, X)` for the benefit's kind of schedule (schedule.ts), written out for a flat ratio
 * and for bands: the same products and sums, each checked as `safe` checks it.
 */
function payout(src: Source, b: CompiledBenefit, P: string, A: string, X: string): void {
  if (b.ratio) return src.line(`let ${P} = 0; if (${X} > 0) { ${P} = ${X} * sched.ratio; ${unsafe(P)} }`);
  const s = b.schedule!;
  // Stryker disable next-line ConditionalExpression,StringLiteral: annualPayout works bands out too, the same sums by a call
  if (s.kind !== 'banded') return src.line(`const ${P} = ${src.value(annualPayout)}(sched, ${A}, ${X});`);
  const [lo, hi] = s.basis === 'annual' ? [`${A} - ${X}`, A] : ['0', X];
  src.line(`let ${P} = 0;`);
  src.line(`if (${X} > 0) { const bs = sched.bands, lo = ${lo}, hi = ${hi}; for (let q = 0; q < bs.length; q++) { const b = bs[q];`);
  src.line(`const o = Math.min(b.hi, hi) - Math.max(b.lo, lo); if (o > 0) { const m = o * b.bp; ${unsafe('m')} ${P} += m; ${unsafe(P)} } } }`);
}

/** The plan's rounding: its step in fen, the divisor of a payout in fen × basis points, the mode and the mode's value's name. */
type RoundingMode = CompiledPlan['header']['rounding']['mode'];
interface Rounding { stepFen: number; unit: number; mode: RoundingMode; name: string }

/** Whether the rounding of `r` (q, the remainder r) goes up, for each mode as roundDiv (core/money.ts) decides. */
const ROUNDS_UP: Record<RoundingMode, (unit: number) => string> = {
  // Stryker disable next-line ArrowFunction: an undefined test is false as well
  down: () => 'false',
  up: () => 'r !== 0',
  'half-up': (unit) => `2 * r >= ${unit}`,
  'half-even': (unit) => `2 * r > ${unit} || (2 * r === ${unit} && q % 2 === 1)`,
};

/**
 * `R = P` rounded to the plan's step, in fen. P is a safe integer (the payout's sums are checked,
 * and a cap can only lower it); a positive one is divided here, roundDiv's answer whenever the
 * quotient is exact (the remainder in [0, unit)); any other (0 aside) goes to roundDiv itself.
 */
function rounding(src: Source, R: string, P: string, r: Rounding): void {
  const call = `roundDiv(${P}, ${r.unit}, ${r.name}) * ${r.stepFen}`;
  src.line(`if (${P} > 0) { const q = Math.floor(${P} / ${r.unit}), r = ${P} - q * ${r.unit};`);
  src.line(`${R} = r >= 0 && r < ${r.unit} ? (${ROUNDS_UP[r.mode](r.unit)} ? q + 1 : q) * ${r.stepFen} : ${call}; } else if (${P} !== 0) ${R} = ${call}; else ${R} = 0;`);
}

/** What payBenefit (settle.ts) does without a trace, for one benefit. */
function payBenefit(src: Source, plan: CompiledPlan, b: CompiledBenefit, fused: boolean[], r: Rounding): void {
  const i = b.index;
  const bv = src.value(b);
  const base = i * SLOTS;
  amount(src, b, fused, bv);
  src.line(`const A0 = st[${base}], A1 = A0 + a; ${unsafe('A1')} let X0 = st[${base + 1}], X1 = 0, ded = 0, pay = 0;`);
  // Kept terms straight from the row (TermsCache.terms otherwise, which fills and keeps them).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: TermsCache.terms gives the same terms whichever way they are asked for
  if (b.termsLevel === CLAIM) src.line(`const terms = H.terms.terms(${bv}, env, tp, row);`);
  else src.line(`let terms = row === undefined ? undefined : row[${i}]; if (terms === undefined) terms = H.terms.terms(${bv}, env, tp, row);`);
  src.line(`const kept = terms.kept && state.rated[${i}] === terms;`);
  src.line('if (a !== 0 || !kept) {');
  src.line('let dPool, dAt = 0, cPool, cAt = 0;');
  deductible(src, plan, b);
  // Without a yearly cap of its own, a benefit's capYear is Infinity whatever the tilts; without a per-claim one, capClaim.
  // Stryker disable next-line ConditionalExpression: a cap of Infinity written out changes nothing
  const capYear = b.cap !== undefined && !b.cap.shared && b.cap.period === 'year';
  // Stryker disable next-line ConditionalExpression: as above
  const capClaim = b.cap !== undefined && !b.cap.shared && b.cap.period === 'claim';
  const capped = (p: string) => (capYear ? `Math.min(${p}, terms.capYear * ${BP})` : p);
  src.line('const sched = terms.schedule;');
  // The year's payout before the claim, rounded: remembered under kept terms (a payout below 0 reads it too, as settle.ts does).
  src.line(`let R0 = st[${base + 4}];`);
  src.line('if (!kept) {');
  payout(src, b, 'p', 'A0', 'X0');
  src.line(`const P0 = ${capped('p')};`);
  src.line('if (P0 >= 0) {');
  rounding(src, 'R0', 'P0', r);
  src.line('}');
  src.line('}');
  payout(src, b, 'p1', 'A1', 'X1');
  src.line(`const P1 = ${capped('p1')};`);
  src.line('let R1 = 0;');
  rounding(src, 'R1', 'P1', r);
  src.line(capYear ? `pay = Math.min(Math.max(0, R1 - R0), Math.max(0, terms.capYear - st[${base + 3}]));` : 'pay = Math.max(0, R1 - R0);');
  // Stryker disable next-line ConditionalExpression: as above
  if (capClaim) src.line('if (pay > terms.capClaim) pay = terms.capClaim;');
  if (b.cap?.shared) {
    const k = [...plan.sharedCaps.keys()].indexOf(b.cap.shared);
    const pool = plan.sharedCaps.get(b.cap.shared)!;
    src.line(pool.period === 'year' ? `cPool = st; cAt = state.capAt + ${k};` : `cPool = H.claimCapPaid; cAt = ${k};`);
    src.line('pay = Math.min(pay, Math.max(0, terms.sharedCap - cPool[cAt]));');
  }
  // Nothing below can fail: the benefit's part of the year is written all at once (settle.ts's giveBack).
  if (b.deductible?.shared) src.line('dPool[dAt] += ded;');
  if (b.cap?.shared) src.line('cPool[cAt] += pay;');
  src.line(`st[${base + 4}] = R1; state.rated[${i}] = terms.kept ? terms : undefined;`);
  src.line(`st[${base}] = A1; st[${base + 1}] = X1; st[${base + 2}] += ded; st[${base + 3}] += pay;`);
  src.line('}');
  src.line(`{ const n = out.count++; out.benefit[n] = ${i}; out.eligible[n] = a; out.deductible[n] = ded; out.pay[n] = pay; out.payout += pay; }`);
}

/** The generated source and the values it reads, for a plan. */
export function claimSource(plan: CompiledPlan): { source: string; names: string[]; values: unknown[] } | undefined {
  const src = new Source();
  const fused = fusedSelections(plan);
  const { stepFen, mode } = plan.header.rounding;
  const unit = BP * stepFen;
  // A rounding step the source could not write as a plain integer: the interpreter settles.
  // Stryker disable next-line ConditionalExpression: roundingStepFen allows steps up to 100 yuan, so the unit is always a plain integer; this guards hand-made IR
  if (!Number.isSafeInteger(unit)) return undefined;
  const rounding: Rounding = { stepFen, unit, mode, name: src.value(mode) };
  src.line('const env = H.env;');
  src.line('H.enter(member, claim, year, out);');
  wholeClaim(src, plan);
  itemPass(src, plan, fused);
  src.line('const tp = H.tilts(env);');
  // Pools per claim start empty; pools per year keep their slot in the year (their claim slot is never read).
  // Stryker disable next-line ConditionalExpression: clearing a year pool's claim slot, which nothing reads, changes nothing
  [...plan.sharedDeductibles.values()].forEach((l, k) => l.period === 'claim' && src.line(`H.claimDedUsed[${k}] = 0;`));
  // Stryker disable next-line ConditionalExpression: as above
  [...plan.sharedCaps.values()].forEach((l, k) => l.period === 'claim' && src.line(`H.claimCapPaid[${k}] = 0;`));
  // Marks are read only by a benefit that keeps others' items out through them (not through sums).
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: clearing marks nothing reads changes nothing; the one way to clear too few (a sum keeping out two selections) is tested
  const marksRead = plan.benefits.some((b) => b.excluding.length > 0 && !inlineAmount(b, fused));
  // Stryker disable next-line ConditionalExpression: as above
  if (marksRead) src.line('if (H.taken && items.length > 0) for (let t = 0; t < H.taken.length; t++) H.taken[t].clear();');
  src.line('const s = claim.setting; const st = state.slots;');
  src.line('let row, rowSet = false;');
  for (const b of plan.benefits) {
    // Stryker disable next-line ConditionalExpression: a flag nothing reads changes nothing
    if (fused[b.index]) src.line(`let ran${b.index} = false;`);
    src.line(`if (${settingTest(src, b)}) {`);
    // Stryker disable next-line StringLiteral: without a row, TermsCache.terms fills the terms for the claim: the same terms, only slower
    src.line('if (!rowSet) { row = H.terms.row(env, tp); rowSet = true; }');
    if (fused[b.index]) src.line(`ran${b.index} = true;`);
    payBenefit(src, plan, b, fused, rounding);
    src.line('}');
  }
  // Stryker disable next-line StringLiteral: every line ends a statement or a block, so lines run together parse the same
  return { source: src.lines.join('\n'), names: src.names, values: src.values };
}

/** Whether settlers generate claim code: a host that forbids it (the editor's worker) turns it off before settling. */
let generating = true;

/**
 * Turns generated claim code off (or on again) for plans whose code is not made yet: for a page whose
 * Content-Security-Policy has no 'unsafe-eval', where trying would be refused and reported as a
 * violation. The interpreter then settles every claim, to the same results.
 */
export function setCodeGeneration(enabled: boolean): void {
  generating = enabled;
}

/** Whether code may be generated (result-code.ts asks too). */
export const codeGeneration = (): boolean => generating;

/** The plan's claim function for `host`, or undefined where code may not be generated. */
export function claimCode(plan: CompiledPlan, host: ClaimHost): ClaimFn | undefined {
  if (!generating) return undefined;
  // A plan this large settles through the interpreter: a function this long would not be optimised anyway.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a bound on the function's length; the interpreter settles the same either way
  if (plan.benefits.length > MAX_BENEFITS || plan.exclusions.length > MAX_BENEFITS) return undefined;
  const made = claimSource(plan);
  // Stryker disable next-line ConditionalExpression: see claimSource's guard
  if (!made) return undefined;
  const { source, names, values } = made;
  // Every plan has at least its rounding mode among the values.
  const unpack = `const ${names.map((n, k) => `${n} = V[${k}]`).join(', ')};`;
  let factory: (...args: unknown[]) => ClaimFn;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the plan's values are parameters, never source text
    factory = new Function('H', 'roundDiv', 'Overflow', 'V', `"use strict"; ${unpack}\nreturn function settleClaim(member, claim, year, state, out) {\n${source}\n};`) as typeof factory;
  } catch (e) {
    // A Content-Security-Policy without 'unsafe-eval' (the editor's page) refuses with an EvalError:
    // the interpreter settles. Anything else (a syntax error) is the generator's fault and is thrown.
    if (e instanceof EvalError) return undefined;
    throw e;
  }
  return factory(host, roundDiv, OverflowError, values);
}
