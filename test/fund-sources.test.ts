// Fund figures worked out from files (spec §28.2): premiums from a plan's schedule over a members
// file, payouts from a batch run's results. Expected figures are worked by hand from the files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { fundDataSchema, fundResultSchema } from '../engine/request/fund-schemas';
import { runCli } from './helpers';

const FUND = 'examples/weihai-2024.fund.yibao';
const DATA = 'examples/weihai-sample-2025.json';
const SAMPLE = 'examples/weihai-sample-2025';

describe('the Weihai sample: a year\'s premiums and payouts from files', () => {
  it('prices the members with the plan\'s schedule and sums the payouts of the results dated that year', async () => {
    const r = await runCli(['fund', FUND, DATA]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { sources: { figure: string; records: number; value: string }[]; entities: { years: { values: Record<string, string> }[] }[] };
    // Ages on 2025-01-01 (weihai-2024.yibao, 保费): a 44 → 89; b 75 → 139; c 14 with both parents
    // insured → 0; d 20 → 39; e 59 (60 the next day) → 89: 89 + 139 + 0 + 39 + 89 = 356.00.
    // Results: c1 300.00 + c3 200.00 + c2 8,900.00 + c4 0.00 = 9,400.00.
    expect(out.sources.map((s) => [s.figure, s.records, s.value])).toEqual([['保费收入', 5, '356.00'], ['赔付支出', 4, '9400.00']]);
    const year = out.entities[0]!.years[0]!.values;
    expect([year.保费收入, year.赔付支出]).toEqual(['356.00', '9400.00']);
    // 9,400 / 356 = 26.404494382022… (shown to 10 places).
    expect(year.赔付率).toBe('26.404494382');
    expect(new Ajv({ allErrors: true }).validate(fundResultSchema, out)).toBe(true);
    expect(new Ajv({ allErrors: true }).validate(fundDataSchema, JSON.parse(readFileSync(DATA, 'utf8')))).toBe(true);
  });

  it('reads results that are what `yibao eval` writes for the sample now', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'yibao-fund-sources-')), 'results.jsonl');
    const r = await runCli(['eval', 'examples/weihai-2024.yibao', '--members', `${SAMPLE}/members.jsonl`, '--claims', `${SAMPLE}/claims.jsonl`, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(`${SAMPLE}/results.jsonl`, 'utf8'));
  });

  it('says where each figure came from in the report, in one language', async () => {
    const zh = await runCli(['fund', FUND, DATA, '--report']);
    expect(zh.out).toContain('保费收入 = 356.00 元 ← 按 weihai-2024.yibao 的保费表对 weihai-sample-2025/members.jsonl 中 5 名参保人计算的保费合计');
    const en = await runCli(['fund', FUND, DATA, '--report', '--lang', 'en']);
    expect(en.out).toContain('赔付支出 = 9,400.00 yuan ← the payouts of 4 result(s) of weihai-sample-2025/results.jsonl dated 2025');
  });

  it('refuses an entity whose source cannot be read, and exits 1; data from standard input names no files', async () => {
    const r = await runCli(['fund', FUND, 'spec/conformance/good/fund-sources.fund.case.json']);
    expect(r.code).toBe(1); // the case file is not fund data: YR024, nothing read from files
  });
});
