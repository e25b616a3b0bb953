// `yibao explain --why` (spec/language.md §32): what limited a claim and what one changed fact would
// pay, worked by hand on Jilin 2016 and on the Weihai request of the tour; the report fits its schema.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { whyClaim } from '../engine/analysis/why';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import type { WhyReport } from '../engine/ir/why';
import { whyReportSchema } from '../engine/request/why-schemas';

const ROOT = resolve(__dirname, '..');
const why = (plan: string, request: string, claim: string): WhyReport => {
  const f = join(ROOT, plan);
  const doc = new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f));
  const r = whyClaim(doc.lowered!.ir!, doc.compiled!, JSON.parse(readFileSync(join(ROOT, request), 'utf8')), claim);
  if ('error' in r) throw new Error(r.error.en);
  return r;
};
const changes = (r: WhyReport) => r.changes.map((c) => `${c.delta} ${c.message.en}`);

describe('Jilin 2016, a rural member: c2 (8,000 on 2016-03-01, first by date) and c1 (20,000 on 2016-05-01)', () => {
  it('c2: the deductible is not reached; 建档立卡 or 3,426 more would pay', () => {
    const r = why('examples/jilin-dabing.yibao', 'examples/requests/jilin-dabing.json', 'c2');
    expect(r.payout).toBe('0.00');
    // D = 11326 (rural 2015 income); 8000 this year: 11326 − 8000 = 3326 to go.
    expect(r.limits).toMatchObject([{ benefit: '大病', kind: 'deductible', toGo: '3326.00', line: 79 }]);
    expect(changes(r)).toEqual([
      // 建档立卡: D = 11326 × 60 % = 6795.60; X = 8000 − 6795.60 = 1204.40 at 50 + 5 = 55 %: 662.42.
      '662.42 +¥662.42 if the member were in group "建档立卡": tilt "建档立卡倾斜" applies',
      // 3326 + 100 more: X = 100 at 50 %: 50.00.
      '50.00 +¥50.00 if claim.inPolicySelfPay were 3426.00 more (11426.00): the deductible of benefit "大病" would be passed by 100.00',
    ]);
    expect(r.changes[0]!.cites).toContain('三(四)');
  });

  it('c1: paid in the first band; urban would pay less, 建档立卡 more', () => {
    const r = why('examples/jilin-dabing.yibao', 'examples/requests/jilin-dabing.json', 'c1');
    // Annual 28000: X = 28000 − 11326 = 16674 at 50 %: 8337.00 (c2 paid 0).
    expect(r.payout).toBe('8337.00');
    expect(r.limits).toMatchObject([{ benefit: '大病', kind: 'band' }]);
    expect(changes(r)).toEqual([
      // Urban: D 24901, X = 3099 at 50 %: 1549.50; 1549.50 − 8337 = −6787.50.
      '-6787.50 −¥6,787.50 if the member\'s residence were urban',
      // 建档立卡: c2 pays 662.42; the year X = 28000 − 6795.60 = 21204.40 at 55 %: 11662.42; c1 pays 11662.42 − 662.42 = 11000: +2663.00.
      '2663.00 +¥2,663.00 if the member were in group "建档立卡": tilt "建档立卡倾斜" applies',
    ]);
  });
});

describe('the Weihai request of the tour', () => {
  it('c4 is excluded as a work injury, and pays without the flag; c1 loses the renewal tilt if enrolled later', () => {
    const c4 = why('examples/weihai-2024.yibao', 'examples/requests/weihai-2024.json', 'c4');
    expect(c4.limits).toMatchObject([{ kind: 'excluded', line: 47 }]);
    // Without work_injury: inpatient 8000, R1 deductible 6000, band 6000..16000 at 5 % (m2 has no tilt): 100.00.
    expect(changes(c4)).toEqual(['100.00 +¥100.00 without the claim\'s flag work_injury']);
    const c1 = why('examples/weihai-2024.yibao', 'examples/requests/weihai-2024.json', 'c1');
    // Enrolled 2021-06-01: 3 full years by 2025 (续保奖励, +5 points): 12000 − 6000 = 6000 at 10 % = 600; without it 5 %: 300.
    expect(changes(c1)).toEqual([
      '-300.00 −¥300.00 if the member had been enrolled since 2022-06-01 (1 year later): tilt "续保奖励" no longer applies',
      '-300.00 −¥300.00 if the member had been enrolled since 2024-06-01 (3 years later): tilt "续保奖励" no longer applies',
    ]);
  });
});

describe('yibao explain --why', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'yibao.js'), 'explain', ...args], { encoding: 'utf8', cwd: ROOT });

  it('prints the trace, then what limited the claim and what would change it; JSON fits its schema', () => {
    const text = run('examples/jilin-dabing.yibao', 'examples/requests/jilin-dabing.json', 'c2', '--why');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('计算过程：');
    expect(text.stdout).toContain('限制赔付的是：');
    expect(text.stdout).toContain('尚差 3326.00');
    const json = run('examples/jilin-dabing.yibao', 'examples/requests/jilin-dabing.json', 'c2', '--why', '--json');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validate(whyReportSchema, JSON.parse(json.stdout)), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('a claim that is not there or was rejected: exit 1 with the reason', () => {
    expect(run('examples/weihai-2024.yibao', 'examples/requests/weihai-2024.json', 'c9', '--why').status).toBe(1);
    const bad = run('examples/weihai-2024.yibao', 'examples/requests/weihai-2024.json', 'c5', '--why', '--lang', 'en');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('c5');
  });
});
