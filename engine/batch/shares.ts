// How a sorted claims file is shared out: byte ranges that start where the member changes, agreed
// through memory all threads see. The main thread starts settling at once. Whenever a thread is
// idle (a worker that has just loaded the plan, or any thread done with its range), a busy thread
// cuts what is left of its range at its next member boundary and hands part of it over. So the
// cores, which need not be equally fast, finish together; every range is a run of members.
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

/** A range of the claims file: bytes [from, to). */
export interface Share {
  from: number;
  to: number;
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
 * Cuts bytes [from, size) into up to n ranges that start where the member changes; undefined
 * when the members met at a cut are out of order (the claims are not sorted).
 */
export function cutAtMembers(f: ClaimsFile, n: number, from = 0, to = f.size): Share[] | undefined {
  const cuts: { at: number; member: string }[] = [];
  for (let k = 1; k < n; k++) {
    const approx = from + Math.floor((k * (to - from)) / n);
    if (cuts.length && approx <= cuts[cuts.length - 1]!.at) continue;
    const cut = withLines(f.path, Math.max(from, approx - 1), to, (r) => {
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
    shares.push({ from: k === 0 ? from : cuts[k - 1]!.at, to: k === cuts.length ? to : cuts[k]!.at });
  }
  return shares;
}

const STOP = 0;
const IDLE_COUNT = 1;
const STATE = 2;
const FROM = 0;
const TO = 1;
const BYTES = 2;
const CLAIMS = 3;
const ERRORS = 4;
const SLOTS = 5;

/** What a thread is doing. */
const BOOTING = 0;
const RUNNING = 1;
const IDLE = 2;
const CLAIMED = 3;
const GRANTED = 4;
const DONE = 5;

/** Below this many bytes left, a range is not worth cutting. */
const MIN_HAND_OVER = 256 << 10;

/**
 * Memory shared by the threads of a run: flags [stop, idle threads, state of each share] and, per
 * share, [from, to of the range handed to it, bytes read, claims, errors].
 */
export class Signals {
  private readonly flags: Int32Array;
  private readonly slots: Float64Array;

  constructor(readonly shares: number, buffers?: { flags: SharedArrayBuffer; slots: SharedArrayBuffer }) {
    this.flags = new Int32Array(buffers?.flags ?? new SharedArrayBuffer(4 * (STATE + shares)));
    this.slots = new Float64Array(buffers?.slots ?? new SharedArrayBuffer(8 * SLOTS * shares));
    if (!buffers) Atomics.store(this.flags, STATE, RUNNING); // the main thread
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
    for (let k = 0; k < this.shares; k++) Atomics.notify(this.flags, STATE + k);
  }

  /** Whether some thread waits for work: checked at every member boundary, so it must be cheap. */
  get someoneIdle(): boolean {
    return Atomics.load(this.flags, IDLE_COUNT) > 0;
  }

  /** Blocks until every worker is idle (has loaded the plan), or `ms` have passed. For tests. */
  waitAllIdle(ms: number): void {
    const until = Date.now() + ms;
    for (let k = 1; k < this.shares; k++) {
      while (Atomics.load(this.flags, STATE + k) === BOOTING && Date.now() < until) Atomics.wait(this.flags, STATE + k, BOOTING, 10);
    }
  }

  /**
   * A thread with no range left: waits until a busy thread hands it one, or returns undefined when
   * no thread is busy any more (or the run stopped).
   */
  waitForWork(share: number): { from: number; to: number } | undefined {
    const at = STATE + share;
    if (Atomics.compareExchange(this.flags, at, BOOTING, IDLE) !== BOOTING && Atomics.compareExchange(this.flags, at, RUNNING, IDLE) !== RUNNING) {
      return undefined; // DONE already: the run ended while this thread was loading
    }
    Atomics.add(this.flags, IDLE_COUNT, 1);
    for (;;) {
      const state = Atomics.load(this.flags, at);
      if (state === GRANTED) {
        Atomics.store(this.flags, at, RUNNING);
        return { from: this.slots[share * SLOTS + FROM]!, to: this.slots[share * SLOTS + TO]! };
      }
      if (state === DONE || this.stopped) {
        this.finishAll();
        return undefined;
      }
      if (state === IDLE && !this.anyBusy()) {
        this.finishAll();
        if (Atomics.load(this.flags, at) === DONE) return undefined;
        continue; // granted meanwhile
      }
      Atomics.wait(this.flags, at, state, 20);
    }
  }

  private anyBusy(): boolean {
    for (let k = 0; k < this.shares; k++) {
      const s = Atomics.load(this.flags, STATE + k);
      if (s === RUNNING || s === CLAIMED || s === GRANTED) return true;
    }
    return false;
  }

  /** Ends the run for every idle or loading thread. */
  private finishAll(): void {
    for (let k = 0; k < this.shares; k++) {
      for (const from of [IDLE, BOOTING]) {
        if (Atomics.compareExchange(this.flags, STATE + k, from, DONE) === from) {
          if (from === IDLE) Atomics.sub(this.flags, IDLE_COUNT, 1);
          Atomics.notify(this.flags, STATE + k);
        }
      }
    }
  }

  /** Takes idle threads for a hand-over: they stay claimed until granted or released. */
  claimIdle(): number[] {
    const got: number[] = [];
    for (let k = 0; k < this.shares; k++) {
      if (Atomics.compareExchange(this.flags, STATE + k, IDLE, CLAIMED) === IDLE) {
        Atomics.sub(this.flags, IDLE_COUNT, 1);
        got.push(k);
      }
    }
    return got;
  }

  grant(share: number, from: number, to: number): void {
    this.slots[share * SLOTS + FROM] = from;
    this.slots[share * SLOTS + TO] = to;
    Atomics.store(this.flags, STATE + share, GRANTED);
    Atomics.notify(this.flags, STATE + share);
  }

  release(share: number): void {
    Atomics.store(this.flags, STATE + share, IDLE);
    Atomics.add(this.flags, IDLE_COUNT, 1);
    Atomics.notify(this.flags, STATE + share);
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
 * A busy thread's side of the hand-over, asked at each of its member boundaries: when threads are
 * idle, it cuts the rest of its range [offset, end) into one piece each plus its own, grants them,
 * and returns its own new end. 'stop' when a cut shows the claims unsorted; 'none' when no cut
 * could be made (the rest is one member, or nearly).
 */
export function handOut(
  f: ClaimsFile, signals: Signals, offset: number, end: number, welcome?: (share: number) => void, min = MIN_HAND_OVER,
): number | 'stop' | 'none' | undefined {
  if (!signals.someoneIdle || end - offset < min) return undefined;
  const idle = signals.claimIdle();
  if (idle.length === 0) return undefined;
  const pieces = cutAtMembers(f, idle.length + 1, offset, end);
  if (!pieces) {
    for (const k of idle) signals.release(k);
    signals.stop();
    return 'stop';
  }
  idle.forEach((k, i) => {
    const piece = pieces[i + 1];
    if (!piece) return signals.release(k);
    welcome?.(k);
    signals.grant(k, piece.from, piece.to);
  });
  // No member changes past the middle (one long member): say so, and the caller waits a while.
  return pieces.length > 1 ? pieces[0]!.to : 'none';
}
