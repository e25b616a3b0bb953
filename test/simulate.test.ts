// `yibao simulate` (spec/language.md §33): a reform's cost on a small population worked by hand;
// a synthetic population drawn again from the same seed is the same; profiles are checked; the
// report fits its schema and its HTML page is self-contained.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, Population } from '../engine/analysis/population';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { simulationReportSchema } from '../engine/request/simulation-schemas';

const ROOT = resolve(__dirname, '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'yibao.js'), 'simulate', ...args], { encoding: 'utf8', cwd: ROOT });

describe('a reform on a small population, worked by hand', () => {
  // The reform: Jilin's 2016 second band from 60 % to 65 %.
  const dir = mkdtempSync(join(tmpdir(), 'yibao-simulate-'));
  cpSync(join(ROOT, 'examples/data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'reform.yibao'), readFileSync(join(ROOT, 'examples/jilin-dabing.yibao'), 'utf8').replace('参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 60%', '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 65%'));
  const r = run('examples/jilin-dabing.yibao', '--reform', join(dir, 'reform.yibao'), '--members', 'examples/simulation/jilin-2016-members.jsonl', '--claims', 'examples/simulation/jilin-2016-claims.jsonl', '--json');
  const report = JSON.parse(r.stdout);

  it('the plan: each member worked by hand', () => {
    expect(r.status).toBe(0);
    // m1 rural 2016: 8000 + 70000 = 78000; D 11326; X = 66674: 50000 × 50 % + 16674 × 60 % = 25000 + 10004.40 = 35004.40.
    // m2 urban 建档立卡 2016: 30000; D = 24901 × 60 % = 14940.60; X = 15059.40 × 55 % = 8282.67.
    // m3 urban 2017: 100000; D 26530; X = 73470: 27500 + 23470 × 65 % = 27500 + 15255.50 = 42755.50.
    // Total 35004.40 + 8282.67 + 42755.50 = 86042.57; per member 86042.57 / 3 = 28680.8567 → 28680.86.
    expect(report.base).toMatchObject({ members: 3, claims: 4, rejected: 0, payout: '86042.57', perMember: '28680.86', premiums: '0.00', lossRatio: null });
    expect(report.base.groups).toEqual([
      { group: '', members: 2, payout: '77759.90', perMember: '38879.95' }, // m1 + m3 = 35004.40 + 42755.50
      { group: '建档立卡', members: 1, payout: '8282.67', perMember: '8282.67' },
    ]);
    // X past the deductible: m1 66674 and m3 73470 reach bands 1 and 2 (above 0 and 5万); m2 15059.40 only band 1.
    expect(report.base.bands).toEqual([{ benefit: '大病', reached: [
      { band: 1, members: 3, share: '100.00%' }, { band: 2, members: 2, share: '66.67%' }, { band: 3, members: 0, share: '0.00%' }, { band: 4, members: 0, share: '0.00%' },
    ] }]);
  });

  it('the reform: only m1 gains, 16674 × 5 % = 833.70', () => {
    // m2 stays in the first band; m3's claim is in 2017, whose step did not change.
    expect(report.reform.payout).toBe('86876.27'); // 86042.57 + 833.70
    expect(report.change).toMatchObject({
      cost: '833.70', perMember: '277.90', // 833.70 / 3 = 277.90
      winners: { members: 1, total: '833.70', largest: '833.70' }, losers: { members: 0, total: '0.00', largest: '0.00' }, unchanged: 2,
    });
    expect(report.change.groups).toEqual([
      { group: '', members: 2, change: '833.70', winners: 1, losers: 0 },
      { group: '建档立卡', members: 1, change: '0.00', winners: 0, losers: 0 },
    ]);
    // 833.70 falls in the bin [100, 1000); the two unchanged members in the bin around 0.
    expect(report.change.histogram.find((h: { from: number | null }) => h.from === 100).members).toBe(1);
    expect(report.change.histogram.find((h: { from: number | null; to: number | null }) => h.from !== null && h.from < 0 && h.to !== null && h.to > 0).members).toBe(2);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validate(simulationReportSchema, report), JSON.stringify(ajv.errors)).toBe(true);
  });
});

describe('a synthetic population', () => {
  const f = join(ROOT, 'examples/weihai-2024.yibao');
  const plan = new PlanDocument(readFileSync(f, 'utf8'), f, readerFor(f)).lowered!.ir!;

  it('is the same for the same seed, and another for another seed', () => {
    const a = new Population(plan, DEFAULT_PROFILE, 42).next(1, 500);
    const b = new Population(plan, DEFAULT_PROFILE, 42).next(1, 500);
    const c = new Population(plan, DEFAULT_PROFILE, 43).next(1, 500);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('follows the profile: claims per member near the sum of the frequencies, ages in the bands', () => {
    const { members, claims } = new Population(plan, DEFAULT_PROFILE, 1).next(1, 20_000);
    const mean = Object.values(DEFAULT_PROFILE.settings).reduce((s, x) => s + x.frequency, 0); // 0.12 + 2 + 0.2 = 2.32
    expect(Math.abs(claims.length / members.length - mean)).toBeLessThan(0.05);
    const inpatient = claims.filter((c) => c.setting === 'inpatient').length / members.length;
    expect(Math.abs(inpatient - 0.12)).toBeLessThan(0.01);
    for (const c of claims) expect(String(c.date).startsWith('2025-')).toBe(true);
  });

  it('runs from the CLI with a reform that drops a tilt: members only lose; JSON fits its schema; HTML self-contained', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-simulate-'));
    const html = join(dir, 'report.html');
    const r = run('examples/weihai-2024.yibao', '--without', '续保奖励', '--synthetic', '3000', '--seed', '5', '--json', '--html', html);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validate(simulationReportSchema, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(report.population.synthetic).toEqual({ members: 3000, seed: 5, profile: 'default', illustrative: true });
    expect(report.change.winners.members).toBe(0);
    expect(report.change.losers.members).toBeGreaterThan(0);
    // The tilt is for 连续参保 (enrolled 3 years or more: 25 % + 20 % of the default profile): every
    // loser is in that group, and members in no group do not change.
    const groups = Object.fromEntries(report.change.groups.map((g: { group: string }) => [g.group, g]));
    expect(groups['连续参保'].losers).toBe(report.change.losers.members);
    expect(groups[''].change).toBe('0.00');
    expect(Math.abs(groups['连续参保'].members / 3000 - 0.45)).toBeLessThan(0.04);
    expect(Number(report.change.cost)).toBeLessThan(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<canvas id="chart-0">');
    expect(page).not.toMatch(/<script[^>]+src=/);
  });

  it('refuses a bad profile, a missing seed and both population sources, exit 2 with a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-simulate-'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ ...DEFAULT_PROFILE, settings: { inpatient: { frequency: -1, median: 1, sigma: 1, outOfPolicyShare: 0 } } }));
    const bad = run('examples/weihai-2024.yibao', '--synthetic', '10', '--seed', '1', '--profile', join(dir, 'p.json'), '--lang', 'en');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('/settings/inpatient/frequency');
    expect(run('examples/weihai-2024.yibao', '--synthetic', '10').status).toBe(2);
    expect(run('examples/weihai-2024.yibao', '--synthetic', '10', '--seed', '1', '--members', 'x', '--claims', 'y').status).toBe(2);
  });
});
