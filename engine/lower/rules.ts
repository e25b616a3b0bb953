// The rules that pay or refuse: waiting period, exclusions, shared pools, benefits (amount,
// deductible, ratio or schedule, cap), tilts and how they combine, and premiums.
import type { CheckedBenefit, CheckedLimit, CheckedPlan } from '../ir/model';
import type { IrDeadline, IrBenefit, IrCombine, IrExclusion, IrLimit, IrPayout, IrPremium, IrSharedLimit, IrTilt, IrWaiting } from '../ir/plan';
import { defined, type LowerContext } from './context';
import { citation, irRange } from './expr';
import { groupChangesWithinYear } from './declarations';

/**
 * Marks every root expression integer or decimal, as the compiler then builds it: money
 * places want fen, ratios basis points, conditions a yes/no. Must run before any node is lowered.
 */
export function analyseRoots(cx: LowerContext): void {
  const { plan, exact } = cx;
  for (const p of plan.params.values()) exact.param(p.name);
  // Stryker disable next-line StringLiteral: a native condition is always a yes/no (YB203); the wanted kind only restates it
  for (const g of plan.groups.values()) if (g.condition) exact.root(g.condition, 'bool');
  // The waiting period is always computed in decimals (then as a plain number of days).
  // Stryker disable next-line StringLiteral: a native condition is always a yes/no (YB203); the wanted kind only restates it
  for (const x of plan.exclusions) exact.root(x.condition, 'bool');
  for (const l of [...plan.sharedDeductibles.values(), ...plan.sharedCaps.values()]) exact.root(l.value, 'fen');
  for (const b of plan.benefits) {
    exact.root(b.amount, 'fen');
    if (b.deductible) exact.root(b.deductible.value, 'fen');
    if (b.cap) exact.root(b.cap.value, 'fen');
    // Stryker disable next-line StringLiteral: a native ratio is always in basis points (no bare number stands for a ratio, YB202); the wanted kind only restates it
    if (b.ratio) exact.root(b.ratio, 'bp');
    for (const band of b.schedule?.bands ?? []) {
      exact.root(band.from, 'fen');
      if (band.to) exact.root(band.to, 'fen');
      // Stryker disable next-line StringLiteral: a native ratio is always in basis points (no bare number stands for a ratio, YB202); the wanted kind only restates it
      exact.root(band.ratio, 'bp');
    }
  }
  for (const t of plan.tilts) {
    for (const a of t.actions) {
      if (!a.value) continue;
      if (moneyValued(a)) {
        exact.root(a.value, 'fen');
      } else {
        // Stryker disable next-line StringLiteral: a native ratio is always in basis points (no bare number stands for a ratio, YB202); the wanted kind only restates it
        exact.root(a.value, 'bp');
      }
    }
  }
  for (const l of plan.premium?.lines ?? []) {
    exact.root(l.amount, 'fen');
    // Stryker disable next-line StringLiteral: a native condition is always a yes/no (YB203); the wanted kind only restates it
    if (l.condition) exact.root(l.condition, 'bool');
  }
}

/** A tilt's `+`/`-` on a deductible or cap is money; every other tilt value is a percentage or points. */
const moneyValued = (a: { op: string; target: string }) => (a.op === 'add' || a.op === 'subtract') && a.target !== 'ratio';

export function lowerWaiting(cx: LowerContext): IrWaiting | undefined {
  const w = cx.plan.waiting;
  if (!w) return undefined;
  // A bare number is no waiting period (YB202): the expression has its own unit.
  return defined({ days: cx.expr.lower(w.days), constant: cx.statics.constant(w.days), reason: w.reason, cites: citation(w.cites), range: irRange(w.range) });
}

export function lowerDeadline(cx: LowerContext): IrDeadline | undefined {
  const d = cx.plan.deadline;
  return d && defined({ workingDays: d.workingDays, cites: citation(d.cites), range: irRange(d.range) });
}

export function lowerExclusions(cx: LowerContext): IrExclusion[] {
  return cx.plan.exclusions.map((x) => defined({ level: x.level, condition: cx.expr.lower(x.condition), reason: x.reason, cites: citation(x.cites), range: irRange(x.range) }));
}

