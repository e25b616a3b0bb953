// `yibao settle CHAIN --members FILE --bills FILE`: bills through a chain, on all cores, with the
// guarantees of `yibao eval`'s batch: the files around the run made safe first (files.ts), every
// non-blank line ending as one result or one rejected record, the same bytes for any number of
// threads (results by member id, then date, then bill id), and a run stopped from outside leaving
// its targets as they were. The bills are read into memory, grouped by member and cut into pieces
// of whole members; each thread settles a contiguous run of pieces into files of its own, which the
// main thread joins in order.
import { closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CompiledPlan } from '../compile/plan';
import { formatFen } from '../core/money';
import type { ChainIR } from '../ir/chain';
import type { PlanIR } from '../ir/plan';
import { openForWrite } from './bytes';
import { readChainInputs, type ChainRejected } from './chain-input';
import { chainCsvHeader, dealPieces, piecesOf, rejectedOrder, settlePieces, type ChainShare, type ShareOptions, type ShareOutcome } from './chain-share';
import type { ChainWorkerInit, ChainWorkerMessage } from './chain-worker';
import type { OutputTarget } from './files';
import { pause, type RunGuard } from './guard';
import { inRunFrame } from './run-frame';
import { appendFile, copyOut } from './output';
import { rejectedSink } from './rejected';
import { Progress } from './progress';
import { csvField, formatOf } from './records';
import { threadCount } from './run';
import { WORKER_RESOURCE_LIMITS } from './threads';

export interface ChainBatchOptions {
  chainPath: string;
  chain: ChainIR;
  /** The layers' plans, compiled (this thread) and as IR (the workers compile it). */
  plans: readonly CompiledPlan[];
  planIrs: readonly PlanIR[];
  members: string;
  bills: string;
  out?: string;
  errors?: string;
  /** Where each layer's member-year totals go (JSON Lines); left out when absent. */
  years?: string;
  workers?: number;
  trace?: boolean;
  quiet?: boolean;
  log: (s: string) => void;
  /** More threads than cores (tests); the CLI never sets it. */
  maxWorkers?: number;
  /** Bills per piece (tests, to make many pieces of a small file). */
  pieceBills?: number;
}

export interface ChainBatchSummary {
  billsIn: number;
  results: number;
  /** Bill lines rejected: one record each, holding all its reasons. */
  rejected: number;
  members: { lines: number; valid: number; rejected: number };
  workers: number;
  /** Bills each thread (the main thread first) was given. */
  perWorker: number[];
  /** Over the settled bills: each layer's payouts, the patients' part and the bills' total. */
  totals: Record<string, string>;
  patient: string;
  total: string;
  /** Whether the layers' payouts and the patients' part add up to the bills' total, to the fen. */
  conserved: boolean;
  seconds: number;
}

export async function runChainBatch(o: ChainBatchOptions): Promise<ChainBatchSummary> {
  const ranged = { members: o.members, bills: o.bills };
  const summary = await inRunFrame(
    {
      inputs: [{ option: 'CHAIN', path: o.chainPath }, { option: '--members', path: o.members }, { option: '--bills', path: o.bills }],
      ranged,
      outputs: ([['--out', o.out], ['--errors', o.errors], ['--years', o.years]] as const).filter(([, p]) => p !== undefined).map(([option, path]) => ({ option, path: path! })),
      toStdout: o.out === undefined,
      log: o.log,
    },
    ({ paths, folder, targets, guard }) => settle(o, paths.members!, paths.bills!, folder, targets, guard),
  );
  report(o, summary);
  return summary;
}

async function settle(o: ChainBatchOptions, members: string, bills: string, folder: string, targets: OutputTarget[], guard: RunGuard): Promise<ChainBatchSummary> {
  const inputs = readChainInputs(members, bills, o.chain.bill);
  guard.check();
  const pieces = piecesOf(inputs, o.pieceBills);
  const runs = dealPieces(pieces, Math.min(threadCount(o.workers, o.log, o.maxWorkers), Math.max(1, pieces.length)));
  const format = o.out ? formatOf(o.out) : 'jsonl';
  const target = (option: string) => targets.find((t) => t.option === option);
  const outTarget = target('--out');
  const results = outTarget?.temp ?? join(folder, 'results');
  writeFileSync(results, format === 'csv' ? chainCsvHeader(o.chain) + '\n' : '');
  const progress = new Progress(o.quiet ? undefined : process.stderr, inputs.billLines, 'bills');
  let done = 0;
  const tick = (n: number) => progress.update((done += n), done, 0);
  const parts = runs.map((_, k) => ({ results: join(folder, `results-${k}`), years: join(folder, `years-${k}`) }));
  const options = { format, trace: !!o.trace };
  const outcomes = await runThreads(o, runs, parts, options, tick, guard);
  progress.done();
  for (const p of parts) appendFile(results, p.results);
  const yearsTarget = target('--years');
  if (yearsTarget) {
    const years = yearsTarget.temp ?? join(folder, 'years');
    writeFileSync(years, '');
    for (const p of parts) appendFile(years, p.years);
    if (yearsTarget.kind === 'stream') await copyOut(years, yearsTarget.path, guard);
  }
  const rejected = [...inputs.rejected, ...outcomes.flatMap((x) => x.rejected)].sort(rejectedOrder);
  writeRejected(rejected, o.errors ? formatOf(o.errors) : 'jsonl', target('--errors'), o.log);
  if (outTarget?.kind === 'stream' || !outTarget) await copyOut(results, outTarget?.path, guard);
  return summarise(o, inputs, outcomes, rejected, runs);
}

