// A fuzz campaign: inputs from the seeds by mutation, from the grammar by generation, and
// mutations of generated plans, each run through the oracle. Deterministic for a given seed.
import { generatePlan } from './generate';
import { mutate } from './mutate';
import { checkInput, type Failure, type OracleOptions } from './oracle';
import { Rng } from './rng';
import { loadRegressions, loadSeeds, type FuzzInput } from './seeds';

export interface CampaignOptions {
  seed: number;
  /** Stop after this many inputs… */
  runs?: number;
  /** …or after this many milliseconds, whichever comes first. */
  ms?: number;
  /** Stop at the first failure (the default) or collect up to this many. */
  maxFailures?: number;
  oracle?: OracleOptions;
  /** Called before each input runs (a watchdog records it, to report a hang). */
  onInput?: (input: FuzzInput, index: number) => void;
  onFailure?: (input: FuzzInput, failure: Failure, index: number) => void;
  /** Mutate the seeds only, or the regression corpus too (the default; its inputs can be large). */
  regressionsInPool?: boolean;
  /** Failures already known (open regression cases): counted in `known`, not as failures. */
  isKnown?: (input: FuzzInput, failure: Failure) => boolean;
}

export interface CampaignResult {
  runs: number;
  ms: number;
  failures: { input: FuzzInput; failure: Failure; index: number }[];
  /** Inputs that failed in a way a regression case already records. */
  known: number;
  /** Inputs per origin kind, to show the mix. */
  mix: Record<string, number>;
}

/** The i-th input of a campaign: depends only on the seed and i. */
export function nextInput(rng: Rng, pool: FuzzInput[]): { input: FuzzInput; kind: string } {
  const other = () => rng.pick(pool).text;
  const kind = rng.weighted([[45, 'mutate-seed'], [25, 'generate'], [25, 'mutate-generated'], [5, 'mutate-twice']]);
  switch (kind) {
    case 'generate':
      return { input: generatePlan(rng), kind };
    case 'mutate-generated':
      return { input: mutate(generatePlan(rng), rng, other), kind };
    case 'mutate-twice':
      return { input: mutate(mutate(rng.pick(pool), rng, other), rng, other), kind };
    default:
      return { input: mutate(rng.pick(pool), rng, other), kind };
  }
}

export function runCampaign(o: CampaignOptions): CampaignResult {
  const pool = [...loadSeeds(), ...(o.regressionsInPool === false ? [] : loadRegressions().map((r) => r.input))];
  const rng = new Rng(o.seed);
  const started = performance.now();
  const result: CampaignResult = { runs: 0, ms: 0, failures: [], known: 0, mix: {} };
  const maxFailures = o.maxFailures ?? 1;
  for (let i = 0; ; i++) {
    if (o.runs !== undefined && i >= o.runs) break;
    if (o.ms !== undefined && performance.now() - started >= o.ms) break;
    const { input, kind } = nextInput(rng.fork(), pool);
    input.origin = `seed ${o.seed} #${i} ${kind}: ${input.origin ?? ''}`;
    result.mix[kind] = (result.mix[kind] ?? 0) + 1;
    o.onInput?.(input, i);
    let failure = checkInput(input, o.oracle);
    // A slow input is checked again: a pause of the machine is not a finding.
    if (failure?.kind === 'slow') failure = checkInput(input, o.oracle);
    result.runs++;
    if (failure && o.isKnown?.(input, failure)) result.known++;
    else if (failure) {
      result.failures.push({ input, failure, index: i });
      o.onFailure?.(input, failure, i);
      if (result.failures.length >= maxFailures) break;
    }
  }
  result.ms = performance.now() - started;
  return result;
}
