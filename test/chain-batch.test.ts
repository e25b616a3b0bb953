// Bills through a chain in batch (`yibao settle CHAIN --members FILE --bills FILE`, spec §26): the
// same bytes for one thread or several, each result line JSON.stringify of the API's bill result,
// every line ending as a result or a rejected record naming its line, and the files kept safe.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChainBatch, type ChainBatchOptions } from '../engine/batch/chain-run';
import { chainBatchErrorSchema, chainBatchResultSchema, chainBatchYearSchema } from '../engine/batch/schemas';
import { ChainDocument } from '../engine/chain-document';
import { planOpener } from '../engine/node/files';
import { settleChain, type BillResult } from '../engine/runtime/chain';
import { runCli } from './helpers';

const CHAIN = 'examples/qingdao.chain.yibao';
const dir = mkdtempSync(join(tmpdir(), 'yibao-chain-batch-'));

function loaded() {
  const doc = new ChainDocument(readFileSync(CHAIN, 'utf8'), CHAIN, planOpener(CHAIN));
  if (!doc.ir || !doc.plans) throw new Error(doc.diagnostics.map((d) => d.code).join(' '));
  return { chain: doc.ir, plans: doc.plans, planIrs: doc.ir.layers.map((l) => doc.layer(l.plan)!.lowered!.ir) };
}

// Fractional yuan, whole yuan and zero, so that half-fen ties and empty parts come up.
const yuan = fc.oneof(fc.integer({ min: 0, max: 20_000_000 }).map((f) => (f / 100).toFixed(2)), fc.integer({ min: 0, max: 300_000 }).map(String), fc.constant('0'));
const memberArb = fc.record({
  birth: fc.integer({ min: 1940, max: 2000 }),
  type: fc.constantFrom('职工', '居民'),
  retired: fc.boolean(),
});
const billArb = fc.record({
  member: fc.nat(),
  day: fc.integer({ min: 0, max: 3 * 365 }),
  level: fc.constantFrom('一级', '二级', '三级'),
  a: yuan, b: yuan, c: yuan, d: yuan,
});

/** A seeded population: members, their bills over three years, and lines that must be rejected. */
function population(nMembers: number, nBills: number) {
  const members = fc.sample(memberArb, { seed: 7, numRuns: nMembers }).map((m, i) => ({
    id: `m${String(i).padStart(4, '0')}`, birthDate: `${m.birth}-05-01`, enrolledSince: '2010-01-01', attributes: { 参保类别: m.type, 退休: m.retired },
  }));
  const bills = fc.sample(billArb, { seed: 11, numRuns: nBills }).map((b, i) => ({
    id: `b${i}`, member: members[b.member % nMembers]!.id, date: new Date(Date.UTC(2017, 0, 1 + b.day)).toISOString().slice(0, 10),
    setting: 'inpatient', attributes: { 医院等级: b.level }, costs: { 甲类: b.a, 乙类: b.b, 丙类: b.c, 超限额: b.d },
  }));
  return { members, bills };
}

const lines = (xs: unknown[]) => xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)) + '\n').join('');

// Lines that must be rejected, at known places: the members file's line 3 and the bills file's lines 5–9.
const BAD_MEMBER = '{"id": "m0001", "birthDate": "1980-01-01"';
const badBills = (first: { id: string; member: string }) => [
  'not json',
  { ...first, id: 'x-unknown', member: 'nobody' },
  { ...first }, // a second bill with the first one's id
  { ...first, id: 'x-negative', costs: { 甲类: '-5', 乙类: '0', 丙类: '0', 超限额: '0' } },
  { ...first, id: 'x-part', costs: { 甲类: '5' } },
];

let files: { members: string; bills: string; request: { members: unknown[]; bills: unknown[] } };

beforeAll(() => {
  const { members, bills } = population(300, 3000);
  const memberLines: unknown[] = [...members];
  memberLines.splice(2, 0, BAD_MEMBER);
  const billLines: unknown[] = [...bills];
  billLines.splice(4, 0, ...badBills(bills[0]!));
  files = { members: join(dir, 'members.jsonl'), bills: join(dir, 'bills.jsonl'), request: { members, bills } };
  writeFileSync(files.members, lines(memberLines));
  writeFileSync(files.bills, lines(billLines));
});

async function run(name: string, more: Partial<ChainBatchOptions>) {
  const out = join(dir, `${name}.jsonl`);
  const errors = join(dir, `${name}.errors.jsonl`);
  const years = join(dir, `${name}.years.jsonl`);
  const log: string[] = [];
  const s = await runChainBatch({ chainPath: CHAIN, ...loaded(), members: files.members, bills: files.bills, out, errors, years, quiet: true, log: (x) => log.push(x), ...more });
  return { s, log: log.join('\n'), out: readFileSync(out, 'utf8'), errors: readFileSync(errors, 'utf8'), years: readFileSync(years, 'utf8') };
}

