// `yibao eval --engine duckdb|postgres` (spec §34.7) against the JS batch on the same files: generated
// requests for several plans written as JSON Lines with a few broken lines among them, settled
// both ways; results, rejected records and exit codes are the same bytes, and the summaries the
// same counts and totals. Parquet input gives the same results as JSON Lines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { inputDdl, requestRows } from '../engine/sql/tables';
import { requests } from './sql-population';
import { PG_ABSENT, PG_URL } from './sql-run';

const dir = mkdtempSync(join(tmpdir(), 'yibao-sql-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yibao = (...args: string[]) => spawnSync(process.execPath, ['bin/yibao.js', 'eval', ...args], { encoding: 'utf8' });
const irOf = (f: string) => new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f)).lowered!.ir!;
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
/** The summary without the line that says how the claims were settled. */
const summary = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('yibao: ') && !/^yibao: (streaming|buffered|duckdb|postgres),/.test(l) && !l.includes('sorted by member'));

const PLANS = ['examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/jilin-dabing.yibao', 'examples/shanghai-huhuibao-2021.yibao', 'examples/shaanxi-enterprise.yibao'];

describe('the same files through the JS batch and through DuckDB give the same bytes', () => {
  for (const plan of PLANS) {
    it(plan, () => {
      const ir = irOf(plan);
      const [request] = fc.sample(requests(ir, { minClaims: 50, maxClaims: 60 }), { numRuns: 1, seed: 34 });
      const claims = request!.claims.map((c) => JSON.stringify(c));
      // Broken lines among good ones: not JSON, an unknown member, a day that does not exist, a negative amount.
      claims.splice(3, 0, '{"id": "bad1", "member": ', JSON.stringify({ ...request!.claims[0], id: 'bad2', member: 'nobody' }));
      claims.splice(7, 0, JSON.stringify({ ...request!.claims[1], id: 'bad3', date: '2025-02-30' }), JSON.stringify({ ...request!.claims[2], id: 'bad4', inPolicySelfPay: '-1.00' }));
      const base = join(dir, plan.split('/').pop()!);
      writeFileSync(`${base}.members.jsonl`, jsonl(request!.members));
      writeFileSync(`${base}.claims.jsonl`, claims.join('\n') + '\n');
      const run = (tag: string, ...extra: string[]) => {
        const p = yibao(plan, '--members', `${base}.members.jsonl`, '--claims', `${base}.claims.jsonl`, '--out', `${base}.${tag}.out.jsonl`, '--errors', `${base}.${tag}.errors.jsonl`, '--quiet', ...extra);
        return { status: p.status, stderr: p.stderr, out: readFileSync(`${base}.${tag}.out.jsonl`, 'utf8'), errors: readFileSync(`${base}.${tag}.errors.jsonl`, 'utf8') };
      };
      const js = run('js');
      const duck = run('duckdb', '--engine', 'duckdb');
      expect(js.status).toBe(1);
      expect(duck.status).toBe(js.status);
      expect(duck.out).toBe(js.out);
      expect(duck.errors).toBe(js.errors);
      expect(summary(duck.stderr)).toEqual(summary(js.stderr));
      // At least the four broken lines are rejected, and most claims are paid.
      expect(js.errors.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(4);
      expect(js.out.split('\n').filter(Boolean).length).toBeGreaterThan(20);
      if (PG_URL) {
        const post = run('postgres', '--engine', 'postgres', '--db', PG_URL);
        expect(post.out).toBe(js.out);
        expect(post.errors).toBe(js.errors);
      }
    }, 60_000);
  }
  if (PG_ABSENT) console.warn(PG_ABSENT);
});

describe('Parquet files in the tables\' shape', () => {
  it('give the results JSON Lines give', async () => {
    const plan = 'examples/weihai-2024.yibao';
    const ir = irOf(plan);
    const [request] = fc.sample(requests(ir, { minClaims: 50, maxClaims: 60 }), { numRuns: 1, seed: 35 });
    const base = join(dir, 'parquet');
    writeFileSync(`${base}.members.jsonl`, jsonl(request!.members));
    writeFileSync(`${base}.claims.jsonl`, jsonl(request!.claims.map(({ items: _items, ...c }) => c)));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const s of [...inputDdl(ir, 'duckdb'), ...requestRows(ir, { members: request!.members, claims: request!.claims.map(({ items: _items, ...x }) => x) }, 'duckdb')]) await c.run(s);
    await c.run(`COPY members TO '${base}.members.parquet' (FORMAT PARQUET)`);
    await c.run(`COPY claims TO '${base}.claims.parquet' (FORMAT PARQUET)`);
    c.closeSync();
    const fromJson = yibao(plan, '--engine', 'duckdb', '--members', `${base}.members.jsonl`, '--claims', `${base}.claims.jsonl`, '--quiet');
    const fromParquet = yibao(plan, '--engine', 'duckdb', '--members', `${base}.members.parquet`, '--claims', `${base}.claims.parquet`, '--quiet');
    expect(fromJson.status).toBe(0);
    expect(fromParquet.stdout).toBe(fromJson.stdout);
    expect(fromJson.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(20);
    // Parquet out: the CSV's columns, typed; the same payouts as the JSON Lines results.
    const toParquet = yibao(plan, '--engine', 'duckdb', '--members', `${base}.members.parquet`, '--claims', `${base}.claims.parquet`, '--out', `${base}.results.parquet`, '--quiet');
    expect(toParquet.status).toBe(0);
    const c2 = await db.connect();
    const rows = (await c2.runAndReadAll(`SELECT id, CAST(payout AS VARCHAR) AS payout, CAST(date AS VARCHAR) AS date FROM read_parquet('${base}.results.parquet')`)).getRowObjectsJson();
    c2.closeSync();
    const want = fromJson.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; payout: string; date: string }).map((r) => ({ id: r.id, payout: r.payout, date: r.date }));
    expect(rows).toEqual(want);
  }, 60_000);
});

