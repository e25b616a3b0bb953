// Floors in the editor, in a real browser: a floors file checks as floors; a plan proven against
// floors chosen in the toolbar shows a violation as a marker on the plan's line the moment an edit
// breaks a floor, and loses it when the edit is undone (spec/language.md §29).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { live, openPlan, replaceInPlan, settled, shot, startEditorPage, type Harness } from './harness';

let h: Harness;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ h, page, pageErrors } = await startEditorPage('floors'));
}, 240_000);

afterAll(async () => {
  await h?.close();
});

const diagnostics = async () => (await live(page))?.diagnostics ?? [];

describe('floors in the editor', { timeout: 120_000 }, () => {
  test('a floors file checks as floors, and a fault in it is a marker with its code', async () => {
    await openPlan(page, 'examples/guangdong-2012.floors.yibao');
    expect(await diagnostics()).toEqual([]);
    await replaceInPlan(page, '最高支付限额 住院', '最高限额 住院');
    await settled(page);
    expect((await diagnostics()).map((d) => d.code)).toEqual(['YB981']);
  });

  test('a plan proven against the floors chosen in the toolbar: a broken floor is a marker on the plan\'s line', async () => {
    await openPlan(page, 'examples/shantou-basic.yibao');
    await page.waitForFunction(() => Array.from((document.getElementById('floors-select') as HTMLSelectElement).options).some((o) => o.value === 'examples/guangdong-2012.floors.yibao'));
    await page.selectOption('#floors-select', 'examples/guangdong-2012.floors.yibao');
    await settled(page);
    // Shantou meets every floor: 70 % and 75 % at 三级, a cap of 150,000 against 6 × 23,000 = 138,000.
    expect(await diagnostics()).toEqual([]);
    // 三级 at 70 % from 2016 is below the 75 % required from 2016-01-01.
    await replaceInPlan(page, '自 2016-01-01: 75%', '自 2016-01-01: 70%');
    await settled(page);
    const found = await diagnostics();
    expect(found.map((d) => d.code)).toEqual(['YB990']);
    const line = (await page.evaluate(() => (window as unknown as { yibao: { editor: { getModel(): { getValue(): string } } } }).yibao.editor.getModel().getValue())).split('\n').findIndex((l) => l.includes('自 2016-01-01: 70%')) + 1;
    expect(found[0]!.span.startLineNumber).toBe(line);
    expect(found[0]!.zh).toContain('未达到底线““十二五”期末起政策范围内住院费用支付比例达到 75% 以上”');
    expect(found[0]!.zh).toContain('最低支付比例为 70%，低于 75%');
    // F8 opens the marker in the editor, with its code and message and the floor's text.
    await page.waitForSelector('.squiggly-error');
    // The toolbar's select has the focus: back to the editor, then its next-marker action (F8).
    await page.evaluate(() => {
      const ed = (window as unknown as { yibao: { editor: { focus(): void; getAction(id: string): { run(): Promise<void> } | null } } }).yibao.editor;
      ed.focus();
      void ed.getAction('editor.action.marker.next')?.run();
    });
    await page.waitForSelector('.marker-widget');
    expect(await page.textContent('.marker-widget')).toContain('YB990');
    await shot(page, '40-floors-marker');
    await page.keyboard.press('Escape');
    // A cap below 6 × 23,000 = 138,000 breaks the third floor too, on the cap's line.
    await replaceInPlan(page, '封顶线 15万 每年', '封顶线 13万 每年');
    await settled(page);
    expect((await diagnostics()).map((d) => d.code).sort()).toEqual(['YB990', 'YB990']);
    await page.selectOption('#floors-select', '');
    await settled(page);
    expect(await diagnostics()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
