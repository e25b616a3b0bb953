// The editor's server guard in a real browser: the page and its workers work with the token the
// server wrote into the page (plan list, a plan with a data file, markers, the bench, saving in
// the workspace) without a single Content-Security-Policy violation, while a request without the
// token, a page of another origin and a DNS-rebinding name are all refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, WORKSPACE, live, openPlan, replaceInPlan, settled, shot, startHarness, type Harness } from './harness';

// Chromium resolves this name to 127.0.0.1, as a rebinding attacker's DNS would.
const REBOUND = 'rebound.test';

let h: Harness;
let page: Page;
let port: number;
const problems: string[] = [];
/** Content-Security-Policy of each script and page the browser fetched from the editor. */
const policies = new Map<string, string>();

beforeAll(async () => {
  h = await startHarness('guard', [`--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`]);
  port = Number(new URL(h.base).port);
  page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Violations are reported in the page before any of its scripts run.
  await page.addInitScript(() =>
    window.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)),
  );
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === h.base && (url.pathname === '/' || url.pathname.endsWith('.js'))) policies.set(url.pathname, r.headers()['content-security-policy'] ?? '');
  });
  page.on('dialog', (d) => void d.accept(`${WORKSPACE}/guard-saved.yibao`));
  await page.goto(`${h.base}/`);
  await settled(page);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

describe('server guard', { timeout: 120_000 }, () => {
  test('the page works with its token: plan list, a plan with a data file, markers, bench, save', async () => {
    const token = await page.getAttribute('meta[name="yibao-token"]', 'content');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const plans = await page.$$eval('#plan-select option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(plans).toEqual(expect.arrayContaining(['examples/weihai-2024.yibao', 'examples/qingdao-2017.yibao', 'examples/jilin-dabing.yibao']));
    // Qingdao names a catalogue CSV: the worker fetches it with the token, or YB107 would show.
    await openPlan(page, 'examples/qingdao-2017.yibao');
    expect((await live(page))!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await replaceInPlan(page, '"catalogues/qingdao-special-2017.csv"', '"catalogues/no-such-file.csv"');
    await settled(page);
    expect((await live(page))!.diagnostics.map((d) => d.code)).toContain('YB107');
    await page.waitForSelector('.squiggly-error');
    await replaceInPlan(page, '"catalogues/no-such-file.csv"', '"catalogues/qingdao-special-2017.csv"');
    await settled(page);
    expect((await live(page))!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The bench runs the plan's first ready request in the worker.
    await page.click('#btn-run');
    await page.waitForSelector('#bench-results .claim-payout');
    // Save as a new plan in the workspace: on disk, and listed.
    const saved = join(ROOT, WORKSPACE, 'guard-saved.yibao');
    rmSync(saved, { force: true });
    await page.click('#btn-save-as');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('已保存'));
    expect(readFileSync(saved, 'utf8')).toContain('青岛市全民补充医疗保险');
    expect(await page.$$eval('#plan-select option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain(`${WORKSPACE}/guard-saved.yibao`);
    await shot(page, '30-guard-editor-with-token');
    expect(problems).toEqual([]);
  });

  test("only the page gets 'unsafe-eval' (Ajv in the bench); the workers run without it", () => {
    expect(policies.get('/')).toContain("'unsafe-eval'");
    const workers = [...policies.keys()].filter((p) => /worker/.test(p));
    // The analysis worker, Monaco's editor worker and its JSON worker all ran above.
    expect(workers.length).toBeGreaterThanOrEqual(3);
    for (const w of workers) {
      expect(policies.get(w), w).toContain("script-src 'self';");
      expect(policies.get(w), w).not.toContain('unsafe-eval');
    }
  });

  test('a request from the page without the token, or with a wrong one, is refused', async () => {
    const r = await page.evaluate(async () => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="yibao-token"]')!.content;
      const status = (path: string, init: RequestInit = {}) => fetch(path, init).then((x) => x.status);
      const put = (headers: Record<string, string>) =>
        status('/api/file', { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ path: 'test-artifacts/workspace/no-token.yibao', text: 'x', baseHash: null }) });
      return {
        list: await status('/api/plans'),
        open: await status('/api/file?path=examples/weihai-2024.yibao'),
        wrong: await status('/api/plans', { headers: { 'x-yibao-token': '0'.repeat(64) } }),
        save: await put({}),
        withToken: await status('/api/plans', { headers: { 'x-yibao-token': token } }),
        packageJson: await status('/api/file?path=package.json', { headers: { 'x-yibao-token': token } }),
        savePackageJson: await status('/api/file', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-yibao-token': token }, body: JSON.stringify({ path: 'package.json', text: '{}', baseHash: null }) }),
      };
    });
    expect(r).toEqual({ list: 403, open: 403, wrong: 403, save: 403, withToken: 200, packageJson: 403, savePackageJson: 403 });
    expect(existsSync(join(ROOT, WORKSPACE, 'no-token.yibao'))).toBe(false);
  });

  test('a page of another origin cannot use the API, and a rebound name gets no page', async () => {
    // The attacker's page on another local port; it even knows a token shape.
    const evil: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    const evilPort = await new Promise<number>((ok) => evil.listen(0, '127.0.0.1', () => ok((evil.address() as { port: number }).port)));
    const other = await h.browser.newPage();
    try {
      await other.goto(`http://localhost:${evilPort}/`);
      const outcome = await other.evaluate(async (base) => {
        const tries: string[] = [];
        const attempt = async (what: string, f: () => Promise<Response>) => {
          try {
            tries.push(`${what}: ${(await f()).status}`);
          } catch {
            tries.push(`${what}: blocked`);
          }
        };
        await attempt('read', () => fetch(`${base}/api/plans`));
        await attempt('read no-cors', () => fetch(`${base}/api/file?path=package.json`, { mode: 'no-cors' }));
        await attempt('save', () => fetch(`${base}/api/file`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-yibao-token': 'guess' }, body: '{"path":"test-artifacts/workspace/evil.yibao","text":"x"}' }));
        await attempt('save no-cors', () => fetch(`${base}/api/file`, { method: 'PUT', mode: 'no-cors', body: '{"path":"test-artifacts/workspace/evil.yibao","text":"x"}' }));
        return tries;
      }, h.base);
      // Blocked by the browser, or an opaque answer the page cannot read: never a readable 200.
      for (const t of outcome) expect(t).toMatch(/: (blocked|0|403)$/);
      expect(existsSync(join(ROOT, WORKSPACE, 'evil.yibao'))).toBe(false);
      // DNS rebinding: the name resolves to 127.0.0.1, but the server answers no page to it.
      const rebound = await other.goto(`http://${REBOUND}:${port}/`);
      expect(rebound!.status()).toBe(403);
      expect(await other.textContent('body')).toContain('is not this editor');
      expect(await other.evaluate(() => document.querySelector('meta[name="yibao-token"]'))).toBe(null);
      const api = await other.evaluate(() => fetch('/api/plans').then((r) => r.status));
      expect(api).toBe(403);
    } finally {
      await other.close();
      await new Promise((ok) => evil.close(ok));
    }
  });
});
