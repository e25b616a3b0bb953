// One thread's part of a batch run. Streamed: chunks of a claims file sorted by member, taken one
// after another (shares.ts), their results written at their place in the output file.
// Buffered: the members whose ids fall in [lo, hi), grouped in memory, written to files of their
// own that the main thread joins. Either way it settles member by member.
import { closeSync, openSync } from 'node:fs';
import type { CompiledPlan } from '../compile/plan';
import { ScannedClaim } from '../request/request';
import { batchContext, ClaimLine, settleBlock, type MemberBlock } from './block';
import { ByteSink, DOUBLE_ZERO, LineReader, openForAppend, openForWrite } from './bytes';
import { ChunkResults } from './chunk-results';
import { scanClaim } from './claim-scan';
import { loadItems } from './items';
import { MemberIndex, type MemberError } from './members';
import { memberOf, type Format } from './records';
import { regionAt, type Board, type ClaimsFile } from './shares';

export interface Job {
  members: string;
  claims: string;
  items?: string;
  claimFormat: Format;
  outFormat: Format;
  claimHeader?: string[];
  memberColumn: number;
  /** Buffered: the claims grouped by member, in member order, with their line numbers. */
  groups?: { member: string; lines: { line: number; text: string }[] }[];
  /** Buffered: this share's results file. Streamed: the output file, where every share writes. */
  resultsPath: string;
  appendResults: boolean;
  errorsPath: string;
}

/** The members of one chunk's region, first and last (the main thread checks their order). */
export interface Region {
  chunk: number;
  first?: string;
  last?: string;
}

/** Bytes [from, to) of a share's errors file: the errors of one chunk. */
export interface ErrorSpan {
  chunk: number;
  from: number;
  to: number;
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
  /** --items: the groups of item rows this share attached to a claim, by index. */
  itemsUsed?: Uint8Array;
  /** Streamed: the regions settled that hold claims, and where their errors are. */
  regions: Region[];
  errorSpans: ErrorSpan[];
  errorsPath?: string;
}

/** Where a share reports: the shared board, its slot in it, a tick to redraw progress. */
export interface Reporting {
  board: Board;
  share: number;
  tick?: () => void;
  /** Streamed: the claims file. */
  file?: ClaimsFile;
  /** Lets the thread's event loop run (the main thread's: signals) between pieces of work. */
  pause?: () => Promise<void>;
}

/** A buffered job: its run of members, grouped in memory, in member order. */
export async function runJob(plan: CompiledPlan, job: Job, rep: Reporting, members: MemberIndex): Promise<JobReport> {
  const results = new ByteSink(job.appendResults ? openForAppend(job.resultsPath) : openForWrite(job.resultsPath));
  const errors = new ByteSink(openForWrite(job.errorsPath));
  const ctx = context(plan, job, results, errors, members);
  const report = emptyReport();
  try {
    for (const g of job.groups ?? []) {
      report.claimsIn += g.lines.length;
      // Lines whose member cannot be read are settled (as errors) one by one, as streamed.
      if (g.member === '') for (const l of g.lines) settleBlock(ctx, { member: '', lines: [l] });
      else settleBlock(ctx, { member: g.member, found: members.lookup(g.member), lines: g.lines });
      if ((report.claimsIn & 8191) < g.lines.length) {
        tick(rep, 0, report.claimsIn, ctx.errorCount);
        await rep.pause?.();
        if (rep.board.stopped) break;
      }
    }
  } finally {
    results.close();
    errors.close();
  }
  report.memberErrors = members.rejections();
  return finish(report, ctx);
}

export const emptyReport = (): JobReport => ({ sorted: true, bytes: DOUBLE_ZERO, claimsIn: 0, resultCount: 0, errorCount: 0, totals: [], memberErrors: [], regions: [], errorSpans: [] });

function context(plan: CompiledPlan, job: Job, results: ByteSink, errors: ByteSink, members: MemberIndex) {
  return batchContext(plan, {
    outFormat: job.outFormat, claimFormat: job.claimFormat, claimHeader: job.claimHeader,
    items: job.items ? loadItems(job.items) : undefined, results, errors, members,
  });
}

