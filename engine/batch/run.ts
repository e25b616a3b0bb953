// `yibao eval PLAN --members FILE --claims FILE`: a year of claims from JSON Lines or CSV, settled
// member by member on all cores. Claims sorted by member id are streamed in chunks; other input is
// grouped in memory first. Output: by member id, then date, then claim id, the same bytes for any
// number of workers. Every claim ends as one result or one rejected record; the files around the
// run are made safe first (files.ts) and a run stopped from outside leaves its targets as they were.
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CompiledPlan } from '../compile/plan';
import { formatFen } from '../core/money';
import type { PlanIR } from '../ir/plan';
import { resultHeader } from './block';
import { BatchFileError, type NamedPath, type OutputTarget } from './files';
import type { RunGuard } from './guard';
import { inRunFrame } from './run-frame';
import type { Job } from './job';
import { groupInMemory, splitGroups } from './grouping';
import { appendFile, copyOut } from './output';
import { loadItems } from './items';
import type { MemberCounts } from './members';
import { Progress } from './progress';
import { csvCells, formatOf } from './records';
import { writeRejected, type Rejections } from './rejected';
import { withLines, type Board, type ClaimsFile } from './shares';
import { dropEarlyWorkers, MAX_WORKERS, runJobs, type Outcome } from './threads';

export interface BatchOptions {
  planPath: string;
  plan: CompiledPlan;
  /** The plan's IR, as the caller lowered it (the workers compile it); lowered from planPath when absent. */
  ir?: PlanIR;
  members: string;
  claims: string;
  items?: string;
  out?: string;
  errors?: string;
  workers?: number;
  quiet?: boolean;
  /** Where the plan's data files must be (default: the plan's folder). */
  dataRoot?: string;
  log: (s: string) => void;
  /** Streamed: chunks of this many bytes, taken by the threads in turn (tests). */
  chunkBytes?: number;
  /** Streamed: the bytes a thread's result buffers may hold before it waits for their places (tests). */
  heldBytes?: number;
  /** More threads than cores (tests of the hand-out); the CLI never sets it. */
  maxWorkers?: number;
}

export interface BatchSummary {
  claimsIn: number;
  results: number;
  /** Claims rejected: one record each, holding all its reasons. */
  rejected: number;
  members: MemberCounts;
  /** Item rows (with --items): attached to a claim, or rejected. */
  items?: { rows: number; attached: number; rejected: number };
  /** How the claims were settled: streamed or grouped in memory by the engine, or by a database (spec §34.7). */
  path: 'streaming' | 'buffered' | 'duckdb' | 'postgres';
  workers: number;
  /** Claims each worker (the main thread first) settled. */
  perWorker: number[];
  totals: Record<string, string>;
  seconds: number;
}

/** The threads a run uses: as asked, but never more than the machine's cores. */
export function threadCount(asked: number | undefined, log: (s: string) => void, cores = availableParallelism()): number {
  if (asked === undefined) return Math.min(cores, MAX_WORKERS);
  const n = Math.min(asked, cores, MAX_WORKERS);
  if (n < asked) log(`yibao: --workers ${asked} is more than the ${cores} cores of this machine: ${n} are used / 线程数超过本机核数，使用 ${n} 个`);
  return Math.max(1, n);
}

/**
 * Chunk lengths of a streamed run: big enough that a chunk costs little, small enough to balance.
 * A chunk's results wait in memory until the chunks before it are done, within a bound per thread
 * (chunk-results.ts): 512 KB of claims (about 1.2 MB of results) lets a thread run several chunks
 * ahead of a slower one inside it, where 2 MB chunks made the threads wait for each other a fifth
 * of the time.
 */
