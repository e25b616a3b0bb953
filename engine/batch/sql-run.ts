// `yibao eval PLAN --engine duckdb|postgres`: a batch run whose claims are settled by the plan's
// compiled query (spec §34.7) instead of the engine's loop. Everything around the settling is the
// batch's own: the files checked and written beside their targets (run-frame.ts), each line read
// and checked as a request record (JSON Lines, CSV, or Parquet rows in the tables' shape), rejected
// records in the errors file, results as the API's claim results in member, date and claim order,
// and the summary. The query answers every claim it is given: a result or an error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledPlan } from '../compile/plan';
import { formatFen } from '../core/money';
import type { RtClaim } from '../ir/env';
import type { PlanIR } from '../ir/plan';
import { requestMessage } from '../ir/request-errors';
import { validateRequest } from '../request/request';
import { compileSql, type SqlDialect, type SqlTables } from '../sql/compile';
import { addTotals, formatTotals, rowReason, rowResult, type ExcludedItem, type Row } from '../sql/settle-rows';
import { ERROR_HEADER, formatRejected, resultHeader } from './block';
import { BatchFileError, type NamedPath } from './files';
import type { Reason } from './members';
import { copyOut } from './output';
import { keyOf, loadItems, unmatchedRows, type ItemsTable } from './items';
import { csvField, formatOf } from './records';
import { rejectedSink } from './rejected';
import { report, type BatchSummary } from './run';
import { inRunFrame } from './run-frame';
import { readRecords, type Line } from './sql-records';
import { claimCells, itemCells, memberCells, STAGING, stagingViews, type Cell } from './sql-load';
import { openDatabase, type Database } from './sql-db';

export interface SqlBatchOptions {
  engine: 'duckdb' | 'postgres';
  /** PostgreSQL: the database's URL. */
  db?: string;
  planPath: string;
  plan: CompiledPlan;
  ir: PlanIR;
  /** Files of records; both absent (PostgreSQL only): the tables named by `tables` in the database. */
  members?: string;
  claims?: string;
  /** Items of CSV claims, as the batch reads them (items.ts). */
  items?: string;
  tables?: Partial<SqlTables>;
  out?: string;
  errors?: string;
  log: (s: string) => void;
}

interface Rejected { file: 'claims' | 'members' | 'items'; line: number; claim?: string; member?: string; reasons: Reason[] }

