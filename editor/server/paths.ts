// Which files the editor's server may touch. Everything is resolved inside the project root;
// `..`, absolute paths, symlinks out of the root, dot-folders and node_modules are refused.
import { realpathSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export class PathError extends Error {
  constructor(
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

const HIDDEN = /(^|\/)(\.[^/]*|node_modules)(\/|$)/;

/** The nearest existing ancestor, resolved through symlinks. */
function realExisting(p: string): string {
  let cur = p;
  while (!existsSync(cur)) {
    const up = dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
  return resolve(realpathSync(cur), relative(cur, p));
}

/** Absolute path of a project-relative POSIX path, or a PathError. */
export function safePath(root: string, rel: unknown): string {
  if (typeof rel !== 'string' || rel.length === 0 || rel.length > 1000 || rel.includes('\0')) throw new PathError('bad path', 400);
  const clean = rel.replace(/\\/g, '/');
  if (isAbsolute(clean) || /^[A-Za-z]:/.test(clean)) throw new PathError('absolute paths are refused');
  if (clean.split('/').includes('..')) throw new PathError('paths outside the project are refused');
  if (HIDDEN.test(clean)) throw new PathError('hidden folders are refused');
  const full = resolve(root, clean);
  const realRoot = realpathSync(root);
  const real = realExisting(full);
  const inside = relative(realRoot, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep)[0] === '..') throw new PathError('paths outside the project are refused');
  return full;
}

/** Project-relative POSIX form of an absolute path under root. */
export function toRel(root: string, full: string): string {
  return relative(root, full).split(sep).join('/');
}
