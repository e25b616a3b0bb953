// Plan IR → compiled plan: closures for every expression, money as fen, ratios as basis points.
// The compiler reads the IR alone (engine/ir/plan.ts, spec/ir.md) — no syntax tree, no checker —
// so a batch worker compiles what the main thread lowered, and every result is the same.
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import type { Env } from '../ir/env';
import type { Ty } from '../ir/types';
import { IR_VERSION, type IrAttributeDecl, type IrCitation, type IrTest, type IrBenefit, type IrLimit, type IrSharedLimit, type IrTilt, type PlanIR } from '../ir/plan';
import { CONST, dateSteps, Dependencies, type Level } from './depends';
import { ExprBuilder, type BpFn, type FenFn, type Test } from './expr';
import { itemIn, itemsOnly, linear, needsAFlag, readsClaimAmounts, selection } from './shapes';
import { Scope, span } from './scope';
import { IrShapeError, range, type Fn } from './values';
import { CALENDAR, type YearRule } from '../core/benefit-year';
import { needs } from './needs';
import { ProvenanceBuilder, type Provenance } from './provenance';
import type { Needs } from '../ir/needs';
import { parseDay, ymd } from '../core/dates';

export type { FenFn, BpFn } from './expr';
export type { Fn } from './values';
export { IrShapeError } from './values';

export interface CompiledLimit {
  value: FenFn;
  period: A.Period;
  shared?: string;
  range: Range;
}

export interface CompiledBand {
  from: FenFn;
  to?: FenFn;
  ratio: BpFn;
  range: Range;
}

export interface CompiledSchedule {
  kind: 'banded' | 'whole-amount';
  basis: 'annual' | 'above-deductible';
  bands: CompiledBand[];
  range: Range;
}

export interface CompiledBenefit {
  name: string;
  label?: string;
  index: number;
  settings?: ReadonlySet<string>;
  amount: FenFn;
  /** The amount is 0 for a claim without items (it adds up items only). */
  itemsOnly: boolean;
  /**
   * When the amount only adds and subtracts the claim's in-policy, out-of-policy and over-limit
   * amounts: how many times each counts, so the runtime sums them without calling closures.
   */
  linear?: { in: number; out: number; over: number };
  /** When the amount only adds up the items of a catalogue whose codes never change: those codes. */
  selects?: ReadonlySet<string>;
  amountRange: Range;
  excluding: number[];
  deductible?: CompiledLimit;
  cap?: CompiledLimit;
  ratio?: BpFn;
  ratioRange?: Range;
  schedule?: CompiledSchedule;
  /** What the deductible, caps and schedule (tilts applied) can change with: see depends.ts. */
  termsLevel: Level;
  /** The legal source of each part, as traces show it: a clause's own, else the benefit's. */
  cites: { benefit?: string; amount?: string; deductible?: string; payout?: string; cap?: string };
  /** What each part was worked out from (rows looked up, dated steps in force, facts read): for traces. */
  sources: { amount?: Provenance; deductible?: Provenance; payout?: Provenance };
  range: Range;
}

export interface CompiledTiltAction {
  scope?: string;
  target: 'deductible' | 'ratio' | 'cap';
  op: A.TiltOp;
  /** Money in fen (deductible, cap ± amount), or basis points (ratios, percentages). */
  value?: (env: Env) => number;
  range: Range;
}

export interface CompiledTilt {
  name: string;
  label?: string;
  /** Whether the member is in one of the tilt's groups (the IR lists them). */
  applies: (env: Env) => boolean;
  /** Whether membership can change within a benefit year (an age, days enrolled, a dated value). */
  changesWithinYear: boolean;
  actions: CompiledTiltAction[];
  cites?: string;
  range: Range;
}

export interface CompiledHeader {
  name: string;
  source?: string;
  region?: string;
  /** Day numbers, both included. */
  valid?: { from: number; to: number };
  sold?: { from: number; to: number };
  /** The benefit year (engine/core/benefit-year.ts). */
  year: YearRule;
  rounding: { stepFen: number; step: string; mode: A.RoundingMode };
  range: Range;
}