export async function runSqlBatch(o: SqlBatchOptions): Promise<BatchSummary> {
  const tablesMode = o.members === undefined && o.claims === undefined;
  if (tablesMode && o.engine !== 'postgres') throw new BatchFileError('--engine duckdb needs --members FILE --claims FILE / 需要 --members 与 --claims 文件');
  const q = compileSql(o.ir, o.engine as SqlDialect, tablesMode ? o.tables : {});
  if (!('sql' in q)) throw new BatchFileError(`${o.planPath}: ${q.refused.map((x) => `${x.line}:${x.column} ${x.construct.en}`).join('; ')}: not compiled to SQL (yibao sql ${o.planPath}) / 方案含尚不能编译为 SQL 的构造`);
  if (o.items !== undefined && formatOf2(o.claims ?? '') !== 'csv') throw new BatchFileError('--items goes with CSV claims: JSON Lines claims carry their own items / --items 仅用于 CSV 理赔文件');
  const files: Record<string, string> = tablesMode ? {} : { members: o.members!, claims: o.claims!, ...(o.items !== undefined ? { items: o.items } : {}) };
  const summary = await inRunFrame<BatchSummary>(
    {
      inputs: [{ option: 'PLAN', path: o.planPath }, ...Object.entries(files).map(([k, path]) => ({ option: `--${k}`, path }))],
      ranged: files,
      outputs: [o.out && { option: '--out', path: o.out }, o.errors && { option: '--errors', path: o.errors }].filter((x): x is NamedPath => !!x),
      toStdout: o.out === undefined,
      log: o.log,
    },
    async ({ paths, folder, targets, guard }) => {
      const db = await openDatabase(o.engine, o.db, folder, !tablesMode);
      try {
        let run: Run;
        if (tablesMode) run = { claimsIn: 0, memberLines: Number((await db.rows(`SELECT COUNT(*) AS n FROM ${o.tables?.members ?? 'members'}`))[0]!.n), rejected: [], lineOf: new Map() };
        else {
          const members = await readRecords(paths.members!, formatOf2(o.members!), 'member', o.ir, db);
          const claims = await readRecords(paths.claims!, formatOf2(o.claims!), 'claim', o.ir, db);
          const items = paths.items !== undefined ? attachItems(loadItems(paths.items), claims) : undefined;
          const checked = check(o.plan, members, claims);
          if (items) checked.rejected.push(...items.errors);
          await load(db, o.ir, checked.accepted);
          run = { claimsIn: claims.length, memberLines: members.length, rejected: checked.rejected, items: items?.counts, lineOf: new Map(checked.accepted.claims.map((c) => [c.id, checked.claimLine[c.index]!])), claims: new Map(checked.accepted.claims.map((c) => [c.id, c])) };
        }
        const rows = await db.rows(q.sql);
        const excluded = q.excludedItems ? groupItems(await db.rows(q.excludedItems)) : new Map<string, ExcludedItem[]>();
        const outTarget = targets.find((t) => t.option === '--out');
        const resultsPath = outTarget?.temp ?? join(folder, 'results');
        const s = await settleRows(o, run, rows, excluded, resultsPath, tablesMode, db);
        writeErrors(run.rejected, o.errors ? formatOf(o.errors) : o.out && formatOf2(o.out) === 'csv' ? 'csv' : 'jsonl', targets.find((t) => t.option === '--errors'), o.log);
        if (!outTarget || outTarget.kind === 'stream') await copyOut(resultsPath, outTarget?.path, guard);
        return s;
      } finally {
        await db.close();
      }
    },
  );
  report(o, summary);
  return summary;
}

/** What the rows are read against: the records given, or nothing but the tables. */
interface Run {
  claimsIn: number;
  memberLines: number;
  rejected: Rejected[];
  /** Each accepted claim's line in the claims file (none for tables: the claim's place in the results' order). */
  lineOf: Map<string, number>;
  claims?: Map<string, RtClaim>;
  items?: { rows: number; attached: number; rejected: number };
}

/** The rows as result lines (in the batch's order) and rejected records; the summary. */
async function settleRows(o: SqlBatchOptions, run: Run, rows: Row[], excluded: Map<string, ExcludedItem[]>, resultsPath: string, tablesMode: boolean, db: Database): Promise<BatchSummary> {
  const totals = o.ir.benefits.map(() => 0);
  const outFormat = o.out ? formatOf2(o.out) : 'jsonl';
  const results: string[] = outFormat === 'csv' ? [resultHeader(o.plan)] : [];
  const cells: Cell[][] = [];
  let settled = 0;
  const rejectedMembers = new Set<string>();
  sortRows(rows).forEach((row, k) => {
    const id = String(row.id);
    if (row.error != null) {
      const r = rowReason(String(row.error), row);
      if (String(row.error) === 'YR002|member') rejectedMembers.add(String(row.member));
      run.rejected.push({ file: 'claims', line: run.lineOf.get(id) ?? k + 1, claim: id, member: String(row.member), reasons: [r] });
      return;
    }
    addTotals(totals, o.ir, row);
    const result = rowResult(o.ir, row, excluded.get(id) ?? [], run.claims?.get(id));
    if (outFormat === 'parquet') cells.push(resultCells(result, o.ir));
    else results.push(outFormat === 'csv' ? csvLine(result, o.ir) : JSON.stringify(result));
    settled++;
  });
  if (outFormat === 'parquet') await db.writeParquet(resultsPath, parquetColumns(o.ir), cells);
  else writeFileSync(resultsPath, results.length ? `${results.join('\n')}\n` : '');
  const memberErrors = tablesMode ? rejectedMembers.size : new Set(run.rejected.filter((r) => r.file === 'members').map((r) => r.line)).size;
  const claimsIn = tablesMode ? rows.length : run.claimsIn;
  return {
    claimsIn, results: settled, rejected: run.rejected.filter((r) => r.file === 'claims').length,
    members: { lines: run.memberLines, valid: run.memberLines - memberErrors, rejected: memberErrors },
    path: o.engine, workers: 1, perWorker: [claimsIn], totals: formatTotals(o.ir, totals), seconds: 0,
    ...(run.items ? { items: run.items } : {}),
  };
}

