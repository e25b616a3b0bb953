// The suites a mutation run (npm run mutate) kills mutants with: the in-process unit suites. Suites
// that start the CLI as its own process, the browser, and the long fault injection are left out:
// they would run the unmutated bundle, or take minutes per mutant.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'test/browser/**',
      'test/batch-files.test.ts',
      'test/batch-interrupt.test.ts',
      'test/imports.test.ts',
      'test/editor-server-raw.test.ts',
      'test/hardening/fuzz-frontend.test.ts',
      'test/hardening/limits.test.ts',
      // Scans the source for code strings; Stryker's instrumented copy is not the source.
      'test/hardening/security.test.ts',
      // A random campaign with its own oracle; batch.test.ts and batch-agreement.test.ts hold the writer.
      'test/batch-fuzz.test.ts',
    ],
    testTimeout: 60_000,
    // Fewer generated cases per property: a surviving mutant runs every test that reaches it.
    env: { YIBAO_PROPERTY_RUNS: '40' },
  },
});