export interface CompiledPlan {
  header: CompiledHeader;
  file: string;
  /** Every spelling of a setting or flag (id and Chinese name) → canonical id. */
  settings: Map<string, string>;
  flags: Map<string, string>;
  attributes: Map<string, { name: string; type: Ty; range: Range }>;
  claimAttributes: Map<string, { name: string; type: Ty; range: Range }>;
  groups: Map<string, { listed: boolean; test: (env: Env) => boolean; label?: string }>;
  waiting?: { days: (env: Env) => number; level: Level; reason: string; cites?: string; range: Range };
  /** `payout within N working days` (spec/language.md §27). */
  deadline?: { workingDays: number; cites?: string; range: Range };
  exclusions: CompiledExclusion[];
  sharedDeductibles: Map<string, CompiledLimit>;
  sharedCaps: Map<string, CompiledLimit>;
  benefits: CompiledBenefit[];
  tilts: CompiledTilt[];
  combines: { tilts: string[]; rule: 'stack' | 'first' | 'best'; range: Range }[];
  premium?: { lines: { amount: FenFn; test?: (env: Env) => boolean; range: Range }[]; range: Range };
  /** The plan's own tests, as lowered (engine/testing/plan-tests.ts runs them). */
  tests: IrTest[];
  /** Parameter values by date (decimal), for explanations and the editor's hover. */
  params: Map<string, { steps: { from?: string; to?: string; value: Fn }[] }>;
  /** The date step a day falls in: days of one step see the same value of every dated parameter and catalogue. */
  stepOf: (day: number) => number;
  /** The member fields settling claims and premiums read, each with the first rule that reads it. */
  needs: Needs;
  /** Whether an expression other than a benefit's amount reads the claim's in- or out-of-policy amount. */
  readsClaimAmounts: boolean;
  /** Items are each claim's full breakdown (`items complete`); otherwise they may tag part of it. */
  itemsComplete: boolean;
}

export interface CompiledExclusion {
  level: 'claim' | 'item';
  test: (env: Env) => boolean;
  /** `flagsOnly`: the test is true only of a claim with some flag, so claims without flags skip it. */
  flagsOnly: boolean;
  /** When the test only asks whether an item's code, class or category is one of some texts. */
  itemIn?: { field: 'code' | 'cls' | 'category'; values: ReadonlySet<string> };
  reason: string;
  cites?: string;
  range: Range;
}

/** A citation as traces and explanations show it: 威医保发〔2023〕48号 二(三)2 “…”. */
export function citeText(c: Pick<IrCitation, 'document' | 'clause' | 'quote'> | undefined): string | undefined {
  if (!c) return undefined;
  return [c.document, c.clause, c.quote && `“${c.quote}”`].filter(Boolean).join(' ');
}

function benefitCites(b: IrBenefit): CompiledBenefit['cites'] {
  const own = citeText(b.cites);
  const clause = (k: keyof NonNullable<IrBenefit['clauseCites']>) => citeText(b.clauseCites?.[k]) ?? own;
  return { benefit: own, amount: clause('amount'), deductible: clause('deductible'), payout: clause('payout'), cap: clause('cap') };
}

function header(ir: PlanIR): CompiledHeader {
  const h = ir.header;
  const days = (s: { from: string; to: string } | undefined) => s && (span(s) as { from: number; to: number });
  const { step, stepFen, mode } = h.rounding;
  return { name: h.name, source: h.source, region: h.region, valid: days(h.valid), sold: days(h.sold), year: yearRule(h.year), rounding: { stepFen, step, mode }, range: range(h.range) };
}

/** The benefit-year rule of a plan's header, as the runtime counts years. */
export function yearRule(y: PlanIR['header']['year']): YearRule {
  // Stryker disable next-line ObjectLiteral,StringLiteral: the runtime counts a rule neither calendar nor from a date from the enrolment anniversary
  if (y.kind !== 'from') return y.kind === 'calendar' ? CALENDAR : { kind: 'anniversary' };
  const day = parseDay(y.from);
  if (day === undefined) throw new IrShapeError(`benefit year from ${y.from}: not a date`);
  const { m, d } = ymd(day);
  return { kind: 'from', month: m, day: d };
}

/** Every spelling a request may use (the id, and the Chinese name of a built-in) → the id. */
function spellings(entries: PlanIR['settings']): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) {
    m.set(e.id, e.id);
    // Stryker disable next-line ConditionalExpression: a setting without a Chinese name adds only the key undefined, which no request can give
    if (e.zh) m.set(e.zh, e.id);
  }
  return m;
}

/** An attribute's type as requests are validated against it. */
function attributeType(a: IrAttributeDecl): Ty {
  switch (a.type) {
    // Stryker disable next-line ArrayDeclaration: an enum listing no values admits none; only a request naming the placeholder itself could tell
    case 'enum': return { k: 'enum', attr: a.name, values: a.values ?? [] };
    case 'boolean': return { k: 'bool' };
    case 'text': return { k: 'string' };
    default: return { k: a.type };
  }
}

/** Compiles the parts of a plan that pay: exclusions, pools, benefits, tilts, premiums. */
class PlanCompiler {
  readonly scope: Scope;
  readonly x: ExprBuilder;
  private readonly pools = new Map<string, CompiledLimit>();
  readonly deps: Dependencies;
  /** What every tilt's value can change with: a tilt may touch any benefit's terms. */
  private readonly tiltLevel: Level;

