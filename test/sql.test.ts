// Plans compiled to SQL (spec/language.md §34) and run on DuckDB, embedded: on generated claims
// (fractional yuan, half-fen ties, several years, every setting, dates that tie), every claim and
// every benefit agrees with the JS engine to the fen; what the compiler does not handle is refused
// by construct and line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { evaluate } from '../engine/runtime/evaluate';
import { compileSql } from '../engine/sql/compile';
import { requests } from './sql-population';
import { enginePayouts, PG_ABSENT, PG_URL, runDuckDb, runPostgres } from './sql-run';

const open = (f: string) => {
  const doc = new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f));
  return { ir: doc.lowered!.ir!, compiled: doc.compiled! };
};

/** Every example plan. */
const EXAMPLES = readdirSync('examples').filter((f) => f.endsWith('.yibao') && !/\.(chain|fund|floors|test)\./.test(f)).map((f) => `examples/${f}`);
/** Plans whose rules reject claims by design (no date step in force, no table row): generated claims would be errors, not payouts. */
const REJECTING = new Set(['no-step-in-force.yibao', 'table-without-row.yibao', 'terms-by-age.yibao']);
/** Every good conformance plan that compiles, each stressing one rule. */
const CONFORMANCE = readdirSync('spec/conformance/good')
  .filter((f) => f.endsWith('.yibao') && !/\.(chain|fund|floors|test)\./.test(f) && !REJECTING.has(f))
  .map((f) => `spec/conformance/good/${f}`)
  .filter((f) => 'sql' in compileSql(open(f).ir));
const SQL_PLANS = [...EXAMPLES, ...CONFORMANCE];

it('compiles every example plan and all but a few conformance plans', () => {
  expect(EXAMPLES.length).toBe(10);
  expect(CONFORMANCE.length).toBeGreaterThanOrEqual(78);
});

describe('DuckDB agrees with the engine on generated requests, every claim and benefit to the fen', () => {
  for (const file of SQL_PLANS) {
    it(file, async () => {
      const { ir, compiled } = open(file);
      const q = compileSql(ir);
      if (!('sql' in q)) throw new Error(JSON.stringify(q.refused));
      await fc.assert(fc.asyncProperty(requests(ir), async (request) => {
        const engine = evaluate(compiled, request, { trace: false });
        expect(engine.errors).toEqual([]);
        const sql = await runDuckDb(ir, q.sql, request);
        expect(sql.errors).toEqual({});
        expect(sql.payouts).toEqual(enginePayouts(ir, engine.claims));
      }), { numRuns: file.startsWith('examples/') ? 25 : 8, seed: 15 });
    }, 120_000);
  }
});

describe.skipIf(!PG_URL)('PostgreSQL agrees with the engine on generated requests, every claim and benefit to the fen', () => {
  for (const file of SQL_PLANS) {
    it(file, async () => {
      const { ir, compiled } = open(file);
      const q = compileSql(ir, 'postgres');
      if (!('sql' in q)) throw new Error(JSON.stringify(q.refused));
      await fc.assert(fc.asyncProperty(requests(ir), async (request) => {
        const engine = evaluate(compiled, request, { trace: false });
        expect(engine.errors).toEqual([]);
        const sql = await runPostgres(ir, q.sql, request);
        expect(sql.errors).toEqual({});
        expect(sql.payouts).toEqual(enginePayouts(ir, engine.claims));
      }), { numRuns: file.startsWith('examples/') ? 15 : 3, seed: 34 });
    }, 120_000);
  }
});
if (PG_ABSENT) console.warn(PG_ABSENT);

