// File access for the CLI: plans, data files beside them, requests (or stdin).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FileReader } from '../check/index';

/** Reads data files named in a plan relative to the plan's folder. */
export function readerFor(planPath: string): FileReader {
  const dir = dirname(resolve(planPath));
  return (p) => {
    const full = resolve(dir, p);
    return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
  };
}

export function readText(path: string): string {
  return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

/** Every file under `path` (or `path` itself) whose name passes `keep`, sorted. */
export function walk(path: string, keep: (name: string) => boolean): string[] {
  const st = statSync(path);
  if (st.isFile()) return keep(path) ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((n) => (n === 'node_modules' || n.startsWith('.') ? [] : walk(join(path, n), keep)));
}