  constructor(private readonly ir: PlanIR) {
    this.deps = new Dependencies(ir);
    this.tiltLevel = this.deps.of(...ir.tilts.flatMap((t) => t.actions.map((a) => a.value?.expr)));
    this.scope = new Scope(ir, (p, mode) => p.steps.map((s) => this.x.build(s.value, mode)));
    this.x = new ExprBuilder(this.scope);
  }

  groups(): CompiledPlan['groups'] {
    const groups: CompiledPlan['groups'] = new Map();
    for (const g of this.ir.groups) {
      const name = g.name;
      const test: Test = g.condition ? this.x.test(g.condition) : (env) => env.member.groups.has(name);
      this.scope.groupFns.set(name, test);
      groups.set(name, { listed: g.listed, test, label: g.label });
    }
    return groups;
  }

  shared(pools: IrSharedLimit[], kind: 'deductible' | 'cap'): Map<string, CompiledLimit> {
    return new Map(pools.map((l) => {
      const limit: CompiledLimit = { value: this.x.fen(l.value), period: l.period, range: range(l.range) };
      this.pools.set(`${kind}:${l.name}`, limit);
      return [l.name, limit];
    }));
  }

  private limit(l: IrLimit | undefined, kind: 'deductible' | 'cap'): CompiledLimit | undefined {
    if (!l) return undefined;
    if (l.kind === 'own') return { value: this.x.fen(l.value), period: l.period, range: range(l.range) };
    const pool = this.pools.get(`${kind}:${l.pool}`);
    if (!pool) throw new IrShapeError(`no shared ${kind} ${l.pool}`);
    // The runtime settles a shared limit through its pool; the value is the pool's, as declared.
    return { value: pool.value, period: l.period, shared: l.pool, range: range(l.range) };
  }

  /** What a benefit's deductible, caps and schedule read, tilts included (after limit() found its pools). */
  private termsLevel(b: IrBenefit): Level {
    const limit = (l: IrLimit | undefined, pools: IrSharedLimit[]) =>
      !l ? undefined : l.kind === 'own' ? l.value.expr : pools.find((x) => x.name === l.pool)!.value.expr;
    const p = b.payout;
    const schedule = p.kind === 'ratio' ? [p.ratio.expr] : p.bands.flatMap((x) => [x.from.expr, x.to?.expr, x.ratio.expr]);
    const own = this.deps.of(limit(b.deductible, this.ir.sharedDeductibles), limit(b.cap, this.ir.sharedCaps), ...schedule);
    return Math.max(own, this.tiltLevel) as Level;
  }

  benefit(b: IrBenefit): CompiledBenefit {
    const p = b.payout;
    return {
      name: b.name,
      label: b.label,
      index: b.index,
      settings: b.settings && new Set(b.settings),
      amount: this.x.fen(b.amount.value),
      itemsOnly: itemsOnly(b.amount.value.expr),
      linear: linear(b.amount.value.expr),
      selects: this.selects(b.amount.value.expr),
      amountRange: range(b.amount.range),
      excluding: b.excluding.map((e) => e.index),
      deductible: this.limit(b.deductible, 'deductible'),
      cap: this.limit(b.cap, 'cap'),
      ratio: p.kind === 'ratio' ? this.x.bp(p.ratio) : undefined,
      // Stryker disable next-line ConditionalExpression: a schedule's own place is where traces look after the ratio's
      ratioRange: p.kind === 'ratio' ? range(p.range) : undefined,
      schedule: p.kind === 'ratio' ? undefined : {
        kind: p.kind,
        basis: p.basis,
        bands: p.bands.map((band) => ({ from: this.x.fen(band.from), to: band.to && this.x.fen(band.to), ratio: this.x.bp(band.ratio), range: range(band.range) })),
        range: range(p.range),
      },
      termsLevel: this.termsLevel(b),
      cites: benefitCites(b),
      sources: this.sources(b),
      range: range(b.range),
    };
  }

  private selects(e: IrBenefit['amount']['value']['expr']): ReadonlySet<string> | undefined {
    const name = selection(e);
    return name === undefined ? undefined : this.scope.undatedCatalogue(name);
  }

  /** Where a benefit's amount, own deductible and ratios come from, for traces. */
  private sources(b: IrBenefit): CompiledBenefit['sources'] {
    const p = new ProvenanceBuilder(this.x);
    // Stryker disable next-line ArrayDeclaration: the walk below reads expression nodes only, so a placeholder in the open band's empty list adds nothing either
    const payout = b.payout.kind === 'ratio' ? [b.payout.ratio.expr] : b.payout.bands.flatMap((band) => [band.from.expr, ...(band.to ? [band.to.expr] : []), band.ratio.expr]);
    return {
      amount: p.of(b.amount.value.expr, true),
      deductible: b.deductible?.kind === 'own' ? p.of(b.deductible.value.expr) : undefined,
      payout: p.of(payout),
    };
  }

