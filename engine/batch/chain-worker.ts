// A worker of a batch of bills through a chain: compiles each layer's plan IR (plain data; this
// thread loads no parser or checker), settles its run of pieces into files of its own, reports a
// tick per piece for progress, then its outcome.
import { closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { compilePlan } from '../compile/plan';
import type { ChainIR } from '../ir/chain';
import type { PlanIR } from '../ir/plan';
import { openForWrite } from './bytes';
import { settlePieces, type ChainShare, type ShareOptions, type ShareOutcome } from './chain-share';

export interface ChainWorkerInit {
  chain: ChainIR;
  plans: PlanIR[];
  pieces: ChainShare[];
  options: Omit<ShareOptions, 'tick'>;
  resultsPath: string;
  yearsPath: string;
}

export type ChainWorkerMessage = { tick: number } | { outcome: ShareOutcome };

const init = workerData as ChainWorkerInit;
const results = openForWrite(init.resultsPath);
const years = openForWrite(init.yearsPath);
try {
  const plans = init.plans.map((ir) => compilePlan(ir));
  const tick = (bills: number) => parentPort!.postMessage({ tick: bills } satisfies ChainWorkerMessage);
  const outcome = await settlePieces(init.chain, plans, init.pieces, { ...init.options, tick }, results, years);
  parentPort!.postMessage({ outcome } satisfies ChainWorkerMessage);
} finally {
  closeSync(results);
  closeSync(years);
}
