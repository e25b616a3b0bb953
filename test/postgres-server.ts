// The PostgreSQL server the SQL tests run against (spec §34.5). `.ci/run` starts one and sets
// YIBAO_PG_URL; without it, a run starts a private server itself when PostgreSQL is installed
// (scripts/postgres.sh: a new cluster, 127.0.0.1 only, removed at the end). Without either, the
// tests that need it are reported as skipped, with the reason, never as passed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
  s.on('error', reject);
});

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.YIBAO_PG_URL) return undefined;
  const script = join(import.meta.dirname, '..', 'scripts', 'postgres.sh');
  // Not inside the run's own temporary folder: that one is private to this user, and the server runs as postgres.
  const dir = mkdtempSync(join(tmpdir(), 'yibao-pg-'));
  try {
    const url = execFileSync(script, ['start', dir, String(await freePort())], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    process.env.YIBAO_PG_URL = url;
  } catch (e) {
    execFileSync(script, ['stop', dir]);
    process.env.YIBAO_PG_ABSENT = String((e as { stderr?: string }).stderr || (e as Error).message).trim();
    return undefined;
  }
  return () => {
    execFileSync(script, ['stop', dir]);
    delete process.env.YIBAO_PG_URL;
  };
}
