// Which expressions compute in exact integers: the decision is taken here, once, and recorded on
// every IR node (`exact`, `repr`); the compiler (engine/compile/) builds each node's closure as
// marked. A root expression (an amount, a band edge, a condition…) is native when every step of
// it is exact in integers and it yields the kind its place wants (fen for money, basis points for
// ratios, a yes/no for conditions); otherwise the compiler evaluates the whole of it with
// decimal.js. Both paths give the same value wherever a root may take either.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import { parseDay } from '../core/dates';
import type { CheckedPlan } from '../ir/model';

/** The integer kinds (an IR node's `repr`, or a non-numeric value); `list` marks a constant list a native membership test reads. */
export type Kind = 'fen' | 'bp' | 'int' | 'day' | 'bool' | 'text' | 'flags';
type Mark = Kind | 'list';

interface Nat {
  kind: Kind;
  /** Set when the value is a constant (a literal, a name, a parameter of one constant step): a native list holds only these. */
  constant?: true;
}

const intOf = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);
/**
 * A value in hundredths, when whole: yuan as fen, a percentage as basis points. The checker refuses
 * constants past the safe integers (YB311), so only a fraction can fail here.
 */
const hundredths = (v: string): number | undefined => {
  const d = new Decimal(v).times(100);
  return d.isInteger() ? d.toNumber() : undefined;
};

const konst = (kind: Kind): Nat => ({ kind, constant: true });
const literal = (kind: Kind, v: number | undefined): Nat | undefined => (v === undefined ? undefined : konst(kind));

export class ExactAnalysis {
  /** Nodes of roots (and parameters) the integer path computes, with their kind. */
  private readonly marks = new Map<A.Expr, Mark>();
  private readonly params = new Map<string, Nat | undefined>();
  /** Marks of the root (or parameter) being analysed; merged into `marks` only when the whole of it is native. */
  private pending = new Map<A.Expr, Mark>();

  constructor(private readonly plan: CheckedPlan) {}

  /** Analyses a root expression wanting `want`; true when the compiler computes it natively. */
  root(e: A.Expr, want?: Kind): boolean {
    // Roots do not nest (a parameter inside one keeps its own marks, below).
    this.pending = new Map();
    const n = this.inner(e, want);
    const ok = n !== undefined && (!want || n.kind === want);
    if (ok) for (const [k, v] of this.pending) this.marks.set(k, v);
    return ok;
  }

  /** The parameter's native form: every step native, of one kind (memoised). */
  param(name: string): Nat | undefined {
    // Stryker disable next-line ConditionalExpression: analysing a parameter again gives the same answer and the same marks
    if (this.params.has(name)) return this.params.get(name);
    // Names resolve to declared parameters only (this is called for a parameter's symbol).
    const p = this.plan.params.get(name)!;
    // A parameter met inside a root has marks of its own: the root's are set aside meanwhile.
    const outer = this.pending;
    this.pending = new Map();
    let result: Nat | undefined;
    const steps = p.value.steps.map((s) => this.inner(s.value));
    if (!steps.some((s) => !s) && new Set(steps.map((s) => s!.kind)).size === 1) {
      const native = steps as Nat[];
      // Stryker disable next-line ConditionalExpression: a first step without a first day is a parameter's only step (the steps of a dated one each have theirs)
      result = native.length === 1 && p.value.steps[0]!.from === undefined ? native[0] : { kind: native[0]!.kind };
      for (const [k, v] of this.pending) this.marks.set(k, v);
    }
    this.pending = outer;
    this.params.set(name, result);
    return result;
  }

  /** The integer kind of a node, when its root is native. */
  mark(e: A.Expr): Mark | undefined {
    return this.marks.get(e);
  }

  private note(e: A.Expr, n: Nat | undefined): Nat | undefined {
    if (n) this.pending.set(e, n.kind);
    return n;
  }

  private inner(e: A.Expr, want?: Kind): Nat | undefined {
    return this.note(e, this.kindOf(e, want));
  }

  /** A checked plan has a type for every expression. */
  private type(e: A.Expr) {
    return this.plan.info.types.get(e)!;
  }

