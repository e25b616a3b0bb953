// Fund plans and settlement chains in the editor, in a real browser: their own diagnostics as
// markers (a fund plan is not a plan with errors), their example data as a ready request, a fund
// plan's report and a chain's waterfall and layer traces in the bench. Amounts are the hand-worked
// ones of the examples (spec/language.md §26, §28).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { live, openPlan, replaceInPlan, settled, shot, startEditorPage, type Harness } from './harness';

let h: Harness;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ h, page, pageErrors } = await startEditorPage('funds-chains'));
}, 240_000);

afterAll(async () => {
  await h?.close();
});

const errorsOf = async () => ((await live(page))?.diagnostics ?? []).filter((d) => d.severity === 'error');

describe('fund plans and chains in the editor', { timeout: 120_000 }, () => {
  test('a fund plan checks as a fund plan, runs its example data and shows the report', async () => {
    await openPlan(page, 'examples/weihai-2024.fund.yibao');
    expect(await errorsOf()).toEqual([]);
    await page.waitForFunction(() => (document.getElementById('request-select') as HTMLSelectElement).options.length > 0);
    expect(await page.textContent('#request-select')).toContain('funds/weihai-2024.json');
    await page.click('#btn-run');
    await page.waitForSelector('#fund-report');
    const report = (await page.textContent('#fund-report'))!;
    // 2025: 80 % × 52,000,000 − 36,400,000 = 5,200,000 clawed back, 40 % of it from 承保机构甲.
    expect(report).toContain('✗ 年度赔付率不低于80%');
    expect(report).toContain('分摊 追赔金额 5,200,000.00 元 按 共保体：承保机构甲 40% 2,080,000.00');
    await shot(page, '30-fund-report');
  });

  test('a fault in a fund plan is a marker with its code', async () => {
    await replaceInPlan(page, '赔付率 >= 80%', '赔付率 >= 80元');
    await settled(page);
    expect((await errorsOf()).map((d) => d.code)).toEqual(['YB204']);
    await shot(page, '31-fund-marker');
  });

  test('a chain settles its example bills: a waterfall per bill and each layer\'s trace', async () => {
    await openPlan(page, 'examples/jilin.chain.yibao');
    expect(await errorsOf()).toEqual([]);
    await page.waitForFunction(() => (document.getElementById('request-select') as HTMLSelectElement).options.length > 0);
    await page.click('#btn-run');
    await page.waitForSelector('#chart-waterfall');
    // Bill b1 (total 110,000.00), worked by hand in the chain's example: 61,880.00 / 6,374.50 / 20,000.00, patient 21,745.50.
    const payout = (layer: string) => page.textContent(`[data-bill="b1"] [data-layer="${layer}"] .payout`);
    expect([await payout('基本医保'), await payout('大病保险'), await payout('医疗救助')]).toEqual(['61880.00', '6374.50', '20000.00']);
    expect(await page.textContent('[data-bill="b1"] tr.total')).toContain('21745.50');
    await page.click('[data-bill="b1"] details:nth-of-type(2) summary');
    expect(await page.locator('[data-bill="b1"] details[open] .trace li').count()).toBeGreaterThan(0);
    await page.locator('#chart-waterfall').scrollIntoViewIfNeeded();
    await shot(page, '32-chain-waterfall');
    expect(pageErrors).toEqual([]);
  });
});
