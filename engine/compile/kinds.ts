// One closure builder per IR expression kind. Each builds the integer closure or the decimal one,
// as the mode says — the node's `exact` for a root, the root's for the nodes under it (lowering
// marks every node of a root alike; a parameter is built in both forms). Integer closures compute
// on plain numbers (fen, basis points, whole numbers, day numbers) and stop at the safe-integer
// range; decimal ones use decimal.js and are rounded where a root's money or ratio is used.
import Decimal from 'decimal.js';
import { fenToDecimal, safe } from '../core/money';
import { addMonths, fullYears } from '../core/dates';
import { EvalError } from '../ir/env';
import type { IrConst, IrExpr } from '../ir/plan';
import { attribute, fact } from './facts';
import { selectItems } from './items';
import type { Scope } from './scope';
import { compare, equal, IrShapeError, KEY_SEP, keyText, type Fn, type Mode, type Value } from './values';

/** A value an `int` node has before any claim: what a constant list is made of. */
export type Constant = number | string | boolean;

/** What a kind's builder asks of the builder it belongs to. */
export interface Builder {
  readonly scope: Scope;
  build(e: IrExpr, mode: Mode): Fn;
  /** The node's value when it is known before any claim (integer path only). */
  constant(e: IrExpr): Constant | undefined;
}

type Node<K extends IrExpr['kind']> = Extract<IrExpr, { kind: K }>;
type Build<K extends IrExpr['kind']> = (n: Node<K>, mode: Mode, b: Builder) => Fn;

const dec = (v: Value) => v as Decimal;
const num = (v: Value) => v as number;
const always = (v: Value): Fn => () => v;

/** The integer a numeric literal holds, as its `repr` says. */
export function intConst(n: IrConst): number {
  const v = n.repr === 'fen' ? n.fen : n.repr === 'bp' ? n.bp : n.repr === 'int' ? n.int : undefined;
  if (v === undefined) throw new IrShapeError(`constant ${n.value} has no ${n.repr ?? 'repr'} value`);
  return v;
}

function lookup(n: Node<'lookup'>, mode: Mode, b: Builder): Fn {
  const table = b.scope.table(n.table);
  const keys = n.keys.map((k) => b.build(k, mode));
  const missing = (key: string) => new EvalError('YR007', { table: table.name, key: key.split(KEY_SEP).join(', ') });
  if (mode === 'decimal') {
    const rows = table.rows;
    return (env) => {
      const key = keys.map((k) => keyText(k(env))).join(KEY_SEP);
      const v = rows.get(key);
      if (v === undefined) throw missing(key);
      return v;
    };
  }
  const fen = table.fen;
  if (!fen) throw new IrShapeError(`table ${n.table} is not money in whole fen`);
  // Integer keys are whole numbers or text: their text is the key cell as written.
  const get = (key: string): number => {
    const v = fen.get(key);
    if (v === undefined) throw missing(key);
    return v;
  };
  // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut; one key joined alone is that key's text
  if (keys.length === 1) {
    const k0 = keys[0]!;
    return (env) => get(String(k0(env)));
  }
  return (env) => get(keys.map((k) => String(k(env))).join(KEY_SEP));
}

function intArith(n: Node<'arith'>, l: Fn, r: Fn): Fn {
  // A date plus or minus calendar months (or years) moves by the calendar, not by days.
  if (n.repr === 'day' && n.right.type === 'months') return n.op === '+' ? (env) => addMonths(num(l(env)), num(r(env))) : (env) => addMonths(num(l(env)), -num(r(env)));
  // A date plus or minus whole days is a day number, as any sum of integers is.
  switch (n.op) {
    case '+': return (env) => safe(num(l(env)) + num(r(env)));
    case '-': return (env) => safe(num(l(env)) - num(r(env)));
    case '*': return (env) => safe(num(l(env)) * num(r(env)));
    default: throw new IrShapeError('a quotient is never int');
  }
}

