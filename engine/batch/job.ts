// One worker's share of a batch run: the members whose ids fall in [lo, hi), either as a byte
// range of a claims file sorted by member (streamed, bounded memory) or as claims already grouped
// in memory. It loads just those members, settles member by member, and writes its results and
// errors to its own files; the main thread joins the shares in order.
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { CompiledPlan } from '../compile/plan';
import { ScannedClaim } from '../runtime/request';
import { batchContext, settleBlock, type ClaimLine, type MemberBlock } from './block';
import { ByteSink, LineReader, openForAppend, openForWrite } from './bytes';
import { scanClaim } from './claim-scan';
import { csvCells, csvRecord, formatOf, memberOf, parseJsonLine, type Format, type Parsed } from './records';

export interface Job {
  members: string;
  claims: string;
  items?: string;
  claimFormat: Format;
  outFormat: Format;
  claimHeader?: string[];
  memberColumn: number;
  /** The share of the members: ids in [lo, hi); an end left out is open. */
  lo?: string;
  hi?: string;
  /** The share that reports member lines with no readable id (the first one). */
  first: boolean;
  /** Streamed: bytes [from, to) of the claims file, which is sorted by member. */
  from: number;
  to: number;
  /** Buffered: the claims grouped by member, in member order, with their line numbers. */
  groups?: { member: string; lines: { line: number; text: string }[] }[];
  resultsPath: string;
  appendResults: boolean;
  errorsPath: string;
}

export interface JobReport {
  /** False when the claims turned out not to be sorted by member; the job stopped there. */
  sorted: boolean;
  /** Lines in the byte range (streamed), so the main thread can number error lines. */
  lines: number;
  claimsIn: number;
  resultCount: number;
  errorCount: number;
  totals: number[];
  memberErrors: { line: number; message: string }[];
}

/**
 * Counters every share can read, shared between threads: [stop, then bytes, claims and errors of
 * each share]. A share sets stop when it finds the claims unsorted; every share then stops soon.
 */
export class Signals {
  readonly slots: Float64Array;
  constructor(shares: number, buffer?: SharedArrayBuffer) {
    this.slots = new Float64Array(buffer ?? new SharedArrayBuffer(8 * (1 + 3 * shares)));
  }
  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }
  get stopped(): boolean {
    return this.slots[0] === 1;
  }
  stop(): void {
    this.slots[0] = 1;
  }
  set(share: number, bytes: number, claims: number, errors: number): void {
    this.slots.set([bytes, claims, errors], 1 + 3 * share);
  }
  total(what: 0 | 1 | 2): number {
    let s = 0;
    for (let i = 1 + what; i < this.slots.length; i += 3) s += this.slots[i]!;
    return s;
  }
}

/** Where a share reports: its slot in the shared counters, and a tick to redraw progress. */
export interface Reporting {
  signals: Signals;
  share: number;
  tick?: () => void;
}

const inShare = (job: Job, id: string) => (job.lo === undefined || id >= job.lo) && (job.hi === undefined || id < job.hi);

/**
 * The member's id when the line starts `{"id":"…"` with a plain string: enough to tell whose
 * share the line is in without parsing it.
 */
function leadingId(b: Buffer, start: number, end: number): string | undefined {
  const head = '{"id":"';
  if (end - start < head.length + 1) return undefined;
  for (let k = 0; k < head.length; k++) if (b[start + k] !== head.charCodeAt(k)) return undefined;
  const from = start + head.length;
  for (let j = from; j < end; j++) {
    const c = b[j]!;
    if (c === 0x22) return j > from ? b.toString('utf8', from, j) : undefined;
    if (c === 0x5c || c < 0x20 || c > 0x7f) return undefined;
  }
  return undefined;
}

interface Members {
  records: Map<string, Record<string, unknown>>;
  errors: { line: number; message: string }[];
}

