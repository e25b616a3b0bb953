// Checked plan → compiled plan: closures for every expression, money as fen, ratios as basis points.
// The compiled plan does not need the parser or the checker at run time.
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import { formatDay } from '../core/dates';
import type { CheckedPlan, VersionedValue } from '../ir/model';
import type { Env } from '../ir/env';
import { EvalError } from '../ir/env';
import { decimalToBp, decimalToFen } from '../core/money';
import { ExprCompiler, type Fn, type Lookups } from './expr';
import { NativeCompiler, type Native } from './native';
import type Decimal from 'decimal.js';

export type FenFn = (env: Env) => number;
export type BpFn = (env: Env) => number;

export interface CompiledLimit {
  value: FenFn;
  period: A.Period;
  shared?: string;
  range: Range;
}

export interface CompiledBand {
  from: FenFn;
  to?: FenFn;
  ratio: BpFn;
  range: Range;
}

export interface CompiledSchedule {
  kind: 'banded' | 'whole-amount';
  basis: 'annual' | 'above-deductible';
  bands: CompiledBand[];
  range: Range;
}

export interface CompiledBenefit {
  name: string;
  label?: string;
  index: number;
  settings?: ReadonlySet<string>;
  amount: FenFn;
  amountRange: Range;
  excluding: number[];
  deductible?: CompiledLimit;
  cap?: CompiledLimit;
  ratio?: BpFn;
  ratioRange?: Range;
  schedule?: CompiledSchedule;
  range: Range;
}

export interface CompiledTiltAction {
  scope?: string;
  target: 'deductible' | 'ratio' | 'cap';
  op: A.TiltOp;
  /** Money in fen (deductible, cap ± amount), or basis points (ratios, percentages). */
  value?: (env: Env) => number;
  range: Range;
}

export interface CompiledTilt {
  name: string;
  label?: string;
  groups: string[];
  applies: (env: Env) => boolean;
  /** Whether membership can change within a benefit year (an age, days enrolled, a dated value). */
  changesWithinYear: boolean;
  actions: CompiledTiltAction[];
  range: Range;
}

export interface CompiledPlan {
  header: CheckedPlan['header'];
  file: string;
  /** Every spelling of a setting or flag (id and Chinese name) → canonical id. */
  settings: Map<string, string>;
  flags: Map<string, string>;
  attributes: CheckedPlan['attributes'];
  groups: Map<string, { listed: boolean; test: (env: Env) => boolean; label?: string }>;
  waiting?: { days: (env: Env) => number; reason: string; range: Range };
  exclusions: { level: 'claim' | 'item'; test: (env: Env) => boolean; reason: string; range: Range }[];
  sharedDeductibles: Map<string, CompiledLimit>;
  sharedCaps: Map<string, CompiledLimit>;
  benefits: CompiledBenefit[];
  tilts: CompiledTilt[];
  combines: CheckedPlan['combines'];
  premium?: { lines: { amount: FenFn; test?: (env: Env) => boolean; range: Range }[]; range: Range };
  tests: A.TestDecl[];
  /** Parameter values by date, for explanations and the editor's hover. */
  params: Map<string, { steps: { from?: string; to?: string; value: Fn }[] }>;
}

function versioned<T>(name: string, v: VersionedValue<T>): (env: Env) => T {
  const steps = v.steps;
  if (steps.length === 1 && steps[0]!.from === undefined && steps[0]!.to === undefined) {
    const only = steps[0]!.value;
    return () => only;
  }
  return (env) => {
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i]!;
      if ((s.from === undefined || s.from <= env.day) && (s.to === undefined || env.day <= s.to)) return s.value;
    }
    throw new EvalError('YR006', { name, date: formatDay(env.day) });
  };
}

/**
 * Conservative: a group whose condition reads the member's age or days enrolled, or any
 * parameter (a parameter may change by date), may change from one claim date to the next.
 */
