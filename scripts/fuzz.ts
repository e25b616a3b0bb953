// The long fuzz campaign over the front end (lexer, parser, checker, compiler) and, for plans that
// compile, the evaluator; then over batch files, with the request API as the oracle:
//   npx tsx scripts/fuzz.ts --seconds 600 [--batch-share 0.33] [--seed N] [--workers 2] [--no-save]
// Every new kind of failure is minimized and kept under test/fuzz/regressions/ (batch cases under
// test/fuzz/batch-regressions/), where the test suite replays it. An input that runs longer than
// --hang-seconds is reported as a hang.
import { Worker } from 'node:worker_threads';
import { relative } from 'node:path';
import type { Failure } from '../test/fuzz/oracle';
import { knownSignatures, saveRegression, signature } from '../test/fuzz/corpus';
import { ROOT, type FuzzInput } from '../test/fuzz/seeds';
import { batchCampaign, saveBatchRegression } from '../test/fuzz/batch-campaign';

function arg(name: string, fallback: number): number {
  const i = process.argv.lastIndexOf(`--${name}`); // the last one wins: npm run fuzz -- --seconds 60
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

// The worker loads TypeScript through tsx, like this script.
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('../test/fuzz/worker.ts', import.meta.url).href)}); })`;
const seconds = arg('seconds', 600);
const hangMs = arg('hang-seconds', 60) * 1000;
const workers = Math.max(1, arg('workers', 1));
const firstSeed = arg('seed', Date.now() % 1_000_000_007);
const save = !process.argv.includes('--no-save');
const batchShare = Math.min(1, Math.max(0, arg('batch-share', 1 / 3)));
const deadline = Date.now() + seconds * (1 - batchShare) * 1000;
const known = knownSignatures();
let totalRuns = 0;
let found = 0;
const written: string[] = [];

function report(input: FuzzInput, failure: Failure, note = ''): void {
  found++;
  console.log(`\n✗ ${failure.kind} in ${failure.stage}${note}: ${failure.message.split('\n').slice(0, 4).join('\n    ')}`);
  console.log(`  origin: ${input.origin ?? '?'}\n  input (${input.text.length} chars): ${JSON.stringify(input.text.slice(0, 400))}${input.text.length > 400 ? '…' : ''}`);
  if (save) {
    const file = saveRegression(input, failure, known);
    if (file) {
      written.push(file);
      console.log(`  saved ${relative(ROOT, file)}`);
    }
  }
}

/** One worker after another until the time is up; a hung worker is stopped and replaced. */
function lane(lane: number): Promise<void> {
  return new Promise((resolve) => {
    let seed = firstSeed + lane * 7919;
    const start = () => {
      const ms = deadline - Date.now();
      if (ms <= 0) return resolve();
      const w = new Worker(BOOT, { eval: true, workerData: { seed, ms, known: [...known], minimizeMs: 30_000 } });
      let started = false;
      let last: { input: FuzzInput; at: number; index: number } | undefined;
      let minimizing = false;
      const timer = setInterval(() => {
        if (!last || minimizing || Date.now() - last.at < hangMs) return;
        clearInterval(timer);
        const failure: Failure = { kind: 'slow', stage: 'all', message: `no result after ${Math.round((Date.now() - last.at) / 1000)} s (hang)` };
        if (!known.has(signature(failure, last.input)) || !save) report(last.input, failure, ' (worker stopped)');
        void w.terminate();
      }, 1000);
      w.on('message', (m: { type: string; index: number; input: FuzzInput; failure: Failure; runs: number; original: number }) => {
        started = true;
        if (m.type === 'input') {
          last = { input: m.input, at: Date.now(), index: m.index };
          totalRuns++;
        } else if (m.type === 'minimizing') minimizing = true;
        else if (m.type === 'failure') {
          minimizing = false;
          if (last) last.at = Date.now();
          report(m.input, m.failure, ` (minimized from ${m.original} chars)`);
        }
      });
      w.on('error', (e: Error) => {
        clearInterval(timer);
        console.log(`\n✗ worker crashed: ${e.stack ?? e}`);
        if (last) report(last.input, { kind: 'exception', stage: 'worker', message: String(e) });
        if (!started) {
          console.log('the worker could not start; giving up');
          process.exit(2);
        }
      });
      w.on('exit', () => {
        clearInterval(timer);
        seed += 1_000_003; // a fresh stream after a hang or crash
        start();
      });
    };
    start();
  });
}

const progress = setInterval(() => process.stdout.write(`\r${totalRuns} inputs, ${found} failures, ${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left   `), 5000);
console.log(`fuzzing for ${seconds} s with ${workers} worker(s), seed ${firstSeed}; batch files for ${Math.round(seconds * batchShare)} s of it`);
await Promise.all(Array.from({ length: workers }, (_, i) => lane(i)));
clearInterval(progress);
console.log(`\n${totalRuns} inputs, ${found} failures${written.length ? `; new regression cases:\n  ${written.map((f) => relative(ROOT, f)).join('\n  ')}` : ''}`);

// Batch files: every difference from the request API is a failure, kept as a regression case.
const batch = await batchCampaign({ seed: firstSeed, ms: seconds * batchShare * 1000, maxFailures: 20 });
for (const f of batch.failures) {
  found++;
  console.log(`\n✗ batch: ${f.message.split('\n').slice(0, 4).join('\n    ')}`);
  if (save) console.log(`  saved ${relative(ROOT, saveBatchRegression(f.c, f.message))}`);
}
console.log(`batch files: ${batch.runs} files, ${batch.failures.length} failures`);
process.exit(found ? 1 : 0);