/** The items rows of CSV claims attached to them; the rows no claim of the run names are errors of the items file. */
function attachItems(table: ItemsTable, claims: Line[]): { errors: Rejected[]; counts: { rows: number; attached: number; rejected: number } } {
  const used = new Uint8Array(table.groups.size);
  for (const l of claims) {
    const r = l.record;
    if (!r || typeof r.id !== 'string' || typeof r.member !== 'string') continue;
    const g = table.groups.get(keyOf(r.member, r.id));
    if (!g) continue;
    used[g.index] = 1;
    if (g.items.length) r.items = g.items;
    if (g.bad.length) l.itemFaults = g.bad;
  }
  const errors = unmatchedRows(table, used).map((e): Rejected => ({ file: 'items', ...e }));
  let attached = 0;
  for (const g of table.groups.values()) if (used[g.index]) attached += g.lines.length;
  return { errors, counts: { rows: table.rows, attached, rejected: errors.length } };
}

const formatOf2 = (path: string): 'jsonl' | 'csv' | 'parquet' => (/\.parquet$/i.test(path) ? 'parquet' : formatOf(path));

interface Checked {
  accepted: { members: ReturnType<typeof validateRequest>['members']; claims: RtClaim[] };
  rejected: Rejected[];
  /** The line of each claim record given to the request check, by its index there. */
  claimLine: number[];
}

/** Every record checked as the request API checks it; each fault a rejected record naming its line. */
function check(plan: CompiledPlan, members: Line[], claims: Line[]): Checked {
  const rejected: Rejected[] = [];
  const okMembers = members.filter((l) => l.record);
  const okClaims = claims.filter((l) => l.record);
  const faulty = new Set<number>();
  for (const l of [...members, ...claims]) if (!l.record) rejected.push({ file: l.kind === 'member' ? 'members' : 'claims', line: l.line, reasons: [{ path: '', code: 'YR001', message: l.fault! }] });
  const v = validateRequest(plan, { members: okMembers.map((l) => l.record), claims: okClaims.map((l) => l.record) });
  const byClaim = new Map<number, Reason[]>();
  const byMember = new Map<number, Reason[]>();
  for (const e of v.errors) {
    const m = /^\/(members|claims)\/(\d+)(.*)$/s.exec(e.path);
    if (!m) continue;
    const into = m[1] === 'members' ? byMember : byClaim;
    const i = Number(m[2]);
    const memberLine = m[1] === 'claims' && e.code === 'YR002' ? okMembers.find((l) => l.record!.id === okClaims[i]!.record!.member)?.line : undefined;
    const message = memberLine !== undefined ? requestMessage('YR002', 'rejectedMemberLine', { line: memberLine }) : e.message;
    into.set(i, [...(into.get(i) ?? []), { path: m[3] || '', code: e.code, message }]);
  }
  for (const [i, reasons] of byMember) rejected.push({ file: 'members', line: okMembers[i]!.line, member: str(okMembers[i]!.record!.id), reasons });
  // A claim whose items rows could not be read is rejected with those rows' reasons first (as block.ts does).
  okClaims.forEach((l, i) => {
    if (!l.itemFaults?.length) return;
    byClaim.set(i, [...l.itemFaults, ...(byClaim.get(i) ?? [])]);
    faulty.add(i);
  });
  for (const [i, reasons] of byClaim) rejected.push({ file: 'claims', line: okClaims[i]!.line, claim: str(okClaims[i]!.record!.id), member: str(okClaims[i]!.record!.member), reasons });
  return { accepted: { members: v.members, claims: v.claims.filter((c) => !faulty.has(c.index)) }, rejected, claimLine: okClaims.map((l) => l.line) };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

async function load(db: Database, ir: PlanIR, accepted: Checked['accepted']): Promise<void> {
  const tables: [string, string[], Cell[][]][] = [
    ['members_text', STAGING.members(ir), [...accepted.members.values()].map((m) => memberCells(ir, m))],
    ['claims_text', STAGING.claims(ir), accepted.claims.map((c) => claimCells(ir, c))],
    ['items_text', STAGING.items(), accepted.claims.flatMap(itemCells)],
  ];
  for (const [name, cols, cells] of tables) await db.load(name, cols, cells);
  for (const v of stagingViews(ir, db.quote, db.textList, db.decimal)) await db.run(v);
}

function groupItems(rows: Row[]): Map<string, ExcludedItem[]> {
  const out = new Map<string, ExcludedItem[]>();
  for (const r of rows) {
    const id = String(r.claim);
    out.set(id, [...(out.get(id) ?? []), { claim: id, code: String(r.code), fen: Number(r.fen), rule: Number(r.rule) }]);
  }
  return out;
}

/** Rows in the batch's order: member id, then date, then claim id, as JavaScript compares text. */
function sortRows(rows: Row[]): Row[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => cmp(String(a.member), String(b.member)) || cmp(String(a.date ?? ''), String(b.date ?? '')) || cmp(String(a.id), String(b.id)));
}

