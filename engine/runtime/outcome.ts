// What settling one claim produces (ClaimOut), reused from claim to claim so that settling
// allocates next to nothing, and the rows of benefit lines it shares with a member's year.
import type { Range } from '../../grammar/diagnostic';

export interface TraceStep {
  rule: string;
  range?: Range;
  /** The legal source of the rule, when the plan cites one: 威医保发〔2023〕48号 二(三)2. */
  cites?: string;
  inputs?: Record<string, string>;
  output: string;
}

/**
 * Benefit lines as rows: a claim's (ClaimOut) or a member's year (YearState, settle.ts). The
 * benefit line's fields (result-fields.ts) read either through this: one list serves both.
 */
export interface BenefitRows {
  readonly count: number;
  /** The plan's index of the benefit on row i. */
  benefitOf(i: number): number;
  eligibleOf(i: number): number;
  deductibleOf(i: number): number;
  payoutOf(i: number): number;
}

/** What settling one claim produced; reused from claim to claim. Row i is the i-th benefit paid. */
export class ClaimOut implements BenefitRows {
  payout = 0;
  count = 0;
  readonly benefit: Int32Array;
  readonly eligible: Float64Array;
  readonly deductible: Float64Array;
  readonly pay: Float64Array;
  // Stryker disable next-line ArrayDeclaration: each claim starts with a list of its own (settle.ts) before anything is read
  excluded: { reason: string; fen: number; item?: string; range?: Range }[] = [];
  /** Whether each claim gets a fresh trace (the API's explanations); batch runs leave it off. */
  // Stryker disable next-line BooleanLiteral: a trace nobody reads only costs time (batch's lines carry none; evaluate() sets this per call)
  traced = false;
  trace: TraceStep[] | undefined;
  constructor(n: number) {
    this.benefit = new Int32Array(n);
    this.eligible = new Float64Array(n);
    this.deductible = new Float64Array(n);
    this.pay = new Float64Array(n);
  }
  benefitOf(i: number): number { return this.benefit[i]!; }
  eligibleOf(i: number): number { return this.eligible[i]!; }
  deductibleOf(i: number): number { return this.deductible[i]!; }
  payoutOf(i: number): number { return this.pay[i]!; }
}
