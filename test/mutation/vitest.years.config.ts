// The suites a mutation run over the computations around settlement (stryker-years.config.mjs)
// kills mutants with: the fund's years and its data, bills through layers, payout deadlines and
// premiums. Small enough to run them all for every static mutant.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/fund.test.ts',
  'test/fund-sources.test.ts',
  'test/fund-data.test.ts',
  'test/fund-semantics.test.ts',
  'test/chain.test.ts',
  'test/chain-batch.test.ts',
  'test/deadlines.test.ts',
  'test/premium.test.ts',
]);
