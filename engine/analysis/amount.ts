// A benefit's eligible amount as a piecewise-linear function of one input of the claim: the money
// field (or money claim attribute) its amount reads first, or the items it sums when it reads no
// field. Every other input of the claim is taken as 0, so `claim.inPolicySelfPay +
// claim.outOfPolicySelfPay` is the input itself and `min(claim.inPolicySelfPay, 2万)` stops at 2万.
import Decimal from 'decimal.js';
import { inForce } from '../core/dates';
import type { IrExpr, IrRange, PlanIR } from '../ir/plan';
import * as pl from './piecewise';

/** What a counterexample's claim must carry for the amount to be x. */
export type AmountInput =
  | { kind: 'field'; name: string }
  | { kind: 'attribute'; name: string }
  | { kind: 'items'; catalogue?: string };

export type AmountCurve = { input: AmountInput; curve: pl.PL } | { unsupported: IrRange };

const MONEY_FIELDS = new Set(['inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay']);

/** The input `e` reads first: a money field or money claim attribute, else the items it sums. */
export function amountInput(plan: PlanIR, e: IrExpr): AmountInput | undefined {
  const walk = (x: IrExpr): AmountInput | undefined => {
    if (x.kind === 'fact' && x.root === 'claim' && MONEY_FIELDS.has(x.field)) return { kind: 'field', name: x.field };
    if (x.kind === 'attribute' && x.on === 'claim' && plan.claimAttributes.find((a) => a.name === x.name)?.type === 'money') return { kind: 'attribute', name: x.name };
    for (const child of subExpressions(x)) {
      const found = walk(child);
      if (found) return found;
    }
    return undefined;
  };
  return walk(e) ?? itemsIn(e);
}

function itemsIn(e: IrExpr): AmountInput | undefined {
  if (e.kind === 'items') return { kind: 'items', ...(e.catalogue ? { catalogue: e.catalogue } : {}) };
  for (const child of subExpressions(e)) {
    const found = itemsIn(child);
    if (found) return found;
  }
  return undefined;
}

/** The expressions directly inside `e`: its operands, arguments, keys and elements. */
export const subExpressions = (e: IrExpr): IrExpr[] =>
  Object.values(e).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is IrExpr => typeof v === 'object' && v !== null && 'kind' in v && 'exact' in v);

/** The eligible amount of `e` on `day` as a function of its input (negative counts as 0). */
export function amountCurve(plan: PlanIR, e: IrExpr, day: string): AmountCurve {
  const input = amountInput(plan, e);
  if (!input) return { unsupported: e.range };
  const c = curveOf(plan, e, input, day);
  return 'unsupported' in c ? c : { input, curve: pl.max(c, pl.constant(0)) };
}

const sameInput = (a: AmountInput, e: IrExpr): boolean =>
  (a.kind === 'field' && e.kind === 'fact' && e.root === 'claim' && e.field === a.name) ||
  (a.kind === 'attribute' && e.kind === 'attribute' && e.on === 'claim' && e.name === a.name) ||
  (a.kind === 'items' && e.kind === 'items' && e.catalogue === a.catalogue && !e.where);

function curveOf(plan: PlanIR, e: IrExpr, input: AmountInput, day: string): pl.PL | { unsupported: IrRange } {
  if (sameInput(input, e)) return pl.identity();
  switch (e.kind) {
    case 'const': return pl.constant(e.value);
    case 'fact': return e.root === 'claim' && MONEY_FIELDS.has(e.field) ? pl.constant(0) : { unsupported: e.range };
    case 'attribute': return e.on === 'claim' ? pl.constant(0) : { unsupported: e.range };
    case 'items': return pl.constant(0);
    case 'param': {
      const step = [...(plan.params.find((p) => p.name === e.name)?.steps ?? [])].reverse().find((s) => inForce(s, day));
      return step ? curveOf(plan, step.value, input, day) : { unsupported: e.range };
    }
    case 'arith': return arith(plan, e.op, e.left, e.right, input, day, e.range);
    case 'extremum': {
      let acc: pl.PL | undefined;
      for (const a of e.args) {
        const c = curveOf(plan, a, input, day);
        if ('unsupported' in c) return c;
        acc = acc ? (e.fn === 'min' ? pl.min(acc, c) : pl.max(acc, c)) : c;
      }
      return acc ?? { unsupported: e.range };
    }
    default: return { unsupported: e.range };
  }
}

function arith(plan: PlanIR, op: '+' | '-' | '*' | '/', l: IrExpr, r: IrExpr, input: AmountInput, day: string, range: IrRange): pl.PL | { unsupported: IrRange } {
  const a = curveOf(plan, l, input, day);
  if ('unsupported' in a) return a;
  const b = curveOf(plan, r, input, day);
  if ('unsupported' in b) return b;
  const flat = (f: pl.PL) => (f.length === 1 && f[0]!.slope.isZero() ? f[0]!.at : undefined);
  switch (op) {
    case '+': return pl.add(a, b);
    case '-': return pl.subtract(a, b);
    case '*': {
      const k = flat(b) ?? flat(a);
      return k === undefined ? { unsupported: range } : pl.scale(flat(b) !== undefined ? a : b, k);
    }
    case '/': {
      const k = flat(b);
      return k === undefined || k.isZero() ? { unsupported: range } : pl.scale(a, new Decimal(1).div(k));
    }
  }
}
