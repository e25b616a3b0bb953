// Reads a claim line of a JSON Lines file straight from its bytes (and a member line: scanMember
// at the end), for the common shape: plain strings, amounts as decimal strings or numbers, the
// schema's fields only. It returns undefined
// for anything else (escapes, unknown or repeated fields, a value the schema would reject, …) and
// the line then takes the general path, JSON.parse and the schema validator, which gives the
// same claim or names the error. Whatever it accepts, JSON.parse would read as the same values
// and the request schema would accept (test/batch-scan.test.ts checks this on mutated lines).
import { ScannedClaim } from '../request/request';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;

// The request schema's limits (engine/request/schemas.ts).
const MAX_TEXT = 200;
const MAX_FLAGS = 50;
const MAX_ITEMS = 10_000;

const bytes = (names: string[]) => names.map((n) => Buffer.from(n, 'latin1'));
const CLAIM_KEYS = bytes(['id', 'member', 'date', 'setting', 'flags', 'inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay', 'items']);
const [ID, MEMBER, DATE_KEY, SETTING, FLAGS, IN, OUT, OVER, ITEMS] = CLAIM_KEYS.map((_, i) => i);
const ITEM_KEYS = bytes(['code', 'amount', 'class', 'category']);
const [CODE, AMOUNT, CLASS, CATEGORY] = ITEM_KEYS.map((_, i) => i);

type Item = { code: string; amount: number; class: 'in' | 'out'; category?: string };

/**
 * A cursor over one line, bytes [i, end) of `b`; a read that leaves the common shape ends the scan.
 * A read may look past the line's end (at its "\n", the next line, or stale bytes after a last
 * line): that never makes a scan succeed, since a line is accepted only when the cursor, which only
 * moves forward, stops exactly at its end.
 */
class Scan {
  i = 0;
  end = 0;
  b: Uint8Array = new Uint8Array(0);
  text = '';
  fen = 0;

  ws(): void {
    const b = this.b;
    while (this.i < this.end && (b[this.i] === 0x20 || b[this.i] === 0x09)) this.i++;
  }

