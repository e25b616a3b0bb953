// The members file of a batch run, indexed by member id and parsed only when a member's claims
// come up. Each share of the run indexes the ids it answers for; at the end it checks the records
// it never needed, so every bad member line is still reported, once, by the share it belongs to.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LineReader } from './bytes';
import { scanMember } from './claim-scan';
import { csvCells, csvRecord, formatOf, parseJsonLine, type Parsed } from './records';
import { requestError, type RequestCode } from '../ir/request-errors';

/** Why a record was rejected: the JSON pointer inside the record, a stable code, a message. */
export interface Reason {
  path: string;
  code: RequestCode;
  message: string;
}

/** A rejected line of the members (or items) file, once per line. */
export interface MemberError {
  line: number;
  member?: string;
  /** Items file: the claim the row names. */
  claim?: string;
  reasons: Reason[];
}

/** Checks a parsed member record against the plan; no reasons when it is good. */
export type MemberCheck = (record: Record<string, unknown>) => Reason[];

/** The member behind a claim: its record, or the line that was rejected, or nothing. */
export interface Lookup {
  record?: Record<string, unknown>;
  /** The entry, to mark the record checked (markValid, reject). */
  entry: number;
  /** The members-file line of the record. */
  line: number;
}

const jsonError = (message: string): Reason[] => [{ path: '', code: 'YR001', message }];

/** Files up to this size are read whole; larger ones are read a record at a time. */
const IN_MEMORY = 256 << 20;

/**
 * Where the member's id is when the line starts `{"id":"…"` with a plain string: enough to tell
 * whose share the line is in, and to find it again, without parsing it. -1 otherwise.
 */
function leadingIdEnd(b: Buffer, start: number, end: number): number {
  if (end - start < LEAD.length + 1) return -1;
  for (let k = 0; k < LEAD.length; k++) if (b[start + k] !== LEAD[k]) return -1;
  const from = start + LEAD.length;
  for (let j = from; j < end; j++) {
    const c = b[j]!;
    if (c === 0x22) return j > from && plainRest(b, j + 1, end) ? j : -1;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

/**
 * Whether the rest of a line can neither name another "id" (JSON keeps the last of duplicate keys)
 * nor spell one with escapes: no backslash and no `"id"` in it. Otherwise the line is parsed.
 */
function plainRest(b: Buffer, from: number, end: number): boolean {
  for (let j = from; j < end; j++) {
    const c = b[j]!;
    if (c === 0x5c) return false;
    if (c === 0x22 && b[j + 1] === 0x69 && b[j + 2] === 0x64 && b[j + 3] === 0x22 && j + 3 < end) return false;
  }
  return true;
}
const LEAD = Buffer.from('{"id":"');

/** FNV-1a over bytes: ids are found by this number, then compared byte for byte. */
function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h | 0;
}

/** Writes an ASCII string's bytes into `into`; false when it is longer or not ASCII. */
function asciiInto(s: string, into: Uint8Array): boolean {
  if (s.length > into.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return false;
    into[i] = c;
  }
  return true;
}

/** The bytes of the id being looked up: one buffer per thread, used only within a lookup. */
const LOOKUP_KEY = new Uint8Array(256);

/** A typed array in memory every thread can see: the main thread hands its index to workers. */
function shared<T extends Float64Array | Int32Array | Uint8Array>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  const Ctor = a.constructor as unknown as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const b = shared(Ctor, a.length * 2);
  b.set(a);
  return b;
}

/**
 * Per indexed line: its number, where its bytes are, the hash of its id, and whether it was checked
 * good or bad. Sized from a count of the file's lines: fresh memory is slow to touch, so none is
 * taken twice.
 */
class Entries {
  line: Float64Array;
  start: Float64Array;
  end: Float64Array;
  hash: Int32Array;
  /** 0 not checked yet, 1 good, 2 rejected; shared, each thread writing only its own members'. */
  state: Uint8Array;
  size = 0;

