// The results of the chunks one thread settles, each written at its place in the output file as
// soon as every chunk before it is done (Board.offsetOf). Until then a chunk's results wait in a
// buffer of their own; past a bound the thread waits for its turn instead, so memory stays bounded
// however the chunks fall. A buffer once written out is kept for a later chunk, never left to the
// garbage collector: one that had waited has lived through collections of the young generation,
// and such a buffer is only freed by a full collection, which a long run may not make for a minute
// while dropped buffers pile up.
import { ByteSink, DOUBLE_ZERO, writeFully } from './bytes';
import type { Board } from './shares';

/**
 * The bytes a thread's result buffers in use hold (the current chunk's, those waiting for their
 * place): past it the thread waits for the places it needs instead of holding more, so memory
 * does not grow with how far one thread runs ahead of a slower one. The chunk after the last one
 * done knows its place at once (Board.offsetOf) and writes its results as they come. A spare
 * buffer is one that was in use, and a new one is made only when no spare is left, so the thread
 * never has more buffers than it once had in use at the same time.
 */
const HELD_MOST = 8 << 20;
/** Chunks whose results wait for their place before the thread takes no more. */
const WAITING_MOST = 4;

interface Waiting {
  chunk: number;
  buf: Buffer;
  len: number;
}

export class ChunkResults extends ByteSink {
  private chunk = -1;
  /** Where the current chunk's results go; -1 while unknown (begin() sets it). */
  private place = DOUBLE_ZERO;
  private waiting: Waiting[] = [];
  private spare: Buffer[] = [];
  private readonly most: number;

  constructor(fd: number, private readonly board: Board) {
    super(fd);
    this.most = board.sizes.heldMost ?? HELD_MOST;
    this.buf = this.fresh();
  }

  /** Bytes the thread has allocated for results in all, over the run (for tests). */
  allocated = 0;

  /** A chunk's usual buffer: a quarter of what may be held. */
  private get usual(): number {
    return Math.ceil(this.most / 4);
  }

  /** A chunk's buffer: a spare one, or a new one. */
  private fresh(): Buffer {
    return this.spare.pop() ?? this.allocate(this.usual);
  }

  private allocate(n: number): Buffer {
    this.allocated += n;
    return Buffer.allocUnsafe(n);
  }

  /**
   * A buffer written out: kept as a spare while the spares stay within the bound. One grown past
   * the usual size (a chunk's results that outgrew it while they waited, which is rare) is left to
   * the collector, so that it does not take the room of two as a spare.
   */
  private release(b: Buffer): void {
    if (b.length !== this.usual || (this.spare.length + 1) * b.length > this.most) return;
    this.spare.push(b);
  }

  /** Bytes of the thread's buffers in use. */
  private held(): number {
    let n = this.buf.length;
    for (const w of this.waiting) n += w.buf.length;
    return n;
  }

  begin(chunk: number): void {
    // Room for the new chunk's buffer to grow once: the oldest waiting results are placed first.
    while (this.waiting.length > 0 && (this.waiting.length >= WAITING_MOST || this.held() + this.buf.length > this.most)) this.placeWaiting(this.waiting[0]!.chunk);
    this.chunk = chunk | 0; // a chunk's index (read from a Float64Array) kept a small integer: see DOUBLE_ZERO
    this.place = -1;
    this.flushed = 0;
    this.pos = 0;
  }

  protected override drain(n: number): void {
    if (this.place < 0) this.place = this.board.offsetOf(this.chunk);
    if (this.place < 0 && this.held() + this.buf.length <= this.most) {
      const bigger = this.allocate(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.release(this.buf);
      this.buf = bigger;
      return;
    }
    if (this.place < 0) this.place = this.board.waitForOffset(this.chunk);
    this.flush();
    if (n > this.buf.length) {
      this.release(this.buf);
      this.buf = this.allocate(n * 2);
    }
  }

  override flush(): void {
    // A stopped run is settled again from the start: what it wrote does not matter.
    if (this.place >= 0) writeFully(this.fd, this.buf, this.pos, this.place + this.flushed);
    this.flushed += this.pos;
    this.pos = 0;
  }

  /** The chunk is settled, with `lines` in its region: its size is published, its bytes placed or kept. */
  end(lines: number): void {
    this.board.done(this.chunk, this.size, lines);
    if (this.place < 0) this.place = this.board.offsetOf(this.chunk);
    if (this.place >= 0) this.flush();
    else {
      this.waiting.push({ chunk: this.chunk, buf: this.buf, len: this.pos });
      this.buf = this.fresh();
      this.pos = 0;
    }
    this.placeWaiting(-1);
  }

  /** Writes the waiting chunks whose place is known, waiting for those up to `until`. */
  private placeWaiting(until: number): void {
    while (this.waiting.length > 0) {
      const w = this.waiting[0]!;
      const at = w.chunk <= until ? this.board.waitForOffset(w.chunk) : this.board.offsetOf(w.chunk);
      if (at < 0 && !this.board.stopped) return;
      if (at >= 0) writeFully(this.fd, w.buf, w.len, at);
      this.waiting.shift();
      this.release(w.buf);
    }
  }

  /** No chunk is left to take: waits for the places of the kept chunks and writes them. */
  finish(): void {
    this.placeWaiting(Number.MAX_SAFE_INTEGER);
  }
}
