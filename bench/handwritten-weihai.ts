// A hand-written evaluator of exactly examples/weihai-2024.yibao, written from the plan's rules
// (not generated from the engine) as the yardstick for the engine's speed. Integer fen and basis
// points throughout; the benchmark checks that it agrees with the engine on every claim.
import type { RtClaim, RtMember } from '../engine/ir/env';

const VALID_FROM = Date.UTC(2025, 0, 1) / 86_400_000;
const VALID_TO = Date.UTC(2025, 11, 31) / 86_400_000;
const EXCLUDED_FLAGS = ['work_injury', 'third_party', 'public_health', 'abroad'];
const SHARED_OUTPATIENT_DEDUCTIBLE = 1_000_000; // 1万 in fen
const R1_DEDUCTIBLE = 600_000;
const R2_DEDUCTIBLE = 1_600_000;
// [from, to, bp]
const R1_BANDS = [[600_000, 1_600_000, 500], [1_600_000, 10_000_000, 6000], [10_000_000, 30_000_000, 7000], [30_000_000, Infinity, 8000]] as const;
const R2_BANDS = [[1_600_000, 10_000_000, 2000], [10_000_000, 30_000_000, 3000], [30_000_000, Infinity, 4000]] as const;
const INPATIENT = new Set(['inpatient', 'chronic_outpatient', 'maternity']);

/** One member's benefit year: the driver makes one when the member's claims begin. */
export interface YearState {
  sharedUsed: number;
  r1: number; // annual eligible amount A
  r2: number;
  r3: number; // amount past the shared deductible (X) for flat-ratio benefits
  r4: number;
  /** The continuous-enrolment tilt: +5 points on every band of R1 and R2. */
  bonus: number;
}

const half = (units: number) => {
  // units are fen × bp; round half up to fen
  const q = Math.floor(units / 10_000);
  return units - q * 10_000 >= 5_000 ? q + 1 : q;
};

function banded(bands: readonly (readonly [number, number, number])[], from: number, to: number, bonus: number): number {
  let p = 0;
  for (const [lo, hi, bp] of bands) {
    const seg = Math.min(hi, to) - Math.max(lo, from);
    if (seg > 0) p += seg * (bp + bonus);
  }
  return p;
}

function fullYears(from: number, to: number): number {
  const a = new Date(from * 86_400_000);
  const b = new Date(to * 86_400_000);
  let y = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) y--;
  return Math.max(0, y);
}

export class HandwrittenWeihai {
  constructor(private readonly specialDrugs: ReadonlySet<string>) {}

  /** A member's year, before the first claim. */
  year(member: RtMember): YearState {
    return { sharedUsed: 0, r1: 0, r2: 0, r3: 0, r4: 0, bonus: fullYears(member.enrolledDay, VALID_FROM) >= 3 ? 500 : 0 };
  }

  /** Payout of one claim in fen; a member's claims must arrive in date order (ties by id). */
  settle(st: YearState, claim: RtClaim): number {
    if (claim.day < VALID_FROM || claim.day > VALID_TO) return 0;
    if (claim.flags.size > 0) for (const f of EXCLUDED_FLAGS) if (claim.flags.has(f)) return 0;
    const bonus = st.bonus;

    let inFen = claim.inFen;
    let outFen = claim.outFen;
    let r4Amount = 0;
    let r4In = 0;
    let r4Out = 0;
    for (const item of claim.items) {
      if (item.category === 'cosmetic' || item.category === 'tonic') {
        if (item.cls === 'in') inFen -= item.fen;
        else outFen -= item.fen;
        continue;
      }
      if (this.specialDrugs.has(item.code)) {
        r4Amount += item.fen;
        if (item.cls === 'in') r4In += item.fen;
        else r4Out += item.fen;
      }
    }
    inFen = Math.max(0, inFen);
    outFen = Math.max(0, outFen);
    let pay = 0;

    // R4 special drugs, any setting, 70 %, shared deductible taken first.
    const d4 = Math.min(Math.max(0, SHARED_OUTPATIENT_DEDUCTIBLE - st.sharedUsed), r4Amount);
    st.sharedUsed += d4;
    const x4 = st.r4;
    st.r4 += r4Amount - d4;
    pay += half(st.r4 * 7000) - half(x4 * 7000);

    if (claim.setting === 'outpatient') {
      // R3: in + out, less R4's items, 60 %, the rest of the shared deductible.
      const a = Math.max(0, inFen - r4In) + Math.max(0, outFen - r4Out);
      const d3 = Math.min(Math.max(0, SHARED_OUTPATIENT_DEDUCTIBLE - st.sharedUsed), a);
      st.sharedUsed += d3;
      const x3 = st.r3;
      st.r3 += a - d3;
      pay += half(st.r3 * 6000) - half(x3 * 6000);
    } else if (INPATIENT.has(claim.setting)) {
      // R1 in-policy and R2 out-of-policy, less R4's items, banded on the annual amount.
      const a1 = Math.max(0, inFen - r4In);
      const before1 = st.r1;
      st.r1 += a1;
      pay += half(banded(R1_BANDS, R1_DEDUCTIBLE, st.r1, bonus)) - half(banded(R1_BANDS, R1_DEDUCTIBLE, before1, bonus));
      const a2 = Math.max(0, outFen - r4Out);
      const before2 = st.r2;
      st.r2 += a2;
      pay += half(banded(R2_BANDS, R2_DEDUCTIBLE, st.r2, bonus)) - half(banded(R2_BANDS, R2_DEDUCTIBLE, before2, bonus));
    }
    return pay;
  }
}
