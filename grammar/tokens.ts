// Chevrotain token types, built from the vocabulary. Order matters: Chevrotain takes the first
// pattern that matches, so literals with a unit come before bare numbers.
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { KEYWORDS, type KeywordName } from './vocabulary';

/** The characters an identifier starts with: ranges of code points. */
const ID_START_RANGES: readonly (readonly [number, number])[] = [
  [0x41, 0x5a], // A-Z
  [0x61, 0x7a], // a-z
  [0x5f, 0x5f], // _
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xf900, 0xfaff], // CJK compatibility ideographs
];
const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
const ID_START = ID_START_RANGES.map(([lo, hi]) => `${hex(lo)}-${hex(hi)}`).join('');
const ID_PART = ID_START + '0-9';

/**
 * Characters standing for every start of an identifier, for the lexer's table of first
 * characters: each ASCII one, and past 255 one in every run of 255 (the table's buckets there).
 */
function idStartHint(): string[] {
  const out: string[] = [];
  for (const [lo, hi] of ID_START_RANGES) {
    const step = hi < 256 ? 1 : 255;
    for (let c = lo; c < hi; c += step) out.push(String.fromCharCode(c));
    out.push(String.fromCharCode(hi));
  }
  return out;
}

export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[${ID_START}][${ID_PART}]*`),
  ...told(idStartHint()),
});

/** Any word: identifiers and keywords. Field names and record keys accept any word. */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });
/** Category of every keyword token, for highlighting. */
export const KeywordCategory = createToken({ name: 'Keyword', pattern: Lexer.NA });
Identifier.CATEGORIES = [Word];

/**
 * What Chevrotain would otherwise work out from a token's pattern each time the lexer is built,
 * by parsing the pattern: the characters a match can start with, and whether it can span a line
 * break. Told, the lexer is built in a fraction of the time; test/lexer-hints.test.ts holds the
 * told lexer to one that works both out, token for token, on every plan and on drawn text.
 */
function told(startChars: string[], lineBreaks = false): { start_chars_hint: string[]; line_breaks: boolean } {
  return { start_chars_hint: startChars, line_breaks: lineBreaks };
}
const DIGITS = [...'0123456789'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

function keywordToken(name: string, spellings: readonly string[]): TokenType {
  // Longest spelling first, so "items" wins over "item".
  const sorted = [...spellings].sort((a, b) => b.length - a.length);
  return createToken({
    name,
    pattern: new RegExp(sorted.map(escapeRegExp).join('|')),
    categories: [Word, KeywordCategory],
    ...told([...new Set(spellings.map((s) => s[0]!))], spellings.some((s) => s.includes(' '))),
  });
}

const spellingsOf = (k: (typeof KEYWORDS)[number]): string[] => [...k.en, ...k.zh];

export const keywordTokens = Object.fromEntries(
  KEYWORDS.map((k) => [k.name, keywordToken(k.name, spellingsOf(k))]),
) as Record<KeywordName, TokenType>;

// A keyword whose spelling is a prefix of another keyword's ("年度" of "年度累计") defers to
// that longer keyword, and every keyword defers to a longer identifier ("in" of "inpatient").
// Every spelling with its keyword, sorted: a spelling's longer extensions follow it directly.
const bySpelling = KEYWORDS.flatMap((k) => spellingsOf(k).map((s) => ({ s, k }))).sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
const longerOf = new Map<(typeof KEYWORDS)[number], Set<(typeof KEYWORDS)[number]>>(KEYWORDS.map((k) => [k, new Set()]));
for (let i = 0; i < bySpelling.length; i++) {
  const { s: m, k } = bySpelling[i]!;
  for (let j = i + 1; j < bySpelling.length && bySpelling[j]!.s.startsWith(m); j++) {
    const o = bySpelling[j]!;
    if (o.k !== k && o.s.length > m.length) longerOf.get(k)!.add(o.k);
  }
}
for (const k of KEYWORDS) {
  // In the vocabulary's order, as Chevrotain tries them.
  const longer = KEYWORDS.filter((o) => longerOf.get(k)!.has(o)).map((o) => keywordTokens[o.name]);
  keywordTokens[k.name].LONGER_ALT = [...longer, Identifier];
}

export const T = keywordTokens;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\ufeff]+/, group: Lexer.SKIPPED, ...told([' ', '\t', '\r', '\n', '\u3000', '\ufeff'], true) });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments', ...told(['/']) });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', ...told(['/'], true) });

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\["\\nt])*"/, ...told(['"']) });
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}/, ...told(DIGITS) });
export const PercentLit = createToken({ name: 'PercentLit', pattern: /\d+(?:\.\d+)?[%％]/, ...told(DIGITS) });
export const PointsLit = createToken({ name: 'PointsLit', pattern: /\d+(?:\.\d+)?(?:pp|个百分点)/, ...told(DIGITS) });
export const MoneyLit = createToken({ name: 'MoneyLit', pattern: /\d+(?:\.\d+)?(?:万元|万|元)/, ...told(DIGITS) });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?/, ...told(DIGITS) });

export const Range = createToken({ name: 'Range', pattern: /\.\.|～|~/, ...told(['.', '～', '~']) });
export const Dot = createToken({ name: 'Dot', pattern: /\./, ...told(['.']) });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/, ...told([',', '，', '、']) });
export const Colon = createToken({ name: 'Colon', pattern: /[:：]/, ...told([':', '：']) });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /[;；]/, ...told([';', '；']) });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, ...told(['{']) });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, ...told(['}']) });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/, ...told(['(', '（']) });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/, ...told([')', '）']) });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, ...told(['[']) });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, ...told([']']) });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, ...told(['|']) });

export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=|≥/, categories: CompareOp, ...told(['>', '≥']) });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=|≤/, categories: CompareOp, ...told(['<', '≤']) });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=|≠/, categories: CompareOp, ...told(['!', '≠']) });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: CompareOp, ...told(['>']) });
export const Less = createToken({ name: 'Less', pattern: /</, categories: CompareOp, ...told(['<']) });
export const Equals = createToken({ name: 'Equals', pattern: /==|=/, categories: CompareOp, ...told(['=']) });

export const Plus = createToken({ name: 'Plus', pattern: /\+/, ...told(['+']) });
export const Minus = createToken({ name: 'Minus', pattern: /-|－/, ...told(['-', '－']) });
export const Times = createToken({ name: 'Times', pattern: /\*|×/, ...told(['*', '×']) });
export const Divide = createToken({ name: 'Divide', pattern: /\/|÷/, ...told(['/', '÷']) });

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLit,
  DateLit,
  PercentLit,
  PointsLit,
  MoneyLit,
  NumberLit,
  // Multi-word keywords ("per year") are tried before single words by the longer_alt rule;
  // keywords before Identifier so that "benefit" is a keyword and "benefits" an identifier.
  ...Object.values(keywordTokens),
  Identifier,
  Range,
  Dot,
  Comma,
  Colon,
  Semicolon,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Pipe,
  GreaterEq,
  LessEq,
  NotEq,
  Greater,
  Less,
  Equals,
  Plus,
  Minus,
  Times,
  Divide,
  Word,
  KeywordCategory,
  CompareOp,
];
