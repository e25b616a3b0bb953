// Fuzzing batch files: claim files in JSON Lines or CSV, generated for a small plan and mutated
// the ways real exports go wrong (cut lines, stray quotes, escaped and repeated keys, blank lines,
// CRLF, a byte-order mark, cells missing or extra), settled in chunks of random size so that cuts
// fall anywhere, on 1 or 2 threads, sorted or not. The request API is the oracle (batch-oracle.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../engine/index';
import { batchOutcome, difference, oracle, type BatchCase } from './batch-oracle';
import { Rng } from './rng';

export const BATCH_PLAN = `plan "batch-fuzz" { valid 2025-01-01 to 2025-12-31 }
catalogue 特药 ["T1", "T2"]
benefit D "特药责任" { amount items in 特药 ratio 60% cap 8000 per year }
benefit B { for inpatient amount claim.inPolicySelfPay excluding D deductible 1000 per year ratio 50% cap 5000 per year }
benefit O { for outpatient amount claim.outOfPolicySelfPay ratio 30% }
`;

export const BATCH_REGRESSIONS = join(dirname(fileURLToPath(import.meta.url)), 'batch-regressions');

const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
const DATES = ['2025-01-15', '2025-03-01', '2025-06-30', '2025-12-31', '2025-02-30', '2024-12-31', '2025-7-01'];
const SETTINGS = ['inpatient', 'inpatient', 'outpatient', 'pharmacy', 'spa'];
const money = (r: Rng) => r.pick([(r.int(900_000) / 100).toFixed(2), String(r.int(5000)), '1.234', '-5', '', '1e3', ' 12 ']);

function claim(r: Rng, n: number): Record<string, unknown> {
  const c: Record<string, unknown> = { id: `c${n}`, member: r.pick([...MEMBERS, 'nobody']), date: r.pick(DATES), setting: r.pick(SETTINGS) };
  if (r.chance(0.8)) c.inPolicySelfPay = money(r);
  if (r.chance(0.5)) c.outOfPolicySelfPay = money(r);
  if (r.chance(0.1)) c.flags = [r.pick(['abroad', 'nope'])];
  if (r.chance(0.25)) c.items = Array.from({ length: 1 + r.int(3) }, () => ({ code: r.pick(['T1', 'T2', 'X9']), amount: money(r), class: r.pick(['in', 'out']) }));
  return c;
}

/** Same meaning to JSON, or broken: what a JSON Lines export may hold. */
const JSON_MUTATIONS: ((l: string, r: Rng) => string)[] = [
  (l) => l.replace('"member"', '"\\u006dember"'),
  (l) => l.replace('"id"', '"\\u0069d"'),
  (l) => l.replace(/"member":"m(\d)"/, '"member":"m\\u003$1"'),
  (l, r) => `{"member":"${r.pick(MEMBERS)}",${l.slice(1)}`,
  (l, r) => `${l.slice(0, -1)},"member":"${r.pick(MEMBERS)}"}`,
  (l) => `${l.slice(0, -1)},"inPolicySelfPay":"4321.5"}`,
  (l) => l.replace(/":/g, '" : ').replace(/,"/g, ' ,\t"'),
  (l, r) => l.slice(0, r.int(l.length)),
  (l, r) => {
    const at = r.int(l.length);
    return l.slice(0, at) + r.pick(['"', '\\', '{', '}', ',', ':', 'é', '\u2028', ' ']) + l.slice(at);
  },
  (l) => `${l.slice(0, -1)},"colour":"red"}`,
  (l) => `[${l}]`,
];

const CSV_COLUMNS = ['id', 'member', 'date', 'setting', 'inPolicySelfPay', 'outOfPolicySelfPay', 'flags'];
const cell = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join('|') : String(v));

/** What a CSV export may hold: quoting right and wrong, cells missing or extra. */
const CSV_MUTATIONS: ((cells: string[], r: Rng) => string)[] = [
  (c) => c.map((x) => `"${x}"`).join(','),
  (c, r) => c.map((x, k) => (k === 2 ? `"${x}` : x)).join(r.pick([',', ','])),
  (c, r) => {
    const k = r.int(c.length);
    return c.map((x, j) => (j === k ? `${x.slice(0, 1)}"${x.slice(1)}` : x)).join(',');
  },
  (c) => c.map((x, k) => (k === 0 ? `"${x}"x` : x)).join(','),
  (c) => c.slice(0, -1).join(','),
  (c) => [...c, 'extra'].join(','),
  (c) => c.map((x, k) => (k === 0 ? `"${x},more"` : x)).join(','),
  (c) => c.map((x, k) => (k === 0 ? `"a""b${x}"` : x)).join(','),
  (c) => c.map((x) => ` ${x} `).join(','),
];

