// Generated plans for the property tests: a small structured description (PlanSpec) that renders
// to Yibao text for the engine and is read directly by the reference interpreter. Constants are
// drawn in whole fen and whole basis points; with `decimal` (PlanShape) some are written as products
// or quotients the compiler evaluates in decimal.js, rounded to the fen or basis point where used.
import fc from 'fast-check';
import { edgeFactorArb, moneyFactorArb, pctArb, ratioFactorArb, renderFactor, yuanArb, type Factor } from './constants';

export type Mode = 'half-up' | 'half-even' | 'down' | 'up';

export interface BandSpec {
  /** Yuan, whole fen. */
  lo: number;
  /** Yuan, whole fen; undefined for an open last band. */
  hi?: number;
  /** Percent, whole basis points. */
  pct: number;
  /** Written `pct% * 80%`: the ratio is computed. */
  by?: Factor;
}

export type ScheduleSpec =
  | { kind: 'ratio'; pct: number; by?: Factor }
  | { kind: 'banded' | 'whole-amount'; basis: 'annual' | 'above-deductible'; bands: BandSpec[]; edgesBy?: Factor };

export interface LimitSpec {
  /** Yuan, whole fen. */
  value: number;
  period: 'year' | 'claim';
  /** Written `value元 * 87.5%`: the limit is computed. */
  by?: Factor;
}

export interface BenefitSpec {
  name: string;
  /** Settings the benefit covers; undefined: all. */
  settings?: ('inpatient' | 'outpatient')[];
  amount: 'in' | 'out' | 'both';
  /** Written `(amount) / 3`: the eligible amount is computed. */
  amountBy?: Factor;
  deductible?: LimitSpec;
  schedule: ScheduleSpec;
  cap?: LimitSpec;
}

/** `exclude claim when claim.X * 87.5% >= threshold`: a comparison of decimals. */
export interface ExclusionSpec {
  amount: 'in' | 'out';
  by: Factor;
  op: '<' | '<=' | '>' | '>=';
  /** Yuan, whole fen. */
  threshold: number;
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
  exclusion?: ExclusionSpec;
}

const SETTING_IN_TEXT = { inpatient: 'inpatient', outpatient: 'outpatient' } as const;

const money = (yuan: number, by?: Factor) => (by ? `${yuan}元${renderFactor(by)}` : `${yuan}`);
const ratio = (pct: number, by?: Factor) => `${pct}%${by ? renderFactor(by) : ''}`;
const AMOUNT_TEXT = { in: 'claim.inPolicySelfPay', out: 'claim.outOfPolicySelfPay', both: 'claim.inPolicySelfPay + claim.outOfPolicySelfPay' } as const;

function renderSchedule(s: ScheduleSpec): string {
  if (s.kind === 'ratio') return `ratio ${ratio(s.pct, s.by)}`;
  const basis = s.basis === 'annual' ? 'on annual amount' : 'above deductible';
  const bands = s.bands.map((b) => `${money(b.lo, s.edgesBy)} .. ${b.hi === undefined ? '' : money(b.hi, s.edgesBy)} : ${ratio(b.pct, b.by)}`).join('\n    ');
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
  const x = p.exclusion;
  if (x) lines.push(`exclude claim when ${AMOUNT_TEXT[x.amount]}${renderFactor(x.by)} ${x.op} ${x.threshold} because "decimal comparison"`);
  for (const b of p.benefits) {
    const clauses: string[] = [];
    if (b.settings) clauses.push(`for ${b.settings.map((s) => SETTING_IN_TEXT[s]).join(', ')}`);
    clauses.push(`amount ${b.amountBy ? `(${AMOUNT_TEXT[b.amount]})${renderFactor(b.amountBy)}` : AMOUNT_TEXT[b.amount]}`);
    if (b.deductible) clauses.push(`deductible ${money(b.deductible.value, b.deductible.by)} per ${b.deductible.period}`);
    clauses.push(renderSchedule(b.schedule));
    if (b.cap) clauses.push(`cap ${money(b.cap.value, b.cap.by)} per ${b.cap.period}`);
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
  /**
   * Write some amounts, limits, ratios and band edges as products or quotients, and add a claim
   * exclusion comparing such a product: the decimal.js path of the compiler. An amount computed per
   * claim is rounded per claim, so splitting a claim may move a fen; not for the split property.
   */
  decimal?: boolean;
}

/** The factor when `on`, sometimes; never otherwise. */
const maybe = (on: boolean | undefined, factor: fc.Arbitrary<Factor>): fc.Arbitrary<Factor | undefined> =>
  on ? fc.option(factor, { nil: undefined }) : fc.constant(undefined);

// Whole hundreds or thousands of yuan, or any fen from one yuan up (so that an edge factor of one
// half cannot round two edges together).
const widthFenArb = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((w) => w * 10_000),
  fc.integer({ min: 1, max: 60 }).map((w) => w * 100_000),
  fc.integer({ min: 100, max: 6_000_000 }),
);

