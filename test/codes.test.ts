// One catalogue of codes each: plan diagnostics (YBxxx, engine/ir/diagnostics.ts) and request errors
// (YRxxx, engine/ir/request-errors.ts). Every code is documented in spec/language.md and exercised
// by a spec conformance case; every message renders in English and in Chinese, each wholly in its
// language; a misspelt code does not compile (the @ts-expect-error lines below: `npm run typecheck`
// fails if any of them stops being an error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../grammar/diagnostic';
import { CATALOGUE, diag, messageOf, NAMED_RULES, type PlanCode } from '../engine/ir/diagnostics';
import { parser } from '../grammar/parser';
import { EvalError } from '../engine/ir/env';
import { REQUEST_CATALOGUE, requestError, requestMessage, requestText, type MessageKind, type RequestArgs, type RequestCode } from '../engine/ir/request-errors';
import { validateRequest } from '../engine/request/request';
import { walk } from '../engine/node/files';
import { DOC_PATH, PLAN_EXAMPLES, REQUEST_EXAMPLES } from '../scripts/gen-language-doc';

const PLAN_CODES = Object.keys(CATALOGUE) as PlanCode[];
const REQUEST_CODES = Object.keys(REQUEST_CATALOGUE) as RequestCode[];
const doc = readFileSync(DOC_PATH, 'utf8');

/** Codes no case can show, each with the test that exercises it instead. */
const NO_CASE: Partial<Record<PlanCode | RequestCode, { why: string; testedIn: string }>> = {
  YB005: { why: 'a plan of more than 20 000 000 characters is too large to keep as a case', testedIn: 'test/hardening/limits.test.ts' },
};

interface CaseFile {
  diagnostics?: { code: string }[];
  /** Floors cases: the diagnostics a proof reports on the plan. */
  planDiagnostics?: { code: string }[];
  expected?: { errors?: { code?: string }[] };
}

/** The codes each case file asserts: the diagnostics of bad cases, the pinned error codes of good ones. */
function codesInCases(): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const file of walk('spec/conformance', (f) => f.endsWith('.case.json'))) {
    const c = JSON.parse(readFileSync(file, 'utf8')) as CaseFile;
    const codes = [...[...(c.diagnostics ?? []), ...(c.planDiagnostics ?? [])].map((d) => d.code), ...(c.expected?.errors ?? []).flatMap((e) => (e.code ? [e.code] : []))];
    for (const code of new Set(codes)) byCode.set(code, [...(byCode.get(code) ?? []), file]);
  }
  return byCode;
}

describe('the catalogues', () => {
  it('are stable codes: YB or YR and three digits, none in both', () => {
    expect(PLAN_CODES.filter((c) => !/^YB\d{3}$/.test(c))).toEqual([]);
    expect(REQUEST_CODES.filter((c) => !/^YR\d{3}$/.test(c))).toEqual([]);
    expect(PLAN_CODES.length).toBeGreaterThanOrEqual(60);
    expect(REQUEST_CODES.length).toBeGreaterThanOrEqual(13);
  });

  it('give every code a title, and every request code where it points and when', () => {
    for (const c of PLAN_CODES) expect(CATALOGUE[c].title, c).toMatch(/\S/);
    for (const c of REQUEST_CODES) {
      const e = REQUEST_CATALOGUE[c];
      expect([e.title, e.path, e.when].every((s) => /\S/.test(s)), c).toBe(true);
      expect(Object.keys(e.messages).length, c).toBeGreaterThan(0);
    }
  });
});

describe('every code', () => {
  const cases = codesInCases();

  it('is exercised by at least one spec conformance case', () => {
    const missing = [...PLAN_CODES, ...REQUEST_CODES].filter((c) => !cases.has(c) && !NO_CASE[c]);
    expect(missing).toEqual([]);
  });

  it('that no case shows is exercised by the test named instead, and really has no case', () => {
    for (const [code, { why, testedIn }] of Object.entries(NO_CASE)) {
      expect(why).toMatch(/\S/);
      expect(readFileSync(testedIn, 'utf8'), `${code} in ${testedIn}`).toContain(code);
      expect(cases.has(code), `${code} has a case now: drop it from NO_CASE`).toBe(false);
    }
  });

  it('that a case names is in a catalogue', () => {
    const known = new Set<string>([...PLAN_CODES, ...REQUEST_CODES]);
    expect([...cases.keys()].filter((c) => !known.has(c))).toEqual([]);
  });

  it('has a row in a generated table of spec/language.md', () => {
    const missing = [...PLAN_CODES, ...REQUEST_CODES].filter((c) => !new RegExp(`^\\| ${c} \\|`, 'm').test(doc));
    expect(missing).toEqual([]);
  });
});

