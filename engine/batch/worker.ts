// A batch worker thread: compiles the plan once, settles its share of the members (see job.ts) and
// reports progress and, at the end, its counts and totals.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { runJob, type Job, type JobReport } from './job';

export interface WorkerInit {
  planPath: string;
  job: Job;
}

export type WorkerMessage =
  | { type: 'progress'; bytes: number; claims: number; errors: number }
  | { type: 'done'; report: JobReport };

const init = workerData as WorkerInit;
const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
if (!plan) throw new Error(`plan ${init.planPath} has errors`);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const report = runJob(plan, init.job, (bytes, claims, errors) => post({ type: 'progress', bytes, claims, errors }));
post({ type: 'done', report });
