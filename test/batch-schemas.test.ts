// What a batch run writes as JSON Lines has a published schema: spec/schemas/batch-result and
// batch-error are the engine's own (npm run schemas writes them), and real output meets them.
import Ajv from 'ajv';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../engine/batch/run';
import { batchErrorSchema, batchResultSchema } from '../engine/batch/schemas';
import { compile } from '../engine/index';

const dir = mkdtempSync(join(tmpdir(), 'yibao-batch-schemas-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('batch output schemas', () => {
  it('are published in spec/schemas as the engine defines them', () => {
    expect(JSON.parse(readFileSync('spec/schemas/batch-result.schema.json', 'utf8'))).toEqual(batchResultSchema);
    expect(JSON.parse(readFileSync('spec/schemas/batch-error.schema.json', 'utf8'))).toEqual(batchErrorSchema);
  });

  it('hold every line a run writes: results, and rejected claims, member lines and item rows', async () => {
    const planPath = file('p.yibao', `plan "s" { valid 2025-01-01 to 2025-12-31 }
catalogue 特药 ["T1"]
exclude claim when claim.flags has work_injury because "工伤"
benefit A { amount items in 特药 ratio 80% }
benefit B { amount claim.outOfPolicySelfPay excluding A ratio 50% }
`);
    const plan = compile(readFileSync(planPath, 'utf8'), planPath, () => undefined);
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const members = file('m.jsonl', '{"id":"m1","birthDate":"1980-01-01","enrolledSince":"2020-01-01"}\n{"id":"m2","birthDate":"bad"}\nnot json\n');
    const claims = file('c.csv', 'id,member,date,setting,outOfPolicySelfPay,flags\nc1,m1,2025-03-01,inpatient,,\nc2,m1,2025-02-30,inpatient,100,\nc3,m1,2025-04-01,inpatient,100,work_injury\nc4,m2,2025-04-01,inpatient,100,\n');
    const items = file('i.csv', 'member,claim,code,amount,class,category\nm1,c1,T1,200,out,drug\nm9,c1,T1,1,out,drug\n');
    const s = await runBatch({ planPath, plan: plan.plan!, members, claims, items, out: join(dir, 'o.jsonl'), errors: join(dir, 'e.jsonl'), workers: 1, quiet: true, log: () => {} });
    // c1: its out-of-policy self-pay is its items' 200; A = 200 × 80% = 160, B = (200 − 200 taken by A) × 50% = 0 → 160; c3 is excluded (工伤): 0.
    expect([s.results, s.rejected, s.members.rejected, s.items?.rejected]).toEqual([2, 2, 2, 1]);
    const ajv = new Ajv({ strict: false });
    const result = ajv.compile(batchResultSchema);
    const error = ajv.compile(batchErrorSchema);
    const out = readFileSync(join(dir, 'o.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const r of out) expect(result(r), JSON.stringify(result.errors)).toBe(true);
    expect(out.map((r: { id: string; payout: string }) => `${r.id} ${r.payout}`)).toEqual(['c1 160.00', 'c3 0.00']);
    const errors = readFileSync(join(dir, 'e.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const e of errors) expect(error(e), JSON.stringify(error.errors)).toBe(true);
    expect(errors.map((e: { file: string; line: number }) => `${e.file}:${e.line}`)).toEqual(['claims:3', 'claims:5', 'members:2', 'members:3', 'items:3']);
  });
});
