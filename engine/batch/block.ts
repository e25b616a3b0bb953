// Settles one member's claims from a batch file: the unit of work of a batch worker. Every input
// line ends as one result line or one error line; nothing is dropped. The claims go through the
// API's own settlement loop (runtime/member-loop.ts); results are written as bytes straight into
// the output buffer: the API's claim result (runtime/result-fields.ts) without its trace, the same
// bytes JSON.stringify would give.
import type { CompiledPlan } from '../compile/plan';
import { validateRequest, type RequestError, type ScannedClaim } from '../request/request';
import type { RtClaim, RtMember } from '../ir/env';
import { requestMessage } from '../ir/request-errors';
import { settleMember, type ClaimSink } from '../runtime/member-loop';
import type { ClaimOut } from '../runtime/outcome';
import { resultProgram } from '../runtime/result-bytes';
import { recordWriter, type RecordWriter } from '../runtime/result-code';
import { CLAIM_RESULT, type ClaimView } from '../runtime/result-fields';
import { Settler, type YearState } from '../runtime/settle';
import type { ByteSink } from './bytes';
import { keyOf, type ItemsTable } from './items';
import type { Lookup, MemberIndex, Reason } from './members';
import { csvField, csvRecord, parseJsonLine, type Format, type Parsed } from './records';

/**
 * One claim line: already scanned from its bytes, or its text for the general path. A class (as
 * ParsedLine below), so that its objects have a shape of their own: an object literal starting
 * with `line` shares its first field with every other such literal, and one made elsewhere with a
 * double there (a line read from a Float64Array) makes every line number a boxed double.
 */
export class ClaimLine {
  constructor(
    readonly line: number,
    readonly scanned?: ScannedClaim,
    readonly text?: string,
  ) {}
}

/** A claim line read as a record. */
class ParsedLine {
  constructor(
    readonly line: number,
    readonly value: Record<string, unknown>,
  ) {}
}

export interface MemberBlock {
  member: string;
  /** The member's record as the members file has it, or undefined when the file lacks it. */
  found?: Lookup;
  lines: ClaimLine[];
}

export interface BatchContext {
  plan: CompiledPlan;
  settler: Settler;
  outFormat: Format;
  claimFormat: Format;
  claimHeader?: string[];
  /** Items of CSV claims, by member and claim; the groups used are marked in itemsUsed. */
  items?: ItemsTable;
  itemsUsed?: Uint8Array;
  /** Where member records are marked good or rejected once their claims have checked them. */
  members?: MemberIndex;
  results: ByteSink;
  /** Rejected claims as JSON arrays [line, claim, member, reasons]; see formatRejected. */
  errors: ByteSink;
  /** Payout per benefit, in fen. */
  totals: number[];
  resultCount: number;
  errorCount: number;
  /** JSON result lines: the API's claim result (result-fields.ts) as bytes, pieces made once. */
  writeResult: RecordWriter;
  /** CSV cells of the plan's exclusion reasons, by reason. */
  csvReasons: Map<string, Buffer>;
  /** The year being settled, reused from member to member. */
  year: YearState;
  /** Where the settlement loop hands batch each claim. */
  sink: BatchSink;
}

export function batchContext(
  plan: CompiledPlan,
  o: { outFormat: Format; claimFormat: Format; claimHeader?: string[]; items?: ItemsTable; members?: MemberIndex; results: ByteSink; errors: ByteSink },
): BatchContext {
  const settler = new Settler(plan);
  const ctx: BatchContext = {
    plan, settler, ...o, year: settler.newYear(),
    itemsUsed: o.items ? new Uint8Array(o.items.groups.size) : undefined,
    totals: plan.benefits.map(() => 0), resultCount: 0, errorCount: 0,
    writeResult: recordWriter(resultProgram(CLAIM_RESULT, plan.benefits)), csvReasons: new Map(), sink: undefined as unknown as BatchSink,
  };
  ctx.sink = new BatchSink(ctx);
  return ctx;
}

export function resultHeader(plan: CompiledPlan): string {
  return ['id', 'member', 'date', 'payout', ...plan.benefits.map((b) => b.name), 'excluded', 'excludedReasons'].map(csvField).join(',');
}

export const ERROR_HEADER = 'file,line,claim,member,code,path,message';

/** Which input file a rejected record comes from. */
export type ErrorFile = 'claims' | 'members' | 'items';

/**
 * One rejected record of the errors file, in its format: JSON Lines holds every reason; CSV, one
 * row per record, the reasons' codes, paths and messages each joined by " | ".
 */