export function chunkSizes(o: Pick<BatchOptions, 'chunkBytes' | 'heldBytes'>, f: Pick<ClaimsFile, 'size'>, resultsStart: number): Board['sizes'] {
  if (o.chunkBytes) return { min: o.chunkBytes, max: o.chunkBytes, resultsStart, inTurn: true, heldMost: o.heldBytes };
  // At most 100,000 chunks (the board's table): a file past 51 GB gets chunks bigger than 512 KB.
  const min = Math.max(128 << 10, Math.ceil(f.size / 100_000));
  return { min, max: Math.max(min, 512 << 10), resultsStart };
}

function claimsFile(path: string, format: ClaimsFile['format']): ClaimsFile {
  const f: ClaimsFile = { path, format, size: statSync(path).size, memberColumn: 0, bodyStart: 0 };
  if (f.format !== 'csv') return f;
  withLines(path, 0, f.size, (r) => {
    while (r.next()) {
      if (r.blank()) continue;
      f.header = csvCells(r.text());
      const nl = r.buf.indexOf(10, r.end);
      f.bodyStart = nl >= 0 ? r.offset + (nl - r.start) + 1 : f.size;
      return;
    }
  });
  f.memberColumn = Math.max(0, (f.header ?? []).indexOf('member'));
  return f;
}

interface Inputs {
  members: string;
  claims: string;
  items?: string;
}

export async function runBatch(o: BatchOptions): Promise<BatchSummary> {
  if (o.items !== undefined && formatOf(o.claims) !== 'csv') {
    dropEarlyWorkers();
    throw new BatchFileError('--items goes with CSV claims: JSON Lines claims carry their own items / --items 仅用于 CSV 理赔文件');
  }
  const ranged: Record<string, string> = { members: o.members, claims: o.claims, ...(o.items !== undefined ? { items: o.items } : {}) };
  const summary = await inRunFrame(
    {
      inputs: [{ option: 'PLAN', path: o.planPath }, ...Object.entries(ranged).map(([k, path]) => ({ option: `--${k}`, path }))],
      ranged,
      outputs: [o.out && { option: '--out', path: o.out }, o.errors && { option: '--errors', path: o.errors }].filter((x): x is NamedPath => !!x),
      toStdout: o.out === undefined,
      log: o.log,
    },
    ({ paths, folder, targets, guard }) => settle(o, paths as unknown as Inputs, folder, targets, guard),
    dropEarlyWorkers,
  );
  report(o, summary);
  return summary;
}

/** Settles the claims into the outputs' temporary files (or the run's folder, for streams). */
async function settle(o: BatchOptions, inputs: Inputs, folder: string, targets: OutputTarget[], guard: RunGuard): Promise<BatchSummary> {
  const outFormat = o.out ? formatOf(o.out) : 'jsonl';
  const f = claimsFile(inputs.claims, formatOf(o.claims));
  const n = threadCount(o.workers, o.log, o.maxWorkers);
  const header = outFormat === 'csv' ? resultHeader(o.plan) + '\n' : '';
  const progress = new Progress(o.quiet ? undefined : process.stderr, f.size);
  const outTarget = targets.find((t) => t.option === '--out');
  const results = outTarget?.temp ?? join(folder, 'results');
  const threads = { planPath: o.planPath, plan: o.plan, ir: o.ir, members: inputs.members, guard, dataRoot: o.dataRoot };
  const jobOf = (k: number, share: Partial<Job>): Job => ({
    members: inputs.members, claims: inputs.claims, items: inputs.items, claimFormat: f.format, outFormat, claimHeader: f.header, memberColumn: f.memberColumn, ...share,
    resultsPath: !share.groups || k === 0 ? results : join(folder, `results-${k}`),
    appendResults: k === 0 && !!share.groups, errorsPath: join(folder, `errors-${k}`),
  });
  writeFileSync(results, header);
  const sizes = chunkSizes(o, f, Buffer.byteLength(header));
  let path: BatchSummary['path'] = 'streaming';
  let outcome = await runJobs(threads, f, Array.from({ length: n }, (_, k) => jobOf(k, {})), sizes, (c, e, b) => progress.update(b, c, e));
  let jobs = n;
  let parts: string[] = [];
  if (outcome.reports.some((r) => !r.sorted) || !regionsInOrder(outcome)) {
    path = 'buffered';
    outcome.members.close();
    const g = groupInMemory(f);
    progress.done();
    o.log(`yibao: claims are not sorted by member (line ${g.firstUnsorted ?? '?'}): grouping them in memory first / 理赔未按参保人排序（第 ${g.firstUnsorted ?? '?'} 行）：先在内存中分组`);
    writeFileSync(results, header);
    const buffered = splitGroups(g.groups, n).map((p, k) => jobOf(k, p));
    jobs = buffered.length;
    const total = g.groups.reduce((s, x) => s + x.lines.length, 0);
    outcome = await runJobs(threads, f, buffered, sizes, (c, e) => progress.update((f.size * c) / Math.max(1, total), c, e));
    parts = buffered.slice(1).map((j) => j.resultsPath);
  }
  progress.done();
  if (path === 'streaming') o.log('yibao: claims are sorted by member: streamed in bounded memory / 理赔已按参保人排序：已流式处理');
  try {
    for (const p of parts) appendFile(results, p);
    const rejections = writeRejected(o, outcome, o.errors ? formatOf(o.errors) : outFormat, targets.find((t) => t.option === '--errors'), folder, inputs.items ? loadItems(inputs.items) : undefined);
    if (outTarget?.kind === 'stream' || !outTarget) await copyOut(results, outTarget?.path, guard);
    return summarise(o, outcome, rejections, path, jobs);
  } finally {
    outcome.members.close();
  }
}

