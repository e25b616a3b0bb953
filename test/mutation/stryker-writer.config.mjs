// Mutation testing of batch's writer alone (block.ts, bytes.ts, and the result program and its
// generated code, runtime/result-bytes.ts and result-code.ts) with static mutants tested too:
// each one reloads the modules and runs the writer's suites (vitest.writer.config.ts), so the
// tables and constants the modules build when they load are mutated as well.
import { stageConfig } from './stage-config.mjs';

export default stageConfig('writer', ['engine/batch/block.ts', 'engine/batch/bytes.ts', 'engine/runtime/result-bytes.ts', 'engine/runtime/result-code.ts'], { ignoreStatic: false });
