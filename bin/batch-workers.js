// A batch run (`yibao eval PLAN --members FILE …`) on two threads or more settles every claim on
// workers (engine/batch/threads.ts says why). It starts them before the main thread loads the CLI,
// so that they load their code meanwhile, and the first one indexes the members file;
// engine/batch/run.ts takes them from here (and ends any it does not need). They are unref'd: a
// run that ends early (a plan with errors) does not wait for them.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export const EARLY_WORKERS = Symbol.for('yibao.batch.earlyWorkers');

/**
 * A worker's young generation: 8 MB instead of V8's default. With the default a 10,000,000-claim
 * run reached 208 MB; with 16 MB it peaked at 194 – 208 MB, with 8 MB (and 8 MB of results held
 * per thread, engine/batch/chunk-results.ts) at 177 – 180 MB, at the same speed.
 * engine/batch/threads.ts starts any further worker with the same limits (a test holds the two equal).
 */
export const WORKER_RESOURCE_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 8 });

const valueOf = (args, name) => {
  const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  return at < 0 ? undefined : args[at].startsWith(`${name}=`) ? args[at].slice(name.length + 1) : args[at + 1];
};

/** The worker threads a batch run given by `args` settles its claims on: none for one thread, or for any other command. */
export function batchWorkers(args) {
  if (args[0] !== 'eval' || valueOf(args, '--members') === undefined) return 0;
  const asked = Number(valueOf(args, '--workers') ?? availableParallelism());
  // Never more threads than cores (the run says so).
  const n = Number.isInteger(asked) ? Math.min(asked, availableParallelism(), 64) : 1;
  return n > 1 ? n : 0;
}

/** Starts the workers of a batch run given by `args`; `file` is the worker's code. */
export function startBatchWorkers(args, file) {
  const n = batchWorkers(args);
  if (n === 0) return;
  const members = valueOf(args, '--members');
  // A pipe is left for the run to copy, unread.
  const index = regularFile(members) ? members : undefined;
  const workers = [];
  for (let k = 0; k < n; k++) {
    const worker = new Worker(file, { workerData: { early: true, members: k === 0 ? index : undefined }, resourceLimits: WORKER_RESOURCE_LIMITS });
    worker.on('error', () => {}); // a worker that fails to load is not taken; the run starts another
    worker.unref();
    workers.push({ worker, members: k === 0 ? index : undefined });
  }
  globalThis[EARLY_WORKERS] = workers;
}

function regularFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
