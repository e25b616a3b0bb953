// `yibao eval PLAN --members FILE --claims FILE`: a year of claims from JSON Lines or CSV, settled
// member by member on all cores. Claims sorted by member id are cut into byte ranges at member
// boundaries; each worker streams its own range in bounded memory and writes its own results,
// which are joined in order. Other input is grouped in memory first. Output: by member id, then
// date, then claim id, the same bytes for any number of workers.
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { parse } from '../../grammar/index';
import type { CompiledPlan } from '../compile/plan';
import { formatFen } from '../runtime/money';
import { ERROR_HEADER, formatError, resultHeader } from './block';
import { runJob, runStream, type Job, type JobReport } from './job';
import { MemberIndex, type MemberError } from './members';
import { Board, withLines, type ClaimsFile } from './shares';
import { Progress } from './progress';
import { csvCells, formatOf, memberOf, type Format } from './records';
import type { EarlyIndex, WorkerInit } from './worker';

export interface BatchOptions {
  planPath: string;
  plan: CompiledPlan;
  members: string;
  claims: string;
  items?: string;
  out?: string;
  errors?: string;
  workers?: number;
  quiet?: boolean;
  log: (s: string) => void;
  /** Streamed: chunks of this many bytes, taken by the threads in turn (tests). */
  chunkBytes?: number;
}

export interface BatchSummary {
  claimsIn: number;
  results: number;
  errors: number;
  memberErrors: number;
  path: 'streaming' | 'buffered';
  workers: number;
  /** Claims each worker (the main thread first) settled. */
  perWorker: number[];
  totals: Record<string, string>;
  seconds: number;
}

/** All claims grouped by member in memory, and the line of the first claim out of member order. */
function groupInMemory(f: ClaimsFile): { groups: NonNullable<Job['groups']>; firstUnsorted?: number } {
  const all = new Map<string, { line: number; text: string }[]>();
  let prev: string | undefined;
  let firstUnsorted: number | undefined;
  withLines(f.path, 0, f.size, (r) => {
    let header = f.format === 'csv';
    while (r.next()) {
      if (r.blank()) continue;
      if (header) {
        header = false;
        continue;
      }
      const text = r.text();
      const m = memberOf(text, f.format, f.memberColumn);
      if (m !== undefined && prev !== undefined && m < prev) firstUnsorted ??= r.line;
      if (m !== undefined) prev = m;
      const key = m ?? '';
      const list = all.get(key);
      if (list) list.push({ line: r.line, text });
      else all.set(key, [{ line: r.line, text }]);
    }
  });
  return { groups: [...all.keys()].sort().map((member) => ({ member, lines: all.get(member)! })), firstUnsorted };
}

/** Groups split into n runs of members with about the same number of claims each. */
function splitGroups(groups: NonNullable<Job['groups']>, n: number): { groups: NonNullable<Job['groups']>; lo?: string; hi?: string }[] {
  const total = groups.reduce((s, g) => s + g.lines.length, 0);
  const parts: NonNullable<Job['groups']>[] = [[]];
  let seen = 0;
  for (const g of groups) {
    if (parts.length < n && seen >= (total * parts.length) / n && parts[parts.length - 1]!.length > 0) parts.push([]);
    parts[parts.length - 1]!.push(g);
    seen += g.lines.length;
  }
  return parts.map((p, k) => ({ groups: p, lo: k === 0 ? undefined : p[0]!.member, hi: parts[k + 1]?.[0]?.member }));
}

function workerUrl(): URL {
  // Bundled (dist/yibao.mjs) the worker is dist/batch-worker.mjs; from sources it is worker.ts.
  return import.meta.url.endsWith('.mjs') ? new URL('./batch-worker.mjs', import.meta.url) : new URL('./worker-boot.mjs', import.meta.url);
}

const EARLY_WORKERS = Symbol.for('yibao.batch.earlyWorkers');

/** A worker bin/yibao.js started before this code loaded, and the members file it indexes, if any. */
function earlyWorker(): { worker: Worker; members?: string } | undefined {
  const started = (globalThis as Record<symbol, { worker: Worker; members?: string }[] | undefined>)[EARLY_WORKERS];
  for (let w = started?.shift(); w; w = started?.shift()) if (w.worker.threadId >= 0) return w;
  return undefined;
}

