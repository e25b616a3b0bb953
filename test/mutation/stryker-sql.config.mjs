// Mutation testing of the SQL backend's arithmetic (`npx stryker run test/mutation/stryker-sql.config.mjs`,
// about 15 minutes on 2 cores): tilts, payout and rounding, and the stability of limits, each mutant run
// against the quick DuckDB differential (sql-differential.mutate.ts).
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.sql.config.ts' },
  mutate: ['engine/sql/tilts.ts', 'engine/sql/payout.ts', 'engine/sql/stable.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/sql.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/sql.json' },
  tempDirName: 'test-artifacts/.stryker-tmp-sql',
  ignoreStatic: true,
};