describe('CSV in and out', () => {
  it('the batch\'s CSV results and errors, with items in a second file, the same bytes from both engines', () => {
    const plan = 'examples/weihai-2024.yibao';
    const m = 'examples/weihai-sample-2025/members.jsonl';
    const base = join(dir, 'csv');
    // CSV claims with a flag column, an unknown member and a negative amount.
    writeFileSync(`${base}.claims.csv`, 'id,member,date,setting,inPolicySelfPay,outOfPolicySelfPay,flags\nc1,a,2025-03-01,inpatient,12000,300,\nc2,b,2025-05-10,inpatient,30000,5000,work_injury\nc3,zz,2025-06-01,inpatient,100,0,\nc4,a,2025-08-20,outpatient,-4,0,\nc5,a,2025-08-21,inpatient,40000.5,200,\n');
    // Items in a second file: a special drug of c1 (R4), a cosmetic item (excluded), a row that cannot be read, a row of no claim.
    writeFileSync(`${base}.items.csv`, 'member,claim,code,amount,class,category\na,c1,WH-TY-01,5000,in,drug\na,c1,X9,300,out,cosmetic\nb,c2,Y1,abc,in,drug\nq,c9,Z1,10,in,drug\n');
    const run = (tag: string, ...extra: string[]) => {
      const p = yibao(plan, '--members', m, '--claims', `${base}.claims.csv`, '--items', `${base}.items.csv`, '--out', `${base}.${tag}.csv`, '--errors', `${base}.${tag}.errors.csv`, ...extra);
      return { status: p.status, out: readFileSync(`${base}.${tag}.csv`, 'utf8'), errors: readFileSync(`${base}.${tag}.errors.csv`, 'utf8'), summary: summary(p.stderr) };
    };
    const js = run('js');
    const duck = run('duckdb', '--engine', 'duckdb');
    expect(js.out.split('\n').length).toBe(4);
    expect(js.summary.some((l) => l.startsWith('yibao: item rows in 4 = attached 3 + rejected 1'))).toBe(true);
    expect(duck).toEqual(js);
  }, 60_000);
});

