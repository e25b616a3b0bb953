// Batch files as bytes: lines read from a byte range of a file into one reused buffer, and output
// built in one reused buffer and written in large blocks. Nothing per line reaches the heap unless
// the line needs it.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { Piece } from '../runtime/result-bytes';

const CHUNK = 4 << 20;

/**
 * Zero, as the double -0: the first value of a field that holds file offsets or byte counts. V8
 * gives a field the representation of its first value; one that starts as a small integer and is
 * later given a double (an offset read from a Float64Array, or one past 2^30) changes the shape of
 * every object of its class, and the compiled code that reads them is thrown away and compiled
 * again, in the middle of the run's warm-up. -0 === 0, and -0 plus any count or offset is that
 * count or offset.
 */
// Stryker disable next-line UnaryOperator: +0 gives the same results; only the compiled code's shapes differ
export const DOUBLE_ZERO = -0;

/**
 * The lines of bytes [from, to) of a file, numbered from 1 at `from`. After next() returns true,
 * the line is buf[start, end), without its "\n" or "\r\n".
 */
export class LineReader {
  buf: Buffer;
  start = 0;
  end = 0;
  line = 0;
  /** The file offset of the current line. */
  offset = DOUBLE_ZERO;
  /** Bytes of the range consumed so far, for progress. */
  consumed = 0;
  private filled = 0;
  private next0 = 0;
  private pos = DOUBLE_ZERO;
  /** Where the range ends: lines starting here or later are not read. */
  to = DOUBLE_ZERO;
  // Stryker disable next-line BooleanLiteral: reset() sets it before any read
  private eof = false;

  /**
   * `buf` is where the bytes go: a thread reading many ranges passes the same one every time, since
   * fresh memory costs more to touch than the reading itself. It grows for a line longer than it.
   */
  constructor(
    private readonly fd: number,
    from: number,
    to: number,
    buf?: Buffer,
  ) {
    this.buf = buf ?? Buffer.allocUnsafe(CHUNK);
    this.reset(from, to);
  }

  /** Starts over on bytes [from, to), keeping the buffer. */
  reset(from: number, to: number): void {
    this.start = this.end = this.line = this.consumed = this.filled = this.next0 = 0;
    this.offset = this.pos = from;
    this.to = to;
    this.eof = false;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: descriptor 0 is never a claims file; bytes in memory start past 0 unless there are none
    if (from === 0 && this.fd >= 0) {
      // Enough bytes to see a byte order mark, however small the buffer.
      // Stryker disable ConditionalExpression,EqualityOperator: more bytes give the same lines (the bound keeps memory small)
      do this.fill();
      while (this.filled < 3 && !this.eof);
      // Stryker restore ConditionalExpression,EqualityOperator
      if (this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.next0 = 3; // byte order mark
    }
  }

  private fill(): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: moving the unread bytes down spares memory; growing gives the same lines
    if (this.next0 > 0) {
      this.buf.copy(this.buf, 0, this.next0, this.filled);
      this.filled -= this.next0;
      this.next0 = 0;
    }
    if (this.filled === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2); // a line longer than the buffer
      this.buf.copy(bigger, 0, 0, this.filled);
      this.buf = bigger;
    }
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression,EqualityOperator: bytes read past the range are never given out (next())
    const want = Math.min(this.buf.length - this.filled, this.to - this.pos);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a read of 0 bytes returns 0
    const n = want > 0 ? readSync(this.fd, this.buf, this.filled, want, this.pos) : 0;
    if (n === 0) this.eof = true;
    this.filled += n;
    this.pos += n;
  }

  next(): boolean {
    // Stryker disable next-line all: reads stop at the range's end too (fill()); this stops sooner
    if (this.pos - this.filled + this.next0 >= this.to) return false;
    for (;;) {
      const nl = this.buf.indexOf(10, this.next0);
      if (nl >= 0 && nl < this.filled) {
        this.take(nl, nl + 1);
        return true;
      }
      if (this.eof) {
        if (this.next0 >= this.filled) return false;
        this.take(this.filled, this.filled);
        return true;
      }
      this.fill();
    }
  }

  private take(end: number, after: number): void {
    this.offset = this.pos - this.filled + this.next0;
    this.start = this.next0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: before an empty line is the last one's "\n", never "\r"
    this.end = end > this.start && this.buf[end - 1] === 13 ? end - 1 : end;
    this.consumed += after - this.next0;
    this.next0 = after;
    this.line++;
  }

  /** The lines of bytes already in memory. */
  static over(bytes: Buffer): LineReader {
    // Stryker disable next-line UnaryOperator: a reader starting past 0 never reads its descriptor
    const r = new LineReader(-1, bytes.length, bytes.length, bytes);
    r.filled = bytes.length;
    // Stryker disable next-line BooleanLiteral: a read of the descriptor-less reader finds nothing and says so
    r.eof = true;
    r.to = bytes.length;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) r.next0 = 3;
    return r;
  }

  /** The current line as text (UTF-8). */
  text(): string {
    return this.buf.toString('utf8', this.start, this.end);
  }

  /** Whether the current line holds only whitespace. */
  blank(): boolean {
    const b = this.buf;
    // Stryker disable next-line BooleanLiteral: the general test below agrees, slower
    let ascii = true;
    for (let i = this.start; i < this.end; i++) {
      const c = b[i]!;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: DEL is no whitespace either way; the general test agrees
      if (c > 0x7f) ascii = false;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0b && c !== 0x0c && c !== 0x0d) return false;
    }
    return ascii || this.text().trim() === '';
  }
}

/** The most bytes one write system call is given (see writeFully). */
export const WRITE_MOST = 512 << 10;

