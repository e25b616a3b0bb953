// parse(text) → { ast, diagnostics }. Never throws on a user's mistake.
import type { IToken, IRecognitionException } from 'chevrotain';
import { lex } from './lexer';
import { parser, TooDeep, TooManyErrors, MAX_PARSE_ERRORS } from './parser';
import { AstBuilder, tokenRange } from './to-ast';
import type { Program } from './ast';
import type { Diagnostic, Range } from './diagnostic';
import { KEYWORDS } from './vocabulary';

export * from './ast';
export type { Diagnostic, Range, Position, Severity } from './diagnostic';
export { lex } from './lexer';
export { KEYWORDS, BUILTIN_SETTINGS, BUILTIN_FLAGS, MEMBER_FIELDS, CLAIM_FIELDS, ITEM_FIELDS, ATTRIBUTE_TYPES } from './vocabulary';

export interface ParseResult {
  ast: Program;
  diagnostics: Diagnostic[];
  tokens: IToken[];
  comments: IToken[];
}

/** Plans larger than this are refused with a diagnostic rather than parsed for minutes. */
export const MAX_PLAN_CHARS = 20_000_000;

const EMPTY_RANGE: Range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

export function parse(text: string): ParseResult {
  if (text.length > MAX_PLAN_CHARS) {
    return {
      ast: { declarations: [], range: EMPTY_RANGE },
      diagnostics: [{ code: 'YB005', severity: 'error', range: EMPTY_RANGE, args: { size: text.length, limit: MAX_PLAN_CHARS } }],
      tokens: [],
      comments: [],
    };
  }
  const lexed = lex(text);
  parser.input = lexed.tokens;
  let cst;
  try {
    cst = parser.program();
  } catch (e) {
    // Only diagnostics are left of a parse that stopped: no syntax tree.
    const stopped = (diagnostics: Diagnostic[]): ParseResult => ({ ast: { declarations: [], range: EMPTY_RANGE }, diagnostics, tokens: lexed.tokens, comments: lexed.comments });
    if (e instanceof TooManyErrors) {
      const diagnostics = [...lexed.diagnostics, ...parseErrors(parser.errors, lexed.tokens, text)];
      const last = diagnostics[diagnostics.length - 1]?.range ?? EMPTY_RANGE;
      return stopped([...diagnostics, { code: 'YB007', severity: 'error', range: last, args: { limit: MAX_PARSE_ERRORS } }]);
    }
    if (e instanceof TooDeep) return stopped([...lexed.diagnostics, { code: 'YB006', severity: 'error', range: tokenRange(e.token) ?? EMPTY_RANGE, args: {} }]);
    // A stack exhausted all the same (a smaller stack than Node's, as some browsers' workers have).
    if (e instanceof RangeError) return stopped([...lexed.diagnostics, { code: 'YB006', severity: 'error', range: deepestNesting(lexed.tokens), args: {} }]);
    throw e;
  }
  const diagnostics = [...lexed.diagnostics, ...parseErrors(parser.errors, lexed.tokens, text)];
  let ast: Program;
  try {
    const builder = new AstBuilder();
    ast = builder.program(cst);
    diagnostics.push(...builder.diagnostics);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    ast = { declarations: [], range: EMPTY_RANGE };
    diagnostics.push({ code: 'YB006', severity: 'error', range: deepestNesting(lexed.tokens), args: {} });
  }
  return { ast, diagnostics, tokens: lexed.tokens, comments: lexed.comments };
}

const KEYWORD_NAMES = new Set<string>(KEYWORDS.map((k) => k.name));

/**
 * The parser's errors as diagnostics. A value followed by `when` (a condition written as in a
 * premium line, where a clause takes one value) is YB008, which shows how to write a condition;
 * the errors the parser's recovery then makes of the rest of that clause, on its line and the
 * stray `}` that closes its block, are only echoes of it and are left out.
 */
function parseErrors(errors: IRecognitionException[], tokens: IToken[], text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let echoesOf: Diagnostic | undefined;
  for (const e of errors) {
    const d = parseErrorToDiagnostic(e, tokens, text);
    if (echoesOf && (d.range.start.line === echoesOf.range.start.line || (d.args?.found === '}' && !d.args.expected))) {
      if (d.range.start.line !== echoesOf.range.start.line) echoesOf = undefined;
      continue;
    }
    echoesOf = undefined;
    if (e.token.tokenType.name === 'When') {
      d.code = 'YB008';
      echoesOf = d;
    } else if (d.args.expected === 'Identifier' && KEYWORD_NAMES.has(e.token.tokenType.name)) {
      // A keyword where a name was wanted: say it is a keyword, and the rest of the line follows from it.
      d.code = 'YB009';
      d.args = { word: e.token.image, keyword: e.token.tokenType.name };
      echoesOf = d;
    }
    out.push(d);
  }
  return out;
}

function parseErrorToDiagnostic(e: IRecognitionException, tokens: IToken[], text: string): Diagnostic {
  let t = e.token;
  // At end of input the parser reports a virtual EOF token; point at the last real token instead.
  if (Number.isNaN(t.startOffset) || t.tokenType.name === 'EOF') {
    const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    t = prev && !Number.isNaN(prev.startOffset) ? prev : (tokens[tokens.length - 1] ?? t);
  }
  const valid = !Number.isNaN(t.startOffset);
  const start = valid ? { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 } : endOf(text);
  const end = valid ? { offset: (t.endOffset ?? t.startOffset) + 1, line: t.endLine ?? 1, column: (t.endColumn ?? 1) + 1 } : start;
  const expected = /-->\s*(\w+)\s*<--/.exec(e.message)?.[1];
  const found = e.token.tokenType.name === 'EOF' ? 'end of file' : e.token.image;
  return {
    code: e.name === 'NoViableAltException' || e.name === 'EarlyExitException' ? 'YB003' : 'YB002',
    severity: 'error',
    range: { start, end },
    args: { found, expected: expected ?? '', rule: e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? '' },
  };
}

/** Where brackets first nest deeper than anyone writes by hand: the spot to show for YB006. */
function deepestNesting(tokens: IToken[]): Range {
  let depth = 0;
  let at = tokens[0];
  let max = -1;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === 'LParen' || n === 'LBracket' || n === 'LCurly') depth++;
    else if (n === 'RParen' || n === 'RBracket' || n === 'RCurly') depth--;
    if (depth > max) {
      max = depth;
      at = t;
    }
    if (depth > 64) break;
  }
  return (at && tokenRange(at)) ?? EMPTY_RANGE;
}

function endOf(text: string) {
  const lines = text.split('\n');
  return { offset: text.length, line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
