// The batch claim scanner reads the common shape of a claim line straight from bytes. Whatever it
// accepts must be what JSON.parse reads and the request schema accepts; everything else must fall
// back to the general path. Checked on hand-picked lines and on thousands of mutated ones.
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanClaim, scanMember } from '../engine/batch/claim-scan';
import { ByteSink } from '../engine/batch/bytes';
import { formatFen, parseFen } from '../engine/core/money';
import { requestSchema } from '../engine/request/schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(requestSchema);
const validClaim = ajv.getSchema(`${requestSchema.$id}#/definitions/claim`)!;

const scan = (line: string) => {
  const b = Buffer.from(line, 'utf8');
  return scanClaim(b, 0, b.length);
};

/** What the general path reads: the JSON value with amounts in fen, as the scanner gives them. */
function general(line: string): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!validClaim(v)) return undefined;
  const r = v as Record<string, unknown> & { items?: Record<string, unknown>[] };
  const fen = (x: unknown) => (x === undefined ? undefined : parseFen(x));
  return {
    id: r.id, member: r.member, date: r.date, setting: r.setting, flags: r.flags,
    inPolicySelfPay: fen(r.inPolicySelfPay), outOfPolicySelfPay: fen(r.outOfPolicySelfPay), overLimitSelfPay: fen(r.overLimitSelfPay),
    items: r.items?.map((it) => ({ code: it.code, amount: fen(it.amount), class: it.class, ...(it.category !== undefined ? { category: it.category } : {}) })),
  };
}

/**
 * The same line as a reader's buffer holds it: followed by its "\n" and the next line, by "\r\n",
 * or (a last line without its newline) by stale bytes of an earlier read.
 */
function inBuffer<T>(line: string, stale: string, read: (b: Buffer, start: number, end: number) => T): T[] {
  const end = Buffer.byteLength(line);
  return ['\n' + BASE, '\r\n', stale].map((tail) => read(Buffer.from(line + tail, 'utf8'), 0, end));
}

let accepted = 0;
function agree(line: string, stale: string): void {
  const s = scan(line);
  const read = (x: ReturnType<typeof scan>) => (x ? { ...x } : x);
  expect(inBuffer(line, stale, scanClaim).map(read), line).toEqual([read(s), read(s), read(s)]);
  if (!s) return; // the general path decides
  accepted++;
  const g = general(line);
  expect(g, `scanner accepted a line the general path rejects: ${line}`).toBeDefined();
  expect({ ...s }).toEqual(JSON.parse(JSON.stringify(g)));
}

const BASE = '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"1200.50","outOfPolicySelfPay":"0","items":[{"code":"T1","amount":"100.5","class":"in","category":"drug"}],"flags":["abroad"]}';

