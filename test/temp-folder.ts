// Every temporary file of a test run lives in one folder, removed when the run ends, whether or not
// a test cleans up after itself (a suite that writes a million-claim year leaves half a gigabyte).
// Set here, before any test process starts, TMPDIR reaches every test and every command it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'yibao-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
