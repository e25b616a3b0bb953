// Generated plans for the property tests: a small structured description (PlanSpec) that renders
// to Yibao text for the engine and is read directly by the reference interpreter.
import fc from 'fast-check';

export type Mode = 'half-up' | 'half-even' | 'down' | 'up';

export interface BandSpec {
  /** Yuan, whole. */
  lo: number;
  /** Yuan, whole; undefined for an open last band. */
  hi?: number;
  /** Whole percent. */
  pct: number;
}

export type ScheduleSpec =
  | { kind: 'ratio'; pct: number }
  | { kind: 'banded' | 'whole-amount'; basis: 'annual' | 'above-deductible'; bands: BandSpec[] };

export interface BenefitSpec {
  name: string;
  /** Settings the benefit covers; undefined: all. */
  settings?: ('inpatient' | 'outpatient')[];
  amount: 'in' | 'out' | 'both';
  /** Yuan, whole. */
  deductible?: { value: number; period: 'year' | 'claim' };
  schedule: ScheduleSpec;
  cap?: { value: number; period: 'year' | 'claim' };
}

export type TiltActionSpec =
  | { target: 'deductible'; op: 'waive' }
  | { target: 'deductible'; op: 'cut' | 'scale'; pct: number }
  | { target: 'deductible'; op: 'subtract' | 'add'; yuan: number }
  | { target: 'ratio'; op: 'add' | 'subtract'; pp: number }
  | { target: 'ratio'; op: 'scale'; pct: number }
  | { target: 'cap'; op: 'scale'; pct: number }
  | { target: 'cap'; op: 'add' | 'subtract'; yuan: number };

export interface TiltSpec {
  /** Benefit the actions are scoped to; undefined: every benefit. */
  scope?: string;
  actions: TiltActionSpec[];
}

export interface PlanSpec {
  rounding: { step: '0.01' | '0.1' | '1'; mode: Mode };
  benefits: BenefitSpec[];
  /** One tilt, for the listed group G. */
  tilt?: TiltSpec;
}

const SETTING_IN_TEXT = { inpatient: 'inpatient', outpatient: 'outpatient' } as const;

function renderSchedule(s: ScheduleSpec): string {
  if (s.kind === 'ratio') return `ratio ${s.pct}%`;
  const basis = s.basis === 'annual' ? 'on annual amount' : 'above deductible';
  const bands = s.bands.map((b) => `${b.lo} .. ${b.hi ?? ''} : ${b.pct}%`).join('\n    ');
  return `${s.kind} ${basis} {\n    ${bands}\n  }`;
}

function renderAction(a: TiltActionSpec, scope?: string): string {
  const t = `${scope ? `${scope}.` : ''}${a.target}`;
  switch (a.op) {
    case 'waive':
      return `${t} waived`;
    case 'cut':
      return `${t} cut ${(a as { pct: number }).pct}%`;
    case 'scale':
      return `${t} scale ${(a as { pct: number }).pct}%`;
    case 'add':
      return a.target === 'ratio' ? `${t} +${a.pp}pp` : `${t} + ${(a as { yuan: number }).yuan}`;
    case 'subtract':
      return a.target === 'ratio' ? `${t} -${a.pp}pp` : `${t} - ${(a as { yuan: number }).yuan}`;
  }
}

export function renderPlan(p: PlanSpec): string {
  const lines = [`plan "generated" { valid 2016-01-01 to 2030-12-31 rounding ${p.rounding.step} ${p.rounding.mode} }`, 'group G'];
  for (const b of p.benefits) {
    const clauses: string[] = [];
    if (b.settings) clauses.push(`for ${b.settings.map((s) => SETTING_IN_TEXT[s]).join(', ')}`);
    clauses.push(`amount ${b.amount === 'in' ? 'claim.inPolicySelfPay' : b.amount === 'out' ? 'claim.outOfPolicySelfPay' : 'claim.inPolicySelfPay + claim.outOfPolicySelfPay'}`);
    if (b.deductible) clauses.push(`deductible ${b.deductible.value} per ${b.deductible.period}`);
    clauses.push(renderSchedule(b.schedule));
    if (b.cap) clauses.push(`cap ${b.cap.value} per ${b.cap.period}`);
    lines.push(`benefit ${b.name} {\n  ${clauses.join('\n  ')}\n}`);
  }
  if (p.tilt) lines.push(`tilt T for G {\n  ${p.tilt.actions.map((a) => renderAction(a, p.tilt!.scope)).join('\n  ')}\n}`);
  return lines.join('\n') + '\n';
}

