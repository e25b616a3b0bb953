// Shapes of amounts and conditions the runtime can take a shorter way with: an amount that only
// sums the claim's amounts, an amount that is 0 without items, a condition that needs a flag.
// Each answers from the IR alone; where it answers no, the compiled closures are used as ever.
import type { IrExpr } from '../ir/plan';

const LINEAR_FACTS: Record<string, 'in' | 'out' | 'over'> = { inPolicySelfPay: 'in', outOfPolicySelfPay: 'out', overLimitSelfPay: 'over' };

/** An amount as a sum of the claim's amounts with whole coefficients, when it is one (such sums are always on the integer path). */
export function linear(e: IrExpr): { in: number; out: number; over: number } | undefined {
  const sum = { in: 0, out: 0, over: 0 };
  const add = (x: IrExpr, sign: number): boolean => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only the claim's facts have these names, and no other money fact can stand in an amount (the checker's types)
    if (x.kind === 'fact' && x.root === 'claim' && LINEAR_FACTS[x.field]) {
      sum[LINEAR_FACTS[x.field]!] += sign;
      return true;
    }
    if (x.kind === 'neg') return add(x.operand, -sign);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only arithmetic has + and -, and the checker refuses a product or quotient of two amounts of money
    if (x.kind === 'arith' && (x.op === '+' || x.op === '-')) return add(x.left, sign) && add(x.right, x.op === '+' ? sign : -sign);
    return false;
  };
  // Each coefficient counts one term, and an expression nests at most 400 deep (YB006): the sum of
  // amounts below 10⁹ yuan stays exact without checks.
  return add(e, 1) ? sum : undefined;
}

/** Whether an amount is 0 for a claim without items: a sum or difference of item selections. */
export function itemsOnly(e: IrExpr): boolean {
  switch (e.kind) {
    case 'items': return true;
    case 'neg': return itemsOnly(e.operand);
    // Only where nothing else would be evaluated (a lookup or a quotient could fail on the claim).
    case 'arith':
      if (e.op === '+' || e.op === '-') return itemsOnly(e.left) && itemsOnly(e.right);
      return e.op === '*' && ((itemsOnly(e.left) && e.right.kind === 'const') || (e.left.kind === 'const' && itemsOnly(e.right)));
    default: return false;
  }
}

/** Whether a condition can hold only of a claim with a flag: `claim.flags has …`, and such tests joined by `and` / `or`. */
export function needsAFlag(e: IrExpr): boolean {
  switch (e.kind) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: `claim.flags` is the one thing `has` may test (YB202)
    case 'has': case 'has-any': return e.flags.kind === 'fact' && e.flags.root === 'claim' && e.flags.field === 'flags';
    case 'logic': return e.op === 'or' ? needsAFlag(e.left) && needsAFlag(e.right) : needsAFlag(e.left) || needsAFlag(e.right);
    default: return false;
  }
}

const ITEM_FIELDS: Record<string, 'code' | 'cls' | 'category'> = { 'item.code': 'code', 'item.class': 'cls', 'item.category': 'category' };

/** An item test `item.code|class|category in [text, …]`, when it is one: the field read and the texts. */
export function itemIn(e: IrExpr): { field: 'code' | 'cls' | 'category'; values: string[] } | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only a fact has a root and a field, and only an item's fields are in the table below
  if (e.kind !== 'in-list' || e.value.kind !== 'fact' || e.list.kind !== 'list') return undefined;
  const field = ITEM_FIELDS[`${e.value.root}.${e.value.field}`];
  const values = e.list.elements.map((x) => (x.kind === 'text' ? x.value : undefined));
  if (!field || values.includes(undefined)) return undefined;
  return { field, values: values as string[] };
}

/** The catalogue an amount selects items from, when the amount is only `items in CATALOGUE`. */
export function selection(e: IrExpr): string | undefined {
  return e.kind === 'items' && !e.where ? e.catalogue : undefined;
}

/** Whether any expression under `node` (any part of the IR, arrays walked as objects) reads the claim's in-policy or out-of-policy amount. */
export function readsClaimAmounts(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const x = node as Record<string, unknown>;
  if (x.kind === 'fact' && x.root === 'claim' && (x.field === 'inPolicySelfPay' || x.field === 'outOfPolicySelfPay')) return true;
  return Object.values(x).some(readsClaimAmounts);
}
