// A progress line on a terminal: records/s, errors so far, time left. Silent when not a TTY.

export class Progress {
  private last = 0;
  private readonly start = Date.now();
  private shown = false;

  constructor(
    private readonly tty: NodeJS.WriteStream | undefined,
    private readonly totalBytes: number,
    /** What is counted: claims, or bills. */
    private readonly noun = 'claims',
  ) {
    if (tty && !tty.isTTY) this.tty = undefined;
  }

  /** `position`: how far through the input (bytes, or records when the total is records). */
  update(position: number, records: number, errors: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const secs = (now - this.start) / 1000;
    const rate = records / Math.max(secs, 0.001);
    const frac = Math.min(1, position / Math.max(1, this.totalBytes));
    const left = frac > 0 ? (secs / frac) * (1 - frac) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    this.tty.write(`\r[${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${records.toLocaleString('en')} ${this.noun}  ${Math.round(rate).toLocaleString('en')}/s  errors ${errors}  ${left.toFixed(0)}s left `);
    this.shown = true;
  }

  /** Ends the line shown, if any, so that a message starts on a line of its own; a later update shows a new one. */
  done(): void {
    if (this.tty && this.shown) this.tty.write('\n');
    this.shown = false;
    this.last = 0;
  }
}
