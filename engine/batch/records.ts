// Batch input records: JSON Lines or CSV, chosen by file extension. A CSV row becomes the same
// object a JSON request holds, so one validator serves both.
import { csvErrorMessage, csvRecords, type CsvError } from '../core/csv';
import { requestMessage } from '../ir/request-errors';

export type Format = 'jsonl' | 'csv';

export function formatOf(path: string): Format {
  return /\.csv$/i.test(path) ? 'csv' : 'jsonl';
}

/** One input line, numbered from 1 as an editor shows it. */
export interface RawLine {
  line: number;
  text: string;
}

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

const LIST_COLUMNS = new Set(['flags', 'groups']);

/**
 * A field of a CSV file the run writes: quoted when it holds a comma, quote or line break, and,
 * as OWASP's CSV-injection guidance says, a field a spreadsheet would run as a formula (one that
 * starts with =, +, -, @, a tab or a carriage return) is prefixed with ' and quoted.
 */
export function csvField(s: string): string {
  const formula = /^[=+\-@\t\r]/.test(s);
  const text = formula ? `'${s}` : s;
  return formula || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line of a batch file as trimmed cells. */
export function csvCells(text: string): string[] {
  return csvRecords(text)[0]?.cells ?? [''];
}

/** One CSV line as cells, and why it breaks the quoting rules, if it does (a stray quote). */
export function csvRow(text: string): { cells: string[]; error?: CsvError } {
  const r = csvRecords(text)[0];
  if (!r) return { cells: [''] };
  return r.error ? { cells: r.cells, error: r.error } : { cells: r.cells };
}

/** YR001's words for a line that is not CSV, each language its own. */
export const notCsvArgs = (e: CsvError) => ({ detail: csvErrorMessage(e, 'en'), detailZh: csvErrorMessage(e, 'zh') });

export function parseJsonLine(text: string): Parsed {
  try {
    const v = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, message: requestMessage('YR001', 'notJsonObject') };
    return { ok: true, value: v as Record<string, unknown> };
  } catch (e) {
    return { ok: false, message: requestMessage('YR001', 'notJson', { detail: (e as Error).message }) };
  }
}

const OWN_COLUMNS = {
  member: new Set(['id', 'birthDate', 'enrolledSince']),
  claim: new Set(['id', 'member', 'date', 'setting', 'inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay']),
};

/**
 * A CSV row as a record: empty cells are absent, lists are split on "|", and the other columns
 * of a member (beyond id, birthDate, enrolledSince and groups) or of a claim (beyond its fields
 * and flags) become attributes.
 */
export function csvRecord(header: string[], text: string, kind: 'member' | 'claim'): Parsed {
  const { cells, error } = csvRow(text);
  if (error) return { ok: false, message: requestMessage('YR001', 'notCsv', notCsvArgs(error)) };
  if (cells.length !== header.length) return { ok: false, message: requestMessage('YR001', 'cellCount', { cells: cells.length, columns: header.length }) };
  const rec: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  header.forEach((h, i) => {
    const v = cells[i]!;
    if (v === '') return;
    if (LIST_COLUMNS.has(h)) rec[h] = v.split('|').map((x) => x.trim()).filter(Boolean);
    else if (!OWN_COLUMNS[kind].has(h)) attributes[h] = v === 'true' ? true : v === 'false' ? false : v;
    else rec[h] = v;
  });
  if (Object.keys(attributes).length) rec.attributes = attributes;
  return { ok: true, value: rec };
}

/**
 * The member id of a claim line, read cheaply to route the line before it is parsed, with JSON's
 * own meaning: escapes decoded and, of repeated keys, the last one. A line that could hide either
 * (a backslash, or "member" twice) is parsed.
 */
export function memberOf(line: string, format: Format, memberColumn: number): string | undefined {
  if (format === 'csv') return csvCells(line)[memberColumn];
  const at = line.indexOf('"member"');
  if (at < 0 && !line.includes('\\')) return undefined;
  if (!line.includes('\\') && line.indexOf('"member"', at + 1) < 0) {
    const m = /^"member"\s*:\s*"([^"]*)"/.exec(line.slice(at));
    if (m) return m[1];
  }
  const p = parseJsonLine(line);
  return p.ok && typeof p.value.member === 'string' ? p.value.member : undefined;
}
