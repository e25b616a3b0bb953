// The analysis worker: the engine's own parse, check, compile, evaluate and plan tests, off the
// UI thread. Diagnostics are answered first and alone, so markers are not held up by the index.
import { evaluate, messageOf, setCodeGeneration, type Diagnostic } from '../../../engine/index';
import { PlanDocument } from '../../../engine/document';
import { runPlanTests } from '../../../engine/testing/plan-tests';
// testRequest moved from plan-tests.ts to check/test-records.ts (the checker validates test records).
import { testRequest } from '../../../engine/check/test-records';
import type { CheckedPlan } from '../../../engine/ir/model';
import { buildIndex, span } from './index-builder';
import { cachedReader, fetchFiles, forgetFiles } from './files';
import { setApiToken } from '../api-fetch';
import { computeCurve, type CurveInput } from './curve';
import { formatPlan } from '../../../grammar/format';
import { analyzePlan } from '../../../engine/analysis/analyze';
import { diffPlans } from '../../../engine/analysis/diff';
import { whyClaim } from '../../../engine/analysis/why';
import type { Envelope, Reply, Request, WireDiagnostic } from './protocol';
import { floorsFindings, isOtherFile, otherDiagnostics, otherRequests, otherRun } from './other-files';

// The page's Content-Security-Policy has no 'unsafe-eval': plans settle through the interpreter
// here, without a refused (and reported) attempt to generate their claim code.
setCodeGeneration(false);

interface Compiled {
  diagnostics: Diagnostic[];
  checked?: CheckedPlan;
  /** The text as a document: its parse and check are kept, its compile done on first use. */
  doc: PlanDocument;
}

const compiledOf = (c: Compiled) => c.doc.compiled;

// The last few texts compiled: the page asks about the same text for markers, index, tests and
// curves, and about the saved text for the curve drawn beside the current one.
const cache = new Map<string, Compiled>();

async function compileText(text: string, file: string): Promise<Compiled> {
  const key = `${file}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let { reader, missing } = cachedReader(file);
  let doc = new PlanDocument(text, file, reader);
  let r = doc.checked;
  if (missing.length > 0) {
    await fetchFiles(missing);
    ({ reader, missing } = cachedReader(file));
    // The data files came: checked again, over the same parse.
    const parsed = doc.parsed;
    doc = new PlanDocument(text, file, reader, parsed);
    r = doc.checked;
  }
  const out: Compiled = { diagnostics: r.diagnostics, checked: r.plan, doc };
  cache.set(key, out);
  if (cache.size > 6) cache.delete(cache.keys().next().value!);
  return out;
}

/** The proofs over the plan's payout functions (spec §30): a failure is a warning on its line. No witnesses: markers show none. */
function analysisFindings(c: Compiled): Diagnostic[] {
  const ir = c.doc.lowered?.ir;
  if (!c.checked || !ir || c.diagnostics.some((d) => d.severity === 'error')) return [];
  return analyzePlan(ir, c.doc.text, { witnesses: false }).diagnostics;
}

function wire(d: Diagnostic): WireDiagnostic {
  const s = span(d.range);
  // A zero-width range (end of file) still needs one column to be visible.
  if (s.startLineNumber === s.endLineNumber && s.endColumn <= s.startColumn) s.endColumn = s.startColumn + 1;
  return { code: d.code, severity: d.severity, span: s, zh: messageOf(d, 'zh'), en: messageOf(d, 'en') };
}

async function handle(req: Request): Promise<unknown> {
  switch (req.kind) {
    case 'analyze': {
      if (isOtherFile(req.file)) {
        const diagnostics = await otherDiagnostics(req.text, req.file);
        return { diagnostics: diagnostics.map(wire), ok: !diagnostics.some((d) => d.severity === 'error') };
      }
      const c = await compileText(req.text, req.file);
      const floors = req.against && c.checked ? await floorsFindings(c.doc, req.against) : [];
      return { diagnostics: [...c.diagnostics, ...floors, ...analysisFindings(c)].map(wire), ok: !!c.checked };
    }
    case 'index': {
      const c = await compileText(req.text, req.file);
      return buildIndex(req.text, c.doc.parsed, c.checked, compiledOf(c));
    }
    case 'format':
      return formatPlan(req.text);
    case 'run': {
      if (isOtherFile(req.file)) return otherRun(req.text, req.file, req.request);
      const c = await compileText(req.text, req.file);
      const plan = compiledOf(c);
      if (!plan) return { planErrors: c.diagnostics.filter((d) => d.severity === 'error').length };
      return { result: evaluate(plan, req.request, { trace: true }) };
    }
    case 'tests': {
      // A fund plan or chain holds no test blocks: its example data is run from the bench.
      if (isOtherFile(req.file)) return { outcomes: [] };
      const c = await compileText(req.text, req.file);
      const plan = compiledOf(c);
      if (!plan) return { planErrors: c.diagnostics.filter((d) => d.severity === 'error').length };
      return { outcomes: runPlanTests(plan).map((o) => ({ ...o, span: span(o.range), failures: o.failures.map((f) => ({ ...f, span: span(f.range) })) })) };
    }
    case 'requests': {
      if (isOtherFile(req.file)) return otherRequests(req.file);
      const ast = (await compileText(req.text, req.file)).doc.parsed.ast;
      // Read from the parse, so that a plan with errors still lists its tests' requests.
      const claimAttributes = new Set(ast.declarations.flatMap((d) => (d.kind === 'attribute' && d.on === 'claim' ? [d.name.text] : [])));
      return ast.declarations.flatMap((d) => (d.kind === 'test' ? [{ name: d.name, request: testRequest(d, claimAttributes) }] : []));
    }
    case 'curve': {
      const now = await compileText(req.text, req.file);
      const before = req.savedText !== undefined ? await compileText(req.savedText, req.file) : undefined;
      const input = (c?: Compiled): CurveInput | undefined => (c?.checked ? { checked: c.checked, compiled: compiledOf(c)!, ir: c.doc.lowered?.ir } : undefined);
      return computeCurve(input(now), input(before), req.benefit, req.groups, req.max, req.points);
    }
    case 'diff': {
      const now = await compileText(req.text, req.file);
      const before = await compileText(req.savedText, req.file);
      const a = before.doc.lowered?.ir;
      const b = now.doc.lowered?.ir;
      if (!a || !b || !now.checked || !before.checked) return { planErrors: true };
      return { report: diffPlans({ plan: a, text: req.savedText }, { plan: b, text: req.text }) };
    }
    case 'why': {
      const c = await compileText(req.text, req.file);
      const ir = c.doc.lowered?.ir;
      const plan = compiledOf(c);
      if (!ir || !plan) return { error: { en: 'the plan has errors', zh: '方案有错误' } };
      const r = whyClaim(ir, plan, req.request, req.claim);
      return 'error' in r ? r : { report: r };
    }
    case 'forget-files':
      forgetFiles();
      cache.clear();
      return true;
    case 'token':
      setApiToken(req.token);
      return true;
  }
}

self.onmessage = async (ev: MessageEvent<Envelope>) => {
  const { id, req } = ev.data;
  let reply: Reply;
  try {
    reply = { id, ok: true, value: await handle(req) };
  } catch (e) {
    reply = { id, ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
  }
  (self as unknown as Worker).postMessage(reply);
};
