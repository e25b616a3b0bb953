// The progress line of a batch run: on a terminal only, with claims/s, errors so far and time left.
import { describe, expect, it } from 'vitest';
import { Progress } from '../engine/batch/progress';

function fakeTerminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('batch progress line', () => {
  it('shows the share of the input read, claims, claims/s, errors and time left on a terminal', () => {
    const t = fakeTerminal(true);
    const p = new Progress(t.stream, 1000);
    p.update(500, 12_345, 7);
    expect(t.written).toHaveLength(1);
    const line = t.written[0]!;
    // 500 of 1000 bytes: half the bar and 50 %.
    expect(line).toMatch(/\[#{12}\.{12}\]\s+50%/);
    expect(line).toContain('12,345 claims');
    expect(line).toMatch(/[\d,]+\/s/);
    expect(line).toContain('errors 7');
    expect(line).toMatch(/\d+s left/);
    p.update(600, 13_000, 7); // within 200 ms: not redrawn
    expect(t.written).toHaveLength(1);
    p.done();
    expect(t.written.at(-1)).toBe('\n');
  });

  it('ends its line once before a message, and shows a new one after it', () => {
    const t = fakeTerminal(true);
    const p = new Progress(t.stream, 1000);
    p.done(); // nothing shown yet: no empty line
    expect(t.written).toEqual([]);
    p.update(100, 10, 0);
    p.done();
    p.done();
    expect(t.written.filter((w) => w === '\n')).toHaveLength(1);
    // After the message, the next update starts a line of its own, ended by the next done().
    const before = t.written.length;
    p.update(900, 90, 0);
    expect(t.written.length).toBe(before + 1);
    p.done();
    expect(t.written.at(-1)).toBe('\n');
    expect(t.written.filter((w) => w === '\n')).toHaveLength(2);
  });

  it('stays silent when the output is not a terminal', () => {
    const t = fakeTerminal(false);
    const p = new Progress(t.stream, 1000);
    p.update(500, 10, 0);
    p.done();
    expect(t.written).toEqual([]);
  });
});