/** One case: a seeded claims file, mutated, with the run's settings. */
export function makeCase(r: Rng): BatchCase {
  const format = r.chance(0.35) ? 'csv' : 'jsonl';
  const members = MEMBERS.map((id, k) => JSON.stringify({ id, birthDate: `19${60 + k}-05-0${k + 1}`, enrolledSince: '2020-01-01' }));
  let claims = Array.from({ length: 1 + r.int(60) }, (_, n) => claim(r, n));
  if (format === 'csv') claims = claims.map(({ items, ...c }) => c); // CSV claims carry no items here
  if (r.chance(0.6)) claims.sort((a, b) => String(a.member).localeCompare(String(b.member)));
  let lines = claims.map((c) => {
    if (format === 'jsonl') return r.chance(0.25) ? r.pick(JSON_MUTATIONS)(JSON.stringify(c), r) : JSON.stringify(c);
    const cells = CSV_COLUMNS.map((h) => cell(c[h]));
    return r.chance(0.25) ? r.pick(CSV_MUTATIONS)(cells, r) : cells.join(',');
  });
  if (r.chance(0.2)) lines = lines.flatMap((l) => (r.chance(0.1) ? [l, r.pick(['', '   ', '\t'])] : [l]));
  if (format === 'csv') lines.unshift(CSV_COLUMNS.join(','));
  if (r.chance(0.15)) lines = lines.map((l) => `${l}\r`);
  if (r.chance(0.1)) lines[0] = `\ufeff${lines[0]}`;
  return { format, members, claims: lines, chunk: r.pick([17, 40, 64, 100, 250, 1000, 1 << 20]), workers: r.chance(0.15) ? 2 : 1 };
}

export interface BatchFuzzResult {
  runs: number;
  failures: { c: BatchCase; message: string }[];
}

/** Runs cases from `seed` until `runs` or `ms` is reached; each difference from the oracle is a failure. */
export async function batchCampaign(o: { seed: number; runs?: number; ms?: number; maxFailures?: number }): Promise<BatchFuzzResult> {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-batch-fuzz-'));
  const planPath = join(dir, 'plan.yibao');
  writeFileSync(planPath, BATCH_PLAN);
  const plan = compile(BATCH_PLAN, planPath, () => undefined).plan!;
  const r = new Rng(o.seed);
  const until = Date.now() + (o.ms ?? Infinity);
  const out: BatchFuzzResult = { runs: 0, failures: [] };
  try {
    while (out.runs < (o.runs ?? Infinity) && Date.now() < until && out.failures.length < (o.maxFailures ?? 1)) {
      const c = makeCase(r.fork());
      const message = await checkCase(plan, planPath, c, dir, String(out.runs % 4));
      out.runs++;
      if (message) out.failures.push({ c, message });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** The case against the oracle: a message when they differ or the run throws. */
export async function checkCase(plan: Parameters<typeof oracle>[0], planPath: string, c: BatchCase, dir: string, tag: string): Promise<string | undefined> {
  try {
    return difference(oracle(plan, c), await batchOutcome(plan, planPath, c, dir, tag));
  } catch (e) {
    return `exception: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
  }
}

/** Keeps a failing case under batch-regressions/, named by its content. */
export function saveBatchRegression(c: BatchCase, message: string): string {
  mkdirSync(BATCH_REGRESSIONS, { recursive: true });
  const file = join(BATCH_REGRESSIONS, `batch-${createHash('sha256').update(JSON.stringify(c)).digest('hex').slice(0, 12)}.json`);
  writeFileSync(file, JSON.stringify({ note: message.split('\n')[0], found: new Date().toISOString().slice(0, 10), case: c }, null, 2) + '\n');
  return file;
}

export function loadBatchRegressions(): { file: string; c: BatchCase }[] {
  let names: string[] = [];
  try {
    names = readdirSync(BATCH_REGRESSIONS).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((n) => ({ file: n, c: (JSON.parse(readFileSync(join(BATCH_REGRESSIONS, n), 'utf8')) as { case: BatchCase }).case }));
}
