// yibao fund FUNDPLAN DATA.json [--report]: a fund plan over its data (spec §28), as JSON or as a
// readable report. Exit codes: 0 computed, 1 data with errors (the other entities are still
// computed), 2 a fund plan with errors or no such file.
import { FundDocument } from '../fund-document';
import type { Lang } from '../ir/diagnostics';
import { runFund } from '../runtime/fund';
import { runFundWithSources } from '../node/fund-sources';
import { fundReportText } from './fund-report';
import { loadFile, readJson, type Io } from './input';

/** A fund plan file as a document, its diagnostics printed; undefined when there is no such file. */
export function loadFund(path: string, lang: Lang, io: Io): FundDocument | undefined {
  return loadFile(path, lang, io, { en: 'fund plan', zh: '基金方案' }, (text) => new FundDocument(text, path));
}

export function cmdFund(fundPath: string, dataPath: string, lang: Lang, report: boolean, io: Io, dataRoot?: string): number {
  const ir = loadFund(fundPath, lang, io)?.ir;
  if (!ir) return 2;
  const data = readJson(dataPath, lang, io);
  if (!data.ok) return 1;
  // Figures given as sources are worked out from files beside the data (data from stdin has no folder: none are).
  const result = dataPath === '-' ? runFund(ir, data.value) : runFundWithSources(ir, data.value, dataPath, dataRoot);
  io.out(report ? fundReportText(result, lang) : JSON.stringify(result, null, 2));
  return result.errors.length ? 1 : 0;
}
