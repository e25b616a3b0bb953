// Where a value came from, for traces and explanations (spec §16.6): the table rows it looked up
// with their keys, the step of each dated parameter in force, and — for an amount — the claim's
// facts it read with their values. Built once from the IR; run only when a trace is asked for.
import Decimal from 'decimal.js';
import { formatDay } from '../core/dates';
import type { Env } from '../ir/env';
import type { IrExpr } from '../ir/plan';
import type { ExprBuilder } from './expr';
import { span, versioned } from './scope';
import { keyText, KEY_SEP, type Value } from './values';

/**
 * What one value was worked out from, on the claim being settled; undefined when there is nothing
 * to say. Names are canonical, as the IR writes them, in either language: an explanation in
 * Chinese translates them (cli/explain.ts).
 */
export type Provenance = (env: Env) => string | undefined;

/** One thing a value read. */
type Part = (env: Env) => string | undefined;

/** Runs a part; a failure (a missing row) says so instead of stopping the trace. */
const safely = (p: Part): Part => (env) => {
  try {
    return p(env);
  } catch {
    // nothing to say of it
  }
  return undefined;
};

function show(v: Value, type: IrExpr['type']): string {
  if (v instanceof Decimal) return type === 'money' ? v.toFixed(2) : v.toString();
  // Stryker disable next-line ConditionalExpression,LogicalOperator: in decimals only a date is a number, and a date is always one
  if (type === 'date' && typeof v === 'number') return formatDay(v);
  return String(v);
}

export class ProvenanceBuilder {
  constructor(private readonly x: ExprBuilder) {}

  /** The provenance of a value; `facts`: also name the claim and member facts it reads (amounts). */
  of(e: IrExpr | IrExpr[], facts = false): Provenance | undefined {
    const parts: Part[] = [];
    for (const x of Array.isArray(e) ? e : [e]) this.walk(x, facts, parts, 0);
    // Stryker disable next-line ConditionalExpression: a provenance of no parts says nothing, as none does
    if (parts.length === 0) return undefined;
    return (env) => {
      const out = parts.map((p) => p(env)).filter((s): s is string => !!s);
      // Stryker disable next-line ConditionalExpression: an empty text is left out of a trace as undefined is
      return out.length === 0 ? undefined : [...new Set(out)].join('; ');
    };
  }

  private walk(e: IrExpr, facts: boolean, parts: Part[], depth: number): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a bound on how deep a trace looks for sources; plans written by hand nest far less
    if (depth > 200) return;
    if (e.kind === 'lookup') parts.push(safely(this.lookup(e)));
    else if (e.kind === 'param') this.param(e.name, facts, parts, depth);
    else if (facts && (e.kind === 'fact' || e.kind === 'attribute') && e.type !== 'flags') {
      // Stryker disable next-line StringLiteral: the builder tells only 'int' from the rest
      const f = this.x.build(e, 'decimal');
      const root = e.kind === 'fact' ? e.root : e.on === 'claim' ? 'claim' : 'member';
      const field = e.kind === 'fact' ? e.field : e.name;
      parts.push(safely((env) => `${root}.${field} = ${show(f(env), e.type)}`));
    }
    // Stryker disable next-line ArithmeticOperator: the depth only cuts the walk past 200 levels, see above
    for (const child of children(e)) this.walk(child, facts, parts, depth + 1);
  }

  private lookup(e: Extract<IrExpr, { kind: 'lookup' }>): Part {
    // Stryker disable next-line StringLiteral: the builder tells only 'int' from the rest
    const keys = e.keys.map((k) => this.x.build(k, 'decimal'));
    const table = this.x.scope.table(e.table);
    return (env) => {
      const key = keys.map((k) => keyText(k(env)));
      const v = table.rows.get(key.join(KEY_SEP));
      return `${e.table}[${key.join(', ')}] = ${v === undefined ? '—' : show(v, e.type)}`;
    };
  }

  /** A parameter: for a dated one, the step in force; and what its value was worked out from. */
  private param(name: string, facts: boolean, parts: Part[], depth: number): void {
    const p = this.x.scope.paramDecl(name);
    // Stryker disable next-line MethodExpression,ConditionalExpression,LogicalOperator: a parameter is one undated value or steps that each begin on a day (the grammar), so any one step tells
    if (!p.steps.some((s) => s.from !== undefined || s.to !== undefined)) {
      // Stryker disable next-line ArithmeticOperator: the depth only cuts the walk past 200 levels, see walk
      for (const s of p.steps) this.walk(s.value, facts, parts, depth + 1);
      return;
    }
    const inner = p.steps.map((s) => {
      const sub: Part[] = [];
      // Stryker disable next-line ArithmeticOperator: the depth only cuts the walk past 200 levels, see walk
      this.walk(s.value, facts, sub, depth + 1);
      // Stryker disable next-line StringLiteral: every step of a dated parameter has a first day (the grammar)
      const label = `${name} ${s.from ?? ''}..${s.to ?? ''}`;
      return (env: Env): string => [label, ...sub.map((q) => q(env)).filter((t): t is string => !!t)].join('; ');
    });
    const pick = versioned(name, p.steps.map((s, i) => ({ ...span(s), value: inner[i]! })));
    parts.push(safely((env) => pick(env)(env)));
  }
}

/** The sub-expressions of a node. */
function children(e: IrExpr): IrExpr[] {
  const out: IrExpr[] = [];
  for (const [k, v] of Object.entries(e)) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: a range is no expression; skipping it only saves time
    if (k === 'range') continue;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: an expression's arrays hold expressions or names, and a name walked adds nothing
    if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'kind' in x) out.push(x as IrExpr);
    if (v && typeof v === 'object' && !Array.isArray(v) && 'kind' in v && 'exact' in v) out.push(v as IrExpr);
  }
  return out;
}
