// Loads catalogue and table data, inline or from CSV files beside the plan. Files arrive through
// an injected reader so that the same code runs in Node and in a browser worker.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { diag } from '../ir/diagnostics';
import { yesNoKey } from '../ir/types';
import { csvErrorMessage, csvRecords, type CsvRecord } from '../core/csv';

/**
 * A reader's answer when it will not open a file because the file's real path (symlinks
 * followed) lies outside the folder data may come from: the plan's folder, or `root` when the
 * reader was given a data root.
 */
export interface ReadRefused {
  refused: 'outside';
  root?: string;
}

/**
 * Reads a data file named in a plan, relative to the plan's folder: its text, undefined (or a
 * throw) when it cannot be read, or `{ refused: 'outside' }` when the reader will not open it.
 * Readers written for the old signature (text or undefined) still fit.
 */
export type FileReader = (path: string) => string | undefined | ReadRefused;

export const isRefused = (v: unknown): v is ReadRefused =>
  typeof v === 'object' && v !== null && (v as { refused?: unknown }).refused === 'outside';

/**
 * Why a data file name written in a plan may not be handed to a reader at all, or undefined when
 * it may: an absolute name (`/x`, `\x`, a Windows drive `C:…` or a UNC name `\\server\…`), a `..`
 * segment (with `/` or `\` as separators), or a NUL character. Such a name could reach outside the
 * plan's folder whatever the reader does with it, so the checker refuses it before reading.
 */
export function dataPathProblem(path: string): 'absolute' | 'parent' | 'nul' | undefined {
  if (path.includes('\0')) return 'nul';
  if (/^[\\/]/.test(path) || /^[A-Za-z]:/.test(path)) return 'absolute';
  if (path.split(/[\\/]/).some((s) => s === '..')) return 'parent';
  return undefined;
}

export const KEY_SEP = '\u001f';

// The CSV reader is shared with batch files, whose workers carry no checker: it lives in core.
export { csvErrorMessage, csvRecords, type CsvError, type CsvRecord } from '../core/csv';

/** Data files: CSV records without blank lines and `#` comment lines. */
export function parseCsv(text: string): CsvRecord[] {
  return csvRecords(text, { comments: true }).filter((r) => !(r.cells.length === 1 && r.cells[0] === '') && !r.cells[0]!.startsWith('#'));
}

/** The records of a data file that keep the quoting rules; each one that does not is YB108. */
function wellFormed(records: CsvRecord[], file: A.FileRef, out: Diagnostic[]): CsvRecord[] {
  return records.filter((r) => {
    if (!r.error) return true;
    out.push(diag('YB108', file.range, { path: file.path, line: r.error.line, reason: csvErrorMessage(r.error, 'en'), reasonZh: csvErrorMessage(r.error, 'zh') }));
    return false;
  });
}

/**
 * The text of a data file named in a plan. A name that could leave the plan's folder is refused
 * (YB116) before the reader is called; a reader that will not open the file (its real path is
 * outside) gives YB116 too; a file that cannot be read is YB107.
 */
export function readData(reader: FileReader, file: A.FileRef, out: Diagnostic[]): string | undefined {
  if (dataPathProblem(file.path)) {
    out.push(diag('YB116', file.range, { path: file.path }));
    return undefined;
  }
  let got: ReturnType<FileReader>;
  try {
    got = reader(file.path);
  } catch (e) {
    // The reader's own words are English (a system error); Chinese gets the error's code alone.
    const reason = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: unknown } | undefined)?.code;
    out.push(diag('YB107', file.range, { path: file.path, reason, reasonZh: typeof code === 'string' ? `读取出错（${code}）` : '读取出错' }));
    return undefined;
  }
  if (isRefused(got)) {
    out.push(diag('YB116', file.range, got.root === undefined ? { path: file.path } : { path: file.path, root: got.root }));
    return undefined;
  }
  if (typeof got !== 'string') {
    out.push(diag('YB107', file.range, { path: file.path, reason: 'no such file', reasonZh: '文件不存在' }));
    return undefined;
  }
  return got;
}

