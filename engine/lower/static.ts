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
    const round = (v: Decimal | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const n = v.times(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
      return Number.isSafeInteger(n) ? n + 0 : undefined;
    };
    const edges = [...new Set(d.edges)].sort((a, b) => a - b);
    if (edges.length === 0) {
      const v = round(d.at(0));
      return v === undefined ? null : [{ value: v }];
    }
    // Runs: before the first edge, between edges, from the last edge on.
    const runs: { from?: number; to?: number; value?: number }[] = [];
    runs.push({ to: edges[0]! - 1, value: round(d.at(edges[0]! - 1)) });
    edges.forEach((from, i) => {
      const next = edges[i + 1];
      runs.push({ from, to: next === undefined ? undefined : next - 1, value: round(d.at(from)) });
    });
    const out: StaticStep[] = [];
    for (const r of runs) {
      if (r.value === undefined) continue;
      const last = out[out.length - 1];
      if (last && last.value === r.value && last.to !== undefined && r.from === last.to + 1) {
        if (r.to === undefined) delete last.to;
        else last.to = r.to;
        continue;
      }
      const s: StaticStep = { value: r.value };
      if (r.from !== undefined) s.from = r.from;
      if (r.to !== undefined) s.to = r.to;
      out.push(s);
    }
    return out;
  }

  /** A plain number of days when `e` is the same on every date (the waiting period). */
  constant(e: A.Expr): number | undefined {
    const d = this.dated(e, 0);
    if (!d || d.edges.length > 0) return undefined;
    const v = d.at(0)?.toNumber();
    return v === undefined || !Number.isFinite(v) ? undefined : v + 0;
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
        if (e.op !== 'neg') return null;
        const x = this.dated(e.operand, depth + 1);
        return x && { edges: x.edges, at: (d) => x.at(d)?.neg() };
      }
      case 'binary': {
        if (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/') return null;
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
      case 'ref': {
        const sym = this.plan.info.refs.get(e);
        return sym?.kind === 'param' ? this.param(sym.name, depth) : null;
      }
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
      default:
        return null;
    }
  }

  private param(name: string, depth: number): Dated | null {
    if (this.params.has(name)) return this.params.get(name)!;
    this.params.set(name, null); // a cycle (only in plans with errors) is not static
    const p = this.plan.params.get(name);
    let result: Dated | null = null;
    if (p) {
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
    }
    this.params.set(name, result);
    return result;
  }
}

/** A day number as the IR writes dates. */
export const isoDay = (day: number): string => formatDay(day);
