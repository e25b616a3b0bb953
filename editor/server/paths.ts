// Which files the editor's server may touch. Everything is resolved inside the project root;
// `..`, absolute paths, symlinks out of the root, dot-folders and node_modules are refused.
// The API goes further (scopedPath): only plans, data and request files, and only under the
// folders the editor was started with, so no request can reach code or configuration.
import { realpathSync, existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export class PathError extends Error {
  constructor(
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

const HIDDEN = /(^|\/)(\.[^/]*|node_modules)(\/|$)/;

/** `p` with its nearest existing ancestor resolved through symlinks. */
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

const within = (dir: string, p: string) => {
  const r = relative(dir, p);
  return r !== '' && r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r);
};

/** The folders the API may use: inside the project, and never the project itself. */
export function checkFolders(root: string, folders: string[]): void {
  if (folders.length === 0) throw new Error('the editor needs at least one folder');
  for (const f of folders) {
    const refuse = () => new Error(`the folder "${f}" must be a folder inside the project, not the project itself`);
    let dir: string;
    try {
      dir = realExisting(safePath(root, f));
    } catch {
      throw refuse();
    }
    // Serving the project root would open package.json and the code to every request.
    if (!within(realpathSync(root), dir)) throw refuse();
  }
}

const DATA = /\.(yibao|json|csv)$/;
// Configuration that tools run or trust, should a folder ever hold some.
const CONFIG = /^(package(-lock)?\.json|npm-shrinkwrap\.json|[jt]sconfig(\..*)?\.json|.*\.config\.json)$/i;

/** Absolute path of a plan, data or request file under one of `folders`, or a PathError. */
export function scopedPath(root: string, folders: string[], rel: unknown): string {
  const full = safePath(root, rel);
  if (!DATA.test(full)) throw new PathError('only .yibao, .json and .csv files are served');
  if (CONFIG.test(basename(full))) throw new PathError('configuration files are refused');
  // Real paths: a symlink inside a folder must not lead to the rest of the project.
  const real = realExisting(full);
  if (!folders.some((f) => within(realExisting(resolve(root, f)), real))) throw new PathError(`only files under ${folders.join(', ')} are served`);
  return full;
}
