// File access for the CLI: plans, data files beside them, requests (or stdin).
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, constants as fs } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileReader } from '../check/index';
import { dataPathProblem, isRefused } from '../check/data';
import type { PlanOpener } from '../chain-document';

/** Whether `path` is `root` or lies beneath it (both real, absolute paths). */
function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real path of a folder, or the folder resolved as written when it does not exist. */
function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * Reads data files named in a plan, relative to the plan's folder. A file is read only when its
 * real path (every symlink followed) lies inside `dataRoot`, by default the plan's own folder; any
 * other file is never opened, and the reader answers `{ refused: 'outside' }` (with `root` when a
 * data root was given) so the checker reports YB116 rather than a missing file (YB107). Names
 * that are absolute or climb out with `..` are refused outright (the checker refuses them before
 * asking, too). Only regular files are opened: not folders, devices or pipes.
 */
export function readerFor(planPath: string, dataRoot?: string): FileReader {
  const dir = dirname(resolve(planPath));
  let root: string | undefined;
  const refused = dataRoot === undefined ? { refused: 'outside' as const } : { refused: 'outside' as const, root: dataRoot };
  return (p) => {
    if (dataPathProblem(p)) return refused;
    root ??= realFolder(dataRoot === undefined ? dir : resolve(dataRoot));
    let real: string;
    try {
      real = realpathSync(resolve(dir, p));
    } catch {
      return undefined; // no such file (or a symlink to nothing): nothing was opened
    }
    if (!inside(real, root)) return refused;
    let st;
    try {
      st = statSync(real);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    // Open the real path without following a symlink put in its place since, and make sure the
    // file opened is the one just checked.
    const fd = openSync(real, fs.O_RDONLY | (fs.O_NOFOLLOW ?? 0));
    try {
      const opened = fstatSync(fd);
      if (opened.ino !== st.ino || opened.dev !== st.dev) return refused;
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  };
}


/** Every file under `path` (or `path` itself) whose name passes `keep`, sorted. */
export function walk(path: string, keep: (name: string) => boolean): string[] {
  const st = statSync(path);
  if (st.isFile()) return keep(path) ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((n) => (n === 'node_modules' || n.startsWith('.') ? [] : walk(join(path, n), keep)));
}

/**
 * Opens the plans of a chain's layers: files beside the chain (or in folders below it), read as a
 * plan's data files are; each plan reads its own data files from its own folder.
 */
export function planOpener(chainPath: string, dataRoot?: string): PlanOpener {
  const read = readerFor(chainPath, dataRoot);
  return (p) => {
    const text = read(p);
    if (text === undefined) return { unreadable: { reason: 'no such file', reasonZh: '文件不存在' } };
    if (isRefused(text)) return { unreadable: { reason: "outside the chain's folder", reasonZh: '不在结算链所在的文件夹内' } };
    return { text, reader: readerFor(resolve(dirname(resolve(chainPath)), p), dataRoot ?? dirname(resolve(chainPath))) };
  };
}