  private kindOf(e: A.Expr, want?: Kind): Nat | undefined {
    switch (e.kind) {
      case 'number':
        return want === 'fen' ? literal('fen', hundredths(e.value)) : literal('int', intOf(e.value));
      case 'money':
        return literal('fen', hundredths(e.value));
      case 'percent':
      case 'points':
        return literal('bp', hundredths(e.value));
      case 'days':
      case 'months':
        return literal('int', intOf(e.value));
      case 'fullYears': {
        const a = this.inner(e.from);
        const b = this.inner(e.to);
        return a?.kind === 'day' && b?.kind === 'day' ? { kind: 'int' } : undefined;
      }
      case 'date':
        return literal('day', parseDay(e.value));
      case 'string':
        return konst('text');
      case 'bool':
        return konst('bool');
      case 'ref': {
        const sym = this.plan.info.refs.get(e)!; // a checked plan resolves every name
        if (sym.kind === 'param') return this.param(sym.name);
        // Stryker disable next-line ConditionalExpression: no other name reaches here; groups, catalogues and tables are read by the nodes that name them (membership, lookups, items), which never ask their kind
        return sym.kind === 'setting' || sym.kind === 'flag' || sym.kind === 'enum-value' ? konst('text') : undefined;
      }
      case 'field':
        return this.field(e);
      case 'index':
        return this.index(e);
      case 'unary': {
        // The checker admits `not` on a yes/no and `-` on a number only (YB202): the kind carries through.
        const x = this.inner(e.operand);
        return x && { kind: x.kind };
      }
      case 'binary':
        return this.binary(e);
      case 'if':
        return this.conditional(e, want);
      case 'extremum':
        return this.extremum(e, want);
      case 'items': {
        // `items(C)` names a catalogue (YB105 refuses anything else), and its sum is money.
        const where = e.where ? this.inner(e.where) : undefined;
        if (e.where && where?.kind !== 'bool') return undefined;
        return { kind: 'fen' };
      }
      // Stryker disable next-line ConditionalExpression: without the default the switch ends, and the method returns undefined all the same
      default:
        return undefined;
    }
  }

  /** What a bare number in a branch or argument of `e` is: fen where `e` is money. */
  private wantIn(e: A.Expr, want?: Kind): Kind | undefined {
    return this.type(e).k === 'money' ? 'fen' : want;
  }

  /** Native when the condition is and both branches are, of one kind. */
  private conditional(e: A.IfExpr, want?: Kind): Nat | undefined {
    const c = this.inner(e.cond);
    const w = this.wantIn(e, want);
    const a = this.inner(e.then, w);
    const b = this.inner(e.else, w);
    // Branches of one type are of one kind once bare numbers take the branch's unit (a bare 1 beside 50 %, which would not, is YB207).
    // Stryker disable next-line ConditionalExpression: see above
    if (c?.kind !== 'bool' || !a || !b || a.kind !== b.kind) return undefined;
    return { kind: a.kind };
  }

  /** Native when every argument is a number of one integer kind (fen, basis points, whole numbers, days). */
  private extremum(e: A.ExtremumExpr, want?: Kind): Nat | undefined {
    const w = this.wantIn(e, want);
    const args = e.args.map((x) => this.inner(x, w));
    // Arguments of one type (YB208) may still differ in kind (a bare 1 beside 50 %), as branches may.
    if (args.some((x) => !x || x.kind !== args[0]!.kind)) return undefined;
    return { kind: args[0]!.kind };
  }

  private field(e: A.FieldExpr): Nat | undefined {
    // A checked plan has fields of member, claim and item only (YB103), each with its id.
    const id = this.plan.info.fields.get(e)!;
    const root = (e.target as A.RootExpr).root;
    // Facts typed text or date are read as attributes of those types are (attributeKind).
    if (root === 'member') {
      switch (id) {
        case 'age': case 'enrolledYears': case 'enrolledDays': return { kind: 'int' };
      }
      return this.attributeKind(e);
    }
    if (root === 'claim') {
      switch (id) {
        case 'setting': return { kind: 'text' };
        case 'year': return { kind: 'int' };
        case 'flags': return { kind: 'flags' };
        case 'inPolicySelfPay': case 'outOfPolicySelfPay': case 'overLimitSelfPay': return { kind: 'fen' };
      }
      return this.attributeKind(e);
    }
    switch (id) {
      case 'code': case 'class': case 'category': return { kind: 'text' };
      case 'amount': return { kind: 'fen' };
    }
    return undefined;
  }

  /** A declared attribute read as it is: yes/no, a day, text; numbers and money stay decimal. */
  private attributeKind(e: A.FieldExpr): Nat | undefined {
    const t = this.type(e);
    if (t.k === 'bool') return { kind: 'bool' };
    if (t.k === 'date') return { kind: 'day' };
    if (t.k === 'enum' || t.k === 'string') return { kind: 'text' };
    return undefined;
  }

