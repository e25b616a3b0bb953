// Constants the engine must compute exactly. Money is held as whole fen and ratios as whole basis
// points in doubles (exact below 2^53), and decimal.js works to 20 significant digits. A number
// written in a plan that breaks these bounds would be rounded silently or make every claim fail
// at run time (YR011), so it is a check-time error instead, at the constant (spec/language.md §2.3):
//
//   money        whole fen (at most two decimals) and below one billion yuan: the bound of a
//                request amount, so a constant amount times any ratio up to 900 % stays below 2^53
//                in fen × basis points (99,999,999,999 × 90,000 < 9,007,199,254,740,991);
//   percentages  whole basis points (YB308) and at most 900 %, in either direction (points too):
//                a valid amount (below one billion yuan) times such a ratio stays exact;
//   numbers      (bare numbers that are not money: ages, years, counts, factors; durations in days)
//                below one billion and at most nine significant digits: an amount (at most eleven
//                digits in yuan) times such a factor has at most twenty, which decimal.js holds.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { diag } from '../ir/diagnostics';
import type { ExprInfo } from '../ir/model';

/** Amounts in a plan are below this many yuan. */
export const MONEY_BOUND = new Decimal('1e9');
/** Percentages and percentage points in a plan are at most this many percent. */
export const PERCENT_BOUND = new Decimal(900);
/** Bare numbers and day counts in a plan are below this. */
export const NUMBER_BOUND = new Decimal('1e9');
/** …and have at most this many significant digits. */
export const NUMBER_DIGITS = 9;

/** Where in a data file a value was read, for values that are not in the plan's own text. */
export interface DataPlace {
  path: string;
  line: number;
}

const placeArgs = (at?: DataPlace): Record<string, string | number> => (at ? { path: at.path, line: at.line } : {});

/** Reports a money constant (yuan) that is not whole fen or not below one billion yuan. */
export function checkMoneyConstant(value: Decimal, range: Range, out: Diagnostic[], at?: DataPlace): boolean {
  if (value.abs().gte(MONEY_BOUND)) {
    out.push(diag('YB311', range, { kind: 'money', value: value.toFixed(), ...placeArgs(at) }));
    return false;
  }
  if (value.decimalPlaces() > 2) {
    out.push(diag('YB312', range, { kind: 'money', value: value.toFixed(), ...placeArgs(at) }));
    return false;
  }
  return true;
}

/** Reports a percentage (as written: 55 for 55 %) above the bound or finer than a basis point. */
export function checkPercentConstant(percent: Decimal, unit: '%' | 'pp', range: Range, out: Diagnostic[], at?: DataPlace): boolean {
  if (percent.abs().gt(PERCENT_BOUND)) {
    out.push(diag('YB311', range, { kind: 'ratio', value: `${percent.toFixed()}${unit}`, ...placeArgs(at) }));
    return false;
  }
  return true;
}

/** Reports a bare number (not money) or a day count out of the exact range. */
export function checkNumberConstant(value: Decimal, range: Range, out: Diagnostic[]): boolean {
  if (value.abs().gte(NUMBER_BOUND)) {
    out.push(diag('YB311', range, { kind: 'number', value: value.toFixed() }));
    return false;
  }
  if (value.precision(true) > NUMBER_DIGITS && !value.isZero()) {
    out.push(diag('YB312', range, { kind: 'number', value: value.toFixed() }));
    return false;
  }
  return true;
}

/** How a literal is used: as money, as a plain number, or as text (a table key, compared as written). */
type Role = 'money' | 'number' | 'text';

/**
 * Walks a typed expression and checks every literal in it by the unit it takes. A bare number is
 * money when it stands where money is expected, or is added to, subtracted from or compared with
 * money; a factor of a product stays a number.
 */
export class ConstantChecker {
  private readonly seen = new WeakSet<A.Expr>();

  constructor(
    private readonly info: ExprInfo,
    private readonly out: Diagnostic[],
  ) {}

  private isMoney(e: A.Expr): boolean {
    return this.info.types.get(e)?.k === 'money';
  }

  /** Checks the literals of a root expression; `money`: the root stands where money is expected. */
  root(e: A.Expr, money: boolean): void {
    this.walk(e, money || this.isMoney(e) ? 'money' : 'number', 0);
  }

  private walk(e: A.Expr, role: Role, depth: number): void {
    if (depth > 400) return; // deeper expressions are refused by the expression checker (YB006)
    switch (e.kind) {
      case 'number':
      case 'money':
      case 'percent':
      case 'points':
      case 'days':
      case 'months':
        return this.literal(e, role);
      case 'fullYears':
        this.walk(e.from, 'number', depth + 1);
        return this.walk(e.to, 'number', depth + 1);
      case 'unary':
        return this.walk(e.operand, role, depth + 1);
      case 'list':
        for (const x of e.elements) this.walk(x, role, depth + 1);
        return;
      case 'index':
        this.walk(e.target, 'number', depth + 1);
        for (const k of e.keys) this.walk(k, 'text', depth + 1);
        return;
      case 'field':
        return this.walk(e.target, 'number', depth + 1);
      case 'items':
        if (e.where) this.walk(e.where, 'number', depth + 1);
        return;
      case 'binary':
        return this.binary(e, role, depth);
      case 'if': {
        // The branches stand where the whole does; the condition compares as in a comparison.
        const r: Role = role === 'money' || this.isMoney(e) ? 'money' : role;
        this.walk(e.cond, 'number', depth + 1);
        this.walk(e.then, r, depth + 1);
        this.walk(e.else, r, depth + 1);
        return;
      }
      case 'extremum': {
        const r: Role = role === 'money' || this.isMoney(e) ? 'money' : role;
        for (const x of e.args) this.walk(x, r, depth + 1);
        return;
      }
      default:
        return;
    }
  }

  private binary(e: A.BinaryExpr, role: Role, depth: number): void {
    const next = depth + 1;
    switch (e.op) {
      case '+':
      case '-': {
        const r: Role = role === 'money' || this.isMoney(e) ? 'money' : role === 'text' ? 'number' : role;
        this.walk(e.left, r, next);
        this.walk(e.right, r, next);
        return;
      }
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'in': {
        const r: Role = this.isMoney(e.left) || this.isMoney(e.right) ? 'money' : 'number';
        this.walk(e.left, r, next);
        this.walk(e.right, r, next);
        return;
      }
      default:
        // Factors of a product or quotient, and operands of logical operators, keep their own unit.
        this.walk(e.left, this.isMoney(e.left) ? 'money' : 'number', next);
        this.walk(e.right, this.isMoney(e.right) ? 'money' : 'number', next);
    }
  }

  private literal(e: A.NumberExpr | A.MoneyExpr | A.PercentExpr | A.PointsExpr | A.DaysExpr | A.MonthsExpr, role: Role): void {
    if (this.seen.has(e)) return;
    this.seen.add(e);
    let v: Decimal;
    try {
      v = new Decimal(e.value);
    } catch {
      return;
    }
    if (e.kind === 'money' || (e.kind === 'number' && role === 'money')) checkMoneyConstant(v, e.range, this.out);
    else if (e.kind === 'percent' || e.kind === 'points') checkPercentConstant(v, e.kind === 'percent' ? '%' : 'pp', e.range, this.out);
    else if (role !== 'text') checkNumberConstant(v, e.range, this.out);
  }
}
