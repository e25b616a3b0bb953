// Loads catalogue and table data, inline or from CSV files beside the plan. Files arrive through
// an injected reader so that the same code runs in Node and in a browser worker.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { diag } from '../diagnostics';

/** Reads a file named relative to the plan; returns undefined (or throws) when it cannot. */
export type FileReader = (path: string) => string | undefined;

export const KEY_SEP = '\u001f';

/** Splits CSV text into records (RFC 4180 quoting; a quoted cell may hold line breaks). */
export function csvRecords(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  const src = text.replace(/^\ufeff/, '');
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < src.length; i++) {
      const ch = src[i]!;
      if (quoted) {
        if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
        else if (ch === '"') quoted = false;
        else { if (ch === '\n') line++; cell += ch; }
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cell.trim()); cell = ''; }
      else if (ch === '\n') { i++; line++; break; }
      else if (ch !== '\r') cell += ch;
    }
    cells.push(cell.trim());
    rows.push({ line: startLine, cells });
  }
  return rows;
}

/** Data files: CSV records without blank lines and `#` comment lines. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  return csvRecords(text).filter((r) => !(r.cells.length === 1 && r.cells[0] === '') && !r.cells[0]!.startsWith('#'));
}

export function readData(reader: FileReader, file: A.FileRef, out: Diagnostic[]): string | undefined {
  let text: string | undefined;
  try {
    text = reader(file.path);
  } catch (e) {
    out.push(diag('YB107', file.range, { path: file.path, reason: e instanceof Error ? e.message : String(e) }));
    return undefined;
  }
  if (text === undefined) out.push(diag('YB107', file.range, { path: file.path, reason: 'not found / 文件不存在' }));
  return text;
}

const CODE_HEADERS = new Set(['code', '编码', '代码', '药品编码', '项目编码']);

/** A catalogue CSV: the first column holds the codes; an optional header row names it. */
export function loadCatalogue(src: A.CatalogueSource, reader: FileReader, out: Diagnostic[]): Set<string> {
  if (src.kind === 'inline') return new Set(src.codes.map((c) => c.code));
  const text = readData(reader, src.file, out);
  if (text === undefined) return new Set();
  const rows = parseCsv(text);
  const codes = new Set<string>();
  rows.forEach((r, i) => {
    const code = r.cells[0]!;
    if (i === 0 && CODE_HEADERS.has(code.toLowerCase())) return;
    if (code === '') out.push(diag('YB108', src.file.range, { path: src.file.path, line: r.line, reason: 'empty code / 编码为空' }));
    else codes.add(code);
  });
  return codes;
}

export interface TableData {
  rows: Map<string, string>;
  numeric: boolean;
}

/** Table rows, inline or from a CSV whose header names the key columns then the value. */
export function loadTable(decl: A.TableDecl, reader: FileReader, out: Diagnostic[]): TableData {
  const width = decl.keys.length + 1;
  const rows = new Map<string, string>();
  let numeric = true;
  const add = (cells: string[], range: Range, where: string) => {
    if (cells.length !== width) {
      out.push(diag('YB109', range, { name: decl.name.text, expected: width, actual: cells.length }));
      return;
    }
    const key = cells.slice(0, -1).join(KEY_SEP);
    if (rows.has(key)) out.push(diag('YB110', range, { name: decl.name.text, key: `${cells.slice(0, -1).join(', ')}${where}` }));
    const value = cells[cells.length - 1]!;
    if (!/^-?\d+(\.\d+)?$/.test(value)) numeric = false;
    rows.set(key, value);
  };
  if (decl.file) {
    const text = readData(reader, decl.file, out);
    if (text !== undefined) {
      const csv = parseCsv(text);
      csv.slice(1).forEach((r) => add(r.cells, decl.file!.range, ` (${decl.file!.path}:${r.line})`));
      if (csv.length === 0) out.push(diag('YB108', decl.file.range, { path: decl.file.path, line: 1, reason: 'no header row / 缺少表头' }));
    }
  } else {
    for (const row of decl.rows) add(row.cells.map(cellText), row.range, '');
  }
  return { rows, numeric };
}

function cellText(c: A.Cell): string {
  if (c.kind === 'percent') return new Decimal(c.value).div(100).toFixed();
  return c.value;
}
