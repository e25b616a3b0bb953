// Batch's byte layer (engine/batch/bytes.ts) on its own: lines read from byte ranges of a file into
// one buffer (which grows for a long line), and output appended to a buffer and written in blocks.
// Each property compares with what Node itself gives: the file's text split at "\n", Buffer.from,
// JSON.stringify, toFixed. Tiny buffers force every refill, growth and drain on small inputs.
import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteSink, LineReader, WRITE_MOST, writeFully } from '../engine/batch/bytes';
import { Piece } from '../engine/runtime/result-bytes';

const dir = mkdtempSync(join(tmpdir(), 'yibao-bytes-'));
let files = 0;
const fileOf = (bytes: Buffer) => {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, bytes);
  return path;
};

/** Lines as the reader must give them: split at "\n", one "\r" before it dropped, a final empty piece not a line. */
function expectedLines(text: string): string[] {
  const pieces = text.split('\n');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const lineArb = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.constantFrom('', ' ', '\t', '{"id":"c1"}', '中文理赔', '\u00a0', '\r'),
  fc.string({ minLength: 50, maxLength: 200 }).map((s) => s.replace(/[\r\n]/g, 'x')),
);
const fileArb = fc.record({
  lines: fc.array(fc.tuple(lineArb, fc.constantFrom('\n', '\r\n')), { maxLength: 30 }),
  lastNewline: fc.boolean(),
  bom: fc.boolean(),
});
type FileSpec = { lines: [string, string][]; lastNewline: boolean; bom: boolean };
const textOf = (f: FileSpec) => f.lines.map(([l, nl], i) => l + (i < f.lines.length - 1 || f.lastNewline ? nl : '')).join('');

/** Every line of [from, to) with its number and offset, read through a buffer of `size` bytes. */
function read(fd: number, from: number, to: number, size: number): { text: string; line: number; offset: number; blank: boolean }[] {
  const r = new LineReader(fd, from, to, Buffer.alloc(size));
  const out = [];
  while (r.next()) out.push({ text: r.text(), line: r.line, offset: r.offset, blank: r.blank() });
  return out;
}

describe('LineReader', () => {
  it('gives every line of a file, through any buffer size, with its number and byte offset', () => {
    fc.assert(
      fc.property(fileArb, fc.integer({ min: 1, max: 64 }), (f, size) => {
        const text = textOf(f);
        const body = Buffer.from(text, 'utf8');
        const bytes = f.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
        const fd = openSync(fileOf(bytes), 'r');
        try {
          const got = read(fd, 0, bytes.length, size);
          const want = expectedLines(text);
          expect(got.map((l) => l.text)).toEqual(want);
          expect(got.map((l) => l.line)).toEqual(want.map((_, i) => i + 1));
          // Each line's offset is where its bytes start in the file (after the byte order mark).
          let at = f.bom ? 3 : 0;
          for (let i = 0; i < want.length; i++) {
            expect(got[i]!.offset).toBe(at);
            at += Buffer.byteLength(f.lines[i]![0], 'utf8') + Buffer.byteLength(f.lines[i]![1], 'utf8');
          }
          expect(got.map((l) => l.blank)).toEqual(want.map((l) => l.trim() === ''));
          // The same lines from the bytes in memory.
          const mem = LineReader.over(bytes);
          const inMemory: string[] = [];
          while (mem.next()) inMemory.push(mem.text());
          expect(inMemory).toEqual(want);
        } finally {
          closeSync(fd);
        }
      }),
      { numRuns: 300, seed: 20251201 },
    );
  });

  it('split at line starts, its ranges give each line once, numbered from 1 in each range', () => {
    fc.assert(
      fc.property(fileArb, fc.array(fc.nat(), { maxLength: 4 }), fc.integer({ min: 2, max: 32 }), (f, cuts, size) => {
        const text = textOf(f);
        const bytes = Buffer.from(text, 'utf8');
        const starts = [0];
        for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
        const bounds = [...new Set([0, ...cuts.map((c) => starts[c % starts.length]!), bytes.length])].sort((a, b) => a - b);
        const fd = openSync(fileOf(bytes), 'r');
        try {
          const all: string[] = [];
          const reader = new LineReader(fd, 0, 0, Buffer.alloc(size));
          for (let k = 0; k + 1 < bounds.length; k++) {
            reader.reset(bounds[k]!, bounds[k + 1]!);
            let n = 0;
            let consumed = 0;
            while (reader.next()) {
              expect(reader.line).toBe(++n);
              expect(reader.offset).toBeGreaterThanOrEqual(bounds[k]!);
              expect(reader.offset).toBeLessThan(bounds[k + 1]!);
              all.push(reader.text());
              consumed = reader.consumed;
            }
            if (n > 0) expect(consumed).toBe(bounds[k + 1]! - bounds[k]!);
          }
          expect(all).toEqual(expectedLines(text));
        } finally {
          closeSync(fd);
        }
      }),
      { numRuns: 300, seed: 20251202 },
    );
  });
});

