// Plans compiled to SQL (spec/language.md §34) and run on DuckDB, embedded: on generated claims
// (fractional yuan, half-fen ties, several years, every setting, dates that tie), every claim and
// every benefit agrees with the JS engine to the fen; what the compiler does not handle is refused
// by construct and line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { evaluate } from '../engine/runtime/evaluate';
import { compileSql } from '../engine/sql/compile';
import { formatFen } from '../engine/core/money';

const open = (f: string) => {
  const doc = new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f));
  return { ir: doc.lowered!.ir!, compiled: doc.compiled! };
};
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

type Claim = { id: string; member: string; date: string; setting: string; inPolicySelfPay: string; outOfPolicySelfPay: string; overLimitSelfPay: string; flags?: string[] };

async function runSql(sql: string, members: { id: string }[], claims: Claim[]): Promise<Record<string, Record<string, string>>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('CREATE TABLE members (id VARCHAR, birth_date DATE, enrolled_since DATE)');
  await c.run('CREATE TABLE claims (id VARCHAR, member VARCHAR, date DATE, setting VARCHAR, in_policy_self_pay DECIMAL(18, 2), out_of_policy_self_pay DECIMAL(18, 2), over_limit_self_pay DECIMAL(18, 2), flags VARCHAR[])');
  if (members.length) await c.run(`INSERT INTO members VALUES ${members.map((m) => `(${quote(m.id)}, DATE '1980-01-01', DATE '2010-01-01')`).join(', ')}`);
  // Inserted last first: a query that left ties of date to the table's order would not settle them by claim id.
  if (claims.length) await c.run(`INSERT INTO claims VALUES ${[...claims].reverse().map((x) => `(${quote(x.id)}, ${quote(x.member)}, DATE ${quote(x.date)}, ${quote(x.setting)}, ${x.inPolicySelfPay}, ${x.outOfPolicySelfPay}, ${x.overLimitSelfPay}, ${x.flags ? `[${x.flags.map(quote).join(', ')}]::VARCHAR[]` : 'NULL'})`).join(', ')}`);
  const rows = (await c.runAndReadAll(sql)).getRowObjects();
  const out: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const fen: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (k.endsWith('_fen')) fen[k.slice(0, -4)] = formatFen(Number(v));
    out[String(row.id)] = fen;
  }
  c.closeSync();
  return out;
}

const SETTINGS = ['inpatient', 'outpatient', 'chronic_outpatient', 'pharmacy'];
/** Yuan with up to two decimals, from 0 to 400,000, often round (half-fen ties come from ratios). */
const yuan = fc.oneof(fc.integer({ min: 0, max: 40_000_000 }), fc.integer({ min: 0, max: 4_000 }).map((n) => n * 10_000)).map((fen) => (fen / 100).toFixed(2));
const population = (years: number[]) => fc.array(fc.record({
  // Few dates, so that a member's claims often share one: ties are settled by claim id.
  member: fc.integer({ min: 1, max: 6 }), year: fc.constantFrom(...years), day: fc.constantFrom(1, 2, 28), month: fc.constantFrom(1, 7, 12),
  setting: fc.constantFrom(...SETTINGS), ip: yuan, op: yuan, ol: yuan,
  flags: fc.option(fc.subarray(['work_injury', 'third_party', 'abroad'], { maxLength: 2 }), { nil: undefined, freq: 2 }),
}), { minLength: 1, maxLength: 40 }).map((rows) => rows.map((r, i): Claim => ({
  id: `c${String(i).padStart(2, '0')}`, member: `m${r.member}`, date: `${r.year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`,
  setting: r.setting, inPolicySelfPay: r.ip, outOfPolicySelfPay: r.op, overLimitSelfPay: r.ol, ...(r.flags ? { flags: r.flags } : {}),
})));

const PLANS = [
  'examples/qingdao-dabing.yibao',
  'spec/conformance/good/accumulation-out-of-order.yibao',
  'spec/conformance/good/banded-above-deductible.yibao',
  'spec/conformance/good/banded-on-annual-amount.yibao',
  'spec/conformance/good/banded-on-annual-amount-below-deductible.yibao',
  'spec/conformance/good/chain-layer-full.yibao',
  'spec/conformance/good/own-caps.yibao',
  'spec/conformance/good/per-claim-deductible.yibao',
  'spec/conformance/good/versioned-params.yibao',
  'spec/conformance/good/whole-amount-both-bases.yibao',
  'spec/conformance/good/whole-amount-higher-bands.yibao',
  'spec/conformance/good/year-reset.yibao',
  'spec/conformance/good/claim-exclusions.yibao',
];

describe('DuckDB agrees with the engine on generated claims, every claim and benefit to the fen', () => {
  for (const file of PLANS) {
    it(file, async () => {
      const { ir, compiled } = open(file);
      const q = compileSql(ir);
      if (!('sql' in q)) throw new Error(JSON.stringify(q.refused));
      const from = Number((ir.header.valid?.from ?? '2025').slice(0, 4));
      await fc.assert(fc.asyncProperty(population([from, from + 1]), async (claims) => {
        const members = [...new Set(claims.map((c) => c.member))].map((id) => ({ id, birthDate: '1980-01-01', enrolledSince: '2010-01-01' }));
        const engine = evaluate(compiled, { members, claims }, { trace: false });
        expect(engine.errors).toEqual([]);
        const sql = await runSql(q.sql, members, claims);
        for (const c of engine.claims) {
          const want: Record<string, string> = { payout: c.payout };
          for (const b of ir.benefits) want[b.name] = c.benefits.find((x) => x.name === b.name)?.payout ?? '0.00';
          expect(sql[c.id], `claim ${c.id}`).toEqual(want);
        }
        expect(Object.keys(sql).length).toBe(engine.claims.length);
      }), { numRuns: 25, seed: 15 });
    }, 120_000);
  }
});