function groupChangesWithinYear(plan: CheckedPlan, name: string, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const cond = plan.groups.get(name)?.condition;
  if (!cond) return false;
  let changes = false;
  const visit = (e: A.Expr): void => {
    if (changes) return;
    switch (e.kind) {
      case 'field': {
        const id = plan.info.fields.get(e);
        if (id === 'age' || id === 'enrolledDays') changes = true;
        return visit(e.target);
      }
      case 'ref': {
        const sym = plan.info.refs.get(e);
        if (sym?.kind === 'param' || sym?.kind === 'table') changes = true;
        else if (sym?.kind === 'group' && groupChangesWithinYear(plan, sym.name, seen)) changes = true;
        return;
      }
      case 'index': visit(e.target); return e.keys.forEach(visit);
      case 'list': return e.elements.forEach(visit);
      case 'unary': return visit(e.operand);
      case 'binary': visit(e.left); return visit(e.right);
      case 'items': changes = true; return;
      default: return;
    }
  };
  visit(cond);
  return changes;
}

export function compilePlan(plan: CheckedPlan): CompiledPlan {
  const paramFns = new Map<string, (env: Env) => ReturnType<Fn>>();
  const catalogueFns = new Map<string, (env: Env) => ReadonlySet<string>>();
  const groupFns = new Map<string, (env: Env) => boolean>();
  const lookups: Lookups = {
    param: (name) => (env) => paramFns.get(name)!(env),
    table: (name) => {
      const t = plan.tables.get(name)!;
      return { keys: t.keys.length, rows: t.rows, ratio: t.valueType.k === 'ratio', money: t.valueType.k === 'money' };
    },
    catalogue: (name) => (env) => catalogueFns.get(name)!(env),
    group: (name) => (env) => groupFns.get(name)!(env),
  };
  const nativeParams = new Map<string, Native | undefined>();
  const n: NativeCompiler = new NativeCompiler(plan.info, {
    param: (name) => {
      if (!nativeParams.has(name)) nativeParams.set(name, nativeParam(name));
      return nativeParams.get(name);
    },
    group: (name) => (env) => groupFns.get(name)!(env),
    catalogue: (name) => (env) => catalogueFns.get(name)!(env),
    table: (name) => {
      const t = plan.tables.get(name);
      return t && { rows: t.rows, money: t.valueType.k === 'money' };
    },
  });
  const x = new ExprCompiler(plan.info, lookups, n);
  // A parameter is native when every date step is; the step in force is picked per claim.
  function nativeParam(name: string): Native | undefined {
    const p = plan.params.get(name)!;
    const steps = p.value.steps.map((s) => n.compile(s.value));
    if (steps.some((s) => !s) || new Set(steps.map((s) => s!.kind)).size !== 1) return undefined;
    const native = steps as Native[];
    if (native.length === 1 && p.value.steps[0]!.from === undefined) return native[0];
    const pick = versioned(name, { steps: p.value.steps.map((s, i) => ({ ...s, value: native[i]!.fn })) });
    return { kind: native[0]!.kind, fn: (env) => pick(env)(env) };
  }
  // Exact integer closures where the expression allows; decimal.js where it does not.
  const fen = (e: A.Expr): FenFn => {
    const nat = n.compile(e, 'fen');
    if (nat) return nat.fn as FenFn;
    const f = x.compile(e);
    return (env) => decimalToFen(f(env) as Decimal);
  };
  const bp = (e: A.Expr): BpFn => {
    const nat = n.compile(e, 'bp');
    if (nat) return nat.fn as BpFn;
    const f = x.compile(e);
    return (env) => decimalToBp(f(env) as Decimal);
  };
  const bool = (e: A.Expr) => {
    const nat = n.compile(e, 'bool');
    if (nat) return nat.fn as (env: Env) => boolean;
    const f = x.compile(e);
    return (env: Env) => Boolean(f(env));
  };

  const params = new Map<string, { steps: { from?: string; to?: string; value: Fn }[] }>();
  for (const p of plan.params.values()) {
    const compiled = { steps: p.value.steps.map((s) => ({ ...s, value: x.compile(s.value) })) };
    const pick = versioned(p.name, compiled);
    paramFns.set(p.name, (env) => pick(env)(env));
    params.set(p.name, {
      steps: compiled.steps.map((s) => ({ from: s.from === undefined ? undefined : formatDay(s.from), to: s.to === undefined ? undefined : formatDay(s.to), value: s.value })),
    });
  }
  for (const c of plan.catalogues.values()) catalogueFns.set(c.name, versioned(c.name, c.versions));
  const groups: CompiledPlan['groups'] = new Map();
  for (const g of plan.groups.values()) {
    const name = g.name;
    const test = g.condition ? bool(g.condition) : (env: Env) => env.member.groups.has(name);
    groupFns.set(name, test);
    groups.set(name, { listed: !g.condition, test, label: g.label });
  }
  const limit = (l: { value: A.Expr; period: A.Period; shared?: string; range: Range }): CompiledLimit => ({
    value: fen(l.value),
    period: l.period,
    shared: l.shared,
    range: l.range,
  });

  const settings = new Map<string, string>();
  for (const s of plan.settings.values()) {
    settings.set(s.id, s.id);
    if (s.zh) settings.set(s.zh, s.id);
  }
  const flags = new Map<string, string>();
  for (const f of plan.flags.values()) {
    flags.set(f.id, f.id);
    if (f.zh) flags.set(f.zh, f.id);
  }

  return {
    header: plan.header,
    file: plan.file,
    settings,
    flags,
    attributes: plan.attributes,
    groups,
    waiting: plan.waiting && (() => {
      const d = x.compile(plan.waiting!.days);
      return { days: (env: Env) => (d(env) as Decimal).toNumber(), reason: plan.waiting!.reason, range: plan.waiting!.range };
    })(),
    exclusions: plan.exclusions.map((e) => ({ level: e.level, test: bool(e.condition), reason: e.reason, range: e.range })),
    sharedDeductibles: new Map([...plan.sharedDeductibles].map(([k, v]) => [k, limit(v)])),
    sharedCaps: new Map([...plan.sharedCaps].map(([k, v]) => [k, limit(v)])),
    benefits: plan.benefits.map((b) => ({
      name: b.name,
      label: b.label,
      index: b.index,
      settings: b.settings,
      amount: fen(b.amount),
      amountRange: b.amountRange,
      excluding: b.excluding,
      deductible: b.deductible && limit(b.deductible),
      cap: b.cap && limit(b.cap),
      ratio: b.ratio && bp(b.ratio),
      ratioRange: b.ratio?.range,
      schedule: b.schedule && {
        kind: b.schedule.kind,
        basis: b.schedule.basis,
        bands: b.schedule.bands.map((band) => ({ from: fen(band.from), to: band.to && fen(band.to), ratio: bp(band.ratio), range: band.range })),
        range: b.schedule.range,
      },
      range: b.range,
    })),
    tilts: plan.tilts.map((t) => {
      const tests = t.groups.map((g) => groupFns.get(g)!);
      return {
        name: t.name,
        label: t.label,
        groups: t.groups,
        applies: (env: Env) => tests.some((f) => f(env)),
        changesWithinYear: t.groups.some((g) => groupChangesWithinYear(plan, g, new Set())),
        actions: t.actions.map((a) => {
          const moneyValued = (a.op === 'add' || a.op === 'subtract') && a.target !== 'ratio';
          return { scope: a.scope, target: a.target, op: a.op, value: a.value && (moneyValued ? fen(a.value) : bp(a.value)), range: a.range };
        }),
        range: t.range,
      };
    }),
    combines: plan.combines,
    premium: plan.premium && {
      lines: plan.premium.lines.map((l) => ({ amount: fen(l.amount), test: l.condition && bool(l.condition), range: l.range })),
      range: plan.premium.range,
    },
    tests: plan.tests,
    params,
  };
}
