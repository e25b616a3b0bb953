// Settles one member's claims from a batch file: the unit of work of a batch worker. Every input
// line ends as one result line or one error line; nothing is dropped.
import type { CompiledPlan } from '../compile/plan';
import { benefitYearOf } from '../dates';
import { byDateThenId, claimError } from '../runtime/evaluate';
import { formatFen } from '../runtime/money';
import { validateRequest } from '../runtime/request';
import { ClaimOut, Settler, type YearState } from '../runtime/settle';
import { csvCells, csvRecord, parseJsonLine, type Format, type Parsed, type RawLine } from './records';

export interface Block {
  member: string;
  /** The member's record (already parsed), or undefined when the members file lacks it. */
  memberRecord?: Record<string, unknown>;
  claims: RawLine[];
  /** Items of CSV claims, by claim id. */
  items?: Record<string, unknown[]>;
}

export interface BlockResult {
  results: string[];
  errors: string[];
  /** Payout per benefit, in fen. */
  totals: number[];
}

export interface BatchContext {
  plan: CompiledPlan;
  settler: Settler;
  out: ClaimOut;
  outFormat: Format;
  claimFormat: Format;
  claimHeader?: string[];
}

export function batchContext(plan: CompiledPlan, outFormat: Format, claimFormat: Format, claimHeader?: string[]): BatchContext {
  return { plan, settler: new Settler(plan), out: new ClaimOut(plan.benefits.length), outFormat, claimFormat, claimHeader };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function resultHeader(plan: CompiledPlan): string {
  return ['id', 'member', 'date', 'payout', ...plan.benefits.map((b) => b.name), 'excluded', 'excludedReasons'].map(csvCell).join(',');
}

export const ERROR_HEADER = 'line,claim,path,code,message';

function errorLine(ctx: BatchContext, line: number, claim: string | undefined, path: string, code: string, message: string): string {
  if (ctx.outFormat === 'csv') return [String(line), claim ?? '', path, code, message].map(csvCell).join(',');
  return JSON.stringify({ line, ...(claim !== undefined ? { claim } : {}), path, code, message });
}

export function settleBlock(ctx: BatchContext, block: Block): BlockResult {
  const res: BlockResult = { results: [], errors: [], totals: ctx.plan.benefits.map(() => 0) };
  const parsed: { line: number; value: Record<string, unknown> }[] = [];
  for (const raw of block.claims) {
    const p: Parsed = ctx.claimFormat === 'csv' ? csvRecord(ctx.claimHeader ?? [], csvCells(raw.text), 'claim') : parseJsonLine(raw.text);
    if (!p.ok) {
      res.errors.push(errorLine(ctx, raw.line, undefined, '', 'YR001', p.message));
      continue;
    }
    if (block.items && typeof p.value.id === 'string' && block.items[p.value.id]) p.value.items = block.items[p.value.id];
    parsed.push({ line: raw.line, value: p.value });
  }
  if (!block.memberRecord) {
    for (const c of parsed) res.errors.push(errorLine(ctx, c.line, idOf(c.value), '/member', 'YR002', `unknown member "${block.member}" / 未知参保人`));
    return res;
  }
  const v = validateRequest(ctx.plan, { members: [block.memberRecord], claims: parsed.map((c) => c.value) });
  for (const e of v.errors) {
    const m = /^\/claims\/(\d+)(.*)$/.exec(e.path);
    const rec = m ? parsed[Number(m[1])] : undefined;
    if (rec) res.errors.push(errorLine(ctx, rec.line, e.claim, m![2] || '', e.code, e.message));
    else for (const c of parsed) res.errors.push(errorLine(ctx, c.line, idOf(c.value), `/member${e.path.replace(/^\/members\/\d+/, '')}`, e.code, `member ${block.member}: ${e.message}`));
  }
  const member = v.members.get(block.member);
  if (!member) return res;
  const claims = v.claims.sort(byDateThenId);
  let year = -1;
  let state: YearState | undefined;
  for (const claim of claims) {
    const y = benefitYearOf(claim.day);
    if (y !== year || !state) {
      state = ctx.settler.newYear();
      year = y;
    }
    try {
      ctx.settler.settle(member, claim, y, state, ctx.out);
    } catch (e) {
      const err = claimError(e, claim);
      res.errors.push(errorLine(ctx, parsed[claim.index]!.line, claim.id, err.path.replace(/^\/claims\/\d+/, ''), err.code, err.message));
      continue;
    }
    res.results.push(resultLine(ctx, member.id, claim.id, claim.date, res.totals));
  }
  return res;
}

function resultLine(ctx: BatchContext, member: string, id: string, date: string, totals: number[]): string {
  const out = ctx.out;
  const plan = ctx.plan;
  for (let i = 0; i < out.count; i++) totals[out.benefit[i]!]! += out.pay[i]!;
  const excludedFen = out.excluded.reduce((n, x) => n + x.fen, 0);
  if (ctx.outFormat === 'csv') {
    const pays = plan.benefits.map(() => '');
    for (let i = 0; i < out.count; i++) pays[out.benefit[i]!] = formatFen(out.pay[i]!);
    return [id, member, date, formatFen(out.payout), ...pays, formatFen(excludedFen), out.excluded.map((x) => x.reason).join(' | ')].map(csvCell).join(',');
  }
  const benefits = [];
  for (let i = 0; i < out.count; i++) {
    benefits.push({ name: plan.benefits[out.benefit[i]!]!.name, eligible: formatFen(out.eligible[i]!), deductible: formatFen(out.deductible[i]!), payout: formatFen(out.pay[i]!) });
  }
  const excluded = out.excluded.map((x) => ({ reason: x.reason, amount: formatFen(x.fen), ...(x.item !== undefined ? { item: x.item } : {}) }));
  return JSON.stringify({ id, member, date, payout: formatFen(out.payout), benefits, excluded });
}

const idOf = (v: Record<string, unknown>) => (typeof v.id === 'string' ? v.id : undefined);

/** Lines come back joined into one string each way: one cheap copy instead of thousands. */
export interface ChunkReply {
  seq: number;
  results: string;
  resultCount: number;
  errors: string;
  errorCount: number;
  totals: number[];
}

/** Settles a chunk of blocks into one reply. */
export function settleChunk(ctx: BatchContext, seq: number, blocks: Block[]): ChunkReply {
  const results: string[] = [];
  const errors: string[] = [];
  const totals = ctx.plan.benefits.map(() => 0);
  for (const b of blocks) {
    const r = settleBlock(ctx, b);
    for (const x of r.results) results.push(x);
    for (const x of r.errors) errors.push(x);
    r.totals.forEach((t, i) => (totals[i]! += t));
  }
  const joined = (xs: string[]) => (xs.length ? xs.join('\n') + '\n' : '');
  return { seq, results: joined(results), resultCount: results.length, errors: joined(errors), errorCount: errors.length, totals };
}
