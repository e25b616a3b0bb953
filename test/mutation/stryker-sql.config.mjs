// Mutation testing of the SQL backend's arithmetic (`npx stryker run test/mutation/stryker-sql.config.mjs`,
// about 15 minutes on 2 cores): tilts, payout and rounding, and the stability of limits, each mutant run
// against the quick DuckDB differential (sql-differential.mutate.ts, vitest.sql.config.ts).
import { stageConfig } from './stage-config.mjs';

// A differential run starts DuckDB for each plan: a minute before a mutant counts as timed out.
export default { ...stageConfig('sql', ['engine/sql/tilts.ts', 'engine/sql/payout.ts', 'engine/sql/stable.ts']), timeoutMS: 60_000 };