  private index(e: A.IndexExpr): Nat | undefined {
    const sym = this.plan.info.refs.get(e.target);
    const t = sym ? this.plan.tables.get(sym.name) : undefined;
    if (!t || t.valueType.k !== 'money') return undefined;
    const keys = e.keys.map((k) => this.inner(k));
    if (keys.some((k) => !k || (k.kind !== 'int' && k.kind !== 'text'))) return undefined;
    // Every row of a money table is whole fen (YB312), so the lookup is.
    return { kind: 'fen' };
  }

  /** Both operands in one numeric kind: a bare literal next to money becomes fen. */
  private pair(e: A.BinaryExpr): [Nat, Nat] | undefined {
    // A money operand wants fen too, and has it already: only a bare number changes.
    const want = this.type(e.left).k === 'money' || this.type(e.right).k === 'money' ? 'fen' : undefined;
    const l = this.inner(e.left, want);
    const r = this.inner(e.right, want);
    if (!l || !r) return undefined;
    return [l, r];
  }

  private binary(e: A.BinaryExpr): Nat | undefined {
    switch (e.op) {
      case 'and':
      case 'or': {
        const l = this.inner(e.left);
        const r = this.inner(e.right);
        return l?.kind === 'bool' && r?.kind === 'bool' ? { kind: 'bool' } : undefined;
      }
      case '+':
      case '-': {
        const p = this.pair(e);
        if (!p) return undefined;
        const [l, r] = p;
        if (l.kind === 'day' && r.kind === 'int') return { kind: 'day' };
        // Numbers of one kind add up natively; two dates' difference (a count of days) stays decimal.
        if (l.kind !== r.kind || (l.kind !== 'fen' && l.kind !== 'int' && l.kind !== 'bp')) return undefined;
        return { kind: l.kind };
      }
      case '*': {
        const l = this.inner(e.left);
        const r = this.inner(e.right);
        if (!l || !r) return undefined;
        if ((l.kind === 'fen' && r.kind === 'int') || (l.kind === 'int' && r.kind === 'fen')) return { kind: 'fen' };
        if (l.kind === 'int' && r.kind === 'int') return { kind: 'int' };
        return undefined;
      }
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const p = this.pair(e);
        if (!p) return undefined;
        const [l, r] = p;
        // Operands of one type may still differ in kind (fen beside whole yuan). (Ordering is defined on numbers and dates only, YB204.)
        if (l.kind !== r.kind) return undefined;
        return { kind: 'bool' };
      }
      case 'in':
        return this.membership(e);
      case 'has': {
        // `claim.flags has FLAG` is the one form the checker admits (YB202): both sides are native.
        this.inner(e.left);
        this.inner(e.right);
        return { kind: 'bool' };
      }
      case 'has-any': {
        // `claim.flags has any [F, …]`, flag names only (YB202), is native; a parameter holding the list is not.
        this.inner(e.left);
        if (e.right.kind !== 'list') return undefined;
        e.right.elements.forEach((x) => this.inner(x));
        this.pending.set(e.right, 'list');
        return { kind: 'bool' };
      }
      // Stryker disable next-line ConditionalExpression: without the default the switch ends, and the method returns undefined all the same
      default:
        return undefined;
    }
  }

  private membership(e: A.BinaryExpr): Nat | undefined {
    const rt = this.type(e.right);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only roots have a root, and `member` is the one root the checker lets stand left of `in` (YB202, YB203)
    if (e.left.kind === 'root' && e.left.root === 'member') {
      // Every group has a test (native or not): `member in G` is always native.
      return { kind: 'bool' };
    }
    const l = this.inner(e.left);
    if (!l) return undefined;
    // Text in a catalogue is the one test on a catalogue the checker admits (YB205).
    if (rt.k === 'catalogue') return { kind: 'bool' };
    // A list written out; a parameter holding one is not native.
    if (e.right.kind !== 'list') return undefined;
    const vals = e.right.elements.map((x) => this.inner(x, l.kind === 'fen' ? 'fen' : undefined));
    // Constants of the tested value's own kind only: a bare-number parameter holds whole yuan,
    // which must not be taken for fen (`claim.inPolicySelfPay in [P]` is decimal).
    if (vals.some((v) => !v?.constant || v.kind !== l.kind)) return undefined;
    this.pending.set(e.right, 'list');
    return { kind: 'bool' };
  }
}
