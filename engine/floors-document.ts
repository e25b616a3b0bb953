// A floors file as a document (spec §29), with a plan's stages: parse → check → IR. A stage that
// failed stops the run there; each stage's result is kept.
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import { checkFloors, type CheckedFloors } from './check/floors';
import type { FloorsIR } from './ir/floors';
import { sortDiagnostics } from './ir/diagnostics';
import { lowerFloors } from './lower/floors';

/** The suffix of floors files: `yibao check` reads them as floors, `yibao check PLAN --against` proves a plan against them. */
export const FLOORS_FILE_SUFFIX = '.floors.yibao';

export class FloorsDocument {
  private parseResult?: ParseResult;
  private checkResult?: { floors?: CheckedFloors; diagnostics: Diagnostic[] };
  private irResult?: { ir?: FloorsIR };

  constructor(readonly text: string, readonly file: string) {}

  get parsed(): ParseResult {
    return (this.parseResult ??= parse(this.text));
  }

  get checked(): { floors?: CheckedFloors; diagnostics: Diagnostic[] } {
    if (this.checkResult) return this.checkResult;
    const parseDiags = this.parsed.diagnostics.map((d) => ({ ...d, file: this.file }));
    if (parseDiags.some((d) => d.severity === 'error')) return (this.checkResult = { diagnostics: sortDiagnostics(parseDiags) });
    const r = checkFloors(this.parsed.ast, this.file);
    return (this.checkResult = { floors: r.floors, diagnostics: sortDiagnostics([...parseDiags, ...r.diagnostics]) });
  }

  /** The floors as data, or undefined when they have errors. */
  get ir(): FloorsIR | undefined {
    const floors = this.checked.floors;
    return (this.irResult ??= { ir: floors && lowerFloors(floors, this.file) }).ir;
  }

  get diagnostics(): Diagnostic[] {
    return this.checked.diagnostics;
  }
}
