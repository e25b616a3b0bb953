// The public API: compile a plan once, evaluate many requests. A compiled plan needs neither the
// parser nor the checker at run time.
import { checkPlan, type FrontendResult } from './frontend';
import { compilePlan, type CompiledPlan } from './compile/plan';
import type { FileReader } from './check/index';
import type { Diagnostic } from '../grammar/diagnostic';

export { evaluate, type EvalResult, type ClaimResult, type TraceStep, type EvalOptions } from './runtime/evaluate';
export { premiums, type PremiumResult } from './runtime/premium';
export { requestSchema, resultSchema } from './runtime/schemas';
export { formatDiagnostic, messageOf, hasErrors, CATALOGUE } from './diagnostics';
export { checkPlan, type FrontendResult } from './frontend';
export type { CompiledPlan } from './compile/plan';
export type { FileReader } from './check/index';
export { dataPathProblem, isRefused, csvRecords, csvErrorMessage, type ReadRefused, type CsvRecord, type CsvError } from './check/data';
export type { Diagnostic } from '../grammar/diagnostic';

export interface CompileResult {
  plan?: CompiledPlan;
  diagnostics: Diagnostic[];
}

/** Parses, checks and compiles a plan. `plan` is absent when the plan has errors. */
export function compile(text: string, file = '<plan>', reader?: FileReader): CompileResult {
  const r: FrontendResult = checkPlan(text, file, reader);
  return { plan: r.plan ? compilePlan(r.plan) : undefined, diagnostics: r.diagnostics };
}
export { compilePlan } from './compile/plan';
export { validateRequest, type RequestError, type RequestVocabulary } from './runtime/request';
export { testRequest } from './check/test-records';
export { runPlanTests, type TestOutcome } from './testing/plan-tests';
