#!/usr/bin/env node
// Runs the bundled CLI (dist/yibao.mjs, built by `npm install`), or the TypeScript sources through
// tsx when the bundle is missing or older than any source file, so an edit is never ignored.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startBatchWorkers } from './batch-workers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'yibao.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

let entry;
if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'grammar')), newestSource(join(root, 'engine')))) {
  entry = pathToFileURL(bundle).href;
  startBatchWorkers(process.argv.slice(2), join(root, 'dist', 'batch-worker.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'engine', 'cli', 'main.ts')).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

