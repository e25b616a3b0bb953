// The threads of a batch run. With two threads or more every job runs on a worker and this thread,
// which has the plan compiled already, only coordinates: a worker's isolate is new, and settles
// with none of the parser's and checker's objects in its heap (and may compile its code as
// bin/yibao.js sets V8 to, which this thread's isolate was made too early for). A run of one
// thread runs here.
// Workers are taken from those bin/yibao.js started before the CLI loaded (so that they load
// meanwhile) or started here. They get the plan IR and only compile it: nothing is parsed or
// checked twice. The members index is built once and shared. Streamed, every thread takes chunks
// as it is free (shares.ts); buffered, each takes its run of members. A thread that finds the
// claims unsorted stops every thread; the reports say so.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { CompiledPlan } from '../compile/plan';
import { PlanDocument } from '../document';
import type { PlanIR } from '../ir/plan';
import { readerFor } from '../node/files';
import { pause, type RunGuard } from './guard';
import { runJob, runStream, type Job, type JobReport } from './job';
import { MemberIndex } from './members';
import { Board, type ClaimsFile } from './shares';
import type { EarlyIndex, WorkerInit } from './worker';

/** Threads a run may start: the machine's cores are the useful most, and this many is the limit. */
export const MAX_WORKERS = 64;

export interface Threads {
  planPath: string;
  plan: CompiledPlan;
  /** The plan's IR, for the workers to compile; lowered from planPath when absent. */
  ir?: PlanIR;
  members: string;
  guard: RunGuard;
  /** Where the plan's data files must be, when its IR is lowered here (see readerFor). */
  dataRoot?: string;
}

/** The plan's IR: the caller's, or lowered here from the plan file (tests call runBatch with a plan alone). */
function irOf(t: Threads): PlanIR {
  if (t.ir) return t.ir;
  const lowered = new PlanDocument(readFileSync(t.planPath, 'utf8'), t.planPath, readerFor(t.planPath, t.dataRoot)).lowered;
  if (!lowered || lowered.diagnostics.some((d) => d.severity === 'error')) throw new Error(`plan ${t.planPath} has errors`);
  return lowered.ir;
}

function workerUrl(): URL {
  // Bundled (dist/yibao.mjs) the worker is dist/batch-worker.mjs; from sources it is worker.ts.
  return import.meta.url.endsWith('.mjs') ? new URL('./batch-worker.mjs', import.meta.url) : new URL('./worker-boot.mjs', import.meta.url);
}

const EARLY_WORKERS = Symbol.for('yibao.batch.earlyWorkers');

/** As bin/batch-workers.js starts its workers: a young generation of 8 MB keeps a big run's memory down. */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** A worker bin/yibao.js started before this code loaded, and the members file it indexes, if any. */
function earlyWorker(): { worker: Worker; members?: string } | undefined {
  const started = (globalThis as Record<symbol, { worker: Worker; members?: string }[] | undefined>)[EARLY_WORKERS];
  for (let w = started?.shift(); w; w = started?.shift()) if (w.worker.threadId >= 0) return w;
  return undefined;
}

/** Ends the early workers a run did not take (it asked for fewer, ran on one thread, or stopped). */
export function dropEarlyWorkers(): void {
  const started = (globalThis as Record<symbol, { worker: Worker }[] | undefined>)[EARLY_WORKERS];
  for (const w of started?.splice(0) ?? []) void w.worker.terminate();
}

export interface Outcome {
  reports: JobReport[];
  /** Streamed: the lines of each chunk's region, in file order. */
  chunkLines: number[];
  /** The index the main thread used: after the run it checks the records no claim needed. */
  members: MemberIndex;
}

/**
 * Starts the workers of jobs `first`…n − 1 (every job, or all but the one this thread runs); their
 * reports, and the port of the one that indexed the members.
 */
function startWorkers(t: Threads, f: ClaimsFile, jobs: Job[], first: number, board: Board, sizes: Board['sizes']) {
  // Workers compile the plan from its IR: they need no parser or checker of their own.
  const ir = jobs.length > first ? irOf(t) : undefined!;
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  let indexer: { port: MessagePort; done: Promise<JobReport> } | undefined;
  const done = jobs.slice(first).map((job, i) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const init: WorkerInit = { ir, job, file: f, share: first + i, shares: jobs.length, board: { buffers: board.buffers, sizes }, port: port2 };
    const early = earlyWorker();
    const w = early?.worker ?? new Worker(workerUrl(), { workerData: init, transferList: [port2], resourceLimits: WORKER_RESOURCE_LIMITS });
    workers.push(w);
    if (early) {
      w.ref();
      w.postMessage(init, [port2]);
    }
    const report = new Promise<JobReport>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', (e) => {
        board.stop();
        reject(e);
      });
      w.once('exit', (code) => reject(new Error(`batch worker stopped (exit code ${code})`)));
    });
    if (early?.members !== undefined) indexer ??= { port: port1, done: report };
    return report;
  });
  return { done, ports, workers, indexer };
}

/**
 * Runs the jobs: each on a worker, or one alone on this thread, which then yields between pieces
 * of work so that a signal is heard. A stopped run ends every worker.
 */
export async function runJobs(t: Threads, f: ClaimsFile, jobs: Job[], sizes: Board['sizes'], progress: (claims: number, errors: number, bytes: number) => void): Promise<Outcome> {
  const board = new Board(jobs.length, f, sizes);
  const here = jobs.length === 1;
  const { done, ports, workers, indexer } = startWorkers(t, f, jobs, here ? 1 : 0, board, sizes);
  t.guard.onStop(() => {
    // Workers see the stop at their next chunk and end by themselves. Ending one at once could
    // catch it holding the board's lock, and every other thread would spin on it for ever; only a
    // worker still running after two seconds is ended.
    board.stop();
    setTimeout(() => {
      for (const w of workers) void w.terminate();
    }, 2000).unref();
  });
  for (const d of done) d.catch(() => {}); // awaited below; a stopped run may never get there
  const draw = () => progress(board.total('claims'), board.total('errors'), board.total('bytes'));
  let members: MemberIndex | undefined;
  const timer = setInterval(draw, 200);
  try {
    let built: EarlyIndex | undefined;
    if (indexer) built = (await Promise.race([once(indexer.port, 'message') as Promise<[EarlyIndex]>, indexer.done.then((): [EarlyIndex] => [{}])]))[0];
    t.guard.check();
    members = built?.index ? MemberIndex.fromShared(built.index) : new MemberIndex(t.members);
    // The index is shared with the workers, not copied (a file too big to hold is indexed by each).
    const index = members.share();
    if (index) for (const p of ports) if (p !== indexer?.port) p.postMessage(index);
    board.membersReady();
    const rep = { board, share: 0, tick: draw, file: f, pause };
    const job = jobs[0]!;
    const mine = here ? [job.groups ? await runJob(t.plan, job, rep, members) : await runStream(t.plan, job, rep, members)] : [];
    t.guard.check();
    const reports = [...mine, ...(await Promise.all(done))];
    t.guard.check();
    return { reports, chunkLines: job.groups ? [] : board.chunkLines(), members };
  } catch (e) {
    board.stop();
    await Promise.allSettled(done);
    members?.close();
    throw e;
  } finally {
    clearInterval(timer);
    for (const p of ports) p.close();
  }
}