function decimalArith(n: Node<'arith'>, l: Fn, r: Fn): Fn {
  const date = n.left.type === 'date';
  if (date && n.right.type === 'months') {
    const sign = n.op === '-' ? -1 : 1;
    return (env) => addMonths(num(l(env)), sign * wholeMonths(dec(r(env))));
  }
  switch (n.op) {
    case '+':
      return date ? (env) => num(l(env)) + dec(r(env)).toNumber() : (env) => dec(l(env)).plus(dec(r(env)));
    case '-':
      if (date && n.right.type === 'date') return (env) => new Decimal(num(l(env)) - num(r(env)));
      return date ? (env) => num(l(env)) - dec(r(env)).toNumber() : (env) => dec(l(env)).minus(dec(r(env)));
    case '*':
      return (env) => dec(l(env)).times(dec(r(env)));
    case '/':
      return (env) => {
        const d = dec(r(env));
        if (d.isZero()) throw new EvalError('YR009', {});
        return dec(l(env)).div(d);
      };
  }
}

function intCompare(op: Node<'compare'>['op'], l: Fn, r: Fn): Fn {
  switch (op) {
    case '=': return (env) => l(env) === r(env);
    case '!=': return (env) => l(env) !== r(env);
    case '<': return (env) => num(l(env)) < num(r(env));
    case '<=': return (env) => num(l(env)) <= num(r(env));
    case '>': return (env) => num(l(env)) > num(r(env));
    case '>=': return (env) => num(l(env)) >= num(r(env));
  }
}

function decimalCompare(op: Node<'compare'>['op'], l: Fn, r: Fn): Fn {
  switch (op) {
    case '=': return (env) => equal(l(env), r(env));
    case '!=': return (env) => !equal(l(env), r(env));
    case '<': return (env) => compare(l(env), r(env)) < 0;
    case '<=': return (env) => compare(l(env), r(env)) <= 0;
    case '>': return (env) => compare(l(env), r(env)) > 0;
    case '>=': return (env) => compare(l(env), r(env)) >= 0;
  }
}

/** The elements of a written list, each known before any claim (the integer path tests against them). */
function constants(list: IrExpr, b: Builder): Constant[] {
  if (list.kind !== 'list') throw new IrShapeError(`an int membership test needs a written list, not ${list.kind}`);
  return list.elements.map((e) => {
    const c = b.constant(e);
    if (c === undefined) throw new IrShapeError(`list element ${e.kind} is not a constant`);
    return c;
  });
}

function inList(n: Node<'in-list'>, mode: Mode, b: Builder): Fn {
  const v = b.build(n.value, mode);
  if (mode === 'int') {
    const set = new Set<Value>(constants(n.list, b));
    return (env) => set.has(v(env));
  }
  const list = b.build(n.list, mode);
  return (env) => {
    const x = v(env);
    return (list(env) as Value[]).some((y) => equal(x, y));
  };
}

function hasAny(n: Node<'has-any'>, mode: Mode, b: Builder): Fn {
  const flags = b.build(n.flags, mode);
  // In integers the test below is the same, only slower (it builds the list for every claim); the
  // decimal path cannot take this one (its list holds no integer constants: refused when compiled).
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: see above
  if (mode === 'int') {
    const ids = constants(n.list, b) as string[];
    return (env) => {
      const f = flags(env) as ReadonlySet<string>;
      // Stryker disable next-line EqualityOperator: one index past the end reads undefined, which no set of flags holds
      for (let i = 0; i < ids.length; i++) if (f.has(ids[i]!)) return true;
      return false;
    };
  }
  const list = b.build(n.list, mode);
  return (env) => {
    const f = flags(env) as ReadonlySet<string>;
    return (list(env) as Value[]).some((id) => f.has(id as string));
  };
}

function items(n: Node<'items'>, mode: Mode, b: Builder): Fn {
  const cat = n.catalogue === undefined ? undefined : b.scope.catalogue(n.catalogue);
  const where = n.where && b.build(n.where, mode);
  if (mode === 'int') return (env) => selectItems(env, cat?.(env), where);
  return (env) => fenToDecimal(selectItems(env, cat?.(env), where));
}

/**
 * Months added to a date are whole: a fraction of a month has no calendar meaning. A checked plan
 * writes whole months only (YB313) and never multiplies them (YB201); this stands against hand-made IR.
 */