describe('what the compiler refuses', () => {
  it('names each construct and its line, and writes no SQL', () => {
    const refused = (f: string) => {
      const r = compileSql(open(f).ir);
      return 'refused' in r ? r.refused.map((x) => `${x.construct.en} @${x.line}:${x.column}`) : [];
    };
    expect(refused('spec/conformance/good/date-durations.yibao')).toEqual(['months added to a date @11:27', 'months added to a date @12:25']);
    expect(refused('spec/conformance/good/division-by-zero.yibao')).toEqual(['a division @4:14']);
    expect(refused('spec/conformance/good/waiting-period-by-date.yibao')).toEqual(['a waiting period that is not a constant number of days @7:1']);
  });

  it('refuses an annual cap or a shared limit that may change within the year, which the closed form would get wrong', () => {
    const plan = (cap: string) => {
      const text = `plan "p" { valid 2025-01-01 to 2025-12-31 }\ndeductible 门诊 = ${cap} per year\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible shared 门诊\n  ratio 50%\n  cap ${cap} per year\n}\n`;
      const doc = new PlanDocument(text, 'p.yibao', readerFor('p.yibao'));
      const r = compileSql(doc.lowered!.ir!);
      return 'refused' in r ? r.refused.map((x) => `${x.construct.en} @${x.line}`) : [];
    };
    // Age changes on the birthday, within the year: a limit read from it is refused.
    expect(plan('if member.age >= 60 then 2000 else 1000')).toEqual(['a shared deductible that may change within a benefit year @2', 'an annual cap that may change within a benefit year @7']);
    // Enrolment years are counted on the year's first day: the same all year.
    expect(plan('if member.enrolledYears >= 3 then 2000 else 1000')).toEqual([]);
    // A claim's amount is another value on every claim.
    expect(plan('if claim.inPolicySelfPay > 5 then 2000 else 1000')).toHaveLength(2);
    // A date step in the middle of a year changes the cap within it; one at the turn of the year does not.
    const dated = (to: string, from: string) => `plan "p" { valid 2025-01-01 to 2026-12-31 }\nparam 限额 {\n  from 2025-01-01 to ${to}: 1000\n  from ${from}: 2000\n}\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n  cap 限额 per year\n}\n`;
    const refused = (text: string) => {
      const r = compileSql(new PlanDocument(text, 'p.yibao', readerFor('p.yibao')).lowered!.ir!);
      return 'refused' in r ? r.refused.map((x) => x.construct.en) : [];
    };
    expect(refused(dated('2025-06-30', '2025-07-01'))).toEqual(['an annual cap that may change within a benefit year']);
    expect(refused(dated('2025-12-31', '2026-01-01'))).toEqual([]);
  });

  it('from the CLI: the SQL, or the refusals as file:line:column in either language', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/yibao.js', 'sql', ...args], { encoding: 'utf8' });
    const ok = cli('examples/weihai-2024.yibao', '--dialect', 'postgres');
    expect(ok.status).toBe(0);
    // Ties of date by claim id in code-point order, whatever the database's collation.
    expect(ok.stdout).toContain('ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
    expect(ok.stdout).toContain('= ANY(');
    const refused = cli('spec/conformance/good/date-durations.yibao', '--lang', 'en');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('spec/conformance/good/date-durations.yibao:11:27: not compiled to SQL yet: months added to a date');
    expect(cli('spec/conformance/good/date-durations.yibao').stderr).toContain('尚不能编译为 SQL：日期加减月数');
    expect(cli('examples/qingdao-dabing.yibao', '--dialect', 'oracle').status).toBe(2);
  });
});

describe('the conformance suite\'s good cases whose plans compile, through DuckDB', () => {
  const dir = 'spec/conformance/good';
  const cases = readdirSync(dir).filter((f) => f.endsWith('.case.json') && !f.includes('.chain.') && !f.includes('.fund.') && !f.includes('.floors.') && !f.includes('.test.'));
  it('give every accepted claim the payout and benefit payouts the case expects', async () => {
    let ran = 0;
    for (const f of cases) {
      const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { request?: { members: Record<string, unknown>[]; claims: (Record<string, unknown> & { id: string })[] }; expected?: { claims?: { id: string; payout?: string; benefits?: Record<string, string> }[] } };
      const planFile = join(dir, f.replace('.case.json', '.yibao'));
      if (!c.request || !c.expected?.claims || !existsSync(planFile)) continue;
      const { ir, compiled } = open(planFile);
      const q = compileSql(ir);
      if (!('sql' in q)) continue;
      // The claims the engine accepts (request errors are the engine's to report, not the query's).
      const accepted = new Set(evaluate(compiled, c.request, { trace: false }).claims.map((x) => x.id));
      // A repeated id is rejected after its first use: the first is the claim that was accepted.
      const claims = c.request.claims.filter((x, i, all) => accepted.has(x.id) && all.findIndex((y) => y.id === x.id) === i);
      const sql = (await runDuckDb(ir, q.sql, { members: c.request.members, claims })).payouts;
      for (const e of c.expected.claims) {
        if (e.payout !== undefined) expect(sql[e.id]?.payout, `${f} ${e.id}`).toBe(e.payout);
        for (const [b, v] of Object.entries(e.benefits ?? {})) expect(sql[e.id]?.[b], `${f} ${e.id} ${b}`).toBe(v);
      }
      ran++;
    }
    // Seventy-two cases' plans compile (spec §34 lists what does not).
    expect(ran).toBeGreaterThanOrEqual(72);
  }, 120_000);
});

