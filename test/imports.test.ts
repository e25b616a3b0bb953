// Imports only look back: dependency-cruiser checks every module of grammar/, engine/, editor/ and
// bin/ against the stages of .dependency-cruiser.cjs, and a backward import placed on purpose is
// caught, so the rule set is known to bite.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(...paths: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync(process.execPath, [BIN, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...paths], { cwd: ROOT, encoding: 'utf8' });
    return { ok: true, out };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

describe('imports only look back', () => {
  it('no module imports a later stage, and there is no cycle', () => {
    const r = cruise('grammar', 'engine', 'editor/src', 'editor/server', 'bin');
    expect(r.out).toContain('no dependency violations found');
    expect(r.ok).toBe(true);
  }, 60_000);

  it('catches a backward import: core importing the runtime', () => {
    const probe = join(ROOT, 'engine', 'core', 'probe-backward.ts');
    writeFileSync(probe, "import { evaluate } from '../runtime/evaluate';\nexport const x = evaluate;\n");
    try {
      const r = cruise('engine/core');
      expect(r.ok).toBe(false);
      expect(r.out).toContain('core-looks-back');
    } finally {
      rmSync(probe, { force: true });
    }
  }, 60_000);
});
