// yibao check | eval | test | explain | premium. Exit codes: 0 ok, 1 rejected claims or failed
// tests or plan errors (check), 2 a plan with errors (eval) or bad usage. Never a stack trace.
import { cmdAnalyze } from './analyze';
import { cmdDiff } from './diff';
import { cmdSimulate } from './simulate';
import { cmdSql, tableNames } from './sql';
import type { SqlTables } from '../sql/compile';
import { whyClaim } from '../analysis/why';
import { whyText } from './why';
import { planRequestSchema } from '../runtime/request-schema';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BatchFileError } from '../batch/files';
import { Interrupted, stopActiveRun } from '../batch/guard';
import { runBatch, type BatchOptions } from '../batch/run';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledPlan } from '../compile/plan';
import { formatDiagnostic } from '../ir/diagnostics';
import { PlanDocument } from '../document';
import { CHAIN_FILE_SUFFIX } from '../chain-document';
import { cmdSettle, cmdSettleBatch, loadChain } from './settle';
import { payoutDeadlines } from '../runtime/deadlines';
import { evaluate } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';
import type { Lang } from '../ir/diagnostics';
import { explainClaim } from './explain';
import { readerFor, walk } from '../node/files';
import { loadFile, readJson, type Io } from './input';
import { cmdFund, loadFund } from './fund';
import { FUND_FILE_SUFFIX } from '../fund-document';
import { FLOORS_FILE_SUFFIX } from '../floors-document';
import { cmdAgainst, loadFloors } from './floors';
import { runPlanTests } from '../testing/plan-tests';
import { runCase } from '../testing/conformance';
import { TEST_FILE_SUFFIX, planFileFor, readTestFile, runTestFile } from '../testing/test-file';
import type { TestOutcome } from '../testing/plan-tests';

/** The project folder: the nearest folder above this module (bundled or not) with a package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const ROOT = projectRoot();

const USAGE = `yibao — policy-as-code for Chinese medical insurance

Usage:
  yibao check PLAN...                      diagnostics as code frames; exit 1 on errors
  yibao check PLAN... --against FLOORS [--json]
                                           prove each plan against a region's floors (spec §29); exit 1 if a floor is not met
  yibao eval PLAN REQUEST.json|-           evaluate a request; exit 1 if any claim was rejected, 2 if the plan has errors
  yibao eval PLAN --members FILE --claims FILE [--items FILE] [--out FILE] [--errors FILE] [--workers N] [--quiet]
                                           batch: JSON Lines or CSV (by extension), all cores, summary on stderr
  yibao eval PLAN --engine duckdb|postgres [--db URL] --members FILE --claims FILE [--items FILE] [--out FILE] [--errors FILE]
                                           batch settled by the plan's SQL (spec §34.7): JSON Lines, CSV or Parquet in and out
  yibao eval PLAN --engine postgres --db URL [--members-table T] [--claims-table T] [--items-table T] [--out FILE] [--errors FILE]
                                           the same over tables in the database
  yibao test PATH...                       run plan tests and spec/ conformance cases; last line "N passed, N failed"
  yibao explain PLAN REQUEST.json CLAIM [--why [--json]]
                                           the trace of one claim as text; --why: what limited it and what would change it (spec §32)
  yibao premium PLAN REQUEST.json|-        premiums of the request's members
  yibao ir PLAN                            the plan as data (spec/ir.md), JSON on stdout; exit 2 if the plan has errors
  yibao settle CHAIN BILLS.json|-          settle bills through a chain's layers (spec §26); exit 1 if any bill was rejected, 2 if the chain has errors
  yibao settle CHAIN --members FILE --bills FILE [--out FILE] [--errors FILE] [--years FILE] [--workers N] [--trace] [--quiet]
                                           batch: JSON Lines or CSV (by extension), all cores, summary on stderr
  yibao fund FUNDPLAN DATA.json|- [--report]
                                           a fund plan over its years of data (spec §28): JSON, or a readable report; exit 1 on data errors
  yibao deadlines PLAN PAYMENTS.json|-     payments against the plan's payout deadline in working days (spec §27); exit 1 on errors
  yibao diff OLD NEW | PLAN --dates D1,D2 | PLAN --without TILT [--json] [--html FILE]
                                           what changed and where the payout changes (spec §31); exit 1 if it changes
  yibao simulate PLAN [--reform PLAN2 | --without TILT] (--members FILE --claims FILE | --synthetic N --seed S [--profile FILE]) [--json] [--html FILE]
                                           a population under the plan and a reform: cost, for whom, winners and losers (spec §33)
  yibao sql PLAN [--dialect duckdb|postgres|trino|spark] [--members-table T] [--claims-table T] [--items-table T] [--ddl]
                                           the plan compiled to SQL (spec §34), or with --ddl its input tables; exit 1 naming what is not compiled
  yibao analyze PLAN [--json]              the plan's exact payout functions and proofs over them (spec §30); exit 1 if a property fails
  yibao schema PLAN                        the JSON Schema of a request for this plan: the member fields it reads, its settings, flags and attributes
Options:
  --lang zh|en                             message language (default zh)
  --data-root DIR                          the folder a plan's data files must be in (default: the plan's folder)
  --no-trace                               eval: leave traces out`;


const stdio: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/**
 * Standard output that can no longer be written: a reader that went away ends the run quietly, as
 * Unix tools do (exit 141); a full disk is a message and exit 2. A batch run cleans up first.
 */
function watchStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (stopActiveRun(e.code === 'EPIPE' ? 'EPIPE' : e.code === 'ENOSPC' ? 'ENOSPC' : 'EIO')) return;
    if (e.code !== 'EPIPE') process.stderr.write(`yibao: cannot write standard output (${e.code ?? e.message}) / 无法写入标准输出\n`);
    process.exit(e.code === 'EPIPE' ? 141 : 2);
  });
  process.stderr.on('error', () => {}); // nowhere left to say anything
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  if (io === stdio) watchStdout();
  try {
    return await run(argv, io);
  } catch (e) {
    io.err(`yibao: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

const OPTIONS = {
  lang: { type: 'string' },
  'no-trace': { type: 'boolean' },
  members: { type: 'string' },
  claims: { type: 'string' },
  bills: { type: 'string' },
  years: { type: 'string' },
  trace: { type: 'boolean' },
  items: { type: 'string' },
  out: { type: 'string' },
  errors: { type: 'string' },
  workers: { type: 'string' },
  'data-root': { type: 'string' },
  quiet: { type: 'boolean' },
  report: { type: 'boolean' },
  against: { type: 'string' },
  json: { type: 'boolean' },
  why: { type: 'boolean' },
  reform: { type: 'string' },
  dialect: { type: 'string' },
  engine: { type: 'string' },
  db: { type: 'string' },
  'members-table': { type: 'string' },
  'claims-table': { type: 'string' },
  'items-table': { type: 'string' },
  ddl: { type: 'boolean' },
  synthetic: { type: 'string' },
  seed: { type: 'string' },
  profile: { type: 'string' },
  dates: { type: 'string' },
  without: { type: 'string' },
  html: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const { values: v, positionals } = parsed;
  const lang: Lang = v.lang === undefined || v.lang === 'zh' ? 'zh' : v.lang === 'en' ? 'en' : ('bad' as Lang);
  if (lang !== 'zh' && lang !== 'en') return usage(io, '--lang takes zh or en');
  const [cmd, ...rest] = positionals;
  dataRoot = v['data-root'];
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  switch (cmd) {
    case 'check':
      if (!rest.length) return usage(io, 'check needs a plan');
      if (v.against !== undefined) return cmdAgainst(rest, v.against, lang, !!v.json, io, (p) => loadDocument(p, lang, io));
      return cmdCheck(rest, lang, io);
    case 'eval':
      // Tables in a PostgreSQL database: no files at all.
      if (v.engine === 'postgres' && v.members === undefined && v.claims === undefined && rest.length === 1) {
        const tables = tableNames({ members: v['members-table'], claims: v['claims-table'], items: v['items-table'] }, lang, io);
        if (!tables) return 2;
        return cmdBatch(rest[0]!, { out: v.out, errors: v.errors, quiet: v.quiet, dataRoot }, lang, io, 'postgres', v.db, tables);
      }
      if (v.members !== undefined || v.claims !== undefined) {
        if (rest.length !== 1 || !v.members || !v.claims) return usage(io, 'batch eval needs PLAN --members FILE --claims FILE');
        const workers = workerCount(v.workers);
        if (workers === null) return usage(io, '--workers takes a whole number ≥ 1');
        if (v.engine !== undefined && v.engine !== 'duckdb' && v.engine !== 'postgres') return usage(io, '--engine is duckdb or postgres');
        return cmdBatch(rest[0]!, { members: v.members, claims: v.claims, items: v.items, out: v.out, errors: v.errors, workers, quiet: v.quiet, dataRoot }, lang, io, v.engine as 'duckdb' | 'postgres' | undefined, v.db);
      }
      return rest.length === 2 ? cmdEval(rest[0]!, rest[1]!, lang, !v['no-trace'], io) : usage(io, 'eval needs PLAN and REQUEST');
    case 'test':
      return cmdTest(rest.length ? rest : ['examples', 'spec'], lang, io);
    case 'explain':
      return rest.length === 3 ? cmdExplain(rest[0]!, rest[1]!, rest[2]!, lang, io, { on: !!v.why, json: !!v.json }) : usage(io, 'explain needs PLAN, REQUEST and CLAIM');
    case 'premium':
      return rest.length === 2 ? cmdPremium(rest[0]!, rest[1]!, lang, io) : usage(io, 'premium needs PLAN and REQUEST');
    case 'settle':
      if (v.members !== undefined || v.bills !== undefined) {
        if (rest.length !== 1 || !v.members || !v.bills) return usage(io, 'batch settle needs CHAIN --members FILE --bills FILE');
        const workers = workerCount(v.workers);
        if (workers === null) return usage(io, '--workers takes a whole number ≥ 1');
        return cmdSettleBatch(rest[0]!, { members: v.members, bills: v.bills, out: v.out, errors: v.errors, years: v.years, workers, trace: v.trace, quiet: v.quiet, dataRoot }, lang, io);
      }
      return rest.length === 2 ? cmdSettle(rest[0]!, rest[1]!, lang, !v['no-trace'], io, dataRoot) : usage(io, 'settle needs CHAIN and BILLS');
    case 'fund':
      return rest.length === 2 ? cmdFund(rest[0]!, rest[1]!, lang, !!v.report, io, dataRoot) : usage(io, 'fund needs FUNDPLAN and DATA');
    case 'deadlines':
      return rest.length === 2 ? cmdDeadlines(rest[0]!, rest[1]!, lang, io) : usage(io, 'deadlines needs PLAN and PAYMENTS');
    case 'diff':
      return cmdDiff(rest, { dates: v.dates, without: v.without, json: !!v.json, html: v.html }, lang, io, (p) => loadDocument(p, lang, io));
    case 'simulate':
      return rest.length === 1 ? cmdSimulate(rest[0]!, { reform: v.reform, without: v.without, members: v.members, claims: v.claims, synthetic: v.synthetic, seed: v.seed, profile: v.profile, json: !!v.json, html: v.html }, lang, io, (p) => loadDocument(p, lang, io)) : usage(io, 'simulate needs one PLAN');
    case 'sql':
      return rest.length === 1 ? cmdSql(rest[0]!, { dialect: v.dialect, ddl: v.ddl, tables: { members: v['members-table'], claims: v['claims-table'], items: v['items-table'] } }, lang, io, loadDocument(rest[0]!, lang, io)) : usage(io, 'sql needs one PLAN');
    case 'analyze':
      return rest.length === 1 ? cmdAnalyze(loadDocument(rest[0]!, lang, io), lang, !!v.json, io) : usage(io, 'analyze needs one PLAN');
    case 'schema':
      return rest.length === 1 ? cmdSchema(rest[0]!, lang, io) : usage(io, 'schema needs one PLAN');
    case 'ir':
      return rest.length === 1 ? cmdIr(rest[0]!, lang, io) : usage(io, 'ir needs one PLAN');
    case undefined:
    case 'help':
      io.out(USAGE);
      return cmd ? 0 : 2;
    default:
      return usage(io, `unknown command "${cmd}"`);
  }
}

/** Files of a batch run: members and claims, except for a run over tables in a database. */
type BatchFiles = Omit<BatchOptions, 'planPath' | 'plan' | 'log' | 'members' | 'claims'> & { members?: string; claims?: string };

async function cmdBatch(planPath: string, files: BatchFiles, lang: Lang, io: Io, engine?: 'duckdb' | 'postgres', db?: string, tables?: Partial<SqlTables>): Promise<number> {
  const doc = loadDocument(planPath, lang, io);
  const plan = doc?.compiled;
  if (!plan) return 2;
  try {
    const ir = doc!.lowered!.ir!;
    // The workers compile this document's IR: the plan is not parsed or checked again.
    const s = engine
      ? await (await import('../batch/sql-run')).runSqlBatch({ engine, db, planPath, plan, ir, members: files.members, claims: files.claims, items: files.items, tables, out: files.out, errors: files.errors, log: io.err })
      : await runBatch({ ...files, members: files.members!, claims: files.claims!, planPath, plan, ir, log: io.err });
    return s.rejected > 0 || s.members.rejected > 0 || (s.items?.rejected ?? 0) > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      if (!e.quiet) io.err(`yibao: ${e.message}: ${[files.out, files.errors].filter(Boolean).join(', ') || 'no output file'} left as it was / 输出文件保持原样`);
      return e.exitCode;
    }
    if (e instanceof BatchFileError) {
      io.err(`yibao: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** --workers: absent, a whole number ≥ 1, or null when it is neither. */
function workerCount(flag: string | undefined): number | undefined | null {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

function usage(io: Io, why: string): number {
  io.err(`yibao: ${why}\n\n${USAGE}`);
  return 2;
}

/** --data-root: where every plan's data files must be (default: each plan's own folder). */
let dataRoot: string | undefined;

function loadPlan(path: string, lang: Lang, io: Io): CompiledPlan | undefined {
  return loadDocument(path, lang, io)?.compiled;
}

/** The plan file as a document, its diagnostics printed; undefined when there is no such file. */
function loadDocument(path: string, lang: Lang, io: Io): PlanDocument | undefined {
  return loadFile(path, lang, io, { en: 'plan', zh: '方案' }, (text) => new PlanDocument(text, path, readerFor(path, dataRoot)));
}

const OWN_KIND_WORDS = {
  chain: { zh: ['结算链及各层方案无错误', '结算链有错误'], en: ['the chain and its layers check', 'the chain has errors'] },
  fund: { zh: ['基金方案无错误', '基金方案有错误'], en: ['the fund plan checks', 'the fund plan has errors'] },
  floors: { zh: ['底线无错误', '底线有错误'], en: ['the floors check', 'the floors have errors'] },
} as const;

/** A chain or fund plan file, read as its own kind: whether it checks, and how to say so; undefined for a plan. */
function checkOwnKind(path: string, lang: Lang, io: Io): { ok: boolean; words: (typeof OWN_KIND_WORDS)[keyof typeof OWN_KIND_WORDS] } | undefined {
  if (path.endsWith(CHAIN_FILE_SUFFIX)) return { ok: !!loadChain(path, lang, io, dataRoot)?.plans, words: OWN_KIND_WORDS.chain };
  if (path.endsWith(FUND_FILE_SUFFIX)) return { ok: !!loadFund(path, lang, io)?.ir, words: OWN_KIND_WORDS.fund };
  if (path.endsWith(FLOORS_FILE_SUFFIX)) return { ok: !!loadFloors(path, lang, io)?.ir, words: OWN_KIND_WORDS.floors };
  return undefined;
}

function cmdCheck(paths: string[], lang: Lang, io: Io): number {
  let errors = 0;
  for (const p of paths) {
    const own = checkOwnKind(p, lang, io);
    if (own !== undefined) {
      if (!own.ok) errors++;
      continue;
    }
    if (!p.endsWith(TEST_FILE_SUFFIX)) {
      if (!loadPlan(p, lang, io)) errors++;
      continue;
    }
    // A test file is checked against the plan it belongs to.
    const plan = loadPlan(planFileFor(p), lang, io);
    if (!plan || !existsSync(p)) {
      errors++;
      continue;
    }
    const text = readFileSync(p, 'utf8');
    const r = readTestFile(text, p, plan);
    for (const d of r.diagnostics) io.err(formatDiagnostic(d, text, lang));
    if (r.diagnostics.some((d) => d.severity === 'error')) errors++;
  }
  // One line at the end, so a clean check says so instead of printing nothing.
  const n = paths.length;
  if (lang === 'zh') io.out(errors ? `已检查 ${n} 个文件，其中 ${errors} 个有错误。` : `已检查 ${n} 个文件，没有错误。`);
  else io.out(errors ? `Checked ${n} file${n === 1 ? '' : 's'}: ${errors} with errors.` : `Checked ${n} file${n === 1 ? '' : 's'}: no errors.`);
  return errors ? 1 : 0;
}

function cmdEval(planPath: string, reqPath: string, lang: Lang, trace: boolean, io: Io): number {
  return cmdAnswer(planPath, reqPath, lang, io, (plan, request) => evaluate(plan, request, { trace }));
}

function cmdExplain(planPath: string, reqPath: string, claimId: string, lang: Lang, io: Io, why: { on: boolean; json: boolean }): number {
  const doc = loadDocument(planPath, lang, io);
  const plan = doc?.compiled;
  if (!doc || !plan) return 2;
  const req = readJson(reqPath, lang, io);
  if (!req.ok) return 1;
  const result = evaluate(plan, req.value);
  const claim = result.claims.find((c) => c.id === claimId);
  if (!claim) {
    const err = result.errors.find((e) => e.claim === claimId);
    io.err(err ? `${claimId}: ${err.path}: ${err.message}` : lang === 'zh' ? `请求中没有理赔 ${claimId}` : `no claim ${claimId} in the request`);
    return 1;
  }
  if (!why.on) {
    io.out(explainClaim(claim, planPath, lang));
    return 0;
  }
  const report = whyClaim(doc.lowered!.ir!, plan, req.value, claimId);
  if ('error' in report) {
    io.err(report.error[lang]);
    return 1;
  }
  io.out(why.json ? JSON.stringify(report, null, 2) : `${explainClaim(claim, planPath, lang)}\n${whyText(report, lang)}`);
  return 0;
}

/**
 * A command that answers a request file with one JSON document: the plan (exit 2 when it has
 * errors), the request (exit 1 when unreadable), then the answer (exit 1 when it holds errors).
 */
function cmdAnswer(planPath: string, reqPath: string, lang: Lang, io: Io, answer: (plan: CompiledPlan, request: unknown) => { errors: unknown[] }): number {
  const plan = loadPlan(planPath, lang, io);
  if (!plan) return 2;
  const req = readJson(reqPath, lang, io);
  if (!req.ok) return 1;
  const r = answer(plan, req.value);
  io.out(JSON.stringify(r, null, 2));
  return r.errors.length ? 1 : 0;
}

function cmdPremium(planPath: string, reqPath: string, lang: Lang, io: Io): number {
  return cmdAnswer(planPath, reqPath, lang, io, (plan, request) => {
    const r = premiums(plan, request);
    return { members: r.members.map(({ id, premium, rule }) => ({ id, premium, rule })), errors: r.errors };
  });
}

const cmdDeadlines = (planPath: string, reqPath: string, lang: Lang, io: Io): number => cmdAnswer(planPath, reqPath, lang, io, payoutDeadlines);

/** The checked plan lowered to its IR, as pretty JSON; a plan with errors prints its diagnostics (exit 2). */
function cmdIr(planPath: string, lang: Lang, io: Io): number {
  const doc = loadDocument(planPath, lang, io);
  const r = doc?.lowered;
  if (!doc || !r) return 2;
  for (const d of r.diagnostics) io.err(formatDiagnostic(d, doc.text, lang));
  io.out(JSON.stringify(r.ir, null, 2));
  return 0;
}

function cmdSchema(planPath: string, lang: Lang, io: Io): number {
  const plan = loadPlan(planPath, lang, io);
  if (!plan) return 2;
  io.out(JSON.stringify(planRequestSchema(plan), null, 2));
  return 0;
}

function cmdTest(paths: string[], lang: Lang, io: Io): number {
  let passed = 0;
  let failed = 0;
  const schemaPath = join(ROOT, 'spec', 'schemas', 'conformance-case.schema.json');
  const schema = existsSync(schemaPath) ? (JSON.parse(readFileSync(schemaPath, 'utf8')) as object) : undefined;
  for (const root of paths) {
    if (!existsSync(root)) {
      io.err(`yibao: no such path ${root}`);
      failed++;
      continue;
    }
    const files = walk(root, (n) => n.endsWith('.yibao') || n.endsWith('.case.json'));
    const cases = new Set(files.filter((f) => f.endsWith('.case.json')).map((f) => f.slice(0, -'.case.json'.length)));
    for (const f of files) {
      if (f.endsWith('.case.json')) {
        const base = f.slice(0, -'.case.json'.length);
        const planFile = `${base}.yibao`;
        const name = relative(process.cwd(), base);
        if (!existsSync(planFile)) {
          io.out(`✗ ${name}: no plan ${basename(planFile)}`);
          failed++;
          continue;
        }
        let caseJson: unknown;
        try {
          caseJson = JSON.parse(readFileSync(f, 'utf8'));
        } catch (e) {
          io.out(`✗ ${name}: ${(e as Error).message}`);
          failed++;
          continue;
        }
        const r = runCase(planFile, readFileSync(planFile, 'utf8'), caseJson, readerFor(planFile, dataRoot), schema);
        if (r.passed) passed++;
        else failed++;
        io.out(r.passed ? `✓ ${name}` : `✗ ${name}\n    ${r.failures.join('\n    ')}`);
        continue;
      }
      if (cases.has(f.slice(0, -'.yibao'.length))) continue;
      const own = checkOwnKind(f, lang, io);
      if (own) {
        // Chains and fund plans hold no tests of their own yet: one passes when it checks.
        if (own.ok) passed++;
        else failed++;
        io.out(`${own.ok ? '✓' : '✗'} ${f} › ${own.words[lang][own.ok ? 0 : 1]}`);
        continue;
      }
      const isTestFile = f.endsWith(TEST_FILE_SUFFIX);
      const planPath = isTestFile ? planFileFor(f) : f;
      const plan = loadPlan(planPath, lang, io);
      if (!plan) {
        io.out(`✗ ${f}: ${lang === 'zh' ? '方案有错误' : 'the plan has errors'}`);
        failed++;
        continue;
      }
      let outcomes: TestOutcome[];
      if (isTestFile) {
        const text = readFileSync(f, 'utf8');
        const r = runTestFile(text, f, plan);
        for (const d of r.diagnostics) io.err(formatDiagnostic(d, text, lang));
        if (r.diagnostics.some((d) => d.severity === 'error')) {
          io.out(`✗ ${f}: ${lang === 'zh' ? '测试文件有错误' : 'the test file has errors'}`);
          failed++;
          continue;
        }
        outcomes = r.outcomes;
      } else outcomes = runPlanTests(plan);
      for (const t of outcomes) {
        if (t.passed) passed++;
        else failed++;
        io.out(t.passed ? `✓ ${f} › ${t.name}` : `✗ ${f} › ${t.name}\n    ${t.failures.map((x) => `${f}:${x.range.start.line}:${x.range.start.column}: ${x.message}`).join('\n    ')}`);
      }
    }
  }
  io.out(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