export function formatRejected(format: Format, file: ErrorFile, line: number, claim: string | undefined | null, member: string | undefined | null, reasons: Reason[]): string {
  if (format === 'csv') {
    const join = (k: keyof Reason) => reasons.map((r) => r[k]).join(' | ');
    return [file, String(line), claim ?? '', member ?? '', join('code'), join('path'), join('message')].map(csvField).join(',');
  }
  return JSON.stringify({ file, line, ...(claim != null ? { claim } : {}), ...(member != null ? { member } : {}), reasons });
}

/** Rejected claims of the block being settled, written in line order when it is done. */
const pending: { line: number; text: string }[] = [];

/** A claim is rejected, with all its reasons: one record, numbered by its line. */
function reject(ctx: BatchContext, line: number, claim: string | undefined, member: string | undefined, reasons: Reason[]): void {
  pending.push({ line, text: JSON.stringify([line, claim ?? null, member ?? null, reasons]) });
  ctx.errorCount++;
}

function writeRejected(ctx: BatchContext): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a list of one or none is in order (sorting it only allocates)
  if (pending.length > 1) pending.sort((a, b) => a.line - b.line);
  for (const p of pending) {
    ctx.errors.text(p.text);
    ctx.errors.byte(10);
  }
  pending.length = 0;
}

/** A claim line as a record, and the faults of its items rows (CSV claims with --items). */
function parse(ctx: BatchContext, l: ClaimLine): Parsed & { itemFaults?: Reason[] } {
  if (l.scanned) return { ok: true, value: l.scanned as unknown as Record<string, unknown> };
  if (ctx.claimFormat === 'jsonl') return parseJsonLine(l.text!);
  // CSV claims always come with their header (run.ts reads it first).
  const p = csvRecord(ctx.claimHeader!, l.text!, 'claim');
  if (!p.ok || !ctx.items || typeof p.value.id !== 'string' || typeof p.value.member !== 'string') return p;
  const g = ctx.items.groups.get(keyOf(p.value.member, p.value.id));
  if (!g) return p;
  ctx.itemsUsed![g.index] = 1;
  // A group without good rows has bad ones, which reject the claim: its empty list is never settled.
  p.value.items = g.items;
  return g.bad.length ? { ...p, itemFaults: g.bad } : p;
}

// A key may hold a line separator (U+2028): the rest of the path is anything, line breaks included.
// Stryker disable next-line Regex: every path starts /claims/ or /members/ and the rest runs to its end
const claimPath = /^\/claims\/(\d+)(.*)$/s;

export function settleBlock(ctx: BatchContext, block: MemberBlock): void {
  settleLines(ctx, block);
  writeRejected(ctx);
}

function settleLines(ctx: BatchContext, block: MemberBlock): void {
  const parsed: ParsedLine[] = [];
  // The records for validateRequest, pushed rather than mapped from `parsed`: lists made by `map`
  // in optimised code are of another elements kind than in the interpreter, and validateRequest
  // would be compiled again when the second kind came.
  const records: Record<string, unknown>[] = [];
  // Reasons by parsed claim; most claims have none, so most slots stay empty.
  const reasons: (Reason[] | undefined)[] = [];
  let rejected = 0;
  for (const l of block.lines) {
    const p = parse(ctx, l);
    if (!p.ok) reject(ctx, l.line, undefined, block.member || undefined, [{ path: '', code: 'YR001', message: p.message }]);
    else {
      reasons.push(p.itemFaults ? [...p.itemFaults] : undefined);
      parsed.push(new ParsedLine(l.line, p.value));
      records.push(p.value);
    }
  }
  const found = block.found;
  const record = found?.record;
  // Stryker disable next-line ArrayDeclaration: a member the file lacks is unknown whatever else is sent
  const v = validateRequest(ctx.plan, { members: record ? [record] : [], claims: records });
  const memberReasons: Reason[] = [];
  for (const e of v.errors) if (!claimPath.test(e.path)) memberReasons.push(memberReason(e));
  for (const e of v.errors) {
    const m = claimPath.exec(e.path);
    if (!m) continue;
    // A member the file has and still unknown: the plan rejected its record, whose line it names.
    const message = found && e.code === 'YR002' ? requestMessage('YR002', 'rejectedMemberLine', { line: found.line }) : e.message;
    (reasons[Number(m[1])] ??= []).push({ path: m[2]!, code: e.code, message });
  }
  // Stryker disable all: marks spare the record a second check at the end (members.ts), which finds the same
  if (found && record) {
    if (memberReasons.length) ctx.members?.reject(found.entry, memberReasons);
    else ctx.members?.markValid(found.entry);
  }
  // Stryker restore all
  parsed.forEach((c, i) => {
    if (reasons[i] === undefined) return;
    reject(ctx, c.line, idOf(c.value), block.member || undefined, reasons[i]!);
    rejected++;
  });
  const member = v.members.get(block.member);
  // Stryker disable next-line ConditionalExpression: an unknown member has no claim left to settle
  if (!member) return;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: filtering when none was rejected keeps them all
  const claims = rejected > 0 ? v.claims.filter((c) => reasons[c.index] === undefined) : v.claims;
  ctx.sink.lines = parsed;
  settleMember(ctx.settler, member, claims, ctx.year, ctx.sink);
}