describe('what --engine refuses', () => {
  it('an unknown engine, --items with JSON Lines claims, a plan that does not compile, postgres without --db', () => {
    const m = 'examples/weihai-sample-2025/members.jsonl';
    const cl = 'examples/weihai-sample-2025/claims.jsonl';
    expect(yibao('examples/weihai-2024.yibao', '--engine', 'oracle', '--members', m, '--claims', cl).status).toBe(2);
    expect(yibao('examples/weihai-2024.yibao', '--engine', 'duckdb', '--items', 'x.csv', '--members', m, '--claims', cl).status).toBe(2);
    const refused = yibao('spec/conformance/good/date-durations.yibao', '--engine', 'duckdb', '--members', m, '--claims', cl);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('months added to a date');
    const noDb = yibao('examples/weihai-2024.yibao', '--engine', 'postgres', '--members', m, '--claims', cl);
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).toContain('--db');
  });
});

describe.skipIf(!PG_URL)('tables in a PostgreSQL database', () => {
  it('settle as the JS batch settles the same records from files', async () => {
    const plan = 'examples/jilin-dabing.yibao';
    const ir = irOf(plan);
    const [request] = fc.sample(requests(ir, { minClaims: 50, maxClaims: 60 }), { numRuns: 1, seed: 36 });
    const base = join(dir, 'tables');
    writeFileSync(`${base}.members.jsonl`, jsonl(request!.members));
    writeFileSync(`${base}.claims.jsonl`, jsonl(request!.claims));
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query('DROP SCHEMA IF EXISTS warehouse CASCADE; CREATE SCHEMA warehouse');
    const tables = { members: 'warehouse.members', claims: 'warehouse.claims', items: 'warehouse.items' };
    for (const s of [...inputDdl(ir, 'postgres', tables), ...requestRows(ir, request!, 'postgres', tables)]) await client.query(s);
    const js = yibao(plan, '--members', `${base}.members.jsonl`, '--claims', `${base}.claims.jsonl`, '--quiet');
    const db = yibao(plan, '--engine', 'postgres', '--db', PG_URL!, '--members-table', tables.members, '--claims-table', tables.claims, '--items-table', tables.items, '--quiet');
    await client.query('DROP SCHEMA warehouse CASCADE');
    await client.end();
    expect(js.status).toBe(0);
    expect(db.status).toBe(0);
    expect(db.stdout).toBe(js.stdout);
    expect(summary(db.stderr)).toEqual(summary(js.stderr));
  }, 60_000);
});

describe('claims settling fails on, found by the query, are the same rejected records', () => {
  for (const name of ['failed-claim-leaves-the-year', 'table-without-row', 'claim-attributes', 'no-step-in-force', 'too-large-to-compute']) {
    it(name, () => {
      const plan = `spec/conformance/good/${name}.yibao`;
      const { request } = JSON.parse(readFileSync(`spec/conformance/good/${name}.case.json`, 'utf8')) as { request: { members: unknown[]; claims: unknown[] } };
      const base = join(dir, name);
      writeFileSync(`${base}.members.jsonl`, jsonl(request.members));
      writeFileSync(`${base}.claims.jsonl`, jsonl(request.claims));
      const run = (...extra: string[]) => yibao(plan, '--members', `${base}.members.jsonl`, '--claims', `${base}.claims.jsonl`, '--quiet', ...extra);
      const js = run();
      const duck = run('--engine', 'duckdb');
      expect(js.status).toBe(1);
      expect(duck.stdout).toBe(js.stdout);
      // Everything on stderr — the rejected records, the counts, the totals — but how the claims were settled.
      const same = (s: string) => s.split('\n').filter((l) => !/^yibao: (streaming|buffered|duckdb|postgres),|^yibao: claims are (not )?sorted/.test(l));
      expect(same(duck.stderr)).toEqual(same(js.stderr));
    }, 60_000);
  }
});
