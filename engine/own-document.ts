// A file holding one declaration of its own kind (a fund plan, floors, a chain) as a document, with
// a plan's stages: parse → check → IR. A stage that failed stops the run there; each stage's result
// is kept. The kind's checker says what is wrong; the document names the file on every diagnostic
// and keeps the checked declaration only when none is an error.
import type { Program } from '../grammar/ast';
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import { hasErrors, sortDiagnostics } from './ir/diagnostics';

export abstract class OwnKindDocument<Checked, IR> {
  private parseResult?: ParseResult;
  private checkResult?: { checked?: Checked; diagnostics: Diagnostic[] };
  private irResult?: { ir?: IR };

  constructor(readonly text: string, readonly file: string) {}

  /** The kind's checker: the checked declaration (when it found one) and its diagnostics, without a file. */
  protected abstract check(program: Program): { checked?: Checked; diagnostics: Diagnostic[] };
  /** The kind's lowering to its IR. */
  protected abstract lower(checked: Checked): IR;

  get parsed(): ParseResult {
    return (this.parseResult ??= parse(this.text));
  }

  get checked(): { checked?: Checked; diagnostics: Diagnostic[] } {
    if (this.checkResult) return this.checkResult;
    const parseDiags = this.parsed.diagnostics.map((d) => ({ ...d, file: this.file }));
    if (parseDiags.some((d) => d.severity === 'error')) return (this.checkResult = { diagnostics: sortDiagnostics(parseDiags) });
    const r = this.check(this.parsed.ast);
    const found = r.diagnostics.map((d) => ({ ...d, file: this.file }));
    return (this.checkResult = { checked: hasErrors(found) ? undefined : r.checked, diagnostics: sortDiagnostics([...parseDiags, ...found]) });
  }

  /** The declaration as data, or undefined when it has errors. */
  get ir(): IR | undefined {
    const checked = this.checked.checked;
    return (this.irResult ??= { ir: checked && this.lower(checked) }).ir;
  }

  get diagnostics(): Diagnostic[] {
    return this.checked.diagnostics;
  }
}
