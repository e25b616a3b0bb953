// What a floor measures of a plan on one date, read from the plan's IR: every ratio a member can be
// paid at on costs of a setting, and every annual cap a member can have, each under every
// combination of the tilts that change it, as the runtime applies tilts (runtime/tilts.ts).
import Decimal from 'decimal.js';
import type { FloorMeasure } from '../ir/floors';
import type { IrBenefit, IrMoneySlot, IrRange, IrRatioSlot, IrTilt, IrTiltAction, PlanIR } from '../ir/plan';
import { actsOn, applyTiltOp, tiltUnits } from '../runtime/tilts';
import { casesOf, type PathStep } from './cases';

/** One value the measure takes: where it comes from and under which conditions and tilts. */
export interface Observation {
  value: Decimal;
  benefit: IrBenefit;
  band?: number;
  tilts: string[];
  path: PathStep[];
  at: IrRange;
}

export type Measured = { observations: Observation[] } | { unbounded: IrRange; why: 'depends' | 'tilts' };

/** Combinations of tilts are enumerated up to this many tilts touching one value. */
const MAX_TILTS = 10;
const SCALE = { ratio: 10_000, money: 100 } as const;

/** Whether a benefit pays costs of the setting (no setting: every benefit). */
const covers = (b: IrBenefit, setting: string | undefined) => setting === undefined || b.settings === undefined || b.settings.includes(setting);

export function measure(plan: PlanIR, m: FloorMeasure, setting: string | undefined, day: string): Measured {
  const observations: Observation[] = [];
  for (const b of plan.benefits.filter((x) => covers(x, setting))) {
    const slots = m === 'lowestRatio' ? ratioSlots(b) : capSlots(plan, b);
    for (const s of slots) {
      const r = observe(plan, b, s, m === 'lowestRatio' ? 'ratio' : 'cap', day);
      if ('unbounded' in r) return r;
      observations.push(...r);
    }
  }
  return { observations };
}

interface Slot { slot: IrRatioSlot | IrMoneySlot; scope: string; band?: number }

function ratioSlots(b: IrBenefit): Slot[] {
  if (b.payout.kind === 'ratio') return [{ slot: b.payout.ratio, scope: b.name }];
  return b.payout.bands.map((band, i) => ({ slot: band.ratio, scope: b.name, band: i }));
}

/** A benefit's annual cap: its own, or its shared pool's; a cap per claim is not an annual maximum. */
function capSlots(plan: PlanIR, b: IrBenefit): Slot[] {
  const cap = b.cap;
  if (!cap || cap.period !== 'year') return [];
  if (cap.kind === 'own') return [{ slot: cap.value, scope: b.name }];
  const pool = plan.sharedCaps.find((p) => p.name === cap.pool);
  return pool ? [{ slot: pool.value, scope: pool.name }] : [];
}

function observe(plan: PlanIR, b: IrBenefit, s: Slot, target: 'ratio' | 'cap', day: string): Observation[] | { unbounded: IrRange; why: 'depends' | 'tilts' } {
  const cases = casesOf(plan, s.slot.expr, day);
  if ('unbounded' in cases) return { unbounded: cases.unbounded, why: 'depends' };
  const tilts = plan.tilts.filter((t) => t.actions.some((a) => actsOn(a, target, s.scope)));
  if (tilts.length > MAX_TILTS) return { unbounded: tilts[MAX_TILTS]!.range, why: 'tilts' };
  const scale = SCALE[target === 'ratio' ? 'ratio' : 'money'];
  const out: Observation[] = [];
  for (const c of cases) {
    const base = c.value.times(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    for (let mask = 0; mask < 1 << tilts.length; mask++) {
      const on = tilts.filter((_, i) => mask & (1 << i));
      const v = tiltedValue(plan, on, target, s.scope, base, day);
      if (v === undefined) return { unbounded: on[0]!.range, why: 'depends' };
      out.push({ value: new Decimal(v).div(scale), benefit: b, band: s.band, tilts: on.map((t) => t.name), path: c.path, at: c.at });
    }
  }
  return out;
}

/** The value after the tilts `on`, grouped into units as the runtime groups them (tiltUnits); of a `best` unit the lowest deductible, the highest ratio or cap. */
type Target = 'ratio' | 'cap' | 'deductible';

export function tiltedValue(plan: PlanIR, on: IrTilt[], target: Target, scope: string, base: number, day: string): number | undefined {
  let v = base;
  for (const u of tiltUnits(plan.combines, on)) {
    let next: number | undefined = v;
    if (u.best) {
      // Of a best unit, the most favourable of its tilts, each applied to the value before the unit.
      const each = u.tilts.map((t) => applyTilt(plan, t, target, scope, v, day));
      next = each.includes(undefined) ? undefined : (target === 'deductible' ? Math.min : Math.max)(...(each as number[]));
    } else for (const t of u.tilts) next = next === undefined ? undefined : applyTilt(plan, t, target, scope, next, day);
    if (next === undefined) return undefined;
    v = next;
  }
  return v;
}

function applyTilt(plan: PlanIR, t: IrTilt, target: Target, scope: string, v: number, day: string): number | undefined {
  for (const a of t.actions) {
    if (!actsOn(a, target, scope)) continue;
    const x = actionValue(plan, a, day);
    if (x === undefined) return undefined;
    v = applyTiltOp(a.op, target, v, x);
  }
  return v;
}

/** An action's value in basis points or fen, when the plan fixes it on the day. */
function actionValue(plan: PlanIR, a: IrTiltAction, day: string): number | undefined {
  if (!a.value) return 0;
  const cs = casesOf(plan, a.value.expr, day);
  if ('unbounded' in cs || cs.length !== 1) return undefined;
  return cs[0]!.value.times(a.value.unit === 'bp' ? 10_000 : 100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
