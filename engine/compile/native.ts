// The fast path: expressions whose every step is exact in integers compile to closures over plain
// numbers (money in fen, ratios in basis points, ages and days as integers). Anything else
// (a ratio times money, a fractional number) returns undefined and takes the decimal.js path.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { ExprInfo } from '../ir/model';
import { firstDayOfYear, fullYears, parseDay } from '../core/dates';
import type { Env } from '../ir/env';
import { EvalError } from '../ir/env';
import { safe } from '../core/money';
import { selectItems } from './items';
import type { Ty } from '../ir/types';

/** Native kinds: fen, bp, int (counts, years, days), day (date), and the non-numeric ones. */
type Kind = 'fen' | 'bp' | 'int' | 'day' | 'bool' | 'text' | 'flags';
export interface Native {
  kind: Kind;
  fn: (env: Env) => number | boolean | string | ReadonlySet<string>;
  /** Set when the value does not depend on the member, the claim or the date. */
  constant?: number | boolean | string;
}

export interface NativeLookups {
  /** A parameter's native value, when it has one step, no date and a native expression. */
  param(name: string): Native | undefined;
  /** A group's native test. */
  group(name: string): ((env: Env) => boolean) | undefined;
  catalogue(name: string): ((env: Env) => ReadonlySet<string>) | undefined;
  table(name: string): { rows: Map<string, string>; money: boolean } | undefined;
}

const intOf = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);
const fenOf = (v: string): number | undefined => {
  const d = new Decimal(v).times(100);
  return d.isInteger() && d.abs().lte(Number.MAX_SAFE_INTEGER) ? d.toNumber() : undefined;
};
const bpOf = (v: string): number | undefined => {
  const d = new Decimal(v).times(100);
  return d.isInteger() ? d.toNumber() : undefined;
};

/** A claim fact read where there is no claim (a premium, through a parameter). */
function noClaim(env: Env): never {
  throw new EvalError('YR013', { member: env.member.id });
}

const konst = (kind: Kind, v: number | boolean | string): Native => ({ kind, fn: () => v, constant: v });
/** A literal, when its value is exact in this kind. */
const literal = (kind: Kind, v: number | undefined): Native | undefined => (v === undefined ? undefined : konst(kind, v));

export class NativeCompiler {
  constructor(
    private readonly info: ExprInfo,
    private readonly lookups: NativeLookups,
  ) {}

  /** Compiles `e` wanting `want` (fen for money, bp for ratios…); undefined when not exact. */
  compile(e: A.Expr, want?: Kind): Native | undefined {
    const n = this.inner(e, want);
    if (!n || (want && n.kind !== want)) return undefined;
    return n;
  }

  private type(e: A.Expr): Ty | undefined {
    return this.info.types.get(e);
  }

  private inner(e: A.Expr, want?: Kind): Native | undefined {
    switch (e.kind) {
      case 'number': {
        return want === 'fen' ? literal('fen', fenOf(e.value)) : literal('int', intOf(e.value));
      }
      case 'money':
        return literal('fen', fenOf(e.value));
      case 'percent':
      case 'points':
        return literal('bp', bpOf(e.value));
      case 'days':
        return literal('int', intOf(e.value));
      case 'date':
        return literal('day', parseDay(e.value));
      case 'string':
        return konst('text', e.value);
      case 'bool':
        return konst('bool', e.value);
      case 'ref':
        return this.ref(e);
      case 'field':
        return this.field(e);
      case 'index':
        return this.index(e);
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
      case 'items':
        return this.items(e);
      default:
        return undefined;
    }
  }

  private ref(e: A.RefExpr): Native | undefined {
    const sym = this.info.refs.get(e);
    if (!sym) return undefined;
    if (sym.kind === 'param') return this.lookups.param(sym.name);
    if (sym.kind === 'setting' || sym.kind === 'flag' || sym.kind === 'enum-value') return konst('text', sym.id ?? sym.name);
    return undefined;
  }

