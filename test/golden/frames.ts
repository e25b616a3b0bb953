// Code frames of every bad conformance case, as `yibao check` prints them in each language.
import { readdirSync } from 'node:fs';
import { abs, transcript, yibao } from './cli';
import type { GoldenFile } from './generate';

const BAD = 'spec/conformance/bad';
export const LANGS = ['zh', 'en'] as const;

export async function frameFiles(): Promise<GoldenFile[]> {
  const cases = readdirSync(abs(BAD)).filter((n) => n.endsWith('.case.json')).map((n) => n.slice(0, -'.case.json'.length)).sort();
  const files: GoldenFile[] = [];
  for (const name of cases) {
    for (const lang of LANGS) {
      const argv = ['check', abs(`${BAD}/${name}.yibao`), '--lang', lang];
      files.push({ path: `test/golden/frames/${name}.${lang}.txt`, text: transcript(argv, await yibao(argv)) });
    }
  }
  return files;
}
