// `yibao eval PLAN --members FILE --claims FILE`: a year of claims from JSON Lines or CSV, settled
// member by member on all cores. Input sorted by member id streams in bounded memory; other input
// is grouped in memory first. Output: by member id, then date, then claim id, the same bytes for
// any number of workers.
import { createReadStream, createWriteStream, readFileSync, statSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { CompiledPlan } from '../compile/plan';
import { formatFen } from '../runtime/money';
import { batchContext, ERROR_HEADER, resultHeader, settleChunk, type Block, type ChunkReply } from './block';
import { csvCells, csvRecord, formatOf, memberOf, parseJsonLine, type Format, type RawLine } from './records';
import { Progress } from './progress';
import type { WorkerInit } from './worker';

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
}

export interface BatchSummary {
  claimsIn: number;
  results: number;
  errors: number;
  memberErrors: number;
  path: 'streaming' | 'buffered';
  workers: number;
  totals: Record<string, string>;
  seconds: number;
}

const CHUNK_CLAIMS = 2000;
// Output is buffered this far before writing waits for the disk, so settling and writing overlap.
const OUT_BUFFER = 8 << 20;

async function* lines(path: string): AsyncGenerator<RawLine> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    yield { line, text: line === 1 ? text.replace(/^\ufeff/, '') : text };
  }
}

interface MembersFile {
  records: Map<string, Record<string, unknown>>;
  errors: { line: number; message: string }[];
}

async function loadMembers(path: string): Promise<MembersFile> {
  const format = formatOf(path);
  const out: MembersFile = { records: new Map(), errors: [] };
  let header: string[] | undefined;
  for await (const l of lines(path)) {
    if (format === 'csv' && !header) {
      header = csvCells(l.text);
      continue;
    }
    const p = format === 'csv' ? csvRecord(header!, csvCells(l.text), 'member') : parseJsonLine(l.text);
    if (!p.ok) out.errors.push({ line: l.line, message: p.message });
    else if (typeof p.value.id !== 'string') out.errors.push({ line: l.line, message: 'missing member id / 缺少参保人编号' });
    else if (out.records.has(p.value.id)) out.errors.push({ line: l.line, message: `duplicate member id "${p.value.id}" / 参保人编号重复` });
    else out.records.set(p.value.id, p.value);
  }
  return out;
}