  /** A fact of the member, the claim or the item; public so the decimal compiler reads facts the same way. */
  field(e: A.FieldExpr): Native | undefined {
    const id = this.info.fields.get(e);
    const root = e.target.kind === 'root' ? e.target.root : undefined;
    if (!id || !root) return undefined;
    if (root === 'member') {
      switch (id) {
        case 'id': return { kind: 'text', fn: (env) => env.member.id };
        case 'birthDate': return { kind: 'day', fn: (env) => env.member.birthDay };
        case 'enrolledSince': return { kind: 'day', fn: (env) => env.member.enrolledDay };
        case 'age': return { kind: 'int', fn: (env) => fullYears(env.member.birthDay, env.day) };
        case 'enrolledYears': return { kind: 'int', fn: (env) => fullYears(env.member.enrolledDay, firstDayOfYear(env.year)) };
        case 'enrolledDays': return { kind: 'int', fn: (env) => Math.max(0, env.day - env.member.enrolledDay) };
      }
      const t = this.type(e);
      if (t?.k === 'bool' || t?.k === 'enum' || t?.k === 'string' || t?.k === 'date') {
        const kind: Kind = t.k === 'bool' ? 'bool' : t.k === 'date' ? 'day' : 'text';
        return {
          kind,
          fn: (env) => {
            const v = env.member.attributes.get(id);
            if (v === undefined) throw new EvalError('YR010', { member: env.member.id, attribute: id });
            return v as boolean | string | number;
          },
        };
      }
      return undefined;
    }
    if (root === 'claim') {
      const c = (env: Env) => env.claim ?? noClaim(env);
      switch (id) {
        case 'id': return { kind: 'text', fn: (env) => c(env).id };
        case 'date': return { kind: 'day', fn: (env) => c(env).day };
        case 'year': return { kind: 'int', fn: (env) => env.year };
        case 'setting': return { kind: 'text', fn: (env) => c(env).setting };
        case 'flags': return { kind: 'flags', fn: (env) => c(env).flags };
        case 'inPolicySelfPay': return { kind: 'fen', fn: (env) => (env.view ? env.view.in : c(env).netIn) };
        case 'outOfPolicySelfPay': return { kind: 'fen', fn: (env) => (env.view ? env.view.out : c(env).netOut) };
        case 'overLimitSelfPay': return { kind: 'fen', fn: (env) => c(env).overFen };
      }
      return undefined;
    }
    switch (id) {
      case 'code': return { kind: 'text', fn: (env) => env.item!.code };
      case 'amount': return { kind: 'fen', fn: (env) => env.item!.fen };
      case 'class': return { kind: 'text', fn: (env) => env.item!.cls };
      case 'category': return { kind: 'text', fn: (env) => env.item!.category };
    }
    return undefined;
  }

  private index(e: A.IndexExpr): Native | undefined {
    const sym = this.info.refs.get(e.target);
    const t = sym ? this.lookups.table(sym.name) : undefined;
    if (!t || !t.money) return undefined;
    const keys = e.keys.map((k) => this.inner(k));
    if (keys.some((k) => !k || (k.kind !== 'int' && k.kind !== 'text'))) return undefined;
    const fen = new Map<string, number>();
    for (const [k, v] of t.rows) {
      const f = fenOf(v);
      if (f === undefined) return undefined;
      fen.set(k, f);
    }
    const name = sym!.name;
    const ks = keys as Native[];
    return {
      kind: 'fen',
      fn: (env) => {
        const key = ks.length === 1 ? String(ks[0]!.fn(env)) : ks.map((k) => String(k.fn(env))).join('\u001f');
        const v = fen.get(key);
        if (v === undefined) throw new EvalError('YR007', { table: name, key: key.split('\u001f').join(', ') });
        return v;
      },
    };
  }

  private unary(e: A.UnaryExpr): Native | undefined {
    const x = this.inner(e.operand);
    if (!x) return undefined;
    if (e.op === 'not') {
      if (x.kind !== 'bool') return undefined;
      return { kind: 'bool', fn: (env) => !x.fn(env) };
    }
    if (x.kind !== 'fen' && x.kind !== 'int' && x.kind !== 'bp') return undefined;
    return { kind: x.kind, fn: (env) => -(x.fn(env) as number) };
  }

  /** Both operands in one numeric kind: a bare literal next to money becomes fen. */
  private pair(e: A.BinaryExpr): [Native, Native] | undefined {
    const lt = this.type(e.left);
    const rt = this.type(e.right);
    const money = lt?.k === 'money' || rt?.k === 'money';
    const l = this.inner(e.left, money && lt?.k !== 'money' ? 'fen' : undefined);
    const r = this.inner(e.right, money && rt?.k !== 'money' ? 'fen' : undefined);
    if (!l || !r) return undefined;
    return [l, r];
  }

