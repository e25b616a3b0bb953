// What every batch run does around its settling (`yibao eval` and `yibao settle` in batch): the
// files checked before anything is opened for writing (files.ts), pipes copied into the run's own
// folder, outputs written beside their targets and put in place only once the run has succeeded,
// and a run stopped from outside (a signal, a closed pipe) leaving every target as it was.
import { rmSync } from 'node:fs';
import { BatchFileError, commitOutputs, discardOutputs, inputKind, planOutputs, privateFolder, readablePaths, stdoutIsInput, type NamedPath, type OutputTarget } from './files';
import { Interrupted, RunGuard } from './guard';

export interface RunFiles {
  /** Every file the run reads (the plan or chain first), by the option that named it. */
  inputs: NamedPath[];
  /** The inputs read by ranges, by key (`members`, `claims`…): a pipe among them is copied first. */
  ranged: Record<string, string>;
  outputs: NamedPath[];
  /** Whether results go to standard output (no --out): then it must not be an input. */
  toStdout: boolean;
  log: (s: string) => void;
}

export interface RunPlace {
  /** The ranged inputs as files the run can read by ranges. */
  paths: Record<string, string>;
  folder: string;
  targets: OutputTarget[];
  guard: RunGuard;
}

/** Runs `body` inside the frame; its result, with the seconds the whole run took. */
export async function inRunFrame<S extends { seconds: number }>(f: RunFiles, body: (at: RunPlace) => Promise<S>, after?: () => void): Promise<S> {
  const started = Date.now();
  const guard = new RunGuard();
  let folder: string | undefined;
  let targets: OutputTarget[] = [];
  try {
    folder = privateFolder();
    const kinds = new Map(f.inputs.map((p) => [p.path, inputKind(p).kind]));
    const regular = f.inputs.filter((p) => kinds.get(p.path) === 'file');
    // Every check on names first: nothing is opened for writing before all of them pass.
    targets = planOutputs(regular, f.outputs, f.log);
    const twin = f.toStdout ? stdoutIsInput(regular) : undefined;
    if (twin) throw new BatchFileError(`standard output is the same file as ${twin.option} ${twin.path}: refused / 标准输出与输入是同一文件，已拒绝`);
    const paths = await readablePaths(f.ranged, kinds, folder, guard);
    const summary = await body({ paths, folder, targets, guard });
    guard.check();
    commitOutputs(targets);
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  } catch (e) {
    discardOutputs(targets);
    if (guard.reason) throw new Interrupted(guard.reason);
    throw describe(e);
  } finally {
    after?.();
    guard.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

/** A full disk or another write failure as a message a user can act on. */
function describe(e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return new BatchFileError('no space left on the disk: nothing was written to the targets / 磁盘已满，未写入任何输出');
  if (code === 'EDQUOT') return new BatchFileError('disk quota exceeded: nothing was written to the targets / 超出磁盘配额，未写入任何输出');
  return e;
}
