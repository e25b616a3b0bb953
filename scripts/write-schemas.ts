// Writes the engine's JSON Schemas to spec/schemas/ (a test keeps them equal to the code).
import { writeFileSync } from 'node:fs';
import { requestSchema, resultSchema } from '../engine/runtime/schemas';

writeFileSync('spec/schemas/request.schema.json', JSON.stringify(requestSchema, null, 2) + '\n');
writeFileSync('spec/schemas/result.schema.json', JSON.stringify(resultSchema, null, 2) + '\n');
console.log('wrote spec/schemas/request.schema.json, spec/schemas/result.schema.json');
