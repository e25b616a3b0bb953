// The suites a mutation run over the compiler (stryker-compile.config.mjs) kills mutants with:
// payouts worked by hand, the integer path held to the decimal path and both to the reference
// interpreter, the IR compiled node kind by node kind, and what each value depends on.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/conformance.test.ts',
  'test/plan-tests.test.ts',
  'test/engine.test.ts',
  'test/compile-ir.test.ts',
  'test/conditions.test.ts',
  'test/exact-constants.test.ts',
  'test/needs.test.ts',
  'test/why.test.ts',
  'test/golden.test.ts',
  'test/hardening/properties.test.ts',
  'test/compile-paths.test.ts',
  'test/exact-marks.test.ts',
  'test/terms-freshness.test.ts',
  'test/settle-details.test.ts',
  'test/evaluate-order.test.ts',
  'test/compile-shapes.test.ts',
  'test/ir-nodes.test.ts',
  'test/trace-sources.test.ts',
  'test/compile-facts.test.ts',
]);
