// Mutation testing of lowering, the checked plan → plan IR (`npx stryker run
// test/mutation/stryker-lower.config.mjs`): each mutant of engine/lower/ run against the suites that
// lower plans and check their payouts and IR (vitest.lower.config.ts). `--mutate FILE` narrows it.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.lower.config.ts' },
  mutate: ['engine/lower/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/lower.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/lower.json' },
  tempDirName: 'test-artifacts/.stryker-tmp-lower',
  ignoreStatic: true,
};
