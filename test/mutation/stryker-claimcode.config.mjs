// Mutation testing of the generated claim path (engine/runtime/claim-code.ts) and the shapes it is
// written from (the last functions of engine/compile/shapes.ts), static mutants tested too: the
// source is written when a plan's first claim is settled, and every mutant reloads the modules.
import { stageConfig } from './stage-config.mjs';

export default stageConfig('claimcode', ['engine/runtime/claim-code.ts', 'engine/compile/shapes.ts:50-76'], { ignoreStatic: false });
