// Shared set-up for the browser tests: Debian's chromium (installed when missing), a fresh
// editor build, and the editor's server on a free port of 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildEditor } from '../../editor/server/build';
import { createEditorServer, listen } from '../../editor/server/server';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
/** Plans saved by the tests go here (inside the project, ignored by git). */
export const WORKSPACE = 'test-artifacts/workspace';
const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
}

export interface Harness {
  browser: Browser;
  server: Server;
  base: string;
  close: () => Promise<void>;
}

/** `browserArgs` adds Chromium switches, e.g. a host resolver rule that plays DNS rebinding. */
export async function startHarness(name: string, browserArgs: string[] = []): Promise<Harness> {
  ensureChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(join(ROOT, WORKSPACE), { recursive: true });
  // A private build per test file: vitest may run files in parallel, and each build empties its folder.
  const dist = join(ARTIFACTS, `dist-${name}`);
  await buildEditor(ROOT, true, dist);
  const server = createEditorServer({ root: ROOT, dist, folders: ['examples', WORKSPACE] });
  const port = await listen(server, 0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...browserArgs],
  });
  return {
    browser,
    server,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/**
 * A harness with one page on the editor, settled: its uncaught errors collected, and every dialog
 * (leaving an edited file asks to discard the edit) accepted.
 */
export async function startEditorPage(name: string): Promise<{ h: Harness; page: Page; pageErrors: string[] }> {
  const h = await startHarness(name);
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${h.base}/`);
  await settled(page);
  return { h, page, pageErrors };
}

export async function shot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Waits until the worker has answered for the editor's current text. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const y = (window as unknown as { yibao?: { editor: { getModel(): { getVersionId(): number } | null }; live(): { version: number; indexVersion: number } | undefined } }).yibao;
    const live = y?.live();
    const v = y?.editor.getModel()?.getVersionId();
    return !!live && live.version === v && live.indexVersion === v;
  }, undefined, { timeout: 20_000 });
}

type Y = {
  editor: {
    getModel(): { getValue(): string; getVersionId(): number; getLineCount(): number; getLineContent(n: number): string; findMatches(s: string, a: boolean, b: boolean, c: boolean, d: null, e: boolean): { range: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } }[] } | null;
    setPosition(p: { lineNumber: number; column: number }): void;
    revealLineInCenter(n: number): void;
    focus(): void;
    getSelection(): { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } | null;
    executeEdits(src: string, edits: { range: unknown; text: string }[]): void;
  };
  monaco: { Range: new (a: number, b: number, c: number, d: number) => unknown };
  live(): { version: number; latencyMs: number; diagnostics: { code: string; severity: string; zh: string; en: string; span: { startLineNumber: number } }[]; index?: unknown } | undefined;
  markers(): { code?: string | { value: string }; message: string; startLineNumber: number }[];
};
export const Y = 'yibao';
export type { Y as YibaoHandle };

/** Puts the cursor right after the first occurrence of `needle` and focuses the editor. */
export async function cursorAfter(page: Page, needle: string): Promise<number> {
  return page.evaluate((needle) => {
    const y = (window as unknown as { yibao: Y }).yibao;
    const m = y.editor.getModel()!.findMatches(needle, false, false, true, null, false)[0];
    if (!m) throw new Error(`not in the plan: ${needle}`);
    y.editor.setPosition({ lineNumber: m.range.endLineNumber, column: m.range.endColumn });
    y.editor.revealLineInCenter(m.range.endLineNumber);
    y.editor.focus();
    return m.range.endLineNumber;
  }, needle);
}

/** Replaces the first occurrence of `needle` through the editor (an edit, undoable like typing). */
export async function replaceInPlan(page: Page, needle: string, text: string): Promise<void> {
  await page.evaluate(([needle, text]) => {
    const y = (window as unknown as { yibao: Y }).yibao;
    const m = y.editor.getModel()!.findMatches(needle!, false, false, true, null, false)[0];
    if (!m) throw new Error(`not in the plan: ${needle}`);
    y.editor.executeEdits('test', [{ range: m.range, text: text! }]);
  }, [needle, text]);
}

export const planText = (page: Page) => page.evaluate(() => (window as unknown as { yibao: Y }).yibao.editor.getModel()!.getValue());
export const live = (page: Page) => page.evaluate(() => (window as unknown as { yibao: Y }).yibao.live());

/** Opens a plan through the toolbar's select, as a user would. */
export async function openPlan(page: Page, path: string): Promise<void> {
  await page.selectOption('#plan-select', path);
  await page.waitForFunction((p) => document.getElementById('doc-path')?.textContent === p, path);
  await settled(page);
}
