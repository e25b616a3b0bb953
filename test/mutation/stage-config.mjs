// One Stryker configuration per stage, each with its quick suite set (vitest.NAME.config.ts), its
// own sandbox and its own report (test-artifacts/mutation/NAME.html and .json), so two stages can
// run side by side. `npx stryker run test/mutation/stryker-NAME.config.mjs [--mutate FILE]`.
// `ignoreStatic` (the default here) runs a mutant that code run at module load also reaches only
// with the tests that reach it while they run, so what the module computed when it loaded stays
// unmutated; such "hybrid" mutants then survive whatever the tests check. A stage small enough to
// afford a module reload per mutant turns it off (the writer and years stages).
export function stageConfig(name, mutate, { ignoreStatic = true } = {}) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: `test/mutation/vitest.${name}.config.ts` },
    mutate,
    coverageAnalysis: 'perTest',
    concurrency: 2,
    timeoutMS: 30_000,
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `test-artifacts/mutation/${name}.html` },
    jsonReporter: { fileName: `test-artifacts/mutation/${name}.json` },
    tempDirName: `test-artifacts/.stryker-tmp-${name}`,
    ignoreStatic,
    // Reports, other runs' sandboxes and local scratch files stay out of the sandbox a run copies.
    ignorePatterns: ['/test-artifacts', '/scratch', '/dist', '/coverage'],
  };
}
