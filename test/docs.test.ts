// spec/language.md stays current with the code: its generated sections (keywords, diagnostics,
// request errors, facts, built-in names) are exactly what scripts/gen-language-doc.ts writes (`npm run docs`).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../grammar/vocabulary';
import { CATALOGUE } from '../engine/ir/diagnostics';
import { REQUEST_CATALOGUE } from '../engine/ir/request-errors';
import { DOC_PATH, renderSections } from '../scripts/gen-language-doc';

const doc = readFileSync(DOC_PATH, 'utf8');

describe('spec/language.md', () => {
  it('has its generated sections up to date (run `npm run docs` if not)', () => {
    expect(renderSections(doc)).toBe(doc);
  });

  it('shows every keyword spelling, English and Chinese', () => {
    const missing = KEYWORDS.flatMap((k) => [...k.en, ...k.zh].map((s) => `${k.name}: ${s}`)).filter((s) => {
      const spelling = s.slice(s.indexOf(': ') + 2);
      return !doc.includes(`\`${spelling}\``);
    });
    expect(missing).toEqual([]);
  });

  it('lists every diagnostic code of the catalogue', () => {
    const missing = Object.keys(CATALOGUE).filter((code) => !new RegExp(`\\b${code}\\b`).test(doc));
    expect(missing).toEqual([]);
  });

  it('lists every request error code of its catalogue', () => {
    const missing = Object.keys(REQUEST_CATALOGUE).filter((code) => !new RegExp(`\\b${code}\\b`).test(doc));
    expect(missing).toEqual([]);
  });

  it('regenerates idempotently and only between the markers', () => {
    const once = renderSections(doc);
    expect(renderSections(once)).toBe(once);
    const outside = (s: string) => s.replace(/<!-- generated:(\w+):start -->[\s\S]*?<!-- generated:\1:end -->/g, '');
    expect(outside(once)).toBe(outside(doc));
  });

  it('refuses a document without the required markers', () => {
    expect(() => renderSections('# no markers\n')).toThrow(/generated:keywords:start/);
  });
});

describe('README', () => {
  it("shows the tour's check of docs/bad.yibao as the command prints it", async () => {
    const { main } = await import('../engine/cli/main');
    const readme = readFileSync('README.md', 'utf8');
    const block = /```text\n(\$ npx yibao check docs\/bad\.yibao[\s\S]*?)```/.exec(readme)![1]!;
    const runs = block.split(/^(?=\$ npx yibao )/m);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      const [command, ...shown] = run.trimEnd().split('\n');
      const lines: string[] = [];
      // Diagnostics go to standard error, the summary to standard output: the tour shows both, in that order.
      const err: string[] = [];
      await main(command!.replace('$ npx yibao ', '').split(' '), { out: (x) => lines.push(x), err: (x) => err.push(x) });
      expect([...err, ...lines].join('\n').trimEnd().split('\n')).toEqual(shown);
    }
  });
});

describe('README tour', () => {
  const readme = readFileSync('README.md', 'utf8');
  const run = async (args: string[]) => {
    const { main } = await import('../engine/cli/main');
    const lines: string[] = [];
    await main(args, { out: (x) => lines.push(x), err: (x) => lines.push(x) });
    return lines.join('\n');
  };

  /** Every line a README block shows (but "…" and blank ones) is a line the command prints, in the same order. */
  const shownInOrder = (printed: string, shown: string) => {
    const out = printed.split('\n');
    let at = 0;
    for (const line of shown.trimEnd().split('\n').filter((l) => l.trim() !== '…' && l !== '')) {
      const found = out.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
  };
  /** The README's blocks of one command: its arguments and what it shows. */
  const blocksOf = (command: string) => [...readme.matchAll(new RegExp(`\`\`\`text\\n\\$ npx yibao ${command} (.*)\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => ({ args: m[1]!.split(' '), shown: m[2]! }));

  it('shows lines of `yibao explain`, with and without --why, that the command prints, in order', async () => {
    const blocks = blocksOf('explain');
    expect(blocks.map((b) => b.args.includes('--why'))).toEqual([false, true]);
    for (const b of blocks) shownInOrder(await run(['explain', ...b.args]), b.shown);
  });

  it('shows lines of `yibao analyze`, `yibao diff` and `yibao sql` that the commands print, in order', async () => {
    expect(blocksOf('diff').length).toBe(2);
    expect(blocksOf('sql').length).toBe(1);
    for (const command of ['analyze', 'diff', 'sql']) for (const b of blocksOf(command)) shownInOrder(await run([command, ...b.args]), b.shown);
  });

  it('shows lines of `yibao eval --engine duckdb` that the command prints, in order', async () => {
    const blocks = blocksOf('eval').filter((b) => b.args.includes('--engine'));
    expect(blocks.length).toBe(1);
    for (const b of blocks) shownInOrder(await run(['eval', ...b.args]), b.shown);
  });

  it('shows lines of `yibao simulate` that the command prints, in order, and writes its page', async () => {
    const [b] = blocksOf('simulate');
    const dir = mkdtempSync(join(tmpdir(), 'yibao-readme-'));
    shownInOrder(await run(['simulate', ...b!.args.map((a) => (a === 'report.html' ? join(dir, a) : a))]), b!.shown);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<canvas');
  });

  it('shows the premium rules `yibao premium` gives', async () => {
    const block = /```text\n\$ npx yibao premium (.*)\n([\s\S]*?)```/.exec(readme)!;
    const out = JSON.parse(await run(['premium', ...block[1]!.split(' ')])) as { members: { id: string; premium: string; rule: string }[] };
    const shown = JSON.parse(block[2]!) as typeof out;
    expect(out.members).toEqual(shown.members);
  });

  it('shows the payouts, inputs and shares `yibao settle` gives, in order', async () => {
    const block = /```text\n\$ npx yibao settle (.*)\n([\s\S]*?)```/.exec(readme)!;
    const out = JSON.parse(await run(['settle', ...block[1]!.split(' ')])) as { bills: { id: string; total: string; patient: string; layers: { layer: string; inputs: Record<string, string>; payout: string }[] }[]; members: { layer: string; payout: string }[] };
    // Every quoted value the block shows, in order, is among the command's, in the same order.
    const printed = JSON.stringify(out).match(/"[^"]*"/g)!;
    let at = 0;
    for (const shown of block[2]!.match(/"[^"]*"/g)!) {
      const found = printed.indexOf(shown, at);
      expect(found, shown).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
  });

  it('shows what `yibao settle` in batch prints and writes, but for the time it took', async () => {
    const block = /```text\n\$ npx yibao settle (.*--members.*)\\\n\s*(.*)\n([\s\S]*?)\$ cat payouts\.csv\n([\s\S]*?)```/.exec(readme)!;
    const dir = mkdtempSync(join(tmpdir(), 'yibao-readme-'));
    const args = `${block[1]!.trim()} ${block[2]!.trim()}`.split(/\s+/).map((a) => (a === 'payouts.csv' ? join(dir, a) : a));
    const printed = await run(['settle', ...args]);
    const noTime = (s: string) => s.trimEnd().replace(/, [\d.]+ s$/m, ', N s');
    expect(noTime(printed)).toBe(noTime(block[3]!));
    expect(readFileSync(join(dir, 'payouts.csv'), 'utf8')).toBe(block[4]!);
  });

  it('shows the report `yibao deadlines` prints', async () => {
    const block = /```text\n\$ npx yibao deadlines (.*)\n([\s\S]*?)```/.exec(readme)!;
    expect(JSON.parse(await run(['deadlines', ...block[1]!.split(' ')]))).toEqual(JSON.parse(block[2]!));
  });
});
