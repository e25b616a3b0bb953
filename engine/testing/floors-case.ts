// A floors case of the conformance suite (spec §29): the floors file's diagnostics, or a plan
// beside it proven against it — each rule's verdict, the lowest value and its bound, the date and
// the plan's line it rests on, whether the engine confirms the counterexample, and the diagnostics
// the proof puts on the plan.
import { proveFloors } from '../analysis/floors';
import type { FileReader } from '../check/data';
import { PlanDocument } from '../document';
import { FloorsDocument } from '../floors-document';
import { compareDiagnostics, diagList, type ExpectedDiag } from './compare';

interface ExpectedVerdict {
  text: string;
  status: string;
  value?: string;
  bound?: string;
  date?: string;
  line?: number;
  confirmed?: boolean;
}
export interface FloorsCaseFile {
  diagnostics?: ExpectedDiag[];
  plan?: string;
  expected?: { verdicts: ExpectedVerdict[] };
  planDiagnostics?: ExpectedDiag[];
}

export function runFloorsCase(name: string, text: string, c: FloorsCaseFile, reader: FileReader, fail: (m: string) => void): void {
  const doc = new FloorsDocument(text, name);
  if (c.diagnostics) return compareDiagnostics(c.diagnostics, doc.diagnostics, fail);
  if (!doc.ir) return fail(`floors have errors: ${diagList(doc.diagnostics)}`);
  const planText = c.plan === undefined ? undefined : reader(c.plan);
  if (typeof planText !== 'string') return fail(`no plan ${c.plan ?? '(none named)'} beside the floors`);
  const planDoc = new PlanDocument(planText, c.plan!, reader);
  const plan = planDoc.lowered?.ir;
  if (!plan) return fail(`plan ${c.plan} has errors`);
  const report = proveFloors(plan, planText, doc.ir, { compiled: () => planDoc.compiled });
  if (report.verdicts.length !== (c.expected?.verdicts.length ?? 0)) fail(`expected ${c.expected?.verdicts.length ?? 0} verdicts, got ${report.verdicts.length}`);
  for (const e of c.expected?.verdicts ?? []) {
    const v = report.verdicts.find((x) => x.text === e.text);
    if (!v) {
      fail(`no verdict for "${e.text}"`);
      continue;
    }
    const got = { status: v.status, value: v.worst?.value, bound: v.worst?.bound, date: v.worst?.date, line: v.worst?.range?.start.line, confirmed: v.counterexample?.confirmed };
    for (const k of ['status', 'value', 'bound', 'date', 'line', 'confirmed'] as const) {
      if (e[k] !== undefined && e[k] !== got[k]) fail(`"${e.text}": ${k} expected ${e[k]}, got ${got[k]}`);
    }
  }
  if (c.planDiagnostics) compareDiagnostics(c.planDiagnostics, report.diagnostics, fail);
}
