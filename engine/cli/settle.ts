// yibao settle CHAIN BILLS.json: a request of members and bills through a chain (spec §26), its
// result as JSON. yibao settle CHAIN --members FILE --bills FILE: the batch form, on all cores
// (batch/chain-run.ts). Exit codes: 0 every bill settled, 1 a bill or member rejected, 2 a chain
// with errors or files a run refuses.
import { BatchFileError } from '../batch/files';
import { Interrupted } from '../batch/guard';
import { runChainBatch, type ChainBatchOptions } from '../batch/chain-run';
import { ChainDocument } from '../chain-document';
import type { PlanIR } from '../ir/plan';
import type { Lang } from '../ir/diagnostics';
import { planOpener } from '../node/files';
import { settleChain } from '../runtime/chain';
import { loadFile, readJson, type Io } from './input';

/** A chain file as a document, its diagnostics printed; undefined when there is no such file. */
export function loadChain(path: string, lang: Lang, io: Io, dataRoot: string | undefined): ChainDocument | undefined {
  return loadFile(path, lang, io, { en: 'chain', zh: '结算链' }, (text) => new ChainDocument(text, path, planOpener(path, dataRoot)));
}

export function cmdSettle(chainPath: string, billsPath: string, lang: Lang, trace: boolean, io: Io, dataRoot: string | undefined): number {
  const doc = loadChain(chainPath, lang, io, dataRoot);
  const chain = doc?.ir;
  const plans = doc?.plans;
  if (!chain || !plans) return 2;
  const req = readJson(billsPath, lang, io);
  if (!req.ok) return 1;
  const result = settleChain(chain, plans, req.value, { trace });
  io.out(JSON.stringify(result, null, 2));
  return result.errors.length ? 1 : 0;
}

/** The files and flags of a batch run, as the command line gives them. */
export type SettleFiles = Pick<ChainBatchOptions, 'members' | 'bills' | 'out' | 'errors' | 'years' | 'workers' | 'trace' | 'quiet'> & { dataRoot?: string };

export async function cmdSettleBatch(chainPath: string, files: SettleFiles, lang: Lang, io: Io): Promise<number> {
  const doc = loadChain(chainPath, lang, io, files.dataRoot);
  const chain = doc?.ir;
  const plans = doc?.plans;
  if (!chain || !plans) return 2;
  // The workers compile the layers' IR: no plan is parsed or checked again.
  const planIrs = chain.layers.map((l) => doc.layer(l.plan)!.lowered!.ir) satisfies PlanIR[];
  try {
    const s = await runChainBatch({ ...files, chainPath, chain, plans, planIrs, log: io.err });
    return s.rejected > 0 || s.members.rejected > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      if (!e.quiet) io.err(`yibao: ${e.message}: ${[files.out, files.errors, files.years].filter(Boolean).join(', ') || 'no output file'} left as it was / 输出文件保持原样`);
      return e.exitCode;
    }
    if (e instanceof BatchFileError) {
      io.err(`yibao: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