  /** At `"`: reads a string with no escapes into `text`; false otherwise. */
  string(): boolean {
    const b = this.b;
    if (b[this.i] !== QUOTE) return false;
    const from = this.i + 1;
    let j = from;
    let ascii = true;
    for (;;) {
      if (j >= this.end) return false;
      const c = b[j]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) return false;
      if (c > 0x7f) ascii = false;
      j++;
    }
    if (ascii) this.text = latin1(b, from, j);
    else {
      const t = Buffer.from(b.buffer, b.byteOffset + from, j - from).toString('utf8');
      if (t.includes('\ufffd')) return false; // not valid UTF-8: let the general path decide
      this.text = t;
    }
    this.i = j + 1;
    return true;
  }

  /**
   * At `"`: a string of a few distinct values (a setting, a category, a member id repeated line
   * after line) from a small table, so the same bytes do not become a new string every line.
   */
  internedText(table: Interned): boolean {
    const b = this.b;
    if (b[this.i] !== QUOTE) return false;
    const from = this.i + 1;
    // The bytes of a text kept, followed by the closing quote: that text, in one pass.
    const kept = table.at(b, from, this.end);
    if (kept !== undefined) {
      this.text = kept.text;
      this.i = from + kept.len + 1;
      return true;
    }
    let j = from;
    while (j < this.end && b[j] !== QUOTE && b[j]! >= 0x20 && b[j]! < 0x7f && b[j] !== BACKSLASH) j++;
    if (b[j] !== QUOTE || j === from || j - from > INTERNED_MOST) return this.shortText();
    this.text = table.keep(b, from, j);
    this.i = j + 1;
    return true;
  }

  /** At `"`: a date YYYY-MM-DD (the schema's pattern), each distinct date made a string once. */
  date(): boolean {
    const b = this.b;
    const i = this.i;
    if (b[i] !== QUOTE || b[i + 5] !== 0x2d || b[i + 8] !== 0x2d || b[i + 11] !== QUOTE) return false;
    let key = 0;
    for (const k of DATE_DIGITS) {
      const d = b[i + k]! - ZERO;
      if (!(d >= 0 && d <= 9)) return false;
      key = key * 10 + d;
    }
    let text = dates.get(key);
    if (text === undefined) {
      text = latin1(b, i + 1, i + 11);
      if (dates.size < 100_000) dates.set(key, text);
    }
    this.text = text;
    this.i = i + 12;
    return true;
  }

  /** At a literal such as `true`: steps over it; false when it is not there. */
  literal(word: Uint8Array): boolean {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word[k]) return false;
    this.i += word.length;
    return true;
  }

  /** A schema "short text": 1 to 200 characters (code points, as the schema counts). */
  shortText(): boolean {
    if (!this.string()) return false;
    const t = this.text;
    if (t.length === 0) return false;
    if (t.length > MAX_TEXT && [...t].length > MAX_TEXT) return false;
    return true;
  }

  /** An amount: "123.45" or 123.45 with the schema's pattern; its value in fen goes to `fen`. */
  amount(): boolean {
    const b = this.b;
    const quoted = b[this.i] === QUOTE;
    let j = quoted ? this.i + 1 : this.i;
    const start = j;
    let whole = 0;
    while (j < this.end && b[j]! >= ZERO && b[j]! <= NINE) whole = whole * 10 + (b[j++]! - ZERO);
    const digits = j - start;
    if (digits === 0 || digits > 9 || (digits > 1 && b[start] === ZERO)) return false;
    let cents = 0;
    if (b[j] === DOT) {
      j++;
      const d1 = b[j]! - ZERO;
      if (!(d1 >= 0 && d1 <= 9)) return false;
      j++;
      cents = d1 * 10;
      const d2 = b[j]! - ZERO;
      if (d2 >= 0 && d2 <= 9) {
        cents += d2;
        j++;
      }
    }
    if (quoted) {
      if (b[j] !== QUOTE) return false;
      j++;
    } else {
      // A JSON number must end here, not go on as 1.234 or 1e5.
      const c = b[j];
      if (c !== undefined && c !== COMMA && c !== CLOSE_BRACE && c !== CLOSE_BRACKET && c !== 0x20 && c !== 0x09) return false;
    }
    this.fen = whole * 100 + cents;
    this.i = j;
    return true;
  }

  /**
   * Reads `"key":` and returns the key's index in `keys`, or -1 (unknown key, or not a key). A key
   * is its bytes followed by the closing quote: no key holds a quote or a backslash, so those bytes
   * are the whole string, and each key is tried in place without a pass to find the string's end.
   */
  key(keys: readonly Uint8Array[]): number {
    const b = this.b;
    if (b[this.i] !== QUOTE) return -1;
    const from = this.i + 1;
    let found = -1;
    for (let k = 0; k < keys.length && found < 0; k++) if (quoted(keys[k]!, keys[k]!.length, b, from, this.end)) found = k;
    if (found < 0) return -1;
    this.i = from + keys[found]!.length + 1;
    this.ws();
    if (b[this.i] !== COLON) return -1;
    this.i++;
    this.ws();
    return found;
  }

  /** After a value: `,` (true, more follows) or the closer (false, done); undefined when neither. */
  next(closer: number): boolean | undefined {
    this.ws();
    const c = this.b[this.i];
    this.i++;
    if (c === COMMA) {
      this.ws();
      return true;
    }
    if (c === closer) return false;
    return undefined;
  }

  /** At `[`: a JSON array of at most `max` elements, each read by `one`; undefined otherwise. */
  list<T>(max: number, one: () => T | undefined): T[] | undefined {
    if (this.b[this.i] !== OPEN_BRACKET) return undefined;
    this.i++;
    this.ws();
    const out: T[] = [];
    if (this.b[this.i] === CLOSE_BRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      const x = one();
      if (x === undefined || out.push(x) > max) return undefined;
      const more = this.next(CLOSE_BRACKET);
      if (more === undefined) return undefined;
      if (!more) return out;
    }
  }

  private readonly oneText = () => (this.shortText() ? this.text : undefined);
  private readonly oneItem = () => this.item();

  stringList(max: number): string[] | undefined {
    return this.list(max, this.oneText);
  }

  items(): Item[] | undefined {
    return this.list(MAX_ITEMS, this.oneItem);
  }

  /** At `"`: "in" or "out", read from the bytes (no string made for them). */
  itemClass(): 'in' | 'out' | undefined {
    const b = this.b;
    const i = this.i;
    if (b[i] !== QUOTE) return undefined;
    if (b[i + 1] === 0x69 && b[i + 2] === 0x6e && b[i + 3] === QUOTE) {
      this.i = i + 4;
      return 'in';
    }
    if (b[i + 1] === 0x6f && b[i + 2] === 0x75 && b[i + 3] === 0x74 && b[i + 4] === QUOTE) {
      this.i = i + 5;
      return 'out';
    }
    return undefined;
  }

  item(): Item | undefined {
    if (this.b[this.i] !== OPEN_BRACE) return undefined;
    this.i++;
    this.ws();
    let code: string | undefined;
    let amount: number | undefined;
    let cls: 'in' | 'out' | undefined;
    let category: string | undefined;
    for (;;) {
      switch (this.key(ITEM_KEYS)) {
        case CODE:
          if (code !== undefined || !this.shortText()) return undefined;
          code = this.text;
          break;
        case AMOUNT:
          if (amount !== undefined || !this.amount()) return undefined;
          amount = this.fen;
          break;
        case CLASS:
          if (cls !== undefined) return undefined;
          cls = this.itemClass();
          if (cls === undefined) return undefined;
          break;
        case CATEGORY:
          if (category !== undefined || !this.internedText(categories)) return undefined;
          category = this.text;
          break;
        default:
          return undefined;
      }
      const more = this.next(CLOSE_BRACE);
      if (more === undefined) return undefined;
      if (!more) break;
    }
    if (code === undefined || amount === undefined || cls === undefined) return undefined;
    // One shape with or without a category, so that the code reading items sees one kind of object.
    return { code, amount, class: cls, category };
  }
}

