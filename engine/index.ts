// The public API: compile a plan once, evaluate many requests. This file only gathers what each
// stage exports; nothing inside the engine imports it.

export { evaluate, type EvalResult, type ClaimResult, type TraceStep, type EvalOptions } from './runtime/evaluate';
export { setCodeGeneration } from './runtime/claim-code';
export { premiums, type PremiumResult } from './runtime/premium';
export { requestSchema, resultSchema } from './request/schemas';
export { formatDiagnostic, messageOf, hasErrors, CATALOGUE } from './ir/diagnostics';
export { checkPlan, type FrontendResult } from './frontend';
export type { CompiledPlan } from './compile/plan';
export type { FileReader } from './check/index';
export { dataPathProblem, isRefused, csvRecords, csvErrorMessage, type ReadRefused, type CsvRecord, type CsvError } from './check/data';
export type { Diagnostic } from '../grammar/diagnostic';

export { compile, type CompileResult } from './pipeline';
export { compilePlan } from './compile/plan';
export { validateRequest, type RequestError, type RequestVocabulary } from './request/request';
export { testRequest } from './check/test-records';
export { runPlanTests, type TestOutcome } from './testing/plan-tests';

// The plan as data (spec/ir.md): a checked plan lowered to plain JSON, and its schema.
export { lower, type LowerResult } from './lower/index';
export { IR_VERSION, type PlanIR, type IrExpr, type IrBenefit, type IrMoneySlot, type IrRatioSlot, type IrRange } from './ir/plan';
export { planIrSchema } from './ir/plan-schema';