function wholeMonths(d: Decimal): number {
  // Stryker disable next-line ConditionalExpression,StringLiteral: see above
  if (!d.isInteger()) throw new EvalError('YR011', {});
  return d.toNumber();
}

/** Full years from one date to another, as an integer or a decimal. */
function fullYearsBetween(n: Node<'full-years'>, mode: Mode, b: Builder): Fn {
  const from = b.build(n.from, mode);
  const to = b.build(n.to, mode);
  return mode === 'int' ? (env) => fullYears(num(from(env)), num(to(env))) : (env) => new Decimal(fullYears(num(from(env)), num(to(env))));
}

/** The smallest or largest argument; the first of equal ones. */
function extremum(n: Node<'extremum'>, mode: Mode, b: Builder): Fn {
  const args = n.args.map((a) => b.build(a, mode));
  const sign = n.fn === 'min' ? -1 : 1;
  // compare() orders integers and decimals alike: one loop for both paths.
  return (env) => {
    let v = args[0]!(env);
    for (let i = 1; i < args.length; i++) {
      const x = args[i]!(env);
      // Stryker disable next-line EqualityOperator,ArithmeticOperator: of equal arguments either is the value; sign is ±1, so dividing by it multiplies
      if (compare(x, v) * sign > 0) v = x;
    }
    return v;
  };
}

const ARITH = { int: intArith, decimal: decimalArith };
const COMPARE = { int: intCompare, decimal: decimalCompare };

export const BUILDERS: { [K in IrExpr['kind']]: Build<K> } = {
  const: (n, mode) => always(mode === 'int' ? intConst(n) : new Decimal(n.value)),
  date: (n) => always(n.day),
  text: (n) => always(n.value),
  bool: (n) => always(n.value),
  // Settings and flags by canonical id, attribute values, and names standing alone.
  symbol: (n) => always(n.id),
  param: (n, mode, b) => b.scope.param(n.name, mode),
  fact: (n, mode) => fact(n, mode),
  attribute: (n, mode) => attribute(n, mode),
  lookup,
  list: (n, mode, b) => {
    const els = n.elements.map((e) => b.build(e, mode));
    return (env) => els.map((f) => f(env));
  },
  neg: (n, mode, b) => {
    const f = b.build(n.operand, mode);
    return mode === 'int' ? (env) => -num(f(env)) : (env) => dec(f(env)).neg();
  },
  not: (n, mode, b) => {
    const f = b.build(n.operand, mode);
    return (env) => !f(env);
  },
  arith: (n, mode, b) => ARITH[mode](n, b.build(n.left, mode), b.build(n.right, mode)),
  compare: (n, mode, b) => COMPARE[mode](n.op, b.build(n.left, mode), b.build(n.right, mode)),
  logic: (n, mode, b) => {
    const l = b.build(n.left, mode);
    const r = b.build(n.right, mode);
    return n.op === 'and' ? (env) => Boolean(l(env)) && Boolean(r(env)) : (env) => Boolean(l(env)) || Boolean(r(env));
  },
  // Every group has its own test, whichever way its condition computes.
  'in-groups': (n, _mode, b) => {
    const tests = n.groups.map((g) => b.scope.group(g));
    return (env) => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(env)) return true;
      return false;
    };
  },
  'in-catalogue': (n, mode, b) => {
    const cat = b.scope.catalogue(n.catalogue);
    const v = b.build(n.value, mode);
    return (env) => cat(env).has(v(env) as string);
  },
  'in-list': inList,
  has: (n, mode, b) => {
    const flags = b.build(n.flags, mode);
    const flag = b.build(n.flag, mode);
    return (env) => (flags(env) as ReadonlySet<string>).has(flag(env) as string);
  },
  'has-any': hasAny,
  items,
  // Only the branch the condition picks is evaluated: the other may fail (a missing row, ÷ 0).
  if: (n, mode, b) => {
    const c = b.build(n.cond, mode);
    const t = b.build(n.then, mode);
    const e = b.build(n.else, mode);
    return (env) => (c(env) ? t(env) : e(env));
  },
  extremum,
  'full-years': fullYearsBetween,
};
