import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { requestSchema, resultSchema } from '../engine/runtime/schemas';
import { requestValidatorsSource } from '../engine/runtime/standalone-validators';
import { run, claim, HEADER } from './helpers';

describe('published JSON Schemas', () => {
  it('spec/schemas files are exactly the schemas the engine validates with (npm run schemas)', () => {
    expect(JSON.parse(readFileSync('spec/schemas/request.schema.json', 'utf8'))).toEqual(requestSchema);
    expect(JSON.parse(readFileSync('spec/schemas/result.schema.json', 'utf8'))).toEqual(resultSchema);
  });

  it('the generated request validators are the ones the schema gives today (npm run schemas)', () => {
    expect(readFileSync('engine/runtime/request-validators.generated.ts', 'utf8')).toBe(requestValidatorsSource());
  });

  it('the generated validators judge records as Ajv compiling the schema does', async () => {
    const generated = await import('../engine/runtime/request-validators.generated');
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

  it('every result validates against the result schema', () => {
    const r = run(HEADER + 'benefit B { amount claim.inPolicySelfPay ratio 50% }', [claim({ inPolicySelfPay: '100' }), claim({ inPolicySelfPay: 'x' })]);
    const validate = new Ajv({ strict: false }).compile(resultSchema);
    expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.claims).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
  });
});
