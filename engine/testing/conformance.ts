// Runs a conformance case from spec/conformance: a plan plus either expected diagnostics (bad/)
// or a request and its expected payouts, premiums and request errors (good/). A case for
// NAME.test.yibao reads that test file against the plan NAME.yibao beside it. Case files are
// validated against their schema.
import Ajv2020 from 'ajv/dist/2020.js';
import type { Diagnostic } from '../../grammar/diagnostic';
import { compile } from '../pipeline';
import type { CompiledPlan } from '../compile/plan';
import { evaluate } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';
import type { FileReader } from '../check/index';
import { planFileFor, readTestFile, TEST_FILE_SUFFIX } from './test-file';
import { CHAIN_FILE_SUFFIX, ChainDocument } from '../chain-document';
import { isRefused } from '../check/data';
import { settleChain } from '../runtime/chain';
import { payoutDeadlines } from '../runtime/deadlines';
import { compareDiagnostics, compareErrors, diagList, type ExpectedDiag } from './compare';
import { FUND_FILE_SUFFIX } from '../fund-document';
import { runFundCase } from './fund-case';
import { FLOORS_FILE_SUFFIX } from '../floors-document';
import { runFloorsCase } from './floors-case';
import { runAnalysisCase, type AnalysisCaseFile } from './analysis-case';

/** Cases of files that are not plans (chains, fund plans, floors): they settle no request of their own. */
export const isOwnKindCase = (caseFile: string): boolean =>
  [CHAIN_FILE_SUFFIX, FUND_FILE_SUFFIX, FLOORS_FILE_SUFFIX].some((suffix) => caseFile.endsWith(`${suffix.slice(0, -'.yibao'.length)}.case.json`));

export interface CaseOutcome {
  name: string;
  passed: boolean;
  failures: string[];
}

interface ChainExpected {
  bills: { id: string; layers: Record<string, string>; patient: string }[];
  errors?: { bill?: string; layer?: string; path: string; code?: string }[];
}
interface DeadlineExpected {
  payments: { claim: string; due: string; status: string; daysLate?: number; workingDaysLate?: number }[];
  errors?: { claim?: string; path: string; code?: string }[];
}
interface CaseFile {
  description?: string;
  /** An analysis case (spec §30): the verdicts of `yibao analyze`. */
  analysis?: unknown;
  /** A payout-deadline case (spec §27): the payments to judge, and `expected` as DeadlineExpected. */
  payments?: unknown;
  diagnostics?: ExpectedDiag[];
  request?: unknown;
  expected?: {
    claims?: { id: string; payout?: string; benefits?: Record<string, string> }[];
    premiums?: { member: string; premium: string }[];
    errors?: { claim?: string; member?: string; path: string; code?: string }[];
  };
}

/** The diagnostics of a test file read against the plan beside it (NAME.test.yibao → NAME.yibao). */
function testFileDiagnostics(name: string, text: string, reader: FileReader, fail: (m: string) => void): Diagnostic[] | undefined {
  const planName = planFileFor(name).split(/[\\/]/).pop()!;
  const planText = reader(planName);
  if (typeof planText !== 'string') {
    fail(`no plan ${planName} beside the test file`);
    return undefined;
  }
  const compiled = compile(planText, planName, reader);
  if (!compiled.plan) {
    fail(`plan ${planName} has errors: ${compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).join(', ')}`);
    return undefined;
  }
  return readTestFile(text, name, compiled.plan).diagnostics;
}

let validateCase: ((v: unknown) => boolean) & { errors?: unknown } | undefined;

