// Mutation fuzzing: small edits to a seed (characters, tokens, lines, numbers, nesting, splices
// with another seed) and to the CSV files it names.
import { KEYWORDS } from '../../grammar/vocabulary';
import type { Rng } from './rng';
import type { FuzzInput } from './seeds';

const SPELLINGS = KEYWORDS.flatMap((k) => [...k.en, ...k.zh]);

/** Fragments worth splicing in: punctuation, literals at their edges, odd characters. */
export const DICTIONARY: readonly string[] = [
  '{', '}', '(', ')', '[', ']', '（', '）', ',', '，', '、', ':', '：', ';', '；', '.', '..', '～', '~', '|', '=', '==', '!=', '≠', '<', '<=', '≤', '>', '>=', '≥',
  '+', '-', '－', '*', '×', '/', '÷', '"', '""', '"\\"', '"\\n"', '"\\x"', '//', '/*', '*/', '/* unterminated', '\n', '\r', '\r\n', '\t', ' ', '\u3000', '\ufeff',
  '\u2028', '\u0000', '\u200b', '\ud800', '\udc00', '😀', '𠀀', 'é', '١٢٣', '１２３', '０', '％',
  '0', '1', '00', '0.5', '0.001', '1.005', '100', '100.00', '999999999999', '99999999999999999999999', '1e30', '-1', '-0', '.5', '5.', '1.2.3',
  '0%', '100%', '100.01%', '55.555%', '101%', '5pp', '150pp', '5个百分点', '1.5万', '0万', '99999999万元', '6000元', '90 days', '0 天', '100000 days',
  '2025-01-01', '2025-02-29', '2024-02-29', '2025-02-30', '2025-13-01', '0000-00-00', '9999-12-31', '1900-01-01', '2025-1-1',
  'member', 'claim', 'item', 'items', 'member.age', 'member.enrolledYears', 'member.enrolledDays', 'member.birthDate', 'claim.inPolicySelfPay',
  'claim.outOfPolicySelfPay', 'claim.overLimitSelfPay', 'claim.flags', 'claim.setting', 'claim.year', 'claim.date', 'item.code', 'item.amount',
  'item.class', 'item.category', '参保人.年龄', '理赔.政策内自付', '明细.编码', 'inpatient', 'outpatient', 'pharmacy', 'work_injury', 'abroad',
  'R1', 'R2', 'B', 'G', 'X', '特药', '低保', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'NaN', 'Infinity', 'undefined', 'null',
  ...SPELLINGS,
];

/** Roughly the language's tokens, to edit at token boundaries. */
const TOKEN = /"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\d+(?:\.\d+)?(?:%|pp|万元|万|元)?|[A-Za-z_\u3400-\u9fff][\w\u3400-\u9fff-]*|\.\.|[<>!=]=|\s+|[^\s]/gu;

function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(TOKEN)) if (!/^\s+$/.test(m[0])) out.push({ start: m.index!, end: m.index! + m[0].length });
  return out;
}

const splice = (s: string, start: number, end: number, insert: string) => s.slice(0, start) + insert + s.slice(end);

function randomChar(rng: Rng): string {
  return rng.weighted<() => string>([
    [4, () => String.fromCharCode(rng.range(32, 126))],
    [2, () => String.fromCharCode(rng.range(0x4e00, 0x4fff))],
    [1, () => String.fromCharCode(rng.range(0, 31))],
    [1, () => String.fromCharCode(rng.range(0x80, 0xffff))],
    [1, () => String.fromCodePoint(rng.range(0x10000, 0x10ffff))],
  ])();
}

function boundaryNumber(rng: Rng): string {
  return rng.pick(['0', '0.0', '0.01', '0.001', '1', '9', '10', '99.99', '100', '100.001', '9007199254740993', '99999999999999999999', '1'.repeat(rng.range(20, 400)), `${rng.int(100000)}.${rng.int(1000)}`]);
}

export type Mutator = (text: string, rng: Rng, other: () => string) => string;