/** Whether the regions the threads settled, put in file order, run through the members in order. */
function regionsInOrder(outcome: Outcome): boolean {
  const regions = outcome.reports.flatMap((r) => r.regions).sort((a, b) => a.chunk - b.chunk);
  for (let k = 1; k < regions.length; k++) if (regions[k]!.first! <= regions[k - 1]!.last!) return false;
  return true;
}

function summarise(o: BatchOptions, outcome: Outcome, r: Rejections, path: BatchSummary['path'], jobs: number): BatchSummary {
  const { reports } = outcome;
  const sum = (x: 'claimsIn' | 'resultCount' | 'errorCount') => reports.reduce((s, rep) => s + rep[x], 0);
  const totals = o.plan.benefits.map((_, i) => reports.reduce((s, rep) => s + (rep.totals[i] ?? 0), 0));
  return {
    claimsIn: sum('claimsIn'), results: sum('resultCount'), rejected: sum('errorCount'), members: r.members, items: r.items,
    path, workers: jobs, perWorker: reports.map((rep) => rep.claimsIn),
    totals: Object.fromEntries(o.plan.benefits.map((b, i) => [b.name, formatFen(totals[i]!)])), seconds: 0,
  };
}

/** The summary on stderr: claims, members and item rows each reconciled. */
export function report(o: Pick<BatchOptions, 'log'>, s: BatchSummary): void {
  const mark = (ok: boolean) => (ok ? '✓' : '✗ DOES NOT RECONCILE / 不平衡');
  const m = s.members;
  const items = s.items ? `\nyibao: item rows in ${s.items.rows} = attached ${s.items.attached} + rejected ${s.items.rejected} ${mark(s.items.rows === s.items.attached + s.items.rejected)}` : '';
  o.log(
    `yibao: claims in ${s.claimsIn} = results ${s.results} + rejected ${s.rejected} ${mark(s.claimsIn === s.results + s.rejected)}` +
      `\nyibao: member records in ${m.lines} = valid ${m.valid} + rejected ${m.rejected} ${mark(m.lines === m.valid + m.rejected)}${items}` +
      `\nyibao: ${s.path}, ${s.workers > 1 ? `${s.workers} workers (${s.perWorker.join(' + ')} claims)` : '1 worker'}, ${s.seconds.toFixed(1)} s` +
      `\nyibao: totals by benefit: ${Object.entries(s.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
}
