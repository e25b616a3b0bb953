// The plan's named things as closures, for expressions to refer to: parameters (in their integer
// and decimal forms), groups, catalogues by version and tables. Each is built the first time an
// expression asks for it, so declaration order does not matter.
import Decimal from 'decimal.js';
import { formatDay, parseDay } from '../core/dates';
import type { Env } from '../ir/env';
import { EvalError } from '../ir/env';
import type { IrDate, IrParam, IrTable, PlanIR } from '../ir/plan';
import { YES_NO_CELLS, yesNoKey } from '../ir/types';
import { IrShapeError, KEY_SEP, type Fn, type Mode, type Value } from './values';

export interface DatedStep<T> {
  from?: number;
  to?: number;
  value: T;
}

const dayOf = (d: IrDate | undefined): number | undefined => {
  if (d === undefined) return undefined;
  const day = parseDay(d);
  if (day === undefined) throw new IrShapeError(`not a date: ${d}`);
  return day;
};

/** IR date bounds as day numbers. */
export const span = (s: { from?: IrDate; to?: IrDate }): { from?: number; to?: number } => ({ from: dayOf(s.from), to: dayOf(s.to) });

/** The value in force on the evaluation date: the last step whose span holds it (none: YR006). */
export function versioned<T>(name: string, steps: DatedStep<T>[]): (env: Env) => T {
  // A shortcut for one undated value, which the loop below would find as well.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: see above
  if (steps.length === 1 && steps[0]!.from === undefined && steps[0]!.to === undefined) {
    const only = steps[0]!.value;
    return () => only;
  }
  return (env) => {
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i]!;
      // Past the shortcut above, steps are dated, each from a first day (the grammar).
      // Stryker disable next-line ConditionalExpression: see above
      if ((s.from === undefined || s.from <= env.day) && (s.to === undefined || env.day <= s.to)) return s.value;
    }
    throw new EvalError('YR006', { name, date: formatDay(env.day) });
  };
}

/** A table's rows by their joined key cells: decimals (or text) for the decimal path, fen for the integer one. */
export interface CompiledTable {
  name: string;
  rows: Map<string, Value>;
  /** Present when every row is money exact in fen. */
  fen?: Map<string, number>;
}

/** A table's rows by key, each row written yes/no also under the key a yes/no value looks up. */
function compileTable(t: IrTable): CompiledTable {
  const rows = new Map<string, Value>();
  const fen = new Map<string, number>();
  for (const r of t.rows) {
    const key = r.keys.join(KEY_SEP);
    rows.set(key, t.valueType === 'text' ? r.value : new Decimal(r.value));
    if (r.fen !== undefined) fen.set(key, r.fen);
  }
  // Money rows are whole fen (YB312): a money table has them all.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
  const allFen = t.valueType === 'money' && fen.size === rows.size;
  // A yes/no key is looked up as true or false: rows written yes/no also answer to that spelling.
  // (Only the decimal path looks up a yes/no key: a lookup by a yes/no value is never int.) Rows
  // that differ only by these spellings are refused (YB110), so no alias meets another row.
  for (const r of t.rows) {
    // Stryker disable next-line ConditionalExpression: a row without a yes/no cell is its own alias; setting it again changes nothing
    if (!r.keys.some((k) => Object.hasOwn(YES_NO_CELLS, k))) continue;
    rows.set(yesNoKey(r.keys).join(KEY_SEP), rows.get(r.keys.join(KEY_SEP))!);
  }
  return { name: t.name, rows, fen: allFen ? fen : undefined };
}

/** Builds a parameter's step values in one mode; supplied by the expression builder. */
export type StepBuilder = (p: IrParam, mode: Mode) => Fn[];

export class Scope {
  private readonly params = new Map<string, IrParam>();
  private readonly paramFns = new Map<string, Fn>();
  private readonly building = new Set<string>();
  private readonly tables = new Map<string, IrTable>();
  private readonly tableFns = new Map<string, CompiledTable>();
  private readonly catalogueFns = new Map<string, (env: Env) => ReadonlySet<string>>();
  /** Catalogues with one undated version: their codes, the same on every date. */
  private readonly undated = new Map<string, ReadonlySet<string>>();
  private readonly groupNames: Set<string>;
  /** Group tests, filled in by the plan compiler; read late, as groups may refer to later ones. */
  readonly groupFns = new Map<string, (env: Env) => boolean>();

  constructor(ir: PlanIR, private readonly steps: StepBuilder) {
    for (const p of ir.params) this.params.set(p.name, p);
    for (const t of ir.tables) this.tables.set(t.name, t);
    this.groupNames = new Set(ir.groups.map((g) => g.name));
    for (const c of ir.catalogues) {
      const versions = c.versions.map((v) => ({ ...span(v), value: new Set(v.codes) as ReadonlySet<string> }));
      this.catalogueFns.set(c.name, versioned(c.name, versions));
      const only = versions[0];
      if (versions.length === 1 && only!.from === undefined && only!.to === undefined) this.undated.set(c.name, only!.value);
    }
  }

  paramDecl(name: string): IrParam {
    const p = this.params.get(name);
    if (!p) throw new IrShapeError(`no parameter ${name}`);
    return p;
  }

  /** The parameter's value in force on the date, in the integer form or the decimal one. */
  param(name: string, mode: Mode): Fn {
    const key = `${mode}:${name}`;
    let fn = this.paramFns.get(key);
    // Stryker disable next-line ConditionalExpression: a parameter built again is the same parameter
    if (fn) return fn;
    if (this.building.has(key)) throw new IrShapeError(`parameter ${name} is defined in terms of itself`);
    this.building.add(key);
    // Stryker disable BlockStatement: once built, a parameter is found above and never built again, and a failure ends the compile
    try {
      fn = this.buildParam(this.paramDecl(name), mode);
    } finally {
      this.building.delete(key);
    }
    // Stryker restore BlockStatement
    this.paramFns.set(key, fn);
    return fn;
  }

  private buildParam(p: IrParam, mode: Mode): Fn {
    if (mode === 'int' && p.exact !== 'int') throw new IrShapeError(`parameter ${p.name} is not int`);
    const fns = this.steps(p, mode);
    // One step without dates in the integer form: the step itself (a constant stays one), which `versioned` would give too.
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: see above
    if (mode === 'int' && fns.length === 1 && p.steps[0]!.from === undefined) return fns[0]!;
    const pick = versioned(p.name, p.steps.map((s, i) => ({ ...span(s), value: fns[i]! })));
    return (env) => pick(env)(env);
  }

  table(name: string): CompiledTable {
    let t = this.tableFns.get(name);
    // Stryker disable next-line ConditionalExpression: a table compiled again holds the same rows
    if (!t) {
      const decl = this.tables.get(name);
      if (!decl) throw new IrShapeError(`no table ${name}`);
      this.tableFns.set(name, (t = compileTable(decl)));
    }
    return t;
  }

  catalogue(name: string): (env: Env) => ReadonlySet<string> {
    const c = this.catalogueFns.get(name);
    if (!c) throw new IrShapeError(`no catalogue ${name}`);
    return c;
  }

  /** A catalogue's codes when they are the same on every date (one undated version). */
  undatedCatalogue(name: string): ReadonlySet<string> | undefined {
    return this.undated.get(name);
  }

  /** A group's test, looked up when first run (a group's condition may name a group built after it). */
  group(name: string): (env: Env) => boolean {
    if (!this.groupNames.has(name)) throw new IrShapeError(`no group ${name}`);
    const groups = this.groupFns;
    return (env) => groups.get(name)!(env);
  }
}
