// Batch and the request API read JSON the same way: escapes decoded, the last of repeated keys,
// whitespace anywhere. Generated claim lines, mutated in those ways and in bad ones, settle in a
// batch run (1 or 2 threads, any chunk size, sorted or not) to exactly what evaluate() gives for
// each member's request: the same payouts, and the same claims rejected with the same codes.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../engine/batch/run';
import { readerFor } from '../engine/node/files';
import { compile, evaluate } from '../engine/index';

const dir = mkdtempSync(join(tmpdir(), 'yibao-agree-'));
const PLAN = join(dir, 'plan.yibao');
writeFileSync(PLAN, `plan "agree" { valid 2025-01-01 to 2025-12-31 }
catalogue 特药 ["T1", "T2"]
benefit D { amount items in 特药 ratio 60% cap 8000 per year }
benefit B { for inpatient amount claim.inPolicySelfPay excluding D deductible 1000 per year ratio 50% cap 5000 per year }
benefit O { for outpatient amount claim.outOfPolicySelfPay ratio 30% }
`);
const plan = compile(readFileSync(PLAN, 'utf8'), PLAN, readerFor(PLAN)).plan!;

const MEMBER_IDS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const members = MEMBER_IDS.map((id, k) => ({ id, birthDate: `19${60 + k}-05-0${k + 1}`, enrolledSince: '2020-01-01' }));

type Claim = Record<string, unknown> & { id: string; member: string };

