// Saving failing inputs to the regression corpus, one JSON file per distinct failure.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Failure } from './oracle';
import { loadRegressions, REGRESSION_DIR, type FuzzInput } from './seeds';

/** What kind of failure this is, without positions and sizes: one regression case per signature. */
export function signature(f: Failure, input?: FuzzInput): string {
  if (f.kind === 'slow' && input) return `slow/${f.stage}/${dominantToken(input.text)}`;
  const first = (f.message.split('\n')[0] ?? '').replace(/\d+/g, '#').replace(/"[^"]*"/g, '"…"').slice(0, 100);
  return `${f.kind}/${f.stage}/${first}`;
}

/** The most frequent token of an input: what a slow input is made of ("+", "benefit", …). */
function dominantToken(text: string): string {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/[^\s]{1,20}/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

export function knownSignatures(dir = REGRESSION_DIR): Set<string> {
  return new Set(loadRegressions(dir).map((r) => r.kind ?? '').filter(Boolean));
}

/** Writes the case unless one with the same signature exists; returns the file written, if any. */
export function saveRegression(input: FuzzInput, failure: Failure, known: Set<string>, dir = REGRESSION_DIR): string | undefined {
  const kind = signature(failure, input);
  if (known.has(kind)) return undefined;
  known.add(kind);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(input.text).update(JSON.stringify(input.files ?? {})).digest('hex').slice(0, 10);
  const file = join(dir, `${failure.kind}-${failure.stage}-${hash}.json`);
  const body = {
    note: `${failure.kind} in ${failure.stage}: ${failure.message.split('\n')[0]}`,
    kind,
    ...(failure.kind === 'slow' ? { budgetMs: 1000 } : {}),
    found: new Date().toISOString().slice(0, 10),
    origin: input.origin,
    text: input.text,
    ...(input.files && Object.keys(input.files).length ? { files: input.files } : {}),
  };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}