const bandsArb = (shape: PlanShape, openLast: fc.Arbitrary<boolean>) =>
  fc
    .tuple(
      fc.array(fc.record({ widthFen: widthFenArb, pct: pctArb(0, 90), by: maybe(shape.decimal && !shape.monotone, ratioFactorArb) }), { minLength: 1, maxLength: 4 }),
      openLast,
    )
    .map(([raw, open]) => {
      const pcts = raw.map((r) => r.pct);
      if (shape.monotone) pcts.sort((a, b) => a - b);
      let lo = 0;
      return raw.map((r, i) => {
        const hi = lo + r.widthFen;
        const band: BandSpec = { lo: lo / 100, hi: open && i === raw.length - 1 ? undefined : hi / 100, pct: pcts[i]!, ...(r.by && { by: r.by }) };
        lo = hi;
        return band;
      });
    });

function scheduleArb(shape: PlanShape, deductiblePeriod: 'year' | 'claim' | undefined): fc.Arbitrary<ScheduleSpec> {
  // Bands on the annual amount need an annual deductible (YB604).
  const bases: ('annual' | 'above-deductible')[] = deductiblePeriod === 'claim' ? ['above-deductible'] : ['annual', 'above-deductible'];
  const edgesBy = maybe(shape.decimal, edgeFactorArb);
  return fc.oneof(
    fc.record({ kind: fc.constant('ratio' as const), pct: pctArb(0, 90), by: maybe(shape.decimal, ratioFactorArb) }),
    fc.record({ kind: fc.constant('banded' as const), basis: fc.constantFrom(...bases), bands: bandsArb(shape, fc.boolean()), edgesBy }),
    // A whole-amount schedule's last band is open (YB310).
    fc.record({ kind: fc.constant('whole-amount' as const), basis: fc.constantFrom(...bases), bands: bandsArb(shape, fc.constant(true)), edgesBy }),
  );
}

function benefitArb(shape: PlanShape, name: string): fc.Arbitrary<BenefitSpec> {
  const periods: ('year' | 'claim')[] = shape.perClaimDeductible ? ['year', 'claim'] : ['year'];
  const capPeriods: ('year' | 'claim')[] = shape.perClaimCap ? ['year', 'claim'] : ['year'];
  const limit = (maxYuan: number, step: number, period: fc.Arbitrary<'year' | 'claim'>) =>
    fc.option(fc.record({ value: yuanArb(maxYuan, step), period, by: maybe(shape.decimal, moneyFactorArb) }), { nil: undefined });
  return fc
    .record({
      settings: fc.option(fc.constantFrom<('inpatient' | 'outpatient')[]>(['inpatient'], ['outpatient'], ['inpatient', 'outpatient']), { nil: undefined }),
      amount: fc.constantFrom('in' as const, 'out' as const, 'both' as const),
      amountBy: maybe(shape.decimal, moneyFactorArb),
      deductible: limit(20_000, 100, fc.constantFrom(...periods)),
      cap: limit(150_000, 500, fc.constantFrom(...capPeriods)),
    })
    .chain((b) => scheduleArb(shape, b.deductible?.period).map((schedule) => ({ name, ...b, schedule })));
}

const exclusionArb: fc.Arbitrary<ExclusionSpec> = fc.record({
  amount: fc.constantFrom('in' as const, 'out' as const),
  by: moneyFactorArb,
  op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const),
  // A threshold of 0 ties with every claim of nothing and one of a few yuan with small claims:
  // ties are where < and <= part.
  threshold: fc.oneof(fc.constant(0), yuanArb(2), yuanArb(50_000, 100)),
});

const favourableAction: fc.Arbitrary<TiltActionSpec> = fc.oneof(
  fc.constant({ target: 'deductible' as const, op: 'waive' as const }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constantFrom('cut' as const), pct: pctArb(0, 100) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constantFrom('scale' as const), pct: pctArb(0, 100) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('subtract' as const), yuan: yuanArb(5000, 100) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('add' as const), pp: pctArb(0, 10) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('scale' as const), pct: pctArb(100, 110) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('scale' as const), pct: pctArb(100, 200) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('add' as const), yuan: yuanArb(50_000, 500) }),
);

const anyAction: fc.Arbitrary<TiltActionSpec> = fc.oneof(
  favourableAction,
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('scale' as const), pct: pctArb(100, 200) }),
  fc.record({ target: fc.constant('deductible' as const), op: fc.constant('add' as const), yuan: yuanArb(5000, 100) }),
  fc.record({ target: fc.constant('ratio' as const), op: fc.constant('scale' as const), pct: pctArb(50, 100) }),
  fc.record({ target: fc.constant('cap' as const), op: fc.constant('scale' as const), pct: pctArb(0, 100) }),
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
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, i) => benefitArb(shape, `B${i + 1}`))),
        shape.decimal ? fc.option(exclusionArb, { nil: undefined }) : fc.constant(undefined),
      ).chain(([benefits, exclusion]) => {
        const base: PlanSpec = exclusion ? { rounding, benefits, exclusion } : { rounding, benefits };
        const kind = shape.tilt ?? 'none';
        if (kind === 'none') return fc.constant(base);
        const action = kind === 'favourable' ? favourableAction : anyAction;
        return fc
          .record({
            scope: fc.option(fc.constantFrom(...benefits.map((b) => b.name)), { nil: undefined }),
            actions: fc.array(action, { minLength: 1, maxLength: 3 }),
          })
          .map((t) => ({ ...base, tilt: fitTilt(t, benefits) }));
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