const claimArb = (n: number) =>
  fc.record({
    member: fc.constantFrom(...MEMBER_IDS, 'nobody'),
    date: fc.constantFrom('2025-01-15', '2025-03-01', '2025-06-30', '2025-12-31', '2025-02-30', '2024-12-31'),
    setting: fc.constantFrom('inpatient', 'outpatient', 'inpatient', 'spa'),
    inPolicySelfPay: fc.oneof(fc.integer({ min: 0, max: 900_000 }).map((f) => (f / 100).toFixed(2)), fc.constant('1.234')),
    outOfPolicySelfPay: fc.integer({ min: 0, max: 300_000 }).map((f) => String(f / 100)),
    items: fc.option(fc.array(fc.record({ code: fc.constantFrom('T1', 'T2', 'X9'), amount: fc.integer({ min: 1, max: 500_000 }).map((f) => (f / 100).toFixed(2)), class: fc.constantFrom('in', 'out') }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }).map((c) => ({ id: `c${n}`, ...c, ...(c.items === undefined ? { items: undefined } : {}) }) as Claim);

/** Ways to write the same claim (or a broken one) that JSON reads one way and a careless reader another. */
const MUTATIONS: ((line: string, c: Claim) => string)[] = [
  (l) => l,
  (l) => l.replace('"member"', '"\\u006dember"'),
  (l) => l.replace('"id"', '"\\u0069d"'),
  (l, c) => l.replace(`"member":"${c.member}"`, `"member":"${c.member.replace(/\d/, (d) => `\\u003${d}`)}"`),
  (l) => `{"member":"m9",${l.slice(1)}`,
  (l) => `${l.slice(0, -1)},"member":"m2"}`,
  (l) => `${l.slice(0, -1)},"inPolicySelfPay":"4321.5"}`,
  (l) => l.replace(/":/g, '" : ').replace(/,"/g, ' , "'),
  (l) => l.slice(0, Math.max(1, l.length - 7)),
  (l) => `${l.slice(0, -1)},"colour":"red"}`,
];

const lineArb = fc.array(fc.tuple(fc.nat(), fc.nat({ max: MUTATIONS.length * 3 })), { minLength: 1, maxLength: 40 }).chain((specs) =>
  fc.tuple(...specs.map((_, n) => claimArb(n))).map((claims) =>
    claims.map((c, n) => {
      const plain = JSON.stringify(c);
      const m = specs[n]![1];
      return m < MUTATIONS.length ? MUTATIONS[m]!(plain, c) : plain; // most lines as they are
    }),
  ),
);

type Settled = { payout: string; benefits: { name: string; eligible: string; deductible: string; payout: string }[]; excluded: { reason: string; amount: string; item?: string }[] };
/** What both paths promise of a settled claim: payout, each benefit, each exclusion. */
const outcome = (c: Settled) =>
  JSON.stringify([c.payout, c.benefits.map((b) => [b.name, b.eligible, b.deductible, b.payout]), c.excluded.map((x) => [x.reason, x.amount, x.item])]);

interface Outcome {
  results: Map<string, string>;
  rejected: Map<string, string[]>;
}

/** The oracle: each member's claims as one request to evaluate(), by JSON.parse's reading. */
function oracle(lines: string[]): Outcome {
  const byMember = new Map<string, { line: number; value: Record<string, unknown> }[]>();
  const rejected = new Map<string, string[]>();
  lines.forEach((text, k) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      rejected.set(`line ${k + 1}`, ['YR001']);
      return;
    }
    const v = value as Record<string, unknown>;
    const member = typeof v.member === 'string' ? v.member : '';
    const list = byMember.get(member) ?? [];
    list.push({ line: k + 1, value: v });
    byMember.set(member, list);
  });
  const results = new Map<string, string>();
  for (const [member, list] of byMember) {
    const record = members.find((m) => m.id === member);
    const r = evaluate(plan, { members: record ? [record] : [], claims: list.map((c) => c.value) }, { trace: false });
    for (const c of r.claims) results.set(`line ${list.find((x) => x.value.id === c.id)!.line}`, outcome(c));
    r.errors.forEach((e) => {
      const at = /^\/claims\/(\d+)/.exec(e.path);
      const key = `line ${list[Number(at![1])]!.line}`;
      rejected.set(key, [...(rejected.get(key) ?? []), e.code].sort());
    });
  }
  return { results, rejected };
}

async function batch(lines: string[], workers: number, chunkBytes: number, k: number): Promise<Outcome> {
  const claims = join(dir, `claims-${k}.jsonl`);
  const out = join(dir, `out-${k}.jsonl`);
  const errors = join(dir, `errors-${k}.jsonl`);
  writeFileSync(claims, lines.join('\n') + '\n');
  const membersFile = join(dir, 'members.jsonl');
  writeFileSync(membersFile, members.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const s = await runBatch({ planPath: PLAN, plan, members: membersFile, claims, out, errors, workers, maxWorkers: 2, chunkBytes, quiet: true, log: () => {} });
  expect(s.claimsIn).toBe(s.results + s.rejected);
  const lineOf = new Map(lines.map((l, i) => [i, i + 1]));
  const results = new Map<string, string>();
  for (const text of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(text) as Settled & { id: string; member: string };
    // Claim ids are unique in these files: find the line that holds the result's claim.
    const at = lines.findIndex((l, i) => results.get(`line ${lineOf.get(i)}`) === undefined && claimIdOf(l) === r.id && memberOf(l) === r.member);
    results.set(`line ${at + 1}`, outcome(r));
  }
  const rejected = new Map<string, string[]>();
  for (const text of readFileSync(errors, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(text) as { file: string; line: number; reasons: { code: string }[] };
    expect(e.file).toBe('claims');
    expect(rejected.has(`line ${e.line}`)).toBe(false); // one record per claim
    rejected.set(`line ${e.line}`, e.reasons.map((x) => x.code).sort());
  }
  return { results, rejected };
}

function claimIdOf(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { id?: string }).id;
  } catch {
    return undefined;
  }
}
function memberOf(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { member?: string }).member;
  } catch {
    return undefined;
  }
}

describe('batch and the request API agree on generated lines', () => {
  it('same payouts, same rejected claims with the same codes, for 1 or 2 threads and any chunk size', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(lineArb, fc.boolean(), fc.integer({ min: 40, max: 400 }), async (lines, sorted, chunk) => {
        const ordered = sorted ? [...lines].sort((a, b) => (memberOf(a) ?? '').localeCompare(memberOf(b) ?? '')) : lines;
        const expected = oracle(ordered);
        const one = await batch(ordered, 1, chunk, k++);
        expect(one.rejected).toEqual(expected.rejected);
        expect(one.results).toEqual(expected.results);
        if (k % 12 === 0) {
          const two = await batch(ordered, 2, chunk, k++);
          expect(two).toEqual(one);
        }
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 300_000);
});
