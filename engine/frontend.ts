// text → AST → checked plan, collecting every stage's diagnostics. Never throws on bad input.
import { parse } from '../grammar/index';
import type { Diagnostic } from '../grammar/diagnostic';
import { check, type FileReader } from './check/index';
import { hasErrors, sortDiagnostics } from './diagnostics';
import type { CheckedPlan } from './model';

export interface FrontendResult {
  plan?: CheckedPlan;
  diagnostics: Diagnostic[];
}

/** Parses and checks a plan. `plan` is absent when there are errors. */
export function checkPlan(text: string, file = '<plan>', reader: FileReader = () => undefined): FrontendResult {
  const parsed = parse(text);
  const parseDiags = parsed.diagnostics.map((d) => ({ ...d, file }));
  const checked = check(parsed.ast, file, reader);
  // After a syntax error the checker may see half a declaration; report only its errors that the
  // parser did not already explain at the same spot.
  const all = sortDiagnostics([...parseDiags, ...checked.diagnostics]);
  return { plan: hasErrors(all) ? undefined : checked.plan, diagnostics: all };
}