describe('LineReader: the byte order mark', () => {
  it('skips EF BB BF at the start of a file and nothing that only begins like it', () => {
    for (const [head, skipped] of [[[0xef, 0xbb, 0xbf], true], [[0xef, 0x20, 0xbf], false], [[0xef, 0xbb, 0x20], false], [[0x20, 0xbb, 0xbf], false]] as const) {
      const bytes = Buffer.from([...head, 0x41, 0x0a, 0x42]);
      // Without the mark, the three bytes are the first line's (not UTF-8: replacement characters).
      const first = skipped ? 'A' : Buffer.from([...head, 0x41]).toString('utf8');
      const mem = LineReader.over(bytes);
      const fd = openSync(fileOf(bytes), 'r');
      try {
        for (const r of [mem, new LineReader(fd, 0, bytes.length, Buffer.alloc(8))]) {
          expect(r.next()).toBe(true);
          expect(r.text()).toBe(first);
          expect(r.next()).toBe(true);
          expect(r.text()).toBe('B');
          expect(r.next()).toBe(false);
        }
      } finally {
        closeSync(fd);
      }
    }
  });

  it('keeps U+FEFF at the start of a line inside the file: only the file\'s first bytes can be a mark', () => {
    const bytes = Buffer.from('A\n\ufeffB\n', 'utf8');
    const fd = openSync(fileOf(bytes), 'r');
    try {
      const r = new LineReader(fd, 2, bytes.length, Buffer.alloc(8));
      expect(r.next()).toBe(true);
      expect(r.text()).toBe('\ufeffB');
    } finally {
      closeSync(fd);
    }
  });

  it('calls a line of tabs, vertical tabs, form feeds and spaces blank, and one with DEL or a letter not', () => {
    const blank = (s: string) => {
      const r = LineReader.over(Buffer.from(s, 'utf8'));
      r.next();
      return r.blank();
    };
    expect(['\t', '\v', '\f', ' \r', '\u3000', ''].map(blank)).toEqual([true, true, true, true, true, true]);
    expect(['\u007f', ' x', '\u00a0a'].map(blank)).toEqual([false, false, false]);
  });
});

describe('writeFully', () => {
  it('writes more than one write takes, in order, where the file is and at a position', () => {
    // Two and a half writes' worth of bytes, each byte its offset's low bits, and a tail past `len` that must not be written.
    const len = WRITE_MOST * 2 + WRITE_MOST / 2 + 3;
    const buf = Buffer.alloc(len + 100, 0xee);
    for (let i = 0; i < len; i++) buf[i] = (i * 7) & 0xff;
    const at = join(dir, `wf${files++}`);
    const fd = openSync(at, 'w');
    writeSync(fd, 'ab');
    writeFully(fd, buf, len); // after "ab", where the file is
    writeFully(fd, buf, len, 10); // over it from byte 10
    closeSync(fd);
    const got = readFileSync(at);
    // "ab", then buf[0, 8) (written at 2, not overwritten), then buf[0, len) from byte 10: 10 + len bytes in all.
    expect(got.length).toBe(10 + len);
    expect(got.subarray(0, 10)).toEqual(Buffer.concat([Buffer.from('ab'), buf.subarray(0, 8)]));
    expect(got.subarray(10).equals(buf.subarray(0, len))).toBe(true);
  });
});

