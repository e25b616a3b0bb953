// Expressions → closures over an evaluation environment. No AST is walked per claim.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { ExprInfo } from '../ir/model';
import { parseDay } from '../core/dates';
import { fenToDecimal } from '../core/money';
import { KEY_SEP } from '../check/data';
import type { Env } from '../ir/env';
import { selectItems } from './items';
import type { NativeCompiler, Native } from './native';
import { EvalError } from '../ir/env';

export type Value = Decimal | boolean | string | number | ReadonlySet<string> | Value[] | undefined;
export type Fn = (env: Env) => Value;

export interface Lookups {
  param(name: string): (env: Env) => Value;
  table(name: string): { keys: number; rows: Map<string, string>; ratio: boolean; money: boolean };
  catalogue(name: string): (env: Env) => ReadonlySet<string>;
  group(name: string): (env: Env) => boolean;
}

const dec = (v: Value) => v as Decimal;

export class ExprCompiler {
  constructor(
    private readonly info: ExprInfo,
    private readonly lookups: Lookups,
    /** Facts are read by the integer compiler's accessors, converted, so they are defined once. */
    private readonly native: NativeCompiler,
  ) {}

  compile(e: A.Expr): Fn {
    const c = this.compileInner(e);
    return c;
  }

  /** A compiled expression with its literal-only subtrees folded to constants. */
  private compileInner(e: A.Expr): Fn {
    switch (e.kind) {
      case 'number':
      case 'money': {
        const v = new Decimal(e.value);
        return () => v;
      }
      case 'percent':
      case 'points': {
        const v = new Decimal(e.value).div(100);
        return () => v;
      }
      case 'days': {
        const v = new Decimal(e.value);
        return () => v;
      }
      case 'date': {
        const v = parseDay(e.value)!;
        return () => v;
      }
      case 'string': {
        const v = e.value;
        return () => v;
      }
      case 'bool': {
        const v = e.value;
        return () => v;
      }
      case 'ref':
        return this.ref(e);
      case 'root':
        return () => undefined;
      case 'field':
        return this.field(e);
      case 'index':
        return this.index(e);
      case 'list': {
        const els = e.elements.map((x) => this.compile(x));
        return (env) => els.map((f) => f(env));
      }
      case 'unary': {
        const f = this.compile(e.operand);
        return e.op === 'not' ? (env) => !f(env) : (env) => dec(f(env)).neg();
      }
      case 'binary':
        return this.binary(e);
      case 'items':
        return this.items(e);
    }
  }

  private ref(e: A.RefExpr): Fn {
    const sym = this.info.refs.get(e);
    if (!sym) return () => undefined;
    switch (sym.kind) {
      case 'param':
        return this.lookups.param(sym.name);
      case 'setting':
      case 'flag':
      case 'enum-value': {
        const id = sym.id ?? sym.name;
        return () => id;
      }
      default: {
        const name = sym.name;
        return () => name; // groups, catalogues, tables: used by `in` and indexing
      }
    }
  }

  private field(e: A.FieldExpr): Fn {
    const id = this.info.fields.get(e);
    if (!id || e.target.kind !== 'root') return () => undefined;
    const n = this.native.field(e);
    return n ? decimalFact(n) : attribute(id);
  }

  private index(e: A.IndexExpr): Fn {
    const sym = this.info.refs.get(e.target);
    if (!sym) return () => undefined;
    const t = this.lookups.table(sym.name);
    const keys = e.keys.map((k) => this.compile(k));
    const name = sym.name;
    return (env) => {
      const key = keys.map((k) => keyText(k(env))).join(KEY_SEP);
      const v = t.rows.get(key);
      if (v === undefined) throw new EvalError('YR007', { table: name, key: key.split(KEY_SEP).join(', ') });
      return t.ratio || t.money ? new Decimal(v) : v;
    };
  }

