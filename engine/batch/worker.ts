// A batch worker thread: compiles the plan IR the main thread lowered (plain data, structured-
// cloned; so this thread loads neither the parser, Chevrotain nor the checker, and starts fast),
// then either settles the members it was given (buffered) or takes chunks of the sorted claims
// file until none is left (streamed), and reports its counts, totals and errors. Started early by bin/yibao.js, the first
// worker indexes the members file while the main thread is still loading, and shares that index.
import { once } from 'node:events';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { compilePlan } from '../compile/plan';
import type { PlanIR } from '../ir/plan';
import { emptyReport, runJob, runStream, type Job, type JobReport } from './job';
import { MemberIndex, type SharedMembers } from './members';
import { Board, type BoardBuffers, type ClaimsFile } from './shares';

export interface WorkerInit {
  /** The plan as the main thread lowered it: checked there, without errors, data files inside. */
  ir: PlanIR;
  job: Job;
  file: ClaimsFile;
  share: number;
  shares: number;
  board: { buffers: BoardBuffers; sizes: Board['sizes'] };
  /** Where the main thread sends the members index it built (or this worker sends its own). */
  port: MessagePort;
}

/** What bin/yibao.js gives a worker it starts early: the members file to index, for the first. */
export interface EarlyStart {
  early: true;
  members?: string;
}

/** The message an early worker asked to index the members sends first: the index, if it could. */
export interface EarlyIndex {
  index?: SharedMembers;
}

const early = workerData as Partial<EarlyStart>;
let indexed: MemberIndex | undefined;
if (early.members !== undefined) {
  try {
    indexed = new MemberIndex(early.members);
  } catch {
    indexed = undefined; // the main thread indexes it and reports what is wrong with it
  }
}
const init = early.early ? ((await once(parentPort!, 'message')) as [WorkerInit])[0] : (workerData as WorkerInit);
if (early.members !== undefined) {
  const sent: EarlyIndex = { index: init.job.members === early.members ? indexed?.share() : undefined };
  init.port.postMessage(sent);
}
const board = new Board(init.shares, init.file, init.board.sizes, init.board.buffers);

async function work(): Promise<JobReport> {
  const plan = compilePlan(init.ir);
  const rep = { board, share: init.share, file: init.file };
  let members = init.job.members === early.members ? indexed : undefined;
  if (!members) {
    if (!board.waitForMembers()) return emptyReport();
    const shared = receiveMessageOnPort(init.port)?.message as SharedMembers | undefined;
    members = shared ? MemberIndex.fromShared(shared) : new MemberIndex(init.job.members);
  }
  collectStartGarbage();
  try {
    return init.job.groups ? await runJob(plan, init.job, rep, members) : await runStream(plan, init.job, rep, members);
  } finally {
    members.close();
  }
}

/**
 * A full collection between this thread's start and its claims, when bin/yibao.js lets a worker ask
 * for one (--expose-gc). Left to V8, it comes a few hundred milliseconds into the claims and takes
 * with it objects of the start that the claims code was optimised with (V8's trace: five functions
 * of one worker deoptimised "for weak objects", then compiled again). Made here it costs about
 * 10 ms: 1.690 s against 1.723 s for 1,000,000 claims on two cores (means of eight alternate runs).
 */
function collectStartGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

let report: JobReport;
try {
  report = await work();
} catch (e) {
  // Other threads may be waiting for the chunks this one took: stopping the board frees them, and
  // the main thread hears why through the worker's error.
  board.stop();
  throw e;
}
init.port.close();
parentPort!.postMessage(report);
