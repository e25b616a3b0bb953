// The database a SQL batch run settles in (spec §34.7): DuckDB embedded, spilling to the run's own
// folder, or a PostgreSQL server, in a schema of the run's own that is dropped afterwards. Both
// give rows as plain values: integers as text, dates as YYYY-MM-DD, booleans, NULL as null.
// Both are loaded when a run asks for them: every other command of the CLI starts without them.
import type { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import type { Row } from '../sql/settle-rows';
import type { Cell } from './sql-load';
import { BatchFileError } from './files';
import { DIALECTS, text } from '../sql/dialect';

export interface Database {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Row[]>;
  /** A table of text columns, filled with the cells. */
  load(table: string, columns: string[], cells: Cell[][]): Promise<void>;
  /** A Parquet file's rows (read by DuckDB, whichever database settles). */
  parquet(path: string): Promise<Row[]>;
  /** Rows of text cells written as a Parquet file, each column cast to its SQL type (by DuckDB). */
  writeParquet(path: string, columns: { name: string; type: string }[], cells: Cell[][]): Promise<void>;
  quote(s: string): string;
  /** A JSON array of text as the dialect's list of text. */
  textList(json: string): string;
  decimal: string;
  close(): Promise<void>;
}

// Names and texts are quoted as the dialects quote them (DuckDB and PostgreSQL alike).
const dq = DIALECTS.duckdb.quote;
const lit = text;

async function duckdb(folder: string): Promise<{ db: DuckDBInstance; c: DuckDBConnection }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { temp_directory: `${folder}/duckdb` });
  return { db, c: await db.connect() };
}

async function appendText(c: DuckDBConnection, table: string, columns: string[], cells: Cell[][]): Promise<void> {
  await c.run(`CREATE TABLE ${table} (${columns.map((x) => `${dq(x)} VARCHAR`).join(', ')})`);
  const a = await c.createAppender(table);
  for (const row of cells) {
    for (const v of row) if (v === null) a.appendNull(); else a.appendVarchar(v);
    a.endRow();
  }
  a.closeSync();
}

let written = 0;

async function writeParquet(c: DuckDBConnection, path: string, columns: { name: string; type: string }[], cells: Cell[][]): Promise<void> {
  const table = `parquet_out_${written++}`;
  await appendText(c, table, columns.map((x) => x.name), cells);
  await c.run(`COPY (SELECT ${columns.map((x) => `CAST(${dq(x.name)} AS ${x.type}) AS ${dq(x.name)}`).join(', ')} FROM ${table}) TO ${lit(path)} (FORMAT PARQUET)`);
  await c.run(`DROP TABLE ${table}`);
}

async function readParquet(c: DuckDBConnection, path: string): Promise<Row[]> {
  try {
    return (await c.runAndReadAll(`SELECT * FROM read_parquet(${lit(path)})`)).getRowObjectsJson() as Row[];
  } catch (e) {
    throw new BatchFileError(`${path}: not a Parquet file DuckDB can read (${(e as Error).message.split('\n')[0]}) / 无法读取的 Parquet 文件`);
  }
}

async function openDuckDb(folder: string): Promise<Database> {
  const { db, c } = await duckdb(folder);
  return {
    run: async (sql) => void (await c.run(sql)),
    rows: async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Row[],
    load: (table, columns, cells) => appendText(c, table, columns, cells),
    parquet: (path) => readParquet(c, path),
    writeParquet: (path, columns, cells) => writeParquet(c, path, columns, cells),
    quote: dq,
    textList: (json) => `CAST(from_json(${json}, '["VARCHAR"]') AS VARCHAR[])`,
    decimal: 'DECIMAL(38, 12)',
    async close() {
      c.closeSync();
      db.closeSync();
    },
  };
}

/** `scratch`: the run's own schema (files loaded into it), dropped afterwards; else the tables as the connection finds them. */
async function openPostgres(url: string | undefined, folder: string, scratch: boolean): Promise<Database> {
  if (!url) throw new BatchFileError('--engine postgres needs --db URL (postgres://user@host:port/database) / 需要 --db 指定数据库');
  const pg = (await import('pg')).default;
  // Dates as the text PostgreSQL writes (YYYY-MM-DD), not as a Date in the local time zone.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format)) };
  const client = new pg.Client({ connectionString: url, types: types as unknown as pg.CustomTypesConfig });
  try {
    await client.connect();
  } catch (e) {
    throw new BatchFileError(`--db: cannot connect (${(e as Error).message}) / 无法连接数据库`);
  }
  const schema = `yibao_run_${process.pid}_${Date.now()}`;
  if (scratch) await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  let side: Awaited<ReturnType<typeof duckdb>> | undefined;
  return {
    run: async (sql) => void (await client.query(sql)),
    rows: async (sql) => (await client.query(sql)).rows as Row[],
    async load(table, columns, cells) {
      await client.query(`CREATE TABLE ${table} (${columns.map((x) => `${dq(x)} TEXT`).join(', ')})`);
      // PostgreSQL takes at most 65,535 parameters a statement.
      const per = Math.max(1, Math.floor(60_000 / columns.length));
      for (let k = 0; k < cells.length; k += per) {
        const chunk = cells.slice(k, k + per);
        const values = chunk.map((row, r) => `(${row.map((_, j) => `$${r * columns.length + j + 1}`).join(', ')})`);
        await client.query(`INSERT INTO ${table} VALUES ${values.join(', ')}`, chunk.flat());
      }
    },
    async parquet(path) {
      side ??= await duckdb(folder);
      return readParquet(side.c, path);
    },
    async writeParquet(path, columns, cells) {
      side ??= await duckdb(folder);
      await writeParquet(side.c, path, columns, cells);
    },
    quote: dq,
    textList: (json) => `ARRAY(SELECT json_array_elements_text(${json}::json))`,
    decimal: 'NUMERIC(38, 12)',
    async close() {
      if (scratch) await client.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      await client.end();
      if (side) {
        side.c.closeSync();
        side.db.closeSync();
      }
    },
  };
}

export const openDatabase = (engine: 'duckdb' | 'postgres', url: string | undefined, folder: string, scratch = true) => (engine === 'duckdb' ? openDuckDb(folder) : openPostgres(url, folder, scratch));
