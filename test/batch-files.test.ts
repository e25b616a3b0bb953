// The files around a batch run, through the real CLI in its own process: inputs that are pipes or
// devices, outputs that alias an input, a reader that goes away, a full disk, CSV that a
// spreadsheet would run, too many workers. Nothing is lost, nothing destroyed, nothing hangs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leftRunFolders } from './helpers';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'yibao.js');
const dir = mkdtempSync(join(tmpdir(), 'yibao-files-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const PLAN = file('plan.yibao', `plan "files" { valid 2025-01-01 to 2025-12-31 }
benefit B { for inpatient amount claim.inPolicySelfPay deductible 1000 per year ratio 50% cap 5000 per year }
`);
// 300 members, 10 claims each of 3,000 yuan in member order: each member's year is
// (3000 − 1000) × 50% = 1000, then 1500 a claim until the 5000 cap: 1000 + 1500 + 1500 + 1000 + 0 …
const memberLines: string[] = [];
const claimLines: string[] = [];
for (let m = 0; m < 300; m++) {
  const id = `m${String(m).padStart(4, '0')}`;
  memberLines.push(JSON.stringify({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01' }));
  for (let k = 0; k < 10; k++) claimLines.push(JSON.stringify({ id: `${id}-c${k}`, member: id, date: `2025-${String(k + 1).padStart(2, '0')}-01`, setting: 'inpatient', inPolicySelfPay: '3000' }));
}
const MEMBERS = file('members.jsonl', memberLines.join('\n') + '\n');
const CLAIMS = file('claims.jsonl', claimLines.join('\n') + '\n');

function yibao(args: string[], opts: { input?: string; shell?: string } = {}) {
  const r = opts.shell
    ? spawnSync('bash', ['-c', opts.shell], { encoding: 'utf8', timeout: 60_000, cwd: dir })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, input: opts.input, cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

let reference = '';

beforeAll(() => {
  // The bundled CLI, as `npm install` leaves it (bin/yibao.js would fall back to the sources).
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
  const r = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, '--out', join(dir, 'reference.jsonl'), '--quiet']);
  expect(r.code).toBe(0);
  reference = readFileSync(join(dir, 'reference.jsonl'), 'utf8');
}, 120_000);

describe('batch inputs that are not regular files', () => {
  it('reads claims from standard input and from a pipe in full', () => {
    expect(reference.trim().split('\n')).toHaveLength(3000);
    const stdin = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', '/dev/stdin', '--out', join(dir, 'stdin.jsonl'), '--quiet'], { input: readFileSync(CLAIMS, 'utf8') });
    expect(stdin.err).toContain('claims in 3000 = results 3000 + rejected 0 ✓');
    expect(stdin.code).toBe(0);
    expect(readFileSync(join(dir, 'stdin.jsonl'), 'utf8')).toBe(reference);
    // Both inputs through process substitution: /dev/fd/N pipes.
    const piped = yibao([], { shell: `node ${BIN} eval ${PLAN} --members <(cat ${MEMBERS}) --claims <(cat ${CLAIMS}) --out piped.jsonl --quiet` });
    expect(piped.err).toContain('claims in 3000 = results 3000 + rejected 0 ✓');
    expect(readFileSync(join(dir, 'piped.jsonl'), 'utf8')).toBe(reference);
  });

  it('refuses a device or a folder with exit 2, and never hangs', () => {
    const zero = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', '/dev/zero', '--quiet']);
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--claims: /dev/zero is a device, not a file or a pipe');
    const folder = yibao(['eval', PLAN, '--members', dir, '--claims', CLAIMS, '--quiet']);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a folder');
    // An endless pipe with no line break ends with a clear error, not with memory exhausted.
    const endless = yibao([], { shell: `head -c 70000000 /dev/zero | node ${BIN} eval ${PLAN} --members ${MEMBERS} --claims /dev/stdin --quiet` });
    expect(endless.code).toBe(2);
    expect(endless.err).toContain('has a line longer than 64 MiB');
  });

  it('stops copying an endless pipe at SIGINT, exit 130, leaving nothing behind', async () => {
    const before = leftRunFolders();
    const child = spawn(process.execPath, [BIN, 'eval', PLAN, '--members', MEMBERS, '--claims', '/dev/stdin', '--out', join(dir, 'endless.jsonl'), '--quiet', '--lang', 'en'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.on('error', () => {});
    const line = Buffer.from(claimLines[0] + '\n');
    const feed = setInterval(() => child.stdin.write(Buffer.concat(Array.from({ length: 200 }, () => line))), 5);
    await new Promise((ok) => setTimeout(ok, 1500));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    clearInterval(feed);
    expect(code).toBe(130);
    expect(err).toContain('interrupted (SIGINT)');
    expect(existsSync(join(dir, 'endless.jsonl'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(leftRunFolders().filter((f) => !before.includes(f))).toEqual([]);
  });

  it('bounds a request file: /dev/zero ends with a clear error', () => {
    const r = yibao(['eval', PLAN, '/dev/zero', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is larger than the limit of 256 MiB');
    expect(r.err).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
  });
});

describe('batch outputs', () => {
  const claimsBytes = () => readFileSync(CLAIMS, 'utf8');
  const refused = (args: string[], twin: string) => {
    const before = claimsBytes();
    const membersBefore = readFileSync(MEMBERS, 'utf8');
    const r = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, ...args, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`is the same file as ${twin}`);
    expect(claimsBytes()).toBe(before);
    expect(readFileSync(MEMBERS, 'utf8')).toBe(membersBefore);
  };

  it('refuses an output that is an input or the other output, by name, symlink or hard link', () => {
    refused(['--out', CLAIMS], '--claims');
    refused(['--errors', CLAIMS], '--claims');
    refused(['--out', MEMBERS], '--members');
    refused(['--out', PLAN], 'PLAN');
    refused(['--out', join(dir, 'o.jsonl'), '--errors', join(dir, 'o.jsonl')], '--out');
    symlinkSync(CLAIMS, join(dir, 'claims-link.jsonl'));
    refused(['--out', join(dir, 'claims-link.jsonl')], '--claims');
    linkSync(CLAIMS, join(dir, 'claims-hard.jsonl'));
    refused(['--errors', join(dir, 'claims-hard.jsonl')], '--claims');
    // Standard output appended to an input.
    const before = claimsBytes();
    const r = yibao([], { shell: `node ${BIN} eval ${PLAN} --members ${MEMBERS} --claims ${CLAIMS} --quiet >> ${CLAIMS}` });
    expect(r.code).toBe(2);
    expect(r.err).toContain('standard output is the same file as --claims');
    expect(claimsBytes()).toBe(before);
  });

  it('ends quietly when the reader of standard output goes away, leaving nothing behind', () => {
    const before = leftRunFolders();
    const r = yibao([], { shell: `node ${BIN} eval ${PLAN} --members ${MEMBERS} --claims ${CLAIMS} --quiet 2>err.txt | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"` });
    expect(r.out.trim()).toBe('141');
    // Only the summary would be there, had the run finished; a closed pipe says nothing.
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).not.toMatch(/Error|EPIPE|at /);
    expect(leftRunFolders().filter((f) => !before.includes(f))).toEqual([]);
  });

  it('says so when the disk is full, exit 2, and leaves nothing behind', () => {
    const before = leftRunFolders();
    const out = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, '--out', '/dev/full', '--quiet']);
    expect(out.code).toBe(2);
    expect(out.err).toContain('no space left on the disk');
    expect(out.err).not.toMatch(/\n\s+at /);
    const stdout = yibao([], { shell: `node ${BIN} eval ${PLAN} --members ${MEMBERS} --claims ${CLAIMS} --quiet > /dev/full` });
    expect(stdout.code).toBe(2);
    expect(stdout.err).toContain('cannot write standard output (ENOSPC)');
    expect(stdout.err).not.toMatch(/\n\s+at /);
    const request = yibao([], { shell: `node ${BIN} eval ${join(ROOT, 'examples/weihai-2024.yibao')} ${join(ROOT, 'examples/requests/weihai-2024.json')} > /dev/full` });
    expect(request.code).toBe(2);
    expect(request.err).not.toMatch(/\n\s+at /);
    expect(leftRunFolders().filter((f) => !before.includes(f))).toEqual([]);
  });

  it('neutralises CSV fields a spreadsheet would run as formulas', () => {
    const m = file('inj-members.csv', 'id,birthDate,enrolledSince\n=cmd|calc,1980-01-01,2020-01-01\n@SUM(A1),1980-01-01,2020-01-01\n');
    const c = file('inj-claims.csv', 'id,member,date,setting,inPolicySelfPay\n"+1,2",=cmd|calc,2025-03-01,inpatient,3000\n-5,@SUM(A1),2025-03-01,inpatient,1200\n');
    const r = yibao(['eval', PLAN, '--members', m, '--claims', c, '--out', join(dir, 'inj.csv'), '--quiet']);
    expect(r.code).toBe(0);
    // (3000 − 1000) × 50% = 1000; (1200 − 1000) × 50% = 100. Members sorted: "=cmd|calc" < "@SUM(A1)".
    expect(readFileSync(join(dir, 'inj.csv'), 'utf8')).toBe(
      `id,member,date,payout,B,excluded,excludedReasons\n"'+1,2","'=cmd|calc",2025-03-01,1000.00,1000.00,0.00,\n"'-5","'@SUM(A1)",2025-03-01,100.00,100.00,0.00,\n`,
    );
  });
});