/** Runs 1…n − 1 on workers, run 0 on this thread piece by piece (so that a signal is heard between pieces). */
async function runThreads(o: ChainBatchOptions, runs: ChainShare[][], parts: { results: string; years: string }[], options: Omit<ShareOptions, 'tick'>, tick: (n: number) => void, guard: RunGuard): Promise<ShareOutcome[]> {
  const workers: Worker[] = [];
  guard.onStop(() => workers.forEach((w) => void w.terminate()));
  const done = runs.slice(1).map((pieces, i) => {
    const init: ChainWorkerInit = { chain: o.chain, plans: [...o.planIrs], pieces, options, resultsPath: parts[i + 1]!.results, yearsPath: parts[i + 1]!.years };
    const w = new Worker(workerUrl(), { workerData: init, resourceLimits: WORKER_RESOURCE_LIMITS });
    workers.push(w);
    return new Promise<ShareOutcome>((resolve, reject) => {
      w.on('message', (m: ChainWorkerMessage) => ('tick' in m ? tick(m.tick) : resolve(m.outcome)));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`chain batch worker stopped (exit code ${code})`)));
    });
  });
  for (const d of done) d.catch(() => {}); // awaited below; a stopped run may never get there
  const results = openForWrite(parts[0]!.results);
  const years = openForWrite(parts[0]!.years);
  const between = async () => {
    await pause();
    guard.check();
  };
  let mine: ShareOutcome;
  try {
    mine = await settlePieces(o.chain, o.plans, runs[0]!, { ...options, tick, between }, results, years);
  } finally {
    closeSync(results);
    closeSync(years);
  }
  try {
    const others = await Promise.all(done);
    guard.check();
    return [mine, ...others];
  } catch (e) {
    // One thread failed: the others' work is thrown away with it, so they are ended now.
    for (const w of workers) void w.terminate();
    throw e;
  }
}

function workerUrl(): URL {
  // Bundled (dist/yibao.mjs) the worker is dist/chain-worker.mjs; from sources it is chain-worker.ts.
  return import.meta.url.endsWith('.mjs') ? new URL('./chain-worker.mjs', import.meta.url) : new URL('./chain-worker-boot.mjs', import.meta.url);
}

function mergeOutcomes(chain: ChainIR, list: ShareOutcome[]): ShareOutcome {
  const out: ShareOutcome = { rejected: [], settled: 0, paid: chain.layers.map(() => 0), patient: 0, total: 0 };
  for (const x of list) {
    out.rejected.push(...x.rejected);
    out.settled += x.settled;
    x.paid.forEach((v, k) => (out.paid[k]! += v));
    out.patient += x.patient;
    out.total += x.total;
  }
  return out;
}

export const CHAIN_ERROR_HEADER = 'file,line,bill,member,layer,code,path,message';

/** The rejected records, in their format, to the errors target or (without one) to the log. */
function writeRejected(rejected: ChainRejected[], format: 'jsonl' | 'csv', target: OutputTarget | undefined, log: (s: string) => void): void {
  const lines = rejected.map((r) => {
    if (format !== 'csv') return JSON.stringify(r);
    const join = (k: 'layer' | 'code' | 'path' | 'message') => r.reasons.map((x) => x[k] ?? '').join(' | ');
    return [r.file, String(r.line), r.bill ?? '', r.member ?? '', join('layer'), join('code'), join('path'), join('message')].map(csvField).join(',');
  });
  const out = rejectedSink(target, log);
  try {
    if (format === 'csv' && target) out.emit(CHAIN_ERROR_HEADER);
    for (const line of lines) out.emit(line);
  } finally {
    out.close();
  }
}

function summarise(o: ChainBatchOptions, inputs: ReturnType<typeof readChainInputs>, outcomes: ShareOutcome[], rejected: ChainRejected[], runs: ChainShare[][]): ChainBatchSummary {
  const all = mergeOutcomes(o.chain, outcomes);
  const memberRejected = rejected.filter((r) => r.file === 'members').length;
  return {
    billsIn: inputs.billLines, results: all.settled, rejected: rejected.length - memberRejected,
    members: { lines: inputs.memberLines, valid: inputs.memberLines - memberRejected, rejected: memberRejected },
    workers: runs.length, perWorker: runs.map((r) => r.reduce((s, p) => s + p.bills.length, 0)),
    totals: Object.fromEntries(o.chain.layers.map((l, k) => [l.name, formatFen(all.paid[k]!)])), patient: formatFen(all.patient), total: formatFen(all.total),
    conserved: all.paid.reduce((a, b) => a + b, 0) + all.patient === all.total, seconds: 0,
  };
}

/** The summary on stderr: bills and member lines each reconciled, and the money conserved. */
function report(o: ChainBatchOptions, s: ChainBatchSummary): void {
  const mark = (ok: boolean) => (ok ? '✓' : '✗ DOES NOT RECONCILE / 不平衡');
  o.log(
    `yibao: bills in ${s.billsIn} = results ${s.results} + rejected ${s.rejected} ${mark(s.billsIn === s.results + s.rejected)}` +
      `\nyibao: member records in ${s.members.lines} = valid ${s.members.valid} + rejected ${s.members.rejected} ${mark(s.members.lines === s.members.valid + s.members.rejected)}` +
      `\nyibao: ${s.workers > 1 ? `${s.workers} workers (${s.perWorker.join(' + ')} bills)` : '1 worker'}, ${s.seconds.toFixed(1)} s` +
      `\nyibao: totals by layer: ${Object.entries(s.totals).map(([k, v]) => `${k} ${v}`).join(', ')}; patients ${s.patient}; bills ${s.total} ${mark(s.conserved)}`,
  );
}
