// The byte form of the result lists (result-fields.ts): exactly what JSON.stringify writes for the
// object form, fields marked objectOnly left out. A list is made once into a program of ops: every
// constant stretch (braces, keys, separators, quotes, and per benefit its name and label) becomes
// one piece of bytes, so writing a record copies pieces and writes only its values, allocating
// nothing. Kept out of the object form's module: the editor's bundle has no use for it.
import type { BenefitDef, Field, ValueField } from './result-fields';

/**
 * Constant bytes made ready for copying four at a time: their 32-bit words (read little-endian, as
 * they are stored) and the one to three bytes after them. A result line is mostly such pieces.
 */
export class Piece {
  readonly words: Uint32Array;
  readonly tail: Uint8Array;
  readonly length: number;
  constructor(bytes: Uint8Array) {
    const k = bytes.length >> 2;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.words = Uint32Array.from({ length: k }, (_, i) => view.getUint32(i * 4, true));
    this.tail = bytes.slice(k * 4);
    this.length = bytes.length;
  }
}

/** Where bytes go (batch's ByteSink). */
export interface ByteWriter {
  byte(c: number): void;
  bytes(b: Uint8Array): void;
  piece(p: Piece): void;
  text(s: string): void;
  /** A JSON string, quotes included, escaped as JSON.stringify escapes it. */
  json(s: string): void;
  /** Fen as yuan with two decimals, no quotes. */
  fen(fen: number): void;
  /** Room for n more bytes, to be stored through `view` from the position returned; then pos += n. */
  reserve(n: number): number;
  readonly view: DataView;
  pos: number;
}

// What an op writes after its piece: nothing, a value the common way, a list, or (OTHER) a value
// that may be absent, is kept as bytes, or is rare (an integer, JSON).
export const NONE = 0;
export const MONEY = 1;
export const TEXT = 2;
export const LIST = 3;
export const OTHER = 4;

type Get = (s: unknown, row: number) => unknown;

/** One step of a program: a constant piece, then a value; one class, so the loop sees one shape. */
export class Op {
  constructor(
    readonly code: number,
    /** The constant bytes before the value; for an optional value, its comma, key and opening quote. */
    readonly before: Piece | undefined,
    /** Instead of `before`, one piece per benefit, chosen by `row` (the row's benefit). */
    readonly table: Piece[] | undefined,
    readonly row: Get | undefined,
    readonly field: ValueField | undefined,
    readonly get: Get | undefined,
    /** An optional money value's closing quote. */
    readonly after: Piece | undefined,
    readonly list: { rows: (s: unknown) => unknown; count: (rows: unknown) => number; ops: Op[] } | undefined,
    /** Bytes of values seen, for values that repeat (the plan's reasons, its rules' ranges). */
    readonly cache: Map<unknown, Uint8Array> | undefined,
  ) {}
}

export type ResultProgram = readonly Op[];

const encoder = new TextEncoder();
// Stryker disable next-line ArrowFunction: made once at module load, where a mutation run cannot switch it; every test that writes bytes goes through it
const utf8 = (s: string) => encoder.encode(s);
const piece = (s: string) => new Piece(utf8(s));

/** The program writing records of `fields`; `defs` are the plan's benefits, in plan order. */
export function resultProgram(fields: readonly Field[], defs: readonly BenefitDef[]): ResultProgram {
  return compile(fields, defs, undefined);
}

function compile(fields: readonly Field[], defs: readonly BenefitDef[], benefitOf: Get | undefined): Op[] {
  const p = new Pieces(benefitOf);
  let first = true;
  for (const f of fields) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: only value fields are ever object-only; the kind tests narrow the type
    if (f.kind !== 'list' && f.kind !== 'benefit' && f.objectOnly) continue;
    // Stryker disable next-line all: guards the field lists of result-fields.ts, whose first fields are never optional (a programming error, not an input)
    const mayBeAbsent = f.kind === 'benefit' ? defs.some((d) => f.of(d) === undefined) : f.kind !== 'list' && f.optional;
    // Stryker disable next-line all: see above
    if (first && mayBeAbsent) throw new Error(`${f.key}: a record's first field cannot be optional`);
    const key = `${first ? '' : ','}${JSON.stringify(f.key)}:`;
    first = false;
    if (f.kind === 'benefit') p.perBenefit(key, defs.map((d) => f.of(d)));
    else if (f.kind === 'list') p.list(key, { rows: f.rows, count: f.count, ops: compile(f.fields, defs, f.benefitOf) });
    else p.value(key, f);
  }
  return p.end();
}

/**
 * A record's ops as they are made. Constant text waits in `pending` until the op of the next
 * value takes it as its piece; after a benefit field it is one text per benefit (a table). The
 * record's first field is never optional, so the comma before every later field is constant.
 */
class Pieces {
  private readonly ops: Op[] = [];
  private pending: string | string[] = '{';
  constructor(private readonly benefitOf: Get | undefined) {}

