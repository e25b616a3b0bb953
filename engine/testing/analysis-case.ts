// An analysis case of the conformance suite (spec/language.md §30): the verdicts `yibao analyze`
// gives a plan, each found by property, benefit and tilt — its status, the line it points at, the
// witness's claims and whether the engine confirms them — and the warnings it puts on the plan.
import { analyzePlan } from '../analysis/analyze';
import type { FileReader } from '../check/data';
import { PlanDocument } from '../document';
import { compareDiagnostics, diagList, type ExpectedDiag } from './compare';

interface ExpectedVerdict {
  property: string;
  benefit: string;
  tilt?: string;
  status: string;
  line?: number;
  confirmed?: boolean;
  claims?: { amount: string; paid: string }[];
}
export interface AnalysisCaseFile { analysis: { verdicts: ExpectedVerdict[] }; planDiagnostics?: ExpectedDiag[] }

export function runAnalysisCase(name: string, text: string, c: AnalysisCaseFile, reader: FileReader, fail: (m: string) => void): void {
  const doc = new PlanDocument(text, name, reader);
  const plan = doc.lowered?.ir;
  if (!plan || doc.diagnostics.some((d) => d.severity === 'error')) return fail(`plan has errors: ${diagList(doc.diagnostics)}`);
  const { report, diagnostics } = analyzePlan(plan, text, { compiled: () => doc.compiled! });
  const key = (v: { property: string; benefit: string; tilt?: string }) => `${v.property} ${v.benefit}${v.tilt ? ` ${v.tilt}` : ''}`;
  for (const e of c.analysis.verdicts) {
    const v = report.verdicts.find((x) => key(x) === key(e));
    if (!v) {
      fail(`no verdict ${key(e)}`);
      continue;
    }
    const got = { status: v.status, line: v.line, confirmed: v.counterexample?.confirmed };
    for (const k of ['status', 'line', 'confirmed'] as const) if (e[k] !== undefined && e[k] !== got[k]) fail(`${key(e)}: ${k} expected ${e[k]}, got ${got[k]}`);
    const claims = v.counterexample?.claims.map((x) => ({ amount: x.amount, paid: x.paid }));
    if (e.claims && JSON.stringify(e.claims) !== JSON.stringify(claims)) fail(`${key(e)}: witness expected ${JSON.stringify(e.claims)}, got ${JSON.stringify(claims)}`);
  }
  for (const v of report.verdicts.filter((x) => x.status === 'fails')) if (!c.analysis.verdicts.some((e) => key(e) === key(v))) fail(`unexpected failure ${key(v)}: ${v.message.en}`);
  if (c.planDiagnostics) compareDiagnostics(c.planDiagnostics, diagnostics, fail);
}