function finish(report: JobReport, ctx: ReturnType<typeof batchContext>): JobReport {
  report.resultCount = ctx.resultCount;
  report.errorCount = ctx.errorCount;
  report.totals = ctx.totals;
  report.itemsUsed = ctx.itemsUsed;
  return report;
}

/**
 * A streamed job: takes chunks of the sorted claims file until none is left, settles the run of
 * members of each (regionAt) and writes its results at their place in the output file. Its errors
 * go to a file of its own, one span per chunk, numbered from the start of the chunk's region.
 */
export async function runStream(plan: CompiledPlan, job: Job, rep: Reporting, members: MemberIndex): Promise<JobReport> {
  const report = emptyReport();
  const f = rep.file!;
  const board = rep.board;
  const fd = openSync(job.claims, 'r');
  const results = new ChunkResults(openSync(job.resultsPath, 'r+'), board);
  const errors = new ByteSink(openForWrite(job.errorsPath));
  const ctx = context(plan, job, results, errors, members);
  const lines = new LineReader(fd, 0, 0);
  const edges = new LineReader(fd, 0, 0, Buffer.allocUnsafe(64 << 10));
  try {
    for (let c = board.take(rep.share); c; c = board.take(rep.share)) {
      // A fault injected by the tests: a worker that dies holding a chunk must not hang the run.
      if (rep.share > 0 && process.env.YIBAO_FAILPOINT === 'batch-worker-dies') throw new Error('injected fault: a batch worker died');
      const long = board.longMember;
      const from = regionAt(f, edges, c.from, long);
      const to = regionAt(f, edges, c.to, long);
      if (from > c.to) board.noteLongMember(c.from, from);
      results.begin(c.index);
      const errorsFrom = errors.size;
      const region: Region = { chunk: c.index };
      const count = from < to ? streamRegion(job, ctx, lines, from, to, members, report, rep, region) : 0;
      results.end(count);
      report.bytes += c.to - c.from;
      if (region.first !== undefined) report.regions.push(region);
      if (errors.size > errorsFrom) report.errorSpans.push({ chunk: c.index, from: errorsFrom, to: errors.size });
      if (!report.sorted) break;
      await rep.pause?.();
    }
    results.finish();
  } finally {
    closeSync(fd);
    closeSync(results.fd);
    errors.close();
  }
  report.errorsPath = job.errorsPath;
  report.memberErrors = members.rejections();
  return finish(report, ctx);
}

/** Settles the lines of bytes [from, to), member by member; the number of lines. */
function streamRegion(
  job: Job, ctx: ReturnType<typeof batchContext>, r: LineReader, from: number, to: number,
  members: MemberIndex, report: JobReport, rep: Reporting, region: Region,
): number {
  r.reset(from, to);
  // Progress at a region's first claim, then every 8,192: the call has run before the loop is
  // compiled, which would otherwise be thrown away and compiled again at the 8,192nd claim.
  let untilTick = 1;
  let header = job.claimFormat === 'csv' && from === 0;
  let cur: MemberBlock | undefined;
  const block = (member: string, lines: ClaimLine[]): MemberBlock => ({ member, found: member === '' ? undefined : members.lookup(member), lines });
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
      if ((region.last !== undefined && member < region.last) || rep.board.stopped) {
        report.sorted = false;
        rep.board.stop();
        return r.line;
      }
      region.first ??= member;
      region.last = member;
      cur = block(member, []);
    }
    report.claimsIn++;
    if (member === undefined) {
      // A line whose member cannot be read is settled (as an error) where it stands.
      settleBlock(ctx, block('', [new ClaimLine(r.line, undefined, text)]));
    } else cur!.lines.push(new ClaimLine(r.line, scanned, text));
    if (--untilTick === 0) {
      untilTick = 8192;
      tick(rep, report.bytes + r.consumed, report.claimsIn, ctx.errorCount);
    }
  }
  if (cur) settleBlock(ctx, cur);
  tick(rep, report.bytes + r.consumed, report.claimsIn, ctx.errorCount);
  return r.line;
}

function tick(rep: Reporting, bytes: number, claims: number, errors: number): void {
  rep.board.count(rep.share, bytes, claims, errors);
  rep.tick?.();
}
