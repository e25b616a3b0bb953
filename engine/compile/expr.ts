// IR expressions → closures over an evaluation environment; no tree is walked per claim. A root
// (an amount, a band edge, a ratio, a condition…) is built as its `exact` says: `int` roots yield
// fen, basis points or yes/no directly, `decimal` ones are rounded half up to the fen or basis
// point where their value is used.
import type Decimal from 'decimal.js';
import { decimalToBp, decimalToFen } from '../core/money';
import type { Env } from '../ir/env';
import type { IrExpr, IrMoneySlot, IrRatioSlot, IrRepr } from '../ir/plan';
import { BUILDERS, intConst, type Builder, type Constant } from './kinds';
import type { Scope } from './scope';
import { IrShapeError, type Fn, type Mode } from './values';

export type FenFn = (env: Env) => number;
export type BpFn = (env: Env) => number;
export type Test = (env: Env) => boolean;

const where = (e: IrExpr) => `${e.kind} at ${e.range.start.line}:${e.range.start.column}`;

export class ExprBuilder implements Builder {
  constructor(readonly scope: Scope) {}

  build(e: IrExpr, mode: Mode): Fn {
    // The integer path cannot read a decimal node; the decimal path reads anything (a parameter
    // used from a decimal root is built in decimals even when it also has an integer form).
    if (mode === 'int' && e.exact !== 'int') throw new IrShapeError(`${where(e)} is decimal inside an int root`);
    const build = BUILDERS[e.kind] as (n: IrExpr, mode: Mode, b: Builder) => Fn;
    return build(e, mode, this);
  }

  constant(e: IrExpr): Constant | undefined {
    if (e.exact !== 'int') return undefined;
    switch (e.kind) {
      case 'const': return intConst(e);
      case 'date': return e.day;
      case 'text': case 'bool': return e.value;
      case 'symbol': return e.symbol === 'setting' || e.symbol === 'flag' || e.symbol === 'enum-value' ? e.id : undefined;
      case 'param': {
        // A parameter without dates is its one step, constant or not. (A first step without a first
        // day is a parameter's only step: the steps of a dated one each begin on a day, the grammar.)
        const p = this.scope.paramDecl(e.name);
        return p.steps[0]!.from === undefined ? this.constant(p.steps[0]!.value) : undefined;
      }
      // Stryker disable next-line ConditionalExpression: without the default the switch ends, and the method returns undefined all the same
      default: return undefined;
    }
  }

  /** A root that must yield `repr` on the integer path, built as marked. */
  private root(e: IrExpr, repr: IrRepr | undefined): { int: boolean; fn: Fn } {
    if (e.exact === 'decimal') return { int: false, fn: this.build(e, 'decimal') };
    if (e.repr !== repr) throw new IrShapeError(`${where(e)} is int ${e.repr ?? 'without repr'} where ${repr ?? 'a yes/no'} is wanted`);
    return { int: true, fn: this.build(e, 'int') };
  }

  /** Money: fen as computed, or the decimal rounded half up to the fen. */
  fen(slot: IrMoneySlot): FenFn {
    const r = this.root(slot.expr, 'fen');
    if (r.int) return r.fn as FenFn;
    const f = r.fn;
    return (env) => decimalToFen(f(env) as Decimal);
  }

  /** A ratio, a percentage or points: basis points as computed, or rounded half up to them. */
  bp(slot: IrRatioSlot): BpFn {
    const r = this.root(slot.expr, 'bp');
    if (r.int) return r.fn as BpFn;
    const f = r.fn;
    return (env) => decimalToBp(f(env) as Decimal);
  }

  /** A condition: a yes/no on either path (comparisons, `and`, `not`, memberships all yield one). */
  test(e: IrExpr): Test {
    return this.root(e, undefined).fn as Test;
  }

  /** The waiting period: always decimal, then a plain number of days. */
  days(e: IrExpr): (env: Env) => number {
    // Stryker disable next-line StringLiteral: the builder tells only 'int' from the rest
    const f = this.build(e, 'decimal');
    return (env) => (f(env) as Decimal).toNumber();
  }
}
