// Settles one member's claims from a batch file: the unit of work of a batch worker. Every input
// line ends as one result line or one error line; nothing is dropped. Results are written as
// bytes straight into the output buffer, the same bytes JSON.stringify would give.
import type { CompiledPlan } from '../compile/plan';
import { benefitYearOf } from '../dates';
import { byDateThenId, claimError } from '../runtime/evaluate';
import { validateRequest, type ScannedClaim } from '../runtime/request';
import { ClaimOut, Settler, type YearState } from '../runtime/settle';
import type { ByteSink } from './bytes';
import { csvCells, csvRecord, parseJsonLine, type Format, type Parsed } from './records';

/** One claim line: already scanned from its bytes, or its text for the general path. */
export interface ClaimLine {
  line: number;
  scanned?: ScannedClaim;
  text?: string;
}

export interface MemberBlock {
  member: string;
  /** The member's record, or undefined when the members file lacks it. */
  record?: Record<string, unknown>;
  lines: ClaimLine[];
}

export interface BatchContext {
  plan: CompiledPlan;
  settler: Settler;
  out: ClaimOut;
  outFormat: Format;
  claimFormat: Format;
  claimHeader?: string[];
  /** Items of CSV claims, by claim id. */
  items?: Map<string, unknown[]>;
  results: ByteSink;
  /** Errors as JSON arrays [line, claim, path, code, message]; see formatError. */
  errors: ByteSink;
  /** Payout per benefit, in fen. */
  totals: number[];
  resultCount: number;
  errorCount: number;
  /** Constant pieces of result lines, as bytes. */
  pieces: ResultPieces;
  /** The year being settled, reused from member to member. */
  year: YearState;
}