describe('claim scanner', () => {
  it('reads the common shape exactly: amounts in fen, strings as JSON gives them', () => {
    const s = scan(BASE)!;
    // "1200.50" → 120050 fen; "0" → 0; "100.5" → 10050 fen.
    expect(s.inPolicySelfPay).toBe(120050);
    expect(s.outOfPolicySelfPay).toBe(0);
    expect(s.items).toEqual([{ code: 'T1', amount: 10050, class: 'in', category: 'drug' }]);
    expect(s.flags).toEqual(['abroad']);
    expect([s.id, s.member, s.date, s.setting]).toEqual(['c1', 'm1', '2025-03-01', 'inpatient']);
    // JSON numbers too, and spaces between tokens; Chinese text as UTF-8.
    const t = scan('{ "id": "c2", "member": "参保人1", "date": "2025-03-01", "setting": "住院", "inPolicySelfPay": 12.3 }')!;
    expect([t.member, t.setting, t.inPolicySelfPay]).toEqual(['参保人1', '住院', 1230]);
  });

  it('leaves every line outside the common shape to the general path', () => {
    for (const line of [
      '{"id":"c\\u0031","member":"m1","date":"2025-03-01","setting":"inpatient"}', // an escape
      '{"id":"c1","id":"c2","member":"m1","date":"2025-03-01","setting":"inpatient"}', // a repeated field
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","note":"x"}', // an unknown field
      '{"id":"c1","member":"m1","date":"2025-3-01","setting":"inpatient"}', // not the date pattern
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"1.234"}', // three decimals
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":1e3}', // an exponent
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"01"}', // a leading zero
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"1000000000"}', // one billion
      '{"id":"","member":"m1","date":"2025-03-01","setting":"inpatient"}', // an empty id
      `{"id":"${'x'.repeat(201)}","member":"m1","date":"2025-03-01","setting":"inpatient"}`, // too long
      '{"member":"m1","date":"2025-03-01","setting":"inpatient"}', // no id
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","items":[{"code":"T1","amount":"1","class":"up"}]}',
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient"} x', // trailing text
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient"', // cut short
    ]) expect(scan(line), line).toBeUndefined();
  });

  it('agrees with JSON.parse and the schema on thousands of mutated lines', () => {
    const alphabet = ['"', '\\', ',', ':', '{', '}', '[', ']', ' ', '0', '1', '9', '.', '-', 'e', 'a', '中', '\u0001', 'in', 'out', '"id"', '"amount"', '12.34'];
    fc.assert(
      fc.property(fc.nat(BASE.length), fc.nat(BASE.length), fc.constantFrom(...alphabet), fc.boolean(), fc.nat(BASE.length), (at, len, insert, cut, from) => {
        const line = cut ? BASE.slice(0, at) + insert + BASE.slice(Math.min(BASE.length, at + (len % 4))) : BASE.slice(0, at) + insert + BASE.slice(at);
        agree(line, BASE.slice(from));
      }),
      { numRuns: 5000, seed: 20251126 },
    );
    // Many mutations (inside strings, digits in amounts, spaces) keep a valid claim: the property bites.
    expect(accepted).toBeGreaterThan(500);
  });

  it('reads member ids and settings that change from line to line as they are', () => {
    // The scanner keeps the texts of recent members and settings (one member, 16 settings): ids
    // that are prefixes of one another, and more settings than it keeps, must still read exactly.
    const members = ['m1', 'm10', 'm1', 'm100', 'm2', 'm10', 'x', 'm1'];
    const settings = Array.from({ length: 20 }, (_, k) => `s${k % 3 === 0 ? k : 'x'.repeat(k)}`);
    for (let n = 0; n < 60; n++) {
      const member = members[n % members.length]!;
      const setting = settings[(n * 7) % settings.length]!;
      const s = scan(`{"id":"c${n}","member":"${member}","date":"2025-03-01","setting":"${setting}"}`)!;
      expect([s.member, s.setting], `line ${n}`).toEqual([member, setting]);
    }
  });

  it('reads a last line without its newline as it is, whatever stale bytes follow it', () => {
    // The line stops inside its date; the bytes after it would finish the date and the claim.
    const text = '{"id":"c1","member":"m1","setting":"inpatient","date":"2025-03-0';
    const b = Buffer.from(text + '1"}', 'utf8');
    expect(scanClaim(b, 0, text.length)).toBeUndefined();
    expect(scanClaim(b, 0, b.length)?.date).toBe('2025-03-01');
  });

  it('reads only the bytes of its line, never the next one', () => {
    const line = Buffer.from('{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":12}');
    // Cut before its closing brace, the line is not a claim, though the byte after the cut is "}".
    expect(scanClaim(line, 0, line.length - 1)).toBeUndefined();
    // 12 yuan → 1200 fen.
    expect(scanClaim(line, 0, line.length)!.inPolicySelfPay).toBe(1200);
  });

  it('reads a line wherever it sits in the buffer, whatever comes before it', () => {
    // A line after another one, and after bytes that are no JSON at all: both are read directly.
    const text = '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":12}';
    for (const before of ['{"id":"c0"}\n', 'xyz\n', '\n   ']) {
      const b = Buffer.from(before + text, 'utf8');
      expect(scanClaim(b, before.length, b.length)?.inPolicySelfPay).toBe(1200);
    }
    // And a line with blanks before its brace.
    const b = Buffer.from('x\n  ' + text, 'utf8');
    expect(scanClaim(b, 2, b.length)?.id).toBe('c1');
  });
});

