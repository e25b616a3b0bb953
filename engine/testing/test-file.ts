// Tests kept in a file beside the plan: NAME.test.yibao holds only `test` blocks and runs
// against NAME.yibao, so an analyst can grow a regression suite without touching the plan.
import { parse, type TestDecl } from '../../grammar/index';
import type { Diagnostic } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { diag, sortDiagnostics } from '../ir/diagnostics';
import type { IrTest } from '../ir/plan';
import { lowerTests } from '../lower/tests';
import { checkExpectations } from '../check/expectations';
import { runPlanTests, type TestOutcome } from './plan-tests';

export const TEST_FILE_SUFFIX = '.test.yibao';

export function planFileFor(testFile: string): string {
  return testFile.slice(0, -TEST_FILE_SUFFIX.length) + '.yibao';
}

export function readTestFile(text: string, file: string, plan: CompiledPlan): { tests: IrTest[]; diagnostics: Diagnostic[] } {
  const parsed = parse(text);
  const out: Diagnostic[] = [...parsed.diagnostics];
  const tests: TestDecl[] = [];
  for (const d of parsed.ast.declarations) {
    if (d.kind !== 'test') {
      out.push(diag('YB904', d.range, { kind: d.kind }));
      continue;
    }
    checkExpectations(d, (name) => plan.benefits.some((b) => b.name === name), out);
    tests.push(d);
  }
  // Lowered as a plan's own tests are: the runner reads the IR.
  return { tests: lowerTests(tests, new Set(plan.claimAttributes.keys())), diagnostics: sortDiagnostics(out.map((x) => ({ ...x, file }))) };
}

export function runTestFile(text: string, file: string, plan: CompiledPlan): { outcomes: TestOutcome[]; diagnostics: Diagnostic[] } {
  const r = readTestFile(text, file, plan);
  if (r.diagnostics.some((d) => d.severity === 'error')) return { outcomes: [], diagnostics: r.diagnostics };
  return { outcomes: runPlanTests(plan, r.tests), diagnostics: r.diagnostics };
}
