// `yibao diff` (spec/language.md §31): Jilin 2016 against 2017 and Weihai without its renewal tilt,
// worked by hand; two plan files; the report's schema, HTML and exit codes; a report never written
// over an input.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { diffPlans, withoutTilt } from '../engine/analysis/diff';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { diffReportSchema } from '../engine/request/diff-schemas';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'yibao.js');
const open = (f: string) => {
  const text = readFileSync(f, 'utf8');
  return { plan: new PlanDocument(text, f, readerFor(f)).lowered!.ir!, text };
};
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'diff', ...args], { encoding: 'utf8', cwd: ROOT });
const row = (r: { from: string; to?: string; smallest: string | null; largest: string | null; marginal: string }) => `${r.from}..${r.to ?? ''} ${r.smallest}..${r.largest} ${r.marginal}pp`;

describe('Jilin 大病: 2016-06-01 against 2017-06-01', () => {
  const jilin = open(join(ROOT, 'examples/jilin-dabing.yibao'));
  const report = diffPlans(jilin, jilin, ['2016-06-01', '2017-06-01']);

  it('names the four band ratios as the declarations that changed, with their lines', () => {
    expect(report.declarations.filter((d) => d.kind === 'parameter').map((d) => d.name)).toEqual(['第一段比例', '第二段比例', '第三段比例', '第四段比例']);
  });

  it('urban, no tilt: each piece of the change worked by hand', () => {
    const urban = report.changes.find((c) => c.tilts.length === 0 && c.conditions[0]!.text.endsWith('= urban'))!;
    // Old: D 24901, 50/60/70/80 % from 24901, 74901, 124901, 174901, cap 300000 at 437401.
    // New: D 26530, 55/65/75/80 % from 26530, 76530, 126530, 176530, cap at 176530 + (300000 − 97500)/0.8 = 429655.
    expect(urban.regions.map(row)).toEqual([
      // 24901..26530: old pays 50 %, new nothing: down to −(26530 − 24901) × 50 % = −814.50; −50 points.
      '24901.00..26530.00 -814.50..0.00 -50pp',
      // 26530..74901: 55 % against 50 %: at 74901 new (74901 − 26530) × 55 % = 26604.05, old 25000: +1604.05.
      '26530.00..74901.00 -814.50..1604.05 5pp',
      // 74901..76530: new 55 %, old 60 %: at 76530 new 27500, old 25000 + 1629 × 60 % = 25977.40: +1522.60.
      '74901.00..76530.00 1522.60..1604.05 -5pp',
      '76530.00..124901.00 1522.60..3941.15 5pp',
      '124901.00..126530.00 3859.70..3941.15 -5pp',
      // At 174901: new 60000 + 48371 × 75 % = 96278.25, old 90000: +6278.25.
      '126530.00..174901.00 3859.70..6278.25 5pp',
      // At 176530: new 97500, old 90000 + 1629 × 80 % = 91303.20: +6196.80, then both at 80 %.
      '174901.00..176530.00 6196.80..6278.25 -5pp',
      '176530.00..429655.00 6196.80..6196.80 0pp',
      // New reaches the cap at 429655, old at 437401: the change falls back to 0 at 80 points a yuan.
      '429655.00..437401.00 0.00..6196.80 -80pp',
    ]);
  });
});

describe('Weihai with and without the renewal tilt (续保奖励)', () => {
  const weihai = open(join(ROOT, 'examples/weihai-2024.yibao'));
  const report = diffPlans(weihai, { ...weihai, plan: withoutTilt(weihai.plan, '续保奖励')! });

  it('removes the tilt, and only members enrolled 3 years or more lose 5 points on every band', () => {
    expect(report.declarations).toEqual([{ kind: 'tilt', name: '续保奖励', change: 'removed', oldLine: 107 }]);
    // R1 and R2 change, only for the case with the tilt; R3, R4 and members without it do not.
    expect(report.changes.map((c) => `${c.benefit} ${c.tilts.join()}`)).toEqual(['R1 续保奖励', 'R2 续保奖励']);
    // R1: every band +5 points with the tilt, so the change is −5 % of the amount above the 6000 deductible, without bound.
    expect(report.changes[0]!.regions.map(row)).toEqual(['6000.00.. null..0.00 -5pp']);
    // R2: deductible 16000 (its first band starts there): likewise from 16000.
    expect(report.changes[1]!.regions.map(row)).toEqual(['16000.00.. null..0.00 -5pp']);
  });
});

describe('yibao diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-diff-'));
  cpSync(join(ROOT, 'examples/data'), join(dir, 'data'), { recursive: true });
  const jilin = readFileSync(join(ROOT, 'examples/jilin-dabing.yibao'), 'utf8');
  writeFileSync(join(dir, 'old.yibao'), jilin);
  // The new version: the cap raised from 30万 to 40万.
  writeFileSync(join(dir, 'new.yibao'), jilin.replace('封顶线 30万 每年', '封顶线 40万 每年'));

  it('two plan files: the benefit changed, and the payout only above the old cap; JSON fits its schema; exit 1', () => {
    const r = run(join(dir, 'old.yibao'), join(dir, 'new.yibao'), '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    expect(ajv.validate(diffReportSchema, report), JSON.stringify(ajv.errors)).toBe(true);
    expect(report.declarations).toEqual([{ kind: 'benefit', name: '大病', change: 'changed', oldLine: 75, newLine: 75 }]);
    // 2016 urban, no tilt: old reaches 300000 at 437401; new goes on at 80 % to 400000 at 174901 + 310000 / 0.8 = 562401.
    const urban = report.changes.find((c: { from: string; tilts: string[]; conditions: { text: string }[] }) => c.from === '2016-01-01' && c.tilts.length === 0 && c.conditions[0]!.text.endsWith('= urban'));
    expect(urban.regions.map(row)).toEqual(['437401.00..562401.00 0.00..100000.00 80pp', '562401.00.. 100000.00..100000.00 0pp']);
  });

  it('a plan against itself: the same everywhere, exit 0', () => {
    const r = run('examples/weihai-2024.yibao', 'examples/weihai-2024.yibao', '--lang', 'en');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The payout is the same everywhere.');
  });

  it('writes a self-contained HTML report with its charts, and never over an input', () => {
    const html = join(dir, 'diff.html');
    expect(run('examples/jilin-dabing.yibao', '--dates', '2016-06-01,2017-06-01', '--html', html).status).toBe(1);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<canvas id="chart-0">');
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).toContain('Chart.js');
    const before = readFileSync(join(dir, 'old.yibao'), 'utf8');
    const r = run(join(dir, 'old.yibao'), join(dir, 'new.yibao'), '--html', join(dir, 'old.yibao'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('same file');
    expect(readFileSync(join(dir, 'old.yibao'), 'utf8')).toBe(before);
  });

  it('bad arguments: exit 2 with a message', () => {
    expect(run('examples/weihai-2024.yibao').status).toBe(2);
    expect(run('examples/jilin-dabing.yibao', '--dates', '2016-02-30,2017-01-01').stderr).toContain('--dates');
    expect(run('examples/weihai-2024.yibao', '--without', '没有这个倾斜').status).toBe(2);
  });
});
