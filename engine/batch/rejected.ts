// The errors file of a batch run: one record per rejected claim (numbered by its line in the whole
// claims file), then the rejected lines of the members file, then those of the items file, each
// once. It also reconciles the members and item rows: every member line is a valid record or a
// rejected one, every item row is attached to a claim or rejected.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledPlan } from '../compile/plan';
import { validateRequest } from '../request/request';
import { ERROR_HEADER, formatRejected, memberReason } from './block';
import type { OutputTarget } from './files';
import { writeText } from './output';
import { unmatchedRows, type ItemsTable } from './items';
import type { MemberCounts, MemberError, Reason } from './members';
import type { Format } from './records';
import { withLines } from './shares';
import type { Outcome } from './threads';

export interface Rejections {
  members: MemberCounts;
  items?: { rows: number; attached: number; rejected: number };
}

/** Checks a member record no claim needed, as its claims would have. */
export function memberCheck(plan: CompiledPlan): (record: Record<string, unknown>) => Reason[] {
  return (record) =>
    validateRequest(plan, { members: [record], claims: [] }).errors.map(memberReason);
}

/** Where rejected records go: the errors file's temporary file, a stream, or the log (stderr). */
export function rejectedSink(target: OutputTarget | undefined, log: (s: string) => void) {
  const fd = target ? openSync(target.temp ?? target.path, 'w') : undefined;
  const held: string[] = [];
  return {
    emit: (s: string) => (fd === undefined ? held.push(s) : void writeText(fd, s + '\n')),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      else if (held.length) log(held.join('\n'));
    },
  };
}


export function writeRejected(
  o: { plan: CompiledPlan; log: (s: string) => void }, outcome: Outcome, format: Format, target: OutputTarget | undefined, folder: string, items: ItemsTable | undefined,
): Rejections {
  const out = rejectedSink(target, o.log);
  try {
    if (format === 'csv' && target) out.emit(ERROR_HEADER);
    claimRecords(outcome, folder, (line, claim, member, reasons) => out.emit(formatRejected(format, 'claims', line, claim, member, reasons)));
    const members = memberRecords(o.plan, outcome);
    for (const e of members.errors) out.emit(formatRejected(format, 'members', e.line, undefined, e.member, e.reasons));
    const rows = items ? itemRecords(items, outcome) : undefined;
    for (const e of rows?.errors ?? []) out.emit(formatRejected(format, 'items', e.line, e.claim, e.member, e.reasons));
    return { members: members.counts, items: rows?.counts };
  } finally {
    out.close();
  }
}

type Emit = (line: number, claim: string | null, member: string | null, reasons: Reason[]) => void;

/** Each thread's rejected claims, numbered by line in the whole file. */
function claimRecords(outcome: Outcome, folder: string, emit: Emit): void {
  const { reports } = outcome;
  const from = (file: string, start: number, end: number, lineOffset: number) =>
    withLines(file, start, end, (r) => {
      while (r.next()) {
        if (r.end === r.start) continue;
        const [line, claim, member, reasons] = JSON.parse(r.text()) as [number, string | null, string | null, Reason[]];
        emit(line + lineOffset, claim, member, reasons);
      }
    });
  if (outcome.chunkLines.length === 0) {
    reports.forEach((_, k) => from(join(folder, `errors-${k}`), 0, Number.MAX_SAFE_INTEGER, 0));
    return;
  }
  // Streamed: each chunk's errors are numbered from the start of its region.
  const linesBefore = [0];
  for (const lines of outcome.chunkLines) linesBefore.push(linesBefore[linesBefore.length - 1]! + lines);
  const spans = reports.flatMap((r, k) => r.errorSpans.map((s) => ({ ...s, file: join(folder, `errors-${k}`) }))).sort((x, y) => x.chunk - y.chunk);
  for (const s of spans) from(s.file, s.from, s.to, linesBefore[s.chunk]!);
}

/** The rejected member lines, once each by line, and the members' reconciliation. */
function memberRecords(plan: CompiledPlan, outcome: Outcome): { errors: MemberError[]; counts: MemberCounts } {
  const end = outcome.members.finish(memberCheck(plan));
  const byLine = new Map<number, MemberError>();
  for (const e of [...outcome.reports.flatMap((r) => r.memberErrors), ...end.errors]) if (!byLine.has(e.line)) byLine.set(e.line, e);
  return { errors: [...byLine.values()].sort((a, b) => a.line - b.line), counts: end.counts };
}

/** Item rows no thread attached to a claim, and the rows' reconciliation. */
function itemRecords(items: ItemsTable, outcome: Outcome) {
  const used = new Uint8Array(items.groups.size);
  for (const r of outcome.reports) r.itemsUsed?.forEach((u, i) => (used[i]! |= u));
  const errors = unmatchedRows(items, used);
  let attached = 0;
  for (const g of items.groups.values()) if (used[g.index]) attached += g.lines.length;
  return { errors, counts: { rows: items.rows, attached, rejected: errors.length } };
}
