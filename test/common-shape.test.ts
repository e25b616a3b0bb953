// Records of the common shape skip Ajv (engine/request/common-shape.ts). Whatever that check lets
// through, the request schema must accept, with the same amounts in fen; on generated records
// near the schema's edges, and on hand-picked ones.
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonClaim, commonMember } from '../engine/request/common-shape';
import { parseFen } from '../engine/core/money';
import { requestSchema } from '../engine/request/schemas';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(requestSchema);
const schemaClaim = ajv.getSchema(`${requestSchema.$id}#/definitions/claim`)!;
const schemaMember = ajv.getSchema(`${requestSchema.$id}#/definitions/member`)!;

// Values around every limit of the schema: lengths 0/1/200/201, astral characters, dates that
// are and are not of the pattern, amounts of every form, wrong types.
const text = fc.oneof(
  fc.constantFrom('', 'a', 'x'.repeat(200), 'x'.repeat(201), '𝒳'.repeat(100), '𝒳'.repeat(101), '住院', 'inpatient'),
  fc.string({ maxLength: 5 }),
);
const anyValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({}));
const date = fc.oneof(fc.constantFrom('2025-03-01', '2025-3-01', '2025-02-30', '20250301', '２０２５-03-01', '2025-03-01 '), text);
const amountValue = fc.oneof(
  fc.constantFrom('0', '00', '1.5', '1.50', '1.505', '999999999.99', '1000000000', '-1', '1e3', ' 1', '1.', '.5', '0.01'),
  fc.constantFrom(0, 1.5, 1.005, 999999999.99, 1e9, -0, -1, Number.NaN, Number.POSITIVE_INFINITY),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
  anyValue,
);
// Mostly good values, now and then an odd one, so that many records are valid and many are not.
const mostly = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: odd });
const goodText = fc.constantFrom('c1', 'm0000001', '住院', 'inpatient', 'x'.repeat(200), '𝒳'.repeat(100));
const goodDate = fc.constantFrom('2025-03-01', '1980-12-31', '2025-02-30');
const goodAmount = fc.oneof(fc.constantFrom('0', '1.5', '12000.00', '999999999.99', 0, 1.5, 1.005, 999999999.99), fc.double({ min: 0, max: 999999999.99, noNaN: true }));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const item = fc.record(
  { code: mostly(goodText, anyValue), amount: mostly(goodAmount, amountValue), class: mostly(fc.constantFrom('in', 'out'), fc.constantFrom('up', 1)), category: optional(mostly(goodText, anyValue)) },
  { requiredKeys: ['code', 'amount', 'class'] },
);
const claim = fc.record(
  {
    id: mostly(goodText, text), member: mostly(goodText, text), date: mostly(goodDate, date), setting: mostly(goodText, text),
    flags: optional(mostly(fc.array(goodText, { maxLength: 3 }), fc.oneof(fc.array(text, { maxLength: 3 }), anyValue))),
    inPolicySelfPay: optional(mostly(goodAmount, amountValue)), outOfPolicySelfPay: optional(mostly(goodAmount, amountValue)), overLimitSelfPay: optional(mostly(goodAmount, amountValue)),
    items: optional(mostly(fc.array(item, { maxLength: 3 }), anyValue)),
    note: fc.option(text, { nil: undefined, freq: 20 }),
  },
  { requiredKeys: ['id', 'member', 'date', 'setting'] },
);
const member = fc.record(
  {
    id: mostly(goodText, text), birthDate: mostly(goodDate, date), enrolledSince: mostly(goodDate, date),
    groups: optional(mostly(fc.array(goodText, { maxLength: 3 }), fc.oneof(fc.array(text, { maxLength: 3 }), anyValue))),
    attributes: optional(mostly(fc.dictionary(fc.constantFrom('parentsInsured', 'score', 'region'), fc.oneof(fc.boolean(), fc.integer(), goodText)), fc.oneof(fc.dictionary(text, anyValue, { maxKeys: 3 }), anyValue))),
    extra: fc.option(text, { nil: undefined, freq: 20 }),
  },
  { requiredKeys: ['id', 'birthDate', 'enrolledSince'] },
);

const fen = (v: unknown) => (v === undefined ? undefined : parseFen(v) ?? null);

describe('the common shape of request records', () => {
  it('lets through only claims the schema accepts, with the amounts the general path reads', () => {
    let passed = 0;
    fc.assert(
      fc.property(claim, (c) => {
        const f = commonClaim(c);
        if (!f) return;
        passed++;
        expect(schemaClaim(c), JSON.stringify(c)).toBe(true);
        expect(f.inPolicySelfPay).toBe(fen(c.inPolicySelfPay));
        expect(f.outOfPolicySelfPay).toBe(fen(c.outOfPolicySelfPay));
        expect(f.overLimitSelfPay).toBe(fen(c.overLimitSelfPay));
        expect(f.items?.map((it) => it.amount)).toEqual((c.items as { amount: unknown }[] | undefined)?.map((it) => fen(it.amount)));
      }),
      { numRuns: 20_000, seed: 1126 },
    );
    expect(passed).toBeGreaterThan(500); // the property is not vacuous
  });

  it('lets through only members the schema accepts', () => {
    let passed = 0;
    fc.assert(
      fc.property(member, (m) => {
        if (!commonMember(m)) return;
        passed++;
        expect(schemaMember(m), JSON.stringify(m)).toBe(true);
      }),
      { numRuns: 20_000, seed: 1126 },
    );
    expect(passed).toBeGreaterThan(500);
  });

  it('takes the everyday records, and leaves odd ones to the schema validator', () => {
    const c = { id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '12000.00', outOfPolicySelfPay: 300, items: [{ code: 'T1', amount: '10', class: 'in' }] };
    // "12000.00" → 1,200,000 fen; 300 → 30,000 fen; "10" → 1,000 fen.
    expect(commonClaim(c)).toMatchObject({ inPolicySelfPay: 1_200_000, outOfPolicySelfPay: 30_000, items: [{ amount: 1000 }] });
    expect(commonMember({ id: 'm1', birthDate: '1980-05-01', enrolledSince: '2021-06-01', attributes: { parentsInsured: false, score: 3 } })).toBe(true);
    for (const odd of [
      { ...c, extra: 1 },
      { ...c, inPolicySelfPay: '1.234' },
      Object.assign(Object.create(null), c),
      JSON.parse('{"id":"c1","member":"m1","date":"2025-03-01","setting":"x","__proto__":{}}'),
    ]) expect(commonClaim(odd)).toBeUndefined();
    expect(commonMember({ id: 'm1', birthDate: '1980-05-01', enrolledSince: '2021-06-01', attributes: { n: Number.NaN } })).toBe(false);
  });
});
