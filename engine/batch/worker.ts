// A batch worker thread: compiles the plan once, then settles the blocks of members it is sent.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../index';
import { readerFor } from '../cli/files';
import { batchContext, settleChunk, type Block } from './block';
export type { ChunkReply } from './block';
import type { Format } from './records';

export interface WorkerInit {
  planPath: string;
  outFormat: Format;
  claimFormat: Format;
  claimHeader?: string[];
}


const init = workerData as WorkerInit;
const { plan } = compile(readFileSync(init.planPath, 'utf8'), init.planPath, readerFor(init.planPath));
if (!plan) throw new Error(`plan ${init.planPath} has errors`);
const ctx = batchContext(plan, init.outFormat, init.claimFormat, init.claimHeader);

parentPort!.on('message', (msg: { seq: number; blocks: Block[] }) => {
  parentPort!.postMessage(settleChunk(ctx, msg.seq, msg.blocks));
});
