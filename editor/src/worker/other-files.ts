// Fund plans (NAME.fund.yibao), settlement chains (NAME.chain.yibao) and floors (NAME.floors.yibao)
// in the editor: their own documents' diagnostics, their example data as ready requests, and a run
// over that data. A chain's layer plans, and their data files, are fetched from the server as a
// plan's data files are; so is the floors file a plan is proven against.
import { CHAIN_FILE_SUFFIX, ChainDocument, type PlanOpener } from '../../../engine/chain-document';
import { FUND_FILE_SUFFIX, FundDocument } from '../../../engine/fund-document';
import { FLOORS_FILE_SUFFIX, FloorsDocument } from '../../../engine/floors-document';
import { proveFloors } from '../../../engine/analysis/floors';
import type { FloorsIR } from '../../../engine/ir/floors';
import type { PlanDocument } from '../../../engine/document';
import type { Diagnostic } from '../../../engine/index';
import { settleChain, type ChainResult } from '../../../engine/runtime/chain';
import { runFund, type FundReport } from '../../../engine/runtime/fund';
import { fundReportText } from '../../../engine/cli/fund-report';
import { cachedReader, fetchFiles, resolveBeside } from './files';

export const isFundFile = (file: string) => file.endsWith(FUND_FILE_SUFFIX);
export const isChainFile = (file: string) => file.endsWith(CHAIN_FILE_SUFFIX);
export const isFloorsFile = (file: string) => file.endsWith(FLOORS_FILE_SUFFIX);
export const isOtherFile = (file: string) => isFundFile(file) || isChainFile(file) || isFloorsFile(file);

/** The plan proven against a floors file: a violation (YB990) or an unprovable rule (YB991) on the plan's line. */
export async function floorsFindings(doc: PlanDocument, floorsPath: string): Promise<Diagnostic[]> {
  const ir = doc.lowered?.ir;
  if (!ir) return [];
  await fetchFiles([floorsPath]);
  const text = cachedReader('').reader(floorsPath);
  const floors = typeof text === 'string' ? floorsOf(floorsPath, text) : undefined;
  return floors ? proveFloors(ir, doc.text, floors, { compiled: () => doc.compiled, counterexamples: false }).diagnostics : [];
}

/** The floors a plan is proven against, checked once per text rather than on every keystroke in the plan. */
let lastFloors: { path: string; text: string; ir?: FloorsIR } | undefined;
function floorsOf(path: string, text: string): FloorsIR | undefined {
  if (lastFloors?.path !== path || lastFloors.text !== text) lastFloors = { path, text, ir: new FloorsDocument(text, path).ir };
  return lastFloors.ir;
}

/** A chain document over the fetched files; `missing` lists the files it asked for and did not have. */
function chainOnce(text: string, file: string): { doc: ChainDocument; missing: string[] } {
  const missing: string[] = [];
  const tracked = (planFile: string) => {
    const c = cachedReader(planFile);
    return (rel: string) => {
      const v = c.reader(rel);
      missing.push(...c.missing.splice(0));
      return v;
    };
  };
  const fromChain = tracked(file);
  const open: PlanOpener = (p) => {
    const t = fromChain(p);
    return typeof t === 'string' ? { text: t, reader: tracked(resolveBeside(file, p)) } : { unreadable: { reason: 'no such file', reasonZh: '文件不存在' } };
  };
  const doc = new ChainDocument(text, file, open);
  void doc.plans; // every layer checked and compiled, so that every file it needs has been asked for
  return { doc, missing };
}

/** The chain, its layer plans fetched first (a layer's data files after its plan: a few rounds). */
async function chainDocument(text: string, file: string): Promise<ChainDocument> {
  let r = chainOnce(text, file);
  for (let round = 0; round < 4 && r.missing.length; round++) {
    await fetchFiles(r.missing);
    r = chainOnce(text, file);
  }
  return r.doc;
}

export async function otherDiagnostics(text: string, file: string): Promise<Diagnostic[]> {
  if (isFloorsFile(file)) return new FloorsDocument(text, file).diagnostics;
  return isFundFile(file) ? new FundDocument(text, file).diagnostics : (await chainDocument(text, file)).diagnostics;
}

/** The example data beside a fund plan or chain (funds/NAME.json, bills/NAME.json), as a ready request. */
export async function otherRequests(file: string): Promise<{ name: string; request: unknown }[]> {
  // Floors have no data of their own: a plan is proven against them (the toolbar's floors).
  if (isFloorsFile(file)) return [];
  const base = file.split('/').pop()!.replace(/\.(fund|chain)\.yibao$/, '');
  const rel = `${isFundFile(file) ? 'funds' : 'bills'}/${base}.json`;
  const path = resolveBeside(file, rel);
  await fetchFiles([path]);
  const text = cachedReader(file).reader(rel);
  if (typeof text !== 'string') return [];
  try {
    return [{ name: rel, request: JSON.parse(text) as unknown }];
  } catch {
    return [];
  }
}

export type OtherRun =
  | { fund: FundReport; report: { zh: string; en: string } }
  | { chain: ChainResult }
  | { planErrors: number };

export async function otherRun(text: string, file: string, request: unknown): Promise<OtherRun> {
  if (isFloorsFile(file)) return { planErrors: 0 };
  if (isFundFile(file)) {
    const doc = new FundDocument(text, file);
    if (!doc.ir) return { planErrors: doc.diagnostics.filter((d) => d.severity === 'error').length };
    const fund = runFund(doc.ir, request);
    return { fund, report: { zh: fundReportText(fund, 'zh'), en: fundReportText(fund, 'en') } };
  }
  const doc = await chainDocument(text, file);
  const plans = doc.plans;
  if (!doc.ir || !plans) return { planErrors: doc.diagnostics.filter((d) => d.severity === 'error').length };
  return { chain: settleChain(doc.ir, plans, request, { trace: true }) };
}
