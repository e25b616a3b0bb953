// One `npm test` run: the unit suites and the browser suite (which builds the editor and drives
// Debian's chromium). Files run one at a time so that the browser's timing checks (markers within
// 100 ms of typing) are not measured against a machine busy with other suites.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    fileParallelism: false,
    // PostgreSQL first: its folder must not be inside the run's private temporary folder.
    globalSetup: ['./test/postgres-server.ts', './test/temp-folder.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