/** ASCII bytes as a string, without a native call for short runs (eight characters a step: fewer strings made on the way). */
function latin1(b: Uint8Array, from: number, to: number): string {
  if (to - from > 24) return Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1');
  let s = '';
  let k = from;
  for (; k + 8 <= to; k += 8) s += String.fromCharCode(b[k]!, b[k + 1]!, b[k + 2]!, b[k + 3]!, b[k + 4]!, b[k + 5]!, b[k + 6]!, b[k + 7]!);
  for (; k < to; k++) s += String.fromCharCode(b[k]!);
  return s;
}

/**
 * Whether b[from…] holds the first `len` bytes of `t` followed by a quote before `end`. Keys and kept
 * texts hold no quote or backslash, so a match is the whole JSON string, found in one pass.
 */
function quoted(t: Uint8Array, len: number, b: Uint8Array, from: number, end: number): boolean {
  // Stryker disable next-line EqualityOperator: a quote just past the line never makes the line's scan succeed (Scan's comment)
  if (from + len >= end || b[from + len] !== QUOTE) return false;
  let x = 0;
  while (x < len && t[x] === b[from + x]) x++;
  return x === len;
}

const DATE_DIGITS = [1, 2, 3, 4, 6, 7, 9, 10];
const dates = new Map<number, string>();

/** Longest text kept in an interning table. */
const INTERNED_MOST = 64;

/** The texts of the last few distinct byte strings seen (ASCII, up to 64 bytes), newest first. */
class Interned {
  private readonly entries: { bytes: Uint8Array; len: number; text: string }[] = [];
  constructor(private readonly size: number) {}

  /**
   * The kept entry whose bytes start at b[from] and are followed there by a quote (before `end`).
   * Kept bytes are plain printable ASCII without quotes or backslashes, so they are the whole text.
   */
  at(b: Uint8Array, from: number, end: number): { len: number; text: string } | undefined {
    const es = this.entries;
    for (let k = 0; k < es.length; k++) if (quoted(es[k]!.bytes, es[k]!.len, b, from, end)) return es[k];
    return undefined;
  }

  /** The text of b[from, to), which at() did not find: kept as the newest entry. */
  keep(b: Uint8Array, from: number, to: number): string {
    const len = to - from;
    const es = this.entries;
    // The oldest entry's bytes are reused: a member id new on every member makes no garbage here.
    const e = es.length < this.size ? { bytes: new Uint8Array(INTERNED_MOST), len: 0, text: '' } : es.pop()!;
    for (let x = 0; x < len; x++) e.bytes[x] = b[from + x]!;
    e.len = len;
    e.text = latin1(b, from, to);
    es.unshift(e);
    return e.text;
  }
}
const members = new Interned(1);
const settings = new Interned(16);
const categories = new Interned(16);
const attributeNames = new Interned(16);
const scan = new Scan();

