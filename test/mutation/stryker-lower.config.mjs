// Mutation testing of lowering, the checked plan → plan IR: each mutant of engine/lower/ run
// against the suites that lower plans and check their payouts and IR (vitest.lower.config.ts).
import { stageConfig } from './stage-config.mjs';

export default stageConfig('lower', ['engine/lower/**/*.ts']);
