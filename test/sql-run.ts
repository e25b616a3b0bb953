// Running a compiled plan's query on DuckDB (embedded) for the tests: the request's records loaded
// into the input tables (spec §34.3), the query run, each claim's payouts read back as yuan.
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { formatFen } from '../engine/core/money';
import type { PlanIR } from '../engine/ir/plan';
import { inputDdl, requestRows } from '../engine/sql/tables';

export type Payouts = Record<string, Record<string, string>>;
/** What the query answered: each settled claim's payouts, and each rejected claim's code and detail. */
export interface SqlAnswer { payouts: Payouts; errors: Record<string, string> }
type Rec = Record<string, unknown>;

/** Per claim id: `payout` and each benefit's payout, from the query's rows; the rejected apart. */
export function payoutsOf(rows: Record<string, unknown>[], ir: PlanIR): SqlAnswer {
  const out: Payouts = {};
  const errors: Record<string, string> = {};
  for (const row of rows) {
    if (row.error !== null && row.error !== undefined) {
      errors[String(row.id)] = String(row.error);
      continue;
    }
    const fen: Record<string, string> = { payout: formatFen(Number(row.payout_fen)) };
    for (const b of ir.benefits) fen[b.name] = formatFen(Number(row[`${b.name}_fen`]));
    out[String(row.id)] = fen;
  }
  return { payouts: out, errors };
}

export async function runDuckDb(ir: PlanIR, sql: string, request: { members: Rec[]; claims: Rec[] }): Promise<SqlAnswer> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    // Inserted last first: a query that left ties of date to the table's order would not settle them by claim id.
    const reversed = { members: request.members, claims: [...request.claims].reverse() };
    for (const s of [...inputDdl(ir, 'duckdb'), ...requestRows(ir, reversed, 'duckdb')]) await c.run(s);
    return payoutsOf((await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[], ir);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** The engine's payouts in the same shape (benefits that did not apply pay 0.00). */
export function enginePayouts(ir: PlanIR, claims: { id: string; payout: string; benefits: { name: string; payout: string }[] }[]): Payouts {
  const out: Payouts = {};
  for (const c of claims) {
    const want: Record<string, string> = { payout: c.payout };
    for (const b of ir.benefits) want[b.name] = c.benefits.find((x) => x.name === b.name)?.payout ?? '0.00';
    out[c.id] = want;
  }
  return out;
}

/** The PostgreSQL server of this test run (test/postgres-server.ts), or why there is none. */
export const PG_URL = process.env.YIBAO_PG_URL;
export const PG_ABSENT = PG_URL ? undefined : `PostgreSQL is not available (${process.env.YIBAO_PG_ABSENT ?? 'YIBAO_PG_URL is not set'}): the PostgreSQL tests are skipped`;

let schemaCount = 0;

/** Runs the query on the test run's PostgreSQL server, in a schema of its own that is dropped afterwards. */
export async function runPostgres(ir: PlanIR, sql: string, request: { members: Rec[]; claims: Rec[] }): Promise<SqlAnswer> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const schema = `t${process.pid}_${schemaCount++}`;
  try {
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    const reversed = { members: request.members, claims: [...request.claims].reverse() };
    for (const s of [...inputDdl(ir, 'postgres'), ...requestRows(ir, reversed, 'postgres')]) await client.query(s);
    return payoutsOf((await client.query(sql)).rows as Record<string, unknown>[], ir);
  } finally {
    await client.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}
