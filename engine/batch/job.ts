// One share of a batch run: the members whose ids fall in [lo, hi), either as a byte range of a
// claims file sorted by member (streamed, bounded memory) or as claims already grouped in memory.
// It settles member by member and writes its results and errors to its own files; the main
// thread joins the shares in order.
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { CompiledPlan } from '../compile/plan';
import { ScannedClaim } from '../runtime/request';
import { batchContext, settleBlock, type ClaimLine, type MemberBlock } from './block';
import { ByteSink, LineReader, openForAppend, openForWrite } from './bytes';
import { scanClaim } from './claim-scan';
import { MemberIndex, type MemberError, type SharedMembers } from './members';
import { csvCells, memberOf, type Format } from './records';
import { splitter, type Signals } from './shares';

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
  /** The members index the main thread built, handed over with the range (streamed workers). */
  sharedMembers?: SharedMembers;
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
  memberErrors: MemberError[];
}

/** Where a share reports: the shared counters, its slot in them, a tick to redraw progress. */
export interface Reporting {
  signals: Signals;
  share: number;
  tick?: () => void;
  /** The main thread's hand-out of the rest of the file (see shares.ts). */
  split?: ReturnType<typeof splitter>;
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
  const results = new ByteSink(job.appendResults ? openForAppend(job.resultsPath) : openForWrite(job.resultsPath));
  const errors = new ByteSink(openForWrite(job.errorsPath));
  // The main thread's share ends where the hand-out says; until then it may need any member.
  const scope = { lo: job.lo, hi: rep.split ? undefined : job.hi };
  const members = job.sharedMembers ? MemberIndex.fromShared(job.sharedMembers) : new MemberIndex(job.members, scope);
  const ctx = batchContext(plan, {
    outFormat: job.outFormat, claimFormat: job.claimFormat, claimHeader: job.claimHeader,
    items: job.items ? loadItems(job.items) : undefined, results, errors,
  });
  const report: JobReport = { sorted: true, lines: 0, claimsIn: 0, resultCount: 0, errorCount: 0, totals: [], memberErrors: [] };
  const block = (member: string, lines: ClaimLine[]): MemberBlock => ({ member, record: members.record(member), lines });
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
        scope.hi = streamRange(job, fd, ctx, block, report, rep, members);
      } finally {
        closeSync(fd);
      }
    }
    report.memberErrors = members.errors(scope, job.first);
  } finally {
    rep.split?.finish();
    members.close();
    results.close();
    errors.close();
  }
  report.resultCount = ctx.resultCount;
  report.errorCount = ctx.errorCount;
  report.totals = ctx.totals;
  return report;
}

/** Streams the share's lines member by member; returns the share's upper member bound. */
function streamRange(
  job: Job, fd: number, ctx: ReturnType<typeof batchContext>, block: (m: string, l: ClaimLine[]) => MemberBlock,
  report: JobReport, rep: Reporting, members: MemberIndex,
): string | undefined {
  const r = new LineReader(fd, job.from, job.to);
  let hi = job.hi;
  let header = job.claimFormat === 'csv' && job.from === 0;
  let cur: MemberBlock | undefined;
  let prev: string | undefined;
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
        return hi;
      }
      if (rep.split) {
        // A member boundary: the place to hand the rest of the file out, once.
        const mine = rep.split.at(r.offset, () => members.share());
        if (mine === 'stop') {
          report.sorted = false;
          return hi;
        }
        if (mine) {
          r.to = mine.to;
          hi = mine.hi;
        }
      }
      prev = member;
      cur = block(member, []);
    }
    report.claimsIn++;
    if (member === undefined) {
      // A line whose member cannot be read is settled (as an error) where it stands.
      settleBlock(ctx, block('', [{ line: r.line, text }]));
    } else cur!.lines.push({ line: r.line, scanned, text });
    if ((report.claimsIn & 8191) === 0) tick(rep, r.consumed, report.claimsIn, ctx.errorCount);
  }
  if (cur) settleBlock(ctx, cur);
  report.lines = r.line;
  tick(rep, r.consumed, report.claimsIn, ctx.errorCount);
  return hi;
}

function tick(rep: Reporting, bytes: number, claims: number, errors: number): void {
  rep.signals.count(rep.share, bytes, claims, errors);
  rep.tick?.();
}