export const MUTATORS: Record<string, Mutator> = {
  deleteSpan(t, rng) {
    if (!t.length) return t;
    const i = rng.int(t.length);
    return splice(t, i, Math.min(t.length, i + rng.range(1, 24)), '');
  },
  duplicateSpan(t, rng) {
    if (!t.length) return t;
    const i = rng.int(t.length);
    const j = Math.min(t.length, i + rng.range(1, 80));
    return splice(t, j, j, t.slice(i, j));
  },
  insertFragment(t, rng) {
    const i = rng.int(t.length + 1);
    return splice(t, i, i, rng.pick(DICTIONARY) + (rng.chance(0.5) ? ' ' : ''));
  },
  replaceToken(t, rng) {
    const ts = tokens(t);
    if (!ts.length) return t;
    const k = rng.pick(ts);
    return splice(t, k.start, k.end, rng.pick(DICTIONARY));
  },
  deleteToken(t, rng) {
    const ts = tokens(t);
    if (!ts.length) return t;
    const k = rng.pick(ts);
    return splice(t, k.start, k.end, '');
  },
  swapTokens(t, rng) {
    const ts = tokens(t);
    if (ts.length < 2) return t;
    let a = rng.pick(ts);
    let b = rng.pick(ts);
    if (a.start > b.start) [a, b] = [b, a];
    if (a.end > b.start) return t;
    return t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end);
  },
  flipChar(t, rng) {
    if (!t.length) return randomChar(rng);
    const i = rng.int(t.length);
    return splice(t, i, i + 1, randomChar(rng));
  },
  changeNumber(t, rng) {
    const nums = [...t.matchAll(/\d+(?:\.\d+)?/g)];
    if (!nums.length) return t;
    const m = rng.pick(nums);
    return splice(t, m.index!, m.index! + m[0].length, boundaryNumber(rng));
  },
  changeDate(t, rng) {
    const ds = [...t.matchAll(/\d{4}-\d{2}-\d{2}/g)];
    if (!ds.length) return t;
    const m = rng.pick(ds);
    const d = `${rng.pick(['0000', '1899', '1970', '2024', '2025', '2100', '9999'])}-${rng.pick(['00', '01', '02', '12', '13', '99'])}-${rng.pick(['00', '01', '28', '29', '30', '31', '32'])}`;
    return splice(t, m.index!, m.index! + m[0].length, d);
  },
  swapLines(t, rng) {
    const ls = t.split('\n');
    if (ls.length < 2) return t;
    const a = rng.int(ls.length);
    const b = rng.int(ls.length);
    [ls[a], ls[b]] = [ls[b]!, ls[a]!];
    return ls.join('\n');
  },
  repeatLine(t, rng) {
    const ls = t.split('\n');
    const i = rng.int(ls.length);
    ls.splice(i, 0, ...Array<string>(rng.range(1, 40)).fill(ls[i]!));
    return ls.join('\n');
  },
  deleteLines(t, rng) {
    const ls = t.split('\n');
    const i = rng.int(ls.length);
    ls.splice(i, rng.range(1, 5));
    return ls.join('\n');
  },
  truncate(t, rng) {
    return t.slice(0, rng.int(t.length + 1));
  },
  nest(t, rng) {
    const ts = tokens(t);
    if (!ts.length) return t;
    const k = rng.pick(ts);
    const n = rng.weighted([[6, rng.range(1, 8)], [2, rng.range(10, 200)], [1, rng.range(200, 3000)]]);
    const [open, close] = rng.pick([['(', ')'], ['[', ']'], ['not ', ''], ['- ', ''], ['{', '}'], ['（', '）'], ['', ' + 1'], ['', ' * 1'], ['', ' and true']]);
    return t.slice(0, k.start) + open.repeat(n) + t.slice(k.start, k.end) + close.repeat(n) + t.slice(k.end);
  },
  spliceOther(t, rng, other) {
    const o = other();
    const i = rng.int(t.length + 1);
    const j = rng.int(o.length + 1);
    return rng.chance(0.5) ? t.slice(0, i) + o.slice(j) : t.slice(0, i) + o.slice(j, j + rng.range(1, 400)) + t.slice(i);
  },
  crlf(t, rng) {
    return rng.chance(0.5) ? t.replace(/\n/g, '\r\n') : t.replace(/\n/g, '\r');
  },
  fullWidth(t) {
    return t.replace(/[,:;()]/g, (c) => ({ ',': '，', ':': '：', ';': '；', '(': '（', ')': '）' })[c]!);
  },
};

const NAMES = Object.keys(MUTATORS);

/** CSV edits: odd cells, quotes, empty codes, a BOM, long rows. */
function mutateCsv(csv: string, rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => MUTATORS.flipChar!(csv, rng, () => '')],
    [2, () => MUTATORS.deleteSpan!(csv, rng, () => '')],
    [2, () => MUTATORS.insertFragment!(csv, rng, () => '')],
    [1, () => csv + '\n"unterminated'],
    [1, () => '\ufeff' + csv],
    [1, () => csv + '\n,,,\n""\n' + '"a""b",1\n'],
    [1, () => csv.replace(/\n/g, '\r\n')],
    [1, () => csv + `\n${'x,'.repeat(rng.range(1, 50))}`],
    [1, () => ''],
  ])();
}

/** One to four mutations of an input; `other` supplies text to splice in. */
export function mutate(input: FuzzInput, rng: Rng, other: () => string): FuzzInput {
  let text = input.text;
  const applied: string[] = [];
  const n = rng.weighted([[5, 1], [3, 2], [2, 3], [1, 4]]);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(NAMES);
    text = MUTATORS[name]!(text, rng, other);
    applied.push(name);
  }
  // Size is not the point here (test/hardening/limits.test.ts is): keep inputs fast to check.
  if (text.length > 200_000) text = text.slice(0, 200_000);
  let files = input.files;
  if (files && Object.keys(files).length && rng.chance(0.2)) {
    files = { ...files };
    const k = rng.pick(Object.keys(files));
    files[k] = mutateCsv(files[k]!, rng);
    applied.push(`csv:${k}`);
  }
  return { text, files, origin: `${input.origin ?? '?'} ~ ${applied.join(',')}` };
}
