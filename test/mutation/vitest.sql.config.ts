// The quick SQL differential (sql-differential.mutate.ts) as Stryker's test run for engine/sql/.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/mutation/sql-differential.mutate.ts'], testTimeout: 60_000, globalSetup: ['./test/temp-folder.ts'] } });
