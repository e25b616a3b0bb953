// The result writer as generated code (engine/runtime/result-code.ts) against the interpreter it
// stands for (result-bytes.ts writeRecord) and against JSON.stringify of the API's object, on
// generated records: any text, any amount, any number of benefit rows and exclusions, written
// through a buffer small enough that every record crosses its end.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ByteSink, openForWrite } from '../engine/batch/bytes';
import { setCodeGeneration } from '../engine/runtime/claim-code';
import { ClaimOut } from '../engine/runtime/outcome';
import { resultProgram, writeRecord } from '../engine/runtime/result-bytes';
import { recordWriter } from '../engine/runtime/result-code';
import { CLAIM_RESULT, type BenefitDef, type Field, type ValueField } from '../engine/runtime/result-fields';
import { toObject } from '../engine/runtime/result-object';

const DEFS: BenefitDef[] = [{ name: 'R1', label: '住院医保政策范围内个人自付' }, { name: 'R2' }, { name: 'R"3', label: 'a\\b\n' }, { name: 'R4', label: '' }];
const program = resultProgram(CLAIM_RESULT, DEFS);
const range = { file: 'p.yibao', start: { line: 3, column: 1, offset: 40 }, end: { line: 3, column: 9, offset: 48 } };

const text = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' });
const fen = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.integer({ min: -(2 ** 40), max: -1 }));
const row = fc.record({ benefit: fc.nat({ max: DEFS.length - 1 }), eligible: fen, deductible: fen, pay: fen });
const exclusion = fc.record({ reason: text, fen, item: fc.option(text, { nil: undefined }), range: fc.option(fc.constant(range), { nil: undefined }) });
const claim = fc.record({ id: text, member: text, date: text, payout: fen, rows: fc.array(row, { maxLength: DEFS.length }), excluded: fc.array(exclusion, { maxLength: 3 }) });
type Claim = typeof claim extends fc.Arbitrary<infer T> ? T : never;

function viewOf(c: Claim) {
  const out = new ClaimOut(DEFS.length);
  out.payout = c.payout;
  out.count = c.rows.length;
  c.rows.forEach((r, i) => {
    out.benefit[i] = r.benefit;
    out.eligible[i] = r.eligible;
    out.deductible[i] = r.deductible;
    out.pay[i] = r.pay;
  });
  // An absent item or range is no key at all, as settle.ts makes them.
  out.excluded = c.excluded.map((x) => ({ reason: x.reason, fen: x.fen, ...(x.item === undefined ? {} : { item: x.item }), ...(x.range === undefined ? {} : { range: x.range }) }));
  return { member: { id: c.member }, claim: { id: c.id, date: c.date }, out };
}

/** The records written through a sink of a 16-byte buffer to a file, read back. */
function written<T = Claim>(claims: T[], write: (w: ByteSink, s: unknown) => void, view: (c: T) => unknown = viewOf as (c: T) => unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'yibao-result-code-')), 'out.jsonl');
  const w = new ByteSink(openForWrite(file));
  w.buf = Buffer.alloc(16);
  for (const c of claims) {
    write(w, view(c));
    w.byte(10);
  }
  w.close();
  return readFileSync(file, 'utf8');
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCodeGeneration(true);
});

