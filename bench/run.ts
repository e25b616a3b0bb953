// `npm run bench [-- --json] [-- --members N --claims N]`: a seeded synthetic year settled by the
// engine and by a hand-written evaluator of the same plan, side by side.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compile, evaluate } from '../engine/index';
import { readerFor } from '../engine/cli/files';
import { validateRequest } from '../engine/runtime/request';
import { ClaimOut, Settler } from '../engine/runtime/settle';
import { byDateThenId } from '../engine/runtime/evaluate';
import { benefitYearOf } from '../engine/dates';
import { loadCatalogue } from '../engine/check/data';
import { runBatch } from '../engine/batch/run';
import type { RtClaim, RtMember } from '../engine/runtime/env';
import { HandwrittenWeihai } from './handwritten-weihai';
import { syntheticYear } from './synthetic';

const { values: args } = parseArgs({
  options: { json: { type: 'boolean' }, members: { type: 'string' }, claims: { type: 'string' }, quick: { type: 'boolean' } },
});
const MEMBERS = Number(args.members ?? (args.quick ? 20_000 : 200_000));
const CLAIMS = Number(args.claims ?? (args.quick ? 100_000 : 1_000_000));
const log = (s: string) => {
  if (!args.json) process.stderr.write(s + '\n');
};

const PLAN = 'examples/weihai-2024.yibao';
const compiled = compile(readFileSync(PLAN, 'utf8'), PLAN, readerFor(PLAN));
if (!compiled.plan) throw new Error('the Weihai plan has errors');
const plan = compiled.plan;

// Single-claim latency through the public API, measured first, in a small heap: a counter
// process holds one plan, not a year of claims, and a big heap's collector pauses would only
// measure the benchmark itself.
const small = syntheticYear(2_000, 20_000, 7);
const memberById = new Map(small.members.map((m) => [m.id, m]));
const lat: number[] = [];
for (let i = 0; i < 50_000; i++) {
  const c = small.claims[(i * 7919) % small.claims.length]!;
  const m = memberById.get(c.member)!;
  if (i < 10_000) {
    evaluate(plan, { members: [m], claims: [c] }, { trace: false }); // warm-up: a counter runs hot
    continue;
  }
  const t0 = performance.now();
  evaluate(plan, { members: [m], claims: [c] }, { trace: false });
  lat.push((performance.now() - t0) * 1000);
}
lat.sort((a, b) => a - b);
const p50Micros = Math.round(lat[Math.floor(lat.length * 0.5)]!);
const p99Micros = Math.round(lat[Math.floor(lat.length * 0.99)]!);
log(`single claim via evaluate(): p50 ${p50Micros} µs, p99 ${p99Micros} µs`);

log(`generating ${MEMBERS.toLocaleString('en')} members and ${CLAIMS.toLocaleString('en')} claims (seeded)…`);
const year = syntheticYear(MEMBERS, CLAIMS, 20251126);

// The shared input of both evaluators: validated records, each member's claims in settlement order.
const blocks: { member: RtMember; claims: RtClaim[] }[] = [];
{
  const byMember = new Map<string, unknown[]>();
  for (const c of year.claims) {
    const list = byMember.get(c.member);
    if (list) list.push(c);
    else byMember.set(c.member, [c]);
  }
  for (const m of year.members) {
    const v = validateRequest(plan, { members: [m], claims: byMember.get(m.id) ?? [] });
    if (v.errors.length) throw new Error(`synthetic data invalid: ${JSON.stringify(v.errors[0])}`);
    blocks.push({ member: v.members.get(m.id)!, claims: v.claims.sort(byDateThenId) });
  }
}

function engineRun(collect?: number[]): number {
  const settler = new Settler(plan);
  const out = new ClaimOut(plan.benefits.length);
  const t0 = performance.now();
  for (const b of blocks) {
    let state = settler.newYear();
    let y = -1;
    for (const c of b.claims) {
      const cy = benefitYearOf(c.day);
      if (cy !== y) {
        state = settler.newYear();
        y = cy;
      }
      settler.settle(b.member, c, cy, state, out);
      collect?.push(out.payout);
    }
  }
  return performance.now() - t0;
}

