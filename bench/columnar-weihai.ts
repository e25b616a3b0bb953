// The floor: the Weihai plan's arithmetic over columns of typed arrays, as a system built for this
// one plan could lay its data out (fen in Float64Array, settings and flags as small integers,
// catalogue codes interned to numbers). Nothing is allocated per claim or per member. It is what
// no general engine reaches; the bench reports the engine against it as a second ratio.
import type { RtClaim, RtMember } from '../engine/ir/env';
import { ENROLLED_BY, EXCLUDING_FLAGS as EXCLUDING, half, r1Units, r2Units, SHARED_OUTPATIENT_DEDUCTIBLE as SHARED, VALID_FROM, VALID_TO } from './weihai-rules';

const OTHER = 0;
const OUTPATIENT = 1;
const INPATIENT = 2;
const SETTING: Record<string, number> = { outpatient: OUTPATIENT, inpatient: INPATIENT, chronic_outpatient: INPATIENT, maternity: INPATIENT };

export interface Columns {
  members: number;
  /** Per member: where its claims start (members + 1 entries), and its enrolment day. */
  claimStart: Int32Array;
  enrolledDay: Int32Array;
  /** Per claim. */
  day: Int32Array;
  setting: Uint8Array;
  excluded: Uint8Array;
  inFen: Float64Array;
  outFen: Float64Array;
  itemStart: Int32Array;
  /** Per item: 1 a cosmetic or tonic item (excluded), 2 a special drug, 0 neither; 0 in, 1 out. */
  itemKind: Uint8Array;
  itemOut: Uint8Array;
  itemFen: Float64Array;
}

/** The records laid out as columns, codes interned against the special-drug catalogue (not timed). */
export function toColumns(blocks: { member: RtMember; claims: RtClaim[] }[], specialDrugs: ReadonlySet<string>): Columns {
  const claims = blocks.reduce((n, b) => n + b.claims.length, 0);
  const items = blocks.reduce((n, b) => n + b.claims.reduce((k, c) => k + c.items.length, 0), 0);
  const t: Columns = {
    members: blocks.length, claimStart: new Int32Array(blocks.length + 1), enrolledDay: new Int32Array(blocks.length),
    day: new Int32Array(claims), setting: new Uint8Array(claims), excluded: new Uint8Array(claims), inFen: new Float64Array(claims),
    outFen: new Float64Array(claims), itemStart: new Int32Array(claims + 1), itemKind: new Uint8Array(items), itemOut: new Uint8Array(items), itemFen: new Float64Array(items),
  };
  const interned = new Map<string, number>();
  const special: number[] = [];
  let c = 0;
  let i = 0;
  blocks.forEach((b, m) => {
    t.claimStart[m] = c;
    t.enrolledDay[m] = b.member.enrolledDay;
    for (const claim of b.claims) {
      t.day[c] = claim.day;
      t.setting[c] = SETTING[claim.setting] ?? OTHER;
      t.excluded[c] = EXCLUDING.some((f) => claim.flags.has(f)) ? 1 : 0;
      t.inFen[c] = claim.inFen;
      t.outFen[c] = claim.outFen;
      t.itemStart[c] = i;
      for (const item of claim.items) {
        let id = interned.get(item.code);
        if (id === undefined) {
          interned.set(item.code, (id = special.length));
          special.push(specialDrugs.has(item.code) ? 1 : 0);
        }
        t.itemKind[i] = item.category === 'cosmetic' || item.category === 'tonic' ? 1 : special[id] ? 2 : 0;
        t.itemOut[i] = item.cls === 'out' ? 1 : 0;
        t.itemFen[i] = item.fen;
        i++;
      }
      c++;
    }
  });
  t.claimStart[blocks.length] = c;
  t.itemStart[c] = i;
  return t;
}

/** Settles every claim into `pay` (fen, by claim). */
export function settleColumns(t: Columns, pay: Float64Array): void {
  for (let m = 0; m < t.members; m++) {
    const bonus = t.enrolledDay[m]! <= ENROLLED_BY ? 500 : 0;
    let shared = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let r4 = 0;
    for (let c = t.claimStart[m]!, end = t.claimStart[m + 1]!; c < end; c++) {
      const day = t.day[c]!;
      if (day < VALID_FROM || day > VALID_TO || t.excluded[c]) {
        pay[c] = 0;
        continue;
      }
      let inFen = t.inFen[c]!;
      let outFen = t.outFen[c]!;
      let r4In = 0;
      let r4Out = 0;
      for (let i = t.itemStart[c]!, iend = t.itemStart[c + 1]!; i < iend; i++) {
        const kind = t.itemKind[i];
        if (kind === 1) {
          if (t.itemOut[i]) outFen -= t.itemFen[i]!;
          else inFen -= t.itemFen[i]!;
        } else if (kind === 2) {
          if (t.itemOut[i]) r4Out += t.itemFen[i]!;
          else r4In += t.itemFen[i]!;
        }
      }
      if (inFen < 0) inFen = 0;
      if (outFen < 0) outFen = 0;
      const a4 = r4In + r4Out;
      const left = SHARED - shared;
      const d4 = left <= 0 ? 0 : left < a4 ? left : a4;
      shared += d4;
      const x4 = r4;
      r4 = x4 + a4 - d4;
      let p = half(r4 * 7000) - half(x4 * 7000);
      const s = t.setting[c];
      if (s === OUTPATIENT) {
        const a = (inFen > r4In ? inFen - r4In : 0) + (outFen > r4Out ? outFen - r4Out : 0);
        const rest = SHARED - shared;
        const d3 = rest <= 0 ? 0 : rest < a ? rest : a;
        shared += d3;
        const x3 = r3;
        r3 = x3 + a - d3;
        p += half(r3 * 6000) - half(x3 * 6000);
      } else if (s === INPATIENT) {
        const x1 = r1;
        r1 = x1 + (inFen > r4In ? inFen - r4In : 0);
        p += half(r1Units(r1, bonus)) - half(r1Units(x1, bonus));
        const x2 = r2;
        r2 = x2 + (outFen > r4Out ? outFen - r4Out : 0);
        p += half(r2Units(r2, bonus)) - half(r2Units(x2, bonus));
      }
      pay[c] = p;
    }
  }
}
