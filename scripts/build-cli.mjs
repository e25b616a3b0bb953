// Bundles the CLI into dist/yibao.mjs so `npx yibao` starts fast; bin/yibao.js falls back to
// running the TypeScript sources through tsx whenever the bundle is missing or older than them.
import { build } from 'esbuild';

await build({
  entryPoints: ['engine/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/yibao.mjs',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
