// CSV text as records (RFC 4180 quoting), for the plan's data files (engine/check/data.ts) and
// batch input files alike: plain text in, cells out, no other part of the engine needed.

/** A malformed CSV record: where (1-based line and column, UTF-16 code units) and why. */
export interface CsvError {
  line: number;
  column: number;
  reason: 'quote-in-unquoted-field' | 'text-after-closing-quote' | 'unclosed-quote';
}

/** One CSV record: the line it starts on, its trimmed cells, and the first error in it, if any. */
export interface CsvRecord {
  line: number;
  cells: string[];
  error?: CsvError;
}

const CSV_REASONS: Record<CsvError['reason'], { en: string; zh: string }> = {
  'quote-in-unquoted-field': {
    en: 'a quote inside a field that does not start with one (quote the whole field and double the quote: "ab""c")',
    zh: '未加引号的字段中出现引号（应将整个字段加引号，并把其中的引号写两次："ab""c"）',
  },
  'text-after-closing-quote': {
    en: 'text after the closing quote of a field (a field is either wholly quoted or not quoted)',
    zh: '字段的右引号之后还有文字（字段要么整体加引号，要么不加）',
  },
  'unclosed-quote': {
    en: 'a quoted field is never closed',
    zh: '带引号的字段缺少右引号',
  },
};

/** A CSV error in words, wholly in one language: "column 5: …" (the line is the caller's to add). */
export function csvErrorMessage(e: CsvError, lang: 'en' | 'zh'): string {
  const r = CSV_REASONS[e.reason];
  return lang === 'en' ? `column ${e.column}: ${r.en}` : `第 ${e.column} 列：${r.zh}`;
}

/**
 * Splits CSV text into records (RFC 4180 quoting; a quoted cell may hold line breaks). Cells are
 * trimmed, so spaces may stand around a quoted field. A record that breaks the quoting rules — a
 * quote inside a field that does not start with one (`ab"c`), text after a field's closing quote
 * (`"ab"x`), a quote never closed — still comes back, read as literally as possible (a stray quote
 * is kept as a character, so it never swallows the commas and lines after it), with `error` set
 * to the first fault; callers must refuse such records. With `comments`, a record whose first
 * non-blank character is `#` is the rest of its line as one cell, quotes and commas included.
 */
export function csvRecords(text: string, options: { comments?: boolean } = {}): CsvRecord[] {
  const rows: CsvRecord[] = [];
  const src = text.replace(/^\ufeff/, '');
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < src.length) {
    const startLine = line;
    if (options.comments) {
      let j = i;
      while (src[j] === ' ' || src[j] === '\t') j++;
      if (src[j] === '#') {
        const end = src.indexOf('\n', j);
        const stop = end < 0 ? src.length : end;
        rows.push({ line: startLine, cells: [src.slice(j, stop).replace(/\r$/, '').trim()] });
        i = stop + 1;
        line++;
        lineStart = i;
        continue;
      }
    }
    const cells: string[] = [];
    let cell = '';
    /** 0: unquoted field; 1: inside quotes; 2: after the closing quote. */
    let state = 0;
    let openedAt: { line: number; column: number } | undefined;
    let error: CsvError | undefined;
    const fault = (reason: CsvError['reason'], at = i) => {
      error ??= { line, column: at - lineStart + 1, reason };
    };
    let ended = false;
    for (; i < src.length; i++) {
      const ch = src[i]!;
      if (state === 1) {
        if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
        else if (ch === '"') state = 2;
        else {
          if (ch === '\n') { line++; lineStart = i + 1; }
          cell += ch;
        }
      } else if (ch === ',') { cells.push(cell.trim()); cell = ''; state = 0; }
      else if (ch === '\n') { i++; line++; lineStart = i; ended = true; break; }
      else if (ch === '\r') continue;
      else if (state === 2) {
        if (ch !== ' ' && ch !== '\t') fault('text-after-closing-quote');
        cell += ch;
      } else if (ch === '"') {
        // A quote opens a quoted field only at its start (spaces before it are trimmed away).
        if (cell.trim() === '') { state = 1; openedAt = { line, column: i - lineStart + 1 }; }
        else { fault('quote-in-unquoted-field'); cell += ch; }
      } else cell += ch;
    }
    if (!ended && state === 1) error ??= { line: openedAt!.line, column: openedAt!.column, reason: 'unclosed-quote' };
    cells.push(cell.trim());
    rows.push(error ? { line: startLine, cells, error } : { line: startLine, cells });
  }
  return rows;
}
