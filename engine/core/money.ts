// Money in the hot path is an integer number of fen (0.01 yuan); ratios are integer basis points
// (1/10000). Products are checked against the safe-integer range and never overflow silently.
import Decimal from 'decimal.js';
import type { RoundingMode } from '../../grammar/ast';

export const BP = 10_000;

export class OverflowError extends Error {
  constructor() {
    super('amount too large for exact arithmetic');
  }
}

export function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw new OverflowError();
  return n;
}

/** fen × bp, exact. */
export function mulBp(fen: number, bp: number): number {
  return safe(fen * bp);
}

// Below one billion yuan: a year of such amounts times a ratio stays exact in a double.
const AMOUNT = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/;

/** Parses a request amount (decimal string or JSON number, ≥ 0, ≤ 2 decimals) into fen. */
export function parseFen(v: unknown): number | undefined {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return undefined;
    s = String(v);
  } else if (typeof v === 'string') s = v;
  else return undefined;
  const m = AMOUNT.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const CENTS = Array.from({ length: 100 }, (_, c) => (c < 10 ? '.0' : '.') + c);

/** Fen as yuan with two decimals: 123456 → "1234.56". Called for every amount of every result. */
export function formatFen(fen: number): string {
  if (fen < 0) return '-' + formatFen(-fen);
  const yuan = Math.floor(fen / 100);
  return yuan + CENTS[fen - yuan * 100]!;
}

/** Decimal yuan → integer fen, rounding half up (amounts computed by a plan's expressions). */
/** Basis points as a percentage's number, without trailing zeros: 6500 → "65", 1250 → "12.5". */
export const bpText = (bp: number): string => (bp / 100).toFixed(2).replace(/\.?0+$/, '');

export function decimalToFen(d: Decimal): number {
  const f = d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const n = f.toNumber();
  return safe(n);
}

export function fenToDecimal(fen: number): Decimal {
  return new Decimal(fen).div(100);
}

/** Ratio as a Decimal fraction (0.55) → basis points, rounded half up to a whole basis point. */
export function decimalToBp(d: Decimal): number {
  return safe(d.times(BP).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
}

/**
 * n / d for integers n ≥ 0, d > 0, rounded by `mode`. An n outside the safe-integer range (a
 * product that already lost digits, such as a deductible scaled by a huge computed percentage) is
 * refused (OverflowError, the claim's YR011): it could not be divided exactly, and the correction
 * loops below would never end on it.
 */
export function roundDiv(n: number, d: number, mode: RoundingMode): number {
  // The common case first: a whole multiple (every payout of 0, every payout after a full band).
  if (n === 0) return 0;
  if (!Number.isSafeInteger(n)) throw new OverflowError();
  if (n < 0) return -roundDiv(-n, d, mode === 'down' ? 'down' : mode === 'up' ? 'up' : mode);
  let q = Math.floor(n / d);
  while (q * d > n) q--;
  while ((q + 1) * d <= n) q++;
  const r = n - q * d;
  if (r === 0) return q;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return q + 1;
    case 'half-up':
      return 2 * r >= d ? q + 1 : q;
    case 'half-even':
      return 2 * r > d || (2 * r === d && q % 2 === 1) ? q + 1 : q;
  }
}

/** A rounding step a plan or fund plan may declare, in fen (0.01 → 1, 100 → 10000); undefined for any other. */
export function roundingStepFen(step: string): number | undefined {
  return /^(?:0\.01|0\.1|1|10|100)$/.test(step) ? Math.round(Number(step) * 100) : undefined;
}
