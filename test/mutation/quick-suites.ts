// A stage's quick suite set for a mutation run: the named in-process suites only (no processes,
// browser or DuckDB), the temporary folder they share, and fewer generated cases per property.
import { defineConfig } from 'vitest/config';

export const quickSuites = (include: string[]) =>
  defineConfig({ test: { include, testTimeout: 60_000, globalSetup: ['./test/temp-folder.ts'], env: { YIBAO_PROPERTY_RUNS: '40' } } });