// ---- messages ----------------------------------------------------------------------------------

/**
 * Arguments shown as they are in both languages: what the analyst wrote (names, values, paths),
 * request ids and fields, and text passed through from elsewhere (a validator's or JSON parser's
 * wording, a test record's request error). The others (kinds, roots, operators, reasons…) are
 * English words, which a Chinese message must translate or take from their …Zh argument.
 */
const VERBATIM = new Set([
  'text', 'found', 'name', 'hint', 'field', 'path', 'value', 'values', 'valuesZh', 'attribute', 'key', 'tilt', 'benefit', 'a', 'b',
  'step', 'from', 'to', 'prev', 'prevTo', 'message', 'detail', 'fault', 'member', 'claim', 'id', 'date', 'birthDate', 'table',
  'setting', 'flag', 'column', 'given', 'sum', 'class', 'layer', 'fields', 'fieldsZh', 'below', 'example', 'first', 'firstZh', 'paid', 'base', 'total', 'file',
]);
/** Technical words a Chinese message may hold: request fields, formats, literals, the test file pattern. */
const TECHNICAL = /\b(members|claims|JSON|CSV|true|false|YYYY-MM-DD|NAME\.test\.yibao)\b/g;
const QUOTED = /“[^”]*”|"[^"]*"|「[^」]*」/g;

function leftovers(text: string): string[] {
  return ['undefined', 'NaN', '[object', '${', '‹', '›', 'null'].filter((s) => text.includes(s));
}

/** The text without quoted parts and without the values of verbatim arguments. */
function wording(text: string, args: Record<string, unknown>): string {
  let out = text;
  const values = Object.entries(args)
    .filter(([k]) => VERBATIM.has(k))
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
    .map(String)
    .filter((v) => v.length > 0)
    .sort((x, y) => y.length - x.length);
  for (const v of values) out = out.split(v).join(' ');
  return out.replace(QUOTED, ' ');
}

/** Chinese wording: no English word of four letters or more outside quotes, arguments and technical words. */
const englishIn = (zh: string, args: Record<string, unknown>) => wording(zh, args).replace(TECHNICAL, ' ').match(/[A-Za-z]{4,}/g) ?? [];
/** English wording: no Chinese character outside quotes and arguments. */
const chineseIn = (en: string, args: Record<string, unknown>) => wording(en, args).match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g) ?? [];

describe('plan diagnostic messages', () => {
  it('have example arguments for exactly the codes of the catalogue', () => {
    expect(Object.keys(PLAN_EXAMPLES).sort()).toEqual([...PLAN_CODES].sort());
  });

  for (const code of PLAN_CODES) {
    it(`${code} renders in English and in Chinese, each wholly in its language`, () => {
      for (const args of PLAN_EXAMPLES[code]) {
        const en = messageOf({ code, args }, 'en');
        const zh = messageOf({ code, args }, 'zh');
        expect(en, code).toMatch(/[A-Za-z]/);
        expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
        expect([...leftovers(en), ...leftovers(zh)], `${en} | ${zh}`).toEqual([]);
        expect(chineseIn(en, args), en).toEqual([]);
        expect(englishIn(zh, args), zh).toEqual([]);
      }
    });
  }
});

describe('what the parser was reading, in a syntax error (YB003)', () => {
  const rules = Object.keys(parser.getGAstProductions());

  it('is named for every rule of the grammar', () => {
    expect([...NAMED_RULES].sort()).toEqual([...rules].sort());
  });

  for (const rule of rules) {
    it(`${rule} reads wholly in English and wholly in Chinese`, () => {
      const args = { found: 'x', rule };
      const en = messageOf({ code: 'YB003', args }, 'en');
      const zh = messageOf({ code: 'YB003', args }, 'zh');
      // A rule without a name would show as itself.
      expect(en).not.toMatch(new RegExp(`expected ${rule}\\.$`));
      expect(zh).not.toContain(rule);
      expect(chineseIn(en, args), en).toEqual([]);
      expect(englishIn(zh, args), zh).toEqual([]);
    });
  }
});

