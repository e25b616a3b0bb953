// A fund plan file as a document (spec §28): parse → check (check/fund.ts) → fund IR (lower/fund.ts).
import type { Program } from '../grammar/ast';
import { checkFund, type CheckedFund } from './check/fund';
import type { FundIR } from './ir/fund';
import { lowerFund } from './lower/fund';
import { OwnKindDocument } from './own-document';

/** The suffix of fund plan files: `yibao check`, `yibao test` and `yibao fund` read them as fund plans. */
export const FUND_FILE_SUFFIX = '.fund.yibao';

export class FundDocument extends OwnKindDocument<CheckedFund, FundIR> {
  protected check(program: Program) {
    const r = checkFund(program);
    return { checked: r.fund, diagnostics: r.diagnostics };
  }

  protected lower(fund: CheckedFund): FundIR {
    return lowerFund(fund);
  }
}
