// Highlighting, generated at run time from the lexer's own definitions: keyword spellings from
// grammar/vocabulary.ts and literal patterns from grammar/tokens.ts. Nothing is written twice.
import type { languages } from 'monaco-editor/editor/editor.api';
import { KEYWORDS, BUILTIN_SETTINGS, BUILTIN_FLAGS, keywordSpellings } from '../../../grammar/vocabulary';
import * as tk from '../../../grammar/tokens';

const source = (t: { PATTERN?: unknown }) => (t.PATTERN as RegExp).source;

/** Keyword spellings that are more than one word or contain a hyphen: matched before words. */
function phraseKeywords(): string[] {
  return KEYWORDS.flatMap((k) => keywordSpellings(k)).filter((s) => /[\s-]/.test(s));
}

export function monarchLanguage(): languages.IMonarchLanguage {
  const idPart = source(tk.Identifier).replace(/^\[[^\]]*\]/, '').replace(/\*$/, '');
  const words = KEYWORDS.flatMap((k) => keywordSpellings(k)).filter((s) => !/[\s-]/.test(s));
  const phrases = phraseKeywords()
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return {
    defaultToken: '',
    keywords: words,
    builtins: [...BUILTIN_SETTINGS, ...BUILTIN_FLAGS].flatMap((v) => [v.id, v.zh]),
    tokenizer: {
      root: [
        [/\/\*/, 'comment', '@comment'],
        [new RegExp(source(tk.LineComment)), 'comment'],
        [new RegExp(source(tk.StringLit)), 'string'],
        [new RegExp(source(tk.DateLit)), 'number.date'],
        [new RegExp(source(tk.PercentLit)), 'number.percent'],
        [new RegExp(source(tk.PointsLit)), 'number.percent'],
        [new RegExp(source(tk.MoneyLit)), 'number.money'],
        [new RegExp(source(tk.NumberLit)), 'number'],
        // Like the lexer's LONGER_ALT: a phrase keyword followed by more name characters is a name.
        [new RegExp(`(?:${phrases.join('|')})(?!${idPart})`), 'keyword'],
        // A field after a dot is a name whatever it is spelled like ("items.amount").
        [new RegExp(`(\\.)(${source(tk.Identifier)})`), ['delimiter', 'variable.field']],
        [new RegExp(source(tk.Identifier)), { cases: { '@keywords': 'keyword', '@builtins': 'type', '@default': 'identifier' } }],
        [/[{}()[\]（）]/, '@brackets'],
        [new RegExp(`${source(tk.Range)}|${source(tk.Comma)}|${source(tk.Colon)}|${source(tk.Semicolon)}`), 'delimiter'],
        [/>=|<=|!=|==|[=<>≥≤≠+\-－*×/÷|]/, 'operator'],
      ],
      comment: [
        [/[^*/]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/[*/]/, 'comment'],
      ],
    },
  };
}
