// Format document: re-indents by brace depth (two spaces a level), trims trailing blanks and
// collapses runs of blank lines. Depth comes from the lexer's `{` `}` tokens, so braces inside
// strings and comments never count; tokens themselves are never changed, only whitespace.
import type { IToken } from 'chevrotain';
import { lex } from './lexer';

export function formatPlan(text: string): string {
  const { tokens, comments } = lex(text);
  const lines = text.split('\n');
  // Net brace change and leading-`}` count per line.
  const delta = new Array<number>(lines.length).fill(0);
  const leadingClose = new Array<number>(lines.length).fill(0);
  const firstTokenCol = new Map<number, number>();
  for (const t of tokens) {
    const l = (t.startLine ?? 1) - 1;
    if (!firstTokenCol.has(l)) firstTokenCol.set(l, t.startColumn ?? 1);
    if (t.tokenType.name === 'LCurly') delta[l]!++;
    if (t.tokenType.name === 'RCurly') {
      delta[l]!--;
      if (firstTokenCol.get(l) === t.startColumn && leadingClose[l] === 0) leadingClose[l] = 1;
    }
  }
  // Lines inside a block comment or a multi-line string keep their text as it is.
  const verbatim = new Set<number>();
  const multiLine = (t: IToken) => (t.endLine ?? 0) > (t.startLine ?? 0);
  for (const t of [...comments, ...tokens].filter(multiLine)) {
    for (let l = t.startLine!; l < t.endLine!; l++) verbatim.add(l); // 0-based l+1.. are inside
  }
  // The last token of each line, to tell a block's first line from an aligned continuation.
  const lastToken = new Map<number, string>();
  for (const t of tokens) lastToken.set((t.endLine ?? 1) - 1, t.tokenType.name);
  const out: string[] = [];
  let depth = 0;
  let blank = 0;
  let prevLast: string | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/[ \t\u3000]+$/, '').replace(/\r$/, '');
    if (verbatim.has(i)) {
      out.push(line);
      depth += delta[i]!;
      return;
    }
    if (line.trim() === '') {
      blank++;
      if (blank <= 1) out.push('');
      return;
    }
    blank = 0;
    const original = line.length - line.trimStart().length;
    const indent = Math.max(0, depth - leadingClose[i]!) * 2;
    // A line indented deeper than its block continues the statement above (an aligned
    // `原因 "…"`, a wrapped items list, a trailing comment column): it keeps its indentation.
    // The first line of a block and a closing brace always take the block's.
    const aligned = original > indent && leadingClose[i] === 0 && prevLast !== 'LCurly';
    out.push(' '.repeat(aligned ? original : indent) + line.trimStart());
    depth = Math.max(0, depth + delta[i]!);
    if (lastToken.has(i)) prevLast = lastToken.get(i);
  });
  while (out.length > 1 && out[out.length - 1] === '' && out[out.length - 2] === '') out.pop();
  return out.join('\n');
}
