// Types every expression, resolves its names and fields, and reports unit errors.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { CLAIM_FIELDS, ITEM_FIELDS, MEMBER_FIELDS, type FactType, type FieldSpec } from '../../grammar/vocabulary';
import { diag } from '../ir/diagnostics';
import type { ExprInfo, Sym } from '../ir/model';
import { parseDay } from '../core/dates';
import { T, type Ty, tyName, assignable, addUnits, mulUnits, orderable, equatable, isLiteral, joinTypes } from '../ir/types';
import { closest } from './suggest';
import { ConstantChecker } from './constants';

/** How deeply operators may nest in one expression (a chain of 500 additions is this deep). */
export const MAX_EXPRESSION_DEPTH = 400;

const ROOT_ZH = { member: '参保人', claim: '理赔', item: '明细', bill: '账单', paid: '已付' } as const;

export interface Scope {
  lookup(name: string): Sym | undefined;
  names(): string[];
  attributes: Map<string, { name: string; type: Ty }>;
  claimAttributes: Map<string, { name: string; type: Ty }>;
  tableKeyCount(name: string): number | undefined;
  symbolType(sym: Sym): Ty;
}

export interface ExprContext {
  /** Roots allowed here. */
  roots: ReadonlySet<'member' | 'claim' | 'item'>;
  /** Description for YB206 when a root is not allowed. */
  what: [string, string];
  /** A bare number standing alone here is money (a parameter's value). */
  bareIsMoney?: boolean;
}

const FACT_TYPES: Record<FactType, Ty> = {
  money: T.money, number: T.number, date: T.date, bool: T.bool, string: T.string,
  setting: T.setting, flags: T.flags, class: T.class, groups: { k: 'list', of: T.group },
};

export class ExpressionChecker {
  private readonly constants: ConstantChecker;

  constructor(
    private readonly scope: Scope,
    private readonly info: ExprInfo,
    private readonly out: Diagnostic[],
  ) {
    this.constants = new ConstantChecker(info, out);
  }

  /** Types `e` and reports when it cannot stand where `expected` is wanted. */
  expect(e: A.Expr, expected: Ty, ctx: ExprContext): Ty {
    const t = this.type(e, ctx, expected.k === 'money');
    if (!assignable(t, expected)) this.wrongType(e, expected, t);
    return t;
  }

  condition(e: A.Expr, ctx: ExprContext): void {
    this.cond(e, ctx);
    this.constants.root(e, false);
  }

  private cond(e: A.Expr, ctx: ExprContext): void {
    const t = this.sub(e, ctx);
    if (t.k !== 'bool' && t.k !== 'error') {
      this.out.push(diag('YB203', e.range, { actual: tyName(t), actualZh: tyName(t, 'zh') }));
    }
  }

  wrongType(e: A.Expr, expected: Ty, actual: Ty): void {
    this.out.push(
      diag('YB202', e.range, {
        expected: tyName(expected), expectedZh: tyName(expected, 'zh'), actual: tyName(actual), actualZh: tyName(actual, 'zh'),
      }),
    );
  }

  private depth = 0;

  /**
   * Types a whole expression (a parameter's value, an amount, a condition…), then checks that
   * every constant in it is exact (§2.3); `moneyHere`: it stands where money is expected.
   */
  type(e: A.Expr, ctx: ExprContext, moneyHere = false): Ty {
    const t = this.sub(e, ctx);
    this.constants.root(e, moneyHere || (ctx.bareIsMoney === true && t.k === 'number' && t.literal === true));
    return t;
  }

