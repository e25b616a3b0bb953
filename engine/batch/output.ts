// Writing a run's outputs: parts joined into one file, and a finished file copied to standard output
// or to a stream named as a target (/dev/stdout, a pipe), stopping when the run is stopped.
import { closeSync, openSync, readSync } from 'node:fs';
import { writeFully } from './bytes';
import type { RunGuard } from './guard';

/** Appends a file to another in large blocks. */
export function appendFile(to: string, from: string): void {
  const buf = Buffer.allocUnsafe(4 << 20);
  const src = openSync(from, 'r');
  const dst = openSync(to, 'a');
  try {
    for (let n; (n = readSync(src, buf, 0, buf.length, null)) > 0; ) writeFully(dst, buf, n);
  } finally {
    closeSync(src);
    closeSync(dst);
  }
}

/** Writes a text, as UTF-8, whole. */
export function writeText(fd: number, s: string): void {
  const b = Buffer.from(s, 'utf8');
  writeFully(fd, b, b.length);
}

/** Results to standard output, or to a stream named by --out (/dev/stdout, a pipe): stops when the run is stopped. */
export async function copyOut(path: string, target: string | undefined, guard: RunGuard): Promise<void> {
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  const dst = target === undefined ? undefined : openSync(target, 'w');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      guard.check();
      if (dst !== undefined) writeFully(dst, buf, n);
      else if (!process.stdout.write(Buffer.from(buf.subarray(0, n)))) {
        await new Promise<void>((ok) => {
          process.stdout.once('drain', ok);
          guard.onStop(ok);
        });
      }
    }
    if (dst === undefined) await new Promise<void>((ok) => process.stdout.write('', () => ok()));
    guard.check();
  } finally {
    closeSync(fd);
    if (dst !== undefined) closeSync(dst);
  }
}
