// The suites a mutation run over the generated claim path (stryker-claimcode.config.mjs) kills
// mutants with: the generated function against the interpreter on every good conformance and
// example plan, generated plans and drawn claims; the conformance cases' payouts worked by hand;
// batch against the API. A mutant that breaks the generated source fails them all (it is thrown,
// not quietly handed to the interpreter), so each file runs in seconds.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/claim-code.test.ts',
  'test/conformance.test.ts',
  'test/batch-agreement.test.ts',
]);
