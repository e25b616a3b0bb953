// Which tilts reach a member on a date, and how they change a deductible, a ratio or a cap.
import type { CompiledPlan, CompiledTilt, CompiledTiltAction } from '../compile/plan';
import type { Env } from '../ir/env';
import { BP, bpText, formatFen, roundDiv } from '../core/money';

type Target = CompiledTiltAction['target'];

/** Units of tilts to apply in order; `best` units keep the most favourable of their tilts. */
export interface TiltPlan {
  units: { tilts: CompiledTilt[]; best: boolean }[];
  applied: string[];
}

export const NO_TILTS: TiltPlan = { units: [], applied: [] };

export function selectTilts(plan: CompiledPlan, env: Env): TiltPlan {
  // Stryker disable next-line ConditionalExpression: a shortcut; with no tilts none applies, below
  if (plan.tilts.length === 0) return NO_TILTS;
  const applicable = plan.tilts.filter((t) => t.applies(env));
  // Stryker disable next-line ConditionalExpression: a shortcut; no tilt makes no unit and names none, as NO_TILTS
  if (applicable.length === 0) return NO_TILTS;
  const units = tiltUnits(plan.combines, applicable);
  return { units, applied: units.flatMap((u) => u.tilts.map((t) => t.name)) };
}

/**
 * The tilts that apply, grouped into the units they are applied in, in order: each combine rule's
 * tilts that are present (`first`: the first of them alone; `best`: all, the most favourable kept;
 * `stack`: all, one after another), then each tilt no rule names, alone. The proofs over a plan
 * (analysis/) group tilts through this too.
 */
export function tiltUnits<T extends { name: string }>(combines: readonly { tilts: readonly string[]; rule: 'stack' | 'first' | 'best' }[], applicable: readonly T[]): { tilts: T[]; best: boolean }[] {
  const byName = new Map(applicable.map((t) => [t.name, t]));
  const units: { tilts: T[]; best: boolean }[] = [];
  const inRule = new Set<string>();
  for (const c of combines) {
    c.tilts.forEach((n) => inRule.add(n));
    const present = c.tilts.map((n) => byName.get(n)).filter((t): t is T => t !== undefined);
    if (present.length === 0) continue;
    // Stryker disable next-line BooleanLiteral: a unit of one tilt; the best of one is that one
    if (c.rule === 'first') units.push({ tilts: [present[0]!], best: false });
    else units.push({ tilts: present, best: c.rule === 'best' });
  }
  // Stryker disable next-line BooleanLiteral: see above
  for (const t of applicable) if (!inRule.has(t.name)) units.push({ tilts: [t], best: false });
  return units;
}

/** Whether a tilt action changes this value: its target, on the benefit or shared limit `scope` (or on every one). */
export const actsOn = (a: { target: Target; scope?: string }, target: Target, scope: string) => a.target === target && (a.scope === undefined || a.scope === scope);

function applyOne(a: CompiledTiltAction, v: number, env: Env): number {
  return applyTiltOp(a.op, a.target, v, a.value ? a.value(env) : 0);
}

/**
 * One tilt action on a value in fen or basis points, `x` its amount: rounded half up, never
 * negative, a ratio at most 100 %. The proofs over a plan (analysis/) apply tilts through this too.
 */
export function applyTiltOp(op: CompiledTiltAction['op'], target: Target, v: number, x: number): number {
  let r: number;
  switch (op) {
    // Stryker disable next-line ConditionalExpression: a waiver has no amount (x = 0), so falling through to scale by it gives 0 too
    case 'waive':
      r = 0;
      break;
    case 'scale':
      r = roundDiv(v * x, BP, 'half-up');
      break;
    case 'cut':
      r = roundDiv(v * Math.max(0, BP - x), BP, 'half-up');
      break;
    case 'add':
      r = v + x;
      break;
    case 'subtract':
      r = v - x;
      break;
  }
  r = Math.max(0, r);
  return target === 'ratio' ? Math.min(BP, r) : r;
}

function applyTilt(t: CompiledTilt, target: Target, scope: string, v: number, env: Env): number {
  for (const a of t.actions) if (actsOn(a, target, scope)) v = applyOne(a, v, env);
  return v;
}

/** How one action reads: `+5pp`, `×50%`, `−40%`, `waived`, `+1000.00`. */
function actionText(a: CompiledTiltAction, env: Env): string {
  const x = a.value ? a.value(env) : 0;
  switch (a.op) {
    case 'waive': return 'waived';
    case 'scale': return `×${bpText(x)}%`;
    case 'cut': return `−${bpText(x)}%`;
    case 'add': return a.target === 'ratio' ? `+${bpText(x)}pp` : `+${formatFen(x)}`;
    case 'subtract': return a.target === 'ratio' ? `−${bpText(x)}pp` : `−${formatFen(x)}`;
  }
}

/**
 * Which tilts changed a value, and how, with the line of each action: what a trace shows beside a
 * tilted ratio, deductible or cap so that it points at the tilt as well as at the benefit.
 */
export function tiltSources(tp: TiltPlan, target: Target, scope: string, env: Env): string | undefined {
  const parts: string[] = [];
  for (const u of tp.units) {
    const unit: string[] = [];
    for (const t of u.tilts) {
      for (const a of t.actions) {
        if (actsOn(a, target, scope)) unit.push(`${t.name} ${actionText(a, env)} @${a.range.start.line}:${a.range.start.column}`);
      }
    }
    // Of a `best` rule's tilts only the most favourable counts, value by value: say so.
    if (u.best && unit.length > 1) parts.push(`best of (${unit.join(', ')})`);
    else parts.push(...unit);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** The value after every applicable tilt: `scope` is the benefit or shared limit it belongs to. */
export function tilted(tp: TiltPlan, target: Target, scope: string, base: number, env: Env): number {
  let v = base;
  for (const u of tp.units) {
    if (!u.best) {
      for (const t of u.tilts) v = applyTilt(t, target, scope, v, env);
      continue;
    }
    const candidates = u.tilts.map((t) => applyTilt(t, target, scope, v, env));
    v = target === 'deductible' ? Math.min(...candidates) : Math.max(...candidates);
  }
  return v;
}