describe('batch limits', () => {
  it('caps --workers at the cores and says so', () => {
    const r = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, '--out', join(dir, 'w.jsonl'), '--workers', '3000', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/--workers 3000 is more than the \d+ cores of this machine/);
    expect(readFileSync(join(dir, 'w.jsonl'), 'utf8')).toBe(reference);
  });

  it('writes into no folder that is not there, and leaves no partial file on refusal', () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const r = yibao(['eval', PLAN, '--members', MEMBERS, '--claims', CLAIMS, '--out', join(dir, 'nowhere', 'o.jsonl'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such folder');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(statSync(join(dir, 'empty')).isDirectory()).toBe(true);
  });
});

describe('a batch worker that dies', () => {
  it('ends the run with its reason and exit 2, never a hang, targets as they were', () => {
    // 6,000 members, 60,000 claims (about 6 MB): chunks enough that this thread waits on the dead one's.
    const ids = Array.from({ length: 6000 }, (_, m) => `w${String(m).padStart(5, '0')}`);
    const members = file('dies-members.jsonl', ids.map((id) => JSON.stringify({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01' })).join('\n') + '\n');
    const claims = file('dies-claims.jsonl', ids.flatMap((id) => Array.from({ length: 10 }, (_, k) => claimLines[k]!.replaceAll('m0000', id))).join('\n') + '\n');
    const out = join(dir, 'dies.jsonl');
    writeFileSync(out, 'before\n');
    const r = spawnSync(process.execPath, [BIN, 'eval', PLAN, '--members', members, '--claims', claims, '--out', out, '--workers', '2', '--quiet'], {
      encoding: 'utf8', timeout: 60_000, cwd: dir, env: { ...process.env, YIBAO_FAILPOINT: 'batch-worker-dies' },
    });
    expect(r.signal).toBeNull(); // not killed by the timeout: it did not hang
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('injected fault: a batch worker died');
    expect(readFileSync(out, 'utf8')).toBe('before\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });
});