describe('request error messages', () => {
  const kinds = (c: RequestCode) => Object.keys(REQUEST_CATALOGUE[c].messages) as MessageKind<typeof c>[];
  const examples = (c: RequestCode): Record<string, RequestArgs> => REQUEST_EXAMPLES[c];

  it('have example arguments for exactly the messages of the catalogue', () => {
    for (const c of REQUEST_CODES) expect(Object.keys(examples(c)).sort(), c).toEqual([...kinds(c)].sort());
  });

  for (const code of REQUEST_CODES) {
    it(`${code}: every message renders in English and in Chinese, each wholly in its language, as "en / zh"`, () => {
      for (const kind of kinds(code)) {
        const args = examples(code)[kind]!;
        const en = requestText(code, kind, 'en', args);
        const zh = requestText(code, kind, 'zh', args);
        expect(en, `${code} ${kind}`).toMatch(/[A-Za-z]/);
        expect(zh, `${code} ${kind}`).toMatch(/[\u4e00-\u9fff]/);
        expect([...leftovers(en), ...leftovers(zh)], `${code} ${kind}: ${en} | ${zh}`).toEqual([]);
        expect(chineseIn(en, args), `${code} ${kind}: ${en}`).toEqual([]);
        expect(englishIn(zh, args), `${code} ${kind}: ${zh}`).toEqual([]);
        expect(requestMessage(code, kind, args)).toBe(`${en} / ${zh}`);
      }
    });
  }

  it('reach users exactly as before: "English / 中文"', () => {
    const plan = { settings: new Map([['inpatient', 'inpatient']]), flags: new Map<string, string>(), attributes: new Map(), claimAttributes: new Map() };
    const member = { id: 'm1', birthDate: '1980-05-01', enrolledSince: '2020-01-01' };
    const claim = { id: 'c1', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '100' };
    const messages = (request: unknown) => validateRequest(plan, request).errors.map((e) => [e.code, e.path, e.message]);
    expect(messages(null)).toEqual([['YR001', '', 'the request must be a JSON object with "members" and "claims" / 请求应为包含 members 与 claims 的 JSON 对象']]);
    expect(messages({ members: [member], claims: [{ ...claim, date: '2025-02-30' }], extra: 1 })).toEqual([
      ['YR001', '/extra', 'unknown field "extra" / 未知字段“extra”'],
      ['YR001', '/claims/0/date', '"2025-02-30" is not a real date / “2025-02-30”不是有效日期'],
    ]);
    expect(messages({ members: [member], claims: [{ ...claim, member: 'm9' }, { ...claim, id: 'c2', setting: 'dental' }] })).toEqual([
      ['YR002', '/claims/0/member', 'unknown member / 未知参保人: "m9"'],
      ['YR008', '/claims/1/setting', 'unknown setting "dental" / 未知就医类别'],
    ]);
    expect(messages({ members: [member], claims: [{ ...claim, date: '1979-12-31' }] })).toEqual([
      ['YR014', '/claims/0/date', 'the claim is dated 1979-12-31, before the birth of member "m1" on 1980-05-01 / 理赔日期 1979-12-31 早于参保人“m1”的出生日期 1980-05-01'],
    ]);
  });
});

// ---- a misspelt code does not compile ----------------------------------------------------------

describe('a misspelt code', () => {
  const at = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };

  it('is a type error wherever a diagnostic or a request error is made (npm run typecheck)', () => {
    // @ts-expect-error YB999 is not in the catalogue
    const d = diag('YB999', at);
    // @ts-expect-error a diagnostic made by hand, as the parser makes them, takes a catalogue code too
    const byHand: Diagnostic = { code: 'YB0001', severity: 'error', range: at, args: {} };
    // @ts-expect-error YR999 is not in the catalogue
    const e = requestError({ path: '' }, 'YR999', 'default');
    // @ts-expect-error YR001 has no message called "default": each of its messages has a name
    const k = requestError({ path: '' }, 'YR001', 'default');
    // @ts-expect-error a message of another code
    const m = requestMessage('YR008', 'notRealDate', { date: '2025-02-30' });
    // @ts-expect-error evaluation raises only codes with a single message
    const x = new EvalError('YR001', {});
    // At run time a code outside the catalogue shows as itself, never as a crash.
    expect([messageOf(d, 'en'), messageOf(byHand, 'zh'), e.message, k.message, m, x.code]).toEqual(['YB999', 'YB0001', 'YR999 / YR999', 'YR001 / YR001', 'YR008 / YR008', 'YR001']);
  });

  it('and a good one compiles and renders', () => {
    expect(messageOf(diag('YB102', at, { name: 'R1' }), 'en')).toBe('"R1" is already defined.');
    expect(requestError({ claim: 'c1', path: '/claims/0/setting' }, 'YR008', 'unknownSetting', { setting: 'dental' })).toEqual({
      claim: 'c1', path: '/claims/0/setting', code: 'YR008', message: 'unknown setting "dental" / 未知就医类别',
    });
  });
});
