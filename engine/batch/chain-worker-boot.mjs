// Starts the chain batch worker from its TypeScript source (when the CLI runs unbundled, as in tests).
import { register } from 'tsx/esm/api';

register();
await import('./chain-worker.ts');
