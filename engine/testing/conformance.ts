// Runs a conformance case from spec/conformance: a plan plus either expected diagnostics (bad/)
// or a request and its expected payouts (good/). Case files are validated against their schema.
import Ajv2020 from 'ajv/dist/2020.js';
import { compile } from '../pipeline';
import { evaluate } from '../runtime/evaluate';
import type { FileReader } from '../check/index';

export interface CaseOutcome {
  name: string;
  passed: boolean;
  failures: string[];
}

interface ExpectedDiag { code: string; line: number; column: number; severity?: string }
interface CaseFile {
  description?: string;
  diagnostics?: ExpectedDiag[];
  request?: unknown;
  expected?: { claims?: { id: string; payout?: string; benefits?: Record<string, string> }[]; errors?: { claim?: string; member?: string; path: string; code?: string }[] };
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
  const compiled = compile(planText, name, reader);
  if (c.diagnostics) {
    const key = (d: { code: string; line: number; column: number }) => `${d.code}@${d.line}:${d.column}`;
    const actualErrors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => key({ code: d.code, line: d.range.start.line, column: d.range.start.column }));
    const actualAll = new Set(compiled.diagnostics.map((d) => key({ code: d.code, line: d.range.start.line, column: d.range.start.column })));
    const expectedErrors = c.diagnostics.filter((d) => (d.severity ?? 'error') === 'error').map(key);
    for (const e of expectedErrors) if (!actualErrors.includes(e)) fail(`missing diagnostic ${e}; got [${actualErrors.join(', ')}]`);
    for (const a of actualErrors) if (!expectedErrors.includes(a)) fail(`unexpected diagnostic ${a}`);
    for (const w of c.diagnostics.filter((d) => d.severity === 'warning')) if (!actualAll.has(key(w))) fail(`missing warning ${key(w)}`);
    return out;
  }
  if (!compiled.plan) {
    fail(`plan has errors: ${compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`).join(', ')}`);
    return out;
  }
  const result = evaluate(compiled.plan, c.request);
  for (const exp of c.expected?.claims ?? []) {
    const got = result.claims.find((r) => r.id === exp.id);
    if (!got) {
      fail(`claim ${exp.id}: no result${result.errors.length ? ` (errors: ${result.errors.map((e) => `${e.claim ?? e.member}:${e.path}:${e.message}`).join('; ')})` : ''}`);
      continue;
    }
    if (exp.payout !== undefined && got.payout !== exp.payout) fail(`claim ${exp.id}: payout expected ${exp.payout}, got ${got.payout}`);
    for (const [b, v] of Object.entries(exp.benefits ?? {})) {
      const line = got.benefits.find((x) => x.name === b)?.payout ?? '0.00';
      if (line !== v) fail(`claim ${exp.id} benefit ${b}: expected ${v}, got ${line}`);
    }
  }
  const expErrors = c.expected?.errors ?? [];
  for (const e of expErrors) {
    if (!result.errors.some((r) => r.path === e.path && (e.claim === undefined || r.claim === e.claim) && (e.code === undefined || r.code === e.code))) {
      fail(`expected error at ${e.path}${e.claim ? ` (claim ${e.claim})` : ''}; got [${result.errors.map((r) => `${r.claim ?? r.member}:${r.path}`).join(', ')}]`);
    }
  }
  for (const r of result.errors) {
    if (!expErrors.some((e) => e.path === r.path)) fail(`unexpected error ${r.claim ?? r.member ?? ''} ${r.path}: ${r.message}`);
  }
  return out;
}