/** The claim on bytes [start, end) of `b` when it has the common shape; undefined otherwise. */
export function scanClaim(b: Uint8Array, start: number, end: number): ScannedClaim | undefined {
  const s = scan;
  s.b = b;
  s.i = start;
  s.end = end;
  s.ws();
  if (s.b[s.i] !== OPEN_BRACE) return undefined;
  s.i++;
  s.ws();
  let id: string | undefined;
  let member: string | undefined;
  let date: string | undefined;
  let setting: string | undefined;
  let flags: string[] | undefined;
  let inFen: number | undefined;
  let outFen: number | undefined;
  let overFen: number | undefined;
  let items: Item[] | undefined;
  if (s.b[s.i] === CLOSE_BRACE) return undefined;
  for (;;) {
    switch (s.key(CLAIM_KEYS)) {
      case ID:
        if (id !== undefined || !s.shortText()) return undefined;
        id = s.text;
        break;
      case MEMBER:
        if (member !== undefined || !s.internedText(members)) return undefined;
        member = s.text;
        break;
      case DATE_KEY:
        if (date !== undefined || !s.date()) return undefined;
        date = s.text;
        break;
      case SETTING:
        if (setting !== undefined || !s.internedText(settings)) return undefined;
        setting = s.text;
        break;
      case FLAGS:
        if (flags !== undefined || !(flags = s.stringList(MAX_FLAGS))) return undefined;
        break;
      case IN:
        if (inFen !== undefined || !s.amount()) return undefined;
        inFen = s.fen;
        break;
      case OUT:
        if (outFen !== undefined || !s.amount()) return undefined;
        outFen = s.fen;
        break;
      case OVER:
        if (overFen !== undefined || !s.amount()) return undefined;
        overFen = s.fen;
        break;
      case ITEMS:
        if (items !== undefined || !(items = s.items())) return undefined;
        break;
      default:
        return undefined;
    }
    const more = s.next(CLOSE_BRACE);
    if (more === undefined) return undefined;
    if (!more) break;
  }
  s.ws();
  if (s.i !== s.end) return undefined;
  if (id === undefined || member === undefined || date === undefined || setting === undefined) return undefined;
  return new ScannedClaim(id, member, date, setting, flags, inFen, outFen, overFen, items);
}

const MEMBER_KEYS = bytes(['id', 'birthDate', 'enrolledSince', 'groups', 'attributes']);
const [M_ID, M_BIRTH, M_ENROLLED, M_GROUPS, M_ATTRIBUTES] = MEMBER_KEYS.map((_, i) => i);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
/** A JSON number as JSON.parse reads it, in the plain forms: -12, 3.5, 0.25. */
const NUMBER = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

/**
 * A member line of the common shape as the object JSON.parse would give: the schema's fields,
 * attributes holding plain text, true/false or plain numbers. Undefined for anything else, which
 * JSON.parse then reads. (Its record still goes through the schema check like any other.)
 */
export function scanMember(b: Uint8Array, start: number, end: number): Record<string, unknown> | undefined {
  const s = scan;
  s.b = b;
  s.i = start;
  s.end = end;
  s.ws();
  if (s.b[s.i] !== OPEN_BRACE) return undefined;
  s.i++;
  s.ws();
  const out: Record<string, unknown> = {};
  const seen = [false, false, false, false, false];
  for (;;) {
    const k = s.key(MEMBER_KEYS);
    if (k < 0 || seen[k]) return undefined;
    seen[k] = true;
    if (k === M_ID || k === M_BIRTH || k === M_ENROLLED) {
      if (!s.string()) return undefined;
      out[k === M_ID ? 'id' : k === M_BIRTH ? 'birthDate' : 'enrolledSince'] = s.text;
    } else if (k === M_GROUPS) {
      const groups = s.stringList(100);
      if (!groups) return undefined;
      out.groups = groups;
    } else if (k === M_ATTRIBUTES) {
      const attributes = scanAttributes(s);
      if (!attributes) return undefined;
      out.attributes = attributes;
    }
    const more = s.next(CLOSE_BRACE);
    if (more === undefined) return undefined;
    if (!more) break;
  }
  s.ws();
  return s.i === s.end ? out : undefined;
}

function scanAttributes(s: Scan): Record<string, unknown> | undefined {
  const b = s.b;
  if (b[s.i] !== OPEN_BRACE) return undefined;
  s.i++;
  s.ws();
  const out: Record<string, unknown> = {};
  if (b[s.i] === CLOSE_BRACE) {
    s.i++;
    return out;
  }
  for (;;) {
    // The plan's few attribute names, the same on every line: one string each, not one per line.
    if (!s.internedText(attributeNames)) return undefined;
    const key = s.text;
    // A repeated key, or one that would touch the prototype: JSON.parse decides.
    if (key === '__proto__' || Object.hasOwn(out, key)) return undefined;
    s.ws();
    if (b[s.i] !== COLON) return undefined;
    s.i++;
    s.ws();
    const c = b[s.i];
    if (c === QUOTE) {
      if (!s.string()) return undefined;
      out[key] = s.text;
    } else if (s.literal(TRUE)) out[key] = true;
    else if (s.literal(FALSE)) out[key] = false;
    else {
      let j = s.i;
      while (j < s.end && b[j] !== COMMA && b[j] !== CLOSE_BRACE && b[j] !== 0x20 && b[j] !== 0x09) j++;
      const text = Buffer.from(b.buffer, b.byteOffset + s.i, j - s.i).toString('latin1');
      if (!NUMBER.test(text)) return undefined;
      out[key] = Number(text);
      s.i = j;
    }
    const more = s.next(CLOSE_BRACE);
    if (more === undefined) return undefined;
    if (!more) return out;
  }
}
