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

export interface Diagnostic {
  code: string;
  severity: Severity;
  range: Range;
  /** Values filled into the message templates. */
  args: Record<string, string | number>;
  /** Source file, when known. */
  file?: string;
  /** Further places that explain this one (the declaration behind a use). */
  related?: { range: Range; file?: string; note: string }[];
}
