// A thread's result buffers while it runs ahead of another: every chunk's bytes land at their
// place in the output file, and the buffers are reused, so what the thread has allocated stays
// within the bound however many chunks wait (a buffer left to the garbage collector after it had
// waited is freed only by a full collection; a long run piled them up).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkResults } from '../engine/batch/chunk-results';
import { Board } from '../engine/batch/shares';

/** A board on which waiting for a place fails instead of blocking this one thread for ever. */
class OneThreadBoard extends Board {
  override waitForOffset(chunk: number): number {
    const at = this.offsetOf(chunk);
    if (at < 0) throw new Error(`chunk ${chunk} would wait for its place: the buffers held more than the bound lets them`);
    return at;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'yibao-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The results of chunk k: `len` bytes of one letter, so a misplaced piece shows. */
const piece = (k: number, len: number) => String.fromCharCode(97 + (k % 26)).repeat(len);

describe('chunk results', () => {
  it('places every chunk and reuses its buffers while another thread holds the chunks before', () => {
    const MOST = 128; // a chunk's buffer is a quarter: 32 bytes
    const path = join(dir, 'out.txt');
    const fd = openSync(path, 'w+');
    const board = new OneThreadBoard(2, { size: 10_000, bodyStart: 0 }, { min: 10, max: 10, resultsStart: 0, heldMost: MOST });
    const mine = new ChunkResults(fd, board);
    const lengths: number[] = [];
    // Each round the other thread takes a chunk and holds it; this one settles chunks after it,
    // whose results must wait; then the other finishes, and this one places what waited when it
    // next begins or ends a chunk. Even rounds: three chunks that fit their buffers (as many as
    // may wait); odd rounds: two, the first outgrowing its buffer while its place is unknown.
    for (let round = 0; round < 40; round++) {
      const held = board.take(1)!;
      const sizes = round % 2 === 0 ? [5 + (round % 28), 32, 17] : [33 + (round % 28), 9];
      for (const len of sizes) {
        const c = board.take(0)!;
        mine.begin(c.index);
        lengths[c.index] = len;
        mine.bytes(Buffer.from(piece(c.index, len)));
        mine.end(1);
      }
      lengths[held.index] = 4;
      writePlain(fd, board, held.index, piece(held.index, 4));
    }
    mine.finish();
    closeSync(fd);
    const expected = lengths.map((len, k) => piece(k, len)).join('');
    expect(readFileSync(path, 'utf8')).toBe(expected);
    // Buffers of the usual size (32 bytes): at most as many as were in use at once, cur + 3
    // waiting = 4, so 128 bytes; each grown buffer (20 odd rounds, 64 bytes each) is made anew
    // and left to the collector: 1,280 bytes. Dropping spares instead of keeping them would make
    // a new usual buffer in most rounds (40 × 32 more).
    expect(mine.allocated).toBeLessThanOrEqual(4 * 32 + 20 * 64);
    expect(mine.allocated).toBeGreaterThanOrEqual(20 * 64);
  });
});

/** The other thread's chunk, written at its place (known: every chunk before it is done) and marked done. */
function writePlain(fd: number, board: OneThreadBoard, chunk: number, text: string): void {
  const other = new ChunkResults(fd, board);
  other.begin(chunk);
  other.bytes(Buffer.from(text));
  other.end(1);
}
