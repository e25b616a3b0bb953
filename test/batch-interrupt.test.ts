// Fault injection: a batch run of 1,000,000 claims interrupted at 20 moments, by SIGINT, SIGTERM
// and SIGKILL in turn. After each, every target holds either the complete output (the same bytes as
// an uninterrupted run) or what it held before; a signal the run can catch ends it with 130 or 143
// and its temporary files removed; what a SIGKILL leaves is found and removed by the next run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leftRunFolders } from './helpers';
import { writeSyntheticFiles } from '../bench/synthetic';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'yibao.js');
const PLAN = join(ROOT, 'examples', 'weihai-2024.yibao');
const dir = mkdtempSync(join(tmpdir(), 'yibao-interrupt-'));
const MEMBERS = join(dir, 'members.jsonl');
const CLAIMS = join(dir, 'claims.jsonl');
const OUT = join(dir, 'out.jsonl');
const ERRORS = join(dir, 'errors.jsonl');
const OLD_OUT = 'what the previous run left\n';
const OLD_ERRORS = 'the previous errors\n';
const args = ['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, '--out', OUT, '--errors', ERRORS, '--quiet'];

let complete: { out: Buffer; errors: Buffer; seconds: number };

const parts = () => readdirSync(dir).filter((n) => n.endsWith('.part'));

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
  // 200,000 members and 1,000,000 claims of the bench's synthetic year, sorted by member.
  await writeSyntheticFiles(MEMBERS, CLAIMS, 200_000, 1_000_000, 7);
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  expect(r.stderr).toContain('claims in 1000000 = results');
  expect(r.stderr).toMatch(/claims in 1000000 = results \d+ \+ rejected \d+ ✓/);
  complete = { out: readFileSync(OUT), errors: readFileSync(ERRORS), seconds: (Date.now() - started) / 1000 };
  expect(complete.out.toString('utf8', 0, 7)).toBe('{"id":"');
}, 300_000);

async function interrupted(signal: NodeJS.Signals, afterMs: number) {
  writeFileSync(OUT, OLD_OUT);
  writeFileSync(ERRORS, OLD_ERRORS);
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill(signal), afterMs);
  const [code, by] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, by, err };
}

/** The target holds what it held before, or the complete output; which one. */
function state(path: string, old: string, full: Buffer): 'old' | 'complete' {
  const now = readFileSync(path);
  if (now.equals(Buffer.from(old))) return 'old';
  expect(now.equals(full), `${path} is neither the old content nor the complete output (${now.length} bytes)`).toBe(true);
  return 'complete';
}

describe('a batch run of 1,000,000 claims, interrupted', () => {
  it('leaves every target whole at 20 moments, by SIGINT, SIGTERM and SIGKILL', async () => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];
    const seen = { old: 0, complete: 0, caught: 0, killedWithPart: 0, sweptByNext: 0 };
    const foldersBefore = leftRunFolders();
    let partLeft = false;
    const moment = async (signal: NodeJS.Signals, at: number) => {
      const r = await interrupted(signal, at);
      if (partLeft && /removed .*\.part, left by an interrupted run/.test(r.err)) seen.sweptByNext++;
      const out = state(OUT, OLD_OUT, complete.out);
      const errors = state(ERRORS, OLD_ERRORS, complete.errors);
      seen[out]++;
      // The errors file is renamed into place after the results: never complete before them.
      if (out === 'old') expect(errors).toBe('old');
      if (signal === 'SIGKILL') {
        partLeft = parts().length > 0;
        if (partLeft) seen.killedWithPart++;
        return;
      }
      partLeft = false;
      if (r.code === 130 || r.code === 143) {
        seen.caught++;
        expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(out).toBe('old');
        expect(r.err).toContain(`interrupted (${signal})`);
        expect(r.err).toContain('left as it was');
        expect(parts()).toEqual([]);
      } else if (r.code === null) {
        // Killed by the signal outside the run: before it began (Node still loading), nothing
        // written; or after it had put both targets in place, while Node was exiting.
        expect(r.by).toBe(signal);
        expect(errors).toBe(out);
      } else expect(out).toBe('complete');
      expect(r.err).not.toMatch(/\n\s+at /);
    };
    for (let k = 0; k < 20; k++) {
      // From just after start (Node still loading) to past the end of an uninterrupted run.
      await moment(signals[k % 3]!, Math.round(100 + (k / 19) * complete.seconds * 1100));
    }
    // A busy machine can stretch the runs past the moments measured on a quiet one: a few more
    // moments, each aimed at an outcome not yet met, before the outcomes are counted.
    for (let extra = 0; extra < 8; extra++) {
      const ms = complete.seconds * 1000;
      if (seen.killedWithPart === 0) await moment('SIGKILL', Math.round(ms * (0.5 + extra / 10)));
      else if (seen.complete === 0) await moment('SIGTERM', Math.round(ms * (1.5 + extra / 2)));
      else if (seen.caught < 2) await moment('SIGINT', Math.round(ms * (0.4 + extra / 10)));
      else break;
    }
    // A last, whole run removes whatever a SIGKILL left and writes the complete output.
    const last = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    if (partLeft) expect(last.stderr).toMatch(/removed .*\.part, left by an interrupted run/);
    expect(readFileSync(OUT).equals(complete.out)).toBe(true);
    expect(parts()).toEqual([]);
    expect(leftRunFolders().filter((f) => !foldersBefore.includes(f))).toEqual([]);
    // The moments covered every outcome: caught mid-run, killed mid-run, and finished.
    // (How many of each depends on the machine's speed; each kind must be met at least once.)
    expect(seen.caught).toBeGreaterThan(1);
    expect(seen.killedWithPart).toBeGreaterThan(0);
    expect(seen.complete).toBeGreaterThan(0);
    expect(seen.old).toBeGreaterThan(5);
    console.log(`interruptions: ${JSON.stringify(seen)}; an uninterrupted run took ${complete.seconds.toFixed(1)} s`);
    expect(existsSync(OUT)).toBe(true);
  }, 600_000);
});
