// Mutation testing of the generated claim path (engine/runtime/claim-code.ts), static mutants
// tested too: the source is written when a plan's first claim is settled, and every mutant reloads
// the modules. (The shapes it is written from, engine/compile/shapes.ts, are the compile stage's.)
import { stageConfig } from './stage-config.mjs';

export default stageConfig('claimcode', ['engine/runtime/claim-code.ts'], { ignoreStatic: false });
