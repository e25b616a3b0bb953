// Shrinks a failing input while it still fails the same way: whole lines first, then tokens,
// then single characters (a simple delta debugging), and the data files likewise.
import { checkInput, type Failure } from './oracle';
import type { FuzzInput } from './seeds';

export const sameFailure = (a: Failure | undefined, b: Failure) => a !== undefined && a.kind === b.kind && a.stage === b.stage && firstLine(a.message) === firstLine(b.message);

function firstLine(m: string): string {
  // Messages carry positions and sizes; the kind of problem is the first line without numbers.
  return (m.split('\n')[0] ?? '').replace(/\d+/g, '#').slice(0, 80);
}

function shrinkParts(parts: string[], join: string, stillFails: (s: string) => boolean, deadline: number): string[] {
  let chunk = Math.max(1, Math.floor(parts.length / 2));
  while (chunk >= 1 && performance.now() < deadline) {
    let removed = false;
    for (let i = 0; i < parts.length && performance.now() < deadline; ) {
      const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
      if (candidate.length < parts.length && stillFails(candidate.join(join))) {
        parts = candidate;
        removed = true;
      } else i += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return parts;
}

/** The smallest input found within `ms` that fails like `failure`. */
export function minimize(input: FuzzInput, failure: Failure, ms = 20_000, check: (i: FuzzInput) => Failure | undefined = (i) => checkInput(i)): FuzzInput {
  const deadline = performance.now() + ms;
  let files = input.files;
  const fails = (text: string, f = files) => sameFailure(check({ text, files: f }), failure);
  let text = input.text;
  if (!fails(text)) return input; // not reproducible in isolation: keep it whole
  text = shrinkParts(text.split('\n'), '\n', (t) => fails(t), deadline).join('\n');
  const toks = text.match(/\s+|[^\s]+/g) ?? [];
  text = shrinkParts(toks, '', (t) => fails(t), deadline).join('');
  if (text.length <= 2000) text = shrinkParts([...text], '', (t) => fails(t), deadline).join('');
  if (files) {
    let kept: Record<string, string> = { ...files };
    for (const k of Object.keys(kept)) {
      const without: Record<string, string> = { ...kept };
      delete without[k];
      if (fails(text, without)) {
        kept = without;
        continue;
      }
      const base = kept;
      const lines = shrinkParts(base[k]!.split('\n'), '\n', (c) => fails(text, { ...base, [k]: c }), deadline);
      kept = { ...base, [k]: lines.join('\n') };
    }
    files = Object.keys(kept).length ? kept : undefined;
  }
  return { text, files, origin: `${input.origin ?? ''} (minimized)` };
}
