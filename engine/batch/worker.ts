// A batch worker thread: compiles the plan once, settles its share of the members (see job.ts) and
// reports progress through shared counters and, at the end, its counts and totals.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { runJob, Signals, type Job, type JobReport } from './job';

export interface WorkerInit {
  planPath: string;
  job: Job;
  share: number;
  shares: number;
  signals: SharedArrayBuffer;
}

const init = workerData as WorkerInit;
const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
if (!plan) throw new Error(`plan ${init.planPath} has errors`);
const report: JobReport = runJob(plan, init.job, { signals: new Signals(init.shares, init.signals), share: init.share });
parentPort!.postMessage(report);
