// Why a claim was paid what it was, beside its trace in the bench, in a real browser (spec §32):
// the deductible that limited it and the changes of one fact that would pay, worked by hand.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, openPlan, shot, startEditorPage, type Harness } from './harness';

let h: Harness;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ h, page, pageErrors } = await startEditorPage('why'));
}, 240_000);

afterAll(async () => {
  await h?.close();
});

describe('why, beside the trace', { timeout: 120_000 }, () => {
  test('Jilin 2016, rural, 8,000: the deductible not reached, and what 建档立卡 or a larger bill would pay', async () => {
    await openPlan(page, 'examples/jilin-dabing.yibao');
    const request = readFileSync(join(ROOT, 'examples/requests/jilin-dabing.json'), 'utf8');
    await page.evaluate((text) => (window as unknown as { yibao: { bench: { model: { setValue(s: string): void } } } }).yibao.bench.model.setValue(text), request);
    await page.click('#btn-run');
    await page.waitForSelector('[data-claim="c2"] .claim-payout');
    await page.click('[data-why="c2"] summary');
    await page.waitForSelector('[data-why="c2"] .why-changes li');
    const text = (await page.textContent('[data-why="c2"]'))!;
    // D = 11326, 8000 this year: 3326 to go.
    expect(text).toContain('未达到起付线 11326.00');
    expect(text).toContain('尚差 3326.00');
    // 建档立卡: (8000 − 6795.60) × 55 % = 662.42; 3426 more: 100 × 50 % = 50.00.
    expect(text).toContain('+¥662.42：若参保人属于人群“建档立卡”，倾斜“建档立卡倾斜”适用');
    expect(text).toContain('+¥50.00：若理赔的 inPolicySelfPay 多 3426.00');
    await page.$eval('[data-why="c2"]', (el) => el.scrollIntoView());
    await shot(page, '70-why-beside-trace');
    expect(pageErrors).toEqual([]);
  });
});
