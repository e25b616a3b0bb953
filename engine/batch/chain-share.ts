// One thread's share of a batch of bills through a chain: a run of members (by id) with all their
// bills, settled by the same function the API uses (runtime/chain.ts), so that a result line is
// byte for byte JSON.stringify of the API's bill result. Errors come back numbered by their line
// in the input files, one record per line with all its reasons.
import type { CompiledPlan } from '../compile/plan';
import { parseFen } from '../core/money';
import type { ChainIR } from '../ir/chain';
import { settleChain, type BillResult, type ChainError } from '../runtime/chain';
import { memberOrder, type ChainFile, type ChainInputs, type ChainRejected, type Numbered } from './chain-input';
import { writeText } from './output';
import { csvField, type Format } from './records';

/** A run of members, by id, with all their bills: settled by one call of the chain. */
export interface ChainShare {
  members: Numbered[];
  /** Sorted by member id, then date, then bill id: the order results are written in. */
  bills: Numbered[];
}

export interface ShareOutcome {
  rejected: ChainRejected[];
  settled: number;
  /** Fen: each layer's payouts, the patients' part, and the bills' totals, over the settled bills. */
  paid: number[];
  patient: number;
  total: number;
}

export interface ShareOptions {
  format: Format;
  trace: boolean;
  /** Called with the bills of each piece once it is settled (progress). */
  tick?: (bills: number) => void;
  /** Awaited between pieces: the main thread lets signals be heard there, and stops if one was. */
  between?: () => Promise<void>;
}

/** The header of a CSV results file: one column per layer's payout, between the total and the patient's part. */
export function chainCsvHeader(chain: ChainIR): string {
  return ['id', 'member', 'date', 'total', ...chain.layers.map((l) => l.name), 'patient'].map(csvField).join(',');
}

function csvLine(b: BillResult): string {
  return [b.id, b.member, b.date, b.total, ...b.layers.map((l) => l.payout), b.patient].map(csvField).join(',');
}

/** Sorts bills into the order they are written: member id, then date, then bill id. */
export function billOrder(a: Numbered, b: Numbered): number {
  for (const k of ['member', 'date', 'id'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return a.line - b.line;
}

/** Settles the pieces in turn, writing results and member-years as each is done (the files' descriptors). */
export async function settlePieces(chain: ChainIR, plans: readonly CompiledPlan[], pieces: readonly ChainShare[], o: ShareOptions, results: number, years: number): Promise<ShareOutcome> {
  const out: ShareOutcome = { rejected: [], settled: 0, paid: chain.layers.map(() => 0), patient: 0, total: 0 };
  for (const piece of pieces) {
    const r = settleChain(chain, plans, { members: piece.members.map((m) => m.record), bills: piece.bills.map((b) => b.record) }, { trace: o.trace });
    out.rejected.push(...rejectedLines(r.errors, piece));
    out.settled += r.bills.length;
    let text = '';
    for (const b of r.bills) {
      text += (o.format === 'csv' ? csvLine(b) : JSON.stringify(b)) + '\n';
      b.layers.forEach((l, k) => (out.paid[k]! += parseFen(l.payout)!));
      out.patient += parseFen(b.patient)!;
      out.total += parseFen(b.total)!;
    }
    writeText(results, text);
    writeText(years, r.members.map((m) => JSON.stringify(m) + '\n').join(''));
    o.tick?.(piece.bills.length);
    await o.between?.();
  }
  return out;
}

const AT = /^\/(members|bills)\/(\d+)/;

/** The chain's errors as rejected lines: each error's place in the request turned into its file and line. */
function rejectedLines(errors: ChainError[], share: ChainShare): ChainRejected[] {
  const byLine = new Map<string, ChainRejected>();
  for (const e of errors) {
    const m = AT.exec(e.path);
    // Every error the chain gives names a member or a bill of the request (runtime/chain.ts).
    if (!m) throw new Error(`chain error without a record: ${e.path}`);
    const file = m[1] as ChainFile;
    const rec = (file === 'members' ? share.members : share.bills)[Number(m[2])]!;
    const key = `${file}:${rec.line}`;
    let r = byLine.get(key);
    if (!r) {
      r = { file, line: rec.line, ...(file === 'bills' ? { bill: rec.id } : {}), member: rec.member, reasons: [] };
      byLine.set(key, r);
    }
    r.reasons.push({ path: e.path.slice(m[0].length), code: e.code, message: e.message, ...(e.layer !== undefined ? { layer: e.layer } : {}) });
  }
  return [...byLine.values()];
}

/** Rejected lines in the order the errors file holds them: the members file's first, each file by line. */
export function rejectedOrder(a: ChainRejected, b: ChainRejected): number {
  return a.file !== b.file ? (a.file === 'members' ? -1 : 1) : a.line - b.line;
}

/** Bills a piece holds at least (unless the members run out): big enough that a call costs little. */
export const PIECE_BILLS = 4096;

/** The members in id order, cut into pieces of whole members holding about `size` bills each. */
export function piecesOf(inputs: ChainInputs, size = PIECE_BILLS): ChainShare[] {
  const pieces: ChainShare[] = [];
  let piece: ChainShare = { members: [], bills: [] };
  for (const id of memberOrder(inputs)) {
    const m = inputs.members.get(id);
    if (m) piece.members.push(m);
    const bills = inputs.bills.get(id);
    if (bills) piece.bills.push(...bills.sort(billOrder));
    if (piece.bills.length >= size) {
      pieces.push(piece);
      piece = { members: [], bills: [] };
    }
  }
  if (piece.members.length || piece.bills.length) pieces.push(piece);
  return pieces;
}

/** The pieces dealt to `n` threads as contiguous runs of about equal bills (so output order is id order). */
export function dealPieces(pieces: readonly ChainShare[], n: number): ChainShare[][] {
  const total = pieces.reduce((s, p) => s + p.bills.length + p.members.length, 0);
  const runs: ChainShare[][] = [[]];
  let done = 0;
  for (const p of pieces) {
    // A run is closed once it holds its part of the work; the last takes what is left.
    if (runs.length < n && done >= (total * runs.length) / n && runs[runs.length - 1]!.length) runs.push([]);
    runs[runs.length - 1]!.push(p);
    done += p.bills.length + p.members.length;
  }
  return runs;
}
