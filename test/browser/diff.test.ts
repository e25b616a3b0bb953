// The diff view in a real browser (spec §31): the saved version beside the current text, the payout
// changes below them worked by hand, and the payout-curve chart shading the amounts that changed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openPlan, replaceInPlan, settled, shot, startEditorPage, type Harness } from './harness';

let h: Harness;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ h, page, pageErrors } = await startEditorPage('diff'));
}, 240_000);

afterAll(async () => {
  await h?.close();
});

type Report = { declarations: { kind: string; name: string; change: string }[]; changes: { benefit: string; tilts: string[]; conditions: { text: string }[]; from: string; regions: { from: string; to?: string; smallest: string | null; largest: string | null; marginal: string }[] }[] };

describe('the diff view', { timeout: 120_000 }, () => {
  test('an edit of the plan: the declaration, the payout change worked by hand, and the curve shaded where it changed', async () => {
    await openPlan(page, 'examples/jilin-dabing.yibao');
    await page.click('#tab-diff');
    await page.waitForFunction(() => (window as unknown as { yibao: { diffs: { last?: unknown } } }).yibao.diffs.last !== undefined);
    expect(await page.textContent('#diff-report')).toContain('赔付处处相同');
    // The 2016 second band from 60 % to 65 %.
    await replaceInPlan(page, '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 60%', '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 65%');
    await settled(page);
    await page.waitForFunction(() => ((window as unknown as { yibao: { diffs: { last?: { changes: unknown[] } } } }).yibao.diffs.last?.changes.length ?? 0) > 0);
    const r = await page.evaluate(() => (window as unknown as { yibao: { diffs: { last: Report } } }).yibao.diffs.last);
    expect(r.declarations).toEqual([{ kind: 'parameter', name: '第二段比例', change: 'changed', oldLine: 68, newLine: 68 }]);
    const urban = r.changes.find((c) => c.from === '2016-01-01' && c.tilts.length === 0 && c.conditions[0]!.text.endsWith('= urban'))!;
    // Urban 2016, D 24901: the second band is X in [5万, 10万), amounts 74901..124901: +5 points, up to 50000 × 5 % = 2500.
    // Above it every later payout is 2500 more, until the cap: new reaches 300000 at 174901 + (300000 − 92500) / 0.8 = 434276, old at 437401.
    expect(urban.regions.map((g) => `${g.from}..${g.to ?? ''} ${g.smallest}..${g.largest} ${g.marginal}`)).toEqual([
      '74901.00..124901.00 0.00..2500.00 5', '124901.00..434276.00 2500.00..2500.00 0', '434276.00..437401.00 0.00..2500.00 -80',
    ]);
    // The diff editor shows both versions, the changed line marked.
    await page.waitForFunction(() => (window as unknown as { yibao: { diffs: { lineChanges(): unknown[] } } }).yibao.diffs.lineChanges().length > 0);
    expect(await page.evaluate(() => (window as unknown as { yibao: { diffs: { lineChanges(): unknown[] } } }).yibao.diffs.lineChanges())).toEqual([{ original: 68, modified: 68 }]);
    await page.waitForTimeout(300);
    await shot(page, '60-diff-view');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(400);
    await shot(page, '60-diff-view-1920x1080');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The payout curve shades the amounts that changed, and lists them.
    await page.click('#tab-curve');
    await page.waitForFunction(() => ((window as unknown as { yibao: { curves: { lastResult?: { lines: { changed?: unknown[] }[] } } } }).yibao.curves.lastResult?.lines[0]?.changed?.length ?? 0) > 0);
    expect(await page.textContent('#curve-breakpoints')).toContain('74,901.00 – 437,401.00');
    await shot(page, '61-curve-changed');
    expect(pageErrors).toEqual([]);
  });
});
