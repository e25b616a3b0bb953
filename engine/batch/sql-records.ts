// A batch input file as request records, each with its line (spec §34.7): JSON Lines and CSV as the
// JS batch reads them (records.ts), and Parquet files in the query's table shape (§34.3), each row
// turned into the record the request would hold. A line that is not a record keeps its fault.
import { readFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import type { PlanIR } from '../ir/plan';
import { csvCells, csvRecord, parseJsonLine } from './records';
import type { Reason } from './members';
import type { Database } from './sql-db';

export interface Line {
  kind: 'member' | 'claim';
  line: number;
  record?: Record<string, unknown>;
  fault?: string;
  /** CSV claims with --items: the reasons of the claim's items rows that could not be read. */
  itemFaults?: Reason[];
}

export async function readRecords(path: string, format: 'jsonl' | 'csv' | 'parquet', kind: Line['kind'], ir: PlanIR, db: Database): Promise<Line[]> {
  if (format === 'parquet') return parquetRecords(path, kind, ir, db);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out: Line[] = [];
  let header: string[] | undefined;
  lines.forEach((raw, i) => {
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (t.trim() === '') return;
    if (format === 'csv' && !header) {
      header = csvCells(t);
      return;
    }
    const p = format === 'csv' ? csvRecord(header!, t, kind) : parseJsonLine(t);
    out.push(p.ok ? { kind, line: i + 1, record: p.value } : { kind, line: i + 1, fault: p.message });
  });
  return out;
}

/** Parquet rows in the tables' shape as request records: the columns of §34.3, attributes by their declared names. */
async function parquetRecords(path: string, kind: Line['kind'], ir: PlanIR, db: Database): Promise<Line[]> {
  const rows = await db.parquet(path);
  const day = (v: unknown) => (v == null ? undefined : String(v).slice(0, 10));
  // A DECIMAL column writes its scale (1234.560000): the request reads the amount, not the zeros.
  const amount = (v: unknown) => (v == null ? undefined : new Decimal(String(v)).toFixed());
  const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map(String) : undefined);
  const attrs = (row: Record<string, unknown>, decls: PlanIR['attributes']) => {
    const a: Record<string, unknown> = {};
    for (const d of decls) {
      const v = row[d.name];
      if (v == null) continue;
      a[d.name] = d.type === 'date' ? day(v) : d.type === 'money' || d.type === 'number' ? new Decimal(String(v)).toFixed() : v;
    }
    return Object.keys(a).length ? a : undefined;
  };
  const clean = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
  if (kind === 'member') {
    return rows.map((r, i) => ({ kind, line: i + 1, record: clean({ id: r.id, birthDate: day(r.birth_date), enrolledSince: day(r.enrolled_since), groups: list(r.groups), attributes: attrs(r, ir.attributes) }) }));
  }
  return rows.map((r, i) => ({
    kind, line: i + 1,
    record: clean({
      id: r.id, member: r.member, date: day(r.date), setting: r.setting, inPolicySelfPay: amount(r.in_policy_self_pay), outOfPolicySelfPay: amount(r.out_of_policy_self_pay),
      overLimitSelfPay: amount(r.over_limit_self_pay), flags: list(r.flags), attributes: attrs(r, ir.claimAttributes),
    }),
  }));
}