export function runCase(name: string, planText: string, caseJson: unknown, reader: FileReader, schema?: object): CaseOutcome {
  const out: CaseOutcome = { name, passed: true, failures: [] };
  const fail = (m: string) => {
    out.passed = false;
    out.failures.push(m);
  };
  if (schema) {
    validateCase ??= new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    if (!validateCase(caseJson)) {
      fail(`case file does not match its schema: ${JSON.stringify(validateCase.errors)}`);
      return out;
    }
  }
  const c = caseJson as CaseFile;
  if (name.endsWith(CHAIN_FILE_SUFFIX)) {
    runChainCase(name, planText, c, reader, fail);
    return out;
  }
  if (name.endsWith(FUND_FILE_SUFFIX)) {
    runFundCase(name, planText, caseJson as Parameters<typeof runFundCase>[2], fail);
    return out;
  }
  if (name.endsWith(FLOORS_FILE_SUFFIX)) {
    runFloorsCase(name, planText, caseJson as Parameters<typeof runFloorsCase>[2], reader, fail);
    return out;
  }
  if (name.endsWith(TEST_FILE_SUFFIX)) {
    if (!c.diagnostics) {
      fail('a case for a test file lists diagnostics');
      return out;
    }
    const diagnostics = testFileDiagnostics(name, planText, reader, fail);
    if (diagnostics) compareDiagnostics(c.diagnostics, diagnostics, fail);
    return out;
  }
  if ('analysis' in c) {
    runAnalysisCase(name, planText, caseJson as AnalysisCaseFile, reader, fail);
    return out;
  }
  const compiled = compile(planText, name, reader);
  if (c.payments !== undefined && compiled.plan) {
    runDeadlineCase(compiled.plan, c, fail);
    return out;
  }
  if (c.diagnostics) {
    compareDiagnostics(c.diagnostics, compiled.diagnostics, fail);
    return out;
  }
  if (!compiled.plan) {
    fail(`plan has errors: ${diagList(compiled.diagnostics.filter((d) => d.severity === 'error'))}`);
    return out;
  }
  const result = evaluate(compiled.plan, c.request);
  const errors = [...result.errors];
  if (c.expected?.premiums) {
    // Premiums price every valid member; their errors join the evaluation's (the request's own
    // errors, which both report, count once).
    const priced = premiums(compiled.plan, c.request);
    const seen = new Set(errors.map((e) => JSON.stringify([e.claim, e.member, e.path, e.code])));
    for (const e of priced.errors) if (!seen.has(JSON.stringify([e.claim, e.member, e.path, e.code]))) errors.push(e);
    for (const exp of c.expected.premiums) {
      const got = priced.members.find((m) => m.id === exp.member);
      if (!got) fail(`member ${exp.member}: no premium`);
      else if (got.premium !== exp.premium) fail(`member ${exp.member}: premium expected ${exp.premium}, got ${got.premium}`);
    }
  }
  for (const exp of c.expected?.claims ?? []) {
    const got = result.claims.find((r) => r.id === exp.id);
    if (!got) {
      fail(`claim ${exp.id}: no result${errors.length ? ` (errors: ${errors.map((e) => `${e.claim ?? e.member}:${e.path}:${e.message}`).join('; ')})` : ''}`);
      continue;
    }
    if (exp.payout !== undefined && got.payout !== exp.payout) fail(`claim ${exp.id}: payout expected ${exp.payout}, got ${got.payout}`);
    for (const [b, v] of Object.entries(exp.benefits ?? {})) {
      const line = got.benefits.find((x) => x.name === b)?.payout ?? '0.00';
      if (line !== v) fail(`claim ${exp.id} benefit ${b}: expected ${v}, got ${line}`);
    }
  }
  compareErrors(c.expected?.errors ?? [], errors, fail);
  return out;
}

/** A chain case: its diagnostics, or bills settled through it with each layer's payout and the patient's share. */
function runChainCase(name: string, text: string, c: CaseFile, reader: FileReader, fail: (m: string) => void): void {
  const doc = new ChainDocument(text, name, (p) => {
    const t = reader(p);
    return typeof t === 'string' ? { text: t, reader } : { unreadable: isRefused(t) ? { reason: 'outside the folder', reasonZh: '不在文件夹内' } : { reason: 'no such file', reasonZh: '文件不存在' } };
  });
  if (c.diagnostics) return compareDiagnostics(c.diagnostics, doc.diagnostics, fail);
  if (!doc.ir || !doc.plans) return fail(`chain has errors: ${diagList(doc.diagnostics)}`);
  const r = settleChain(doc.ir, doc.plans, c.request, { trace: false });
  const exp = c.expected as unknown as ChainExpected;
  for (const b of exp.bills) {
    const got = r.bills.find((x) => x.id === b.id);
    if (!got) {
      fail(`bill ${b.id}: no result (errors: ${r.errors.map((e) => `${e.bill}:${e.layer ?? ''}:${e.code}`).join('; ')})`);
      continue;
    }
    const layers = Object.fromEntries(got.layers.map((l) => [l.layer, l.payout]));
    if (JSON.stringify(layers) !== JSON.stringify(b.layers)) fail(`bill ${b.id}: layers expected ${JSON.stringify(b.layers)}, got ${JSON.stringify(layers)}`);
    if (got.patient !== b.patient) fail(`bill ${b.id}: patient expected ${b.patient}, got ${got.patient}`);
  }
  compareErrors(exp.errors ?? [], r.errors, fail);
  if (r.bills.length + r.errors.filter((e) => e.bill !== undefined).length !== r.billCount) fail('bills in ≠ bill results + bill errors');
}

/** A payout-deadline case: each payment's due date, status and lateness, and the errors pinned. */
function runDeadlineCase(plan: CompiledPlan, c: CaseFile, fail: (m: string) => void): void {
  const r = payoutDeadlines(plan, c.payments);
  const exp = c.expected as unknown as DeadlineExpected;
  for (const e of exp.payments) {
    const got = r.payments.find((p) => p.claim === e.claim);
    if (!got) fail(`payment ${e.claim}: no line`);
    else {
      const shown = { claim: got.claim, due: got.due, status: got.status, daysLate: got.daysLate, workingDaysLate: got.workingDaysLate };
      const want = { daysLate: undefined, workingDaysLate: undefined, ...e };
      for (const k of Object.keys(want) as (keyof typeof want)[]) if (shown[k] !== want[k]) fail(`payment ${e.claim}: ${k} expected ${want[k]}, got ${shown[k]}`);
    }
  }
  if (r.payments.length !== exp.payments.length) fail(`expected ${exp.payments.length} payment lines, got ${r.payments.length}`);
  compareErrors(exp.errors ?? [], r.errors, fail);
}