function loadItems(path: string): Map<string, unknown[]> {
  const rows = readFileSync(path, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = csvCells(rows[0] ?? '');
  const items = new Map<string, unknown[]>();
  for (const row of rows.slice(1)) {
    const cells = csvCells(row);
    const rec: Record<string, string> = {};
    header.forEach((h, i) => {
      if (cells[i]) rec[h] = cells[i]!;
    });
    const claim = rec.claim ?? '';
    delete rec.claim;
    const list = items.get(claim);
    if (list) list.push(rec);
    else items.set(claim, [rec]);
  }
  return items;
}

/** Whether the claims are sorted by member id; the line of the first claim out of order if not. */
async function sortedByMember(path: string, format: Format, memberColumn: number): Promise<{ sorted: boolean; line?: number }> {
  let prev: string | undefined;
  let first = format === 'csv';
  for await (const l of lines(path)) {
    if (first) {
      first = false;
      continue;
    }
    const m = memberOf(l.text, format, memberColumn) ?? '';
    if (prev !== undefined && m < prev) return { sorted: false, line: l.line };
    prev = m;
  }
  return { sorted: true };
}

async function* blocks(path: string, format: Format, memberColumn: number, sorted: boolean): AsyncGenerator<{ member: string; claims: RawLine[] }> {
  let first = format === 'csv';
  if (sorted) {
    let cur: { member: string; claims: RawLine[] } | undefined;
    for await (const l of lines(path)) {
      if (first) {
        first = false;
        continue;
      }
      const m = memberOf(l.text, format, memberColumn) ?? '';
      if (cur && cur.member !== m) {
        yield cur;
        cur = undefined;
      }
      (cur ??= { member: m, claims: [] }).claims.push(l);
    }
    if (cur) yield cur;
    return;
  }
  const all = new Map<string, RawLine[]>();
  for await (const l of lines(path)) {
    if (first) {
      first = false;
      continue;
    }
    const m = memberOf(l.text, format, memberColumn) ?? '';
    const list = all.get(m);
    if (list) list.push(l);
    else all.set(m, [l]);
  }
  for (const m of [...all.keys()].sort()) yield { member: m, claims: all.get(m)! };
}

class Sink {
  constructor(private readonly stream: WriteStream | NodeJS.WriteStream) {}
  async write(lines: string[]): Promise<void> {
    if (lines.length > 0) await this.writeText(lines.join('\n') + '\n');
  }
  async writeText(text: string): Promise<void> {
    if (text === '') return;
    if (!this.stream.write(text)) await new Promise((r) => this.stream.once('drain', r));
  }
  async close(): Promise<void> {
    if (this.stream === process.stdout || this.stream === process.stderr) return;
    await new Promise((r) => (this.stream as WriteStream).end(r));
  }
}

function workerUrl(): URL {
  // Bundled (dist/yibao.mjs) the worker is dist/batch-worker.mjs; from sources it is worker.ts.
  return import.meta.url.endsWith('.mjs') ? new URL('./batch-worker.mjs', import.meta.url) : new URL('./worker-boot.mjs', import.meta.url);
}

export async function runBatch(o: BatchOptions): Promise<BatchSummary> {
  const started = Date.now();
  const claimFormat = formatOf(o.claims);
  const outFormat = o.out ? formatOf(o.out) : 'jsonl';
  const members = await loadMembers(o.members);
  const items = o.items ? loadItems(o.items) : undefined;
  let claimHeader: string[] | undefined;
  let memberColumn = 0;
  if (claimFormat === 'csv') {
    for await (const l of lines(o.claims)) {
      claimHeader = csvCells(l.text);
      break;
    }
    memberColumn = Math.max(0, claimHeader?.indexOf('member') ?? 0);
  }
  const order = await sortedByMember(o.claims, claimFormat, memberColumn);
  const path = order.sorted ? 'streaming' : 'buffered';
  o.log(order.sorted
    ? 'yibao: claims are sorted by member: streaming in bounded memory / 理赔已按参保人排序：流式处理'
    : `yibao: claims are not sorted by member (line ${order.line}): grouping them in memory first / 理赔未按参保人排序（第 ${order.line} 行）：先在内存中分组`);

  const results = new Sink(o.out ? createWriteStream(o.out, { highWaterMark: OUT_BUFFER }) : process.stdout);
  const errors = o.errors ? new Sink(createWriteStream(o.errors, { highWaterMark: OUT_BUFFER })) : undefined;
  if (outFormat === 'csv') {
    await results.write([resultHeader(o.plan)]);
    await errors?.write([ERROR_HEADER]);
  }
  const errorLines: string[] = [];
  for (const e of members.errors) {
    errorLines.push(outFormat === 'csv' ? `${e.line},,/members,YR001,"members file: ${e.message.replace(/"/g, '""')}"` : JSON.stringify({ line: e.line, file: 'members', path: '', code: 'YR001', message: e.message }));
  }
  const totals = o.plan.benefits.map(() => 0);
  let claimsIn = 0;
  let resultCount = 0;
  let errorCount = 0;
  const onReply = async (r: ChunkReply) => {
    resultCount += r.resultCount;
    errorCount += r.errorCount;
    r.totals.forEach((t, i) => (totals[i]! += t));
    await results.writeText(r.results);
    if (errors) await errors.writeText(r.errors);
    else if (r.errors) errorLines.push(r.errors.slice(0, -1));
  };
  const size = statSync(o.claims).size;
  let bytesRead = 0;
  const progress = new Progress(o.quiet ? undefined : process.stderr, size);

  const workers = Math.max(1, o.workers ?? availableParallelism());
  const exec = workers === 1 ? inProcess(o, outFormat, claimFormat, claimHeader) : new Pool(workers, { planPath: o.planPath, outFormat, claimFormat, claimHeader });
  let chunk: Block[] = [];
  let chunkClaims = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await exec.submit(chunk, onReply);
    chunk = [];
    chunkClaims = 0;
  };
  for await (const b of blocks(o.claims, claimFormat, memberColumn, order.sorted)) {
    claimsIn += b.claims.length;
    const blockItems = items ? Object.fromEntries(b.claims.flatMap((c) => idsOfLine(c.text, claimFormat, claimHeader).map((id) => [id, items.get(id) ?? []]))) : undefined;
    chunk.push({ member: b.member, memberRecord: members.records.get(b.member), claims: b.claims, items: blockItems });
    chunkClaims += b.claims.length;
    if (chunkClaims >= CHUNK_CLAIMS) await flush();
    for (const c of b.claims) bytesRead += c.text.length + 1; // characters: close enough for a progress bar
    progress.update(bytesRead, claimsIn, errorCount);
  }
  await flush();
  await exec.drain(onReply);
  progress.done();
  if (!errors && errorLines.length) o.log(errorLines.join('\n'));
  else if (errors && members.errors.length) await errors.write(errorLines);
  await results.close();
  await errors?.close();
  const summary: BatchSummary = {
    claimsIn, results: resultCount, errors: errorCount, memberErrors: members.errors.length, path, workers,
    totals: Object.fromEntries(o.plan.benefits.map((b, i) => [b.name, formatFen(totals[i]!)])),
    seconds: (Date.now() - started) / 1000,
  };
  const ok = summary.claimsIn === summary.results + summary.errors;
  o.log(
    `yibao: claims in ${claimsIn} = results ${resultCount} + errors ${errorCount} ${ok ? '✓' : '✗ DOES NOT RECONCILE'}` +
      `${members.errors.length ? `; member records rejected ${members.errors.length}` : ''}; ${path}, ${workers} worker${workers > 1 ? 's' : ''}, ${summary.seconds.toFixed(1)} s` +
      `\nyibao: totals by benefit: ${Object.entries(summary.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  return summary;
}

function idsOfLine(text: string, format: Format, header?: string[]): string[] {
  if (format === 'csv') {
    const i = header?.indexOf('id') ?? -1;
    return i >= 0 ? [csvCells(text)[i] ?? ''] : [];
  }
  return [];
}

interface Executor {
  submit(blocks: Block[], onReply: (r: ChunkReply) => Promise<void>): Promise<void>;
  drain(onReply: (r: ChunkReply) => Promise<void>): Promise<void>;
}

function inProcess(o: BatchOptions, outFormat: Format, claimFormat: Format, claimHeader?: string[]): Executor {
  const ctx = batchContext(o.plan, outFormat, claimFormat, claimHeader);
  return {
    async submit(blocks, onReply) {
      await onReply(settleChunk(ctx, 0, blocks));
    },
    async drain() {},
  };
}

/** Worker threads fed chunks round-robin; replies are written in submission order. */
class Pool implements Executor {
  private readonly workers: Worker[];
  private next = 0;
  private seq = 0;
  private written = 0;
  private readonly pending = new Map<number, ChunkReply>();
  private readonly waiting = new Map<number, (r: ChunkReply) => void>();
  private readonly rejecters = new Map<number, (e: Error) => void>();
  private failure: Error | undefined;
  private inFlight: Promise<void>[] = [];

  constructor(n: number, init: WorkerInit) {
    const url = workerUrl();
    this.workers = Array.from({ length: n }, () => {
      const w = new Worker(url, { workerData: init });
      w.on('message', (r: ChunkReply) => {
        const resolve = this.waiting.get(r.seq);
        this.waiting.delete(r.seq);
        resolve?.(r);
      });
      w.on('error', (e: Error) => {
        this.failure = e;
        for (const reject of this.rejecters.values()) reject(e);
      });
      return w;
    });
  }

  async submit(blocks: Block[], onReply: (r: ChunkReply) => Promise<void>): Promise<void> {
    const seq = this.seq++;
    const w = this.workers[this.next++ % this.workers.length]!;
    if (this.failure) throw this.failure;
    const done = new Promise<ChunkReply>((resolve, reject) => {
      this.waiting.set(seq, (r) => {
        this.rejecters.delete(seq);
        resolve(r);
      });
      this.rejecters.set(seq, reject);
    });
    w.postMessage({ seq, blocks });
    this.inFlight.push(done.then((r) => this.deliver(r, onReply)));
    // Bounded memory: at most a few chunks per worker are in flight at once.
    if (this.inFlight.length >= this.workers.length * 4) {
      await this.inFlight.shift();
    }
  }

  private chain: Promise<void> = Promise.resolve();

  /** Replies arrive in any order; they are written strictly in submission order, one at a time. */
  private deliver(r: ChunkReply, onReply: (r: ChunkReply) => Promise<void>): Promise<void> {
    this.pending.set(r.seq, r);
    this.chain = this.chain.then(async () => {
      while (this.pending.has(this.written)) {
        const next = this.pending.get(this.written)!;
        this.pending.delete(this.written);
        this.written++;
        await onReply(next);
      }
    });
    return this.chain;
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
