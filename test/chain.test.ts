// Settlement chains (spec §17): a bill through several layers, each its own plan. Expected
// payouts are worked out by hand from the layers' rules, arithmetic in the comments.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainDocument } from '../engine/chain-document';
import { planOpener } from '../engine/node/files';
import { settleChain, type ChainResult } from '../engine/runtime/chain';
import { codesOf, runCli } from './helpers';
import Ajv from 'ajv';
import { chainRequestSchema, chainResultSchema } from '../engine/request/chain-schemas';

const EXAMPLE = 'examples/jilin.chain.yibao';

function exampleChain() {
  const doc = new ChainDocument(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, planOpener(EXAMPLE));
  if (!doc.ir || !doc.plans) throw new Error(doc.diagnostics.map((d) => d.code).join(' '));
  return { chain: doc.ir, plans: doc.plans };
}

/** A chain and its layer plans held in memory: file name → text. */
function docOf(files: Record<string, string>, chainText: string): ChainDocument {
  return new ChainDocument(chainText, 'test.chain.yibao', (p) =>
    files[p] === undefined ? { unreadable: { reason: 'no such file', reasonZh: '文件不存在' } } : { text: files[p]!, reader: () => undefined });
}

function settle(files: Record<string, string>, chainText: string, request: unknown): ChainResult {
  const doc = docOf(files, chainText);
  if (!doc.ir || !doc.plans) throw new Error(doc.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`).join('; '));
  return settleChain(doc.ir, doc.plans, request, { trace: false });
}

const codes = (files: Record<string, string>, chainText: string) => docOf(files, chainText).diagnostics.map((d) => d.code);

const u1 = { id: 'u1', birthDate: '1960-03-01', enrolledSince: '2010-01-01', groups: ['低保'], attributes: { residence: 'urban' } };
const b1 = { id: 'b1', member: 'u1', date: '2017-03-10', setting: 'inpatient', attributes: { 医院等级: '三级' }, costs: { 甲类: '60000', 乙类: '40000', 丙类: '10000' } };
const b2 = { id: 'b2', member: 'u1', date: '2017-06-01', setting: 'inpatient', attributes: { 医院等级: '二级' }, costs: { 甲类: '10000', 乙类: '0', 丙类: '0' } };

const byLayer = (r: ChainResult, bill: string) => Object.fromEntries(r.bills.find((b) => b.id === bill)!.layers.map((l) => [l.layer, l.payout]));

describe('the Jilin example chain', () => {
  it('settles a bill through basic insurance, 大病 and medical assistance, each on what the layers below left', () => {
    const { chain, plans } = exampleChain();
    const r = settleChain(chain, plans, { members: [u1], bills: [b1] });
    expect(r.errors).toEqual([]);
    // 基本医保: 60000 + 40000 × 90% = 96000; 三级 deductible 800 per admission; (96000 − 800) × 65% = 61880
    // 大病: in-policy burden 60000 + 40000 − 61880 = 38120; 2017 urban deductible = 2016 income 26530;
    //       (38120 − 26530) × 55% = 11590 × 0.55 = 6374.50
    // 医疗救助 (低保 70 %, cap 20000): 38120 − 6374.50 = 31745.50; × 70% = 22221.85 → capped at 20000
    expect(byLayer(r, 'b1')).toEqual({ 基本医保: '61880.00', 大病保险: '6374.50', 医疗救助: '20000.00' });
    // patient: 110000 − 61880 − 6374.50 − 20000 = 21745.50 (= 11745.50 in-policy left + 10000 丙类)
    expect(r.bills[0]!.total).toBe('110000.00');
    expect(r.bills[0]!.patient).toBe('21745.50');
    expect(r.bills[0]!.layers[1]!.inputs).toEqual({ 政策内自付: '38120.00' });
  });

  it('keeps each layer\'s own accumulation over the year, whatever order the bills come in', () => {
    const { chain, plans } = exampleChain();
    const r = settleChain(chain, plans, { members: [u1], bills: [b2, b1] });
    expect(r.errors).toEqual([]);
    expect(r.bills.map((b) => b.id)).toEqual(['b2', 'b1']); // request order
    // b2 is settled after b1 (date order). 基本医保: 二级, (10000 − 400) × 80% = 7680.
    // 大病: 10000 − 7680 = 2320; the year's burden 38120 + 2320 = 40440; P = (40440 − 26530) × 55% = 7650.50;
    //       7650.50 − 6374.50 = 1276. 医疗救助: its year already paid its 20000 cap: 0.
    expect(byLayer(r, 'b2')).toEqual({ 基本医保: '7680.00', 大病保险: '1276.00', 医疗救助: '0.00' });
    expect(r.bills[0]!.patient).toBe('1044.00'); // 10000 − 7680 − 1276
    const years = Object.fromEntries(r.members.map((m) => [m.layer, m.payout]));
    expect(years).toEqual({ 基本医保: '69560.00', 大病保险: '7650.50', 医疗救助: '20000.00' }); // 61880 + 7680; 6374.50 + 1276
  });
});

const FLAT = (name: string, amount: string, ratio: string) => `plan "${name}" { valid 2016-01-01 to 2030-12-31 }
benefit B { amount ${amount} ratio ${ratio} }`;

const TWO = {
  'low.yibao': FLAT('low', 'claim.inPolicySelfPay', '50%'),
  'high.yibao': FLAT('high', 'claim.inPolicySelfPay', '50%'),
};
const TWO_CHAIN = `chain "c" {
  bill a, b
  layer low "low.yibao" { claim.inPolicySelfPay = bill.a }
  layer high "high.yibao" { claim.inPolicySelfPay = bill.a - paid.low }
}`;
const m1 = { id: 'm1', birthDate: '1980-01-01' };
const bill = (id: string, a: string, b = '0', date = '2025-03-01') => ({ id, member: 'm1', date, setting: 'inpatient', costs: { a, b } });

describe('conservation on every bill', () => {
  it('pays layer by layer from what is left: 50 % of a, then 50 % of the rest', () => {
    const r = settle(TWO, TWO_CHAIN, { members: [m1], bills: [bill('x', '1000', '300')] });
    // low: 1000 × 50% = 500; high: (1000 − 500) × 50% = 250; patient 1300 − 750 = 550
    expect(byLayer(r, 'x')).toEqual({ low: '500.00', high: '250.00' });
    expect(r.bills[0]!.patient).toBe('550.00');
  });

  it('gives a layer the least, the most, or a share of the bill\'s parts, as its inputs say', () => {
    const chain = (input: string) => TWO_CHAIN.replace('claim.inPolicySelfPay = bill.a - paid.low', `claim.inPolicySelfPay = ${input}`);
    const high = (input: string) => byLayer(settle(TWO, chain(input), { members: [m1], bills: [bill('x', '1000', '300')] }), 'x').high;
    // low pays 1000 × 50 % = 500 each time; high pays 50 % of its input.
    expect(high('min(bill.a - paid.low, bill.b)')).toBe('150.00'); // min(500, 300) = 300
    expect(high('max(bill.a - paid.low, bill.b)')).toBe('250.00'); // max(500, 300) = 500
    expect(high('min(bill.b, bill.a - paid.low)')).toBe('150.00');
    expect(high('max(bill.b, bill.a - paid.low)')).toBe('250.00');
    expect(high('33.33% * bill.b')).toBe('50.00'); // 300 × 33.33 % = 99.99 → 99.99 × 50 % = 49.995 → 50.00
    // A share rounded half up to the fen: 5 fen × 99.99 % = 4.9995 → 5 fen; high pays 2.5 → 3 fen.
    const tiny = settle(TWO, chain('99.99% * bill.b'), { members: [m1], bills: [bill('x', '1000', '0.05')] });
    expect(byLayer(tiny, 'x').high).toBe('0.03');
  });

  it('refuses a bill on which an input falls below zero, naming the bill and the layer; other bills go on', () => {
    const chain = TWO_CHAIN.replace('bill.a - paid.low', 'bill.b - paid.low');
    const r = settle(TWO, chain, { members: [m1], bills: [bill('x', '1000', '100'), bill('y', '100', '900', '2025-04-01')] });
    // x: low pays 500; high's input 100 − 500 = −400 < 0
    expect(r.errors).toMatchObject([{ code: 'YR020', bill: 'x', layer: 'high', path: '/bills/0' }]);
    expect(r.errors[0]!.message).toContain('-400.00');
    // y is settled as if x had never come: low 100 × 50% = 50; high (900 − 50) × 50% = 425
    expect(byLayer(r, 'y')).toEqual({ low: '50.00', high: '425.00' });
    expect(r.bills.length + r.errors.length).toBe(r.billCount);
    // low's year holds only y: 50
    expect(r.members.find((m) => m.layer === 'low')!.payout).toBe('50.00');
  });

  it('refuses a layer that pays more than it was given', () => {
    const files = { ...TWO, 'high.yibao': FLAT('high', 'claim.inPolicySelfPay + 100', '100%') };
    const r = settle(files, TWO_CHAIN, { members: [m1], bills: [bill('x', '1000', '1000')] });
    // high is given 1000 − 500 = 500 and pays 500 + 100 = 600 > 500
    expect(r.errors).toMatchObject([{ code: 'YR021', bill: 'x', layer: 'high' }]);
    expect(r.bills).toEqual([]);
    // No bill settled, so no layer has a year to report (low had settled x before high refused it).
    expect(r.members).toEqual([]);
  });

  it('refuses layers that together pay more than the bill, naming the layer that went past it', () => {
    const files = { 'low.yibao': FLAT('low', 'claim.inPolicySelfPay', '100%'), 'high.yibao': FLAT('high', 'claim.inPolicySelfPay', '100%') };
    const chain = TWO_CHAIN.replace('bill.a - paid.low', 'bill.a');
    const r = settle(files, chain, { members: [m1], bills: [bill('x', '1000', '500')] });
    // low pays 1000, high is given 1000 again and pays 1000: 2000 > 1500
    expect(r.errors).toMatchObject([{ code: 'YR022', bill: 'x', layer: 'high' }]);
    expect(r.errors[0]!.message).toContain('2000.00');
  });

  it('holds on generated bills: payments and the patient\'s share add up to the total, none below zero', () => {
    const { chain, plans } = exampleChain();
    const yuan = fc.integer({ min: 0, max: 30_000_000 }).map((f) => (f / 100).toFixed(2));
    const arb = fc.array(fc.record({ a: yuan, b: yuan, c: yuan, level: fc.constantFrom('一级', '二级', '三级'), day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(arb, (rows) => {
      const bills = rows.map((x, i) => ({ id: `b${i}`, member: 'u1', date: `2017-${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`, setting: 'inpatient', attributes: { 医院等级: x.level }, costs: { 甲类: x.a, 乙类: x.b, 丙类: x.c } }));
      const r = settleChain(chain, plans, { members: [u1], bills }, { trace: false });
      expect(r.errors).toEqual([]);
      for (const b of r.bills) {
        const fen = (s: string) => Math.round(Number(s) * 100);
        const paid = b.layers.reduce((s, l) => s + fen(l.payout), 0);
        expect(paid + fen(b.patient)).toBe(fen(b.total));
        for (const l of b.layers) expect(fen(l.payout)).toBeGreaterThanOrEqual(0);
        expect(fen(b.patient)).toBeGreaterThanOrEqual(0);
      }
    }), { numRuns: Number(process.env.YIBAO_PROPERTY_RUNS ?? 100) });
  });
});

describe('a refused bill, and the order of bills', () => {
  const DED = {
    'low.yibao': `plan "low" { valid 2016-01-01 to 2030-12-31 }
benefit B { amount claim.inPolicySelfPay deductible 100 per year ratio 50% }`,
    'high.yibao': FLAT('high', 'claim.inPolicySelfPay', '50%'),
  };
  const DED_CHAIN = TWO_CHAIN.replace('bill.a - paid.low', 'bill.b - paid.low');
  const yearOf = (r: ChainResult) => r.members.map((m) => `${m.layer} ${m.year} ${m.payout}`);

  it('leaves every layer\'s year as it was before the bill, so later bills settle as if it never came', () => {
    const r = settle(DED, DED_CHAIN, { members: [m1], bills: [bill('x', '300', '1000'), bill('y', '300', '0', '2025-04-01'), bill('z', '300', '1000', '2025-05-01')] });
    // x: low (300 − 100) × 50% = 100; high (1000 − 100) × 50% = 450.
    // y: low 300 × 50% = 150; high is given 0 − 150 < 0: refused, low's 150 and its deductible undone.
    // z: low 300 × 50% = 150 (the deductible was met by x); high (1000 − 150) × 50% = 425.
    expect(r.errors.map((e) => `${e.bill} ${e.code} ${e.layer}`)).toEqual(['y YR020 high']);
    expect(byLayer(r, 'x')).toEqual({ low: '100.00', high: '450.00' });
    expect(byLayer(r, 'z')).toEqual({ low: '150.00', high: '425.00' });
    // low: 100 + 150 = 250; high: 450 + 425 = 875.
    expect(yearOf(r)).toEqual(['low 2025 250.00', 'high 2025 875.00']);
  });

  it('reports no year in which the only bill was refused', () => {
    const r = settle(DED, DED_CHAIN, { members: [m1], bills: [bill('x', '300', '1000'), bill('w', '300', '0', '2026-02-01')] });
    // w: low (300 − 100) × 50% = 100 in a new year; high is given 0 − 100 < 0: refused.
    expect(r.errors.map((e) => e.bill)).toEqual(['w']);
    expect(yearOf(r)).toEqual(['low 2025 100.00', 'high 2025 450.00']);
  });

  it('settles one member\'s bills of one day by id, whatever order they come in', () => {
    const r = settle(DED, DED_CHAIN, { members: [m1], bills: [bill('q', '50', '1000'), bill('p', '300', '1000')] });
    // p first: low (300 − 100) × 50% = 100, high (1000 − 100) × 50% = 450;
    // q: low 50 × 50% = 25, high (1000 − 25) × 50% = 487.50. (q first would leave its 50 in the deductible.)
    expect(byLayer(r, 'p')).toEqual({ low: '100.00', high: '450.00' });
    expect(byLayer(r, 'q')).toEqual({ low: '25.00', high: '487.50' });
    // Results in the order of the request.
    expect(r.bills.map((b) => b.id)).toEqual(['q', 'p']);
  });

  it('traces each layer\'s claim unless asked not to', () => {
    const doc = docOf(TWO, TWO_CHAIN);
    const request = { members: [m1], bills: [bill('x', '1000')] };
    const traced = settleChain(doc.ir!, doc.plans!, request);
    for (const line of traced.bills[0]!.layers) expect(line.trace!.length).toBeGreaterThan(0);
    const plain = settleChain(doc.ir!, doc.plans!, request, { trace: false });
    for (const line of plain.bills[0]!.layers) expect('trace' in line).toBe(false);
  });
});

describe('members and layers', () => {
  // high settles by enrolment anniversary: it reads enrolledSince, which low does not.
  const ANNIV = { ...TWO, 'high.yibao': TWO['high.yibao'].replace('valid 2016-01-01 to 2030-12-31', 'valid 2016-01-01 to 2030-12-31 year anniversary') };
  const m2 = { id: 'm2', birthDate: '1980-01-01', enrolledSince: '2020-01-01' };

  it('refuses the bills of a member one layer rejects, naming that layer; a member every layer rejects is reported by each', () => {
    const bad = { id: 'bad', birthDate: 'soon' };
    const r = settle(ANNIV, TWO_CHAIN, { members: [m1, m2, bad], bills: [bill('x', '1000'), { ...bill('y', '1000'), member: 'm2' }, { ...bill('b', '1000'), member: 'bad' }] });
    expect(r.errors.map((e) => `${e.path} ${e.code} ${e.layer ?? ''} ${e.bill ?? ''}`)).toEqual([
      '/members/0/enrolledSince YR015 high ',
      '/members/2/birthDate YR001 low ',
      '/members/2/birthDate YR001 high ',
      '/bills/0/member YR002  x',
      '/bills/2/member YR002  b',
    ]);
    // y: low 1000 × 50% = 500; high (1000 − 500) × 50% = 250.
    expect(byLayer(r, 'y')).toEqual({ low: '500.00', high: '250.00' });
  });

  it('names the unknown cost part in words', () => {
    const r = settle(TWO, TWO_CHAIN, { members: [m1], bills: [{ ...bill('q', '1'), costs: { a: '1', b: '1', z: '1' } }] });
    expect(r.errors.map((e) => e.message)).toEqual(['unknown field "z" / 未知字段“z”']);
  });

  it('refuses a bill whose input is too large for exact arithmetic, or that a layer fails on while settling it', () => {
    // 999,999,999 yuan is 99,999,999,900 fen; × 1,000,000 basis points (10000 %) passes 2^53.
    const big = TWO_CHAIN.replace('bill.a - paid.low', '10000% * bill.b');
    const r = settle(TWO, big, { members: [m1], bills: [bill('x', '1000', '999999999')] });
    expect(r.errors.map((e) => `${e.bill} ${e.path} ${e.code} ${e.layer}`)).toEqual(['x /bills/0 YR011 high']);
    expect(r.errors[0]!.message).toBe('amounts too large for exact arithmetic / 金额过大，无法精确计算');
    // high's rate is in force from 2026 only: a bill of 2025 fails in high, at its date.
    const later = { ...TWO, 'high.yibao': `plan "high" { valid 2016-01-01 to 2030-12-31 }
param 赔付率 {
  from 2026-01-01: 50%
}
benefit B { amount claim.inPolicySelfPay ratio 赔付率 }` };
    const f = settle(later, TWO_CHAIN, { members: [m1], bills: [bill('x', '1000'), bill('y', '1000', '0', '2026-03-01')] });
    expect(f.errors.map((e) => `${e.bill} ${e.path} ${e.code} ${e.layer}`)).toEqual(['x /bills/0/date YR006 high']);
    // y: low 1000 × 50% = 500 (x's 500 undone); high (1000 − 500) × 50% = 250.
    expect(byLayer(f, 'y')).toEqual({ low: '500.00', high: '250.00' });
  });

  it('says how much a layer paid past what it was given', () => {
    const files = { ...TWO, 'high.yibao': FLAT('high', 'claim.inPolicySelfPay + 100', '100%') };
    const r = settle(files, TWO_CHAIN, { members: [m1], bills: [bill('x', '1000', '1000')] });
    // high is given 1000 − 500 = 500 and pays 600.
    expect(r.errors[0]!.message).toMatch(/high.*600\.00.*500\.00/);
  });

  it('gives a layer a constant amount with the bill\'s parts', () => {
    const r = settle(TWO, TWO_CHAIN.replace('bill.a - paid.low', 'bill.b + 100'), { members: [m1], bills: [bill('x', '1000', '300')] });
    // high: (300 + 100) × 50% = 200.
    expect(byLayer(r, 'x').high).toBe('200.00');
  });
});

describe('bad bills', () => {
  it('names the bill and the field, and settles the others', () => {
    const r = settle(TWO, TWO_CHAIN, {
      members: [m1],
      bills: [
        { ...bill('p', '1'), costs: { a: '1' } },
        { ...bill('q', '1'), costs: { a: '1', b: '1', z: '1' } },
        { ...bill('r', '1'), member: 'nobody' },
        { ...bill('s', '1'), costs: { a: '-1', b: '0' } },
        { ...bill('t', '1'), setting: 'spa' },
        bill('ok', '200'),
      ],
    });
    expect(r.errors.map((e) => [e.bill, e.code, e.path])).toEqual([
      ['p', 'YR001', '/bills/0/costs'],
      ['q', 'YR001', '/bills/1/costs/z'],
      ['r', 'YR002', '/bills/2/member'],
      ['s', 'YR001', '/bills/3/costs/a'],
      ['t', 'YR008', '/bills/4/setting'],
    ]);
    expect(r.errors[4]!.layer).toBe('low');
    expect(byLayer(r, 'ok')).toEqual({ low: '100.00', high: '50.00' }); // 200 × 50%; (200 − 100) × 50%
    expect(r.bills.length + r.errors.length).toBe(r.billCount);
  });

  it('says what is wrong with each bill, in words, and with the request as a whole', () => {
    const r = settle(TWO, TWO_CHAIN, {
      members: [m1, m1],
      bills: [
        'x',
        { ...bill('n', '1'), id: 3 },
        bill('ok', '1'),
        bill('ok', '2'),
        { ...bill('u', '1'), member: 7 },
        { ...bill('d', '1'), date: undefined },
        { ...bill('c', '1'), costs: '1' },
        { ...bill('a', '1'), costs: { a: 'lots', b: '0' } },
      ],
      extra: true,
    });
    expect(r.errors.map((e) => [e.bill, e.path, e.code, e.message])).toEqual([
      [undefined, '/extra', 'YR001', 'unknown field "extra" / 未知字段“extra”'],
      [undefined, '/members/1/id', 'YR003', expect.stringContaining('"m1"')],
      ['#0', '/bills/0', 'YR001', 'a bill must be a JSON object { "id", "member", "date", "costs", … } / 每张账单应为 JSON 对象 { "id", "member", "date", "costs", … }'],
      ['#1', '/bills/1/id', 'YR001', 'missing field "id" / 缺少字段“id”'],
      ['ok', '/bills/3/id', 'YR003', expect.stringContaining('"ok"')],
      ['u', '/bills/4/member', 'YR001', 'missing field "member" / 缺少字段“member”'],
      ['d', '/bills/5/date', 'YR001', 'missing field "date" / 缺少字段“date”'],
      ['c', '/bills/6/costs', 'YR001', 'missing field "costs" / 缺少字段“costs”'],
      ['a', '/bills/7/costs/a', 'YR001', expect.stringMatching(/^must be an amount/)],
    ]);
    expect(r.bills.map((b) => b.id)).toEqual(['ok']);
    expect(settle(TWO, TWO_CHAIN, 'x').errors.map((e) => [e.path, e.message])).toEqual([['', 'the request must be a JSON object with "members" and "bills" / 请求应为包含“members”与“bills”的 JSON 对象']]);
  });
});

describe('chain diagnostics', () => {
  const bad = (chainText: string, files: Record<string, string> = TWO) => codes(files, chainText);
  it('checks what each layer is given against its plan', () => {
    expect(bad(TWO_CHAIN)).toEqual([]);
    expect(bad(TWO_CHAIN.replace('claim.inPolicySelfPay = bill.a }', 'claim.selfPay = bill.a }'))).toEqual(['YB964']);
    expect(bad(TWO_CHAIN.replace('bill.a - paid.low', 'bill.c - paid.low'))).toEqual(['YB966']);
    expect(bad(TWO_CHAIN.replace('= bill.a }', '= bill.a - paid.high }'))).toEqual(['YB965']);
    expect(bad(TWO_CHAIN.replace('bill.a - paid.low', 'claim.date'))).toEqual(['YB967']);
    expect(bad(TWO_CHAIN.replace('bill.a - paid.low', 'bill.a * 2'))).toEqual(['YB967']);
    expect(bad(TWO_CHAIN.replace('bill a, b', ''))).toEqual(['YB968']);
    expect(bad(TWO_CHAIN.replace('bill a, b', 'bill 比例, b'))).toEqual(['YB009']); // a keyword as a bill part
    expect(bad(TWO_CHAIN.replace('layer low ', 'layer first '))[0]).toBe('YB009'); // and as a layer's name (the parser then gives up on the chain)
    expect(bad(TWO_CHAIN.replace('= bill.a }', '= bill.a claim.inPolicySelfPay = bill.b }'))).toEqual(['YB969']);
    expect(bad(TWO_CHAIN.replace('"high.yibao"', '"nowhere.yibao"'))).toEqual(['YB107']);
    expect(bad(TWO_CHAIN, { ...TWO, 'high.yibao': 'plan "h" {}\nbenefit B { amount nothing ratio 50% }' })).toEqual(['YB963']);
    expect(bad(TWO_CHAIN + '\nbenefit X { amount 1 ratio 1% }')).toEqual(['YB962']);
  });

  it('keeps bill and paid out of plans', () => {
    expect(codesOf(FLAT('p', 'bill.a', '50%'))).toEqual(['YB961']);
    expect(codesOf(FLAT('p', 'paid.low', '50%'))).toEqual(['YB961']);
    const r = codes({ 'p.yibao': FLAT('p', 'bill.a', '50%') }, 'chain "c" { bill a\n layer p "p.yibao" { claim.inPolicySelfPay = bill.a } }');
    expect(r).toEqual(['YB963']);
  });

  it('says what the layer plan got wrong, in one language', () => {
    const d = docOf({ ...TWO, 'high.yibao': 'plan "h" {}\nbenefit B { amount nothing ratio 50% }' }, TWO_CHAIN).diagnostics[0]!;
    expect(d.args).toMatchObject({ layer: 'high', path: 'high.yibao', count: 1, line: 2 });
    expect(String(d.args!.first)).toMatch(/^Unknown name "nothing"/);
    expect(String(d.args!.firstZh)).toMatch(/^未定义的名称“nothing”/);
  });
});

describe('the chain contract', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  it('is published: spec/schemas holds exactly the schemas of the code (npm run schemas)', () => {
    expect(JSON.parse(readFileSync('spec/schemas/chain-request.schema.json', 'utf8'))).toEqual(chainRequestSchema);
    expect(JSON.parse(readFileSync('spec/schemas/chain-result.schema.json', 'utf8'))).toEqual(chainResultSchema);
  });

  it('the example bills fit the request schema, and results with and without traces, errors included, fit the result schema', () => {
    const request = JSON.parse(readFileSync('examples/bills/jilin.json', 'utf8')) as { members: unknown[]; bills: unknown[] };
    const validRequest = ajv.compile(chainRequestSchema);
    expect(validRequest(request), JSON.stringify(validRequest.errors)).toBe(true);
    expect(validRequest({ ...request, bills: [{ id: 'x' }] })).toBe(false);
    const { chain, plans } = exampleChain();
    const validResult = ajv.compile(chainResultSchema);
    for (const trace of [true, false]) {
      const r = settleChain(chain, plans, { ...request, bills: [...request.bills, { ...b1, id: 'bad', costs: { 甲类: '1' } }] }, { trace });
      expect(r.errors.length).toBe(1);
      expect(validResult(JSON.parse(JSON.stringify(r))), JSON.stringify(validResult.errors)).toBe(true);
    }
  });
});

describe('the Qingdao chain: basic insurance by member type → 大病 → 全民补充', () => {
  it('settles the example bills as worked by hand, each layer keeping its own year', () => {
    const path = 'examples/qingdao.chain.yibao';
    const doc = new ChainDocument(readFileSync(path, 'utf8'), path, planOpener(path));
    if (!doc.ir || !doc.plans) throw new Error(doc.diagnostics.map((d) => d.code).join(' '));
    const r = settleChain(doc.ir, doc.plans, JSON.parse(readFileSync('examples/bills/qingdao.json', 'utf8')), { trace: false });
    expect(r.errors).toEqual([]);
    // b1, employee in service, 三级, total 260,000: basic amount 150,000 + 50,000 × 90 % = 195,000,
    // (195,000 − 900) × 80 % = 155,280; 大病 (150,000 + 50,000 − 155,280 − 15,000) × 60 % = 17,832;
    // 全民补充 B (40,000 + 20,000 − 50,000) × 70 % = 7,000; patient 260,000 − 180,112 = 79,888.
    expect(byLayer(r, 'b1')).toEqual({ 基本医保: '155280.00', 大病保险: '17832.00', 全民补充: '7000.00' });
    expect(r.bills.find((b) => b.id === 'b1')!.patient).toBe('79888.00');
    // b2, retired employee, 二级: (20,000 + 9,000 − 500) × (85 % + 5 points) = 25,650; 大病 4,350 < 15,000;
    // 全民补充 5,000 < 50,000; patient 35,000 − 25,650 = 9,350.
    expect(byLayer(r, 'b2')).toEqual({ 基本医保: '25650.00', 大病保险: '0.00', 全民补充: '0.00' });
    expect(r.bills.find((b) => b.id === 'b2')!.patient).toBe('9350.00');
    // b3, w again, 一级: (30,000 − 200) × 90 % = 26,820; 大病's deductible already used by b1: 3,180 × 60 % =
    // 1,908; 全民补充's 50,000 already passed: 10,000 × 70 % = 7,000; patient 40,000 − 35,728 = 4,272.
    expect(byLayer(r, 'b3')).toEqual({ 基本医保: '26820.00', 大病保险: '1908.00', 全民补充: '7000.00' });
    expect(r.bills.find((b) => b.id === 'b3')!.patient).toBe('4272.00');
  });
});

describe('yibao settle', () => {
  const run = runCli;

  it('prints the chain result and exits 0; 1 when a bill was refused; 2 when the chain is missing or has errors', async () => {
    const ok = await run(['settle', EXAMPLE, 'examples/bills/jilin.json', '--no-trace']);
    expect(ok.code).toBe(0);
    const r = JSON.parse(ok.out) as ChainResult;
    expect(r.bills.map((b) => b.patient)).toEqual(['21745.50', '1044.00']); // as worked out above
    expect(r.bills[0]!.layers[0]!.trace).toBeUndefined();
    expect((await run(['settle', 'examples/no-such.chain.yibao', 'examples/bills/jilin.json'])).code).toBe(2);
    expect((await run(['settle', 'spec/conformance/bad/chain-inputs.chain.yibao', 'examples/bills/jilin.json'])).code).toBe(2);
    expect((await run(['settle', 'spec/conformance/good/chain-conservation.chain.yibao', 'examples/bills/jilin.json'])).code).toBe(1); // its bill has parts a and b
    const checked = await run(['check', EXAMPLE, '--lang', 'en']);
    expect([checked.code, checked.out]).toEqual([0, 'Checked 1 file: no errors.']);
  });
});
