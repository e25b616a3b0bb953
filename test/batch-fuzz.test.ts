// A short budget of the batch-file fuzzer (npm run fuzz runs the long one): mutated JSON Lines and
// CSV claim files, cut into chunks of random size, settled by batch and by the request API, which
// must agree on every payout and every rejected claim. Every case that once failed is replayed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/index';
import { BATCH_PLAN, batchCampaign, checkCase, loadBatchRegressions } from './fuzz/batch-campaign';

const RUNS = Number(process.env.YIBAO_BATCH_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.YIBAO_BATCH_FUZZ_SEED ?? 1);

describe('batch files fuzzed against the request API', () => {
  it(`${RUNS} mutated files from seed ${SEED}: the same payouts and the same rejected claims`, async () => {
    const r = await batchCampaign({ seed: SEED, runs: RUNS, maxFailures: 3 });
    expect(r.failures.map((f) => `${f.message}\n${JSON.stringify(f.c)}`)).toEqual([]);
    expect(r.runs).toBe(RUNS);
  }, 300_000);

  it('replays every batch case that once failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-batch-replay-'));
    const planPath = join(dir, 'plan.yibao');
    writeFileSync(planPath, BATCH_PLAN);
    const plan = compile(BATCH_PLAN, planPath, () => undefined).plan!;
    for (const { file, c } of loadBatchRegressions()) expect(await checkCase(plan, planPath, c, dir, 'replay'), file).toBeUndefined();
  }, 120_000);
});
