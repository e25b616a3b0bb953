// The suites a mutation run over batch's writer (stryker-writer.config.mjs) kills mutants with:
// batch runs in one thread and in several, their rejected records and CSV lines, the byte scanner,
// the line reader and the byte sink, the result model's fields in both forms and the generated
// writer. Small enough to run them all for every static mutant.
import { quickSuites } from './quick-suites';

export default quickSuites([
  'test/bytes.test.ts',
  'test/batch.test.ts',
  'test/batch-records.test.ts',
  'test/batch-scan.test.ts',
  'test/batch-agreement.test.ts',
  'test/batch-members.test.ts',
  'test/result-model.test.ts',
  'test/result-code.test.ts',
]);