  constructor(capacity: number) {
    this.line = shared(Float64Array, capacity);
    this.start = shared(Float64Array, capacity);
    this.end = shared(Float64Array, capacity);
    this.hash = shared(Int32Array, capacity);
    this.state = shared(Uint8Array, capacity);
  }

  add(line: number, start: number, end: number, hash: number): number {
    if (this.size === this.line.length) {
      this.line = grown(this.line);
      this.start = grown(this.start);
      this.end = grown(this.end);
      this.hash = grown(this.hash);
      this.state = grown(this.state);
    }
    const i = this.size++;
    this.line[i] = line;
    this.start[i] = start;
    this.end[i] = end;
    this.hash[i] = hash;
    return i;
  }
}

/** Lines in the bytes: an upper bound on the records. */
function lineCount(b: Buffer): number {
  let n = 1;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** A built index as it crosses to a worker: shared memory, and copies of the few objects. */
export interface SharedMembers {
  whole: Uint8Array;
  slots: Int32Array;
  entries: Entries;
  parsed: Map<number, Record<string, unknown>>;
  idBytes: Map<number, Uint8Array>;
  rejected: MemberError[];
  duplicates: MemberError[];
  anonymous: MemberError[];
}

/** Entry states: not read yet; read as JSON; rejected; checked against the plan and good. */
const UNCHECKED = 0;
const PARSED = 1;
const REJECTED = 2;
const VALID = 3;

/** How the members file ended: every record line is a valid member or a rejected line. */
export interface MemberCounts {
  lines: number;
  valid: number;
  rejected: number;
}

export class MemberIndex {
  /** Open addressing over id hashes: entry + 1, or 0 for a free slot. */
  private slots: Int32Array;
  private at: Entries;
  /** Records parsed while indexing (their id had to be parsed out), by entry, and their ids' bytes. */
  private parsed = new Map<number, Record<string, unknown>>();
  private idBytes = new Map<number, Uint8Array>();
  /** Lines this thread rejected (bad JSON, a record the plan rejects). */
  private rejected: MemberError[] = [];
  /** Second lines for an id that has a record already. */
  private duplicates: MemberError[] = [];
  /** Lines with no id that can be read. */
  private anonymous: MemberError[] = [];
  private fd = -1;
  private whole?: Buffer;
  /** The entry the last lookup found; -1 before any. */
  private last = -1;

  /** A worker's view of the index the main thread built (see share()). */
  static fromShared(d: SharedMembers): MemberIndex {
    const x = Object.create(MemberIndex.prototype) as MemberIndex;
    Object.assign(x, {
      slots: d.slots, parsed: d.parsed, idBytes: d.idBytes, rejected: [], duplicates: d.duplicates, anonymous: d.anonymous, fd: -1, last: -1,
      whole: Buffer.from(d.whole.buffer, d.whole.byteOffset, d.whole.length),
      at: Object.assign(Object.create(Entries.prototype), d.entries),
    });
    x.rejected.push(...d.rejected);
    return x;
  }

  /** The index for another thread, when the file is held in memory (shared, not copied). */
  share(): SharedMembers | undefined {
    if (!this.whole) return undefined;
    const { slots, at, parsed, idBytes, rejected, duplicates, anonymous } = this;
    return { whole: this.whole, slots, entries: at, parsed, idBytes, rejected: [...rejected], duplicates, anonymous };
  }

  /** Indexes every member of the file by id. */
  constructor(path: string) {
    this.fd = openSync(path, 'r');
    const size = fstatSync(this.fd).size;
    if (size <= IN_MEMORY) {
      this.whole = Buffer.from(new SharedArrayBuffer(size));
      for (let off = 0; off < size; ) off += readSync(this.fd, this.whole, off, size - off, off);
    }
    const capacity = this.whole ? lineCount(this.whole) : 1 << 16;
    this.at = new Entries(capacity);
    this.slots = shared(Int32Array, 1 << Math.ceil(Math.log2(capacity * 2 + 2)));
    const csv = formatOf(path) === 'csv';
    let header: string[] | undefined;
    const r = this.whole ? LineReader.over(this.whole) : new LineReader(this.fd, 0, size);
    while (r.next()) {
      if (r.blank()) continue;
      if (csv && !header) {
        header = csvCells(r.text());
        continue;
      }
      this.indexLine(r, csv ? header : undefined);
    }
  }

  private indexLine(r: LineReader, header: string[] | undefined): void {
    const idEnd = header || !this.whole ? -1 : leadingIdEnd(r.buf, r.start, r.end);
    let key: Buffer;
    let from: number;
    let to: number;
    let value: Record<string, unknown> | undefined;
    if (idEnd >= 0) {
      key = r.buf;
      from = r.start + LEAD.length;
      to = idEnd;
    } else {
      const p: Parsed = header ? csvRecord(header, r.text(), 'member') : parseJsonLine(r.text());
      if (!p.ok) return void this.anonymous.push({ line: r.line, reasons: jsonError(p.message) });
      if (typeof p.value.id !== 'string') return void this.anonymous.push({ line: r.line, reasons: [requestError({ path: '/id' }, 'YR001', 'missingMemberId')] });
      value = p.value;
      key = Buffer.from(p.value.id, 'utf8');
      from = 0;
      to = key.length;
    }
    const hash = hashBytes(key, from, to);
    const before = this.find(hash, key, from, to);
    if (before >= 0 && this.parse(before) !== undefined) {
      const id = key.toString('utf8', from, to);
      this.duplicates.push({ line: r.line, member: id, reasons: [requestError({ path: '/id' }, 'YR003', 'duplicateMemberLine', { id, line: this.at.line[before]! })] });
      return;
    }
    // A first line that was rejected gives way to this one: it comes first in the chain.
    const i = this.at.add(r.line, r.offset, r.offset + (r.end - r.start), hash);
    this.insert(i);
    if (value) {
      this.idBytes.set(i, key);
      this.at.state[i] = PARSED;
      // Kept when the file is in memory; a file too big for that is read again when needed.
      if (this.whole) this.parsed.set(i, value);
    }
  }

  private insert(i: number): void {
    if ((this.at.size + 1) * 2 > this.slots.length) {
      const old = this.slots;
      this.slots = shared(Int32Array, old.length * 2);
      for (const x of old) if (x > 0) this.place(x - 1);
    }
    this.place(i);
  }

  private place(i: number): void {
    const mask = this.slots.length - 1;
    let k = this.at.hash[i]! & mask;
    while (this.slots[k] !== 0) k = (k + 1) & mask;
    this.slots[k] = i + 1;
  }

  /** The newest entry whose id is the bytes b[from, to), or -1. */
  private find(hash: number, b: Uint8Array, from: number, to: number): number {
    const mask = this.slots.length - 1;
    let found = -1;
    for (let k = hash & mask; this.slots[k] !== 0; k = (k + 1) & mask) {
      const i = this.slots[k]! - 1;
      if (this.at.hash[i] !== hash || i < found) continue;
      if (this.idIs(i, b, from, to)) found = i;
    }
    return found;
  }

  /** Whether entry i's id is the bytes b[from, to), exactly (b may hold more after them). */
  private idIs(i: number, b: Uint8Array, from: number, to: number): boolean {
    const len = to - from;
    const own = this.idBytes.size === 0 ? undefined : this.idBytes.get(i);
    let src: Uint8Array;
    let s: number;
    if (own) {
      if (own.length !== len) return false;
      src = own;
      s = 0;
    } else {
      src = this.whole!;
      s = this.at.start[i]! + LEAD.length;
      // The id in the line ends at its closing quote.
      if (s + len > this.at.end[i]! || src[s + len] !== 0x22) return false;
    }
    for (let x = 0; x < len; x++) if (src[s + x] !== b[from + x]) return false;
    return true;
  }

  private idOf(i: number): string {
    const own = this.idBytes.get(i);
    return own ? Buffer.from(own).toString('utf8') : this.whole!.toString('utf8', this.at.start[i]! + LEAD.length, leadingIdEnd(this.whole!, this.at.start[i]!, this.at.end[i]!));
  }

  /**
   * The entry's record, or undefined when its line is rejected (the reason is kept, once).
   * Records parsed here are not kept: a member's claims come up once in a sorted file, and a
   * year of members held in memory would only slow the collector down.
   */
  private parse(i: number): Record<string, unknown> | undefined {
    if (this.at.state[i] === REJECTED) return undefined;
    const kept = this.parsed.get(i);
    if (kept) return kept;
    const start = this.at.start[i]!;
    const end = this.at.end[i]!;
    // The common shape straight from the bytes; anything else through JSON.parse. The offsets
    // (doubles, from a Float64Array) go to the scanner as small integers, as a claim line's do:
    // a file held whole is under 256 MB, and a scanner whose fields changed kind would be
    // compiled again.
    const scanned = this.whole ? scanMember(this.whole, start | 0, end | 0) : undefined;
    const p: Parsed = scanned ? { ok: true, value: scanned } : parseJsonLine(this.whole ? this.whole.toString('utf8', start, end) : this.read(start, end));
    if (!p.ok) {
      this.reject(i, jsonError(p.message));
      return undefined;
    }
    if (this.at.state[i] === UNCHECKED) this.at.state[i] = PARSED;
    return p.value;
  }

  private read(start: number, end: number): string {
    const b = Buffer.allocUnsafe(end - start);
    for (let off = 0; off < b.length; ) off += readSync(this.fd, b, off, b.length - off, start + off);
    return b.toString('utf8');
  }

  /** The member's record (undefined when its line was rejected), or undefined when the file has none. */
  lookup(id: string): Lookup | undefined {
    // An ASCII id (the usual) is copied into a buffer kept for it, not made a Buffer of its own.
    const ascii = asciiInto(id, LOOKUP_KEY);
    const key = ascii ? LOOKUP_KEY : Buffer.from(id, 'utf8');
    const len = ascii ? id.length : key.length;
    // Claims sorted by member meet the members in the members file's order when it is sorted the
    // same way (the usual export): the entry after the last one found is tried before the hash
    // table, whose slots lie anywhere in memory. It is the id's newest entry unless its line was
    // rejected (a later line for the id is indexed only after a rejected one): then the table decides.
    const next = this.last + 1;
    const i = next < this.at.size && this.at.state[next] !== REJECTED && this.idIs(next, key, 0, len) ? next : this.find(hashBytes(key, 0, len), key, 0, len);
    if (i >= 0) this.last = i;
    return i < 0 ? undefined : { record: this.parse(i), entry: i, line: this.at.line[i]! };
  }

  /** The record was checked against the plan and is good. */
  markValid(entry: number): void {
    this.at.state[entry] = VALID;
  }

  /** The record is rejected (once: a record already rejected keeps its first reasons). */
  reject(entry: number, reasons: Reason[]): void {
    if (this.at.state[entry] === REJECTED) return;
    this.at.state[entry] = REJECTED;
    this.rejected.push({ line: this.at.line[entry]!, member: this.idOf(entry), reasons });
  }

  /** The member lines this thread rejected while settling (the main thread merges them). */
  rejections(): MemberError[] {
    return this.rejected;
  }

  /**
   * After the run, on the main thread: checks every record no claim needed, and returns every
   * rejected line this index knows of with the counts that must reconcile.
   */
  finish(check: MemberCheck): { errors: MemberError[]; counts: MemberCounts } {
    let valid = 0;
    let rejected = 0;
    for (let i = 0; i < this.at.size; i++) {
      const state = this.at.state[i];
      if (state === UNCHECKED || state === PARSED) {
        const record = this.parse(i);
        const reasons = record ? check(record) : [];
        if (record && reasons.length === 0) this.markValid(i);
        else if (record) this.reject(i, reasons);
      }
      if (this.at.state[i] === VALID) valid++;
      else if (this.at.state[i] === REJECTED) rejected++;
    }
    const errors = [...this.rejected, ...this.duplicates, ...this.anonymous];
    const lines = this.at.size + this.duplicates.length + this.anonymous.length;
    return { errors, counts: { lines, valid, rejected: rejected + this.duplicates.length + this.anonymous.length } };
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
