// The CSV reader behind data files (catalogues, tables) and batch CSV lines: RFC 4180 quoting,
// and a record that breaks it — a quote inside an unquoted field, text after a closing quote, a
// quote never closed — comes back with an error naming its line and column, never as silently
// changed cells. The checker turns such a line of a data file into YB108 with its line number.
import { describe, expect, it } from 'vitest';
import { compile, formatDiagnostic } from '../engine/index';
import { csvErrorMessage, csvRecords, loadCatalogue } from '../engine/check/data';
import { HEADER } from './helpers';

describe('csvRecords', () => {
  it('reads well-formed records as before, with no error', () => {
    expect(csvRecords('a, b ,c\n"x,1","say ""hi""",3\r\n"multi\nline",  "q" ,\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x,1', 'say "hi"', '3'] },
      { line: 3, cells: ['multi\nline', 'q', ''] },
    ]);
  });

  it('a quote in the middle of an unquoted field: error at its line and column, the quote kept as a character', () => {
    // Before, the quote opened a quoted field and swallowed ",5": the cells were c1, abc,5.
    expect(csvRecords('c1,ab"c,5')).toEqual([
      { line: 1, cells: ['c1', 'ab"c', '5'], error: { line: 1, column: 6, reason: 'quote-in-unquoted-field' } },
    ]);
  });

  it('a stray quote does not swallow the lines after it', () => {
    const r = csvRecords('h1,h2\nc1,ab"c,5\nc2,x,6\n');
    expect(r.map((x) => x.line)).toEqual([1, 2, 3]);
    expect(r[2]).toEqual({ line: 3, cells: ['c2', 'x', '6'] });
    expect(r[1]!.error).toEqual({ line: 2, column: 6, reason: 'quote-in-unquoted-field' });
  });

  it('text after a closing quote', () => {
    expect(csvRecords('"ab"x,1')[0]!.error).toEqual({ line: 1, column: 5, reason: 'text-after-closing-quote' });
    expect(csvRecords('k,"a" "b"')[0]!.error).toEqual({ line: 1, column: 7, reason: 'text-after-closing-quote' });
    // Spaces around a quoted field are trimmed away, as before.
    expect(csvRecords('  "ab"  ,1')).toEqual([{ line: 1, cells: ['ab', '1'] }]);
  });

  it('the error of a record spanning lines names the line it is on', () => {
    expect(csvRecords('k,v\nx,"two\nlines"z,1\n')[1]).toEqual({ line: 2, cells: ['x', 'two\nlinesz', '1'], error: { line: 3, column: 7, reason: 'text-after-closing-quote' } });
  });

  it('a quote never closed: error at the opening quote', () => {
    expect(csvRecords('a,b\nc,"open\nd,e\n')[1]!.error).toEqual({ line: 2, column: 3, reason: 'unclosed-quote' });
  });

  it('only the first fault of a record is reported', () => {
    expect(csvRecords('a"b,"c"d')[0]!.error).toEqual({ line: 1, column: 2, reason: 'quote-in-unquoted-field' });
  });

  it('with comments, a # line is taken as it is, quotes and all', () => {
    expect(csvRecords('# say "hi, there\nk,v\n', { comments: true })).toEqual([
      { line: 1, cells: ['# say "hi, there'] },
      { line: 2, cells: ['k', 'v'] },
    ]);
  });

  it('describes an error in one language at a time', () => {
    const e = { line: 3, column: 6, reason: 'quote-in-unquoted-field' } as const;
    expect(csvErrorMessage(e, 'en')).toBe('column 6: a quote inside a field that does not start with one (quote the whole field and double the quote: "ab""c")');
    expect(csvErrorMessage(e, 'zh')).toBe('第 6 列：未加引号的字段中出现引号（应将整个字段加引号，并把其中的引号写两次："ab""c"）');
  });
});

describe('data files with such lines', () => {
  const files: Record<string, string> = {
    'drugs.csv': 'code\nD1\nD"2\nD3\n',
    'income.csv': 'year,income\n2015,100\n"2016"x,200\n2017,300\n',
  };
  const reader = (p: string) => files[p];

  it('a catalogue: YB108 naming the line and column; the other lines are read', () => {
    const text = `${HEADER}catalogue K file "drugs.csv"\nbenefit R1 { amount items in K ratio 50% }\n`;
    const r = compile(text, 't.yibao', reader);
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB108@2:13']);
    expect(formatDiagnostic(r.diagnostics[0]!, text, 'en')).toContain('error YB108: drugs.csv:3: column 2: a quote inside a field that does not start with one');
    expect(formatDiagnostic(r.diagnostics[0]!, text, 'zh')).toContain('错误 YB108: drugs.csv 第 3 行：第 2 列：未加引号的字段中出现引号');
    const range = r.diagnostics[0]!.range;
    expect([...loadCatalogue({ kind: 'file', file: { path: 'drugs.csv', range } }, reader, [])]).toEqual(['D1', 'D3']);
  });

  it('a table: YB108 naming the line and column', () => {
    const text = `${HEADER}table T by year file "income.csv"\n`;
    const r = compile(text, 't.yibao', reader);
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual(['YB108@2:17']);
    expect(formatDiagnostic(r.diagnostics[0]!, text, 'en')).toContain('error YB108: income.csv:3: column 7: text after the closing quote of a field');
  });

  it('the other messages of YB107 and YB108 are wholly in one language each', () => {
    const text = `${HEADER}catalogue K file "none.csv"\ncatalogue L file "empty-code.csv"\n`;
    const r = compile(text, 't.yibao', (p) => (p === 'empty-code.csv' ? 'code\n,x\n' : undefined));
    const en = r.diagnostics.map((d) => formatDiagnostic(d, text, 'en').split('\n')[0]);
    const zh = r.diagnostics.map((d) => formatDiagnostic(d, text, 'zh').split('\n')[0]);
    expect(en).toEqual(['t.yibao:2:13: error YB107: Cannot read "none.csv": no such file', 't.yibao:3:13: error YB108: empty-code.csv:2: empty code']);
    expect(zh).toEqual(['t.yibao:2:13: 错误 YB107: 无法读取文件“none.csv”：文件不存在', 't.yibao:3:13: 错误 YB108: empty-code.csv 第 2 行：编码为空']);
  });
});