describe('claims the engine rejects are errors of the query, with the engine\'s code; the rest are paid as the engine pays them', () => {
  const dir = 'spec/conformance/good';
  const cases = readdirSync(dir).filter((f) => f.endsWith('.case.json') && !/\.(chain|fund|floors|test)\./.test(f));
  it('on every good case whose plan compiles, rejected claims included', async () => {
    let rejected = 0;
    for (const f of cases) {
      const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { request?: { members: Record<string, unknown>[]; claims: (Record<string, unknown> & { id: string })[] } };
      const planFile = join(dir, f.replace('.case.json', '.yibao'));
      if (!c.request || !existsSync(planFile)) continue;
      const { ir, compiled } = open(planFile);
      const q = compileSql(ir);
      if (!('sql' in q)) continue;
      // A table has no order of lines: a repeated claim id (YR003 in a request) is left to the request API.
      // Amounts that are not numbers have no place in a DECIMAL column: the request API rejects them.
      const amount = (v: unknown) => v === undefined || v === null || /^-?\d+(\.\d+)?$/.test(String(v));
      const claims = c.request.claims.filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i && typeof x.id === 'string' && amount(x.inPolicySelfPay) && amount(x.outOfPolicySelfPay) && amount(x.overLimitSelfPay));
      // Malformed members (YR001 on the member record) are the request API's too: the tables are typed.
      const members = c.request.members.filter((m) => typeof m.id === 'string');
      const engine = evaluate(compiled, { members, claims }, { trace: false });
      const sql = await runDuckDb(ir, q.sql, { members, claims });
      const codes = new Map<string, string[]>();
      for (const e of engine.errors) if (e.claim) codes.set(e.claim, [...(codes.get(e.claim) ?? []), e.code]);
      for (const [id, err] of Object.entries(sql.errors)) expect(codes.get(id) ?? [], `${f} ${id}: ${err}`).toContain(err.split('|')[0]);
      expect(Object.keys(sql.errors).sort(), f).toEqual([...codes.keys()].filter((id) => claims.some((x) => x.id === id)).sort());
      expect(sql.payouts, f).toEqual(enginePayouts(ir, engine.claims));
      rejected += Object.keys(sql.errors).length;
    }
    expect(rejected).toBeGreaterThanOrEqual(10);
  }, 120_000);
});