export function batchContext(plan: CompiledPlan, o: { outFormat: Format; claimFormat: Format; claimHeader?: string[]; items?: Map<string, unknown[]>; results: ByteSink; errors: ByteSink }): BatchContext {
  const settler = new Settler(plan);
  return {
    plan, settler, out: new ClaimOut(plan.benefits.length), ...o, year: settler.newYear(),
    totals: plan.benefits.map(() => 0), resultCount: 0, errorCount: 0, pieces: resultPieces(plan),
  };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function resultHeader(plan: CompiledPlan): string {
  return ['id', 'member', 'date', 'payout', ...plan.benefits.map((b) => b.name), 'excluded', 'excludedReasons'].map(csvCell).join(',');
}

export const ERROR_HEADER = 'line,claim,path,code,message';

/** An error line of the errors file, in its format. */
export function formatError(format: Format, line: number, claim: string | undefined | null, path: string, code: string, message: string): string {
  if (format === 'csv') return [String(line), claim ?? '', path, code, message].map(csvCell).join(',');
  return JSON.stringify({ line, ...(claim != null ? { claim } : {}), path, code, message });
}

function error(ctx: BatchContext, line: number, claim: string | undefined, path: string, code: string, message: string): void {
  ctx.errors.text(JSON.stringify([line, claim ?? null, path, code, message]));
  ctx.errors.byte(10);
  ctx.errorCount++;
}

function parse(ctx: BatchContext, l: ClaimLine): Parsed {
  if (l.scanned) return { ok: true, value: l.scanned as unknown as Record<string, unknown> };
  if (ctx.claimFormat === 'jsonl') return parseJsonLine(l.text!);
  const p = csvRecord(ctx.claimHeader ?? [], csvCells(l.text!), 'claim');
  if (p.ok && ctx.items && typeof p.value.id === 'string') {
    const items = ctx.items.get(p.value.id);
    if (items) p.value.items = items;
  }
  return p;
}

export function settleBlock(ctx: BatchContext, block: MemberBlock): void {
  const parsed: { line: number; value: Record<string, unknown> }[] = [];
  for (const l of block.lines) {
    const p = parse(ctx, l);
    if (!p.ok) error(ctx, l.line, undefined, '', 'YR001', p.message);
    else parsed.push({ line: l.line, value: p.value });
  }
  if (!block.record) {
    for (const c of parsed) error(ctx, c.line, idOf(c.value), '/member', 'YR002', `unknown member "${block.member}" / 未知参保人`);
    return;
  }
  const v = validateRequest(ctx.plan, { members: [block.record], claims: parsed.map((c) => c.value) });
  for (const e of v.errors) {
    const m = /^\/claims\/(\d+)(.*)$/.exec(e.path);
    const rec = m ? parsed[Number(m[1])] : undefined;
    if (rec) error(ctx, rec.line, e.claim, m![2] || '', e.code, e.message);
    else for (const c of parsed) error(ctx, c.line, idOf(c.value), `/member${e.path.replace(/^\/members\/\d+/, '')}`, e.code, `member ${block.member}: ${e.message}`);
  }
  const member = v.members.get(block.member);
  if (!member) return;
  const claims = v.claims.length > 1 ? v.claims.sort(byDateThenId) : v.claims;
  let year = -1;
  const state = ctx.year;
  const memberJson = ctx.outFormat === 'jsonl' ? jsonBytes(member.id) : undefined;
  for (const claim of claims) {
    const y = benefitYearOf(claim.day);
    if (y !== year) {
      state.slots.fill(0);
      year = y;
    }
    try {
      ctx.settler.settle(member, claim, y, state, ctx.out);
    } catch (e) {
      const err = claimError(e, claim);
      error(ctx, parsed[claim.index]!.line, claim.id, err.path.replace(/^\/claims\/\d+/, ''), err.code, err.message);
      continue;
    }
    if (ctx.outFormat === 'csv') writeCsvResult(ctx, member.id, claim.id, claim.date);
    else writeJsonResult(ctx, memberJson!, claim.id, claim.date);
    ctx.resultCount++;
  }
}

const idOf = (v: Record<string, unknown>) => (typeof v.id === 'string' ? v.id : undefined);

interface ResultPieces {
  /** `{"id":` … `,"member":` … `,"date":"` … `","payout":"` … `","benefits":[` */
  id: Buffer;
  member: Buffer;
  date: Buffer;
  payout: Buffer;
  benefits: Buffer;
  /** Per benefit: `{"name":"R1","eligible":"` */
  name: Buffer[];
  deductible: Buffer;
  benefitPayout: Buffer;
  benefitEnd: Buffer;
  excluded: Buffer;
  reason: Buffer;
  amount: Buffer;
  item: Buffer;
  end: Buffer;
  /** JSON of the plan's exclusion reasons, by reason. */
  reasons: Map<string, Buffer>;
  /** CSV cells of the plan's exclusion reasons, by reason. */
  csvReasons: Map<string, Buffer>;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const jsonBytes = (s: string) => utf8(JSON.stringify(s));

function resultPieces(plan: CompiledPlan): ResultPieces {
  return {
    id: utf8('{"id":'),
    member: utf8(',"member":'),
    date: utf8(',"date":'),
    payout: utf8(',"payout":"'),
    benefits: utf8('","benefits":['),
    name: plan.benefits.map((b) => utf8(`{"name":${JSON.stringify(b.name)},"eligible":"`)),
    deductible: utf8('","deductible":"'),
    benefitPayout: utf8('","payout":"'),
    benefitEnd: utf8('"}'),
    excluded: utf8('],"excluded":['),
    reason: utf8('{"reason":'),
    amount: utf8(',"amount":"'),
    item: utf8('","item":'),
    end: utf8(']}\n'),
    reasons: new Map(),
    csvReasons: new Map(),
  };
}

function cached(map: Map<string, Buffer>, key: string, make: (s: string) => Buffer): Buffer {
  let b = map.get(key);
  if (!b) {
    b = make(key);
    if (map.size < 10_000) map.set(key, b);
  }
  return b;
}

/** Exactly JSON.stringify({ id, member, date, payout, benefits, excluded }) and a newline. */
function writeJsonResult(ctx: BatchContext, memberJson: Buffer, id: string, date: string): void {
  const w = ctx.results;
  const p = ctx.pieces;
  const out = ctx.out;
  w.bytes(p.id);
  w.json(id);
  w.bytes(p.member);
  w.bytes(memberJson);
  w.bytes(p.date);
  w.json(date);
  w.bytes(p.payout);
  w.fen(out.payout);
  w.bytes(p.benefits);
  for (let i = 0; i < out.count; i++) {
    const b = out.benefit[i]!;
    ctx.totals[b]! += out.pay[i]!;
    if (i > 0) w.byte(0x2c);
    w.bytes(p.name[b]!);
    w.fen(out.eligible[i]!);
    w.bytes(p.deductible);
    w.fen(out.deductible[i]!);
    w.bytes(p.benefitPayout);
    w.fen(out.pay[i]!);
    w.bytes(p.benefitEnd);
  }
  w.bytes(p.excluded);
  for (let i = 0; i < out.excluded.length; i++) {
    const x = out.excluded[i]!;
    if (i > 0) w.byte(0x2c);
    w.bytes(p.reason);
    w.bytes(cached(p.reasons, x.reason, jsonBytes));
    w.bytes(p.amount);
    w.fen(x.fen);
    if (x.item !== undefined) {
      w.bytes(p.item);
      w.json(x.item);
      w.byte(0x7d);
    } else w.bytes(p.benefitEnd);
  }
  w.bytes(p.end);
}

/** id, member, date, payout, one column per benefit (empty when it did not apply), excluded, reasons. */
function writeCsvResult(ctx: BatchContext, member: string, id: string, date: string): void {
  const w = ctx.results;
  const out = ctx.out;
  w.text(csvCell(id));
  w.byte(0x2c);
  w.text(csvCell(member));
  w.byte(0x2c);
  w.text(csvCell(date));
  w.byte(0x2c);
  w.fen(out.payout);
  const n = ctx.plan.benefits.length;
  for (let b = 0; b < n; b++) {
    w.byte(0x2c);
    // A benefit is settled at most once per claim: its line, if any, is the one naming it.
    for (let i = 0; i < out.count; i++) if (out.benefit[i] === b) w.fen(out.pay[i]!);
  }
  for (let i = 0; i < out.count; i++) ctx.totals[out.benefit[i]!]! += out.pay[i]!;
  w.byte(0x2c);
  let excludedFen = 0;
  for (const x of out.excluded) excludedFen += x.fen;
  w.fen(excludedFen);
  w.byte(0x2c);
  if (out.excluded.length === 1) w.bytes(cached(ctx.pieces.csvReasons, out.excluded[0]!.reason, (s) => utf8(csvCell(s))));
  else if (out.excluded.length > 1) w.text(csvCell(out.excluded.map((x) => x.reason).join(' | ')));
  w.byte(10);
}
