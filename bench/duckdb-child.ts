// One DuckDB run for the benchmark, in a process of its own so that its peak memory is its own:
// `generate DIR N` writes N synthetic claims of a Weihai year (and their members) as Parquet, and
// as JSON Lines sorted by member for the JS batch; `run DIR` settles the Parquet files with the
// plan's compiled query, writes the results as Parquet and prints the figures as one JSON line;
// `compare DIR` holds those results to the JS batch's (js.jsonl) claim by claim and benefit by benefit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { compileSql } from '../engine/sql/compile';

const [mode, dir, n, formats] = process.argv.slice(2) as [string, string, string?, string?];
const PLAN = 'examples/weihai-2024.yibao';
const db = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'duckdb-spill') });
const c = await db.connect();
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const file = (name: string) => q(join(dir, name));
const started = performance.now();

if (mode === 'generate') {
  const claims = Number(n);
  const members = Math.round(claims / 2.32);
  // Deterministic draws from hash(): settings mostly inpatient, amounts up to 30,000 yuan in fen, a claim in fifty flagged.
  await c.run(`COPY (SELECT 'm' || lpad(CAST(i AS VARCHAR), 9, '0') AS id, DATE '1940-01-01' + CAST(hash(i) % 30000 AS INTEGER) AS birth_date,
    DATE '2016-01-01' + CAST(hash(i * 7) % 3300 AS INTEGER) AS enrolled_since, CAST([] AS VARCHAR[]) AS "groups", hash(i * 3) % 2 = 0 AS "parentsInsured"
    FROM range(${members}) t(i)) TO ${file('members.parquet')} (FORMAT PARQUET)`);
  await c.run(`COPY (SELECT 'c' || lpad(CAST(i AS VARCHAR), 10, '0') AS id, 'm' || lpad(CAST(hash(i) % ${members} AS VARCHAR), 9, '0') AS member,
    DATE '2025-01-01' + CAST(hash(i * 5) % 365 AS INTEGER) AS date,
    CASE hash(i * 11) % 10 WHEN 0 THEN 'outpatient' WHEN 1 THEN 'chronic_outpatient' WHEN 2 THEN 'pharmacy' ELSE 'inpatient' END AS setting,
    CAST(hash(i * 13) % 3000000 AS BIGINT) * 0.01 AS in_policy_self_pay, CAST(hash(i * 17) % 1000000 AS BIGINT) * 0.01 AS out_of_policy_self_pay,
    CAST(0 AS DECIMAL(18, 2)) AS over_limit_self_pay, CASE WHEN hash(i * 19) % 50 = 0 THEN ['work_injury'] ELSE CAST([] AS VARCHAR[]) END AS flags
    FROM range(${claims}) t(i)) TO ${file('claims.parquet')} (FORMAT PARQUET)`);
  await c.run(`COPY (SELECT CAST(NULL AS VARCHAR) AS claim, CAST(NULL AS INTEGER) AS position, CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS class, CAST(NULL AS DECIMAL(18, 2)) AS amount, CAST(NULL AS VARCHAR) AS category WHERE FALSE) TO ${file('items.parquet')} (FORMAT PARQUET)`);
  // The same records in the request's shape for the JS batch, sorted by member (its streaming path).
  if (formats === 'jsonl') await c.run(`COPY (SELECT id, strftime(birth_date, '%Y-%m-%d') AS "birthDate", strftime(enrolled_since, '%Y-%m-%d') AS "enrolledSince", {'parentsInsured': "parentsInsured"} AS attributes
    FROM read_parquet(${file('members.parquet')}) ORDER BY id) TO ${file('members.jsonl')} (FORMAT JSON)`);
  if (formats === 'jsonl') await c.run(`COPY (SELECT id, member, strftime(date, '%Y-%m-%d') AS date, setting, CAST(in_policy_self_pay AS VARCHAR) AS "inPolicySelfPay",
    CAST(out_of_policy_self_pay AS VARCHAR) AS "outOfPolicySelfPay", flags
    FROM read_parquet(${file('claims.parquet')}) ORDER BY member, date, id) TO ${file('claims.jsonl')} (FORMAT JSON)`);
} else if (mode === 'compare') {
  // Claim by claim and benefit by benefit: the query's results against the JS batch's on the same claims.
  const doc = new PlanDocument(readFileSync(PLAN, 'utf8'), PLAN, readerFor(PLAN));
  const fen = (x: string) => `CAST(ROUND(CAST(${x} AS DECIMAL(18, 2)) * 100) AS BIGINT)`;
  const benefits = doc.lowered!.ir!.benefits.map((b) => `COUNT(*) FILTER (WHERE s."${b.name}_fen" <> COALESCE(${fen(`list_filter(j.benefits, x -> x.name = '${b.name}')[1].payout`)}, 0))`);
  const row = (await c.runAndReadAll(`WITH j AS (SELECT * FROM read_json(${file('js.jsonl')}, format = 'newline_delimited', columns = {id: 'VARCHAR', payout: 'VARCHAR', benefits: 'STRUCT(name VARCHAR, payout VARCHAR)[]'}))
    SELECT COUNT(*) AS joined, COUNT(*) FILTER (WHERE s.payout_fen <> ${fen('j.payout')}) AS claims, ${benefits.join(' + ')} AS benefits
    FROM read_parquet(${file('results.parquet')}) s JOIN j ON j.id = s.id`)).getRowObjectsJson()[0]!;
  process.stdout.write(`${JSON.stringify({ joined: Number(row.joined), claimDiffs: Number(row.claims), benefitDiffs: Number(row.benefits) })}\n`);
} else {
  const doc = new PlanDocument(readFileSync(PLAN, 'utf8'), PLAN, readerFor(PLAN));
  const r = compileSql(doc.lowered!.ir!, 'duckdb', { members: `read_parquet(${file('members.parquet')})`, claims: `read_parquet(${file('claims.parquet')})`, items: `read_parquet(${file('items.parquet')})` });
  if (!('sql' in r)) throw new Error('the Weihai plan does not compile to SQL');
  await c.run(`COPY (${r.sql}) TO ${file('results.parquet')} (FORMAT PARQUET)`);
  const wallMs = performance.now() - started;
  const totals = (await c.runAndReadAll(`SELECT COUNT(*) AS n, SUM(payout_fen) AS fen FROM read_parquet(${file('results.parquet')})`)).getRowObjectsJson()[0]!;
  process.stdout.write(`${JSON.stringify({ wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024, results: Number(totals.n), payoutFen: String(totals.fen) })}\n`);
}
c.closeSync();
