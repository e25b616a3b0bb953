import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { requestSchema, resultSchema } from '../engine/runtime/schemas';
import { run, claim, HEADER } from './helpers';

describe('published JSON Schemas', () => {
  it('spec/schemas files are exactly the schemas the engine validates with (npm run schemas)', () => {
    expect(JSON.parse(readFileSync('spec/schemas/request.schema.json', 'utf8'))).toEqual(requestSchema);
    expect(JSON.parse(readFileSync('spec/schemas/result.schema.json', 'utf8'))).toEqual(resultSchema);
  });

  it('every result validates against the result schema', () => {
    const r = run(HEADER + 'benefit B { amount claim.inPolicySelfPay ratio 50% }', [claim({ inPolicySelfPay: '100' }), claim({ inPolicySelfPay: 'x' })]);
    const validate = new Ajv({ strict: false }).compile(resultSchema);
    expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.claims).toHaveLength(1);
    expect(r.errors).toHaveLength(1);
  });
});
