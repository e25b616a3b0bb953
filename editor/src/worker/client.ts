// The page's side of the analysis workers: one request, one promise. Two workers run the same
// code: one only answers diagnostics, so markers never wait behind an index, a test run or a
// curve (each can take longer than the 100 ms the markers have). Stale analysis requests are
// skipped by the caller (lang/language.ts), not queued here.
import AnalyzerWorker from './analyzer.worker?worker';
import type { CurveResult, Envelope, PlanIndex, Reply, Request, WireDiagnostic } from './protocol';
import { apiToken } from '../api-fetch';

let next = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function start(name: string): Worker {
  const w = new AnalyzerWorker({ name });
  w.onmessage = (ev: MessageEvent<Reply>) => {
    const p = pending.get(ev.data.id);
    if (!p) return;
    pending.delete(ev.data.id);
    if (ev.data.ok) p.resolve(ev.data.value);
    else p.reject(new Error(ev.data.error));
  };
  // Before any request: the worker fetches the plan's data files from the server. Id 0 has no
  // pending promise, so its reply is dropped.
  w.postMessage({ id: 0, req: { kind: 'token', token: apiToken() } } satisfies Envelope);
  return w;
}

const lint = start('yibao-diagnostics');
const service = start('yibao-service');

function ask<T>(req: Request, worker = service): Promise<T> {
  const id = next++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage({ id, req } satisfies Envelope);
  });
}

export interface TestOutcomeWire {
  name: string;
  passed: boolean;
  span: import('./protocol').Span;
  failures: { span: import('./protocol').Span; message: string; expected?: string; actual?: string }[];
}

/** The floors file plans are proven against while they are edited (none: undefined). */
let against: string | undefined;

export const analyzer = {
  analyze: (text: string, file: string) => ask<{ diagnostics: WireDiagnostic[]; ok: boolean }>({ kind: 'analyze', text, file, ...(against ? { against } : {}) }, lint),
  setAgainst: (path: string | undefined) => {
    against = path;
  },
  against: () => against,
  index: (text: string, file: string) => ask<PlanIndex>({ kind: 'index', text, file }),
  format: (text: string) => ask<string>({ kind: 'format', text }),
  run: (text: string, file: string, request: unknown) =>
    ask<{ result?: import('../../../engine/index').EvalResult; planErrors?: number }>({ kind: 'run', text, file, request }),
  tests: (text: string, file: string) => ask<{ outcomes?: TestOutcomeWire[]; planErrors?: number }>({ kind: 'tests', text, file }),
  requests: (text: string, file: string) => ask<{ name: string; request: unknown }[]>({ kind: 'requests', text, file }),
  curve: (q: { text: string; savedText?: string; file: string; benefit: string; groups: string[]; max: number; points: number }) =>
    ask<CurveResult>({ kind: 'curve', ...q }),
  diff: (q: { text: string; savedText: string; file: string }) => ask<{ report?: import('../../../engine/ir/diff').DiffReport; planErrors?: boolean }>({ kind: 'diff', ...q }),
  why: (q: { text: string; file: string; request: unknown; claim: string }) => ask<{ report?: import('../../../engine/ir/why').WhyReport; error?: { en: string; zh: string } }>({ kind: 'why', ...q }),
  forgetFiles: () => Promise.all([ask<boolean>({ kind: 'forget-files' }, lint), ask<boolean>({ kind: 'forget-files' })]).then(() => true),
  /**
   * Runs the checker a few times on slightly different text while the page is idle, so the
   * first real keystroke meets compiled (JIT-warm) code instead of a cold parser.
   */
  warmUp: async (text: string, file: string) => {
    for (let i = 1; i <= 4; i++) await ask({ kind: 'analyze', text: `${text}${' '.repeat(i)}`, file }, lint);
  },
};