export function lowerShared(cx: LowerContext, pools: CheckedPlan['sharedDeductibles']): IrSharedLimit[] {
  return [...pools.values()].map((l) => ({ name: l.name, value: cx.money(l.value), period: l.period, range: irRange(l.range) }));
}

function limit(cx: LowerContext, l: CheckedLimit | undefined): IrLimit | undefined {
  if (!l) return undefined;
  if (l.shared !== undefined) return { kind: 'shared', pool: l.shared, period: l.period, range: irRange(l.range) };
  return { kind: 'own', value: cx.money(l.value), period: l.period, range: irRange(l.range) };
}

function payout(cx: LowerContext, b: CheckedBenefit): IrPayout {
  // A checked benefit has a ratio or a schedule, never both (YB602, YB606).
  if (b.ratio) return { kind: 'ratio', ratio: cx.ratio(b.ratio), range: irRange(b.ratio.range) };
  const s = b.schedule!;
  return {
    kind: s.kind,
    basis: s.basis,
    bands: s.bands.map((band) =>
      defined({
        from: cx.money(band.from),
        to: band.to && cx.money(band.to),
        ratio: cx.ratio(band.ratio),
        range: irRange(band.range),
      }),
    ),
    range: irRange(s.range),
  };
}

export function lowerBenefits(cx: LowerContext): IrBenefit[] {
  const names = cx.plan.benefits.map((b) => b.name);
  return cx.plan.benefits.map((b) =>
    defined({
      name: b.name,
      label: b.label,
      index: b.index,
      settings: b.settings && [...b.settings],
      amount: { value: cx.money(b.amount), range: irRange(b.amountRange) },
      excluding: b.excluding.map((i) => ({ name: names[i]!, index: i })),
      deductible: limit(cx, b.deductible),
      cap: limit(cx, b.cap),
      payout: payout(cx, b),
      cites: citation(b.cites),
      clauseCites: clauseCites(b.clauseCites),
      range: irRange(b.range),
    }),
  );
}

/** Citations written after a benefit's clauses; a ratio's or a schedule's is the payout's. */
function clauseCites(c: CheckedBenefit['clauseCites']): IrBenefit['clauseCites'] {
  if (!c) return undefined;
  const out = defined({
    settings: citation(c.settings),
    amount: citation(c.amount),
    deductible: citation(c.deductible),
    cap: citation(c.cap),
    payout: citation(c.ratio ?? c.schedule),
  });
  return Object.keys(out).length ? out : undefined;
}

export function lowerTilts(cx: LowerContext): IrTilt[] {
  const { plan } = cx;
  const scopeKind = (name: string) =>
    plan.benefits.some((b) => b.name === name) ? ('benefit' as const) : plan.sharedDeductibles.has(name) ? ('shared-deductible' as const) : ('shared-cap' as const);
  return plan.tilts.map((t) =>
    defined({
      name: t.name,
      label: t.label,
      groups: [...t.groups],
      changesWithinYear: t.groups.some((g) => groupChangesWithinYear(plan, g, new Set())),
      actions: t.actions.map((a) =>
        defined({
          scope: a.scope,
          scopeKind: a.scope === undefined ? undefined : scopeKind(a.scope),
          target: a.target,
          op: a.op,
          value: a.value && (moneyValued(a) ? cx.money(a.value) : cx.ratio(a.value)),
          range: irRange(a.range),
        }),
      ),
      cites: citation(t.cites),
      range: irRange(t.range),
    }),
  );
}

export function lowerCombines(plan: CheckedPlan): IrCombine[] {
  return plan.combines.map((c) => ({ tilts: [...c.tilts], rule: c.rule, range: irRange(c.range) }));
}

export function lowerPremium(cx: LowerContext): IrPremium | undefined {
  const p = cx.plan.premium;
  if (!p) return undefined;
  return {
    lines: p.lines.map((l) => defined({ amount: cx.money(l.amount), condition: l.condition && cx.expr.lower(l.condition), range: irRange(l.range) })),
    ...(p.cites ? { cites: citation(p.cites) } : {}),
    range: irRange(p.range),
  };
}
