// The items of CSV claims, from a second CSV file (`--items`). Claim ids need only be unique within
// a member, so each row names its member and its claim. Nothing in the file is dropped: a row that
// cannot be read rejects the claim it names (with the row's line), and a row that names no claim of
// the run is an error of the items file (found after the run: every thread marks the rows it used).
import { readFileSync } from 'node:fs';
import { csvCells, csvRow, notCsvArgs } from './records';
import { BatchFileError } from './files';
import type { MemberError, Reason } from './members';
import { requestError, requestMessage, requestText } from '../ir/request-errors';

/** The rows of one claim: good rows as item records, and the rows that could not be read. */
export interface ItemGroup {
  index: number;
  member: string;
  claim: string;
  lines: number[];
  items: Record<string, string>[];
  bad: Reason[];
}

export interface ItemsTable {
  groups: Map<string, ItemGroup>;
  /** Rows that name no member or claim: errors of the file as it is read. */
  unkeyed: MemberError[];
  rows: number;
}

const ITEM_FIELDS = ['code', 'amount', 'class', 'category'];
export const keyOf = (member: string, claim: string) => `${member}\u0000${claim}`;

/** Reads the items file; a header without member and claim columns stops the run (BatchFileError). */
export function loadItems(path: string): ItemsTable {
  const lines = readFileSync(path, 'utf8').replace(/^\ufeff/, '').split('\n');
  const table: ItemsTable = { groups: new Map(), unkeyed: [], rows: 0 };
  let header: string[] | undefined;
  lines.forEach((raw, k) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    if (!header) {
      header = csvCells(text);
      for (const need of ['member', 'claim']) {
        if (!header.includes(need)) throw new BatchFileError(`--items: the header needs a "${need}" column (claim ids are unique only within a member) / 特药明细表头需要 ${need} 列`);
      }
      return;
    }
    table.rows++;
    addRow(table, header, text, k + 1);
  });
  return table;
}

function addRow(table: ItemsTable, header: string[], text: string, line: number): void {
  const { cells, error } = csvRow(text);
  const cell = (name: string) => cells[header.indexOf(name)] ?? '';
  const member = cell('member');
  const claim = cell('claim');
  const shape = { cells: cells.length, columns: header.length };
  // What is wrong with the row, in each language: not CSV, or the wrong number of cells.
  const fault = error ? requestText('YR001', 'notCsv', 'en', notCsvArgs(error)) : cells.length !== header.length ? requestText('YR001', 'cellCount', 'en', shape) : undefined;
  const faultZh = error ? requestText('YR001', 'notCsv', 'zh', notCsvArgs(error)) : fault && requestText('YR001', 'cellCount', 'zh', shape);
  if (member === '' || claim === '') {
    const message = fault ? `${fault} / ${faultZh}` : requestMessage('YR001', member === '' ? 'rowWithoutMember' : 'rowWithoutClaim');
    table.unkeyed.push({ line, reasons: [{ path: member === '' ? '/member' : '/claim', code: 'YR001', message }] });
    return;
  }
  const key = keyOf(member, claim);
  let g = table.groups.get(key);
  if (!g) table.groups.set(key, (g = { index: table.groups.size, member, claim, lines: [], items: [], bad: [] }));
  g.lines.push(line);
  if (fault) {
    g.bad.push(requestError({ path: '/items' }, 'YR001', 'itemsLine', { line, fault, faultZh: faultZh ?? fault }));
    return;
  }
  const item: Record<string, string> = {};
  for (const f of header) if (ITEM_FIELDS.includes(f) && cell(f) !== '') item[f] = cell(f);
  const extra = header.filter((h) => !ITEM_FIELDS.includes(h) && h !== 'member' && h !== 'claim' && cell(h) !== '');
  if (extra.length) g.bad.push(requestError({ path: '/items' }, 'YR001', 'itemsUnknownColumn', { line, column: extra[0]! }));
  else g.items.push(item);
}

/** The rows of groups no thread used: each an error naming its line. */
export function unmatchedRows(table: ItemsTable, used: Uint8Array): MemberError[] {
  const out: MemberError[] = [...table.unkeyed];
  for (const g of table.groups.values()) {
    if (used[g.index]) continue;
    for (const line of g.lines) {
      out.push({ line, member: g.member, claim: g.claim, reasons: [requestError({ path: '/claim' }, 'YR002', 'noClaimForItems', { claim: g.claim, member: g.member })] });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