describe('yibao settle in batch', () => {
  it('writes the same bytes on one thread and on several, and each result line is the API\'s bill result', async () => {
    const one = await run('one', { workers: 1 });
    const many = await run('many', { workers: 3, maxWorkers: 3, pieceBills: 97 });
    expect(many.s.workers).toBe(3);
    expect([many.out, many.errors, many.years]).toEqual([one.out, one.errors, one.years]);
    // The API on the good records alone: the bill with a repeated id was rejected before, so the
    // API sees the first one only.
    const { chain, plans } = loaded();
    const api = settleChain(chain, plans, files.request, { trace: false });
    const order = (x: BillResult, y: BillResult) => (x.member !== y.member ? (x.member < y.member ? -1 : 1) : x.date !== y.date ? (x.date < y.date ? -1 : 1) : x.id < y.id ? -1 : 1);
    expect(one.out).toBe(lines([...api.bills].sort(order)));
    const byMember = [...api.members].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    expect(one.years).toBe(lines(byMember));
    expect(one.s.results).toBe(api.bills.length);
  });

  it('ends every line as a result or one rejected record naming its file and line; totals conserve the money', async () => {
    const r = await run('reconcile', { workers: 2, maxWorkers: 2, pieceBills: 500 });
    const errors = r.errors.trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; bill?: string; reasons: { code: string; layer?: string }[] });
    expect(errors.map((e) => [e.file, e.line, e.bill ?? null, e.reasons.map((x) => x.code).join(' ')])).toEqual([
      ['members', 3, null, 'YR001'], // not JSON
      ['bills', 5, null, 'YR001'],
      ['bills', 6, 'x-unknown', 'YR002'],
      ['bills', 7, 'b0', 'YR003'],
      ['bills', 8, 'x-negative', 'YR001'], // an amount below zero
      ['bills', 9, 'x-part', 'YR001'], // parts missing
    ]);
    expect([r.s.billsIn, r.s.results, r.s.rejected]).toEqual([3005, 3000, 5]);
    expect(r.s.members).toEqual({ lines: 301, valid: 300, rejected: 1 });
    expect(r.s.conserved).toBe(true);
    expect(r.log).toMatch(/bills in 3005 = results 3000 \+ rejected 5 ✓/);
    const fen = (s: string) => BigInt(s.replace('.', ''));
    let paid = 0n;
    let patient = 0n;
    for (const line of r.out.trim().split('\n')) {
      const b = JSON.parse(line) as BillResult;
      paid += b.layers.reduce((s, l) => s + fen(l.payout), 0n);
      patient += fen(b.patient);
    }
    expect([paid, patient]).toEqual([Object.values(r.s.totals).reduce((s, v) => s + fen(v), 0n), fen(r.s.patient)]);
  });

  it('writes lines that fit the published schemas', async () => {
    const r = await run('schemas', { workers: 1 });
    const ajv = new Ajv({ allErrors: true });
    for (const [schema, text] of [[chainBatchResultSchema, r.out], [chainBatchYearSchema, r.years], [chainBatchErrorSchema, r.errors]] as const) {
      const ok = ajv.compile(schema);
      for (const line of text.trim().split('\n')) expect(ok(JSON.parse(line)), JSON.stringify(ok.errors)).toBe(true);
    }
  });
});

describe('yibao settle CHAIN --members --bills', () => {
  it('settles the example bills as worked by hand, from CSV, with a CSV of payouts by layer', async () => {
    const ex = JSON.parse(readFileSync('examples/bills/qingdao.json', 'utf8')) as typeof files.request;
    const members = join(dir, 'qd-members.csv');
    const bills = join(dir, 'qd-bills.csv');
    writeFileSync(members, 'id,birthDate,enrolledSince,参保类别,退休\n' + ex.members.map((m: any) => [m.id, m.birthDate, m.enrolledSince, m.attributes.参保类别, m.attributes.退休].join(',')).join('\n') + '\n');
    writeFileSync(bills, 'id,member,date,setting,医院等级,甲类,乙类,丙类,超限额\n' + ex.bills.map((b: any) => [b.id, b.member, b.date, b.setting, b.attributes.医院等级, b.costs.甲类, b.costs.乙类, b.costs.丙类, b.costs.超限额].join(',')).join('\n') + '\n');
    const out = join(dir, 'qd.csv');
    const r = await runCli(['settle', CHAIN, '--members', members, '--bills', bills, '--out', out, '--workers', '2']);
    expect(r.code).toBe(0);
    // As worked by hand in test/chain.test.ts: b1 155,280 / 17,832 / 7,000, patient 79,888 of 260,000;
    // b3 (w again, later in the year) 26,820 / 1,908 / 7,000, patient 4,272 of 40,000;
    // b2 (r, retired) 25,650 / 0 / 0, patient 9,350 of 35,000. Order: member r before w, then date.
    expect(readFileSync(out, 'utf8')).toBe(
      'id,member,date,total,基本医保,大病保险,全民补充,patient\n' +
        'b2,r,2017-06-01,35000.00,25650.00,0.00,0.00,9350.00\n' +
        'b1,w,2017-03-10,260000.00,155280.00,17832.00,7000.00,79888.00\n' +
        'b3,w,2017-09-01,40000.00,26820.00,1908.00,7000.00,4272.00\n',
    );
  });

  it('refuses an output that is an input, and leaves it as it was', async () => {
    const before = readFileSync(files.bills, 'utf8');
    const r = await runCli(['settle', CHAIN, '--members', files.members, '--bills', files.bills, '--out', files.bills]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out .* is the same file as --bills/);
    expect(readFileSync(files.bills, 'utf8')).toBe(before);
  });

  it('exits 1 when a line was rejected, 2 for a chain with errors, and needs both files', async () => {
    expect((await runCli(['settle', CHAIN, '--members', files.members, '--bills', files.bills, '--out', join(dir, 'cli.jsonl'), '--quiet'])).code).toBe(1);
    expect((await runCli(['settle', 'spec/conformance/bad/chain-inputs.chain.yibao', '--members', files.members, '--bills', files.bills])).code).toBe(2);
    const half = await runCli(['settle', CHAIN, '--bills', files.bills]);
    expect([half.code, half.err]).toEqual([2, expect.stringMatching(/batch settle needs CHAIN --members FILE --bills FILE/)]);
  });
});