/**
 * Bytes [0, len) of `buf` written whole to `fd`, at `position` or (null) where the file is, in
 * writes of at most WRITE_MOST bytes. Linux's page cache takes writes of up to 1 MB at an even
 * pace; bigger ones now and then cost many times as much (400 MB to a new file on this project's
 * test machine: in 512 KB writes 68 – 71 ms every time, in 4 MB writes 70 – 1,000 ms).
 */
export function writeFully(fd: number, buf: Uint8Array, len: number, position: number | null = null): void {
  for (let off = 0; off < len; ) {
    const n = Math.min(len - off, WRITE_MOST);
    off += writeSync(fd, buf, off, n, position === null ? null : position + off);
  }
}

const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i);
/** "00" … "99" as bytes: PAIRS[2n], PAIRS[2n + 1] are the digits of n. */
const PAIRS = Uint8Array.from(Array.from({ length: 100 }, (_, n) => [0x30 + Math.floor(n / 10), 0x30 + (n % 10)]).flat());

/** "0.00" as a 32-bit word, little-endian. */
const ZERO_YUAN = 0x30302e30;

const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.length);

/** Bytes appended to a buffer and written to a file descriptor in large blocks. */
export class ByteSink {
  private b: Buffer = Buffer.allocUnsafe(1 << 20);
  /** The buffer as a DataView, which stores four bytes at once at any offset (piece()). */
  view = viewOf(this.b);
  pos = 0;

  constructor(readonly fd: number) {}

  get buf(): Buffer {
    return this.b;
  }
  set buf(b: Buffer) {
    this.b = b;
    this.view = viewOf(b);
  }

  private room(n: number): void {
    // Stryker disable next-line EqualityOperator: draining early writes the same bytes
    if (this.pos + n > this.buf.length) this.drain(n);
  }

  /** Room for n more bytes, to be stored through `view` from the position returned; then pos += n. */
  reserve(n: number): number {
    this.room(n);
    return this.pos;
  }

  /** Makes room for n more bytes: writes what the buffer holds to the file. */
  protected drain(n: number): void {
    this.flush();
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a new buffer when the old one would do writes the same bytes
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n * 2);
  }

  /** Bytes written to the file so far. */
  flushed = DOUBLE_ZERO;

  /** Bytes taken so far, written or not. */
  get size(): number {
    return this.flushed + this.pos;
  }

  flush(): void {
    writeFully(this.fd, this.buf, this.pos);
    this.flushed += this.pos;
    this.pos = 0;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.drain(1);
    this.buf[this.pos++] = c;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    // Stryker disable ConditionalExpression,EqualityOperator: two ways to copy the same bytes; one past the end is overwritten before it is written out
    if (n > 32) this.buf.set(b, this.pos);
    else {
      // Short pieces (most of a result line) copy faster by hand than through set().
      const d = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) d[p++] = b[i]!;
    }
    // Stryker restore ConditionalExpression,EqualityOperator
    this.pos += n;
  }

  /** Constant bytes: most of a result line, copied a word at a time. */
  piece(p: Piece): void {
    this.room(p.length);
    const view = this.view;
    const words = p.words;
    let at = this.pos;
    for (let i = 0; i < words.length; i++, at += 4) view.setUint32(at, words[i]!, true);
    const tail = p.tail;
    const b = this.b;
    for (let i = 0; i < tail.length; i++) b[at++] = tail[i]!;
    this.pos = at;
  }

  /** Text as UTF-8. */
  text(s: string): void {
    const n = s.length;
    // Stryker disable next-line all: a long text goes to write() at once, a short one byte by byte until it needs write(): the same bytes
    if (n > 64) {
      this.room(n * 3);
      this.pos += this.buf.write(s, this.pos);
      return;
    }
    this.room(n * 3);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: write() gives ASCII the same bytes
      if (c > 0x7f) {
        this.pos += b.write(s, this.pos);
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /**
   * Text as a JSON string, escaped exactly as JSON.stringify escapes it. Ids and dates are short
   * printable ASCII: those are copied in one pass; anything else is left to JSON.stringify.
   */
  json(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: JSON.stringify writes any text right; this only keeps plain text off it
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return this.text(JSON.stringify(s));
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  /** Fen as yuan with two decimals: 123456 → 1234.56. */
  fen(fen: number): void {
    this.room(24);
    // Half the amounts of a result line are zero.
    // Stryker disable next-line ConditionalExpression,BlockStatement: the digits below write zero as the same four bytes, more slowly
    if (fen === 0) {
      this.view.setUint32(this.pos, ZERO_YUAN, true);
      this.pos += 4;
      return;
    }
    const b = this.buf;
    let a = fen;
    // Stryker disable next-line EqualityOperator: zero has been written above
    if (a < 0) {
      b[this.pos++] = 0x2d;
      a = -a;
    }
    let yuan = Math.floor(a / 100);
    const cents = a - yuan * 100;
    let digits = 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an amount has at most 16 digits; past the table the comparison is false
    while (digits < 16 && yuan >= POW10[digits]!) digits++;
    let p = this.pos + digits;
    this.pos = p;
    // Two digits per division, from a table.
    while (yuan >= 100) {
      const q = Math.floor(yuan / 100);
      const r = (yuan - q * 100) * 2;
      b[--p] = PAIRS[r + 1]!;
      b[--p] = PAIRS[r]!;
      yuan = q;
    }
    if (yuan >= 10) {
      b[--p] = PAIRS[yuan * 2 + 1]!;
      b[--p] = PAIRS[yuan * 2]!;
    } else b[--p] = 0x30 + yuan;
    b[this.pos++] = 0x2e;
    b[this.pos++] = PAIRS[cents * 2]!;
    b[this.pos++] = PAIRS[cents * 2 + 1]!;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export const openForAppend = (path: string) => openSync(path, 'a');
export const openForWrite = (path: string) => openSync(path, 'w');