  private add(s: string): void {
    const p = this.pending;
    this.pending = typeof p === 'string' ? p + s : p.map((x) => x + s);
  }

  private emit(code: number, f?: ValueField, list?: Op['list'], after?: string): void {
    const p = this.pending;
    const table = typeof p === 'string' ? undefined : p.map(piece);
    // Stryker disable next-line all: guards the field lists of result-fields.ts, where benefit fields are in benefit rows only (a programming error, not an input)
    if (table && !this.benefitOf) throw new Error('a benefit field outside a list of benefit rows');
    // Stryker disable next-line all: no text and empty text write the same bytes
    const before = typeof p === 'string' && p !== '' ? piece(p) : undefined;
    const cache = f?.repeats ? new Map<unknown, Uint8Array>() : undefined;
    this.ops.push(new Op(code, before, table, table && this.benefitOf, f, f?.get, after ? piece(after) : undefined, list, cache));
    this.pending = '';
  }

  /** A field of the benefit itself: its text, per benefit, joins the constant pieces. */
  perBenefit(key: string, values: (string | undefined)[]): void {
    const p = this.pending;
    this.pending = values.map((v, b) => (typeof p === 'string' ? p : p[b]!) + (v === undefined ? '' : key + JSON.stringify(v)));
  }

  list(key: string, list: NonNullable<Op['list']>): void {
    this.add(`${key}[`);
    this.emit(LIST, undefined, list);
    this.pending = ']';
  }

  value(key: string, f: ValueField): void {
    const quote = f.kind === 'money' ? '"' : '';
    // Stryker disable next-line ConditionalExpression: a value that is always present, written as an optional one, writes the same bytes
    if (f.optional) {
      // Its key is written only with its value: a piece of its own.
      // Stryker disable next-line all: an op writing empty text writes nothing
      if (this.pending !== '') this.emit(NONE);
      this.pending = key + quote;
      this.emit(OTHER, f, undefined, quote);
      return;
    }
    this.add(key + quote);
    // Stryker disable next-line ConditionalExpression,StringLiteral: every code writes the value's JSON; the specific ones only do it faster
    this.emit(f.repeats ? OTHER : f.kind === 'money' ? MONEY : f.kind === 'text' ? TEXT : OTHER, f);
    this.pending = quote;
  }

  end(): Op[] {
    this.add('}');
    this.emit(NONE);
    return this.ops;
  }
}

/** Writes record `s` (row `row` of its list) as JSON, with no newline. */
export function writeRecord(w: ByteWriter, ops: ResultProgram, s: unknown, row: number): void {
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    // Every op but OTHER has its text before it (see value()); OTHER writes its own.
    if (op.table !== undefined) w.piece(op.table[op.row!(s, row) as number]!);
    else if (op.code !== OTHER) w.piece(op.before!);
    switch (op.code) {
      case NONE:
        break;
      case MONEY:
        w.fen(op.get!(s, row) as number);
        break;
      case TEXT:
        w.json(op.get!(s, row) as string);
        break;
      case LIST:
        writeList(w, op.list!, s);
        break;
      default:
        writeOther(w, op, op.get!(s, row));
    }
  }
}

function writeList(w: ByteWriter, l: NonNullable<Op['list']>, s: unknown): void {
  const rows = l.rows(s);
  const n = l.count(rows);
  for (let i = 0; i < n; i++) {
    if (i > 0) w.byte(0x2c);
    writeRecord(w, l.ops, rows, i);
  }
}

/** A value that may be absent (then its key is not written either), kept as bytes, or rare. */
export function writeOther(w: ByteWriter, op: Op, v: unknown): void {
  const f = op.field!;
  // Stryker disable next-line ConditionalExpression: a value that is always present, written as an optional one, writes the same bytes
  if (f.optional) {
    if (v === undefined) return;
    w.piece(op.before!);
  } else if (op.before !== undefined) w.piece(op.before); // right after a benefit field the key is in the row's piece (op.table), written already
  // Stryker disable next-line ConditionalExpression: the cache holds each value's JSON: the same bytes as writing it
  if (op.cache) w.bytes(cached(op.cache, v));
  else if (f.kind === 'money') w.fen(v as number);
  else {
    // Stryker disable next-line ConditionalExpression,StringLiteral: w.json writes the bytes JSON.stringify writes, only faster
    if (f.kind === 'text') w.json(v as string);
    else w.text(JSON.stringify(v));
  }
  if (op.after) w.piece(op.after);
}

function cached(cache: Map<unknown, Uint8Array>, v: unknown): Uint8Array {
  let b = cache.get(v);
  // Stryker disable next-line ConditionalExpression: a value made again is the same bytes
  if (!b) {
    b = utf8(JSON.stringify(v));
    // Bounded: a plan's reasons and rules are few; anything else is written, not kept.
    // Stryker disable next-line all: kept or not, the same bytes; the bound only limits memory
    if (cache.size < 10_000) cache.set(v, b);
  }
  return b;
}
