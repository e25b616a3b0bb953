// How a sorted claims file is shared out: byte ranges that start where the member changes, agreed
// through memory all threads see. The main thread starts settling at once; when the workers have
// loaded the plan, it cuts what is left into one range per thread, keeps the first, and lets the
// workers go. Nobody waits for anybody while there is work, and every range is a run of members.
import { closeSync, openSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { LineReader } from './bytes';
import { scanClaim } from './claim-scan';
import { memberOf, type Format } from './records';

export interface ClaimsFile {
  path: string;
  format: Format;
  size: number;
  header?: string[];
  memberColumn: number;
}

/** A share of the claims: bytes [from, to), members [lo, hi) (an end left out is open). */
export interface Share {
  from: number;
  to: number;
  lo?: string;
  hi?: string;
}

/** The member id of the current line of `r`, or undefined when it has none that can be read. */
export function memberAt(r: LineReader, f: ClaimsFile): string | undefined {
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

/** The member of the line that starts at `offset` (a cut, so it has one). */
export function memberAtOffset(f: ClaimsFile, offset: number): string | undefined {
  return withLines(f.path, offset, f.size, (r) => (r.next() ? memberAt(r, f) : undefined));
}

/**
 * Cuts bytes [from, size) into up to n ranges that start where the member changes; undefined
 * when the members met at a cut are out of order (the claims are not sorted).
 */
export function cutAtMembers(f: ClaimsFile, n: number, from = 0): Share[] | undefined {
  const cuts: { at: number; member: string }[] = [];
  for (let k = 1; k < n; k++) {
    const approx = from + Math.floor((k * (f.size - from)) / n);
    if (cuts.length && approx <= cuts[cuts.length - 1]!.at) continue;
    const cut = withLines(f.path, Math.max(from, approx - 1), f.size, (r) => {
      // Reading from the byte before `approx` makes the first line read the rest of a line.
      if (!r.next()) return undefined;
      let first: string | undefined;
      while (r.next()) {
        if (r.blank()) continue;
        const m = memberAt(r, f);
        if (m === undefined) continue;
        if (first === undefined) first = m;
        else if (m !== first) return { at: r.offset, member: m, before: first };
      }
      return undefined;
    });
    if (!cut) break;
    if (cut.member < cut.before) return undefined;
    const last = cuts[cuts.length - 1];
    if (last && cut.member <= last.member) {
      if (cut.member < last.member) return undefined;
      continue;
    }
    cuts.push({ at: cut.at, member: cut.member });
  }
  const shares: Share[] = [];
  for (let k = 0; k <= cuts.length; k++) {
    shares.push({ from: k === 0 ? from : cuts[k - 1]!.at, to: k === cuts.length ? f.size : cuts[k]!.at, lo: cuts[k - 1]?.member, hi: cuts[k]?.member });
  }
  return shares;
}

const STOP = 0;
const SPLIT = 1;
const READY = 2;
const FROM = 0;
const TO = 1;
const BYTES = 2;
const CLAIMS = 3;
const ERRORS = 4;
const SLOTS = 5;

/**
 * Memory shared by the threads of a run: flags [stop, split, ready of each share] and, per share,
 * [from, to, bytes read, claims, errors].
 */
export class Signals {
  private readonly flags: Int32Array;
  private readonly slots: Float64Array;

  constructor(readonly shares: number, buffers?: { flags: SharedArrayBuffer; slots: SharedArrayBuffer }) {
    this.flags = new Int32Array(buffers?.flags ?? new SharedArrayBuffer(4 * (READY + shares)));
    this.slots = new Float64Array(buffers?.slots ?? new SharedArrayBuffer(8 * SLOTS * shares));
  }

  get buffers(): { flags: SharedArrayBuffer; slots: SharedArrayBuffer } {
    return { flags: this.flags.buffer as SharedArrayBuffer, slots: this.slots.buffer as SharedArrayBuffer };
  }

  /** Some share found the claims unsorted (or failed): every share stops. */
  get stopped(): boolean {
    return Atomics.load(this.flags, STOP) === 1;
  }

  stop(): void {
    Atomics.store(this.flags, STOP, 1);
    this.publish(); // a worker still waiting for its range must not wait for ever
  }

  ready(share: number): void {
    Atomics.store(this.flags, READY + share, 1);
    Atomics.notify(this.flags, READY + share);
  }

  /** Blocks until every worker is ready, or `ms` have passed. */
  waitAllReady(ms: number): void {
    const until = Date.now() + ms;
    for (let k = 1; k < this.shares; k++) Atomics.wait(this.flags, READY + k, 0, Math.max(0, until - Date.now()));
  }

  allReady(): boolean {
    for (let k = 1; k < this.shares; k++) if (Atomics.load(this.flags, READY + k) !== 1) return false;
    return true;
  }

  get split(): boolean {
    return Atomics.load(this.flags, SPLIT) === 1;
  }

  /** Gives each share its range and wakes the workers. */
  setRange(share: number, from: number, to: number): void {
    this.slots[share * SLOTS + FROM] = from;
    this.slots[share * SLOTS + TO] = to;
  }

  publish(): void {
    Atomics.store(this.flags, SPLIT, 1);
    Atomics.notify(this.flags, SPLIT);
  }

  /** In a worker: blocks until the main thread has given out the ranges. */
  waitForRange(share: number): { from: number; to: number } {
    Atomics.wait(this.flags, SPLIT, 0);
    return { from: this.slots[share * SLOTS + FROM]!, to: this.slots[share * SLOTS + TO]! };
  }

  count(share: number, bytes: number, claims: number, errors: number): void {
    const at = share * SLOTS;
    this.slots[at + BYTES] = bytes;
    this.slots[at + CLAIMS] = claims;
    this.slots[at + ERRORS] = errors;
  }

  total(what: 'bytes' | 'claims' | 'errors'): number {
    const off = what === 'bytes' ? BYTES : what === 'claims' ? CLAIMS : ERRORS;
    let s = 0;
    for (let k = 0; k < this.shares; k++) s += this.slots[k * SLOTS + off]!;
    return s;
  }
}

/**
 * The main thread's side of the hand-out: asked at each member boundary, it cuts the rest of the
 * file once every worker is ready, and returns the main thread's new end; it returns 'stop' when
 * the cut shows the claims unsorted.
 */
export function splitter(
  f: ClaimsFile, signals: Signals, eager = false, ports: MessagePort[] = [],
): { at: (offset: number, handOver?: () => unknown) => Share | 'stop' | undefined; finish: () => void } {
  return {
    /** `handOver` gives what the workers should take along (the members index), sent before they wake. */
    at(offset, handOver) {
      if (signals.split) return undefined;
      // Eager (for tests): wait for the workers at the first member, so that every share gets work.
      if (eager) signals.waitAllReady(60_000);
      if (!signals.allReady()) return undefined;
      const shares = cutAtMembers(f, signals.shares, offset);
      if (!shares) {
        signals.stop();
        return 'stop';
      }
      for (let k = 1; k < signals.shares; k++) {
        const s = shares[k];
        signals.setRange(k, s ? s.from : f.size, s ? s.to : f.size);
      }
      const luggage = shares.length > 1 ? handOver?.() : undefined;
      if (luggage !== undefined) for (const p of ports) p.postMessage(luggage);
      signals.publish();
      return shares[0]!;
    },
    /** No cut was made (the workers were never ready in time): they get nothing to do. */
    finish() {
      if (signals.split) return;
      for (let k = 1; k < signals.shares; k++) signals.setRange(k, f.size, f.size);
      signals.publish();
    },
  };
}