/** A result's cells as the batch's CSV line has them (block.ts): a benefit that did not apply has none. */
function resultCells(r: Record<string, unknown>, ir: PlanIR): Cell[] {
  const benefits = r.benefits as { name: string; payout: string }[];
  const excluded = r.excluded as { reason: string; amount: string }[];
  const excludedFen = excluded.reduce((s, x) => s + Math.round(Number(x.amount) * 100), 0);
  return [String(r.id), String(r.member), String(r.date), String(r.payout), ...ir.benefits.map((b) => benefits.find((x) => x.name === b.name)?.payout ?? null), formatFen(excludedFen), excluded.map((x) => x.reason).join(' | ')];
}

const csvLine = (r: Record<string, unknown>, ir: PlanIR) => resultCells(r, ir).map((c) => csvField(c ?? '')).join(',');

/** Parquet results: the CSV's columns, typed (yuan as DECIMAL(18, 2), the date as DATE). */
const parquetColumns = (ir: PlanIR) => [
  { name: 'id', type: 'VARCHAR' }, { name: 'member', type: 'VARCHAR' }, { name: 'date', type: 'DATE' }, { name: 'payout', type: 'DECIMAL(18, 2)' },
  ...ir.benefits.map((b) => ({ name: b.name, type: 'DECIMAL(18, 2)' })), { name: 'excluded', type: 'DECIMAL(18, 2)' }, { name: 'excludedReasons', type: 'VARCHAR' },
];

function writeErrors(rejected: Rejected[], format: 'jsonl' | 'csv', target: Parameters<typeof rejectedSink>[0], log: (s: string) => void): void {
  const out = rejectedSink(target, log);
  try {
    if (format === 'csv' && target) out.emit(ERROR_HEADER);
    // As the batch writes them: claims member by member (each member's in line order), then member lines.
    const order = (r: Rejected) => ['claims', 'members', 'items'].indexOf(r.file);
    const member = (a: Rejected, b: Rejected) => (r(a) < r(b) ? -1 : r(a) > r(b) ? 1 : 0);
    const r = (x: Rejected) => (x.file === 'claims' ? (x.member ?? '') : '');
    for (const x of [...rejected].sort((a, b) => order(a) - order(b) || member(a, b) || a.line - b.line)) out.emit(formatRejected(format, x.file, x.line, x.claim, x.member, x.reasons));
  } finally {
    out.close();
  }
}
