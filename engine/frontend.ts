// text → AST → checked plan, collecting every stage's diagnostics. Never throws on bad input.
import { parse, type ParseResult } from '../grammar/index';
import type { Diagnostic } from '../grammar/diagnostic';
import { check, type FileReader } from './check/index';
import { hasErrors, sortDiagnostics } from './ir/diagnostics';
import type { CheckedPlan } from './ir/model';

const FATAL = new Set(['YB005', 'YB006', 'YB007']);

export interface FrontendResult {
  plan?: CheckedPlan;
  diagnostics: Diagnostic[];
}

/** Parses and checks a plan. `plan` is absent when there are errors. */
export function checkPlan(text: string, file = '<plan>', reader: FileReader = () => undefined): FrontendResult {
  return checkParsed(parse(text), file, reader);
}

/** Checks a plan already parsed (a document keeps its parse: nothing is parsed twice). */
export function checkParsed(parsed: ParseResult, file: string, reader: FileReader = () => undefined): FrontendResult {
  const parseDiags = parsed.diagnostics.map((d) => ({ ...d, file }));
  // A plan refused whole (too large, too deep, too many syntax errors) has nothing left to check.
  if (parseDiags.some((d) => FATAL.has(d.code))) return { diagnostics: sortDiagnostics(parseDiags) };
  const checked = check(parsed.ast, file, reader);
  // A declaration the parser had to repair is half-read: the checker's findings inside it would
  // only echo the syntax error, so they are dropped; every other declaration is still checked.
  const broken = parsed.ast.declarations
    .map((d) => d.range)
    .filter((r) => parseDiags.some((p) => p.range.start.offset >= r.start.offset && p.range.start.offset <= r.end.offset));
  const inBroken = (d: Diagnostic) => broken.some((r) => d.range.start.offset >= r.start.offset && d.range.start.offset <= r.end.offset);
  const all = sortDiagnostics([...parseDiags, ...checked.diagnostics.filter((d) => !inBroken(d))]);
  return { plan: hasErrors(all) ? undefined : checked.plan, diagnostics: all };
}
