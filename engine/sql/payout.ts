// A benefit's annual payout P′(A, X) as SQL over integer columns, in fen × basis points (spec §16.3),
// and the plan's rounding of it to the fen (engine/core/money.ts roundDiv, on values never negative).
import type { IrHeader, IrPayout } from '../ir/plan';
import type { Dialect } from './dialect';

/** One band: its edges in fen and its ratio in basis points, as SQL. */
export interface SqlBand { lo: string; hi?: string; bp: string }

/** G(v) = Σ rᵢ·clamp(v − loᵢ, 0, hiᵢ − loᵢ). */
const bandedSum = (v: string, bands: SqlBand[]) =>
  bands.map((b) => `${b.bp} * ${b.hi === undefined ? `GREATEST(${v} - ${b.lo}, 0)` : `LEAST(GREATEST(${v} - ${b.lo}, 0), GREATEST(${b.hi} - ${b.lo}, 0))`}`).join(' + ') || '0';

/** r(v)·x: the ratio of the band that holds v (0 outside every band), times x. */
const wholeAmount = (v: string, x: string, bands: SqlBand[]) =>
  `(CASE ${bands.map((b) => `WHEN ${v} >= ${b.lo}${b.hi === undefined ? '' : ` AND ${v} < ${b.hi}`} THEN ${b.bp}`).join(' ')} ELSE 0 END) * ${x}`;

/**
 * P′ for a payout rule, given its ratio or bands as SQL: a function of the SQL for A (annual eligible)
 * and X (the part past the deductible), with the annual cap (fen) inside when there is one.
 */
export function payoutFn(p: IrPayout, ratio: string | undefined, bands: SqlBand[], annualCap: string | undefined): (a: string, x: string) => string {
  let f: (a: string, x: string) => string;
  if (p.kind === 'ratio') f = (_a, x) => `${ratio} * ${x}`;
  else if (p.kind === 'banded') f = p.basis === 'above-deductible' ? (_a, x) => `(${bandedSum(x, bands)})` : (a, x) => `(${bandedSum(a, bands)} - (${bandedSum(`(${a} - ${x})`, bands)}))`;
  else f = p.basis === 'above-deductible' ? (_a, x) => wholeAmount(x, x, bands) : (a, x) => wholeAmount(a, x, bands);
  return annualCap === undefined ? f : (a, x) => `LEAST(${f(a, x)}, ${annualCap} * 10000)`;
}

/** A value in fen × basis points (never negative) rounded as the plan declares, in fen. */
export function roundSql(d: Dialect, rounding: IrHeader['rounding'], v: string): string {
  const step = rounding.stepFen;
  const unit = 10_000 * step;
  // Stryker disable next-line ConditionalExpression: a step of one fen multiplies by 1, which changes nothing but the query's length
  const times = (q: string) => (step === 1 ? q : `(${q} * ${step})`);
  switch (rounding.mode) {
    case 'half-up': return times(d.div(`(${v} + ${unit / 2})`, unit));
    case 'down': return times(d.div(v, unit));
    case 'up': return times(d.div(`(${v} + ${unit - 1})`, unit));
    case 'half-even': {
      const q = d.div(v, unit);
      const r = `(${v} - ${q} * ${unit})`;
      return times(`(CASE WHEN 2 * ${r} > ${unit} OR (2 * ${r} = ${unit} AND ${q} % 2 = 1) THEN ${q} + 1 ELSE ${q} END)`);
    }
  }
}