  tilt(t: IrTilt): CompiledTilt {
    const tests = t.groups.map((g) => this.scope.group(g));
    return {
      name: t.name,
      label: t.label,
      applies: (env) => {
        for (let i = 0; i < tests.length; i++) if (tests[i]!(env)) return true;
        return false;
      },
      changesWithinYear: t.changesWithinYear,
      actions: t.actions.map((a) => ({
        scope: a.scope,
        target: a.target,
        op: a.op,
        value: a.value && (a.value.unit === 'fen' ? this.x.fen(a.value) : this.x.bp(a.value)),
        range: range(a.range),
      })),
      cites: citeText(t.cites),
      range: range(t.range),
    };
  }

  /** Every parameter's decimal value by date step, as the editor shows it. */
  params(): CompiledPlan['params'] {
    // Stryker disable next-line StringLiteral: the builder tells only 'int' from the rest
    return new Map(this.ir.params.map((p) => [p.name, { steps: p.steps.map((s) => ({ from: s.from, to: s.to, value: this.x.build(s.value, 'decimal') })) }]));
  }
}

export function compilePlan(ir: PlanIR): CompiledPlan {
  if (ir.irVersion !== IR_VERSION) throw new IrShapeError(`plan IR version ${String(ir.irVersion)}; this compiler reads version ${IR_VERSION}`);
  const c = new PlanCompiler(ir);
  const groups = c.groups();
  const { x } = c;
  return {
    header: header(ir),
    file: ir.file,
    settings: spellings(ir.settings),
    flags: spellings(ir.flags),
    attributes: new Map(ir.attributes.map((a) => [a.name, { name: a.name, type: attributeType(a), range: range(a.range) }])),
    claimAttributes: new Map(ir.claimAttributes.map((a) => [a.name, { name: a.name, type: attributeType(a), range: range(a.range) }])),
    groups,
    waiting: ir.waiting && waiting(ir.waiting, c),
    deadline: ir.deadline && { workingDays: ir.deadline.workingDays, cites: citeText(ir.deadline.cites), range: range(ir.deadline.range) },
    exclusions: ir.exclusions.map((e) => exclusion(e, c)),
    sharedDeductibles: c.shared(ir.sharedDeductibles, 'deductible'),
    sharedCaps: c.shared(ir.sharedCaps, 'cap'),
    benefits: ir.benefits.map((b) => c.benefit(b)),
    tilts: ir.tilts.map((t) => c.tilt(t)),
    combines: ir.combines.map((k) => ({ tilts: [...k.tilts], rule: k.rule, range: range(k.range) })),
    premium: ir.premium && {
      lines: ir.premium.lines.map((l) => ({ amount: x.fen(l.amount), test: l.condition && x.test(l.condition), range: range(l.range) })),
      range: range(ir.premium.range),
    },
    tests: ir.tests,
    params: c.params(),
    stepOf: dateSteps(ir),
    needs: needs(ir),
    itemsComplete: ir.header.itemsComplete === true,
    // Every expression but the benefits' amounts; catalogue codes, table rows and the plan's tests hold none.
    readsClaimAmounts: readsClaimAmounts({ ...ir, benefits: ir.benefits.map((b) => ({ ...b, amount: undefined })), catalogues: undefined, tables: undefined, tests: undefined }),
  };
}

function exclusion(e: PlanIR['exclusions'][number], c: PlanCompiler): CompiledExclusion {
  const shape = itemIn(e.condition);
  return {
    level: e.level,
    test: c.x.test(e.condition),
    flagsOnly: needsAFlag(e.condition),
    itemIn: shape && { field: shape.field, values: new Set(shape.values) },
    reason: e.reason,
    cites: citeText(e.cites),
    range: range(e.range),
  };
}

/** The waiting period in days: the plain number when it is a constant, else computed (in decimals). */
function waiting(w: NonNullable<PlanIR['waiting']>, c: PlanCompiler): CompiledPlan['waiting'] {
  const constant = w.constant;
  // Stryker disable next-line ConditionalExpression: the days computed are the constant; it only spares the work
  const days = constant !== undefined ? () => constant : c.x.days(w.days);
  // Stryker disable next-line ConditionalExpression: a period known before any claim reads nothing, so its dependencies say constant too
  return { days, level: constant !== undefined ? CONST : c.deps.of(w.days), reason: w.reason, cites: citeText(w.cites), range: range(w.range) };
}
