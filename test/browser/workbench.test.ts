// The bench, the plan's tests, the payout curve and saving, in a real browser: a payout read
// from the page must equal the CLI's (`node bin/yibao.js eval`), a saved file must be on disk,
// and the server must refuse stale saves and paths outside the project.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, ROOT, WORKSPACE, openPlan, planText, replaceInPlan, settled, shot, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness('workbench');
  page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? `${WORKSPACE}/saved-by-test.yibao` : undefined));
  await page.goto(`${h.base}/`);
  await settled(page);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

const requestText = () => page.evaluate(() => (window as unknown as { yibao: { bench: { model: { getValue(): string } } } }).yibao.bench.model.getValue());

function cliEval(plan: string, request: string): { claims: { id: string; payout: string; benefits: { name: string; payout: string }[] }[] } {
  const file = join(ARTIFACTS, 'request-from-page.json');
  writeFileSync(file, request);
  let out: string;
  try {
    out = execFileSync('node', ['bin/yibao.js', 'eval', plan, file], { cwd: ROOT, encoding: 'utf8' });
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1 = some claim rejected; the JSON is still there
  }
  return JSON.parse(out);
}

describe('workbench', { timeout: 120_000 }, () => {
  test('a ready request runs and its payouts match the CLI', async () => {
    for (const plan of ['examples/jilin-dabing.yibao', 'examples/weihai-2024.yibao']) {
      await openPlan(page, plan);
      // The plan's tests are offered as ready requests; pick the second for Weihai (two claims).
      if (plan.includes('weihai')) await page.selectOption('#request-select', '1');
      await page.click('#btn-run');
      await page.waitForSelector('#bench-results .claim-payout');
      const cli = cliEval(plan, await requestText());
      for (const c of cli.claims) {
        expect(await page.textContent(`[data-claim="${c.id}"] .claim-payout`)).toBe(c.payout);
        for (const b of c.benefits) expect(await page.textContent(`[data-claim="${c.id}"] [data-benefit="${b.name}"] .payout`)).toBe(b.payout);
      }
      await shot(page, `10-bench-${plan.split('/')[1]!.replace('.yibao', '')}`);
    }
    // Weihai test 2: c2 pays 8700.00 (hand-computed in the plan), and so does the CLI.
    expect(await page.textContent('[data-claim="c2"] .claim-payout')).toBe('8700.00');
  });

  test('clicking a trace step selects the rule in the plan', async () => {
    await page.click('[data-claim="c2"] summary');
    const step = page.locator('[data-claim="c2"] .trace-step', { hasText: 'R1 banded' });
    await step.click();
    const sel = await page.evaluate(() => (window as unknown as { yibao: { editor: { getModel(): { getValueInRange(r: unknown): string }; getSelection(): unknown } } }).yibao.editor.getModel().getValueInRange((window as unknown as { yibao: { editor: { getSelection(): unknown } } }).yibao.editor.getSelection()));
    expect(sel).toMatch(/^分段累进 按 年度累计 金额 \{/);
    await shot(page, '11-trace-highlights-rule');
  });

  test('a request that breaks the schema gets markers', async () => {
    await page.evaluate(() => (window as unknown as { yibao: { bench: { model: { setValue(s: string): void } } } }).yibao.bench.model.setValue('{\n  "claims": [ { "id": "c1", "member": "m", "date": "2025-13-01x", "setting": "inpatient", "inPolicySelfPay": -5, "colour": 1 } ]\n}\n'));
    await page.waitForFunction(() => (window as unknown as { yibao: { monaco: { editor: { getModelMarkers(o: { owner: string }): unknown[] } } } }).yibao.monaco.editor.getModelMarkers({ owner: 'ajv' }).length >= 3);
    const messages = await page.evaluate(() => (window as unknown as { yibao: { monaco: { editor: { getModelMarkers(o: { owner: string }): { message: string }[] } } } }).yibao.monaco.editor.getModelMarkers({ owner: 'ajv' }).map((m) => m.message));
    expect(messages.join('\n')).toContain('/claims/0/date');
    expect(messages.join('\n')).toContain('colour');
    expect(await page.textContent('#bench-message')).toContain('请求不符合请求格式');
    await page.locator('#request-editor').scrollIntoViewIfNeeded();
    await shot(page, '12-request-schema-markers');
  });

  test("the plan's tests run: all pass, then a broken expectation shows expected against actual", async () => {
    await page.click('#tab-tests');
    await page.click('#btn-run-tests');
    await page.waitForSelector('#tests-results .test-list');
    const summary = (await page.textContent('#tests-summary'))!;
    expect(summary).toMatch(/^\d+ 通过, 0 失败$/);
    const glyphs = () => page.evaluate(() => (window as unknown as { yibao: { editor: { getModel(): { getAllDecorations(): { options: { glyphMarginClassName?: string } }[] } } } }).yibao.editor.getModel().getAllDecorations().map((d) => d.options.glyphMarginClassName).filter(Boolean));
    const marks = await glyphs();
    expect(marks.filter((g) => g === 'glyph-pass').length).toBe(Number(summary.split(' ')[0]));
    await page.click('#tests-results li.pass > .link');
    await page.waitForSelector('.glyph-pass');
    await replaceInPlan(page, '预期 c1 赔付 300.00', '预期 c1 赔付 301.00');
    await settled(page);
    // The bench still shows the run from before the edit: it says so.
    expect(await page.getAttribute('#bench-results', 'class')).toContain('stale');
    expect(await page.textContent('#bench-message')).toContain('方案已修改');
    await page.click('#btn-run-tests');
    await page.waitForSelector('#tests-results li.fail');
    expect(await page.textContent('#tests-summary')).toMatch(/ 1 失败$/);
    expect(await page.textContent('li.fail code.expected')).toBe('301.00');
    expect(await page.textContent('li.fail code.actual')).toBe('300.00');
    await page.click('li.fail > .link');
    await page.waitForSelector('.glyph-fail');
    await shot(page, '13-plan-tests-failure');
    await replaceInPlan(page, '预期 c1 赔付 301.00', '预期 c1 赔付 300.00');
    await settled(page);
  });

  test('the payout curve is drawn per group and follows an edit, with the saved version beside it', async () => {
    await openPlan(page, 'examples/jilin-dabing.yibao');
    await page.click('#tab-curve');
    await page.waitForFunction(() => ((window as unknown as { yibao: { curves: { lastResult?: { lines: { current?: number[] }[] } } } }).yibao.curves.lastResult?.lines.length ?? 0) >= 2);
    const r = await page.evaluate(() => (window as unknown as { yibao: { curves: { lastResult: { amounts: number[]; lines: { group: string; current?: number[]; saved?: number[] }[] } } } }).yibao.curves.lastResult);
    expect(r.lines.map((l) => l.group)).toEqual(['', '建档立卡']);
    // 建档立卡 has a lower deductible and higher ratios: it pays more at every amount.
    const [ordinary, poor] = r.lines;
    expect(poor!.current!.at(-1)!).toBeGreaterThan(ordinary!.current!.at(-1)!);
    expect(ordinary!.saved).toEqual(ordinary!.current);
    // Canvas pixels: something was drawn.
    const inked = await page.$eval('#chart-payout', (c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);
    await shot(page, '14-curve-jilin');
    // Change a band: the current curve moves away from the saved one.
    await replaceInPlan(page, '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 60%', '参数 第二段比例 { 自 2016-01-01 至 2016-12-31: 90%');
    await page.waitForFunction(() => {
      const l = (window as unknown as { yibao: { curves: { lastResult?: { lines: { current?: number[]; saved?: number[] }[] } } } }).yibao.curves.lastResult?.lines[0];
      return !!l?.current && !!l.saved && l.current.at(-1) !== l.saved.at(-1);
    });
    await shot(page, '15-curve-after-edit');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await shot(page, '16-curve-1920x1080');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  });

  test('a new plan saves to the workspace, reads back from disk, and a stale save is refused', async () => {
    const saved = join(ROOT, WORKSPACE, 'saved-by-test.yibao');
    rmSync(saved, { force: true });
    await page.click('#btn-new');
    await settled(page);
    expect(await page.getAttribute('#status', 'data-errors')).toBe('0');
    await page.click('#btn-save-as'); // the prompt is answered with WORKSPACE/saved-by-test.yibao
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已保存'));
    expect(readFileSync(saved, 'utf8')).toBe(await planText(page));
    expect(await page.textContent('#doc-path')).toBe(`${WORKSPACE}/saved-by-test.yibao`);
    // Edit and save with Ctrl+S: on disk again.
    await replaceInPlan(page, '方案 "新方案"', '方案 "测试保存"');
    await page.click('#editor');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已保存'));
    expect(readFileSync(saved, 'utf8')).toContain('方案 "测试保存"');
    await shot(page, '17-saved');
    // Someone else changes the file: our next save is refused and the file is left alone.
    writeFileSync(saved, '// changed on disk\n');
    await replaceInPlan(page, '方案 "测试保存"', '方案 "再次保存"');
    await page.click('#btn-save');
    await page.waitForFunction(() => document.getElementById('status')?.dataset.kind === 'error');
    expect(await page.textContent('#status')).toContain('已被修改');
    expect(readFileSync(saved, 'utf8')).toBe('// changed on disk\n');
    await shot(page, '18-stale-save-refused');
  });

  test('download gives the plan as a file; upload opens one as a new workspace plan', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-download')]);
    expect(download.suggestedFilename()).toBe('saved-by-test.yibao');
    const file = join(ARTIFACTS, 'downloaded.yibao');
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8')).toBe(await planText(page));
    const uploaded = readFileSync(join(ROOT, 'examples', 'qingdao-2017.yibao'), 'utf8');
    await page.setInputFiles('#file-upload', { name: 'uploaded.yibao', mimeType: 'text/plain', buffer: Buffer.from(uploaded) });
    await page.waitForFunction((p) => document.getElementById('doc-path')?.textContent === p, `${WORKSPACE}/uploaded.yibao`);
    await settled(page);
    expect(await planText(page)).toBe(uploaded);
  });

  test('the server refuses paths outside the project', async () => {
    const status = await page.evaluate(async () => {
      // The page's own token, so that each refusal is about the path (test/browser/server-guard.test.ts covers the token).
      const headers = { 'content-type': 'application/json', 'x-yibao-token': document.querySelector<HTMLMetaElement>('meta[name="yibao-token"]')!.content };
      const put = (path: string) => fetch('/api/file', { method: 'PUT', headers, body: JSON.stringify({ path, text: 'x', baseHash: null }) }).then((r) => r.status);
      const get = (path: string) => fetch(`/api/file?path=${encodeURIComponent(path)}`, { headers }).then((r) => r.status);
      return [await put('../escape.yibao'), await put('/tmp/escape.yibao'), await put('.git/x.yibao'), await get('../../etc/passwd'), await get('examples/../../etc/passwd'), await get('examples/weihai-2024.yibao')];
    });
    expect(status).toEqual([403, 403, 403, 403, 403, 200]);
    expect(existsSync(join(ROOT, '..', 'escape.yibao'))).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
