// How a sorted claims file is shared out between threads: in chunks of bytes, taken in file order
// from one cursor by whichever thread is free, each settled as the run of members whose lines it
// holds (regionAt), and its results written at their place in the output file as soon as every
// chunk before it is done. So the cores, which need not be equally fast, finish together, and no
// result is copied twice. The state of the run lives in memory every thread sees (Board).
import { closeSync, openSync } from 'node:fs';
import { LineReader } from './bytes';
import { scanClaim } from './claim-scan';
import { memberOf, type Format } from './records';

export interface ClaimsFile {
  path: string;
  format: Format;
  size: number;
  header?: string[];
  memberColumn: number;
  /** CSV: where the line after the header starts (0 for JSON Lines); no chunk is cut before it. */
  bodyStart: number;
}

/** The member id of the current line of `r`, or undefined when it has none that can be read. */
function memberAt(r: LineReader, f: ClaimsFile): string | undefined {
  const scanned = f.format === 'jsonl' ? scanClaim(r.buf, r.start, r.end) : undefined;
  return scanned ? scanned.member : memberOf(r.text(), f.format, f.memberColumn);
}

export function withLines<T>(path: string, from: number, to: number, use: (r: LineReader) => T): T {
  const fd = openSync(path, 'r');
  try {
    return use(new LineReader(fd, from, to));
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the run of members of a chunk starting at byte `at` begins: at the first line after `at`
 * whose member differs from that of the first complete line after `at` (lines whose member cannot
 * be read do not count). The thread settling the chunk before reads up to here. Every thread
 * computes the same point from the bytes alone, so no line is settled twice or left out, and a
 * member's lines are never split (in a sorted file). `known`: a long member found earlier, whose
 * lines run from before `known.from` to `known.to`; a chunk inside it starts nothing.
 */
export function regionAt(f: ClaimsFile, r: LineReader, at: number, known?: { from: number; to: number }): number {
  if (at <= 0) return 0;
  if (at >= f.size) return f.size;
  // Reading from the byte before `at` makes the first line read the rest of a line.
  r.reset(at - 1, f.size);
  r.next();
  let first: string | undefined;
  while (r.next()) {
    if (r.blank()) continue;
    const m = memberAt(r, f);
    if (m === undefined) continue;
    if (first === undefined) {
      if (known && known.from <= at && r.offset < known.to) return known.to;
      first = m;
    } else if (m !== first) return r.offset;
  }
  return f.size;
}

// Int32 flags.
const STOP = 0;
const LOCK = 1;
const MEMBERS_READY = 2;
/** Chunks before this one are done; where each one's results go is known, and this one's too. */
const FRONTIER = 3;
/** Chunks taken so far: whose turn it is, with `inTurn`. */
const TURN = 4;
// Float64 values.
const CURSOR = 0;
const TAKEN = 1;
const LONG_FROM = 2;
const LONG_TO = 3;
const PROGRESS = 4;
/** Per share: bytes, claims, errors. */
const PER_SHARE = 3;
// The chunk table, per chunk: from, to, bytes of results, lines of its region, where its results go.
const FROM = 0;
const TO = 1;
const SIZE = 2;
const LINES = 3;
const OFFSET = 4;
const PER_CHUNK = 5;

export interface Chunk {
  index: number;
  from: number;
  to: number;
}

export interface BoardBuffers {
  flags: SharedArrayBuffer;
  values: SharedArrayBuffer;
  table: SharedArrayBuffer;
}

/**
 * Memory shared by the threads of a run: whether it stopped, the chunk cursor and table, how far
 * the results are placed, and per share the bytes, claims and errors so far (for progress).
 */
export class Board {
  private readonly flags: Int32Array;
  private readonly values: Float64Array;
  private readonly table: Float64Array;
  readonly capacity: number;

  constructor(
    readonly shares: number,
    readonly file: { size: number; bodyStart: number },
    /**
     * Chunk lengths, in bytes: the least, the most; where results start (after a header); the
     * bytes a thread's result buffers may hold (chunk-results.ts; tests set it small).
     */
    readonly sizes: { min: number; max: number; resultsStart: number; inTurn?: boolean; heldMost?: number },
    buffers?: BoardBuffers,
  ) {
    this.capacity = Math.ceil(file.size / sizes.min) + 2;
    this.flags = new Int32Array(buffers?.flags ?? new SharedArrayBuffer(4 * (TURN + 1)));
    this.values = new Float64Array(buffers?.values ?? new SharedArrayBuffer(8 * (PROGRESS + PER_SHARE * shares)));
    this.table = new Float64Array(buffers?.table ?? new SharedArrayBuffer(8 * PER_CHUNK * this.capacity));
    if (!buffers) this.table[OFFSET] = sizes.resultsStart;
  }

  get buffers(): BoardBuffers {
    return { flags: this.flags.buffer as SharedArrayBuffer, values: this.values.buffer as SharedArrayBuffer, table: this.table.buffer as SharedArrayBuffer };
  }

  /** Some thread found the claims unsorted (or failed): every thread stops. */
  get stopped(): boolean {
    return Atomics.load(this.flags, STOP) === 1;
  }

  stop(): void {
    Atomics.store(this.flags, STOP, 1);
    for (const at of [MEMBERS_READY, FRONTIER, TURN]) Atomics.notify(this.flags, at);
  }

  private lock(): void {
    while (Atomics.compareExchange(this.flags, LOCK, 0, 1) !== 0) Atomics.wait(this.flags, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.flags, LOCK, 0);
    Atomics.notify(this.flags, LOCK, 1);
  }

  /**
   * The next chunk of the file, or undefined when none is left (or the run stopped). With
   * `sizes.inTurn` (tests) the threads take chunks in turn, each its own next one.
   */
  take(share: number): Chunk | undefined {
    for (;;) {
      const turn = Atomics.load(this.flags, TURN);
      if (!this.sizes.inTurn || turn % this.shares === share) break;
      if (this.stopped || this.values[CURSOR]! >= this.file.size) return undefined;
      Atomics.wait(this.flags, TURN, turn, 20);
    }
    this.lock();
    try {
      const from = this.values[CURSOR]!;
      const { size, bodyStart } = this.file;
      if (this.stopped || from >= size) return undefined;
      const left = size - from;
      // Big chunks first, smaller ones towards the end, so that the threads finish together.
      let to = from + Math.min(this.sizes.max, Math.max(this.sizes.min, Math.ceil(left / (4 * this.shares))));
      if (from === 0) to = Math.max(to, bodyStart + 1);
      if (size - to < this.sizes.min) to = size;
      to = Math.min(to, size);
      const index = this.values[TAKEN]!;
      if (index >= this.capacity) throw new Error('batch: chunk table full');
      this.values[TAKEN] = index + 1;
      this.values[CURSOR] = to;
      this.table[index * PER_CHUNK + FROM] = from;
      this.table[index * PER_CHUNK + TO] = to;
      this.table[index * PER_CHUNK + SIZE] = -1;
      Atomics.add(this.flags, TURN, 1);
      return { index, from, to };
    } finally {
      this.unlock();
      Atomics.notify(this.flags, TURN);
    }
  }

  /** A long member seen by some thread: its lines run from before `from` up to `to`. */
  get longMember(): { from: number; to: number } | undefined {
    const to = this.values[LONG_TO]!;
    return to > 0 ? { from: this.values[LONG_FROM]!, to } : undefined;
  }

  noteLongMember(from: number, to: number): void {
    this.lock();
    if (to > this.values[LONG_TO]!) {
      this.values[LONG_FROM] = from;
      this.values[LONG_TO] = to;
    }
    this.unlock();
  }

  /** A chunk is settled: `bytes` of results, `lines` in its region. Places every chunk it can. */
  done(chunk: number, bytes: number, lines: number): void {
    this.lock();
    try {
      this.table[chunk * PER_CHUNK + SIZE] = bytes;
      this.table[chunk * PER_CHUNK + LINES] = lines;
      // The frontier's place is known; each chunk done from there on gives the next one's, so the
      // first chunk not done learns where it goes (and its thread can write there at once).
      let k = Atomics.load(this.flags, FRONTIER);
      const taken = this.values[TAKEN]!;
      while (k < taken && this.table[k * PER_CHUNK + SIZE]! >= 0) {
        const next = this.table[k * PER_CHUNK + OFFSET]! + this.table[k * PER_CHUNK + SIZE]!;
        k++;
        // A chunk table always has a row past the last chunk a file can be cut into.
        this.table[k * PER_CHUNK + OFFSET] = next;
      }
      Atomics.store(this.flags, FRONTIER, k);
    } finally {
      this.unlock();
    }
    Atomics.notify(this.flags, FRONTIER);
  }

  /** Where the chunk's results go in the output file, or -1 while a chunk before it is not done. */
  offsetOf(chunk: number): number {
    return Atomics.load(this.flags, FRONTIER) >= chunk ? this.table[chunk * PER_CHUNK + OFFSET]! : -1;
  }

  /** Waits until the chunk's place is known; -1 when the run stopped. */
  waitForOffset(chunk: number): number {
    for (;;) {
      const frontier = Atomics.load(this.flags, FRONTIER);
      if (frontier >= chunk) return this.table[chunk * PER_CHUNK + OFFSET]!;
      if (this.stopped) return -1;
      Atomics.wait(this.flags, FRONTIER, frontier, 50);
    }
  }

  /** After the run: the chunks taken, with the lines of each one's region. */
  chunkLines(): number[] {
    return Array.from({ length: this.values[TAKEN]! }, (_, k) => this.table[k * PER_CHUNK + LINES]!);
  }

  /** The members index is built and posted to the workers. */
  membersReady(): void {
    Atomics.store(this.flags, MEMBERS_READY, 1);
    Atomics.notify(this.flags, MEMBERS_READY);
  }

  /** Waits for the members index; false when the run stopped first. */
  waitForMembers(): boolean {
    while (Atomics.load(this.flags, MEMBERS_READY) === 0) {
      if (this.stopped) return false;
      Atomics.wait(this.flags, MEMBERS_READY, 0, 50);
    }
    return true;
  }

  count(share: number, bytes: number, claims: number, errors: number): void {
    const at = PROGRESS + share * PER_SHARE;
    this.values[at] = bytes;
    this.values[at + 1] = claims;
    this.values[at + 2] = errors;
  }

  total(what: 'bytes' | 'claims' | 'errors'): number {
    const off = what === 'bytes' ? 0 : what === 'claims' ? 1 : 2;
    let s = 0;
    for (let k = 0; k < this.shares; k++) s += this.values[PROGRESS + k * PER_SHARE + off]!;
    return s;
  }
}
