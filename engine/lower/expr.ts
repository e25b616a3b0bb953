// Expressions → typed trees: names resolved to what they are (a parameter, a fact, a setting's id,
// a group), every node with its type, its source range and how the compiler computes it.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import { CLAIM_FIELDS, MEMBER_FIELDS } from '../../grammar/vocabulary';
import { parseDay } from '../core/dates';
import type { CheckedPlan } from '../ir/model';
import { isLiteral, type Ty } from '../ir/types';
import type { IrCitation, IrConst, IrExpr, IrExprBase, IrRange, IrRepr, IrType } from '../ir/plan';
import type { ExactAnalysis } from './exact';

/** A source range copied into plain data (never the syntax tree's own objects). */
export function irRange(r: Range): IrRange {
  return {
    start: { line: r.start.line, column: r.start.column, offset: r.start.offset },
    end: { line: r.end.line, column: r.end.column, offset: r.end.offset },
  };
}

/** A citation as the IR holds it (absent fields left out). */
export function citation(c: A.Citation | undefined): IrCitation | undefined {
  if (!c) return undefined;
  return { document: c.document, ...(c.clause ? { clause: c.clause } : {}), ...(c.quote ? { quote: c.quote } : {}), range: irRange(c.range) };
}

/** The IR's name for a checker type. A bare number's unit is decided by the lowerer from where it stands. */
export function irType(t: Ty): IrType {
  switch (t.k) {
    case 'money': case 'ratio': case 'points': case 'days': case 'months': case 'date': case 'bool':
    // Stryker disable next-line ConditionalExpression: a case emptied of its return falls through to the next, which returns t.k as well
    case 'setting': case 'flag': case 'flags': case 'class': case 'list':
      return t.k;
    // Stryker disable next-line StringLiteral,ConditionalExpression: no lowered node has these types; groups, catalogues and tables are named by the nodes that use them
    case 'group': case 'catalogue': case 'table': return t.k;
    case 'string': return 'text';
    case 'enum': case 'enumlit': return 'enum';
    default: return 'number';
  }
}

const NUMERIC_UNITS = new Set<IrType>(['money', 'number', 'days']);
const MEMBER_FACTS = new Set(MEMBER_FIELDS.map((f) => f.id));
const CLAIM_FACTS = new Set(CLAIM_FIELDS.map((f) => f.id));
const REPR = new Set(['fen', 'bp', 'int', 'day']);
/** A bare number written in the plan: it takes the unit of the place it stands in. */
const bare = isLiteral;

export class ExprLowerer {
  constructor(
    private readonly plan: CheckedPlan,
    private readonly exact: ExactAnalysis,
  ) {}

  /** Lowers `e`; `unit`: the unit a bare number takes here (money where money is wanted…). */
  lower(e: A.Expr, unit?: IrType): IrExpr {
    // The range goes last, after the node's own fields: a reader sees what a node is first.
    const { range, ...node } = this.node(e, unit);
    return { ...node, range } as IrExpr;
  }

