// A plan as a document with fixed stages, parse → check → lower → compile, each stage's result kept
// once it is asked for, so the CLI, batch and the editor parse, check and lower a text once. A
// stage that failed stops the run there: a plan with errors is never lowered or compiled. (Langium's
// document states, OPA's table of stages.)
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import type { FileReader } from './check/index';
import { compilePlan, type CompiledPlan } from './compile/plan';
import { checkParsed, type FrontendResult } from './frontend';
import { hasErrors } from './ir/diagnostics';
import { lower, type LowerResult } from './lower/index';
import { allDiagnostics } from './pipeline';

export type Stage = 'parsed' | 'checked' | 'lowered' | 'compiled';

export class PlanDocument {
  private parseResult?: ParseResult;
  private checkResult?: FrontendResult;
  private lowerResult?: { lowered?: LowerResult };
  private compileResult?: { plan?: CompiledPlan };

  constructor(
    readonly text: string,
    readonly file: string,
    private readonly reader: FileReader = () => undefined,
    /** A parse of the same text, kept from an earlier document (the editor, once data files came). */
    parsed?: ParseResult,
  ) {
    this.parseResult = parsed;
  }

  /** The syntax tree and the parser's diagnostics. */
  get parsed(): ParseResult {
    return (this.parseResult ??= parse(this.text));
  }

  /** The checked plan (absent when the plan has errors) and every diagnostic so far. */
  get checked(): FrontendResult {
    return (this.checkResult ??= checkParsed(this.parsed, this.file, this.reader));
  }

  /** The plan IR (spec/ir.md) and lowering's diagnostics, or undefined when checking failed. */
  get lowered(): LowerResult | undefined {
    const plan = this.checked.plan;
    this.lowerResult ??= { lowered: plan && lower(plan) };
    return this.lowerResult.lowered;
  }

  /** The plan compiled from its IR, or undefined when a stage before failed. */
  get compiled(): CompiledPlan | undefined {
    this.compileResult ??= { plan: this.lowered && !hasErrors(this.lowered.diagnostics) ? compilePlan(this.lowered.ir) : undefined };
    return this.compileResult.plan;
  }

  /** Every diagnostic of the stages done (lowering adds none to a plan that checked). */
  get diagnostics(): Diagnostic[] {
    return allDiagnostics(this.checked.diagnostics, this.lowerResult?.lowered?.diagnostics);
  }

  /** The stages done so far: what a caller asked for, nothing more. */
  get done(): Stage[] {
    return [this.parseResult && 'parsed', this.checkResult && 'checked', this.lowerResult && 'lowered', this.compileResult && 'compiled'].filter((s): s is Stage => !!s);
  }
}
