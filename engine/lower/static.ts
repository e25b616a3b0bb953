// Values known before any claim: an expression made of numbers, arithmetic and parameters that are
// themselves such expressions depends on the date at most. Its value on each date step is worked
// out here with the decimal path's own arithmetic (decimal.js, then half up to the fen or basis
// point, as engine/core/money.ts rounds), so the IR can show a schedule's bands and ratios for
// every date step and a deductible as plain fen. Anything reading a fact, a table or items is not
// static, and the IR then holds the expression alone.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import { formatDay, inForce } from '../core/dates';
import type { CheckedPlan } from '../ir/model';

/** A date-dependent value: the days on which it may change, and its value on a day (undefined: none in force). */
interface Dated {
  /** Days on which a step begins, or the day after one ends. */
  edges: number[];
  at(day: number): Decimal | undefined;
}

/** One run of days with one value: from/to are day numbers, undefined when unbounded. */
export interface StaticStep {
  from?: number;
  to?: number;
  value: number;
}

export class StaticValues {
  private readonly params = new Map<string, Dated | null>();

  constructor(private readonly plan: CheckedPlan) {}

  /** The value on every date step, scaled (100 for fen, 10 000 for basis points) and rounded half up; null if not static. */
  steps(e: A.Expr, scale: number): StaticStep[] | null {
    const d = this.dated(e, 0);
    if (!d) return null;
    // Constants are bounded (YB311), and a value past the safe integers is not worked out here.
    const round = (v: Decimal | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const n = v.times(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
      return Number.isSafeInteger(n) ? n : undefined;
    };
    const edges = [...new Set(d.edges)].sort((a, b) => a - b);
    if (edges.length === 0) {
      const v = round(d.at(0));
      return v === undefined ? null : [{ value: v }];
    }
    // Runs between edges and from the last edge on. Every step of a parameter begins on a day
    // (the grammar has no step without `from`), so before the first edge nothing is in force.
    const out: StaticStep[] = [];
    edges.forEach((from, i) => {
      const value = round(d.at(from));
      if (value === undefined) return;
      const next = edges[i + 1];
      const last = out[out.length - 1];
      // A run that goes on the last one's value extends it (runs follow one another day by day).
      if (last && last.value === value && last.to === from - 1) {
        if (next === undefined) delete last.to;
        else last.to = next - 1;
        return;
      }
      out.push(next === undefined ? { from, value } : { from, to: next - 1, value });
    });
    return out;
  }

  /** A plain number of days when `e` is the same on every date (the waiting period). */
  constant(e: A.Expr): number | undefined {
    const d = this.dated(e, 0);
    if (!d || d.edges.length > 0) return undefined;
    return d.at(0)?.toNumber();
  }

  private dated(e: A.Expr, depth: number): Dated | null {
    if (depth > 200) return null;
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'days': {
        const v = new Decimal(e.value);
        return { edges: [], at: () => v };
      }
      case 'percent':
      case 'points': {
        const v = new Decimal(e.value).div(100);
        return { edges: [], at: () => v };
      }
      case 'unary': {
        // In a money or ratio place a unary operator is `-`: `not` takes a yes/no (YB203).
        const x = this.dated(e.operand, depth + 1);
        return x && { edges: x.edges, at: (d) => x.at(d)?.neg() };
      }
      case 'binary': {
        // In a money or ratio place, outside `if` (not worked out here), a binary operator is arithmetic.
        const l = this.dated(e.left, depth + 1);
        const r = this.dated(e.right, depth + 1);
        if (!l || !r) return null;
        const op = e.op;
        return {
          edges: [...l.edges, ...r.edges],
          at: (d) => {
            const a = l.at(d);
            const b = r.at(d);
            if (a === undefined || b === undefined) return undefined;
            if (op === '+') return a.plus(b);
            if (op === '-') return a.minus(b);
            if (op === '*') return a.times(b);
            return b.isZero() ? undefined : a.div(b);
          },
        };
      }
      case 'ref':
        // In a money or ratio place a name is a parameter: settings, flags and enum values are no numbers (YB202).
        return this.param(this.plan.info.refs.get(e)!.name, depth);
      case 'extremum': {
        const args = e.args.map((x) => this.dated(x, depth + 1));
        if (args.some((x) => !x)) return null;
        const fn = e.fn;
        return {
          edges: args.flatMap((x) => x!.edges),
          at: (d) => {
            const values = args.map((x) => x!.at(d));
            if (values.some((v) => v === undefined)) return undefined;
            return fn === 'min' ? Decimal.min(...(values as Decimal[])) : Decimal.max(...(values as Decimal[]));
          },
        };
      }
      // Stryker disable next-line ConditionalExpression: the cases above return; the rest is not static
      default:
        return null;
    }
  }

  private param(name: string, depth: number): Dated | null {
    // Stryker disable next-line ConditionalExpression: a parameter worked out again gives the same steps (the checker refuses cycles, YB115)
    if (this.params.has(name)) return this.params.get(name)!;
    this.params.set(name, null); // a cycle (only in plans with errors) is not static
    const p = this.plan.params.get(name)!;
    let result: Dated | null = null;
    const steps = p.value.steps.map((s) => ({ from: s.from, to: s.to, value: this.dated(s.value, depth + 1) }));
    if (steps.every((s) => s.value)) {
      const edges: number[] = [];
      for (const s of steps) {
        if (s.from !== undefined) edges.push(s.from);
        if (s.to !== undefined) edges.push(s.to + 1);
        edges.push(...s.value!.edges);
      }
      // The step in force on a day: the last one whose span holds it (as the compiler picks).
      result = {
        edges,
        at: (day) => {
          for (let i = steps.length - 1; i >= 0; i--) {
            const s = steps[i]!;
            if (inForce(s, day)) return s.value!.at(day);
          }
          return undefined;
        },
      };
    }
    this.params.set(name, result);
    return result;
  }
}

/** A day number as the IR writes dates. */
export const isoDay = (day: number): string => formatDay(day);