  private node(e: A.Expr, unit?: IrType): IrExpr {
    const t = this.plan.info.types.get(e)!; // a checked plan types every expression
    const resolve = (x: Ty): IrType => (bare(x) ? (unit && NUMERIC_UNITS.has(unit) ? unit : 'number') : irType(x));
    const type = resolve(t);
    const mark = this.exact.mark(e);
    const base: IrExprBase = {
      type,
      // A list of bare numbers takes the unit of the value it is tested against.
      ...(t.k === 'list' ? { of: resolve(t.of) } : {}),
      exact: mark ? ('int' as const) : ('decimal' as const),
      ...(mark && REPR.has(mark) ? { repr: mark as IrRepr } : {}),
      range: irRange(e.range),
    };
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'days':
      case 'months':
      case 'percent':
      case 'points':
        return this.constant(e, base);
      case 'fullYears':
        return { kind: 'full-years', ...base, from: this.lower(e.from), to: this.lower(e.to) };
      case 'date':
        return { kind: 'date', ...base, value: e.value, day: parseDay(e.value)! };
      case 'string':
        return { kind: 'text', ...base, value: e.value };
      case 'bool':
        return { kind: 'bool', ...base, value: e.value };
      case 'ref':
        return this.ref(e, base);
      case 'field': {
        const id = this.plan.info.fields.get(e)!;
        // A field's target is a root (YB103), and the checker refuses `bill` and `paid` in a plan.
        const root = (e.target as A.RootExpr).root as 'member' | 'claim' | 'item';
        if (root === 'member' && !MEMBER_FACTS.has(id)) return { kind: 'attribute', ...base, name: id };
        if (root === 'claim' && !CLAIM_FACTS.has(id)) return { kind: 'attribute', ...base, name: id, on: 'claim' };
        return { kind: 'fact', ...base, root, field: id };
      }
      case 'index': {
        const table = this.plan.info.refs.get(e.target)!.name;
        return { kind: 'lookup', ...base, table, keys: e.keys.map((k) => this.lower(k)) };
      }
      case 'list':
        return { kind: 'list', ...base, elements: e.elements.map((x) => this.lower(x, base.of)) };
      case 'unary':
        return e.op === 'not'
          ? { kind: 'not', ...base, operand: this.lower(e.operand) }
          : { kind: 'neg', ...base, operand: this.lower(e.operand, type) };
      case 'binary':
        return this.binary(e, base);
      case 'if':
        // A bare number in a branch takes the unit of the whole.
        return { kind: 'if', ...base, cond: this.lower(e.cond), then: this.lower(e.then, type), else: this.lower(e.else, type) };
      case 'extremum':
        return { kind: 'extremum', ...base, fn: e.fn, args: e.args.map((x) => this.lower(x, type)) };
      case 'items': {
        const catalogue = this.plan.info.refs.get(e)?.name;
        return {
          kind: 'items',
          ...base,
          ...(catalogue !== undefined ? { catalogue } : {}),
          ...(e.where ? { where: this.lower(e.where) } : {}),
        };
      }
      // Stryker disable next-line all: unreachable in a checked plan, see below
      case 'root':
      // Stryker disable next-line all: as above
      case 'fundFn':
        // `member in …` lowers to in-groups without lowering `member`; the checker refuses a root
        // as a value (YB202) and fund functions in a plan (YB971).
        // Stryker disable next-line StringLiteral: as above
        throw new Error(`unreachable: ${e.kind} is not a value in a checked plan`);
    }
  }

  private constant(e: A.NumberExpr | A.MoneyExpr | A.DaysExpr | A.MonthsExpr | A.PercentExpr | A.PointsExpr, base: IrExprBase): IrConst {
    const written = new Decimal(e.value);
    const ratio = e.kind === 'percent' || e.kind === 'points';
    const value = ratio ? written.div(100) : written;
    const out: IrConst = { kind: 'const', ...base, value: value.toFixed() };
    if (e.kind === 'number') out.bare = true;
    // Constants are bounded (YB311) and amounts and ratios have whole fen and basis points (YB312,
    // YB308); a bare number with a fraction is no whole fen, nor a whole number.
    const scaled = (d: Decimal) => (d.isInteger() ? d.toNumber() : undefined);
    const fen = base.type === 'money' ? scaled(value.times(100)) : undefined;
    const bp = ratio ? scaled(value.times(10000)) : undefined;
    const int = e.kind === 'number' || e.kind === 'days' || e.kind === 'months' ? scaled(written) : undefined;
    if (fen !== undefined) out.fen = fen;
    if (bp !== undefined) out.bp = bp;
    if (int !== undefined) out.int = int;
    return out;
  }

  private ref(e: A.RefExpr, base: IrExprBase): IrExpr {
    const sym = this.plan.info.refs.get(e)!; // a checked plan resolves every name
    if (sym.kind === 'param') return { kind: 'param', ...base, name: sym.name };
    // Past parameters, only settings, flags and enum values are read as values: groups, catalogues
    // and tables are named by the nodes that use them (in-groups, in-catalogue, lookup, items).
    const symbol = sym.kind as 'setting' | 'flag' | 'enum-value';
    return { kind: 'symbol', ...base, symbol, id: sym.id ?? sym.name };
  }

  private binary(e: A.BinaryExpr, base: IrExprBase): IrExpr {
    const lt = this.plan.info.types.get(e.left)!;
    const rt = this.plan.info.types.get(e.right)!;
    switch (e.op) {
      case 'and':
      case 'or':
        return { kind: 'logic', ...base, op: e.op, left: this.lower(e.left), right: this.lower(e.right) };
      case '+':
      case '-': {
        // A bare number takes the unit of the sum; beside a date it is a number of days.
        const side = base.type === 'date' ? 'days' : base.type;
        return { kind: 'arith', ...base, op: e.op, left: this.lower(e.left, side), right: this.lower(e.right, side) };
      }
      case '*':
      case '/':
        // money × number, money ÷ number: a bare left operand takes the product's unit.
        return { kind: 'arith', ...base, op: e.op, left: this.lower(e.left, bare(this.plan.info.types.get(e)!) ? base.type : undefined), right: this.lower(e.right) };
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        // A bare number takes the other side's unit (the unit is lost on anything but a bare number).
        const l = bare(lt) ? irType(rt) : undefined;
        const r = bare(rt) ? irType(lt) : undefined;
        return { kind: 'compare', ...base, op: e.op, left: this.lower(e.left, l), right: this.lower(e.right, r) };
      }
      case 'in':
        return this.membership(e, base);
      case 'has':
        return { kind: 'has', ...base, flags: this.lower(e.left), flag: this.lower(e.right) };
      case 'has-any':
        return { kind: 'has-any', ...base, flags: this.lower(e.left), list: this.lower(e.right) };
    }
  }

  private membership(e: A.BinaryExpr, base: IrExprBase): IrExpr {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only roots have a root, and `member` is the one root the checker lets stand left of `in` (YB202, YB203)
    if (e.left.kind === 'root' && e.left.root === 'member') {
      const names = e.right.kind === 'list' ? e.right.elements : [e.right];
      return { kind: 'in-groups', ...base, groups: names.map((x) => this.plan.info.refs.get(x)!.name) };
    }
    if (this.plan.info.types.get(e.right)!.k === 'catalogue') {
      return { kind: 'in-catalogue', ...base, value: this.lower(e.left), catalogue: this.plan.info.refs.get(e.right)!.name };
    }
    const value = this.lower(e.left);
    // A list's bare numbers take the unit of the value tested.
    const list = this.lower(e.right, value.type);
    return { kind: 'in-list', ...base, value, list };
  }
}
