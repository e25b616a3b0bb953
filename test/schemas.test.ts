import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestSchema, resultSchema } from '../engine/request/schemas';
import { requestValidatorsSource, wholeRequestValidatorSource } from '../engine/request/standalone-validators';
import * as wholeRequest from '../engine/request/whole-request-validator.generated';
import { run, claim, HEADER } from './helpers';
import { schemaFiles } from '../scripts/schema-files';

describe('published JSON Schemas', () => {
  it('spec/schemas files are exactly the schemas the engine validates with (npm run schemas)', () => {
    expect(JSON.parse(readFileSync('spec/schemas/request.schema.json', 'utf8'))).toEqual(requestSchema);
    expect(JSON.parse(readFileSync('spec/schemas/result.schema.json', 'utf8'))).toEqual(resultSchema);
  });

  it('every file npm run schemas writes is on disk as it would write it today', () => {
    for (const [path, text] of schemaFiles()) expect(readFileSync(path, 'utf8'), path).toBe(text);
  });

  it('the generated request validators are the ones the schema gives today (npm run schemas)', () => {
    expect(readFileSync('engine/request/request-validators.generated.ts', 'utf8')).toBe(requestValidatorsSource());
  });

  it('the generated validators judge records as Ajv compiling the schema does', async () => {
    const generated = await import('../engine/request/request-validators.generated');
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(requestSchema);
    const compiled = { member: ajv.getSchema(`${requestSchema.$id}#/definitions/member`)!, claim: ajv.getSchema(`${requestSchema.$id}#/definitions/claim`)! };
    const samples: [keyof typeof compiled, unknown][] = [
      ['member', { id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      ['member', { id: '', birthDate: '1980-1-01', enrolledSince: '2020-01-01', extra: 1 }],
      ['member', { id: '𝒳'.repeat(200), birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      ['member', { id: '𝒳'.repeat(201), birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { a: [] } }],
      ['claim', { id: 'c', member: 'm', date: '2025-01-01', setting: 'inpatient', inPolicySelfPay: '12.345' }],
      ['claim', { id: 'c', member: 'm', date: '2025-01-01', setting: 'inpatient', items: [{ code: 'x', amount: 1, class: 'up' }] }],
      ['claim', { id: 'c', member: 'm', date: '2025-01-01', setting: 'inpatient', outOfPolicySelfPay: 999999999.99, flags: ['a'] }],
    ];
    for (const [kind, value] of samples) {
      const a = (generated as unknown as Record<string, (v: unknown) => boolean>)[kind]!;
      const b = compiled[kind];
      expect(a(value)).toBe(b(value));
      expect((a as unknown as { errors: unknown }).errors ?? null).toEqual(b.errors ?? null);
    }
  });

  it('the generated whole-request validator (the editor bench) is the one the schema gives today (npm run schemas)', () => {
    const text = readFileSync('engine/request/whole-request-validator.generated.ts', 'utf8');
    expect(text).toBe(wholeRequestValidatorSource());
    // The editor's page runs it under a Content-Security-Policy without 'unsafe-eval'.
    expect(text).not.toMatch(/\bnew Function\b|\bFunction\(|\beval\(|\brequire\(/);
  });

  describe('the generated whole-request validator judges requests as Ajv compiling the schema does (what the bench did)', () => {
    const generated = wholeRequest as unknown as { request: ValidateFunction };
    // Exactly the bench's former validator (editor/src/app/bench.ts).
    const compiled = new Ajv({ allErrors: true, strict: false }).compile(requestSchema);
    const same = (value: unknown) => {
      const ok = generated.request(value);
      const errors = generated.request.errors ?? null;
      expect(ok).toBe(compiled(value));
      // Whole error objects: the bench's markers use instancePath, schemaPath, keyword, params and message.
      expect(errors).toEqual(compiled.errors ?? null);
      return { ok, paths: (errors ?? []).map((e) => e.instancePath) };
    };
    const member = { id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' };
    const claim = { id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '12000.00' };
    const valid: [string, unknown][] = [
      ['the Weihai example request', JSON.parse(readFileSync('examples/requests/weihai-2024.json', 'utf8'))],
      ['an empty request', {}],
      ['empty lists', { members: [], claims: [] }],
      ['every field', {
        year: 2024,
        members: [{ ...member, groups: ['连续参保'], attributes: { city: '威海', age: 44, veteran: false } }, { ...member, id: '𝒳'.repeat(200) }],
        claims: [{ ...claim, flags: ['a'], outOfPolicySelfPay: 999999999.99, overLimitSelfPay: '0', items: [{ code: 'x', amount: 1, class: 'in', category: '药品' }, { code: 'y', amount: '0.5', class: 'out' }] }],
      }],
    ];
    const invalid: [string, unknown, string[]][] = [
      ['null', null, ['']],
      ['an array', [], ['']],
      ['a string', 'request', ['']],
      ['an unknown top-level field', { members: [], claim: [] }, ['']],
      ['members not a list', { members: {} }, ['/members']],
      // Only the id is required of every member: the dates only by plans that read them.
      ['a member without fields, one with a bad date and an extra field', { members: [{}, { ...member, birthDate: '1980-1-01', extra: 1 }] }, ['/members/0', '/members/1', '/members/1/birthDate']],
      ['a too long id (counted in code points), a bad attribute', { members: [{ ...member, id: '𝒳'.repeat(201), attributes: { a: [], b: null } }] }, ['/members/0/id', '/members/0/attributes/a', '/members/0/attributes/a', '/members/0/attributes/a', '/members/0/attributes/a', '/members/0/attributes/b', '/members/0/attributes/b', '/members/0/attributes/b', '/members/0/attributes/b']],
      ['amounts: three decimals, negative, too large', { claims: [{ ...claim, inPolicySelfPay: '12.345', outOfPolicySelfPay: -1, overLimitSelfPay: 1e9 }] }, [
        '/claims/0/inPolicySelfPay', '/claims/0/inPolicySelfPay', '/claims/0/inPolicySelfPay',
        '/claims/0/outOfPolicySelfPay', '/claims/0/outOfPolicySelfPay', '/claims/0/outOfPolicySelfPay',
        '/claims/0/overLimitSelfPay', '/claims/0/overLimitSelfPay', '/claims/0/overLimitSelfPay',
      ]],
      ['an item of an unknown class, without a code', { claims: [{ ...claim, items: [{ amount: 1, class: 'up' }] }] }, ['/claims/0/items/0', '/claims/0/items/0/class']],
      ['a claim without setting, an empty flag', { claims: [{ id: 'c', member: 'm', date: '2025-01-01', flags: [''] }] }, ['/claims/0', '/claims/0/flags/0']],
      ['a year out of range', { year: 1800 }, ['/year']],
      ['a fractional year', { year: 2024.5 }, ['/year']],
      ['too many groups', { members: [{ ...member, groups: Array.from({ length: 101 }, (_, i) => `g${i}`) }] }, ['/members/0/groups']],
    ];
    it.each(valid)('valid: %s', (_, value) => {
      expect(same(value)).toEqual({ ok: true, paths: [] });
    });
    it.each(invalid)('invalid: %s', (_, value, paths) => {
      expect(same(value)).toEqual({ ok: false, paths });
    });
    it('and on generated requests, valid and invalid', () => {
      const text = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('', '2025-01-01', '2025-1-1', '12.34', '12.345', 'in', 'out', '𝒳'.repeat(201)));
      const scalar = fc.oneof(text, fc.integer({ min: -5, max: 3000 }), fc.constantFrom(0.5, 1e9, 999999999.99, -0.01, true, null));
      const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(text, scalar, { maxKeys: 2 }));
      const item = fc.record({ code: text, amount: scalar, class: scalar, category: value }, { requiredKeys: [] });
      const rMember = fc.record({ id: text, birthDate: text, enrolledSince: text, groups: fc.array(text, { maxLength: 3 }), attributes: fc.dictionary(text, value, { maxKeys: 3 }), extra: value }, { requiredKeys: [] });
      const rClaim = fc.record(
        { id: text, member: text, date: text, setting: text, flags: fc.oneof(value, fc.array(text, { maxLength: 2 })), inPolicySelfPay: scalar, outOfPolicySelfPay: scalar, overLimitSelfPay: scalar, items: fc.oneof(value, fc.array(item, { maxLength: 3 })) },
        { requiredKeys: [] },
      );
      const request = fc.oneof(
        { weight: 4, arbitrary: fc.record({ members: fc.oneof(value, fc.array(rMember, { maxLength: 3 })), claims: fc.oneof(value, fc.array(rClaim, { maxLength: 3 })), year: scalar, other: value }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: value },
      );
      let valids = 0;
      fc.assert(fc.property(request, (r) => void (same(r).ok && valids++)), { numRuns: 2000, seed: 20240601 });
      expect(valids).toBeGreaterThan(0);
    });
  });

  it('every result validates against the result schema', () => {
    const r = run(HEADER + 'benefit B { amount claim.inPolicySelfPay ratio 50% }', [claim({ inPolicySelfPay: '100' }), claim({ inPolicySelfPay: 'x' })]);
    const validate = new Ajv({ strict: false }).compile(resultSchema);
    expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.claims).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
  });
});
