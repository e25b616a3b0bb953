// Bundles the CLI into dist/yibao.mjs (and its batch worker into dist/batch-worker.mjs) so
// `npx yibao` starts fast; bin/yibao.js falls back to the TypeScript sources through tsx whenever
// the bundle is missing or older than them.
import { build } from 'esbuild';

await build({
  entryPoints: { yibao: 'engine/cli/main.ts', 'batch-worker': 'engine/batch/worker.ts', 'chain-worker': 'engine/batch/chain-worker.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  // Native (DuckDB's bindings) and database client packages stay in node_modules, loaded at run time.
  external: ['@duckdb/node-api', 'pg'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
