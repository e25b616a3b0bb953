// Diagnostics are data. Every stage produces them; messages are filled from the catalogue in
// engine/ir/diagnostics.ts, so the front end only carries a stable code and its arguments.

export interface Position {
  /** 0-based character offset. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface Range {
  start: Position;
  /** Exclusive end. */
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * The diagnostic codes. The catalogue (engine/ir/diagnostics.ts) declares its codes into this
 * interface, so wherever a diagnostic is made, here in the parser too, a misspelt code does not
 * compile.
 */
export interface DiagnosticCodes {}

/** A code of the catalogue (plain text only in a program that leaves the catalogue out). */
export type DiagnosticCode = [keyof DiagnosticCodes] extends [never] ? string : keyof DiagnosticCodes & string;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  range: Range;
  /** Values filled into the message templates. */
  args: Record<string, string | number>;
  /** Source file, when known. */
  file?: string;
  /** Further places that explain this one (the declaration behind a use). */
  related?: { range: Range; file?: string; note: { en: string; zh: string } }[];
}
