// A batch worker thread: compiles the plan, then either settles the members it was given
// (buffered) or, once the main thread has built the members index, takes chunks of the sorted
// claims file until none is left (streamed), and reports its counts, totals and errors.
import { readFileSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { emptyReport, runJob, runStream, type Job, type JobReport } from './job';
import { MemberIndex, type SharedMembers } from './members';
import { Board, type BoardBuffers, type ClaimsFile } from './shares';

export interface WorkerInit {
  planPath: string;
  job: Job;
  file: ClaimsFile;
  share: number;
  shares: number;
  board: { buffers: BoardBuffers; sizes: Board['sizes'] };
  /** Where the main thread sends the members index it built. */
  port: MessagePort;
}

const init = workerData as WorkerInit;
const board = new Board(init.shares, init.file, init.board.sizes, init.board.buffers);
const report = ((): JobReport => {
  const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
  if (!plan) throw new Error(`plan ${init.planPath} has errors`);
  const rep = { board, share: init.share, file: init.file };
  if (init.job.groups) return runJob(plan, init.job, rep);
  if (!board.waitForMembers()) return emptyReport();
  const shared = receiveMessageOnPort(init.port)?.message as SharedMembers | undefined;
  const members = shared ? MemberIndex.fromShared(shared) : new MemberIndex(init.job.members, {});
  try {
    return runStream(plan, init.job, rep, members);
  } finally {
    members.close();
  }
})();
init.port.close();
parentPort!.postMessage(report);
