// The whole pipeline in one call: text → tokens → syntax tree → checked plan (frontend.ts) →
// plan IR (lower/) → compiled plan (compile/, from the IR alone). A compiled plan needs neither the
// parser nor the checker at run time.
import type { Diagnostic } from '../grammar/diagnostic';
import type { FileReader } from './check/index';
import { compilePlan, type CompiledPlan } from './compile/plan';
import { checkPlan } from './frontend';
import { hasErrors, sortDiagnostics } from './ir/diagnostics';
import { lower } from './lower/index';

export interface CompileResult {
  plan?: CompiledPlan;
  diagnostics: Diagnostic[];
}

/** The checker's diagnostics and lowering's (none for a plan that checked without errors). */
export const allDiagnostics = (checked: Diagnostic[], lowered: Diagnostic[] | undefined): Diagnostic[] =>
  lowered?.length ? sortDiagnostics([...checked, ...lowered]) : checked;

/** Parses, checks, lowers and compiles a plan. `plan` is absent when the plan has errors. */
export function compile(text: string, file = '<plan>', reader?: FileReader): CompileResult {
  const checked = checkPlan(text, file, reader);
  if (!checked.plan) return { plan: undefined, diagnostics: checked.diagnostics };
  const lowered = lower(checked.plan);
  const diagnostics = allDiagnostics(checked.diagnostics, lowered.diagnostics);
  return { plan: hasErrors(lowered.diagnostics) ? undefined : compilePlan(lowered.ir), diagnostics };
}
