// Data files a plan names (catalogues, tables) come only from the plan's own folder, or from a data
// root given explicitly. Two layers: the checker refuses any name that could leave the folder
// (absolute, `..`, NUL) before it calls the reader (YB116), and the CLI's reader follows symlinks
// and refuses, without opening it, any file whose real path lies outside (YB116 again, not YB107).
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Every path the code under test opens or reads through node:fs, to prove a file was never opened.
const touched = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const note = (p: unknown) => {
    if (typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)) touched.paths.push(String(p));
  };
  const openSync = ((p: Parameters<typeof real.openSync>[0], ...rest: unknown[]) => {
    note(p);
    return (real.openSync as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof real.openSync;
  const readFileSync = ((p: Parameters<typeof real.readFileSync>[0], ...rest: unknown[]) => {
    note(p);
    return (real.readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, default: { ...real, openSync, readFileSync }, openSync, readFileSync };
});

const { compile, formatDiagnostic } = await import('../engine/index');
const { readerFor } = await import('../engine/node/files');
const { main } = await import('../engine/cli/main');
type FileReader = import('../engine/index').FileReader;

const SECRET = 'TOP-SECRET-4711';
// A table file that, if it were ever read, would echo its content in a diagnostic (YB110 names
// the duplicated key), so a leak would show in the output.
const SECRET_CSV = `key,value\n${SECRET},1\n${SECRET},2\n`;

/** A temp folder: plan/ holds the plan; outside/ a file it must never reach; shared/ a data root. */
function sandbox() {
  const root = mkdtempSync(join(tmpdir(), 'yibao-plan-files-'));
  const plan = join(root, 'plan');
  const outside = join(root, 'outside');
  const shared = join(root, 'shared');
  mkdirSync(join(plan, 'data'), { recursive: true });
  mkdirSync(outside);
  mkdirSync(shared);
  writeFileSync(join(outside, 'secret.csv'), SECRET_CSV);
  writeFileSync(join(shared, 'drugs.csv'), 'code\nS-01\n');
  writeFileSync(join(plan, 'data', 'drugs.csv'), 'code\nP-01\n');
  // Real symlinks inside the plan's folder: one to a file outside, one to a folder outside, one
  // into the data root.
  symlinkSync(join(outside, 'secret.csv'), join(plan, 'data', 'link.csv'));
  symlinkSync(outside, join(plan, 'elsewhere'));
  symlinkSync(join(shared, 'drugs.csv'), join(plan, 'data', 'shared-drugs.csv'));
  return { root, plan, outside, shared, secret: realpathSync(join(outside, 'secret.csv')) };
}

const planText = (file: string) => `plan "files" { valid 2025-01-01 to 2025-12-31 }
table T by key file "${file}"
benefit R1 { amount claim.inPolicySelfPay ratio 50% }
`;

function codes(text: string, file: string, reader: FileReader) {
  const r = compile(text, file, reader);
  return r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`);
}

beforeEach(() => {
  touched.paths.length = 0;
});

describe('the checker refuses names that could leave the plan folder, before reading', () => {
  const NAMES = [
    '/etc/passwd',
    '../outside/secret.csv',
    'data/../../outside/secret.csv',
    '..',
    'C:\\\\data\\\\x.csv', // written in the plan as "C:\\data\\x.csv"
    'c:x.csv',
    '\\\\\\\\server\\\\share\\\\x.csv', // "\\server\share\x.csv"
    '\\\\x.csv',
    'data\\\\..\\\\..\\\\x.csv',
  ];
  for (const name of NAMES) {
    it(`"${name}" is YB116 at the file reference and the reader is never called`, () => {
      const asked: string[] = [];
      const reader: FileReader = (p) => {
        asked.push(p);
        return SECRET_CSV;
      };
      expect(codes(planText(name), 'p.yibao', reader)).toEqual(['YB116@2:16']);
      expect(asked).toEqual([]);
    });
  }

  it('a NUL in the name is refused too', () => {
    const asked: string[] = [];
    expect(codes(planText('data/x.csv\u0000.txt'), 'p.yibao', (p) => (asked.push(p), SECRET_CSV))).toEqual(['YB116@2:16']);
    expect(asked).toEqual([]);
  });

  it('names that only look like it are read: "./data/x.csv", "data/..x.csv", "a..b/x.csv"', () => {
    const asked: string[] = [];
    const reader: FileReader = (p) => (asked.push(p), 'key,value\nk,1\n');
    for (const n of ['./data/x.csv', 'data/..x.csv', 'a..b/x.csv']) expect(codes(planText(n), 'p.yibao', reader)).toEqual([]);
    expect(asked).toEqual(['./data/x.csv', 'data/..x.csv', 'a..b/x.csv']);
  });

  it('the message names the file, wholly in one language each', () => {
    const d = compile(planText('../x.csv'), 'p.yibao', () => undefined).diagnostics[0]!;
    expect(formatDiagnostic(d, planText('../x.csv'), 'en')).toContain(`error YB116: A data file must be inside the plan's folder: "../x.csv".`);
    expect(formatDiagnostic(d, planText('../x.csv'), 'zh')).toContain('错误 YB116: 数据文件必须位于方案所在文件夹内：“../x.csv”。');
  });

  it('a reader that refuses gives YB116, one that finds nothing YB107', () => {
    expect(codes(planText('data/x.csv'), 'p.yibao', () => ({ refused: 'outside' }))).toEqual(['YB116@2:16']);
    expect(codes(planText('data/x.csv'), 'p.yibao', () => undefined)).toEqual(['YB107@2:16']);
    const d = compile(planText('data/x.csv'), 'p.yibao', () => ({ refused: 'outside', root: '/srv/data' })).diagnostics[0]!;
    expect(formatDiagnostic(d, planText('data/x.csv'), 'en')).toContain('A data file must be inside the data folder "/srv/data": "data/x.csv".');
    expect(formatDiagnostic(d, planText('data/x.csv'), 'zh')).toContain('数据文件必须位于数据文件夹“/srv/data”内：“data/x.csv”。');
  });
});