describe('the generated result writer', () => {
  it('writes what the interpreter writes and JSON.stringify writes of the API object, across buffer ends', () => {
    const generated = recordWriter(program);
    expect(generated.name).toBe('writeResult');
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 8 }), (claims) => {
        const want = claims.map((c) => JSON.stringify({ ...toObject(CLAIM_RESULT, viewOf(c), 0, DEFS), trace: undefined }) + '\n').join('');
        expect(written(claims, (w, s) => writeRecord(w, program, s, 0))).toBe(want);
        expect(written(claims, (w, s) => generated(w, s, 0))).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it('is the interpreter where the host has turned generation off, or where generated code is refused', () => {
    const claims = fc.sample(claim, { numRuns: 20, seed: 7 });
    const want = written(claims, (w, s) => writeRecord(w, program, s, 0));
    setCodeGeneration(false);
    const off = recordWriter(program);
    expect(off.name).toBe('interpreted');
    expect(written(claims, (w, s) => off(w, s, 0))).toBe(want);
    setCodeGeneration(true);
    vi.stubGlobal('Function', function Refused() {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    });
    const refused = recordWriter(program);
    expect(refused.name).toBe('interpreted');
    expect(written(claims, (w, s) => refused(w, s, 0))).toBe(want);
  });

  it('but a fault of the generator itself is thrown, not quietly written by the interpreter', () => {
    vi.stubGlobal('Function', function Broken() {
      throw new SyntaxError('Unexpected token');
    });
    expect(() => recordWriter(program)).toThrow(SyntaxError);
  });
});

describe('the generated writer of any list of fields', () => {
  // Fields made by hand, as result-fields.ts makes them: a value read from the row number the
  // record is written with, and a list inside a list (its loop inside the other's).
  const value = (key: string, kind: ValueField['kind'], get: ValueField['get']): ValueField => ({ key, kind, get, optional: false, repeats: false, objectOnly: false });
  type Rows = { names: string[]; inner: number[] };
  const fields: Field[] = [
    value('row', 'int', (_s: unknown, row: number) => row),
    {
      key: 'outer', kind: 'list', rows: (s: { rows: Rows }) => s.rows, count: (r: Rows) => r.names.length,
      fields: [
        value('name', 'text', (r: Rows, i: number) => r.names[i]),
        { key: 'inner', kind: 'list', rows: (r: Rows) => r.inner, count: (xs: number[]) => xs.length, fields: [value('fen', 'money', (xs: number[], j: number) => xs[j])] },
      ],
    },
  ];

  it('writes a record of any row, and lists within lists, as the interpreter does', () => {
    const p = resultProgram(fields, []);
    const s = { rows: { names: ['a', 'b'], inner: [1, 250] } };
    // Row 3 of its list; each outer row holds the same inner list: 1 fen → "0.01", 250 fen → "2.50"
    // (money as a decimal string, as every amount of a result).
    const want = '{"row":3,"outer":[{"name":"a","inner":[{"fen":"0.01"},{"fen":"2.50"}]},{"name":"b","inner":[{"fen":"0.01"},{"fen":"2.50"}]}]}\n';
    expect(written([s], (w, x) => writeRecord(w, p, x, 3), (x) => x)).toBe(want);
    const generated = recordWriter(p);
    expect(generated.name).toBe('writeResult');
    expect(written([s], (w, x) => generated(w, x, 3), (x) => x)).toBe(want);
  });
});

describe('the generated writer of a hostile plan', () => {
  it('holds none of its names or labels in its source: only the engine\'s names and numbers', () => {
    const hostile: BenefitDef[] = [
      { name: 'R1', label: "'); require('child_process').execSync('touch /tmp/yibao-pwned'); ('" },
      { name: '${process.exit(1)}', label: '</script><script>alert(1)</script>' },
      { name: 'constructor', label: '\\"; globalThis.pwned = 1; \\"' },
    ];
    const generated = recordWriter(resultProgram(CLAIM_RESULT, hostile));
    const source = String(generated);
    for (const d of hostile) for (const t of [d.name, d.label!]) expect(source).not.toContain(t);
    // The body is stores of numbers and calls through numbered parameters: no string literal at all.
    const body = source.slice(source.indexOf('{'));
    expect(body).not.toMatch(/["'`]/);
    // And it writes them as JSON.stringify does.
    const c = fc.sample(claim, { numRuns: 1, seed: 3 })[0]!;
    const view = viewOf({ ...c, rows: hostile.map((_, b) => ({ benefit: b, eligible: 100, deductible: 0, pay: 50 })) });
    expect(written([view], (w, s) => generated(w, s, 0), (x) => x)).toBe(JSON.stringify({ ...toObject(CLAIM_RESULT, view, 0, hostile), trace: undefined }) + '\n');
  });
});