  private binary(e: A.BinaryExpr): Fn {
    const l = this.compile(e.left);
    const r = this.compile(e.right);
    const lt = this.info.types.get(e.left);
    switch (e.op) {
      case 'and':
        return (env) => Boolean(l(env)) && Boolean(r(env));
      case 'or':
        return (env) => Boolean(l(env)) || Boolean(r(env));
      case '+':
        if (lt?.k === 'date') return (env) => (l(env) as number) + dec(r(env)).toNumber();
        return (env) => dec(l(env)).plus(dec(r(env)));
      case '-':
        if (lt?.k === 'date') {
          const rt = this.info.types.get(e.right);
          if (rt?.k === 'date') return (env) => new Decimal((l(env) as number) - (r(env) as number));
          return (env) => (l(env) as number) - dec(r(env)).toNumber();
        }
        return (env) => dec(l(env)).minus(dec(r(env)));
      case '*':
        return (env) => dec(l(env)).times(dec(r(env)));
      case '/':
        return (env) => {
          const d = dec(r(env));
          if (d.isZero()) throw new EvalError('YR009', {});
          return dec(l(env)).div(d);
        };
      case '=':
        return (env) => equal(l(env), r(env));
      case '!=':
        return (env) => !equal(l(env), r(env));
      case '<':
        return (env) => compare(l(env), r(env)) < 0;
      case '<=':
        return (env) => compare(l(env), r(env)) <= 0;
      case '>':
        return (env) => compare(l(env), r(env)) > 0;
      case '>=':
        return (env) => compare(l(env), r(env)) >= 0;
      case 'in':
        return this.membership(e, l, r);
      case 'has':
        return (env) => (l(env) as ReadonlySet<string>).has(r(env) as string);
      case 'has-any':
        return (env) => {
          const flags = l(env) as ReadonlySet<string>;
          return (r(env) as Value[]).some((f) => flags.has(f as string));
        };
    }
  }

  private membership(e: A.BinaryExpr, l: Fn, r: Fn): Fn {
    const rt = this.info.types.get(e.right);
    if (e.left.kind === 'root' && e.left.root === 'member') {
      const names = rt?.k === 'list' ? (e.right as A.ListExpr).elements.map((x) => this.info.refs.get(x)?.name ?? '') : [this.info.refs.get(e.right)?.name ?? ''];
      const preds = names.map((n) => this.lookups.group(n));
      return (env) => preds.some((p) => p(env));
    }
    if (rt?.k === 'catalogue') {
      const cat = this.lookups.catalogue(this.info.refs.get(e.right)?.name ?? '');
      return (env) => cat(env).has(l(env) as string);
    }
    return (env) => {
      const v = l(env);
      return (r(env) as Value[]).some((x) => equal(v, x));
    };
  }

  private items(e: A.ItemsExpr): Fn {
    const sym = this.info.refs.get(e);
    const cat = sym ? this.lookups.catalogue(sym.name) : undefined;
    const where = e.where ? this.compile(e.where) : undefined;
    return (env) => fenToDecimal(selectItems(env, cat?.(env), where));
  }

}

function keyText(v: Value): string {
  if (v instanceof Decimal) return v.toFixed();
  return String(v);
}

function equal(a: Value, b: Value): boolean {
  if (a instanceof Decimal && b instanceof Decimal) return a.eq(b);
  return a === b;
}

function compare(a: Value, b: Value): number {
  if (a instanceof Decimal && b instanceof Decimal) return a.cmp(b);
  return (a as number) - (b as number);
}

/** A fact as the decimal path wants it: money and counts as Decimal, the rest as they are. */
function decimalFact(n: Native): Fn {
  const f = n.fn;
  if (n.kind === 'fen') return (env) => fenToDecimal(f(env) as number);
  if (n.kind === 'int') return (env) => new Decimal(f(env) as number);
  return f as Fn;
}

/** Numeric attributes, which the integer path leaves to decimal.js. */
function attribute(id: string): Fn {
  return (env) => {
    const v = env.member.attributes.get(id);
    if (v === undefined) throw new EvalError('YR010', { member: env.member.id, attribute: id });
    return v;
  };
}
