// A fund plan as data (spec §28): the figures each year of the data gives, the shares, the values
// computed for each year in order, the rules each year must meet and the amounts split by shares.
// Plain JSON, as a plan's IR is; the runtime (runtime/fund.ts) reads only this.
import type { RoundingMode } from '../../grammar/ast';
import type { IrCitation, IrRange } from './plan';

export const FUND_IR_VERSION = 1;

/** Money in yuan, a ratio as a fraction (80 % is 0.8), a plain number, or a condition. */
export type FundType = 'money' | 'ratio' | 'number' | 'bool';

export type FundCompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type FundExpr =
  /** A written constant: a decimal string (a ratio as a fraction), or "true" / "false". */
  | { kind: 'const'; type: FundType; value: string }
  /** This year's input or computed value. */
  | { kind: 'value'; name: string }
  /** The year before's; in the first year of the data, the entity's `opening`. */
  | { kind: 'previous'; name: string }
  /** The mean or sum over the years of this year's cycle that the data holds. */
  | { kind: 'cycle'; fn: 'mean' | 'sum'; name: string }
  | { kind: 'neg' | 'not'; operand: FundExpr }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: FundExpr; right: FundExpr }
  | { kind: 'compare'; op: FundCompareOp; left: FundExpr; right: FundExpr }
  | { kind: 'and' | 'or'; left: FundExpr; right: FundExpr }
  | { kind: 'if'; cond: FundExpr; then: FundExpr; else: FundExpr }
  | { kind: 'min' | 'max'; args: FundExpr[] };

interface Sourced {
  range: IrRange;
  cites?: IrCitation;
}

export interface FundInputIR extends Sourced {
  name: string;
  type: 'money' | 'ratio';
}

export interface FundSharesIR extends Sourced {
  name: string;
  /** Members allowed at most (given shares only). */
  atMost?: number;
  /** Shares fixed in the plan, in basis points (50 % is 5000), summing to 10000; absent: given each year by the data. */
  fixed?: { name: string; bp: number }[];
}

export interface FundValueIR extends Sourced {
  name: string;
  type: FundType;
  value: FundExpr;
  /** Reads a cycle's figures, itself or through the values it reads: provisional while its cycle is incomplete. */
  cyclic: boolean;
}

export interface FundRequirementIR extends Sourced {
  text: string;
  condition: FundExpr;
  cyclic: boolean;
}

export interface FundAllocationIR extends Sourced {
  /** A money value or input. */
  value: string;
  shares: string;
}

export interface FundIR {
  version: typeof FUND_IR_VERSION;
  name: string;
  cycle?: { years: number; from?: number };
  /** Computed money values round to this step in this mode; ratios and numbers stay exact. */
  rounding: { step: string; mode: RoundingMode };
  inputs: FundInputIR[];
  shares: FundSharesIR[];
  /** In the order they are computed. */
  values: FundValueIR[];
  requirements: FundRequirementIR[];
  allocations: FundAllocationIR[];
  range: IrRange;
  cites?: IrCitation;
}

/** A figure of a fund plan's data worked out from files (spec §28.2), and where it came from. */
export interface FundSourceNote {
  /** Where the figure stands in the data, as a JSON pointer. */
  path: string;
  entity: string;
  year: number;
  figure: string;
  from: 'premiums' | 'payouts';
  /** The members file (premiums) or the results file (payouts), as the data names it. */
  file: string;
  plan?: string;
  layer?: string;
  benefit?: string;
  /** Members priced, or result lines of that year counted. */
  records: number;
  value: string;
}