// ---- arbitraries ----

export interface PlanShape {
  /** Allow per-claim deductibles. */
  perClaimDeductible?: boolean;
  /** Allow per-claim caps. */
  perClaimCap?: boolean;
  /** Whole-amount schedules only with non-decreasing ratios (so that P is monotone). */
  monotone?: boolean;
  /** Allow a tilt, and which kind. */
  tilt?: 'none' | 'any' | 'favourable';
  /** Rounding steps to draw from. */
  steps?: PlanSpec['rounding']['step'][];
}

const bandsArb = (monotone: boolean, openLast: fc.Arbitrary<boolean>) =>
  fc
    .tuple(
      fc.array(fc.record({ width: fc.integer({ min: 1, max: 60 }), pct: fc.integer({ min: 0, max: 90 }) }), { minLength: 1, maxLength: 4 }),
      openLast,
      fc.constantFrom(100, 1000),
    )
    .map(([raw, open, unit]) => {
      const pcts = raw.map((r) => r.pct);
      if (monotone) pcts.sort((a, b) => a - b);
      let lo = 0;
      return raw.map((r, i) => {
        const hi = lo + r.width * unit;
        const band: BandSpec = { lo, hi: open && i === raw.length - 1 ? undefined : hi, pct: pcts[i]! };
        lo = hi;
        return band;
      });
    });

function scheduleArb(shape: PlanShape, deductiblePeriod: 'year' | 'claim' | undefined): fc.Arbitrary<ScheduleSpec> {
  // Bands on the annual amount need an annual deductible (YB604).
  const bases: ('annual' | 'above-deductible')[] = deductiblePeriod === 'claim' ? ['above-deductible'] : ['annual', 'above-deductible'];
  return fc.oneof(
    fc.record({ kind: fc.constant('ratio' as const), pct: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ kind: fc.constant('banded' as const), basis: fc.constantFrom(...bases), bands: bandsArb(false, fc.boolean()) }),
    // A whole-amount schedule's last band is open (YB310).
    fc.record({ kind: fc.constant('whole-amount' as const), basis: fc.constantFrom(...bases), bands: bandsArb(shape.monotone ?? false, fc.constant(true)) }),
  );
}

function benefitArb(shape: PlanShape, name: string): fc.Arbitrary<BenefitSpec> {
  const periods: ('year' | 'claim')[] = shape.perClaimDeductible ? ['year', 'claim'] : ['year'];
  const capPeriods: ('year' | 'claim')[] = shape.perClaimCap ? ['year', 'claim'] : ['year'];
  return fc
    .record({
      settings: fc.option(fc.constantFrom<('inpatient' | 'outpatient')[]>(['inpatient'], ['outpatient'], ['inpatient', 'outpatient']), { nil: undefined }),
      amount: fc.constantFrom('in' as const, 'out' as const, 'both' as const),
      deductible: fc.option(fc.record({ value: fc.integer({ min: 0, max: 200 }).map((x) => x * 100), period: fc.constantFrom(...periods) }), { nil: undefined }),
      cap: fc.option(fc.record({ value: fc.integer({ min: 0, max: 300 }).map((x) => x * 500), period: fc.constantFrom(...capPeriods) }), { nil: undefined }),
    })
    .chain((b) => scheduleArb(shape, b.deductible?.period).map((schedule) => ({ name, ...b, schedule })));
}

const favourableAction: fc.Arbitrary<TiltActionSpec> = fc.oneof(
  fc.constant({ target: 'deductible' as const, op: 'waive' as const }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constantFrom('cut' as const), pct: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constantFrom('scale' as const), pct: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('subtract' as const), yuan: fc.integer({ min: 0, max: 50 }).map((x) => x * 100) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('add' as const), pp: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('scale' as const), pct: fc.integer({ min: 100, max: 110 }) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('scale' as const), pct: fc.integer({ min: 100, max: 200 }) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('add' as const), yuan: fc.integer({ min: 0, max: 100 }).map((x) => x * 500) }),
);