const CODE_HEADERS = new Set(['code', '编码', '代码', '药品编码', '项目编码']);

/** A catalogue CSV: the first column holds the codes; an optional header row names it. */
export function loadCatalogue(src: A.CatalogueSource, reader: FileReader, out: Diagnostic[]): Set<string> {
  if (src.kind === 'inline') return new Set(src.codes.map((c) => c.code));
  const text = readData(reader, src.file, out);
  if (text === undefined) return new Set();
  const all = parseCsv(text);
  const rows = wellFormed(all, src.file, out);
  const codes = new Set<string>();
  rows.forEach((r) => {
    const code = r.cells[0]!;
    if (r === all[0] && CODE_HEADERS.has(code.toLowerCase())) return;
    if (code === '') out.push(diag('YB108', src.file.range, { path: src.file.path, line: r.line, reason: 'empty code', reasonZh: '编码为空' }));
    else codes.add(code);
  });
  return codes;
}

/** A value cell of a table, with where it was written: for the checks of its unit once the table's type is known. */
export interface TableValue {
  value: string;
  kind: A.Cell['kind'] | 'csv';
  range: Range;
  /** Where in a data file, for values read from CSV. */
  at?: { path: string; line: number };
}

export interface TableData {
  rows: Map<string, string>;
  numeric: boolean;
  values: TableValue[];
}

/** Table rows, inline or from a CSV whose header names the key columns then the value. */
export function loadTable(decl: A.TableDecl, reader: FileReader, out: Diagnostic[]): TableData {
  const width = decl.keys.length + 1;
  const rows = new Map<string, string>();
  const spelled = new Set<string>();
  const values: TableValue[] = [];
  let numeric = true;
  const add = (cells: string[], range: Range, where: string, value?: Omit<TableValue, 'value'>) => {
    if (cells.length !== width) {
      out.push(diag('YB109', range, { name: decl.name.text, expected: width, actual: cells.length }));
      return;
    }
    const keys = cells.slice(0, -1);
    const key = keys.join(KEY_SEP);
    // Rows `yes …` and `是 …` answer the same lookup by a yes/no value (spec §8): one key.
    const seen = yesNoKey(keys).join(KEY_SEP);
    if (spelled.has(seen)) out.push(diag('YB110', range, { name: decl.name.text, key: `${keys.join(', ')}${where}` }));
    spelled.add(seen);
    const v = cells[cells.length - 1]!;
    if (!/^-?\d+(\.\d+)?$/.test(v)) numeric = false;
    rows.set(key, v);
    if (value) values.push({ value: v, ...value });
  };
  if (decl.file) {
    const file = decl.file;
    const text = readData(reader, file, out);
    if (text !== undefined) {
      const all = parseCsv(text);
      const csv = wellFormed(all, file, out);
      if (all[0] === csv[0]) csv.slice(1).forEach((r) => add(r.cells, file.range, ` (${file.path}:${r.line})`, { kind: 'csv', range: file.range, at: { path: file.path, line: r.line } }));
      else csv.forEach((r) => add(r.cells, file.range, ` (${file.path}:${r.line})`, { kind: 'csv', range: file.range, at: { path: file.path, line: r.line } }));
      if (all.length === 0) out.push(diag('YB108', file.range, { path: file.path, line: 1, reason: 'no header row', reasonZh: '缺少表头' }));
    }
  } else {
    for (const row of decl.rows) {
      const last = row.cells[row.cells.length - 1];
      add(row.cells.map(cellText), row.range, '', last && { kind: last.kind, range: last.range });
    }
  }
  return { rows, numeric, values };
}

function cellText(c: A.Cell): string {
  if (c.kind === 'percent') return new Decimal(c.value).div(100).toFixed();
  return c.value;
}
