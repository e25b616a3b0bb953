// The plan files the editor lists and opens: examples/ and the workspace folder, with the data
// and request files beside them; nothing else in the project is read or written. Writes go
// through saveFile(), which refuses to overwrite a file that changed on disk since the editor
// loaded it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PathError, safePath, scopedPath, toRel } from './paths';

export const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface Listed {
  path: string;
  folder: string;
  size: number;
}

export function listPlans(root: string, folders: string[]): Listed[] {
  const out: Listed[] = [];
  for (const folder of folders) {
    const dir = safePath(root, folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      // NAME.test.yibao holds only tests run against NAME.yibao: not a plan to open on its own.
      if (!name.endsWith('.yibao') || name.endsWith('.test.yibao')) continue;
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isFile()) out.push({ path: toRel(root, full), folder, size: st.size });
    }
  }
  return out;
}

export function readFile(root: string, folders: string[], rel: unknown): { path: string; text: string; hash: string; mtimeMs: number } {
  const full = scopedPath(root, folders, rel);
  if (!existsSync(full) || !statSync(full).isFile()) throw new PathError('no such file', 404);
  const st = statSync(full);
  if (st.size > 20_000_000) throw new PathError('file too large', 413);
  const text = readFileSync(full, 'utf8');
  return { path: toRel(root, full), text, hash: hashOf(text), mtimeMs: st.mtimeMs };
}

/**
 * Writes `text` when the file on disk is still the one the editor loaded (`baseHash`), or is
 * new (`baseHash` null and no file there). Anything else is a conflict: nothing is written.
 */
export function saveFile(root: string, folders: string[], rel: unknown, text: unknown, baseHash: unknown): { path: string; hash: string; mtimeMs: number } {
  const full = scopedPath(root, folders, rel);
  if (typeof text !== 'string') throw new PathError('text must be a string', 400);
  if (text.length > 20_000_000) throw new PathError('file too large', 413);
  if (existsSync(full)) {
    if (!statSync(full).isFile()) throw new PathError('not a file', 400);
    const current = hashOf(readFileSync(full, 'utf8'));
    if (current !== baseHash) throw new PathError('the file changed on disk since it was opened', 409);
  } else if (baseHash !== null && baseHash !== undefined) {
    throw new PathError('the file was deleted on disk since it was opened', 409);
  }
  mkdirSync(dirname(full), { recursive: true });
  // Write then rename, so a reader never sees half a plan.
  const tmp = `${full}.${process.pid}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, full);
  const st = statSync(full);
  return { path: toRel(root, full), hash: hashOf(text), mtimeMs: st.mtimeMs };
}
