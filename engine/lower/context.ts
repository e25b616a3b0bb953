// What every part of the lowering shares: the checked plan, the integer-or-decimal decisions,
// static values by date, and the expression lowerer; and the slots money and ratios go in.
import type * as A from '../../grammar/ast';
import type { CheckedPlan } from '../ir/model';
import type { IrDate, IrMoneySlot, IrRatioSlot } from '../ir/plan';
import { ExactAnalysis } from './exact';
import { ExprLowerer } from './expr';
import { StaticValues, isoDay, type StaticStep } from './static';

export class LowerContext {
  readonly exact: ExactAnalysis;
  readonly statics: StaticValues;
  readonly expr: ExprLowerer;

  constructor(readonly plan: CheckedPlan) {
    this.exact = new ExactAnalysis(plan);
    this.statics = new StaticValues(plan);
    this.expr = new ExprLowerer(plan, this.exact);
  }

  /** A place that takes money: the expression (bare numbers in it are yuan), rounded half up to the fen. */
  money(e: A.Expr): IrMoneySlot {
    const slot: IrMoneySlot = { unit: 'fen', expr: this.expr.lower(e, 'money') };
    const steps = this.statics.steps(e, 100);
    if (steps && isConstant(steps)) slot.fen = steps[0]!.value;
    else if (steps) slot.byDate = steps.map((s) => ({ ...dates(s), fen: s.value }));
    return slot;
  }

  /** A place that takes a ratio (or a percentage, or points), in basis points rounded half up. */
  ratio(e: A.Expr): IrRatioSlot {
    // No bare number stands in a ratio's place (YB202): the expression has its own unit.
    const slot: IrRatioSlot = { unit: 'bp', expr: this.expr.lower(e) };
    const steps = this.statics.steps(e, 10_000);
    if (steps && isConstant(steps)) slot.bp = steps[0]!.value;
    else if (steps) slot.byDate = steps.map((s) => ({ ...dates(s), bp: s.value }));
    return slot;
  }
}

/** One value on every date: the one step of a value with no date edges (every dated step has a first day). */
const isConstant = (steps: StaticStep[]) => steps.length === 1 && steps[0]!.from === undefined;

/** A dated step's days (it has a first day; the last step may have no end). */
function dates(s: StaticStep): { from: IrDate; to?: IrDate } {
  const out: { from: IrDate; to?: IrDate } = { from: isoDay(s.from!) };
  if (s.to !== undefined) out.to = isoDay(s.to);
  return out;
}

/** Copies only the keys whose value is defined: the IR never holds an undefined-valued key. */
export function defined<T extends object>(o: T): T {
  const out = {} as T;
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