/** Ends the early workers a run did not take (it asked for fewer, or ran on one thread). */
function dropEarlyWorkers(): void {
  const started = (globalThis as Record<symbol, { worker: Worker }[] | undefined>)[EARLY_WORKERS];
  for (const w of started?.splice(0) ?? []) void w.worker.terminate();
}

interface Outcome {
  reports: JobReport[];
  /** Streamed: the lines of each chunk's region, in file order. */
  chunkLines: number[];
  memberErrors: MemberError[];
}

/** Chunk lengths of a streamed run: big enough that a chunk costs little, small enough to balance. */
function chunkSizes(o: BatchOptions, f: ClaimsFile, resultsStart: number): Board['sizes'] {
  if (o.chunkBytes) return { min: o.chunkBytes, max: o.chunkBytes, resultsStart, inTurn: true };
  return { min: Math.max(128 << 10, Math.ceil(f.size / 100_000)), max: 2 << 20, resultsStart };
}

/**
 * Runs a batch on n threads: this one, which has the plan compiled already, and n − 1 workers
 * started first so that they load while this thread works. Streamed, this thread builds the
 * members index and hands it to the workers, then every thread takes chunks as it is free
 * (shares.ts); buffered, each job takes its run of members. A job that finds the claims unsorted
 * stops every job; the reports say so.
 */
async function runJobs(o: BatchOptions, f: ClaimsFile, jobs: Job[], sizes: Board['sizes'], progress: (claims: number, errors: number, bytes: number) => void): Promise<Outcome> {
  const streamed = !jobs[0]!.groups;
  const board = new Board(jobs.length, f, sizes);
  // Workers check and compile the plan from its syntax tree: they need no parser of their own.
  const ast = jobs.length > 1 ? parse(readFileSync(o.planPath, 'utf8')).ast : undefined!;
  const ports: MessagePort[] = [];
  /** A worker started early that indexed the members file: its index comes through its port. */
  let indexer: { port: MessagePort; done: Promise<JobReport> } | undefined;
  const done = jobs.slice(1).map((job, i) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const init: WorkerInit = { planPath: o.planPath, ast, job, file: f, share: i + 1, shares: jobs.length, board: { buffers: board.buffers, sizes }, port: port2 };
    const early = earlyWorker();
    const w = early?.worker ?? new Worker(workerUrl(), { workerData: init, transferList: [port2] });
    if (early) {
      w.ref();
      w.postMessage(init, [port2]);
    }
    const report = new Promise<JobReport>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', (e) => {
        board.stop();
        reject(e);
      });
      w.once('exit', (code) => reject(new Error(`batch worker stopped (exit code ${code})`)));
    });
    if (early?.members !== undefined && streamed) indexer ??= { port: port1, done: report };
    return report;
  });
  const draw = () => progress(board.total('claims'), board.total('errors'), board.total('bytes'));
  let first: JobReport;
  let members: MemberIndex | undefined;
  try {
    if (streamed) {
      let built: EarlyIndex | undefined;
      if (indexer) built = (await Promise.race([once(indexer.port, 'message') as Promise<[EarlyIndex]>, indexer.done.then((): [EarlyIndex] => [{}])]))[0];
      members = built?.index ? MemberIndex.fromShared(built.index) : new MemberIndex(o.members, {});
      // The index is shared with the workers, not copied (a file too big to hold is indexed by each).
      const index = members.share();
      if (index) for (const p of ports) if (p !== indexer?.port) p.postMessage(index);
      board.membersReady();
      first = runStream(o.plan, jobs[0]!, { board, share: 0, tick: draw, file: f }, members);
    } else first = runJob(o.plan, jobs[0]!, { board, share: 0, tick: draw });
  } catch (e) {
    board.stop();
    await Promise.allSettled(done);
    for (const p of ports) p.close();
    members?.close();
    throw e;
  }
  // Workers finish on their own; meanwhile the progress line keeps moving.
  const timer = setInterval(draw, 200);
  try {
    const reports = [first, ...(await Promise.all(done))];
    // Member lines: the errors each thread met, and (streamed) those of records nobody needed.
    const all = [...reports.flatMap((r) => r.memberErrors), ...(members?.errors({}, true) ?? [])];
    const seen = new Set<number>();
    const memberErrors = all.filter((e) => !seen.has(e.line) && seen.add(e.line)).sort((a, b) => a.line - b.line);
    return { reports, chunkLines: streamed ? board.chunkLines() : [], memberErrors };
  } finally {
    clearInterval(timer);
    members?.close();
    for (const p of ports) p.close();
  }
}

