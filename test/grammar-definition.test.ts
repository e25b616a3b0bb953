// The lexer and parser every run uses skip Chevrotain's checks of their definitions (for a faster
// start); here they are built with the checks, which must find nothing.
import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { LEXER_OPTIONS } from '../grammar/lexer';
import { YibaoParser } from '../grammar/parser';
import { allTokens } from '../grammar/tokens';

describe('the grammar as Chevrotain checks it', () => {
  it('has token definitions the lexer accepts', () => {
    const lexer = new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect((lexer as unknown as { lexerDefinitionWarning: unknown[] }).lexerDefinitionWarning).toEqual([]);
  });

  it('has rules without ambiguities or left recursion', () => {
    const checked = new YibaoParser(true);
    expect((checked as unknown as { definitionErrors: unknown[] }).definitionErrors).toEqual([]);
  });

  it('builds with checks that would report a broken definition', () => {
    // The checks run: a token pattern that can match nothing is an error when they are on.
    const broken = new Lexer([...allTokens, { name: 'Empty', PATTERN: /(?:)/ } as never], { ...LEXER_OPTIONS, skipValidations: false, deferDefinitionErrorsHandling: true });
    expect(broken.lexerDefinitionErrors.length).toBeGreaterThan(0);
  });
});
