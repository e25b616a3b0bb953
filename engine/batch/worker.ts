// A batch worker thread: compiles the plan, then either settles the members it was given
// (buffered) or waits for ranges of the sorted claims file as busy threads hand them over
// (streamed), and reports its counts, totals and parts.
import { readFileSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { emptyReport, runJob, runStream, type Job, type JobReport } from './job';
import type { SharedMembers } from './members';
import { Signals, type ClaimsFile } from './shares';

export interface WorkerInit {
  planPath: string;
  job: Job;
  file: ClaimsFile;
  share: number;
  shares: number;
  signals: Signals['buffers'];
  /** Where the main thread sends what goes with the range: its members index. */
  port: MessagePort;
}

const init = workerData as WorkerInit;
const signals = new Signals(init.shares, init.signals);
const report = ((): JobReport => {
  const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
  if (!plan) throw new Error(`plan ${init.planPath} has errors`);
  const rep = { signals, share: init.share, file: init.file };
  if (init.job.groups) return runJob(plan, init.job, rep);
  // Ready: wait for a range (or for the end of the run), and the members index that comes with it.
  const first = signals.waitForWork(init.share);
  if (!first) return { ...emptyReport(), sorted: !signals.stopped };
  const sharedMembers = receiveMessageOnPort(init.port)?.message as SharedMembers | undefined;
  return runStream(plan, init.job, { ...rep, first, sharedMembers }).report;
})();
init.port.close();
parentPort!.postMessage(report);
