// The quick SQL differential (sql-differential.mutate.ts) as Stryker's test run for engine/sql/, the
// table of which limits keep their value all year (test/sql-stable.test.ts), and the edges of payout
// and tilts worked out by hand (test/sql-edges.test.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/mutation/sql-differential.mutate.ts', 'test/sql-stable.test.ts', 'test/sql-edges.test.ts'], testTimeout: 60_000, globalSetup: ['./test/temp-folder.ts'] } });
