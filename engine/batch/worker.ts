// A batch worker thread: compiles the plan, says it is ready, waits for the range the main thread
// hands it (or takes the members it was given), settles them, and reports its counts and totals.
import { readFileSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { runJob, type Job, type JobReport } from './job';
import type { SharedMembers } from './members';
import { memberAtOffset, Signals, type ClaimsFile } from './shares';

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
  let job = init.job;
  if (!job.groups) {
    signals.ready(init.share);
    const { from, to } = signals.waitForRange(init.share);
    const empty: JobReport = { sorted: !signals.stopped, lines: 0, claimsIn: 0, resultCount: 0, errorCount: 0, totals: [], memberErrors: [] };
    if (signals.stopped) return empty;
    if (from >= to) {
      // Nothing left for this share: its files stay empty and it answers for no member.
      job = { ...job, from, to, groups: [] , lo: '', hi: '' };
    } else {
      const f = init.file;
      const sharedMembers = receiveMessageOnPort(init.port)?.message as SharedMembers | undefined;
      job = { ...job, from, to, lo: memberAtOffset(f, from), hi: to < f.size ? memberAtOffset(f, to) : undefined, sharedMembers };
    }
  }
  return runJob(plan, job, { signals, share: init.share });
})();
init.port.close();
parentPort!.postMessage(report);
