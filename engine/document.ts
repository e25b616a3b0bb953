// A plan as a document with fixed stages, parse → check → compile, each stage's result kept once it
// is asked for, so the CLI, batch and the editor parse and check a text once. A stage that failed
// stops the run there: a plan with errors is never compiled. (Langium's document states, OPA's
// table of stages.)
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import type { FileReader } from './check/index';
import { compilePlan, type CompiledPlan } from './compile/plan';
import { checkParsed, type FrontendResult } from './frontend';

export type Stage = 'parsed' | 'checked' | 'compiled';

export class PlanDocument {
  private parseResult?: ParseResult;
  private checkResult?: FrontendResult;
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

  /** The compiled plan, or undefined when a stage before failed. */
  get compiled(): CompiledPlan | undefined {
    this.compileResult ??= { plan: this.checked.plan ? compilePlan(this.checked.plan) : undefined };
    return this.compileResult.plan;
  }

  get diagnostics(): Diagnostic[] {
    return this.checked.diagnostics;
  }

  /** The stages done so far: what a caller asked for, nothing more. */
  get done(): Stage[] {
    return [this.parseResult && 'parsed', this.checkResult && 'checked', this.compileResult && 'compiled'].filter((s): s is Stage => !!s);
  }
}
