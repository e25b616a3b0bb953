// The query's rows (spec §34.3) as the batch's records: a settled claim as the API's claim result
// (runtime/result-fields.ts, without its trace), a rejected one as its code and message. One place
// turns rows into records, whichever database answered.
import { range as toRange } from '../compile/values';
import { formatFen } from '../core/money';
import type { PlanIR } from '../ir/plan';
import { requestMessage, type RequestCode } from '../ir/request-errors';
import { ClaimOut } from '../runtime/outcome';
import { toObject } from '../runtime/result-object';
import { CLAIM_RESULT, type ClaimView } from '../runtime/result-fields';
import type { RtClaim, RtMember } from '../ir/env';

export type Row = Record<string, unknown>;
export interface ExcludedItem { claim: string; code: string; fen: number; rule: number }

const fen = (v: unknown) => Number(v ?? 0);

/** The reason a rejected row gives: the code, the path inside the claim, the message in both languages. */
export function rowReason(error: string, row: Row): { path: string; code: RequestCode; message: string } {
  const [first, ...rest] = error.split('|');
  const code = first as RequestCode;
  const id = String(row.id);
  const member = String(row.member);
  const date = row.date == null ? '' : String(row.date).slice(0, 10);
  switch (code) {
    case 'YR001': {
      const field = rest[0]!;
      const message = field === 'date' || field === 'setting' ? requestMessage('YR001', 'missingField', { field })
        : field.endsWith('/class') ? requestMessage('YR001', 'oneOf', { values: ['in', 'out'] })
          : requestMessage('YR001', field.startsWith('attributes/') ? 'attribute' : 'amount');
      return { path: `/${field}`, code, message };
    }
    case 'YR002': return { path: '/member', code, message: requestMessage('YR002', rest[0] === 'member' ? 'invalidMember' : 'unknownMember', { member }) };
    case 'YR004': return { path: rest[0] === 'in' ? '/inPolicySelfPay' : '/outOfPolicySelfPay', code, message: requestMessage('YR004', rest[3] === 'complete' ? 'default' : 'exceeds', { class: rest[0]!, given: rest[1]!, sum: rest[2]! }) };
    case 'YR006': return { path: '/date', code, message: requestMessage('YR006', 'default', { name: rest[0]!, date }) };
    case 'YR007': return { path: '', code, message: requestMessage('YR007', 'default', { table: rest[0]!, key: rest.slice(1).join('|') }) };
    case 'YR008': return { path: rest[0] === 'setting' ? '/setting' : '/flags', code, message: rest[0] === 'setting' ? requestMessage('YR008', 'unknownSetting', { setting: rest[1]! }) : requestMessage('YR008', 'unknownFlag', { flag: rest[1]! }) };
    case 'YR010': return { path: '', code, message: requestMessage('YR010', 'default', rest[0] === 'claim' ? { claim: id, attribute: rest[1]! } : { member, attribute: rest[1]! }) };
    case 'YR011': return { path: '', code, message: requestMessage('YR011', 'default') };
    case 'YR014': return { path: '/date', code, message: requestMessage('YR014', 'default', { date, member, birthDate: rest[0]! }) };
    case 'YR015': return { path: '', code, message: requestMessage('YR015', 'default', { member, field: rest[0]!, rule: 'the plan', ruleZh: '本方案' }) };
    default: return { path: '', code, message: error };
  }
}

/**
 * A settled row as the API's claim result. `claim` gives the claim's total for an exclusion of the
 * whole claim; without it (rows from tables) the total is the row's `total_fen`.
 */
export function rowResult(ir: PlanIR, row: Row, items: ExcludedItem[], claim?: Pick<RtClaim, 'inFen' | 'outFen' | 'overFen'>): Record<string, unknown> {
  const out = new ClaimOut(ir.benefits.length);
  out.payout = fen(row.payout_fen);
  for (const b of ir.benefits) {
    if (!row[`${b.name}_applies`]) continue;
    const n = out.count++;
    out.benefit[n] = b.index;
    out.eligible[n] = fen(row[`${b.name}_eligible_fen`]);
    out.deductible[n] = fen(row[`${b.name}_deductible_fen`]);
    out.pay[n] = fen(row[`${b.name}_fen`]);
  }
  const by = row.excluded_by;
  if (by !== null && by !== undefined) {
    const k = Number(by);
    const rules = ir.exclusions.filter((x) => x.level === 'claim');
    const total = claim ? claim.inFen + claim.outFen + claim.overFen : fen(row.total_fen);
    if (k === 0) out.excluded.push({ reason: `不在方案有效期内（${ir.header.valid!.from} 至 ${ir.header.valid!.to}）/ outside the plan's period of validity`, fen: total, range: toRange(ir.header.range) });
    else if (k === 1) out.excluded.push({ reason: ir.waiting!.reason, fen: total, range: toRange(ir.waiting!.range) });
    else out.excluded.push({ reason: rules[k - 2]!.reason, fen: total, range: toRange(rules[k - 2]!.range) });
  } else {
    const rules = ir.exclusions.filter((x) => x.level === 'item');
    for (const x of items) out.excluded.push({ reason: rules[x.rule]!.reason, fen: x.fen, item: x.code, range: toRange(rules[x.rule]!.range) });
  }
  const view: ClaimView = { member: { id: String(row.member) } as RtMember, claim: { id: String(row.id), date: String(row.date).slice(0, 10) } as RtClaim, out };
  const obj = toObject(CLAIM_RESULT, view, 0, ir.benefits) as Record<string, unknown>;
  delete obj.trace;
  return obj;
}

/** Payout per benefit, in fen, over settled rows. */
export function addTotals(totals: number[], ir: PlanIR, row: Row): void {
  for (const b of ir.benefits) totals[b.index]! += fen(row[`${b.name}_fen`]);
}

export const formatTotals = (ir: PlanIR, totals: number[]) => Object.fromEntries(ir.benefits.map((b) => [b.name, formatFen(totals[b.index]!)]));