const anyAction: fc.Arbitrary<TiltActionSpec> = fc.oneof(
  favourableAction,
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('scale' as const), pct: fc.integer({ min: 100, max: 200 }) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('add' as const), yuan: fc.integer({ min: 0, max: 50 }).map((x) => x * 100) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('scale' as const), pct: fc.integer({ min: 50, max: 100 }) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('scale' as const), pct: fc.integer({ min: 0, max: 100 }) }),
);

/** Drops actions whose target the scoped benefit (or every benefit) lacks, and keeps one per target. */
function fitTilt(t: TiltSpec, benefits: BenefitSpec[]): TiltSpec | undefined {
  const reach = t.scope ? benefits.filter((b) => b.name === t.scope) : benefits;
  const has = (target: TiltActionSpec['target']) =>
    reach.some((b) => (target === 'ratio' ? true : target === 'deductible' ? b.deductible !== undefined : b.cap !== undefined));
  const seen = new Set<string>();
  const actions = t.actions.filter((a) => {
    if (!has(a.target) || seen.has(a.target)) return false;
    seen.add(a.target);
    return true;
  });
  // A ratio action must not lift a ratio above 100 %: ratios are ≤ 90 % and raises ≤ 10pp or ×110 %.
  return actions.length ? { scope: t.scope, actions } : undefined;
}

export function planArb(shape: PlanShape = {}): fc.Arbitrary<PlanSpec> {
  const steps = shape.steps ?? ['0.01'];
  return fc
    .tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.record({ step: fc.constantFrom(...steps), mode: fc.constantFrom<Mode>('half-up', 'half-even', 'down', 'up') }),
    )
    .chain(([n, rounding]) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => benefitArb(shape, `B${i + 1}`))).chain((benefits) => {
        const kind = shape.tilt ?? 'none';
        if (kind === 'none') return fc.constant<PlanSpec>({ rounding, benefits });
        const action = kind === 'favourable' ? favourableAction : anyAction;
        return fc
          .record({
            scope: fc.option(fc.constantFrom(...benefits.map((b) => b.name)), { nil: undefined }),
            actions: fc.array(action, { minLength: 1, maxLength: 3 }),
          })
          .map((t) => ({ rounding, benefits, tilt: fitTilt(t, benefits) }));
      }),
    );
}

// ---- requests ----

export interface ClaimSpec {
  id: string;
  member: 'm1' | 'm2';
  /** Day of 2025 (0-based), or a day in a neighbouring year. */
  date: string;
  setting: 'inpatient' | 'outpatient';
  inFen: number;
  outFen: number;
}

const fenArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 500 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 50_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 5, 50, 99, 100) },
);

const dayArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2024-12-31', '2026-01-01', '2024-02-29') },
);

export const claimsArb = (opts: { min?: number; max?: number } = {}) =>
  fc
    .array(
      fc.record({
        member: fc.constantFrom('m1' as const, 'm2' as const),
        date: dayArb,
        setting: fc.constantFrom('inpatient' as const, 'outpatient' as const),
        inFen: fenArb,
        outFen: fenArb,
      }),
      { minLength: opts.min ?? 1, maxLength: opts.max ?? 8 },
    )
    .map((cs) => cs.map((c, i): ClaimSpec => ({ id: `c${String(i).padStart(2, '0')}`, ...c })));

export const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export const MEMBERS = [
  { id: 'm1', birthDate: '1980-05-01', enrolledSince: '2015-01-01', groups: ['G'] },
  { id: 'm2', birthDate: '1980-05-01', enrolledSince: '2015-01-01' },
];

export function requestOf(claims: ClaimSpec[], members = MEMBERS) {
  return {
    members,
    claims: claims.map((c) => ({ id: c.id, member: c.member, date: c.date, setting: c.setting, inPolicySelfPay: yuan(c.inFen), outOfPolicySelfPay: yuan(c.outFen) })),
  };
}