  private binary(e: A.BinaryExpr): Native | undefined {
    switch (e.op) {
      case 'and':
      case 'or': {
        const l = this.inner(e.left);
        const r = this.inner(e.right);
        if (l?.kind !== 'bool' || r?.kind !== 'bool') return undefined;
        return e.op === 'and' ? { kind: 'bool', fn: (env) => Boolean(l.fn(env)) && Boolean(r.fn(env)) } : { kind: 'bool', fn: (env) => Boolean(l.fn(env)) || Boolean(r.fn(env)) };
      }
      case '+':
      case '-': {
        const p = this.pair(e);
        if (!p) return undefined;
        const [l, r] = p;
        if (l.kind === 'day' && r.kind === 'int') return e.op === '+' ? { kind: 'day', fn: (env) => (l.fn(env) as number) + (r.fn(env) as number) } : { kind: 'day', fn: (env) => (l.fn(env) as number) - (r.fn(env) as number) };
        if (l.kind !== r.kind || (l.kind !== 'fen' && l.kind !== 'int' && l.kind !== 'bp')) return undefined;
        return e.op === '+' ? { kind: l.kind, fn: (env) => safe((l.fn(env) as number) + (r.fn(env) as number)) } : { kind: l.kind, fn: (env) => safe((l.fn(env) as number) - (r.fn(env) as number)) };
      }
      case '*': {
        const l = this.inner(e.left);
        const r = this.inner(e.right);
        if (!l || !r) return undefined;
        // money × a whole number stays exact in fen
        if (l.kind === 'fen' && r.kind === 'int') return { kind: 'fen', fn: (env) => safe((l.fn(env) as number) * (r.fn(env) as number)) };
        if (l.kind === 'int' && r.kind === 'fen') return { kind: 'fen', fn: (env) => safe((l.fn(env) as number) * (r.fn(env) as number)) };
        if (l.kind === 'int' && r.kind === 'int') return { kind: 'int', fn: (env) => safe((l.fn(env) as number) * (r.fn(env) as number)) };
        return undefined;
      }
      case '=':
      case '!=': {
        const p = this.pair(e);
        if (!p) return undefined;
        const [l, r] = p;
        if (l.kind !== r.kind) return undefined;
        return e.op === '=' ? { kind: 'bool', fn: (env) => l.fn(env) === r.fn(env) } : { kind: 'bool', fn: (env) => l.fn(env) !== r.fn(env) };
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const p = this.pair(e);
        if (!p) return undefined;
        const [l, r] = p;
        if (l.kind !== r.kind || l.kind === 'bool' || l.kind === 'text' || l.kind === 'flags') return undefined;
        const a = l.fn;
        const b = r.fn;
        switch (e.op) {
          case '<': return { kind: 'bool', fn: (env) => (a(env) as number) < (b(env) as number) };
          case '<=': return { kind: 'bool', fn: (env) => (a(env) as number) <= (b(env) as number) };
          case '>': return { kind: 'bool', fn: (env) => (a(env) as number) > (b(env) as number) };
          default: return { kind: 'bool', fn: (env) => (a(env) as number) >= (b(env) as number) };
        }
      }
      case 'in':
        return this.membership(e);
      case 'has': {
        const l = this.inner(e.left);
        const r = this.inner(e.right);
        if (l?.kind !== 'flags' || r?.kind !== 'text') return undefined;
        return { kind: 'bool', fn: (env) => (l.fn(env) as ReadonlySet<string>).has(r.fn(env) as string) };
      }
      case 'has-any': {
        const l = this.inner(e.left);
        if (l?.kind !== 'flags' || e.right.kind !== 'list') return undefined;
        const vals = e.right.elements.map((x) => this.inner(x));
        if (vals.some((v) => v?.constant === undefined || v.kind !== 'text')) return undefined;
        const set = vals.map((v) => v!.constant as string);
        return { kind: 'bool', fn: (env) => { const f = l.fn(env) as ReadonlySet<string>; return set.some((s) => f.has(s)); } };
      }
      default:
        return undefined;
    }
  }

  private membership(e: A.BinaryExpr): Native | undefined {
    const rt = this.type(e.right);
    if (e.left.kind === 'root' && e.left.root === 'member') {
      const names = rt?.k === 'list' && e.right.kind === 'list' ? e.right.elements.map((x) => this.info.refs.get(x)?.name ?? '') : [this.info.refs.get(e.right)?.name ?? ''];
      const tests = names.map((n) => this.lookups.group(n));
      if (tests.some((t) => !t)) return undefined;
      const ts = tests as ((env: Env) => boolean)[];
      return { kind: 'bool', fn: (env) => ts.some((t) => t(env)) };
    }
    const l = this.inner(e.left);
    if (!l) return undefined;
    if (rt?.k === 'catalogue') {
      const cat = this.lookups.catalogue(this.info.refs.get(e.right)?.name ?? '');
      if (!cat || l.kind !== 'text') return undefined;
      return { kind: 'bool', fn: (env) => cat(env).has(l.fn(env) as string) };
    }
    if (e.right.kind !== 'list') return undefined;
    const vals = e.right.elements.map((x) => this.inner(x, l.kind === 'fen' ? 'fen' : undefined));
    if (vals.some((v) => v?.constant === undefined)) return undefined;
    const set = new Set(vals.map((v) => v!.constant));
    return { kind: 'bool', fn: (env) => set.has(l.fn(env) as number | string | boolean) };
  }

  private items(e: A.ItemsExpr): Native | undefined {
    const sym = this.info.refs.get(e);
    const cat = sym ? this.lookups.catalogue(sym.name) : undefined;
    if (sym && !cat) return undefined;
    const where = e.where ? this.inner(e.where) : undefined;
    if (e.where && where?.kind !== 'bool') return undefined;
    const w = where?.fn;
    return { kind: 'fen', fn: (env) => selectItems(env, cat?.(env), w) };
  }
}
