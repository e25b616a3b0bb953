// Data files (CSV catalogues and tables) for the checker. The engine reads files through a
// synchronous FileReader, so the worker first fetches every file the plan names from the local
// server, then hands the checker a reader over that cache.
import type { Program } from '../../../grammar/ast';
import type { FileReader } from '../../../engine/index';
import { apiFetch } from '../api-fetch';

const cache = new Map<string, string | undefined>();

export function forgetFiles(): void {
  cache.clear();
}

/** Joins a path written in a plan onto the plan's folder, POSIX style, resolving `.` and `..`. */
export function resolveBeside(planFile: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : planFile.split('/').slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/** Every data file a plan names. */
export function dataFiles(ast: Program): string[] {
  const out: string[] = [];
  for (const d of ast.declarations) {
    if (d.kind === 'table' && d.file) out.push(d.file.path);
    if (d.kind === 'catalogue') {
      const sources = d.source.kind === 'constant' ? [d.source.value] : d.source.steps.map((s) => s.value);
      for (const s of sources) if (s.kind === 'file') out.push(s.file.path);
    }
  }
  return out;
}

async function fetchText(path: string): Promise<string | undefined> {
  try {
    const res = await apiFetch(`/api/file?path=${encodeURIComponent(path)}`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { text?: string };
    return typeof body.text === 'string' ? body.text : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches what is not cached yet; a missing file is cached as missing (the checker reports it). */
export async function fetchFiles(paths: string[]): Promise<void> {
  await Promise.all(
    paths.filter((p) => !cache.has(p)).map(async (p) => {
      cache.set(p, await fetchText(p));
    }),
  );
}

/**
 * A reader over the cache that notes the files it did not have. The checker runs once with it;
 * only when something was missing are the files fetched and the check run again, so an edit
 * costs one parse, not two.
 */
export function cachedReader(planFile: string): { reader: FileReader; missing: string[] } {
  const missing: string[] = [];
  const reader: FileReader = (rel) => {
    const p = resolveBeside(planFile, rel);
    if (!cache.has(p)) missing.push(p);
    return cache.get(p);
  };
  return { reader, missing };
}
