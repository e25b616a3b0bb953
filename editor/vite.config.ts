// Builds the editor into editor/dist: one page, Monaco and the analysis worker as bundled
// chunks (no CDN), grammar/ and engine/ imported from the project as they are.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    // Source maps off: the build is part of the test run and must stay quick on two cores.
    sourcemap: false,
    target: 'es2022',
    // The timing report is noise in test logs; the build is a few seconds.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5174, fs: { allow: ['..'] } },
});
