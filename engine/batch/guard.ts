// What stops a batch run from outside: SIGINT, SIGTERM or SIGHUP, and a standard output that can no
// longer be written (its reader went away, or the disk is full). While a run is on, the guard holds
// these instead of Node's defaults, so the run can remove its temporary files and leave every target
// as it was before it exits.

export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE' | 'ENOSPC' | 'EIO';

/** Exit codes as a shell reports a process ended by the signal (128 + its number). */
const EXIT: Record<StopReason, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143, EPIPE: 141, ENOSPC: 2, EIO: 2 };

/** The run was stopped from outside; `exitCode` is what the CLI exits with. */
export class Interrupted extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'ENOSPC' || reason === 'EIO' ? `cannot write standard output (${reason}) / 无法写入标准输出` : `interrupted (${reason}) / 已中断`);
  }

  get exitCode(): number {
    return EXIT[this.reason];
  }

  /** A closed pipe ends the run quietly, as Unix tools do. */
  get quiet(): boolean {
    return this.reason === 'EPIPE';
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let active: RunGuard | undefined;

/** Stops the run under way, if any (the CLI's handler for standard output errors calls this). */
export function stopActiveRun(reason: StopReason): boolean {
  if (!active) return false;
  active.stop(reason);
  return true;
}

export class RunGuard {
  reason?: StopReason;
  private readonly hooks: (() => void)[] = [];
  private readonly onSignal = (signal: NodeJS.Signals) => this.stop(signal as StopReason);
  private readonly onStdout = (e: NodeJS.ErrnoException) => this.stop(e.code === 'EPIPE' ? 'EPIPE' : e.code === 'ENOSPC' ? 'ENOSPC' : 'EIO');

  constructor() {
    for (const s of SIGNALS) process.on(s, this.onSignal);
    process.stdout.on('error', this.onStdout);
    active = this;
  }

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    for (const h of this.hooks.splice(0)) h();
  }

  /** Runs `hook` when the run is stopped (at once if it is already). */
  onStop(hook: () => void): void {
    if (this.reason) hook();
    else this.hooks.push(hook);
  }

  /** Throws Interrupted once the run was stopped. */
  check(): void {
    if (this.reason) throw new Interrupted(this.reason);
  }

  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
    process.stdout.off('error', this.onStdout);
    if (active === this) active = undefined;
  }
}

/** Lets the event loop run, so that a signal or a stdout error can be heard. */
export const pause = () => new Promise<void>((ok) => setImmediate(ok));
