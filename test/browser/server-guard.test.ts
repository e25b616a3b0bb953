// The editor's server guard in a real browser: the page and its workers work with the token the
// server wrote into the page (plan list, a plan with a data file, markers, the bench, saving in
// the workspace) without a single Content-Security-Policy violation, under a policy without
// 'unsafe-eval' (the bench validates requests with generated code, not Ajv's new Function), while
// a request without the token, a page of another origin and a DNS-rebinding name are all refused.
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
  // Violations are reported in the page before any of its scripts run, and kept for the tests.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    window.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => {
      const what = `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`;
      seen.push(what);
      console.error(what);
    });
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // Errors logged in the analysis and Monaco workers count too.
  page.on('worker', (w) => w.on('console', (m) => {
    if (m.type() === 'error') problems.push(`worker console (${w.url()}): ${m.text()}`);
  }));
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

  test('the bench validates a bad request with the generated validator (markers as before) and runs a good one', async () => {
    // The plan saved above sits in the workspace, away from its catalogue: back to an example.
    await openPlan(page, 'examples/weihai-2024.yibao');
    type Bench = { yibao: { bench: { model: { setValue(s: string): void } }; monaco: { editor: { getModelMarkers(o: { owner: string }): { message: string; startLineNumber: number }[] } } } };
    // A claim without setting, an unknown field, a bad date, an amount with three decimals, an item of an unknown class.
    const bad = {
      members: [{ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }],
      claims: [{ id: 'c1', member: 'm1', date: '2025-13-01x', inPolicySelfPay: '12.345', colour: 1, items: [{ code: 'x', amount: 1, class: 'up' }] }],
    };
    await page.evaluate((text) => (window as unknown as Bench).yibao.bench.model.setValue(text), JSON.stringify(bad, null, 2) + '\n');
    await page.waitForFunction(() => (window as unknown as Bench).yibao.monaco.editor.getModelMarkers({ owner: 'ajv' }).length > 0);
    const markers = await page.evaluate(() => (window as unknown as Bench).yibao.monaco.editor.getModelMarkers({ owner: 'ajv' }).map((m) => `${m.startLineNumber} ${m.message}`));
    // What the bench showed when it compiled the schema with Ajv in the page: same errors, same places.
    expect(markers).toEqual([
      "10 /claims/0: must have required property 'setting'",
      '15 /claims/0: must NOT have additional properties: "colour"',
      '13 /claims/0/date: must match pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"',
      '14 /claims/0/inPolicySelfPay: must be an amount in yuan ≥ 0 with at most 2 decimals / 应为不小于 0、最多两位小数的金额',
      '20 /claims/0/items/0/class: must be equal to one of the allowed values',
    ]);
    expect(await page.textContent('#bench-message')).toBe('请求不符合请求格式 (5)');
    // Run refuses an invalid request and says why again.
    await page.click('#btn-run');
    expect(await page.textContent('#bench-message')).toBe('请求不符合请求格式 (5)');
    // The first error, opened in the request editor (F8), as the analyst sees it.
    await page.waitForSelector('#request-editor .squiggly-error');
    await page.click('#request-editor .view-line');
    await page.keyboard.press('F8');
    await page.waitForSelector('#request-editor .marker-widget');
    expect(await page.textContent('#request-editor .marker-widget')).toContain("/claims/0: must have required property 'setting'");
    await shot(page, '31-guard-bench-schema-error');
    // A good request (the plan's first ready one) validates and runs.
    await page.selectOption('#request-select', '0');
    await page.waitForFunction(() => (window as unknown as Bench).yibao.monaco.editor.getModelMarkers({ owner: 'ajv' }).length === 0);
    await page.evaluate(() => document.getElementById('bench-results')!.replaceChildren());
    await page.click('#btn-run');
    await page.waitForSelector('#bench-results .claim-payout');
    expect(await page.textContent('#bench-message')).toBe('');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("no policy the server sent has 'unsafe-eval': the page and every worker run without it", () => {
    expect(policies.get('/')).toContain("script-src 'self';");
    const workers = [...policies.keys()].filter((p) => /worker/.test(p));
    // The analysis worker, Monaco's editor worker and its JSON worker all ran above.
    expect(workers.length).toBeGreaterThanOrEqual(3);
    expect(policies.size).toBeGreaterThan(workers.length);
    for (const [path, policy] of policies) {
      expect(policy, path).toContain("script-src 'self';");
      expect(policy, path).not.toContain('unsafe-eval');
    }
  });

  test('the policy is enforced: code that evaluates a string is refused', async () => {
    // A page of its own, so that the violation it provokes stays out of the other tests' record.
    const probe = await h.browser.newPage();
    try {
      const response = await probe.goto(`${h.base}/`);
      expect(response!.headers()['content-security-policy']).not.toContain('unsafe-eval');
      // Code the test evaluates itself is exempt, so the probe runs in a blob: worker, which takes
      // the page's policy (as Monaco's workers may).
      const outcome = await probe.evaluate(
        () =>
          new Promise<string>((ok) => {
            const src = 'try { postMessage(String(new Function("return \'evaluated\'")())); } catch (e) { postMessage(e.name); }';
            const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
            w.onmessage = (e) => ok(String(e.data));
            w.onerror = (e) => ok(`error: ${e.message}`);
          }),
      );
      expect(outcome).toBe('EvalError');
    } finally {
      await probe.close();
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
