// Exact analysis in the editor, in a real browser (spec/language.md §30): the payout-curve chart
// marks the exact breakpoints of the function each line follows, and a plan edited so that its
// payout falls as the amount grows gets a warning marker on the schedule's line, gone when undone.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { live, openPlan, replaceInPlan, settled, shot, startEditorPage, type Harness } from './harness';

let h: Harness;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ h, page, pageErrors } = await startEditorPage('analysis'));
}, 240_000);

afterAll(async () => {
  await h?.close();
});

type Line = { group: string; breakpoints?: { amount: number; payout: number }[] };
const lines = () => page.evaluate(() => (window as unknown as { yibao: { curves: { lastResult?: { lines: Line[] } } } }).yibao.curves.lastResult?.lines ?? []);

describe('analysis in the editor', { timeout: 120_000 }, () => {
  test('the payout curve marks the exact breakpoints of Jilin 2016, worked by hand', async () => {
    await openPlan(page, 'examples/jilin-dabing.yibao');
    await page.click('#tab-curve');
    await page.waitForFunction(() => ((window as unknown as { yibao: { curves: { lastResult?: { lines: { breakpoints?: unknown[] }[] } } } }).yibao.curves.lastResult?.lines.filter((l) => l.breakpoints).length ?? 0) >= 2);
    const [ordinary, poor] = await lines();
    // The curve is drawn on 2016-01-01 for an urban member (the first value of residence), up to 400,000.
    // Ordinary: D = 24901; +5万 at 50 % → 25000; +10万 → 25000 + 30000 = 55000; +15万 → 55000 + 35000 = 90000.
    expect(ordinary!.breakpoints).toEqual([
      { amount: 0, payout: 0 }, { amount: 24901, payout: 0 }, { amount: 74901, payout: 25000 }, { amount: 124901, payout: 55000 }, { amount: 174901, payout: 90000 },
    ]);
    // 建档立卡: D = 24901 × 60 % = 14940.60; bands 55/65/75/85 %: 27500, 27500 + 32500 = 60000, 60000 + 37500 = 97500.
    expect(poor!.group).toBe('建档立卡');
    expect(poor!.breakpoints).toEqual([
      { amount: 0, payout: 0 }, { amount: 14940.6, payout: 0 }, { amount: 64940.6, payout: 27500 }, { amount: 114940.6, payout: 60000 }, { amount: 164940.6, payout: 97500 },
    ]);
    expect(await page.textContent('#curve-breakpoints')).toContain('74,901.00 → 25,000.00');
    await shot(page, '50-curve-breakpoints');
  });

  test('a payout that falls is a warning on the schedule\'s line the moment the edit makes it, and goes when undone', async () => {
    await openPlan(page, 'examples/jilin-dabing.yibao');
    expect((await live(page))?.diagnostics ?? []).toEqual([]);
    // Whole-amount with the second band's 2016 ratio below the first: at X = 5万 the ratio falls from 50 % to 40 %.
    await replaceInPlan(page, '分段累进 超过 起付线', '全额累进 超过 起付线');
    await replaceInPlan(page, '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 60%', '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 40%');
    await settled(page);
    const found = (await live(page))?.diagnostics ?? [];
    // Two findings: the payout falls (YB992, on the schedule), and the tilt now pays less (YB994, on the tilt):
    // rural 2016, amount 56,795.60: without it X = 56795.60 − 11326 = 45469.60 < 5万 pays 50 % = 22734.80;
    // with it X = 56795.60 − 6795.60 = 50000 falls in the second band at 40 + 5 = 45 %: 22500.00, 234.80 less.
    expect(found.map((d) => d.code)).toEqual(['YB992', 'YB994']);
    expect(found[1]!.zh).toContain('在金额 56795.60 时少赔 234.80');
    const text = await page.evaluate(() => (window as unknown as { yibao: { editor: { getModel(): { getValue(): string } } } }).yibao.editor.getModel().getValue());
    expect(found[0]!.span.startLineNumber).toBe(text.split('\n').findIndex((l) => l.includes('全额累进 超过 起付线')) + 1);
    // Urban 2016: at an amount of 74,900.99 X = 49,999.99 pays 50 % = 24,999.995 → 25,000.00; at 74,901.00 X = 50,000 pays 40 % = 20,000.00.
    expect(found[0]!.zh).toContain('赔付减少 5000.00');
    // F8 from the top: the editor goes to the first marker, shows its squiggle and opens it with its code.
    await page.evaluate(() => {
      const ed = (window as unknown as { yibao: { editor: { focus(): void; setPosition(p: { lineNumber: number; column: number }): void; getAction(id: string): { run(): Promise<void> } | null } } }).yibao.editor;
      ed.focus();
      ed.setPosition({ lineNumber: 1, column: 1 });
      void ed.getAction('editor.action.marker.next')?.run();
    });
    await page.waitForSelector('.marker-widget');
    await page.waitForSelector('.squiggly-warning');
    expect(await page.textContent('.marker-widget')).toContain('YB992');
    await shot(page, '51-analysis-marker');
    await page.keyboard.press('Escape');
    await replaceInPlan(page, '全额累进 超过 起付线', '分段累进 超过 起付线');
    await settled(page);
    expect((await live(page))?.diagnostics ?? []).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
