// Writes the engine's JSON Schemas to spec/schemas/ and the request validators generated from them
// (test/schemas.test.ts keeps all of them equal to the code).
import { writeFileSync } from 'node:fs';
import { schemaFiles } from './schema-files';

const files = schemaFiles();
for (const [path, text] of files) writeFileSync(path, text);
console.log(`wrote ${files.map(([p]) => p).join(', ')}`);