describe('ByteSink', () => {
  /** Writes through a sink whose buffer holds `size` bytes, so that it drains and grows. */
  function written(size: number, write: (s: ByteSink) => void): Buffer {
    const path = join(dir, `out${files++}`);
    const sink = new ByteSink(openSync(path, 'w'));
    sink.buf = Buffer.alloc(size);
    write(sink);
    const before = sink.size;
    sink.close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(before);
    return bytes;
  }

  const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', 'a\udc00b', '中文'.repeat(40)));

  it('json() writes exactly what JSON.stringify writes, text() exactly the UTF-8 of the text', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), (texts, size) => {
        expect(written(size, (s) => texts.forEach((t) => s.json(t))).toString('utf8')).toBe(texts.map((t) => JSON.stringify(t)).join(''));
        expect(written(size, (s) => texts.forEach((t) => s.text(t)))).toEqual(Buffer.from(texts.join(''), 'utf8'));
      }),
      { numRuns: 300, seed: 20251203 },
    );
  });

  it('fen() writes yuan with two decimals, as (fen / 100).toFixed(2) for whole fen', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), (amounts, size) => {
        const want = amounts.map((f) => (f < 0 ? '-' : '') + (Math.abs(f) / 100).toFixed(2)).join(',');
        expect(written(size, (s) => amounts.forEach((f, i) => (i > 0 && s.byte(0x2c), s.fen(f)))).toString('latin1')).toBe(want);
      }),
      { numRuns: 300, seed: 20251204 },
    );
    // Every digit count, and the edges between them.
    for (let d = 0; d <= 15; d++) {
      for (const f of [10 ** d - 1, 10 ** d, 10 ** d + 7]) expect(written(64, (s) => s.fen(f)).toString()).toBe((f / 100).toFixed(2));
    }
  });

  it('bytes() and byte() append pieces of any length in order, through drains and growth', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 12 }), fc.integer({ min: 1, max: 48 }), (pieces, size) => {
        const got = written(size, (s) => pieces.forEach((p, i) => (s.bytes(p), s.byte(i & 0xff))));
        expect(got).toEqual(Buffer.concat(pieces.flatMap((p, i) => [Buffer.from(p), Buffer.from([i & 0xff])])));
      }),
      { numRuns: 300, seed: 20251205 },
    );
  });

  it('piece() copies constant bytes of any length, a word at a time, at any offset, through drains and growth', () => {
    fc.assert(
      // Pieces made from byte arrays at any offset of their buffers, written after a byte or none (any alignment).
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.nat(3), fc.boolean()), { maxLength: 12 }), fc.integer({ min: 1, max: 48 }), (drawn, size) => {
        const pieces = drawn.map(([b, at]) => {
          const whole = Buffer.concat([Buffer.alloc(at), Buffer.from(b)]);
          return whole.subarray(at);
        });
        const got = written(size, (s) => drawn.forEach(([, , odd], i) => (odd && s.byte(0x2a), s.piece(new Piece(pieces[i]!)))));
        expect(got).toEqual(Buffer.concat(drawn.flatMap(([b, , odd]) => [Buffer.from(odd ? [0x2a] : []), Buffer.from(b)])));
      }),
      { numRuns: 300, seed: 20251206 },
    );
    // Every length from none to nine bytes: whole words, then one to three bytes after them.
    const text = '{"名":"R1"}';
    for (let n = 0; n <= 9; n++) expect(written(64, (s) => s.piece(new Piece(Buffer.from(text).subarray(0, n))))).toEqual(Buffer.from(text).subarray(0, n));
  });
});
