// Mutation testing of the fund's years, bills through layers, payout deadlines and premiums, with
// static mutants tested too: each one reloads the modules and runs the suites of
// vitest.years.config.ts, so the tables and patterns the modules build when they load are mutated.
import { stageConfig } from './stage-config.mjs';

export default stageConfig('years', [
  'engine/runtime/fund.ts',
  'engine/runtime/fund-data.ts',
  'engine/runtime/chain.ts',
  'engine/runtime/deadlines.ts',
  'engine/runtime/premium.ts',
], { ignoreStatic: false });
