// Fuzz inputs: the seeds (the conformance suite and the example plans, with the data files they
// name) and the regression corpus (every input that once failed).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileReader } from '../../engine/index';

/** One input to the front end: plan text plus the data files it may name (path → content). */
export interface FuzzInput {
  text: string;
  files?: Record<string, string>;
  /** Where it came from (seed file, generator, mutation chain): for reports only. */
  origin?: string;
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REGRESSION_DIR = join(ROOT, 'test', 'fuzz', 'regressions');

/** A reader that serves only the input's own files: the front end never touches the disk. */
export function readerOf(input: FuzzInput): FileReader {
  const files = input.files ?? {};
  return (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined);
}

function walk(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p, keep) : keep(p) ? [p] : [];
    });
}

const FILE_REF = /(?:\bfile|文件)\s*"([^"\\\n]*)"/g;

/** A plan file with the data files it names (read relative to the plan, when they exist). */
export function inputFromFile(path: string): FuzzInput {
  const text = readFileSync(path, 'utf8');
  const files: Record<string, string> = {};
  for (const m of text.matchAll(FILE_REF)) {
    const p = resolve(dirname(path), m[1]!);
    if (existsSync(p) && statSync(p).isFile()) files[m[1]!] = readFileSync(p, 'utf8');
  }
  return { text, files, origin: relative(ROOT, path) };
}

let cachedSeeds: FuzzInput[] | undefined;

/** The conformance plans (good and bad) and the example plans and test files. */
export function loadSeeds(): FuzzInput[] {
  cachedSeeds ??= [
    ...walk(join(ROOT, 'spec', 'conformance'), (f) => f.endsWith('.yibao')),
    ...walk(join(ROOT, 'examples'), (f) => f.endsWith('.yibao')),
  ].map(inputFromFile);
  return cachedSeeds;
}

export interface RegressionCase {
  file: string;
  /** What went wrong when it was found. */
  note?: string;
  kind?: string;
  /** For a case that once ran too long: the milliseconds it must now finish in. */
  budgetMs?: number;
  input: FuzzInput;
}

/**
 * The regression corpus: `*.json` files ({ text, files?, note?, kind?, budgetMs? }) and plain
 * `*.yibao` files under test/fuzz/regressions/.
 */
export function loadRegressions(dir = REGRESSION_DIR): RegressionCase[] {
  return walk(dir, (f) => f.endsWith('.json') || f.endsWith('.yibao')).map((file) => {
    if (file.endsWith('.yibao')) return { file: relative(ROOT, file), input: { text: readFileSync(file, 'utf8'), origin: relative(ROOT, file) } };
    const j = JSON.parse(readFileSync(file, 'utf8')) as { text: string; files?: Record<string, string>; note?: string; kind?: string; budgetMs?: number };
    return { file: relative(ROOT, file), note: j.note, kind: j.kind, budgetMs: j.budgetMs, input: { text: j.text, files: j.files, origin: relative(ROOT, file) } };
  });
}
