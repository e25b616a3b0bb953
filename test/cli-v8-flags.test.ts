// The CLI turns V8's allocation-site pretenuring off for its process (bin/yibao.js says why).
// V8's cached-data version tag is a hash of its version and its flags, so a process running the CLI
// must report the tag of a Node started with the flag, and not that of a plain Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'yibao-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tagOf = (args: string[]) => execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n').at(-1)!;

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
});