/** Batch's sink: each settled claim as a result line, each failed one as a rejected record. */
class BatchSink implements ClaimSink {
  /** The member's parsed claim lines, by the claim's index: a rejected record names its line. */
  // Stryker disable next-line ArrayDeclaration: set for each member before its claims are settled
  lines: readonly { line: number }[] = [];
  /** The record result lines are written from, refilled for every claim. */
  private readonly view: ClaimView;
  constructor(private readonly ctx: BatchContext) {
    this.view = { member: undefined as unknown as RtMember, claim: undefined as unknown as RtClaim, out: ctx.settler.out };
  }
  settled(member: RtMember, claim: RtClaim, out: ClaimOut): void {
    const ctx = this.ctx;
    for (let i = 0; i < out.count; i++) ctx.totals[out.benefit[i]!]! += out.pay[i]!;
    if (ctx.outFormat === 'csv') writeCsvResult(ctx, member.id, claim.id, claim.date);
    else {
      const view = this.view;
      view.member = member;
      view.claim = claim;
      ctx.writeResult(ctx.results, view, 0);
      ctx.results.byte(10);
    }
    ctx.resultCount++;
  }
  failed(member: RtMember, claim: RtClaim, err: RequestError): void {
    const path = err.path.slice(`/claims/${claim.index}`.length);
    reject(this.ctx, this.lines[claim.index]!.line, claim.id, member.id, [{ path, code: err.code, message: err.message }]);
  }
  /** Batch writes no member-year lines: the summary totals benefits across all members. */
  yearEnd(): void {}
}

const idOf = (v: Record<string, unknown>) => (typeof v.id === 'string' ? v.id : undefined);

/** A rejected member record's reason: the path within the record (the one sent is members[0]). */
export const memberReason = (e: RequestError): Reason => ({ path: e.path.replace('/members/0', ''), code: e.code, message: e.message });

// Stryker disable all: a cache of pieces already made; making one again gives the same bytes
function cached(map: Map<string, Buffer>, key: string, make: (s: string) => Buffer): Buffer {
  let b = map.get(key);
  if (!b) {
    b = make(key);
    if (map.size < 10_000) map.set(key, b);
  }
  return b;
}
// Stryker restore all

/** id, member, date, payout, one column per benefit (empty when it did not apply), excluded, reasons. */
function writeCsvResult(ctx: BatchContext, member: string, id: string, date: string): void {
  const w = ctx.results;
  const out = ctx.settler.out;
  w.text(csvField(id));
  w.byte(0x2c);
  w.text(csvField(member));
  w.byte(0x2c);
  w.text(csvField(date));
  w.byte(0x2c);
  w.fen(out.payout);
  const n = ctx.plan.benefits.length;
  for (let b = 0; b < n; b++) {
    w.byte(0x2c);
    // A benefit is settled at most once per claim: its line, if any, is the one naming it.
    for (let i = 0; i < out.count; i++) if (out.benefit[i] === b) w.fen(out.pay[i]!);
  }
  w.byte(0x2c);
  let excludedFen = 0;
  for (const x of out.excluded) excludedFen += x.fen;
  w.fen(excludedFen);
  w.byte(0x2c);
  // Stryker disable EqualityOperator,ConditionalExpression: no reason joins to an empty cell too, more slowly
  if (out.excluded.length === 1) w.bytes(cached(ctx.csvReasons, out.excluded[0]!.reason, (s) => Buffer.from(csvField(s))));
  else if (out.excluded.length > 1) w.text(csvField(out.excluded.map((x) => x.reason).join(' | ')));
  // Stryker restore EqualityOperator,ConditionalExpression
  w.byte(10);
}
