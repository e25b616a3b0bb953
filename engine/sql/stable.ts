// Whether a value can change within a member's benefit year. A year's annual cap, a shared
// deductible and a shared cap are consumed claim by claim; the query works the consumption out in
// closed form (min(limit, running sum)), which is the engine's only while the limit stays the same
// all year (spec §34.2). Conservative: what this cannot show stable is treated as changing.
import type { IrExpr, IrMoneySlot, IrRatioSlot, IrTilt, PlanIR } from '../ir/plan';

/** Every date step starts and ends at a benefit-year boundary (calendar or fixed policy years). */
function yearAligned(ir: PlanIR, steps: { from?: string; to?: string }[]): boolean {
  const y = ir.header.year;
  // Stryker disable next-line ConditionalExpression,MethodExpression: the grammar gives one step without dates (`param P = …`) or dated steps only
  if (steps.length <= 1 && !steps.some((s) => s.from || s.to)) return true;
  if (y.kind === 'anniversary') return false;
  const md = y.kind === 'calendar' ? '01-01' : y.from.slice(5);
  const dayBefore = (s: string) => new Date(Date.parse(`2001-${s}T00:00:00Z`) - 86_400_000).toISOString().slice(5, 10);
  return steps.every((s) => (!s.from || s.from.slice(5) === md) && (!s.to || s.to.slice(5) === dayBefore(md)));
}

const STABLE_FACTS = new Set(['member.id', 'member.birthDate', 'member.enrolledSince', 'member.enrolledYears', 'claim.year']);

function stableExpr(ir: PlanIR, e: IrExpr): boolean {
  const all = (es: IrExpr[]) => es.every((x) => stableExpr(ir, x));
  switch (e.kind) {
    case 'const': case 'date': case 'text': case 'bool': case 'symbol': return true;
    case 'param': {
      const p = ir.params.find((x) => x.name === e.name);
      return !!p && yearAligned(ir, p.steps) && all(p.steps.map((s) => s.value));
    }
    case 'fact': return STABLE_FACTS.has(`${e.root}.${e.field}`);
    case 'attribute': return e.on !== 'claim';
    // Stryker disable next-line OptionalChaining: a group named is declared (YB101)
    case 'in-groups': return e.groups.every((g) => ir.groups.find((x) => x.name === g)?.changesWithinYear === false);
    case 'lookup': return all(e.keys);
    case 'neg': case 'not': return stableExpr(ir, e.operand);
    case 'arith': case 'compare': case 'logic': return all([e.left, e.right]);
    case 'if': return all([e.cond, e.then, e.else]);
    case 'extremum': return all(e.args);
    case 'list': return all(e.elements);
    case 'in-list': return all([e.value, e.list]);
    case 'full-years': return all([e.from, e.to]);
    // Stryker disable next-line ConditionalExpression: falling out of the switch gives undefined, which callers read as false
    default: return false;
  }
}

/** A value in fen or basis points that keeps one value all year. */
export function stableSlot(ir: PlanIR, slot: IrMoneySlot | IrRatioSlot): boolean {
  // Shortcuts: a value known before any claim is constants all the way down, and dated values are
  // the dated steps their expression reads. Judged below, the expression gives the same answer or a
  // more cautious one (it does not join equal neighbouring steps), never a bolder one.
  // Stryker disable next-line all: see above
  if ((slot.unit === 'fen' ? (slot as IrMoneySlot).fen : (slot as IrRatioSlot).bp) !== undefined) return true;
  // Stryker disable next-line ConditionalExpression: see above
  if (slot.byDate) return yearAligned(ir, slot.byDate);
  return stableExpr(ir, slot.expr);
}

/**
 * The tilts that may act on a value keep their membership and amounts all year; so do the tilts
 * that share a `first` or `best` rule with one of them, since whether they apply decides which
 * one acts (a tilt that does not touch the value can stand first, or offer the value unchanged).
 */
export function stableTilts(ir: PlanIR, target: 'deductible' | 'cap', scope: string): boolean {
  const touches = (t: IrTilt) => t.actions.some((a) => a.target === target && (a.scope === undefined || a.scope === scope));
  const acting = new Set(ir.tilts.filter(touches).map((t) => t.name));
  const deciding = new Set(acting);
  for (const c of ir.combines) if (c.rule !== 'stack' && c.tilts.some((n) => acting.has(n))) c.tilts.forEach((n) => deciding.add(n));
  return ir.tilts.filter((t) => deciding.has(t.name)).every((t) => !t.changesWithinYear && (!acting.has(t.name) || t.actions.every((a) => !a.value || stableSlot(ir, a.value))));
}
