// The inputs of a batch of bills through a chain (`yibao settle CHAIN --members FILE --bills FILE`):
// every line of both files read once, as JSON Lines or CSV (by extension), numbered as an editor
// shows it. A line that is not a record, has no id, or repeats an id already seen is rejected
// here, with its line; every other record goes on to be settled, and the chain's own checks
// (runtime/chain.ts) reject the rest. So every non-blank line ends as a result or an error.
import { requestError, requestMessage, type RequestError } from '../ir/request-errors';
import { withLines } from './shares';
import { csvCells, csvRecord, csvRow, formatOf, notCsvArgs, parseJsonLine, type Parsed } from './records';

export type ChainFile = 'members' | 'bills';

/** One reason a line was rejected; `layer` when a layer's plan gave it. */
export interface ChainReason {
  path: string;
  code: RequestError['code'];
  message: string;
  layer?: string;
}

/** A rejected line of the members or bills file, with every reason it was rejected for. */
export interface ChainRejected {
  file: ChainFile;
  line: number;
  bill?: string;
  member?: string;
  reasons: ChainReason[];
}

/**
 * A record of either file: its line, the record, and what orders it (for a member, `member` is its
 * id and `date` empty). Held as parsed: measured on 200,000 bills, holding the text instead and
 * parsing it again where it is settled took more time and no less memory.
 */
export interface Numbered {
  line: number;
  record: Record<string, unknown>;
  id: string;
  member: string;
  date: string;
}

export interface ChainInputs {
  /** Valid-looking member records by id. */
  members: Map<string, Numbered>;
  /** Bills by member id, in file order. */
  bills: Map<string, Numbered[]>;
  rejected: ChainRejected[];
  /** Non-blank lines of each file (a CSV file's header not counted). */
  memberLines: number;
  billLines: number;
}

/** Reads both files; `parts` are the chain's bill parts, which a CSV bills file has as columns. */
export function readChainInputs(membersPath: string, billsPath: string, parts: readonly string[]): ChainInputs {
  const inputs: ChainInputs = { members: new Map(), bills: new Map(), rejected: [], memberLines: 0, billLines: 0 };
  const reject = (file: ChainFile, line: number, e: RequestError, ids: { bill?: string; member?: string } = {}) =>
    inputs.rejected.push({ file, line, ...ids, reasons: [{ path: e.path, code: e.code, message: e.message }] });
  inputs.memberLines = eachRecord(membersPath, (h, t) => csvRecord(h, t, 'member'), (line, p) => {
    if (!p.ok) return reject('members', line, { path: '', code: 'YR001', message: p.message });
    const id = p.value.id;
    if (typeof id !== 'string') return reject('members', line, requestError({ path: '/id' }, 'YR001', 'missingField', { field: 'id' }));
    if (inputs.members.has(id)) return reject('members', line, requestError({ path: '/id' }, 'YR003', 'duplicateMember', { id }), { member: id });
    inputs.members.set(id, { line, record: p.value, id, member: id, date: '' });
  });
  const seen = new Set<string>();
  inputs.billLines = eachRecord(billsPath, (h, t) => csvBill(h, t, parts), (line, p) => {
    if (!p.ok) return reject('bills', line, { path: '', code: 'YR001', message: p.message });
    const { id, member } = p.value;
    const ids = { ...(typeof id === 'string' ? { bill: id } : {}), ...(typeof member === 'string' ? { member } : {}) };
    if (typeof id !== 'string') return reject('bills', line, requestError({ path: '/id' }, 'YR001', 'missingField', { field: 'id' }), ids);
    if (typeof member !== 'string') return reject('bills', line, requestError({ path: '/member' }, 'YR001', 'missingField', { field: 'member' }), ids);
    if (seen.has(id)) return reject('bills', line, requestError({ path: '/id' }, 'YR003', 'duplicateClaim', { id }), ids);
    seen.add(id);
    const bill = { line, record: p.value, id, member, date: typeof p.value.date === 'string' ? p.value.date : '' };
    const list = inputs.bills.get(member);
    if (list) list.push(bill);
    else inputs.bills.set(member, [bill]);
  });
  return inputs;
}

/** Calls `use` with each non-blank line's record; returns how many there were. */
function eachRecord(path: string, fromCsv: (header: string[], text: string) => Parsed, use: (line: number, p: Parsed) => void): number {
  const csv = formatOf(path) === 'csv';
  let header: string[] | undefined;
  let count = 0;
  withLines(path, 0, Number.MAX_SAFE_INTEGER, (r) => {
    while (r.next()) {
      if (r.blank()) continue;
      const text = r.text();
      if (csv && !header) {
        header = csvCells(text);
        continue;
      }
      count++;
      use(r.line, header ? fromCsv(header, text) : parseJsonLine(text));
    }
  });
  return count;
}

const BILL_COLUMNS = new Set(['id', 'member', 'date', 'setting']);

/**
 * A CSV bill as the JSON one: its own columns, `flags` split on "|", each column named as one of
 * the chain's bill parts a cost, and any other column a claim attribute.
 */
function csvBill(header: string[], text: string, parts: readonly string[]): Parsed {
  const { cells, error } = csvRow(text);
  if (error) return { ok: false, message: requestMessage('YR001', 'notCsv', notCsvArgs(error)) };
  if (cells.length !== header.length) return { ok: false, message: requestMessage('YR001', 'cellCount', { cells: cells.length, columns: header.length }) };
  const rec: Record<string, unknown> = {};
  const costs: Record<string, string> = {};
  const attributes: Record<string, unknown> = {};
  header.forEach((h, i) => {
    const v = cells[i]!;
    if (parts.includes(h)) costs[h] = v; // an empty cost is the chain's to reject, not to drop
    else if (v === '') return;
    else if (h === 'flags') rec.flags = v.split('|').map((x) => x.trim()).filter(Boolean);
    else if (BILL_COLUMNS.has(h)) rec[h] = v;
    else attributes[h] = v === 'true' ? true : v === 'false' ? false : v;
  });
  rec.costs = costs;
  if (Object.keys(attributes).length) rec.attributes = attributes;
  return { ok: true, value: rec };
}

/** Member ids in the order results are written: by UTF-16 code units, as JavaScript compares strings. */
export function memberOrder(inputs: ChainInputs): string[] {
  const ids = new Set([...inputs.members.keys(), ...inputs.bills.keys()]);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