  /** Types a part of an expression. */
  private sub(e: A.Expr, ctx: ExprContext): Ty {
    // Expressions deeper than this are refused before they could exhaust the stack here, in the
    // compiler or at run time.
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      if (this.depth === MAX_EXPRESSION_DEPTH) this.out.push(diag('YB006', e.range, { limit: MAX_EXPRESSION_DEPTH }));
      this.info.types.set(e, T.error);
      return T.error;
    }
    this.depth++;
    try {
      const t = this.infer(e, ctx);
      this.info.types.set(e, t);
      return t;
    } finally {
      this.depth--;
    }
  }

  private infer(e: A.Expr, ctx: ExprContext): Ty {
    switch (e.kind) {
      case 'number': return T.literal;
      case 'money': return T.money;
      case 'percent': return this.percent(e);
      case 'points': return this.percent(e);
      case 'days': return this.duration(e, T.days);
      case 'months': return this.duration(e, T.months);
      case 'fullYears': return this.fullYears(e, ctx);
      case 'date':
        if (parseDay(e.value) === undefined) this.out.push(diag('YB004', e.range, { text: e.value }));
        return T.date;
      case 'string': return T.string;
      case 'bool': return T.bool;
      case 'ref': return this.ref(e);
      case 'root':
        // `claim` or `member` alone is not a value: a field (claim.date) is.
        if (this.requireRoot(e.root, e, ctx)) this.out.push(diag('YB202', e.range, { expected: `a field such as ${e.root}.${e.root === 'member' ? 'age' : e.root === 'claim' ? 'date' : 'code'}`, expectedZh: '字段（如 理赔.日期）', actual: e.root, actualZh: ROOT_ZH[e.root] }));
        return T.error;
      case 'field': return this.field(e, ctx);
      case 'index': return this.index(e, ctx);
      case 'list': return this.list(e, ctx);
      case 'unary': return this.unary(e, ctx);
      case 'binary': return this.binary(e, ctx);
      case 'items': return this.items(e, ctx);
      case 'if': return this.conditional(e, ctx);
      case 'extremum': return this.extremum(e, ctx);
      case 'fundFn':
        // previous, cycleMean and cycleSum read a fund plan's years (check/fund.ts), not a claim.
        this.out.push(diag('YB971', e.fnRange, { fn: e.fn }));
        return T.error;
    }
  }

  private fullYears(e: A.FullYearsExpr, ctx: ExprContext): Ty {
    for (const x of [e.from, e.to]) {
      const t = this.sub(x, ctx);
      if (t.k !== 'date' && t.k !== 'error') this.wrongType(x, T.date, t);
    }
    return T.number;
  }

  private conditional(e: A.IfExpr, ctx: ExprContext): Ty {
    this.cond(e.cond, ctx);
    const a = this.sub(e.then, ctx);
    const b = this.sub(e.else, ctx);
    const t = joinTypes(a, b);
    if (t) return t;
    this.out.push(diag('YB207', e.else.range, { left: tyName(a), right: tyName(b), leftZh: tyName(a, 'zh'), rightZh: tyName(b, 'zh') }));
    return T.error;
  }

  private extremum(e: A.ExtremumExpr, ctx: ExprContext): Ty {
    const types = e.args.map((x) => this.sub(x, ctx));
    let t = types[0] ?? T.error;
    for (let i = 1; i < types.length && t.k !== 'error'; i++) {
      const next = joinTypes(t, types[i]!);
      if (!next || !orderable(next, next)) return this.badExtremum(e, e.args[i]!, t, types[i]!);
      t = next;
    }
    if (!orderable(t, t)) return this.badExtremum(e, e.args[0]!, t, t);
    return t;
  }

  private badExtremum(e: A.ExtremumExpr, at: A.Expr, a: Ty, b: Ty): Ty {
    const fnZh = e.fn === 'min' ? '较小值' : '较大值';
    this.out.push(diag('YB208', at.range, { fn: e.fn, fnZh, left: tyName(a), right: tyName(b), leftZh: tyName(a, 'zh'), rightZh: tyName(b, 'zh') }));
    return T.error;
  }

  /** Days and months are counted whole: half a day or a month has no calendar meaning. */
  private duration(e: A.DaysExpr | A.MonthsExpr, t: Ty): Ty {
    if (!new Decimal(e.value).isInteger()) {
      const [unit, unitZh] = e.kind === 'days' ? ['days', '天'] : ['months', '个月'];
      this.out.push(diag('YB313', e.range, { value: e.value, unit, unitZh }));
    }
    return t;
  }

  private percent(e: A.PercentExpr | A.PointsExpr): Ty {
    const v = new Decimal(e.value);
    if (v.decimalPlaces() > 2) this.out.push(diag('YB308', e.range, { value: `${e.value}${e.kind === 'percent' ? '%' : 'pp'}` }));
    return e.kind === 'percent' ? T.ratio : T.points;
  }

  private requireRoot(root: A.RootExpr['root'], e: A.Expr, ctx: ExprContext): boolean {
    // A bill and what lower layers paid exist only in a chain's layer inputs (check/chain.ts).
    if (root === 'bill' || root === 'paid') {
      this.out.push(diag('YB961', e.range, { root }));
      return false;
    }
    if (ctx.roots.has(root)) return true;
    if (root === 'item') this.out.push(diag('YB106', e.range));
    else this.out.push(diag('YB206', e.range, { what: ctx.what[0], whatZh: ctx.what[1], on: root }));
    return false;
  }

  private ref(e: A.RefExpr): Ty {
    if (e.name === '') return T.error; // the parser already reported this spot
    const sym = this.scope.lookup(e.name);
    if (!sym) {
      this.out.push(diag('YB101', e.range, { name: e.name, hint: closest(e.name, this.scope.names()) ?? '' }));
      return T.error;
    }
    this.info.refs.set(e, sym);
    return this.scope.symbolType(sym);
  }

  private field(e: A.FieldExpr, ctx: ExprContext): Ty {
    const target = e.target;
    if (target.kind !== 'root') {
      this.sub(target, ctx);
      this.out.push(diag('YB103', e.field.range, { root: 'this value', rootZh: '此值', field: e.field.text, hint: '' }));
      return T.error;
    }
    if (!this.requireRoot(target.root, target, ctx)) return T.error;
    const specs: readonly FieldSpec[] = target.root === 'member' ? MEMBER_FIELDS : target.root === 'claim' ? CLAIM_FIELDS : ITEM_FIELDS;
    const spec = specs.find((f) => f.id === e.field.text || f.zh === e.field.text);
    if (spec) {
      this.info.fields.set(e, spec.id);
      return FACT_TYPES[spec.type];
    }
    const declared = target.root === 'member' ? this.scope.attributes : target.root === 'claim' ? this.scope.claimAttributes : undefined;
    const attr = declared?.get(e.field.text);
    if (attr) {
      this.info.fields.set(e, attr.name);
      return attr.type;
    }
    const all = [...specs.flatMap((f) => [f.id, f.zh]), ...(declared?.keys() ?? [])];
    const rootZh = ROOT_ZH[target.root];
    this.out.push(diag('YB103', e.field.range, { root: target.root, rootZh, field: e.field.text, hint: closest(e.field.text, all) ?? '' }));
    return T.error;
  }

  private index(e: A.IndexExpr, ctx: ExprContext): Ty {
    const t = this.sub(e.target, ctx);
    e.keys.forEach((k) => this.sub(k, ctx));
    if (t.k === 'error') return T.error;
    const sym = this.info.refs.get(e.target);
    if (t.k !== 'table' || !sym) {
      this.wrongType(e.target, T.table, t);
      return T.error;
    }
    if (!this.named(e.target, 'table')) return T.error;
    const expected = this.scope.tableKeyCount(sym.name);
    if (expected !== undefined && expected !== e.keys.length) {
      this.out.push(diag('YB111', e.range, { name: sym.name, expected, actual: e.keys.length }));
    }
    return this.scope.symbolType({ ...sym, kind: 'table', id: 'value' });
  }

  private list(e: A.ListExpr, ctx: ExprContext): Ty {
    const types = e.elements.map((x) => this.sub(x, ctx));
    const first = types.find((t) => t.k !== 'error' && t.k !== 'enumlit') ?? types[0] ?? T.error;
    return { k: 'list', of: first };
  }

  private unary(e: A.UnaryExpr, ctx: ExprContext): Ty {
    const t = this.sub(e.operand, ctx);
    if (e.op === 'not') {
      if (t.k !== 'bool' && t.k !== 'error') this.out.push(diag('YB203', e.operand.range, { actual: tyName(t), actualZh: tyName(t, 'zh') }));
      return T.bool;
    }
    if (!['money', 'number', 'ratio', 'points', 'days', 'error'].includes(t.k)) this.wrongType(e.operand, T.number, t);
    return t;
  }

  private mismatch(e: A.BinaryExpr, l: Ty, r: Ty): Ty {
    const opZh: Record<string, string> = { '+': '相加', '-': '相减', '*': '相乘', '/': '相除' };
    const opEn: Record<string, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide' };
    const args = { op: opEn[e.op] ?? e.op, opZh: opZh[e.op] ?? e.op, left: tyName(l), right: tyName(r), leftZh: tyName(l, 'zh'), rightZh: tyName(r, 'zh') };
    this.out.push(diag('YB201', e.opRange, this.precedenceMisread(e) ? { ...args, hint: 'parentheses' } : args));
    return T.error;
  }

  /**
   * Whether a sum that does not fit would fit with the parentheses the other way: `a * b + c`
   * read as `a * (b + c)`, or `a + b * c` as `(a + b) * c` (× and ÷ bind before + and −).
   */
  private precedenceMisread(e: A.BinaryExpr): boolean {
    if (e.op !== '+' && e.op !== '-') return false;
    const t = (x: A.Expr) => this.info.types.get(x) ?? T.error;
    const product = (x: A.Expr): x is A.BinaryExpr => x.kind === 'binary' && (x.op === '*' || x.op === '/');
    if (product(e.left)) {
      const sum = addUnits(t(e.left.right), t(e.right), e.op);
      if (sum && sum.k !== 'error' && mulUnits(t(e.left.left), sum, e.left.op as '*' | '/')) return true;
    }
    if (product(e.right)) {
      const sum = addUnits(t(e.left), t(e.right.left), e.op);
      if (sum && sum.k !== 'error' && mulUnits(sum, t(e.right.right), e.right.op as '*' | '/')) return true;
    }
    return false;
  }

  private binary(e: A.BinaryExpr, ctx: ExprContext): Ty {
    if (e.op === 'and' || e.op === 'or') {
      this.cond(e.left, ctx);
      this.cond(e.right, ctx);
      return T.bool;
    }
    // `member in GROUP`: the member itself is the operand, not a value.
    const memberTest = e.op === 'in' && e.left.kind === 'root' && e.left.root === 'member' && this.requireRoot('member', e.left, ctx);
    const l = memberTest ? T.error : this.sub(e.left, ctx);
    const r = this.sub(e.right, ctx);
    switch (e.op) {
      case '+':
      case '-':
        return addUnits(l, r, e.op) ?? this.mismatch(e, l, r);
      case '*':
      case '/':
        if (e.op === '/' && e.right.kind === 'number' && new Decimal(e.right.value).isZero()) return this.mismatch(e, l, r);
        return mulUnits(l, r, e.op) ?? this.mismatch(e, l, r);
      case '=':
      case '!=':
        if (!equatable(l, r)) this.out.push(diag('YB204', e.opRange, { left: tyName(l), right: tyName(r), leftZh: tyName(l, 'zh'), rightZh: tyName(r, 'zh') }));
        return T.bool;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!orderable(l, r)) this.out.push(diag('YB204', e.opRange, { left: tyName(l), right: tyName(r), leftZh: tyName(l, 'zh'), rightZh: tyName(r, 'zh') }));
        return T.bool;
      case 'in':
        return this.membership(e, l, r);
      case 'has':
      case 'has-any':
        return this.has(e, l, r);
    }
  }

  private membership(e: A.BinaryExpr, l: Ty, r: Ty): Ty {
    if (e.left.kind === 'root' && e.left.root === 'member') {
      if (r.k === 'error') return T.bool;
      if (r.k === 'group' || (r.k === 'list' && r.of.k === 'group')) {
        (e.right.kind === 'list' ? e.right.elements : [e.right]).forEach((x) => this.named(x, 'group'));
        return T.bool;
      }
    } else if (r.k === 'catalogue') {
      if (l.k === 'string') {
        this.named(e.right, 'catalogue');
        return T.bool;
      }
    } else if (r.k === 'list') {
      if (equatable(l, r.of) || (e.right.kind === 'list' && (e.right as A.ListExpr).elements.every((x) => equatable(l, this.info.types.get(x) ?? T.error)))) return T.bool;
    }
    this.out.push(diag('YB205', e.right.range, { actual: tyName(r), actualZh: tyName(r, 'zh') }));
    return T.bool;
  }

  /**
   * A group, catalogue or table is named where it is used. The plan IR and the compiler take the
   * name written there; a parameter holding one (`param Gs = [A]`, `member in Gs`), which could
   * also differ by date, has no test, codes or rows of its own.
   */
  private named(e: A.Expr, kind: 'group' | 'catalogue' | 'table'): boolean {
    const sym = this.info.refs.get(e);
    if (!sym || sym.kind === kind) return true;
    this.out.push(diag('YB105', e.range, { name: sym.name, actual: sym.kind, expected: kind }));
    return false;
  }

  private has(e: A.BinaryExpr, l: Ty, r: Ty): Ty {
    if (l.k === 'error' || r.k === 'error') return T.bool;
    if (l.k !== 'flags') this.wrongType(e.left, T.flags, l);
    const want: Ty = e.op === 'has-any' ? { k: 'list', of: T.flag } : T.flag;
    if (!assignable(r, want)) this.wrongType(e.right, want, r);
    return T.bool;
  }

  private items(e: A.ItemsExpr, ctx: ExprContext): Ty {
    if (!this.requireRoot('claim', e, ctx)) return T.error;
    if (e.catalogue) {
      const sym = this.scope.lookup(e.catalogue.text);
      if (!sym) this.out.push(diag('YB101', e.catalogue.range, { name: e.catalogue.text, hint: closest(e.catalogue.text, this.scope.names()) ?? '' }));
      else if (sym.kind !== 'catalogue') this.out.push(diag('YB105', e.catalogue.range, { name: e.catalogue.text, actual: sym.kind, expected: 'catalogue' }));
      else this.info.refs.set(e, sym);
    }
    if (e.where) this.cond(e.where, { roots: new Set([...ctx.roots, 'item']), what: ctx.what });
    return T.money;
  }
}

export { isLiteral };
