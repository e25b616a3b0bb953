import { Lexer, type IToken } from 'chevrotain';
import { allTokens } from './tokens';
import type { Diagnostic } from './diagnostic';

export const LEXER_OPTIONS = { positionTracking: 'full', ensureOptimizations: false } as const;

// Chevrotain's checks of the token definitions run in the tests (test/grammar-definition.test.ts),
// not at every start: they are a third of the lexer's start-up, and the definitions do not change.
export const yibaoLexer = new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: true });

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

export function lex(text: string): LexResult {
  const r = yibaoLexer.tokenize(text);
  const diagnostics: Diagnostic[] = r.errors.map((e) => ({
    code: 'YB001',
    severity: 'error',
    range: {
      start: { offset: e.offset, line: e.line ?? 1, column: e.column ?? 1 },
      end: { offset: e.offset + e.length, line: e.line ?? 1, column: (e.column ?? 1) + e.length },
    },
    args: { text: text.slice(e.offset, e.offset + Math.min(e.length, 20)) },
  }));
  return { tokens: r.tokens, comments: (r.groups.comments as IToken[]) ?? [], diagnostics };
}
