// A batch worker thread: compiles the plan once, then settles the blocks of members it is sent.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { batchContext, settleBlock, type Block, type BlockResult } from './block';
import type { Format } from './records';

export interface WorkerInit {
  planPath: string;
  outFormat: Format;
  claimFormat: Format;
  claimHeader?: string[];
}

export interface ChunkReply {
  seq: number;
  results: string[];
  errors: string[];
  totals: number[];
}

const init = workerData as WorkerInit;
const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
if (!plan) throw new Error(`plan ${init.planPath} has errors`);
const ctx = batchContext(plan, init.outFormat, init.claimFormat, init.claimHeader);

parentPort!.on('message', (msg: { seq: number; blocks: Block[] }) => {
  const reply: ChunkReply = { seq: msg.seq, results: [], errors: [], totals: plan.benefits.map(() => 0) };
  for (const b of msg.blocks) {
    const r: BlockResult = settleBlock(ctx, b);
    for (const x of r.results) reply.results.push(x);
    for (const x of r.errors) reply.errors.push(x);
    r.totals.forEach((t, i) => (reply.totals[i]! += t));
  }
  parentPort!.postMessage(reply);
});
