// Chevrotain token types, built from the vocabulary. Order matters: Chevrotain takes the first
// pattern that matches, so literals with a unit come before bare numbers.
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { KEYWORDS, type KeywordName } from './vocabulary';

const ID_START = 'A-Za-z_\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const ID_PART = ID_START + '0-9';

export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[${ID_START}][${ID_PART}]*`),
});

/** Any word: identifiers and keywords. Field names and record keys accept any word. */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });
/** Category of every keyword token, for highlighting. */
export const KeywordCategory = createToken({ name: 'Keyword', pattern: Lexer.NA });
Identifier.CATEGORIES = [Word];

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
  });
}

const spellingsOf = (k: (typeof KEYWORDS)[number]): string[] => [...k.en, ...k.zh];

export const keywordTokens = Object.fromEntries(
  KEYWORDS.map((k) => [k.name, keywordToken(k.name, spellingsOf(k))]),
) as Record<KeywordName, TokenType>;

// A keyword whose spelling is a prefix of another keyword's ("年度" of "年度累计") defers to
// that longer keyword, and every keyword defers to a longer identifier ("in" of "inpatient").
for (const k of KEYWORDS) {
  const mine = spellingsOf(k);
  const longer = KEYWORDS.filter(
    (o) => o !== k && spellingsOf(o).some((s) => mine.some((m) => s.length > m.length && s.startsWith(m))),
  ).map((o) => keywordTokens[o.name]);
  keywordTokens[k.name].LONGER_ALT = [...longer, Identifier];
}

export const T = keywordTokens;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\["\\nt])*"/ });
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}/ });
export const PercentLit = createToken({ name: 'PercentLit', pattern: /\d+(?:\.\d+)?[%％]/ });
export const PointsLit = createToken({ name: 'PointsLit', pattern: /\d+(?:\.\d+)?(?:pp|个百分点)/ });
export const MoneyLit = createToken({ name: 'MoneyLit', pattern: /\d+(?:\.\d+)?(?:万元|万|元)/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?/ });

export const Range = createToken({ name: 'Range', pattern: /\.\.|～|~/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/ });
export const Colon = createToken({ name: 'Colon', pattern: /[:：]/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /[;；]/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/ });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/ });

export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=|≥/, categories: CompareOp });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=|≤/, categories: CompareOp });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=|≠/, categories: CompareOp });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: CompareOp });
export const Less = createToken({ name: 'Less', pattern: /</, categories: CompareOp });
export const Equals = createToken({ name: 'Equals', pattern: /==|=/, categories: CompareOp });

export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-|－/ });
export const Times = createToken({ name: 'Times', pattern: /\*|×/ });
export const Divide = createToken({ name: 'Divide', pattern: /\/|÷/ });

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
