// The CLI run in process, its output as a transcript a reviewer can read in a diff. Files are
// named to the CLI by absolute path (so the run does not depend on the working folder) and every
// such path is written back project-relative, so golden text never holds this machine's folders.
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../engine/cli/main';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `yibao ARGV`; `folders` maps absolute folders (a temporary one) to what the text shows. */
export async function yibao(argv: string[], folders: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  const clean = (lines: string[]) => relativeText(lines.join('\n'), folders);
  return { code, out: clean(out), err: clean(err) };
}

/** Project files as project-relative paths, and any other folder named in `folders` by its name there. */
export function relativeText(text: string, folders: Record<string, string> = {}): string {
  let t = text;
  for (const [abs, shown] of Object.entries(folders)) t = t.split(abs + sep).join(shown + '/').split(abs).join(shown);
  return t.split(ROOT + sep).join('').split(ROOT).join('.');
}

export const abs = (rel: string) => join(ROOT, rel);

/** `$ yibao ARGS`, standard output, standard error if any, and the exit code. */
export function transcript(argv: string[], r: Run): string {
  const lines = [`$ yibao ${relativeText(argv.join(' '))}`];
  if (r.out) lines.push(r.out);
  if (r.err) lines.push('[stderr]', r.err);
  lines.push(`[exit ${r.code}]`);
  return lines.join('\n') + '\n';
}
