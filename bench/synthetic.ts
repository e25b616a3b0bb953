// A seeded synthetic year for the Weihai plan: members with enrolment histories (so the
// continuous-enrolment tilt applies to some), claims in every setting, flags that exclude,
// items that hit the special-drug catalogue or are excluded as cosmetic or tonic.

export interface SyntheticYear {
  members: { id: string; birthDate: string; enrolledSince: string; groups?: string[]; attributes: { parentsInsured: boolean } }[];
  claims: Record<string, unknown> & { member: string }[];
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const SETTINGS = ['inpatient', 'inpatient', 'outpatient', 'outpatient', 'pharmacy', 'chronic_outpatient', 'maternity'];
const FLAGS = ['work_injury', 'third_party', 'public_health', 'abroad'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const money = (r: () => number, max: number) => (Math.floor(r() * max * 100) / 100).toFixed(2);

type Member = SyntheticYear['members'][number];
type Claim = Record<string, unknown> & { member: string };

/** The same year as syntheticYear, record by record: members first, then claims in member order. */
export function* syntheticRecords(members: number, claims: number, seed: number): Generator<{ member: Member } | { claim: Claim }> {
  const r = rng(seed);
  const ids: string[] = [];
  for (let m = 0; m < members; m++) {
    const member: Member = {
      id: `m${pad(m, 7)}`,
      birthDate: `${1940 + Math.floor(r() * 80)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`,
      enrolledSince: `${2019 + Math.floor(r() * 6)}-${pad(1 + Math.floor(r() * 12))}-01`,
      ...(r() < 0.05 ? { groups: ['医疗救助'] } : {}),
      attributes: { parentsInsured: r() < 0.5 },
    };
    ids.push(member.id);
    yield { member };
  }
  for (let i = 0; i < claims; i++) {
    // Claims are spread over members evenly and kept in member order (a sorted file).
    const m = Math.min(members - 1, Math.floor((i / claims) * members));
    const setting = SETTINGS[Math.floor(r() * SETTINGS.length)]!;
    const c: Claim = {
      id: `c${pad(i, 8)}`,
      member: ids[m]!,
      date: `2025-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`,
      setting,
    };
    if (r() < 0.03) c.flags = [FLAGS[Math.floor(r() * FLAGS.length)]!];
    if (r() < 0.3) {
      // Items make up the whole claim: special drugs, ordinary drugs, now and then a cosmetic or tonic item.
      const items = [];
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) {
        const kind = r();
        const code = kind < 0.4 ? `WH-TY-${pad(1 + Math.floor(r() * 20))}` : `GEN-${pad(Math.floor(r() * 99))}`;
        items.push({ code, amount: money(r, 20000), class: r() < 0.5 ? 'in' : 'out', category: kind > 0.9 ? (r() < 0.5 ? 'cosmetic' : 'tonic') : 'drug' });
      }
      c.items = items;
    } else {
      c.inPolicySelfPay = money(r, setting === 'inpatient' ? 80000 : 5000);
      c.outOfPolicySelfPay = money(r, setting === 'inpatient' ? 30000 : 2000);
    }
    yield { claim: c };
  }
}

export function syntheticYear(members: number, claims: number, seed: number): SyntheticYear {
  const out: SyntheticYear = { members: [], claims: [] as never };
  const list: Claim[] = [];
  for (const rec of syntheticRecords(members, claims, seed)) {
    if ('member' in rec) out.members.push(rec.member);
    else list.push(rec.claim);
  }
  out.claims = list as never;
  return out;
}

/** Writes the year as two JSON Lines files without holding it in memory. */
export async function writeSyntheticFiles(membersPath: string, claimsPath: string, members: number, claims: number, seed: number): Promise<void> {
  const { createWriteStream } = await import('node:fs');
  const files = { member: createWriteStream(membersPath), claim: createWriteStream(claimsPath) };
  const pending = { member: [] as string[], claim: [] as string[] };
  const flush = async (k: 'member' | 'claim') => {
    if (pending[k].length === 0) return;
    if (!files[k].write(pending[k].join('\n') + '\n')) await new Promise((ok) => files[k].once('drain', ok));
    pending[k] = [];
  };
  for (const rec of syntheticRecords(members, claims, seed)) {
    const k = 'member' in rec ? 'member' : 'claim';
    pending[k].push(JSON.stringify('member' in rec ? rec.member : rec.claim));
    if (pending[k].length === 10_000) await flush(k);
  }
  await flush('member');
  await flush('claim');
  await Promise.all(Object.values(files).map((f) => new Promise((ok) => f.end(ok))));
}
