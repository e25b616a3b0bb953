// The CLI sets V8's flags for its process (bin/yibao.js says why): allocation-site pretenuring off
// always; a batch run on two threads or more compiles its workers' code on their own thread, and
// each worker makes a full collection before its claims (engine/batch/worker.ts).
// V8's cached-data version tag is a hash of its version and the flags that shape code, so a process
// running the CLI must report the tag of a Node started with the first flag, not that of a plain
// Node; the second leaves the tag alone, so V8's trace of its compiles tells where they ran.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticFiles } from '../bench/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'yibao-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
const tagOf = (args: string[]) => run(args).trim().split('\n').at(-1)!;

describe('the CLI process', () => {
  it('runs with allocation-site pretenuring off', () => {
    // Loaded before the CLI: prints the tag once the CLI has run.
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, "import v8 from 'node:v8';\nprocess.on('exit', () => process.stdout.write(`\\n${v8.cachedDataVersionTag()}\\n`));\n");
    const plain = tagOf(['-p', "require('node:v8').cachedDataVersionTag()"]);
    const off = tagOf(['--no-allocation-site-pretenuring', '-p', "require('node:v8').cachedDataVersionTag()"]);
    expect(off).not.toBe(plain);
    const cli = tagOf(['--import', probe, 'bin/yibao.js', 'check', 'examples/weihai-2024.yibao']);
    expect(cli).toBe(off);
  });

  describe('in a batch run', () => {
    const members = join(dir, 'members.jsonl');
    const claims = join(dir, 'claims.jsonl');
    // Enough claims for V8 to optimise the claim scanner on every thread.
    beforeAll(() => writeSyntheticFiles(members, claims, 4_000, 40_000, 11));
    /** V8's trace of its compiles and collections in a batch run on that many threads, line by line: one run each. */
    const traces = new Map<string, string[]>();
    const traced = (workers: string) => {
      if (!traces.has(workers)) {
        const args = ['--trace-opt', '--trace-gc', 'bin/yibao.js', 'eval', 'examples/weihai-2024.yibao', '--members', members, '--claims', claims, '--out', join(dir, `out-${workers}.jsonl`), '--workers', workers, '--quiet'];
        traces.set(workers, run(args).split('\n'));
      }
      return traces.get(workers)!;
    };
    /** Where V8 compiled the claim scanner, once per optimisation: true when on the thread that runs it. */
    const scannerCompiles = (workers: string) =>
      traced(workers)
        .filter((l) => l.startsWith('[compiling method') && l.includes('<JSFunction scanClaim '))
        .map((l) => l.includes('ConcurrencyMode::kSynchronous'));
    /** Full collections the code asked for (V8 calls them "testing"). */
    const askedCollections = (workers: string) => traced(workers).filter((l) => / Mark-Compact .*testing/.test(l)).length;

    it('on two threads, compiles on the thread that runs the code', () => {
      const onThread = scannerCompiles('2');
      // Each thread that settled enough claims optimised the scanner (on a busy machine one thread
      // may take nearly every chunk), each time where it runs.
      expect(onThread.length).toBeGreaterThanOrEqual(1);
      expect(onThread.every(Boolean)).toBe(true);
    });

    it('on two threads, has each worker collect its start garbage before its claims, and only then', () => {
      expect(askedCollections('2')).toBe(2);
      expect(askedCollections('1')).toBe(0);
    });

    it('on one thread, leaves compiles to V8 background threads', () => {
      const onThread = scannerCompiles('1');
      expect(onThread.length).toBeGreaterThanOrEqual(1);
      expect(onThread.some(Boolean)).toBe(false);
    });
  });
});
