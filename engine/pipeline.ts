// The whole pipeline in one call: text → tokens → syntax tree → checked plan (frontend.ts) →
// compiled plan. A compiled plan needs neither the parser nor the checker at run time.
import type { Diagnostic } from '../grammar/diagnostic';
import type { FileReader } from './check/index';
import { compilePlan, type CompiledPlan } from './compile/plan';
import { checkPlan, type FrontendResult } from './frontend';

export interface CompileResult {
  plan?: CompiledPlan;
  diagnostics: Diagnostic[];
}

/** Parses, checks and compiles a plan. `plan` is absent when the plan has errors. */
export function compile(text: string, file = '<plan>', reader?: FileReader): CompileResult {
  const r: FrontendResult = checkPlan(text, file, reader);
  return { plan: r.plan ? compilePlan(r.plan) : undefined, diagnostics: r.diagnostics };
}
