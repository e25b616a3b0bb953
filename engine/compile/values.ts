// What compiled expressions compute with. An `int` node's closure yields plain numbers (fen, basis
// points, whole numbers, day numbers), yes/no, text or the claim's flags; a `decimal` node's yields
// decimal.js values for numbers (dates stay day numbers), the rest as they are. And the ranges the
// compiled plan carries into traces and results.
import Decimal from 'decimal.js';
import type { Range } from '../../grammar/diagnostic';
import type { Env } from '../ir/env';
import type { IrRange } from '../ir/plan';

export type Value = Decimal | boolean | string | number | ReadonlySet<string> | Value[] | undefined;
export type Fn = (env: Env) => Value;

/** How a closure computes: as the IR node's `exact` says (spec/ir.md, "Integer or decimal"). */
export type Mode = 'int' | 'decimal';

/** A malformed IR: something lowering never produces (a hand-made or damaged document). */
export class IrShapeError extends Error {}

/** Table key cells are joined with this (as the checker keys rows). */
export const KEY_SEP = '\u001f';

/** A key cell as text: decimals without exponent or trailing zeros, day numbers and text as they are. */
export function keyText(v: Value): string {
  // Stryker disable next-line ConditionalExpression: keys are years and amounts written plainly, where String() writes no exponent either
  if (v instanceof Decimal) return v.toFixed();
  return String(v);
}

export function equal(a: Value, b: Value): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: both sides of a comparison have one type, so both are decimals or neither is
  if (a instanceof Decimal && b instanceof Decimal) return a.eq(b);
  return a === b;
}

/** Orders decimals, or plain numbers (day numbers). */
export function compare(a: Value, b: Value): number {
  // Stryker disable next-line LogicalOperator: both sides of a comparison have one type, so both are decimals or neither is
  if (a instanceof Decimal && b instanceof Decimal) return a.cmp(b);
  return (a as number) - (b as number);
}

/** An IR range as the syntax tree writes ranges (offset first: results print them in that order). */
export function range(r: IrRange): Range {
  return {
    start: { offset: r.start.offset, line: r.start.line, column: r.start.column },
    end: { offset: r.end.offset, line: r.end.line, column: r.end.column },
  };
}
