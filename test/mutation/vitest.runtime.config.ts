// The suites a mutation run over settlement and the result writer (stryker-runtime.config.mjs)
// kills mutants with: payouts worked by hand (conformance cases, the examples' tests, the engine's
// unit tests), the properties against the reference interpreter, the result model in both forms,
// batch against the API and its byte scanner, the fund's years, deadlines, and the golden traces.
// Suites that start processes, the browser or DuckDB are left out: a mutant then costs seconds.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/conformance.test.ts',
  'test/claim-code.test.ts',
  'test/plan-tests.test.ts',
  'test/engine.test.ts',
  'test/evaluate-order.test.ts',
  'test/premium.test.ts',
  'test/result-model.test.ts',
  'test/batch-agreement.test.ts',
  'test/bytes.test.ts',
  'test/golden.test.ts',
  'test/conditions.test.ts',
  'test/benefit-year.test.ts',
  'test/chain.test.ts',
  'test/hardening/properties.test.ts',
  'test/hardening/hostile-requests.test.ts',
  'test/compile-paths.test.ts',
  'test/terms-freshness.test.ts',
  'test/settle-details.test.ts',
  'test/fund.test.ts',
  'test/fund-sources.test.ts',
  'test/deadlines.test.ts',
  'test/batch-scan.test.ts',
  'test/schedule-bands.test.ts',
  'test/compile-facts.test.ts',
  'test/fund-data.test.ts',
  'test/fund-semantics.test.ts',
  'test/chain-batch.test.ts',
  'test/batch.test.ts',
  'test/batch-members.test.ts',
  'test/batch-records.test.ts',
]);
