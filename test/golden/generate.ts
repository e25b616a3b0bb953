// Every golden file, computed: shared by `npm run golden` (scripts/golden.ts), which writes them,
// and test/golden.test.ts, which compares them, so that the two can never compute different things.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { batchFiles } from './batch';
import { abs } from './cli';
import { explainFiles } from './explain';
import { frameFiles } from './frames';
import { irMarkCases, irMarkText } from './ir';
import { traceCases, traceText } from './traces';
import { sqlFiles } from './sql';

export interface GoldenFile {
  /** Project-relative. */
  path: string;
  text: string;
}

/** The folders the generator owns: a file in them that it no longer writes is stale. */
export const GOLDEN_DIRS = ['test/golden/frames', 'test/golden/explain', 'test/golden/batch', 'test/golden/traces', 'test/golden/sql', 'test/golden/ir'];

/** The golden files made together, once: frames, explanations and batch lines from the CLI, SQL. */
export async function sharedFiles(): Promise<GoldenFile[]> {
  return [...(await frameFiles()), ...(await explainFiles()), ...(await batchFiles()), ...sqlFiles()];
}

/**
 * The golden files made one by one, each inside its own test, so that a mutation run counts the
 * test as covering what the file is made from: traces and the IR's marks.
 */
export function perTestFiles(): { path: string; text: () => string }[] {
  return [
    ...traceCases().map((c) => ({ path: c.path, text: () => traceText(c.name) })),
    ...irMarkCases().map((c) => ({ path: c.path, text: () => irMarkText(c.plan) })),
  ];
}

export async function goldenFiles(): Promise<GoldenFile[]> {
  return [...(await sharedFiles()), ...perTestFiles().map((f) => ({ path: f.path, text: f.text() }))];
}

/** Files now in the golden folders, project-relative. */
export function filesOnDisk(): string[] {
  return GOLDEN_DIRS.flatMap((d) => (existsSync(abs(d)) ? readdirSync(abs(d)).map((n) => `${d}/${n}`) : [])).sort();
}

export interface Drift {
  changed: string[];
  missing: string[];
  stale: string[];
}

export function drift(files: GoldenFile[]): Drift {
  const wanted = new Set(files.map((f) => f.path));
  return {
    changed: files.filter((f) => existsSync(abs(f.path)) && readFileSync(abs(f.path), 'utf8') !== f.text).map((f) => f.path),
    missing: files.filter((f) => !existsSync(abs(f.path))).map((f) => f.path),
    stale: filesOnDisk().filter((p) => !wanted.has(p)),
  };
}

/** Writes every golden file and removes stale ones; returns the paths written that changed. */
export function writeGolden(files: GoldenFile[]): Drift {
  const d = drift(files);
  for (const f of files) {
    if (!d.changed.includes(f.path) && !d.missing.includes(f.path)) continue;
    mkdirSync(dirname(abs(f.path)), { recursive: true });
    writeFileSync(abs(f.path), f.text);
  }
  for (const p of d.stale) rmSync(abs(p));
  return d;
}
