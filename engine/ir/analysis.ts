// The report of `yibao analyze` as data (spec/language.md §30; its JSON Schema is
// engine/request/analysis-schemas.ts): payout functions as breakpoint tables, the benefits that
// could not be analysed, and the verdicts of the proofs, each failure with a witness.

/** The version of this shape. */
export const ANALYSIS_VERSION = 1;

export type Property = 'monotone' | 'marginal' | 'cap' | 'favourable' | 'cliff';

export interface Breakpoint {
  /** The claim's input amount where a piece starts, yuan, rounded up to the fen. */
  amount: string;
  /** Whether `amount` is the exact point (not rounded up from between two fen). */
  exact: boolean;
  /** The payout of a year of one claim of this amount, rounded as the plan rounds. */
  payout: string;
  /** Where the payout jumps here: its value just before. */
  before?: string;
  /** The marginal ratio from here on, as a percentage ("65%"). */
  marginal: string;
}

export interface PayoutFunction {
  benefit: string;
  from: string;
  to?: string;
  tilts: string[];
  conditions: { text: string; holds: boolean }[];
  input: string;
  deductible: string;
  cap?: string;
  breakpoints: Breakpoint[];
}

export interface AnalysisVerdict {
  property: Property;
  status: 'proved' | 'fails' | 'declared';
  benefit: string;
  tilt?: string;
  functions: number;
  message: { en: string; zh: string };
  line: number;
  column: number;
  counterexample?: Witness;
}

export interface AnalysisReport {
  analysisVersion: typeof ANALYSIS_VERSION;
  plan: string;
  file: string;
  functions: PayoutFunction[];
  unanalysed: { benefit: string; from: string; why: string; whyZh: string; line: number; column: number }[];
  verdicts: AnalysisVerdict[];
}

/** One claim of the witness: its scenario and input amount, what the function pays and the engine. */
export interface WitnessClaim { claim: string; tilts: string[]; amount: string; expected: string; paid?: string }

export interface Witness {
  request: { members: Record<string, unknown>[]; claims: Record<string, unknown>[] };
  claims: WitnessClaim[];
  /** Every claim paid, for this benefit, what the function says. */
  confirmed: boolean;
}

