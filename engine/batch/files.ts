// The files around a batch run, made safe before anything is opened for writing:
// - an input that is a pipe (`--claims <(zcat …)`, /dev/stdin) is copied whole into the run's own
//   folder first, since the run reads its inputs by byte ranges; a device or folder is refused;
// - an output that is the same file as an input or as the other output (same device and inode, so
//   symlinks and hard links count) is refused;
// - each output is written to a temporary file beside its target and renamed over it only once the
//   run has succeeded, so an interrupted run leaves the target as it was. A temporary file left by
//   a run that was killed outright (SIGKILL) is found and removed by the next run to that target.
import { createReadStream, createWriteStream, existsSync, fstatSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';

/** A fault of the files given to a run: the run stops before settling anything (exit 2). */
export class BatchFileError extends Error {}

/** Lines of a piped input are at most this long: an endless line is not a batch file. */
export const MAX_PIPED_LINE = 64 << 20;

export interface NamedPath {
  /** The option that named it, e.g. "--claims". */
  option: string;
  path: string;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Standard input and /dev/fd/N name a descriptor this process holds: read through it, not by name. */
function descriptorOf(path: string): number | undefined {
  if (path === '-' || path === '/dev/stdin') return 0;
  const m = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

function statOf(p: NamedPath): Stats {
  try {
    const fd = descriptorOf(p.path);
    return fd === undefined ? statSync(p.path) : fstatSync(fd);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new BatchFileError(`${p.option}: no such file ${p.path} / 找不到文件`);
    throw new BatchFileError(`${p.option}: cannot read ${p.path}: ${(e as Error).message} / 无法读取`);
  }
}

/** How an input is read: a regular file as it is, a pipe copied first. */
export function inputKind(p: NamedPath): { kind: 'file' | 'pipe'; stats: Stats } {
  const stats = statOf(p);
  if (stats.isFile()) return { kind: 'file', stats };
  if (stats.isFIFO() || stats.isSocket()) return { kind: 'pipe', stats };
  const what = stats.isDirectory() ? 'a folder' : 'a device';
  throw new BatchFileError(`${p.option}: ${p.path} is ${what}, not a file or a pipe / 不是文件或管道`);
}

/** Copies a pipe into `dest`, whole, until `stopped()`; refuses a line longer than MAX_PIPED_LINE. */
export async function spool(p: NamedPath, dest: string, stopped: () => boolean, maxLine = MAX_PIPED_LINE): Promise<void> {
  const out = createWriteStream(dest);
  let sinceNewline = 0;
  try {
    const fd = descriptorOf(p.path);
    for await (const chunk of createReadStream(p.path, fd === undefined ? {} : { fd, autoClose: false })) {
      if (stopped()) return;
      const b = chunk as Buffer;
      const nl = b.lastIndexOf(10);
      sinceNewline = nl < 0 ? sinceNewline + b.length : b.length - nl - 1;
      if (sinceNewline > maxLine) throw new BatchFileError(`${p.option}: ${p.path} has a line longer than ${maxLine >> 20} MiB: not a batch file / 行过长，不是批量文件`);
      if (!out.write(b)) await new Promise((ok) => out.once('drain', ok));
    }
  } finally {
    await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
  }
}

/**
 * The inputs, by option name, as files a run can read by ranges: each pipe is copied whole into the
 * run's folder first, under a name that keeps its format (CSV when its own name says so).
 */
export async function readablePaths(inputs: Record<string, string>, kinds: Map<string, 'file' | 'pipe'>, folder: string, guard: { reason?: unknown; check(): void }): Promise<Record<string, string>> {
  const out = { ...inputs };
  for (const [key, path] of Object.entries(inputs)) {
    if (kinds.get(path) !== 'pipe') continue;
    const copy = join(folder, `${key}${extname(path).toLowerCase() === '.csv' ? '.csv' : '.jsonl'}`);
    await spool({ option: `--${key}`, path }, copy, () => guard.reason !== undefined);
    guard.check();
    out[key] = copy;
  }
  return out;
}

/** Where an output goes: a file (written beside it, then renamed) or a stream such as /dev/stdout. */
export interface OutputTarget extends NamedPath {
  kind: 'file' | 'stream';
  /** kind 'file': the temporary file beside the target. */
  temp?: string;
}

const identity = (s: Stats) => `${s.dev}:${s.ino}`;

/** The real path a file would have (its folder resolved through symlinks); for outputs not yet there. */
function wouldBe(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

const partName = (target: string, pid: number) => join(dirname(target), `.${basename(target)}.yibao-${pid}.part`);
const PART = /^\.(.+)\.yibao-(\d+)\.part$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/** Removes what runs killed outright left for `target`; says what it removed. */
function sweepParts(target: string, log: (s: string) => void): void {
  const dir = dirname(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PART.exec(name);
    if (!m || m[1] !== basename(target) || alive(Number(m[2]))) continue;
    rmSync(join(dir, name), { force: true });
    log(`yibao: removed ${join(dir, name)}, left by an interrupted run / 已删除中断运行遗留的临时文件`);
  }
}

/**
 * Checks the outputs against the inputs and each other, and says where each is written. Nothing is
 * opened for writing here; a refusal is a BatchFileError.
 */
export function planOutputs(inputs: NamedPath[], outputs: NamedPath[], log: (s: string) => void): OutputTarget[] {
  const seen = new Map<string, NamedPath>();
  for (const p of inputs) seen.set(identity(statSync(p.path)), p);
  const paths = new Map<string, NamedPath>();
  return outputs.map((o) => {
    const same = (other: NamedPath) => new BatchFileError(`${o.option} ${o.path} is the same file as ${other.option} ${other.path}: refused, nothing was written / 输出与 ${other.option} 是同一文件，已拒绝`);
    let stats: Stats | undefined;
    try {
      stats = statSync(o.path);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw new BatchFileError(`${o.option}: cannot write ${o.path}: ${(e as Error).message} / 无法写入`);
    }
    if (stats) {
      const twin = seen.get(identity(stats));
      if (twin) throw same(twin);
      seen.set(identity(stats), o);
      if (stats.isDirectory()) throw new BatchFileError(`${o.option}: ${o.path} is a folder / 是文件夹`);
    }
    const real = wouldBe(o.path);
    const twin = paths.get(real);
    if (twin) throw same(twin);
    paths.set(real, o);
    if (stats && !stats.isFile()) return { ...o, kind: 'stream' };
    if (!existsSync(dirname(resolve(o.path)))) throw new BatchFileError(`${o.option}: no such folder ${dirname(o.path)} / 文件夹不存在`);
    sweepParts(resolve(o.path), log);
    return { ...o, kind: 'file', temp: partName(resolve(o.path), process.pid) };
  });
}

/** Whether standard output is the same file as one of the inputs (`yibao eval … >> claims.jsonl`). */
export function stdoutIsInput(inputs: NamedPath[]): NamedPath | undefined {
  let out: Stats;
  try {
    out = fstatSync(1);
  } catch {
    return undefined;
  }
  if (!out.isFile()) return undefined;
  return inputs.find((p) => identity(statSync(p.path)) === identity(out));
}

/** Puts each finished output in place of its target. */
export function commitOutputs(targets: OutputTarget[]): void {
  for (const t of targets) if (t.temp) renameSync(t.temp, t.path);
}

/** Removes the temporary files of outputs that were not committed. */
export function discardOutputs(targets: OutputTarget[]): void {
  for (const t of targets) if (t.temp) rmSync(t.temp, { force: true });
}

const PRIVATE = /^yibao-batch-(\d+)-/;

/** The run's own folder (parts, spooled pipes), after removing those of runs killed outright. */
export function privateFolder(): string {
  const root = tmpdir();
  try {
    for (const name of readdirSync(root)) {
      const m = PRIVATE.exec(name);
      if (m && !alive(Number(m[1]))) rmSync(join(root, name), { recursive: true, force: true });
    }
  } catch {
    // a folder we may not list holds nothing of ours
  }
  return mkdtempSync(join(root, `yibao-batch-${process.pid}-`));
}
