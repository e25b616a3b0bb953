// Mutation testing (npm run mutate; slow, so not part of npm test): Stryker changes the code of the
// stages that compute money (lowering, the compiler, the runtime) and the batch result writer, one
// mutant at a time, and the unit suites must fail on each. `-- --mutate PATH` narrows a run.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: [
    'engine/lower/**/*.ts',
    'engine/compile/**/*.ts',
    'engine/runtime/**/*.ts',
    'engine/batch/block.ts',
    'engine/batch/bytes.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/report.json' },
  tempDirName: 'test-artifacts/.stryker-tmp',
  // Kept in the repository: a later run tests only the mutants of code changed since.
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  thresholds: { high: 90, low: 85, break: null },
  ignoreStatic: true,
  // vitest does not type-check, and tests compare generated files with their generator byte for byte.
  disableTypeChecks: false,
};