/** Whether the regions the threads settled, put in file order, run through the members in order. */
function regionsInOrder(reports: JobReport[]): boolean {
  const regions = reports.flatMap((r) => r.regions).sort((a, b) => a.chunk - b.chunk);
  for (let k = 1; k < regions.length; k++) if (regions[k]!.first! <= regions[k - 1]!.last!) return false;
  return true;
}

/** Appends a file to an open file descriptor in large blocks. */
function appendFile(fd: number, path: string): void {
  const buf = Buffer.allocUnsafe(4 << 20);
  const src = openSync(path, 'r');
  try {
    for (let n; (n = readSync(src, buf, 0, buf.length, null)) > 0; ) {
      for (let off = 0; off < n; ) off += writeSync(fd, buf, off, n - off);
    }
  } finally {
    closeSync(src);
  }
}

export async function runBatch(o: BatchOptions): Promise<BatchSummary> {
  const started = Date.now();
  const outFormat = o.out ? formatOf(o.out) : 'jsonl';
  const f: ClaimsFile = { path: o.claims, format: formatOf(o.claims), size: statSync(o.claims).size, memberColumn: 0, bodyStart: 0 };
  if (f.format === 'csv') {
    withLines(o.claims, 0, f.size, (r) => {
      while (r.next()) {
        if (r.blank()) continue;
        f.header = csvCells(r.text());
        const nl = r.buf.indexOf(10, r.end);
        f.bodyStart = nl >= 0 ? r.offset + (nl - r.start) + 1 : f.size;
        return;
      }
    });
    f.memberColumn = Math.max(0, (f.header ?? []).indexOf('member'));
  }
  const n = Math.max(1, o.workers ?? availableParallelism());
  const tmp = mkdtempSync(join(tmpdir(), 'yibao-batch-'));
  const header = outFormat === 'csv' ? resultHeader(o.plan) + '\n' : '';
  const progress = new Progress(o.quiet ? undefined : process.stderr, f.size);
  try {
    // Streamed, every share writes into one results file (--out, or one that goes to stdout after);
    // buffered, the first share writes into --out and the others into files joined after it.
    const streamedResults = o.out ?? join(tmp, 'results');
    const jobOf = (k: number, share: Partial<Job>): Job => ({
      members: o.members, claims: o.claims, items: o.items, claimFormat: f.format, outFormat, claimHeader: f.header,
      memberColumn: f.memberColumn, first: k === 0, ...share,
      resultsPath: !share.groups ? streamedResults : k === 0 && o.out ? o.out : join(tmp, `results-${k}`),
      appendResults: k === 0 && o.out !== undefined,
      errorsPath: join(tmp, `errors-${k}`),
    });

    let path: BatchSummary['path'] = 'streaming';
    writeFileSync(streamedResults, header);
    let jobs = n;
    const sizes = chunkSizes(o, f, Buffer.byteLength(header));
    let outcome = await runJobs(o, f, Array.from({ length: n }, (_, k) => jobOf(k, {})), sizes, (c, e, b) => progress.update(b, c, e));
    if (outcome.reports.some((r) => !r.sorted) || !regionsInOrder(outcome.reports)) path = 'buffered';
    let parts: { results: string; errors: string }[] = [];
    if (path === 'buffered') {
      const g = groupInMemory(f);
      o.log(`yibao: claims are not sorted by member (line ${g.firstUnsorted ?? '?'}): grouping them in memory first / 理赔未按参保人排序（第 ${g.firstUnsorted ?? '?'} 行）：先在内存中分组`);
      if (o.out) writeFileSync(o.out, header);
      const groups = splitGroups(g.groups, n);
      jobs = groups.length;
      const total = g.groups.reduce((s, x) => s + x.lines.length, 0);
      const buffered = groups.map((p, k) => jobOf(k, p));
      outcome = await runJobs(o, f, buffered, sizes, (c, e) => progress.update((f.size * c) / Math.max(1, total), c, e));
      parts = buffered.map((j) => ({ results: j.resultsPath, errors: j.errorsPath }));
    } else {
      o.log('yibao: claims are sorted by member: streamed in bounded memory / 理赔已按参保人排序：已流式处理');
    }
    progress.done();
    const { reports } = outcome;

    // Results: streamed, already in place; buffered, the first part is in --out and the others follow.
    if (path === 'buffered') {
      if (o.out) {
        const fd = openSync(o.out, 'a');
        try {
          for (const p of parts) if (p.results !== o.out) appendFile(fd, p.results);
        } finally {
          closeSync(fd);
        }
      } else {
        process.stdout.write(header);
        for (const p of parts) await copyToStdout(p.results);
      }
    } else if (!o.out) await copyToStdout(streamedResults);

    // Errors: numbered by line in the whole file, then the rejected member records.
    const errorLines: string[] = [];
    const errFd = o.errors ? openSync(o.errors, 'w') : undefined;
    const emit = (s: string) => {
      if (errFd === undefined) errorLines.push(s);
      else writeSync(errFd, s + '\n');
    };
    const emitFrom = (file: string, from: number, to: number, lineOffset: number) =>
      withLines(file, from, to, (r) => {
        while (r.next()) {
          if (r.end === r.start) continue;
          const [line, claim, path, code, message] = JSON.parse(r.text()) as [number, string | null, string, string, string];
          emit(formatError(outFormat, line + lineOffset, claim, path, code, message));
        }
      });
    try {
      if (outFormat === 'csv' && errFd !== undefined) emit(ERROR_HEADER);
      if (path === 'buffered') for (const p of parts) emitFrom(p.errors, 0, Number.MAX_SAFE_INTEGER, 0);
      else {
        // Each chunk's errors are numbered from the start of its region.
        const linesBefore = [0];
        for (const lines of outcome.chunkLines) linesBefore.push(linesBefore[linesBefore.length - 1]! + lines);
        const spans = reports.flatMap((r) => r.errorSpans.map((s) => ({ ...s, file: r.errorsPath! }))).sort((x, y) => x.chunk - y.chunk);
        for (const s of spans) emitFrom(s.file, s.from, s.to, linesBefore[s.chunk]!);
      }
      for (const e of outcome.memberErrors) {
        emit(outFormat === 'csv' ? `${e.line},,/members,YR001,"members file: ${e.message.replace(/"/g, '""')}"` : JSON.stringify({ line: e.line, file: 'members', path: '', code: 'YR001', message: e.message }));
      }
    } finally {
      if (errFd !== undefined) closeSync(errFd);
    }
    if (errFd === undefined && errorLines.length) o.log(errorLines.join('\n'));

    const sum = (x: 'claimsIn' | 'resultCount' | 'errorCount') => reports.reduce((s, r) => s + r[x], 0);
    const totals = o.plan.benefits.map((_, i) => reports.reduce((s, r) => s + (r.totals[i] ?? 0), 0));
    const summary: BatchSummary = {
      claimsIn: sum('claimsIn'), results: sum('resultCount'), errors: sum('errorCount'),
      memberErrors: outcome.memberErrors.length, path, workers: jobs, perWorker: reports.map((r) => r.claimsIn),
      totals: Object.fromEntries(o.plan.benefits.map((b, i) => [b.name, formatFen(totals[i]!)])),
      seconds: (Date.now() - started) / 1000,
    };
    const ok = summary.claimsIn === summary.results + summary.errors;
    o.log(
      `yibao: claims in ${summary.claimsIn} = results ${summary.results} + errors ${summary.errors} ${ok ? '✓' : '✗ DOES NOT RECONCILE'}` +
        `${summary.memberErrors ? `; member records rejected ${summary.memberErrors}` : ''}; ${path}, ${jobs > 1 ? `${jobs} workers (${summary.perWorker.join(' + ')} claims)` : '1 worker'}, ${summary.seconds.toFixed(1)} s` +
        `\nyibao: totals by benefit: ${Object.entries(summary.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    return summary;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    dropEarlyWorkers();
  }
}

async function copyToStdout(path: string): Promise<void> {
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      if (!process.stdout.write(Buffer.from(buf.subarray(0, n)))) await new Promise((r) => process.stdout.once('drain', r));
    }
  } finally {
    closeSync(fd);
  }
}
