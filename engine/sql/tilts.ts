// Tilts in SQL (spec §17, §34.2): each tilt a yes/no column of the claim (its member in any of its
// groups on the claim's date), then the units of tilts applied to the benefits' values in the
// order the engine applies them (engine/runtime/tilts.ts tiltUnits): each combine rule's unit
// (`first`: the first tilt present; `best`: the most favourable of those present; `stack`: one
// after another), then each tilt no rule names, alone. One CTE per unit keeps each value's SQL
// written once, however many tilts touch it.
import type { IrTilt, IrTiltAction, PlanIR } from '../ir/plan';
import { big } from './dialect';
import { sqlSlot, type ExprCtx } from './expr';

export type Target = IrTiltAction['target'];

/** A value tilts may change: its column, what it is and whose (a benefit's or a shared pool's name). */
export interface TiltedValue { col: string; target: Target; scope: string }

export const tiltCol = (j: number) => `t_${j}`;

export const acts = (a: IrTiltAction, v: Omit<TiltedValue, 'col'>) => a.target === v.target && (a.scope === undefined || a.scope === v.scope);

/** One action on value `v` (SQL), rounded half up, never negative, a ratio at most 100 % (applyTiltOp). */
function op(a: IrTiltAction, v: string, c: ExprCtx): string | undefined {
  // Stryker disable next-line StringLiteral: only `waived` has no value, and it does not read one
  const x = a.value ? sqlSlot(a.value, c) : '0';
  // Stryker disable next-line ConditionalExpression: a tilt's value is a number or an expression the compiler writes (a plan it cannot write is refused before)
  if (x === undefined) return undefined;
  let r: string;
  switch (a.op) {
    // Stryker disable next-line ConditionalExpression: falling through, `scale` by the value 0 also gives 0
    case 'waive': r = big(0); break;
    case 'scale': r = c.d.div(`(GREATEST(${v} * ${x}, 0) + 5000)`, 10_000); break;
    case 'cut': r = c.d.div(`(${v} * GREATEST(10000 - ${x}, 0) + 5000)`, 10_000); break;
    case 'add': r = `(${v} + ${x})`; break;
    case 'subtract': r = `(${v} - ${x})`; break;
  }
  return a.target === 'ratio' ? `LEAST(GREATEST(${r}, 0), 10000)` : `GREATEST(${r}, 0)`;
}

/** A tilt's actions on the value, in order; undefined when it has none on it. */
function applyTilt(t: IrTilt, v: TiltedValue, prev: string, c: ExprCtx): string | undefined | null {
  const mine = t.actions.filter((a) => acts(a, v));
  // Stryker disable next-line ConditionalExpression: the value unchanged, in a CASE that gives it back: the same value, a longer query
  if (!mine.length) return null;
  let s: string | undefined = prev;
  // Stryker disable next-line ConditionalExpression: op() gives undefined for no value a compiled plan has (above)
  for (const a of mine) s = s === undefined ? undefined : op(a, s, c);
  return s;
}

export interface Unit { tilts: number[]; rule: 'alone' | 'first' | 'best' }

/** The units, in the order they apply; a unit applies only what is present on the claim. */
export function units(ir: PlanIR): Unit[] {
  const index = (n: string) => ir.tilts.findIndex((t) => t.name === n);
  const out: Unit[] = [];
  const inRule = new Set<string>();
  for (const c of ir.combines) {
    c.tilts.forEach((n) => inRule.add(n));
    // Stryker disable next-line MethodExpression,ConditionalExpression: a combine rule names only declared tilts (the checker's rule)
    const ts = c.tilts.map(index).filter((j) => j >= 0);
    // Stryker disable next-line StringLiteral: a unit's rule is told apart from `best` only
    if (c.rule === 'stack') ts.forEach((j) => out.push({ tilts: [j], rule: 'alone' }));
    else out.push({ tilts: ts, rule: c.rule });
  }
  // Stryker disable next-line StringLiteral: a unit's rule is told apart from `best` only
  ir.tilts.forEach((t, j) => { if (!inRule.has(t.name)) out.push({ tilts: [j], rule: 'alone' }); });
  return out;
}

/** A unit on one value: its new SQL, or null when no tilt of the unit touches it. */
function unitSql(u: Unit, v: TiltedValue, prev: string, ir: PlanIR, c: ExprCtx): string | undefined | null {
  const each = u.tilts.map((j) => ({ j, s: applyTilt(ir.tilts[j]!, v, prev, c) }));
  // Stryker disable next-line all: a unit that touches nothing, written anyway, gives the value back in a CASE: the same value
  if (each.every((e) => e.s === null)) return null;
  // Stryker disable next-line all: applyTilt gives undefined for no value a compiled plan has (op())
  if (each.some((e) => e.s === undefined)) return undefined;
  const on = each.map((e) => ({ t: tiltCol(e.j), s: e.s ?? prev }));
  if (u.rule !== 'best') return `(CASE ${on.map((e) => `WHEN ${e.t} THEN ${e.s}`).join(' ')} ELSE ${prev} END)`;
  // The most favourable: the lowest deductible, the highest ratio or cap; a tilt not present offers nothing.
  const [fn, none] = v.target === 'deductible' ? ['LEAST', big('9000000000000000')] : ['GREATEST', big(-1)];
  return `(CASE WHEN ${on.map((e) => e.t).join(' OR ')} THEN ${fn}(${on.map((e) => `CASE WHEN ${e.t} THEN ${e.s} ELSE ${none} END`).join(', ')}) ELSE ${prev} END)`;
}

/**
 * The CTEs after `from` that apply the tilts to the values, and the name of each value's final
 * column. Values no tilt touches keep their column.
 */
export function tiltStages(ir: PlanIR, values: TiltedValue[], from: string, c: ExprCtx): { ctes: string[]; last: string; final: Map<string, string> } | undefined {
  const current = new Map(values.map((v) => [v.col, v.col]));
  const ctes: string[] = [];
  let last = from;
  let failed = false;
  units(ir).forEach((u, k) => {
    const cols: string[] = [];
    for (const v of values) {
      const s = unitSql(u, v, current.get(v.col)!, ir, c);
      if (s === null) continue;
      // Stryker disable next-line all: unitSql gives undefined for no value a compiled plan has (op())
      if (s === undefined) { failed = true; continue; }
      const name = `${v.col}__${k}`;
      cols.push(`${s} AS ${name}`);
      current.set(v.col, name);
    }
    if (!cols.length) return;
    const name = `tilt_${k}`;
    ctes.push(`${name} AS (\n  SELECT *, ${cols.join(',\n    ')}\n  FROM ${last}\n)`);
    last = name;
  });
  return failed ? undefined : { ctes, last, final: current };
}
