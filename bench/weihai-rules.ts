// The Weihai plan's numbers and band arithmetic, written from its rules (examples/weihai-2024.yibao)
// in integer fen and basis points, for the two yardsticks of the bench (handwritten-weihai.ts over
// the engine's records, columnar-weihai.ts over typed arrays).
const DAY = 86_400_000;
export const VALID_FROM = Date.UTC(2025, 0, 1) / DAY;
export const VALID_TO = Date.UTC(2025, 11, 31) / DAY;
/** 连续参保 three full years by 2025-01-01: enrolled on or before 2022-01-01. */
export const ENROLLED_BY = Date.UTC(2022, 0, 1) / DAY;
/** The deductible R3 and R4 share: 1万 in fen. */
export const SHARED_OUTPATIENT_DEDUCTIBLE = 1_000_000;
export const EXCLUDING_FLAGS = ['work_injury', 'third_party', 'public_health', 'abroad'];

/** fen × bp rounded half up to fen. */
export function half(units: number): number {
  const q = Math.floor(units / 10_000);
  return units - q * 10_000 >= 5_000 ? q + 1 : q;
}

/** R1's bands from its deductible 6000 yuan: 5 % to 1.6万, 60 % to 10万, 70 % to 30万, 80 % above. */
export function r1Units(to: number, bonus: number): number {
  if (to <= 600_000) return 0;
  let u = (Math.min(to, 1_600_000) - 600_000) * (500 + bonus);
  if (to > 1_600_000) u += (Math.min(to, 10_000_000) - 1_600_000) * (6000 + bonus);
  if (to > 10_000_000) u += (Math.min(to, 30_000_000) - 10_000_000) * (7000 + bonus);
  if (to > 30_000_000) u += (to - 30_000_000) * (8000 + bonus);
  return u;
}

/** R2's bands from its deductible 1.6万: 20 % to 10万, 30 % to 30万, 40 % above. */
export function r2Units(to: number, bonus: number): number {
  if (to <= 1_600_000) return 0;
  let u = (Math.min(to, 10_000_000) - 1_600_000) * (2000 + bonus);
  if (to > 10_000_000) u += (Math.min(to, 30_000_000) - 10_000_000) * (3000 + bonus);
  if (to > 30_000_000) u += (to - 30_000_000) * (4000 + bonus);
  return u;
}
