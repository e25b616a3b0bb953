// Runs a campaign in a worker thread for scripts/fuzz.ts, so that the main thread can notice a
// hang (an input that never finishes) and still report it.
import { parentPort, workerData } from 'node:worker_threads';
import { runCampaign } from './campaign';
import { minimize } from './minimize';
import { signature } from './corpus';

const { seed, ms, known, minimizeMs } = workerData as { seed: number; ms: number; known: string[]; minimizeMs: number };
const seen = new Set(known);
const result = runCampaign({
  seed,
  ms,
  maxFailures: Infinity,
  onInput: (input, index) => parentPort!.postMessage({ type: 'input', index, input }),
  onFailure: (input, failure, index) => {
    const sig = signature(failure, input);
    if (seen.has(sig)) return;
    seen.add(sig);
    parentPort!.postMessage({ type: 'minimizing', index, failure });
    // A slow input is slow to shrink too: keep it whole.
    const small = failure.kind === 'slow' ? input : minimize(input, failure, minimizeMs);
    parentPort!.postMessage({ type: 'failure', index, failure, input: small, original: input.text.length });
  },
});
parentPort!.postMessage({ type: 'done', runs: result.runs, ms: result.ms, mix: result.mix, failures: result.failures.length });
