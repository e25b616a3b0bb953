// spec/language.md stays current with the code: its generated sections (keywords, diagnostics,
// request errors, facts, built-in names) are exactly what scripts/gen-language-doc.ts writes (`npm run docs`).
import { readFileSync } from 'node:fs';
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
