// The page's side of the analysis worker: one request, one promise. Analysis requests for stale
// text are skipped by the caller (see lang/diagnostics.ts), not queued here.
import AnalyzerWorker from './analyzer.worker?worker';
import type { CurveResult, Envelope, PlanIndex, Reply, Request, WireDiagnostic } from './protocol';

const worker = new AnalyzerWorker();
let next = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

worker.onmessage = (ev: MessageEvent<Reply>) => {
  const p = pending.get(ev.data.id);
  if (!p) return;
  pending.delete(ev.data.id);
  if (ev.data.ok) p.resolve(ev.data.value);
  else p.reject(new Error(ev.data.error));
};

function ask<T>(req: Request): Promise<T> {
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

export const analyzer = {
  analyze: (text: string, file: string) => ask<{ diagnostics: WireDiagnostic[]; ok: boolean }>({ kind: 'analyze', text, file }),
  index: (text: string, file: string) => ask<PlanIndex>({ kind: 'index', text, file }),
  format: (text: string) => ask<string>({ kind: 'format', text }),
  run: (text: string, file: string, request: unknown) =>
    ask<{ result?: import('../../../engine/index').EvalResult; planErrors?: number }>({ kind: 'run', text, file, request }),
  tests: (text: string, file: string) => ask<{ outcomes?: TestOutcomeWire[]; planErrors?: number }>({ kind: 'tests', text, file }),
  requests: (text: string, file: string) => ask<{ name: string; request: unknown }[]>({ kind: 'requests', text, file }),
  curve: (q: { text: string; savedText?: string; file: string; benefit: string; groups: string[]; max: number; points: number }) =>
    ask<CurveResult>({ kind: 'curve', ...q }),
  forgetFiles: () => ask<boolean>({ kind: 'forget-files' }),
};
