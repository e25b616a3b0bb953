// Messages between the page and the analysis worker. Everything here is plain data (structured
// clone), so ranges are already in Monaco's 1-based {line, column} form.
import type { SymbolKind } from '../../../engine/ir/model';

export interface Span {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface WireDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  span: Span;
  /** The message in both UI languages, so switching language needs no re-analysis. */
  zh: string;
  en: string;
}

/** The engine's own list of symbol kinds: one definition for the checker and the editor. */
export type SymbolKindName = SymbolKind;

export interface PlanSymbol {
  name: string;
  kind: SymbolKindName;
  label?: string;
  nameSpan: Span;
  declSpan: Span;
  /** Every place the name is written, the declaration included. */
  refs: Span[];
  /** Hover lines (Markdown, plan text already fenced as code). */
  hover: string[];
}

export interface OutlineEntry {
  name: string;
  kind: string;
  declSpan: Span;
  nameSpan: Span;
}

export interface BenefitInfo {
  name: string;
  label?: string;
  /** Canonical setting ids the benefit covers; undefined = every setting. */
  settings?: string[];
}

export interface PlanIndex {
  symbols: PlanSymbol[];
  outline: OutlineEntry[];
  folds: { start: number; end: number; comment?: boolean }[];
  tests: { name: string; span: Span }[];
  benefits: BenefitInfo[];
  groups: { name: string; label?: string; listed: boolean }[];
  /** Attribute names, for completion after `member.`. */
  attributes: string[];
  /** Declared claim attributes, offered after `claim.`. */
  claimAttributes: string[];
  planName?: string;
}

export interface CurveLine {
  group: string;
  current?: number[];
  saved?: number[];
  /** Why a line could not be drawn (no member found for the group, plan errors…). */
  note?: string;
  /** The exact breakpoints of the current line's payout function up to the chart's maximum (spec §30). */
  breakpoints?: { amount: number; payout: number }[];
  /** Where the current line's function differs from the saved version's: amount ranges (`to` absent: no end). */
  changed?: { from: number; to?: number }[];
}

export interface CurveResult {
  amounts: number[];
  lines: CurveLine[];
  setting?: string;
  field?: string;
}

export type Request =
  /** `against`: a floors file (NAME.floors.yibao) the plan is proven against; its findings join the diagnostics. */
  | { kind: 'analyze'; text: string; file: string; against?: string }
  | { kind: 'index'; text: string; file: string }
  | { kind: 'format'; text: string }
  | { kind: 'run'; text: string; file: string; request: unknown }
  | { kind: 'tests'; text: string; file: string }
  | { kind: 'requests'; text: string; file: string }
  | { kind: 'curve'; text: string; savedText?: string; file: string; benefit: string; groups: string[]; max: number; points: number }
  /** The semantic diff of the saved version (old) against the current text (new), spec §31. */
  | { kind: 'diff'; text: string; savedText: string; file: string }
  /** What limited one claim of a request and what one changed fact would pay (spec §32). */
  | { kind: 'why'; text: string; file: string; request: unknown; claim: string }
  | { kind: 'forget-files' }
  /** The server's API token, sent first: a worker cannot read it from the page. */
  | { kind: 'token'; token: string };

export type Envelope = { id: number; req: Request };
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
