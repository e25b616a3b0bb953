// One thread's part of a batch run. Streamed: ranges of a claims file sorted by member, taken one
// after another as they are handed over (shares.ts), each written to a part file of its own.
// Buffered: the members whose ids fall in [lo, hi), grouped in memory. Either way it settles
// member by member; the main thread joins the parts in file order.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledPlan } from '../compile/plan';
import { ScannedClaim } from '../runtime/request';
import { batchContext, settleBlock, type ClaimLine, type MemberBlock } from './block';
import { ByteSink, LineReader, openForAppend, openForWrite } from './bytes';
import { scanClaim } from './claim-scan';
import { MemberIndex, type MemberError, type SharedMembers } from './members';
import { csvCells, memberOf, type Format } from './records';
import { handOut, type ClaimsFile, type Signals } from './shares';

export interface Job {
  members: string;
  claims: string;
  items?: string;
  claimFormat: Format;
  outFormat: Format;
  claimHeader?: string[];
  memberColumn: number;
  /** Buffered: the share of the members, ids in [lo, hi); an end left out is open. */
  lo?: string;
  hi?: string;
  /** Buffered: the share that reports member lines with no readable id (the first one). */
  first: boolean;
  /** Buffered: the claims grouped by member, in member order, with their line numbers. */
  groups?: { member: string; lines: { line: number; text: string }[] }[];
  /** Buffered: this share's files. Streamed: the main thread's first range goes into resultsPath. */
  resultsPath: string;
  appendResults: boolean;
  errorsPath: string;
  /** Streamed: where part files go ("<dir>/results-<share>-<n>"). */
  partsDir: string;
  /** Streamed: the least range worth handing over, in bytes (tests hand over even tiny files). */
  minHandOver?: number;
}

/** A range one thread settled: its results and errors files, and its lines for numbering errors. */
export interface Part {
  from: number;
  lines: number;
  results: string;
  errors: string;
}

export interface JobReport {
  /** False when the claims turned out not to be sorted by member; the job stopped there. */
  sorted: boolean;
  /** Streamed: bytes of the claims file read, for progress. */
  bytes: number;
  claimsIn: number;
  resultCount: number;
  errorCount: number;
  totals: number[];
  memberErrors: MemberError[];
  /** Streamed: the ranges settled, in the order taken. */
  parts: Part[];
}