describe('what the compiler refuses', () => {
  it('names each construct and its line, and writes no SQL', () => {
    const r = compileSql(open('examples/weihai-2024.yibao').ir);
    expect('refused' in r).toBe(true);
    if (!('refused' in r)) return;
    // Weihai's item exclusion (line 51), its tilt (line 107), its items, its shared outpatient deductible; its claim exclusions by flag compile.
    expect(r.refused.map((x) => `${x.construct.en} @${x.line}`)).toEqual(expect.arrayContaining(['an item exclusion @51', 'a tilt @107', 'a shared deductible @71']));
    for (const x of r.refused) expect(x.line).toBeGreaterThan(0);
  });

  it('from the CLI: the SQL, or the refusals as file:line:column in either language', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/yibao.js', 'sql', ...args], { encoding: 'utf8' });
    const ok = cli('examples/qingdao-dabing.yibao');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
    const refused = cli('examples/weihai-2024.yibao', '--lang', 'en');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('examples/weihai-2024.yibao:107:1: not compiled to SQL yet: a tilt');
    expect(cli('examples/weihai-2024.yibao').stderr).toContain('尚不能编译为 SQL：倾斜');
    expect(cli('examples/qingdao-dabing.yibao', '--dialect', 'oracle').status).toBe(2);
  });
});

/** Amounts a request may leave out: 0. */
const NO_AMOUNTS: Pick<Claim, 'inPolicySelfPay' | 'outOfPolicySelfPay' | 'overLimitSelfPay'> = { inPolicySelfPay: '0', outOfPolicySelfPay: '0', overLimitSelfPay: '0' };

describe('the conformance suite\'s good cases whose plans compile, through DuckDB', () => {
  const dir = 'spec/conformance/good';
  const cases = readdirSync(dir).filter((f) => f.endsWith('.case.json') && !f.includes('.chain.') && !f.includes('.fund.') && !f.includes('.floors.') && !f.includes('.test.'));
  it('give every accepted claim the payout and benefit payouts the case expects', async () => {
    let ran = 0;
    for (const f of cases) {
      const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { request?: { members: { id: string }[]; claims: Claim[] }; expected?: { claims?: { id: string; payout?: string; benefits?: Record<string, string> }[] } };
      const planFile = join(dir, f.replace('.case.json', '.yibao'));
      if (!c.request || !c.expected?.claims || !existsSync(planFile)) continue;
      const { ir, compiled } = open(planFile);
      const q = compileSql(ir);
      if (!('sql' in q)) continue;
      // The claims the engine accepts (request errors are the engine's to report, not the query's).
      const accepted = new Set(evaluate(compiled, c.request, { trace: false }).claims.map((x) => x.id));
      // A repeated id is rejected after its first use: the first is the claim that was accepted.
      const claims = c.request.claims.filter((x, i, all) => accepted.has(x.id) && all.findIndex((y) => y.id === x.id) === i).map((x) => ({ ...NO_AMOUNTS, ...x }));
      const sql = await runSql(q.sql, c.request.members, claims);
      for (const e of c.expected.claims) {
        if (e.payout !== undefined) expect(sql[e.id]?.payout, `${f} ${e.id}`).toBe(e.payout);
        for (const [b, v] of Object.entries(e.benefits ?? {})) expect(sql[e.id]?.[b], `${f} ${e.id} ${b}`).toBe(v);
      }
      ran++;
    }
    // Fourteen cases' plans compile today (spec §34 lists what does not).
    expect(ran).toBeGreaterThanOrEqual(14);
  }, 120_000);
});

describe('Spark SQL and Trino', () => {
  const parser = new Parser();
  it('get queries a maintained SQL parser reads, for every plan that compiles', () => {
    for (const file of PLANS) {
      const { ir } = open(file);
      for (const [dialect, grammar] of [['trino', 'trino'], ['spark', 'hive']] as const) {
        const q = compileSql(ir, dialect);
        if (!('sql' in q)) throw new Error(file);
        // Comments are the dialects' own; the parser reads the statement.
        expect(() => parser.astify(q.sql.replace(/^--.*$/gm, ''), { database: grammar }), `${file} ${dialect}`).not.toThrow();
      }
    }
  });

  it('spell names and integer division as each dialect does', () => {
    const { ir } = open('spec/conformance/good/own-caps.yibao');
    const sql = (d: 'duckdb' | 'trino' | 'spark') => (compileSql(ir, d) as { sql: string }).sql;
    expect(sql('duckdb')).toContain('// 10000)');
    expect(sql('trino')).toContain('/ 10000)');
    expect(sql('spark')).toContain('CAST(FLOOR(CAST(');
    expect(sql('spark')).toContain('`R1_fen`');
    expect(sql('trino')).toContain('"R1_fen"');
  });
});
