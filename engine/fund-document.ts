// A fund plan file as a document (spec §28), with a plan's stages: parse → check → IR. A stage
// that failed stops the run there; each stage's result is kept.
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import { checkFund, type CheckedFund } from './check/fund';
import type { FundIR } from './ir/fund';
import { sortDiagnostics } from './ir/diagnostics';
import { lowerFund } from './lower/fund';

/** The suffix of fund plan files: `yibao check`, `yibao test` and `yibao fund` read them as fund plans. */
export const FUND_FILE_SUFFIX = '.fund.yibao';

export class FundDocument {
  private parseResult?: ParseResult;
  private checkResult?: { fund?: CheckedFund; diagnostics: Diagnostic[] };
  private irResult?: { ir?: FundIR };

  constructor(readonly text: string, readonly file: string) {}

  get parsed(): ParseResult {
    return (this.parseResult ??= parse(this.text));
  }

  get checked(): { fund?: CheckedFund; diagnostics: Diagnostic[] } {
    if (this.checkResult) return this.checkResult;
    const parseDiags = this.parsed.diagnostics.map((d) => ({ ...d, file: this.file }));
    if (parseDiags.some((d) => d.severity === 'error')) return (this.checkResult = { diagnostics: sortDiagnostics(parseDiags) });
    const r = checkFund(this.parsed.ast, this.file);
    return (this.checkResult = { fund: r.fund, diagnostics: sortDiagnostics([...parseDiags, ...r.diagnostics]) });
  }

  /** The fund plan as data, or undefined when it has errors. */
  get ir(): FundIR | undefined {
    const fund = this.checked.fund;
    return (this.irResult ??= { ir: fund && lowerFund(fund) }).ir;
  }

  get diagnostics(): Diagnostic[] {
    return this.checked.diagnostics;
  }
}
