// Mutation testing of the compiler, plan IR → closures: each mutant of engine/compile/ run against
// the suites of vitest.compile.config.ts.
import { stageConfig } from './stage-config.mjs';

export default stageConfig('compile', ['engine/compile/**/*.ts']);
