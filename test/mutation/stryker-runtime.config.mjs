// Mutation testing of settlement and the result writer: the claim path (settle, terms, schedules,
// tilts, the member loop), the result's two forms and batch's writer, the layers of a bill, the
// fund's years, premiums and deadlines, against the suites of vitest.runtime.config.ts.
import { stageConfig } from './stage-config.mjs';

export default stageConfig('runtime', [
  'engine/runtime/settle.ts',
  'engine/runtime/claim-code.ts',
  'engine/runtime/resolved.ts',
  'engine/runtime/schedule.ts',
  'engine/runtime/tilts.ts',
  'engine/runtime/member-loop.ts',
  'engine/runtime/outcome.ts',
  'engine/runtime/evaluate.ts',
  'engine/runtime/result-fields.ts',
  'engine/runtime/result-object.ts',
  'engine/runtime/result-bytes.ts',
  'engine/runtime/chain.ts',
  'engine/runtime/fund.ts',
  'engine/runtime/fund-data.ts',
  'engine/runtime/premium.ts',
  'engine/runtime/deadlines.ts',
  'engine/batch/block.ts',
  'engine/batch/bytes.ts',
]);