/** The members of this share, and the errors of the member lines this share answers for. */
function loadMembers(job: Job): Members {
  const out: Members = { records: new Map(), errors: [] };
  const csv = formatOf(job.members) === 'csv';
  let header: string[] | undefined;
  const fd = openSync(job.members, 'r');
  try {
    const r = new LineReader(fd, 0, Number.MAX_SAFE_INTEGER);
    while (r.next()) {
      if (r.blank()) continue;
      if (csv && !header) {
        header = csvCells(r.text());
        continue;
      }
      const cheap = csv ? undefined : leadingId(r.buf, r.start, r.end);
      if (cheap !== undefined && !inShare(job, cheap)) continue;
      const p: Parsed = csv ? csvRecord(header!, csvCells(r.text()), 'member') : parseJsonLine(r.text());
      const id = p.ok && typeof p.value.id === 'string' ? p.value.id : undefined;
      // Whose line it is: the leading id when there is one, so every share agrees without parsing.
      const owner = cheap ?? id;
      if (owner === undefined ? !job.first : !inShare(job, owner)) continue;
      if (!p.ok) out.errors.push({ line: r.line, message: p.message });
      else if (id === undefined) out.errors.push({ line: r.line, message: 'missing member id / 缺少参保人编号' });
      else if (cheap !== undefined && id !== cheap) out.errors.push({ line: r.line, message: 'the field "id" appears twice / 字段 id 重复' });
      else if (out.records.has(id)) out.errors.push({ line: r.line, message: `duplicate member id "${id}" / 参保人编号重复` });
      else out.records.set(id, p.value);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Items of CSV claims, by claim id. */
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

export function runJob(plan: CompiledPlan, job: Job, rep: Reporting): JobReport {
  const members = loadMembers(job);
  const results = new ByteSink(job.appendResults ? openForAppend(job.resultsPath) : openForWrite(job.resultsPath));
  const errors = new ByteSink(openForWrite(job.errorsPath));
  const ctx = batchContext(plan, {
    outFormat: job.outFormat, claimFormat: job.claimFormat, claimHeader: job.claimHeader,
    items: job.items ? loadItems(job.items) : undefined, results, errors,
  });
  const report: JobReport = { sorted: true, lines: 0, claimsIn: 0, resultCount: 0, errorCount: 0, totals: [], memberErrors: members.errors };
  const block = (member: string, lines: ClaimLine[]): MemberBlock => ({ member, record: members.records.get(member), lines });
  try {
    if (job.groups) {
      for (const g of job.groups) {
        report.claimsIn += g.lines.length;
        settleBlock(ctx, block(g.member, g.lines));
        if ((report.claimsIn & 8191) < g.lines.length) tick(rep, 0, report.claimsIn, ctx.errorCount);
      }
    } else {
      const fd = openSync(job.claims, 'r');
      try {
        streamRange(job, fd, ctx, block, report, rep);
      } finally {
        closeSync(fd);
      }
    }
  } finally {
    results.close();
    errors.close();
  }
  report.resultCount = ctx.resultCount;
  report.errorCount = ctx.errorCount;
  report.totals = ctx.totals;
  return report;
}

function streamRange(
  job: Job, fd: number, ctx: ReturnType<typeof batchContext>, block: (m: string, l: ClaimLine[]) => MemberBlock,
  report: JobReport, rep: Reporting,
): void {
  const r = new LineReader(fd, job.from, job.to);
  let header = job.claimFormat === 'csv' && job.from === 0;
  let cur: MemberBlock | undefined;
  let prev: string | undefined;
  while (r.next()) {
    if (r.blank()) continue;
    if (header) {
      header = false;
      continue;
    }
    report.claimsIn++;
    let scanned: ScannedClaim | undefined;
    let text: string | undefined;
    let member: string | undefined;
    if (job.claimFormat === 'jsonl') scanned = scanClaim(r.buf, r.start, r.end);
    if (scanned) member = scanned.member;
    else {
      text = r.text();
      member = memberOf(text, job.claimFormat, job.memberColumn);
    }
    if (member === undefined) {
      // A line whose member cannot be read is settled (as an error) where it stands.
      settleBlock(ctx, block('', [{ line: r.line, text }]));
      continue;
    }
    if (!cur || cur.member !== member) {
      if (cur) settleBlock(ctx, cur);
      cur = undefined;
      if (prev !== undefined && member < prev) {
        report.sorted = false;
        rep.signals.stop();
        return;
      }
      prev = member;
      cur = block(member, []);
    }
    cur.lines.push({ line: r.line, scanned, text });
    if ((report.claimsIn & 8191) === 0) {
      tick(rep, r.consumed, report.claimsIn, ctx.errorCount);
      if (rep.signals.stopped) {
        report.sorted = false; // another share found the claims unsorted: this run is void
        return;
      }
    }
  }
  if (cur) settleBlock(ctx, cur);
  report.lines = r.line;
  tick(rep, r.consumed, report.claimsIn, ctx.errorCount);
}

function tick(rep: Reporting, bytes: number, claims: number, errors: number): void {
  rep.signals.set(rep.share, bytes, claims, errors);
  rep.tick?.();
}
