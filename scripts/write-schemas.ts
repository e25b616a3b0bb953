// Writes the engine's JSON Schemas to spec/schemas/ and the request validators generated from them
// (tests keep both equal to the code).
import { writeFileSync } from 'node:fs';
import { requestSchema, resultSchema } from '../engine/runtime/schemas';
import { requestValidatorsSource } from '../engine/runtime/standalone-validators';

writeFileSync('spec/schemas/request.schema.json', JSON.stringify(requestSchema, null, 2) + '\n');
writeFileSync('spec/schemas/result.schema.json', JSON.stringify(resultSchema, null, 2) + '\n');
writeFileSync('engine/runtime/request-validators.generated.ts', requestValidatorsSource());
console.log('wrote spec/schemas/request.schema.json, spec/schemas/result.schema.json, engine/runtime/request-validators.generated.ts');