describe('member scanner', () => {
  const MEMBER = '{"id":"m1","birthDate":"1980-05-01","enrolledSince":"2021-06-01","groups":["医疗救助"],"attributes":{"parentsInsured":false,"score":-1.5,"region":"威海"}}';
  const scanM = (line: string) => {
    const b = Buffer.from(line, 'utf8');
    return scanMember(b, 0, b.length);
  };

  it('reads the common shape as JSON.parse does', () => {
    expect(scanM(MEMBER)).toEqual(JSON.parse(MEMBER));
    for (const odd of ['{"id":"m1","id":"m2"}', '{"id":"m1","attributes":{"__proto__":1}}', '{"id":"m1","attributes":{"a":1e3}}', '{"id":"m\\u0031"}', '{"id":"m1","extra":1}']) {
      expect(scanM(odd), odd).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on thousands of mutated lines', () => {
    let accepted = 0;
    const alphabet = ['"', '\\', ',', ':', '{', '}', '[', ']', ' ', '0', '1', '.', '-', 'e', 'true', 'false', 'null', '中', 'x'];
    fc.assert(
      fc.property(fc.nat(MEMBER.length), fc.nat(3), fc.constantFrom(...alphabet), (at, cut, insert) => {
        const line = MEMBER.slice(0, at) + insert + MEMBER.slice(Math.min(MEMBER.length, at + cut));
        const m = scanM(line);
        expect(inBuffer(line, MEMBER.slice(at), scanMember), line).toEqual([m, m, m]);
        if (!m) return;
        accepted++;
        expect(m, line).toEqual(JSON.parse(line));
      }),
      { numRuns: 5000, seed: 1127 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it('reads attribute names that change from line to line as they are', () => {
    // The scanner keeps the texts of 16 recent attribute names: names that are prefixes of one
    // another, more names than it keeps, names not in ASCII and an empty name must still read exactly.
    const names = [...Array.from({ length: 20 }, (_, k) => `a${'b'.repeat(k)}`), '参保', 'a', ''];
    for (let n = 0; n < 90; n++) {
      const attributes = { [names[n % names.length]!]: n, [names[(n * 7 + 3) % names.length]!]: `v${n}` };
      const line = JSON.stringify({ id: `m${n}`, attributes });
      const m = scanM(line);
      // Only an empty name leaves the line to JSON.parse (the general path reads it the same).
      if (Object.hasOwn(attributes, '')) expect(m, line).toBeUndefined();
      else expect(m, line).toEqual(JSON.parse(line));
    }
  });
});

describe('result bytes', () => {
  it('write strings exactly as JSON.stringify does, and fen as yuan', () => {
    const path = `/tmp/yibao-sink-${process.pid}`;
    const { openSync, readFileSync } = require('node:fs') as typeof import('node:fs');
    const sink = new ByteSink(openSync(path, 'w'));
    const texts = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline', '中文 理由', '\u0001\u001f', 'lone \ud800 surrogate', '😀'];
    for (const t of texts) {
      sink.json(t);
      sink.byte(10);
    }
    for (const f of [0, 5, 99, 100, 123456, 99999999999, -250]) {
      sink.fen(f);
      sink.byte(10);
    }
    sink.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.slice(0, texts.length)).toEqual(texts.map((t) => JSON.stringify(t)));
    // Fen by hand: 0 → 0.00, 5 → 0.05, 99 → 0.99, 100 → 1.00, 123456 → 1234.56, 99999999999 → 999999999.99, −250 → −2.50.
    expect(lines.slice(texts.length, texts.length + 7)).toEqual(['0.00', '0.05', '0.99', '1.00', '1234.56', '999999999.99', '-2.50']);
  });

  it('write every amount as formatFen writes it', () => {
    const path = `/tmp/yibao-sink-fen-${process.pid}`;
    const { openSync, readFileSync } = require('node:fs') as typeof import('node:fs');
    const values = fc.sample(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(9, 10, 99, 100, 999, 1000, 10 ** 15)), { numRuns: 5000, seed: 7 });
    const sink = new ByteSink(openSync(path, 'w'));
    for (const v of values) {
      sink.fen(v);
      sink.byte(10);
    }
    sink.close();
    expect(readFileSync(path, 'utf8').split('\n').slice(0, -1)).toEqual(values.map(formatFen));
  });
});