const drugs = loadCatalogue({ kind: 'file', file: { path: 'catalogues/weihai-special-drugs-2024.csv', range: compiled.plan.header.range } }, readerFor(PLAN), []);
function handRun(collect?: number[]): number {
  const h = new HandwrittenWeihai(drugs);
  const t0 = performance.now();
  for (const b of blocks) for (const c of b.claims) {
    const p = h.settle(b.member, c);
    collect?.push(p);
  }
  return performance.now() - t0;
}

// Agreement on every claim first, then timing (best of several runs each).
const enginePayouts: number[] = [];
const handPayouts: number[] = [];
engineRun(enginePayouts);
handRun(handPayouts);
let disagreements = 0;
for (let i = 0; i < enginePayouts.length; i++) if (enginePayouts[i] !== handPayouts[i]) disagreements++;
log(`agreement: ${enginePayouts.length - disagreements} of ${enginePayouts.length} claims pay the same in both evaluators`);
if (disagreements) throw new Error(`${disagreements} claims differ between the engine and the hand-written evaluator`);

const best = (f: () => number, n = 5) => Math.min(...Array.from({ length: n }, f));
const engineMs = best(() => engineRun());
const handMs = best(() => handRun());
const engineClaimsPerSec = Math.round(CLAIMS / (engineMs / 1000));
const handWrittenClaimsPerSec = Math.round(CLAIMS / (handMs / 1000));
log(`in-process, one core: engine ${engineClaimsPerSec.toLocaleString('en')} claims/s, hand-written ${handWrittenClaimsPerSec.toLocaleString('en')} claims/s`);

// Parse + check + compile of each example plan.
const compileMs: Record<string, number> = {};
for (const f of ['examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/jilin-dabing.yibao']) {
  const text = readFileSync(f, 'utf8');
  compileMs[f] = Number(best(() => {
    const t0 = performance.now();
    compile(text, f, readerFor(f));
    return performance.now() - t0;
  }, 10).toFixed(1));
}
log(`compile: ${Object.entries(compileMs).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);

// End to end from JSON Lines files, 1 worker and all cores.
const dir = mkdtempSync(join(tmpdir(), 'yibao-bench-'));
writeFileSync(join(dir, 'members.jsonl'), year.members.map((m) => JSON.stringify(m)).join('\n') + '\n');
writeFileSync(join(dir, 'claims.jsonl'), year.claims.map((c) => JSON.stringify(c)).join('\n') + '\n');
const endToEnd: Record<string, number> = {};
for (const workers of [1, availableParallelism()]) {
  const t0 = performance.now();
  const s = await runBatch({ planPath: PLAN, plan, members: join(dir, 'members.jsonl'), claims: join(dir, 'claims.jsonl'), out: join(dir, `out-${workers}.jsonl`), errors: join(dir, 'errors.jsonl'), workers, quiet: true, log: () => {} });
  const secs = (performance.now() - t0) / 1000;
  if (s.results !== CLAIMS) throw new Error(`batch produced ${s.results} results for ${CLAIMS} claims`);
  endToEnd[workers] = Math.round(CLAIMS / secs);
  log(`end to end from JSON Lines, ${workers} worker(s): ${endToEnd[workers]!.toLocaleString('en')} claims/s`);
}
rmSync(dir, { recursive: true, force: true });
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

const figures = {
  machine: { cores: availableParallelism(), node: process.version },
  members: MEMBERS,
  claims: CLAIMS,
  engineClaimsPerSec,
  handWrittenClaimsPerSec,
  ratio: Number((engineClaimsPerSec / handWrittenClaimsPerSec).toFixed(3)),
  endToEndClaimsPerSec: endToEnd[availableParallelism()],
  endToEndOneWorkerClaimsPerSec: endToEnd[1],
  p50Micros,
  p99Micros,
  compileMs,
  peakRssMB,
};
if (args.json) process.stdout.write(JSON.stringify(figures) + '\n');
else log(`ratio engine / hand-written: ${figures.ratio}; peak memory ${peakRssMB} MB`);
