#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx yibao` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
