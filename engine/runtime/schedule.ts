// The annual payout function P(A, X) of one benefit, exact in units of fen × basis point.
//   A: the member's accumulated eligible amount this year; X: the part of it past the deductible.
import { mulBp, safe } from '../core/money';

export interface EffectiveBand {
  lo: number;
  /** Infinity for an open last band. */
  hi: number;
  bp: number;
}

export interface EffectiveSchedule {
  kind: 'ratio' | 'banded' | 'whole-amount';
  basis: 'annual' | 'above-deductible';
  ratio: number;
  bands: EffectiveBand[];
}

function overlap(lo: number, hi: number, start: number, end: number): number {
  return Math.max(0, Math.min(hi, end) - Math.max(lo, start));
}

function bandRatio(bands: EffectiveBand[], v: number): number {
  for (const b of bands) if (b.lo <= v && v < b.hi) return b.bp;
  return 0;
}

export function annualPayout(s: EffectiveSchedule, A: number, X: number): number {
  // Stryker disable next-line all: a shortcut; with nothing past the deductible every branch below gives 0
  if (X <= 0) return 0;
  switch (s.kind) {
    case 'ratio':
      return mulBp(X, s.ratio);
    case 'banded': {
      const start = s.basis === 'annual' ? A - X : 0;
      const end = s.basis === 'annual' ? A : X;
      let p = 0;
      for (const b of s.bands) p = safe(p + mulBp(overlap(b.lo, b.hi, start, end), b.bp));
      return p;
    }
    case 'whole-amount':
      return mulBp(X, bandRatio(s.bands, s.basis === 'annual' ? A : X));
  }
}

/** The band edges crossed between two annual positions, for the trace (none for a flat ratio, which has no bands). */
export function bandsTouched(s: EffectiveSchedule, A0: number, X0: number, A1: number, X1: number): EffectiveBand[] {
  const from = s.basis === 'annual' ? A0 : X0;
  const to = s.basis === 'annual' ? A1 : X1;
  const lowest = s.basis === 'annual' ? A1 - X1 : 0;
  return s.bands.filter((b) => b.hi > Math.max(from, lowest) && b.lo < to);
}
