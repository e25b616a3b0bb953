// The lexer is built from token types that tell Chevrotain what it would otherwise work out by
// parsing each pattern: the characters a match starts with, and whether it spans a line break
// (grammar/tokens.ts, told()). A hint that left out a character would make the lexer skip the
// token there. So the told lexer is held to one built from the same tokens with the hints taken
// away, token for token, on every plan of the project and on drawn text.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { LEXER_OPTIONS, yibaoLexer } from '../grammar/lexer';
import { allTokens, Identifier, keywordTokens } from '../grammar/tokens';
import { KEYWORDS } from '../grammar/vocabulary';
import { walk } from '../engine/node/files';

/** A lexer from the same tokens, Chevrotain working out each one's first characters and line breaks. */
function untold(): Lexer {
  type Told = TokenType & { START_CHARS_HINT?: unknown; LINE_BREAKS?: unknown };
  const kept = allTokens.map((t) => [t, (t as Told).START_CHARS_HINT, (t as Told).LINE_BREAKS] as const);
  try {
    for (const t of allTokens) {
      delete (t as Told).START_CHARS_HINT;
      // A block comment says it spans lines in any case: Chevrotain cannot tell from its pattern.
      if (t.name !== 'BlockComment') delete (t as Told).LINE_BREAKS;
    }
    return new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: true });
  } finally {
    for (const [t, hint, breaks] of kept) Object.assign(t, { START_CHARS_HINT: hint, LINE_BREAKS: breaks });
  }
}
const reference = untold();

const shape = (ts: IToken[]) => ts.map((t) => [t.tokenType.name, t.image, t.startOffset, t.startLine, t.startColumn, t.endLine, t.endColumn]);
function same(text: string): void {
  const a = yibaoLexer.tokenize(text);
  const b = reference.tokenize(text);
  expect(shape(a.tokens)).toEqual(shape(b.tokens));
  expect(shape((a.groups.comments as IToken[]) ?? [])).toEqual(shape((b.groups.comments as IToken[]) ?? []));
  expect(a.errors.map((e) => [e.offset, e.length, e.line, e.column])).toEqual(b.errors.map((e) => [e.offset, e.length, e.line, e.column]));
}

const plans = (dir: string) => walk(dir, (f) => f.endsWith('.yibao'));

describe('keywords that defer to longer ones', () => {
  it('defer, in the order of the vocabulary, to every keyword with a longer spelling starting with one of theirs, then to identifiers', () => {
    const spellings = (k: (typeof KEYWORDS)[number]) => [...k.en, ...k.zh];
    for (const k of KEYWORDS) {
      // Each pair of keywords compared directly, as the definition says.
      const longer = KEYWORDS.filter((o) => o !== k && spellings(o).some((s) => spellings(k).some((m) => s.length > m.length && s.startsWith(m))));
      expect(keywordTokens[k.name].LONGER_ALT, k.name).toEqual([...longer.map((o) => keywordTokens[o.name]), Identifier]);
    }
  });
});

describe('the told lexer', () => {
  it('reads every plan of the project as the lexer that works the hints out', () => {
    const files = [...plans('examples'), ...plans('spec/conformance'), ...plans('editor/src/templates'), ...plans('docs')];
    expect(files.length).toBeGreaterThan(200);
    for (const f of files) same(readFileSync(f, 'utf8'));
  });

  it('reads drawn text as the lexer that works the hints out', () => {
    // Pieces of plans: every keyword spelling, CJK outside the keywords (each 255-character
    // bucket of the identifier ranges, and their edges), digits, punctuation of both widths,
    // line breaks and characters no token takes.
    const spellings = KEYWORDS.flatMap((k) => [...k.en, ...k.zh]);
    const edges = [0x3400, 0x34ff, 0x4dbf, 0x4dc0, 0x4e00, 0x4eff, 0x7fff, 0x9fff, 0xa000, 0xf8ff, 0xf900, 0xfaff, 0xfb00];
    const cjk = fc.oneof(fc.integer({ min: 0x3400, max: 0xfaff }), fc.constantFrom(...edges)).map((c) => String.fromCharCode(c));
    const piece = fc.oneof(
      fc.constantFrom(...spellings),
      // A spelling of two words may run over a line break ("per\nyear"): its lines must be counted.
      fc.constantFrom(...spellings.filter((s) => s.includes(' ')).map((s) => s.replace(' ', '\n'))),
      cjk,
      fc.constantFrom(...'0123456789.,，、:：;；{}()（）[]|<>=≥≤≠!+-－*×/÷%％~～"_ \t\r\n\u3000\ufeff@#$^&\\`\''),
      fc.constantFrom('2025-03-01', '12.5%', '3pp', '5个百分点', '1.5万元', '//x\n', '/* a\nb */', '"文本"', 'ab_1'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (ps) => same(ps.join(''))),
      { numRuns: 2000 },
    );
  });
});
