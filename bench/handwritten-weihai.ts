// A hand-written evaluator of exactly examples/weihai-2024.yibao, written from the plan's rules
// (not generated from the engine) as the yardstick for the engine's speed: the same arithmetic
// written as plainly and as fast as careful code can be, over the same records the engine reads.
// Integer fen and basis points throughout; the benchmark checks it agrees with the engine on every
// claim. No tuples to destructure, no Date objects, one year state reused from member to member.
import type { RtClaim, RtMember } from '../engine/ir/env';
import { ENROLLED_BY, half, r1Units, r2Units, SHARED_OUTPATIENT_DEDUCTIBLE, VALID_FROM, VALID_TO } from './weihai-rules';


/** One member's benefit year. */
export interface YearState {
  sharedUsed: number;
  r1: number; // annual eligible amount
  r2: number;
  r3: number; // amount past the shared deductible, for flat-ratio benefits
  r4: number;
  /** The continuous-enrolment tilt: +5 points on every band of R1 and R2. */
  bonus: number;
}

function excludedByFlag(flags: ReadonlySet<string>): boolean {
  return flags.has('work_injury') || flags.has('third_party') || flags.has('public_health') || flags.has('abroad');
}

export class HandwrittenWeihai {
  constructor(private readonly specialDrugs: ReadonlySet<string>) {}

  newYear(): YearState {
    return { sharedUsed: 0, r1: 0, r2: 0, r3: 0, r4: 0, bonus: 0 };
  }

  /** Starts a member's year in `st`, before its first claim. */
  begin(st: YearState, member: RtMember): void {
    st.sharedUsed = st.r1 = st.r2 = st.r3 = st.r4 = 0;
    st.bonus = member.enrolledDay <= ENROLLED_BY ? 500 : 0;
  }

  /** Payout of one claim in fen; a member's claims must arrive in date order (ties by id). */
  settle(st: YearState, claim: RtClaim): number {
    if (claim.day < VALID_FROM || claim.day > VALID_TO) return 0;
    if (claim.flags.size > 0 && excludedByFlag(claim.flags)) return 0;
    let inFen = claim.inFen;
    let outFen = claim.outFen;
    let r4In = 0;
    let r4Out = 0;
    const items = claim.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const c = item.category;
      if (c === 'cosmetic' || c === 'tonic') {
        if (item.cls === 'in') inFen -= item.fen;
        else outFen -= item.fen;
      } else if (this.specialDrugs.has(item.code)) {
        if (item.cls === 'in') r4In += item.fen;
        else r4Out += item.fen;
      }
    }
    if (inFen < 0) inFen = 0;
    if (outFen < 0) outFen = 0;

    // R4 special drugs, any setting, 70 %, the shared deductible taken first.
    const r4Amount = r4In + r4Out;
    const left = SHARED_OUTPATIENT_DEDUCTIBLE - st.sharedUsed;
    const d4 = left <= 0 ? 0 : left < r4Amount ? left : r4Amount;
    st.sharedUsed += d4;
    const x4 = st.r4;
    st.r4 = x4 + r4Amount - d4;
    let pay = half(st.r4 * 7000) - half(x4 * 7000);

    const s = claim.setting;
    if (s === 'outpatient') {
      // R3: in + out, less R4's items, 60 %, the rest of the shared deductible.
      const a = (inFen > r4In ? inFen - r4In : 0) + (outFen > r4Out ? outFen - r4Out : 0);
      const rest = SHARED_OUTPATIENT_DEDUCTIBLE - st.sharedUsed;
      const d3 = rest <= 0 ? 0 : rest < a ? rest : a;
      st.sharedUsed += d3;
      const x3 = st.r3;
      st.r3 = x3 + a - d3;
      pay += half(st.r3 * 6000) - half(x3 * 6000);
    } else if (s === 'inpatient' || s === 'chronic_outpatient' || s === 'maternity') {
      // R1 in-policy and R2 out-of-policy, less R4's items, banded on the annual amount.
      const b = st.bonus;
      const x1 = st.r1;
      st.r1 = x1 + (inFen > r4In ? inFen - r4In : 0);
      pay += half(r1Units(st.r1, b)) - half(r1Units(x1, b));
      const x2 = st.r2;
      st.r2 = x2 + (outFen > r4Out ? outFen - r4Out : 0);
      pay += half(r2Units(st.r2, b)) - half(r2Units(x2, b));
    }
    return pay;
  }
}