describe('readerFor follows symlinks and never opens a file outside', () => {
  it('a symlink in the plan folder to a file outside is YB116; the file is never opened nor printed', () => {
    const s = sandbox();
    const planFile = join(s.plan, 'plan.yibao');
    const text = planText('data/link.csv');
    writeFileSync(planFile, text);
    const r = compile(text, planFile, readerFor(planFile));
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB116@2:16']);
    for (const lang of ['en', 'zh'] as const) for (const d of r.diagnostics) expect(formatDiagnostic(d, text, lang)).not.toContain(SECRET);
    expect(touched.paths.filter((p) => p.includes('secret') || p.includes('link.csv'))).toEqual([]);
  });

  it('a symlinked folder leading outside is refused the same way', () => {
    const s = sandbox();
    const planFile = join(s.plan, 'plan.yibao');
    writeFileSync(planFile, planText('elsewhere/secret.csv'));
    expect(codes(planText('elsewhere/secret.csv'), planFile, readerFor(planFile))).toEqual(['YB116@2:16']);
    expect(touched.paths.filter((p) => p.includes('secret'))).toEqual([]);
  });

  it('the reader itself refuses names with `..` or absolute ones (for callers other than the checker)', () => {
    const s = sandbox();
    const read = readerFor(join(s.plan, 'plan.yibao'));
    expect(read('../outside/secret.csv')).toEqual({ refused: 'outside' });
    expect(read(join(s.outside, 'secret.csv'))).toEqual({ refused: 'outside' });
    expect(read('data/link.csv')).toEqual({ refused: 'outside' });
    expect(touched.paths.filter((p) => p.includes('secret') || p.includes('link.csv'))).toEqual([]);
  });

  it('files inside are read; a missing file or a folder is not found (YB107), not refused', () => {
    const s = sandbox();
    const read = readerFor(join(s.plan, 'plan.yibao'));
    expect(read('data/drugs.csv')).toBe('code\nP-01\n');
    // The spy on node:fs sees what is opened, so the tests that find nothing opened mean it.
    expect(touched.paths.some((p) => p.endsWith(join('data', 'drugs.csv')))).toBe(true);
    expect(read('./data/drugs.csv')).toBe('code\nP-01\n');
    expect(read('data/none.csv')).toBeUndefined();
    expect(read('data')).toBeUndefined();
    symlinkSync(join(s.outside, 'nothing.csv'), join(s.plan, 'data', 'dangling.csv'));
    expect(read('data/dangling.csv')).toBeUndefined();
  });

  it('with a data root, files must really be inside it: a symlink into it is read, anything else refused', () => {
    const s = sandbox();
    const planFile = join(s.plan, 'plan.yibao');
    const read = readerFor(planFile, s.shared);
    expect(read('data/shared-drugs.csv')).toBe('code\nS-01\n');
    expect(read('data/link.csv')).toEqual({ refused: 'outside', root: s.shared });
    // The root replaces the plan's folder: a file really in the plan folder, outside the root, is refused.
    expect(read('data/drugs.csv')).toEqual({ refused: 'outside', root: s.shared });
    // A root above the plan's folder holds the plan's own files and whatever else lies under it
    // (here outside/ too), so the symlink to outside/secret.csv is read.
    expect(readerFor(planFile, s.root)('data/drugs.csv')).toBe('code\nP-01\n');
    expect(readerFor(planFile, s.root)('data/link.csv')).toBe(SECRET_CSV);
    // Without a root, the symlink into shared/ is outside too.
    expect(readerFor(planFile)('data/shared-drugs.csv')).toEqual({ refused: 'outside' });
  });

  it('`yibao check` prints YB116 and nothing of the file, for a symlink and for "../"', async () => {
    const s = sandbox();
    for (const name of ['data/link.csv', '../outside/secret.csv', join(s.outside, 'secret.csv')]) {
      const planFile = join(s.plan, 'plan.yibao');
      writeFileSync(planFile, planText(name));
      const out: string[] = [];
      const err: string[] = [];
      touched.paths.length = 0;
      const code = await main(['check', planFile, '--lang', 'en'], { out: (x) => out.push(x), err: (x) => err.push(x) });
      expect(code).toBe(1);
      expect(err.join('\n')).toContain('error YB116: A data file must be inside the plan\'s folder');
      expect(err.join('\n') + out.join('\n')).not.toContain(SECRET);
      expect(touched.paths.filter((p) => p.includes('secret') || p.includes('link.csv'))).toEqual([]);
    }
  });
});
