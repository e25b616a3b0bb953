// Mutation testing of settlement and the result writer (`npx stryker run
// test/mutation/stryker-runtime.config.mjs`): the claim path (settle, terms, schedules, tilts, the
// member loop) and the result's two forms, each mutant run against the suites of
// vitest.runtime.config.ts. `--mutate FILE` narrows it.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.runtime.config.ts' },
  mutate: [
    'engine/runtime/settle.ts',
    'engine/runtime/resolved.ts',
    'engine/runtime/schedule.ts',
    'engine/runtime/tilts.ts',
    'engine/runtime/member-loop.ts',
    'engine/runtime/outcome.ts',
    'engine/runtime/evaluate.ts',
    'engine/runtime/result-fields.ts',
    'engine/runtime/result-object.ts',
    'engine/runtime/result-bytes.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/runtime.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/runtime.json' },
  tempDirName: 'test-artifacts/.stryker-tmp-runtime',
  ignoreStatic: true,
};
