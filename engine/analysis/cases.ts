// Every value a ratio or money expression of a plan can take on a date, each with the conditions
// that lead to it and the place in the plan that gives it: the ground a proof over a plan stands on.
// `if` branches, parameters' date steps, table rows, min/max and + − × ÷ of these are enumerated;
// a value read from the member or the claim (an attribute, a fact, items) cannot be, and says so.
import Decimal from 'decimal.js';
import { yearOf } from '../core/benefit-year';
import { inForce, parseDay } from '../core/dates';
import { yearRule } from '../compile/plan';
import type { IrExpr, IrRange, PlanIR } from '../ir/plan';

/** One way a condition of an `if` went on the path to a value. */
export interface PathStep { condition: IrExpr; holds: boolean }

/** A value (a ratio as a fraction, money in yuan, a plain number) and how it is reached. */
export interface Case { value: Decimal; path: PathStep[]; at: IrRange }

/** The expression cannot be enumerated: what it depends on, where. */
export interface Unbounded { unbounded: IrRange }

const MAX_CASES = 4096;

/** The cases of `e` on `day`, or where it depends on something the plan does not fix. */
export function casesOf(plan: PlanIR, e: IrExpr, day: string): Case[] | Unbounded {
  switch (e.kind) {
    case 'const': return [{ value: new Decimal(e.value), path: [], at: e.range }];
    case 'param': {
      const p = plan.params.find((x) => x.name === e.name);
      // The step in force: the last whose span holds the day, as the compiler picks.
      const step = [...(p?.steps ?? [])].reverse().find((s) => inForce(s, day));
      // No step in force: a claim on this day fails (YR006), so it pays nothing at any ratio.
      return step ? casesOf(plan, step.value, day) : [];
    }
    case 'if': {
      const cond = e.cond;
      const t = casesOf(plan, e.then, day);
      const f = casesOf(plan, e.else, day);
      if ('unbounded' in t) return t;
      if ('unbounded' in f) return f;
      return [
        ...t.map((c) => ({ ...c, path: [{ condition: cond, holds: true }, ...c.path] })),
        ...f.map((c) => ({ ...c, path: [{ condition: cond, holds: false }, ...c.path] })),
      ];
    }
    case 'neg': {
      const o = casesOf(plan, e.operand, day);
      return 'unbounded' in o ? o : o.map((c) => ({ ...c, value: c.value.neg() }));
    }
    case 'arith': return combine(plan, [e.left, e.right], day, e.range, ([a, b]) => arith(e.op, a!, b!));
    case 'extremum': return combine(plan, e.args, day, e.range, (vs) => (e.fn === 'min' ? Decimal.min(...vs) : Decimal.max(...vs)));
    case 'lookup': {
      const t = plan.tables.find((x) => x.name === e.table);
      if (!t) return { unbounded: e.range };
      // Keys fixed by the day (a year, a constant) pick rows; an enumerated attribute as a key makes
      // each row a case on the way to which the attribute takes the row's key.
      const known = e.keys.map((k) => keyOnDay(plan, k, day));
      const rows = t.rows.filter((r) => known.every((k, i) => k === undefined || r.keys[i] === k));
      return rows.map((r) => ({ value: new Decimal(r.value), path: e.keys.flatMap((k, i) => (known[i] === undefined ? keyStep(k, r.keys[i]!) : [])), at: e.range }));
    }
    default: return { unbounded: e.range };
  }
}

function arith(op: '+' | '-' | '*' | '/', a: Decimal, b: Decimal): Decimal | undefined {
  switch (op) {
    case '+': return a.plus(b);
    case '-': return a.minus(b);
    case '*': return a.times(b);
    case '/': return b.isZero() ? undefined : a.div(b);
  }
}

/** The cartesian product of the operands' cases, each combined by `f` (undefined: no value, as a zero divisor). */
function combine(plan: PlanIR, operands: IrExpr[], day: string, at: IrRange, f: (vs: Decimal[]) => Decimal | undefined): Case[] | Unbounded {
  let acc: { values: Decimal[]; path: PathStep[]; at: IrRange }[] = [{ values: [], path: [], at }];
  for (const o of operands) {
    const cs = casesOf(plan, o, day);
    if ('unbounded' in cs) return cs;
    if (acc.length * cs.length > MAX_CASES) return { unbounded: at };
    acc = acc.flatMap((a) => cs.map((c) => ({ values: [...a.values, c.value], path: [...a.path, ...c.path], at: operands.length === 1 ? c.at : a.at })));
  }
  const out: Case[] = [];
  for (const a of acc) {
    const v = f(a.values);
    if (v !== undefined) out.push({ value: v, path: a.path, at: a.at });
  }
  return out;
}

/** A table key's text when the day alone fixes it: a constant, the claim's year, sums of these. */
function keyOnDay(plan: PlanIR, e: IrExpr, day: string): string | undefined {
  const n = numberOnDay(plan, e, day);
  if (n !== undefined) return String(n);
  if (e.kind === 'text') return e.value;
  if (e.kind === 'symbol') return e.id;
  return undefined;
}

function numberOnDay(plan: PlanIR, e: IrExpr, day: string): number | undefined {
  if (e.kind === 'const' && e.int !== undefined) return e.int;
  if (e.kind === 'fact' && e.root === 'claim' && e.field === 'year' && plan.header.year.kind !== 'anniversary') {
    return yearOf(yearRule(plan.header.year), parseDay(day)!, 0);
  }
  if (e.kind === 'arith' && (e.op === '+' || e.op === '-')) {
    const l = numberOnDay(plan, e.left, day);
    const r = numberOnDay(plan, e.right, day);
    return l === undefined || r === undefined ? undefined : e.op === '+' ? l + r : l - r;
  }
  return undefined;
}

/** The condition that an enumerated attribute used as a key equals the row's key. */
function keyStep(k: IrExpr, value: string): PathStep[] {
  if (k.kind !== 'attribute') return [];
  const symbol: IrExpr = { kind: 'symbol', symbol: 'enum-value', id: value, type: 'enum', exact: 'decimal', range: k.range };
  return [{ condition: { kind: 'compare', op: '=', left: k, right: symbol, type: 'bool', exact: 'decimal', range: k.range }, holds: true }];
}
