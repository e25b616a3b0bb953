// The suites a mutation run over lowering (stryker-lower.config.mjs) kills mutants with: every
// suite that lowers a plan and checks what it pays or what its IR says, without the suites that
// start processes, the browser or DuckDB. Every test lowers plans, so a mutant of lowering is
// reached by nearly all of them; this set keeps a mutant to seconds instead of minutes.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/conformance.test.ts',
  'test/plan-tests.test.ts',
  'test/ir.test.ts',
  'test/compile-ir.test.ts',
  'test/engine.test.ts',
  'test/conditions.test.ts',
  'test/premium.test.ts',
  'test/floors.test.ts',
  'test/chain.test.ts',
  'test/fund.test.ts',
  'test/codes.test.ts',
  'test/diff.test.ts',
  'test/golden.test.ts',
  'test/exact-marks.test.ts',
  'test/compile-paths.test.ts',
  'test/terms-freshness.test.ts',
  'test/ir-nodes.test.ts',
  'test/ir-static.test.ts',
  'test/ir-places.test.ts',
  'test/needs.test.ts',
]);