describe('rounding steps coarser than a fen, on DuckDB and PostgreSQL', () => {
  // Each step and mode on a plan with a whole-amount schedule on the part past the deductible, a banded one on the annual amount, and an annual cap.
  const plan = (step: string, mode: string) => `plan "p" { valid 2024-01-01 to 2025-12-31 rounding ${step} ${mode} }
benefit R1 {
  amount claim.inPolicySelfPay
  deductible 1000 per year
  whole-amount above deductible {
    0 .. 5000 : 50%
    5000 .. : 65%
  }
  cap 8万 per year
}
benefit R2 {
  amount claim.outOfPolicySelfPay
  deductible 300 per year
  banded on annual amount {
    0 .. 2万 : 33%
    2万 .. : 47%
  }
}
`;
  for (const [step, mode] of [['10', 'up'], ['1', 'half-even'], ['100', 'down'], ['0.1', 'half-up']] as const) {
    it(`${step} ${mode}`, async () => {
      const doc = new PlanDocument(plan(step, mode), 'p.yibao', readerFor('p.yibao'));
      expect(doc.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
      const ir = doc.lowered!.ir!;
      const duck = compileSql(ir);
      const post = compileSql(ir, 'postgres');
      if (!('sql' in duck) || !('sql' in post)) throw new Error('not compiled');
      await fc.assert(fc.asyncProperty(requests(ir), async (request) => {
        const engine = evaluate(doc.compiled!, request, { trace: false });
        const want = { payouts: enginePayouts(ir, engine.claims), errors: {} };
        expect(await runDuckDb(ir, duck.sql, request)).toEqual(want);
        if (PG_URL) expect(await runPostgres(ir, post.sql, request)).toEqual(want);
      }), { numRuns: 20, seed: 7 });
    }, 120_000);
  }
});

describe('what the engine leaves unevaluated, the query does not reject', () => {
  const settle = async (text: string, request: { members: Record<string, unknown>[]; claims: (Record<string, unknown> & { id: string })[] }) => {
    const doc = new PlanDocument(text, 'p.yibao', readerFor('p.yibao'));
    const ir = doc.lowered!.ir!;
    const q = compileSql(ir);
    if (!('sql' in q)) throw new Error(JSON.stringify(q.refused));
    const engine = evaluate(doc.compiled!, request, { trace: false });
    return { engine, sql: await runDuckDb(ir, q.sql, request), ir };
  };
  const member = { id: 'm', birthDate: '1960-01-01', enrolledSince: '2020-01-01' };

  it('a claim exclusion that needs a flag is not tested on a claim without flags', async () => {
    // 诊断 is missing: testing the rule would fail the claim (YR010), but without flags the engine never tests it.
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\nattribute claim.诊断: text\nexclude claim when claim.诊断 = "美容" and claim.flags has third_party because "x"\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  ratio 50%\n}\n';
    const { engine, sql, ir } = await settle(plan, { members: [member], claims: [{ id: 'c1', member: 'm', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '1000' }] });
    expect(engine.errors).toEqual([]);
    // 1000 × 50% = 500
    expect(sql).toEqual({ payouts: enginePayouts(ir, engine.claims), errors: {} });
    expect(sql.payouts.c1!.payout).toBe('500.00');
  });

  it('a tilt\'s amount is worked out only where the tilt acts: on a benefit that applies, dated in its steps', async () => {
    // 加成 has no value before 2025: a 2024 outpatient claim never tilts the inpatient benefit's ratio.
    const plan = 'plan "p" { valid 2024-01-01 to 2025-12-31 }\nparam 加成 {\n  from 2025-01-01: 10pp\n}\ngroup 全体 = member.age >= 0\nbenefit R1 {\n  for inpatient\n  amount claim.inPolicySelfPay\n  ratio 50%\n}\nbenefit R2 {\n  for outpatient\n  amount claim.inPolicySelfPay\n  ratio 20%\n}\ntilt T for 全体 { R1.ratio + 加成 }\n';
    const { engine, sql, ir } = await settle(plan, { members: [member], claims: [
      { id: 'c1', member: 'm', date: '2024-06-01', setting: 'outpatient', inPolicySelfPay: '1000' },
      { id: 'c2', member: 'm', date: '2024-07-01', setting: 'inpatient', inPolicySelfPay: '1000' },
      { id: 'c3', member: 'm', date: '2025-07-01', setting: 'inpatient', inPolicySelfPay: '1000' },
    ] });
    // c1: 1000 × 20% = 200; c2: the tilt's amount is needed and has no value on 2024-07-01 (YR006); c3: 1000 × (50% + 10%) = 600.
    expect(engine.claims.map((c) => [c.id, c.payout])).toEqual([['c1', '200.00'], ['c3', '600.00']]);
    expect(engine.errors.map((e) => [e.claim, e.code])).toEqual([['c2', 'YR006']]);
    expect(sql.payouts).toEqual(enginePayouts(ir, engine.claims));
    expect(sql.errors).toEqual({ c2: 'YR006|加成' });
  });

  it('refuses a shared deductible that a `first` rule could switch within the year', () => {
    const plan = 'plan "p" { valid 2025-01-01 to 2025-12-31 }\ndeductible 门诊 = 1000 per year\ngroup 老年 = member.age >= 65\ngroup 低保\nbenefit R1 {\n  amount claim.inPolicySelfPay\n  deductible shared 门诊\n  ratio 50%\n}\ntilt A for 老年 { ratio +5pp }\ntilt B for 低保 { deductible waived }\ncombine A, B: first\n';
    const r = compileSql(new PlanDocument(plan, 'p.yibao', readerFor('p.yibao')).lowered!.ir!);
    expect('refused' in r && r.refused.map((x) => x.construct.en)).toEqual(['a shared deductible that may change within a benefit year']);
    // Stacked, the waiver acts whenever its own (listed, all-year) group holds: nothing can switch it.
    expect('sql' in compileSql(new PlanDocument(plan.replace('first', 'stack'), 'p.yibao', readerFor('p.yibao')).lowered!.ir!)).toBe(true);
  });
});

describe('Spark SQL and Trino', () => {
  const parser = new Parser();
  it('get queries a maintained SQL parser reads, for every plan that compiles', () => {
    for (const file of SQL_PLANS) {
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