/** Where a share reports: the shared counters, its slot in them, a tick to redraw progress. */
export interface Reporting {
  signals: Signals;
  share: number;
  tick?: () => void;
  /** Streamed: the claims file, and a greeting for a thread before it is first handed a range. */
  file?: ClaimsFile;
  welcome?: (share: number, members: MemberIndex) => void;
  /** Streamed workers: their first range, and the members index the main thread built. */
  first?: { from: number; to: number };
  sharedMembers?: SharedMembers;
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

/** A buffered job: members of [lo, hi) grouped in memory, in member order. */
export function runJob(plan: CompiledPlan, job: Job, rep: Reporting): JobReport {
  const results = new ByteSink(job.appendResults ? openForAppend(job.resultsPath) : openForWrite(job.resultsPath));
  const errors = new ByteSink(openForWrite(job.errorsPath));
  const scope = { lo: job.lo, hi: job.hi };
  const members = new MemberIndex(job.members, scope);
  const ctx = context(plan, job, results, errors);
  const report = emptyReport();
  try {
    for (const g of job.groups ?? []) {
      report.claimsIn += g.lines.length;
      settleBlock(ctx, { member: g.member, record: members.record(g.member), lines: g.lines });
      if ((report.claimsIn & 8191) < g.lines.length) tick(rep, 0, report.claimsIn, ctx.errorCount);
    }
    report.memberErrors = members.errors(scope, job.first);
  } finally {
    members.close();
    results.close();
    errors.close();
  }
  return finish(report, ctx);
}

export const emptyReport = (): JobReport => ({ sorted: true, bytes: 0, claimsIn: 0, resultCount: 0, errorCount: 0, totals: [], memberErrors: [], parts: [] });

function context(plan: CompiledPlan, job: Job, results: ByteSink, errors: ByteSink) {
  return batchContext(plan, {
    outFormat: job.outFormat, claimFormat: job.claimFormat, claimHeader: job.claimHeader,
    items: job.items ? loadItems(job.items) : undefined, results, errors,
  });
}

function finish(report: JobReport, ctx: ReturnType<typeof batchContext>): JobReport {
  report.resultCount = ctx.resultCount;
  report.errorCount = ctx.errorCount;
  report.totals = ctx.totals;
  return report;
}

/**
 * A streamed job: settles ranges of the sorted claims file until no thread has work left. The
 * main thread (share 0) starts with the whole file and keeps its members index open for the
 * final check of member lines (returned); a worker starts with the range it was handed.
 */
export function runStream(plan: CompiledPlan, job: Job, rep: Reporting): { report: JobReport; members?: MemberIndex } {
  const main = rep.share === 0;
  const report = emptyReport();
  let range = main ? { from: 0, to: rep.file!.size } : rep.first;
  if (!range) return { report };
  const members = rep.sharedMembers ? MemberIndex.fromShared(rep.sharedMembers) : new MemberIndex(job.members, {});
  const fd = openSync(job.claims, 'r');
  let ctx: ReturnType<typeof batchContext> | undefined;
  try {
    for (let n = 0; range; n++) {
      const part: Part = { from: range.from, lines: 0, results: join(job.partsDir, `results-${rep.share}-${n}`), errors: join(job.partsDir, `errors-${rep.share}-${n}`) };
      // The first range of the file goes straight into --out; the others into part files.
      const direct = main && n === 0 && job.appendResults;
      if (direct) part.results = job.resultsPath;
      const results = new ByteSink(direct ? openForAppend(job.resultsPath) : openForWrite(part.results));
      const errors = new ByteSink(openForWrite(part.errors));
      if (!ctx) ctx = context(plan, job, results, errors);
      else Object.assign(ctx, { results, errors });
      try {
        part.lines = streamRange(job, fd, ctx, range, members, report, rep);
      } finally {
        results.close();
        errors.close();
      }
      report.parts.push(part);
      if (!report.sorted) break;
      range = rep.signals.waitForWork(rep.share);
    }
  } finally {
    closeSync(fd);
    if (!main) members.close();
  }
  report.memberErrors = main ? [] : members.rejections();
  return { report: finish(report, ctx!), members: main ? members : undefined };
}

/** Streams one range member by member, handing part of it over when threads are idle; its lines. */
function streamRange(
  job: Job, fd: number, ctx: ReturnType<typeof batchContext>, range: { from: number; to: number },
  members: MemberIndex, report: JobReport, rep: Reporting,
): number {
  const r = new LineReader(fd, range.from, range.to);
  let header = job.claimFormat === 'csv' && range.from === 0;
  let cur: MemberBlock | undefined;
  let prev: string | undefined;
  let quietUntil = 0;
  const welcome = rep.welcome && ((k: number) => rep.welcome!(k, members));
  const block = (member: string, lines: ClaimLine[]): MemberBlock => ({ member, record: members.record(member), lines });
  while (r.next()) {
    if (r.blank()) continue;
    if (header) {
      header = false;
      continue;
    }
    let scanned: ScannedClaim | undefined;
    let text: string | undefined;
    let member: string | undefined;
    if (job.claimFormat === 'jsonl') scanned = scanClaim(r.buf, r.start, r.end);
    if (scanned) member = scanned.member;
    else {
      text = r.text();
      member = memberOf(text, job.claimFormat, job.memberColumn);
    }
    if (member !== undefined && (!cur || cur.member !== member)) {
      if (cur) settleBlock(ctx, cur);
      cur = undefined;
      if ((prev !== undefined && member < prev) || rep.signals.stopped) {
        report.sorted = false;
        rep.signals.stop();
        return r.line;
      }
      // A member boundary: where part of the rest can go to an idle thread. After a try that found
      // nothing to cut, the next waits until half the rest is read, so a long member costs a few
      // tries, not one per member.
      const end = r.offset < quietUntil ? undefined : handOut(rep.file!, rep.signals, r.offset, r.to, welcome, job.minHandOver);
      if (end === 'stop') {
        report.sorted = false;
        return r.line;
      }
      if (end === 'none') quietUntil = r.offset + (r.to - r.offset) / 2;
      else if (end !== undefined) r.to = end;
      prev = member;
      cur = block(member, []);
    }
    report.claimsIn++;
    if (member === undefined) {
      // A line whose member cannot be read is settled (as an error) where it stands.
      settleBlock(ctx, block('', [{ line: r.line, text }]));
    } else cur!.lines.push({ line: r.line, scanned, text });
    if ((report.claimsIn & 8191) === 0) tick(rep, report.bytes + r.consumed, report.claimsIn, ctx.errorCount);
  }
  if (cur) settleBlock(ctx, cur);
  report.bytes += r.consumed;
  tick(rep, report.bytes, report.claimsIn, ctx.errorCount);
  return r.line;
}

function tick(rep: Reporting, bytes: number, claims: number, errors: number): void {
  rep.signals.count(rep.share, bytes, claims, errors);
  rep.tick?.();
}
