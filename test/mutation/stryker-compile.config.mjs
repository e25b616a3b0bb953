// Mutation testing of the compiler, plan IR → closures (`npx stryker run
// test/mutation/stryker-compile.config.mjs`): each mutant of engine/compile/ run against the suites
// of vitest.compile.config.ts. `--mutate FILE` narrows it.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.compile.config.ts' },
  mutate: ['engine/compile/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/compile.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/compile.json' },
  tempDirName: 'test-artifacts/.stryker-tmp-compile',
  ignoreStatic: true,
};
