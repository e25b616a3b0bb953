#!/usr/bin/env node
// Runs the bundled CLI (dist/yibao.mjs, built by `npm install`), or the TypeScript sources through
// tsx when the bundle is missing or older than any source file, so an edit is never ignored.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { batchWorkers, startBatchWorkers } from './batch-workers.js';

// No allocation-site pretenuring, for this process and the workers it starts (V8's flags are the
// process's). V8 may decide, from one collection that happens to find most of an allocation
// site's objects alive, to allocate that site's objects in the old generation from then on. For a
// batch run's objects, which live for a claim or a member, that is wrong and costly: dead in the
// old generation, they keep the young objects they point to alive until the next full collection,
// and those are promoted in turn. On about one run in three with an 8 MB young generation the
// main thread's heap then grew by about 50 MB between full collections, made every third of a
// second, for the whole run (none in 25 runs with this flag); with V8's default young generation
// it is rarer, and the likely cause of the one 10M-claim bench run that went over 200 MB. Set
// before any of our code runs; speed measured the same with it and without.
setFlagsFromString('--no-allocation-site-pretenuring');

// A batch run on all cores: its workers compile their hot code on their own thread, not on V8's
// background threads. With every core settling claims, a background compile only competes with
// them, and meanwhile they run that code unoptimised: a thread's first 3,000 claims took 100 –
// 260 ms, against 7 ms once its code was compiled. Compiled where it runs, 1,000,000 claims on two
// cores took 1.705 s against 1.765 s (means of ten alternate runs); 10,000,000 were no slower.
// Only isolates made from here on (the workers) can have it, hence every claim on a worker
// (engine/batch/threads.ts).
// They may also make a full collection before their claims (engine/batch/worker.ts says why).
if (batchWorkers(process.argv.slice(2)) > 0) {
  setFlagsFromString('--no-concurrent-recompilation');
  setFlagsFromString('--expose-gc');
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'yibao.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

let entry;
if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'grammar')), newestSource(join(root, 'engine')))) {
  entry = pathToFileURL(bundle).href;
  startBatchWorkers(process.argv.slice(2), join(root, 'dist', 'batch-worker.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'engine', 'cli', 'main.ts')).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

