// `yibao explain` of every claim of every example request, in each language. A request belongs
// to the example plan of the same name (examples/requests/weihai-2024.json → examples/weihai-2024.yibao).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { abs, transcript, yibao } from './cli';
import { LANGS } from './frames';
import type { GoldenFile } from './generate';

export const REQUESTS = 'examples/requests';

/** The example requests, each with its plan: project-relative paths. */
export function exampleRequests(): { name: string; plan: string; request: string }[] {
  return readdirSync(abs(REQUESTS))
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const name = n.slice(0, -'.json'.length);
      const plan = `examples/${name}.yibao`;
      if (!existsSync(abs(plan))) throw new Error(`${REQUESTS}/${n}: no plan ${plan} of the same name`);
      return { name, plan, request: `${REQUESTS}/${n}` };
    });
}

/** A claim id as part of a file name. */
const fileSafe = (id: string) => id.replace(/[^\p{L}\p{N}_-]/gu, '_');

export async function explainFiles(): Promise<GoldenFile[]> {
  const files: GoldenFile[] = [];
  for (const { name, plan, request } of exampleRequests()) {
    const claims = (JSON.parse(readFileSync(abs(request), 'utf8')) as { claims: { id: string }[] }).claims;
    const seen = new Set<string>();
    for (const { id } of claims) {
      // A repeated id names the same claim for `explain`; one file says it.
      if (seen.has(id)) continue;
      seen.add(id);
      for (const lang of LANGS) {
        const argv = ['explain', abs(plan), abs(request), id, '--lang', lang];
        files.push({ path: `test/golden/explain/${name}.${fileSafe(id)}.${lang}.txt`, text: transcript(argv, await yibao(argv)) });
      }
    }
  }
  return files;
}
