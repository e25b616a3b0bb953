// Rewrites the generated sections of spec/language.md from the code, so the reference can never
// disagree with it about keywords, diagnostics or built-in names:
//   keywords     ← grammar/vocabulary.ts KEYWORDS                       (required)
//   diagnostics  ← engine/ir/diagnostics.ts CATALOGUE                      (required)
//   request-errors ← engine/ir/request-errors.ts REQUEST_CATALOGUE          (required)
//   facts        ← grammar/vocabulary.ts MEMBER_FIELDS, CLAIM_FIELDS, ITEM_FIELDS   (when present)
//   builtins     ← grammar/vocabulary.ts BUILTIN_SETTINGS, BUILTIN_FLAGS, ATTRIBUTE_TYPES (when present)
// Each section sits between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`;
// everything else in the document is left exactly as written.
//
//   npx tsx scripts/gen-language-doc.ts           rewrite spec/language.md
//   npx tsx scripts/gen-language-doc.ts --check   exit 1 if spec/language.md is out of date
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTRIBUTE_TYPES, BUILTIN_FLAGS, BUILTIN_SETTINGS, CLAIM_FIELDS, ITEM_FIELDS, KEYWORDS, MEMBER_FIELDS,
  type FactType, type FieldSpec, type NamedValue,
} from '../grammar/vocabulary';
import { CATALOGUE, type PlanCode, type PlanEntry } from '../engine/ir/diagnostics';
import { REQUEST_CATALOGUE, requestMessage, type MessageKind, type RequestArgs, type RequestCode, type RequestEntry } from '../engine/ir/request-errors';

export const DOC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'spec', 'language.md');

/** Escapes what would break a Markdown table cell. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s}\``;
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

// ---- keywords ----------------------------------------------------------------------------------

export function keywordSection(): string {
  return table(
    ['Token', 'English', 'Chinese', 'Meaning'],
    KEYWORDS.map((k) => [code(k.name), k.en.map(code).join(', '), k.zh.map(code).join(', '), k.doc]),
  );
}

// ---- diagnostics -------------------------------------------------------------------------------

type Args = Record<string, string | number>;

/**
 * Arguments for each code's example messages, in both languages: the first set is the one shown in
 * the reference; further sets reach a template's other branches (test/codes.test.ts renders them
 * all). The types ask for every code of the catalogue and every message of each request code.
 */
export const PLAN_EXAMPLES: Record<PlanCode, readonly [Args, ...Args[]]> = {
  YB001: [{ text: '@' }],
  YB002: [{ expected: 'RCurly', found: 'end of file' }, { expected: '', found: '}' }, { expected: 'Amount', found: '比例' }],
  YB003: [{ found: '{', rule: 'benefitClause' }, { found: 'end of file', rule: '' }],
  YB004: [{ text: '2025-02-30' }],
  YB005: [{ size: 20000001, limit: 20000000 }],
  YB006: [{ limit: 400 }, {}],
  YB007: [{ limit: 100 }],
  YB008: [{}],
  YB009: [{ word: '比例', keyword: 'Ratio' }],
  YB101: [{ name: '特要', hint: '特药' }, { name: '特要', hint: '' }],
  YB102: [{ name: 'R1' }],
  YB103: [{ root: 'claim', rootZh: '理赔', field: 'inPolicy', hint: 'inPolicySelfPay' }, { root: 'this value', rootZh: '此值', field: 'x', hint: '' }],
  YB104: [{ name: 'dental' }],
  YB105: [{ name: '低保', actual: 'group', expected: 'catalogue' }, { name: '共付', actual: 'shared-cap', expected: 'shared deductible' }, { name: 'R1', actual: 'benefit', expected: 'value' }],
  YB106: [{}],
  YB107: [{ path: 'catalogues/drugs.csv', reason: 'no such file', reasonZh: '文件不存在' }],
  YB108: [{ path: 'catalogues/drugs.csv', line: 4, reason: 'column 3: a quoted field is never closed', reasonZh: '第 3 列：带引号的字段缺少右引号' }],
  YB109: [{ name: '人均收入', expected: 3, actual: 2 }],
  YB110: [{ name: '人均收入', key: '2015, urban' }],
  YB111: [{ name: '人均收入', expected: 2, actual: 1 }],
  YB112: [{ value: 'suburban', attribute: 'residence', values: 'urban | rural', valuesZh: 'urban | rural' }, { value: 'many', attribute: 'age2', values: 'number', valuesZh: '数值' }],
  YB113: [{ name: 'drunk' }],
  YB114: [{ name: 'string' }],
  YB115: [{ name: '连续参保' }],
  YB116: [{ path: '../shared/drugs.csv', root: '' }, { path: '../shared/drugs.csv', root: 'data' }],
  YB201: [{ op: 'add', opZh: '相加', left: 'money (yuan)', leftZh: '金额（元）', right: 'a ratio (%)', rightZh: '比例（%）' }, { op: 'add', opZh: '相加', left: 'money (yuan)', leftZh: '金额（元）', right: 'a ratio (%)', rightZh: '比例（%）', hint: 'parentheses' }],
  YB202: [{ expected: 'a ratio (%)', expectedZh: '比例（%）', actual: 'a number', actualZh: '数值' }],
  YB203: [{ actual: 'money (yuan)', actualZh: '金额（元）' }],
  YB204: [{ left: 'a ratio (%)', leftZh: '比例（%）', right: 'a number', rightZh: '数值' }],
  YB205: [{ actual: 'text', actualZh: '文本' }],
  YB206: [{ what: 'A group', whatZh: '人群', on: 'claim' }],
  YB207: [{ left: 'money (yuan)', right: 'a ratio (%)', leftZh: '金额（元）', rightZh: '比例（%）' }],
  YB208: [{ fn: 'min', fnZh: '较小值', left: 'money (yuan)', right: 'a ratio (%)', leftZh: '金额（元）', rightZh: '比例（%）' }],
  YB301: [{ band: 2, from: '8000', prev: '10000' }],
  YB302: [{ band: 2, from: '20000', prev: '10000' }],
  YB303: [{ value: '105%' }],
  YB304: [{ what: 'A deductible', whatZh: '起付线', value: '-500' }],
  YB305: [{}],
  YB306: [{ tilt: '续保奖励', benefit: 'R1', value: '103%' }],
  YB307: [{ band: 1, from: '10000', to: '5000' }],
  YB308: [{ value: '55.555%' }],
  YB313: [{ value: '1.5', unit: 'months', unitZh: '个月' }, { value: '0.5', unit: 'days', unitZh: '天' }],
  YB309: [{ from: '1000' }],
  YB310: [{}],
  YB311: [
    { kind: 'money', value: '100000000000000000000', path: '' },
    { kind: 'ratio', value: '1000%', path: 'data/ratios.csv', line: 3 },
    { kind: 'number', value: '1000000000', path: '' },
    { kind: 'money', value: '1000000000', path: 'data/income.csv', line: 2 },
  ],
  YB312: [
    { kind: 'money', value: '6000.005', path: '' },
    { kind: 'number', value: '1.0000000001', path: 'data/factors.csv', line: 5 },
    { kind: 'number', value: '1.0000000001', path: '' },
  ],
  YB401: [{ from: '2017-06-01', prevTo: '2017-12-31' }],
  YB402: [{ from: '2016-01-01', prev: '2017-01-01' }],
  YB403: [{ from: '2017-12-31', to: '2017-01-01' }],
  YB404: [{ from: '2016-12-31', to: '2017-02-01' }],
  YB501: [{ a: '建档立卡倾斜', b: '续保奖励', target: 'ratio', targetZh: '比例' }],
  YB502: [{ name: '续保奖励' }],
  YB503: [{ target: 'cap', targetZh: '封顶线', benefit: 'R1' }],
  YB504: [{ op: 'scale', expected: 'a percentage', expectedZh: '百分比' }, { op: 'waived', expected: 'a deductible', expectedZh: '起付线' }],
  YB601: [{ name: 'R1' }],
  YB602: [{ name: 'R1' }],
  YB603: [{ name: 'R4', benefit: 'R3' }],
  YB604: [{}],
  YB605: [{ clause: 'ratio' }, { clause: 'settings' }],
  YB606: [{}],
  YB607: [{ name: 'inpatient' }],
  YB701: [{}],
  YB702: [{}],
  YB703: [{ step: '0.05' }],
  YB704: [{}],
  YB705: [{}],
  YB706: [{ days: '7.5' }],
  YB801: [{}],
  YB802: [{}],
  YB901: [{ kind: 'claim', kindZh: '理赔', name: 'c9' }],
  YB902: [{ record: 'claim', id: 'c1', message: 'missing field "date"', messageZh: '缺少字段“date”' }, { record: 'member', id: 'm1', message: '"1980-02-30" is not a real date', messageZh: '“1980-02-30”不是有效日期' }],
  YB903: [{ name: 'R9' }],
  YB904: [{ kind: 'group' }],
  YB905: [{ name: 'c1' }],
  YB906: [{ name: 'R1' }],
  YB907: [{ code: 'YR999' }],
  YB961: [{ root: 'bill' }, { root: 'paid' }],
  YB962: [{}],
  YB963: [{ layer: '大病保险', path: 'jilin-dabing.yibao', count: 2, line: 14, first: 'Unknown name "第一段"; did you mean "第一段比例"?', firstZh: '未定义的名称“第一段”，是否应为“第一段比例”？' }],
  YB964: [{ layer: '基本医保', field: '自付', fields: 'inPolicySelfPay, outOfPolicySelfPay, overLimitSelfPay, 甲类费用', fieldsZh: '政策内自付、政策外自费、超限额自付、甲类费用' }],
  YB965: [{ name: '医疗救助', layer: '大病保险', below: '基本医保' }, { name: '医疗救助', layer: '基本医保', below: '' }],
  YB966: [{ name: '乙类费', hint: '乙类', example: '' }, { name: '总额', hint: '', example: '甲类, 乙类, 丙类' }],
  YB967: [{}],
  YB968: [{}],
  YB969: [{ layer: '大病保险', field: '政策内自付' }],
  YB970: [{}],
  YB971: [{ fn: 'previous' }, { fn: 'cycleMean' }, { fn: 'cycleSum' }],
  YB972: [{ name: '追赔金额', self: '' }, { name: '赔付率', self: 'yes' }],
  YB973: [{}],
  YB974: [{ name: '共保体', sum: '95' }],
  YB975: [{ name: '共保体', count: 11, max: 10 }],
  YB976: [{ what: 'value', name: '赔付率' }, { what: 'shares', name: '保费收入' }],
  YB977: [{}],
  YB978: [{ fn: 'cycleMean' }, { fn: 'cycleSum' }],
  YB979: [{}],
  YB980: [{}],
  YB981: [{ name: 'lowestRatoi', hint: 'lowestRatio' }, { name: '最低比例' }],
  YB982: [{ name: 'hospital', hint: '' }, { name: '住院部', hint: '住院' }],
  YB983: [{ measure: 'lowestRatio', measureZh: '最低支付比例', expected: 'a percentage', expectedZh: '百分比', actual: 'an amount in yuan', actualZh: '金额（元）' }],
  YB984: [{ name: 'incomes', hint: 'income' }, {}],
  YB985: [{}],
  YB986: [{ name: '居民人均可支配收入', why: 'file' }, { name: '居民人均可支配收入', why: 'keys' }, { name: '居民人均可支配收入', why: 'repeated' }, { name: '居民人均可支配收入', why: 'row' }],
  YB987: [{ what: 'region' }, { what: 'table', name: '居民人均可支配收入' }, { what: 'date', name: '2016-02-30' }, { what: 'span', name: '2016-01-01 – 2015-12-31' }],
  YB990: [{ floor: '政策范围内住院费用支付比例达到 75% 以上', measure: 'lowestRatio', measureZh: '最低支付比例', value: '70%', bound: '75%', where: 'for benefit "统筹" on 2016-01-01 when not "理赔.医院等级 = 一级" without tilts', whereZh: '责任“统筹”在 2016-01-01，当 非“理赔.医院等级 = 一级” 时，无倾斜' }],
  YB991: [{ floor: '大病保险支付比例达到 50% 以上', why: 'the value depends on "理赔.比例", which the member or the claim gives', whyZh: '该值取决于“理赔.比例”，由参保人或理赔给出' }],
  YB992: [{ benefit: 'R1', en: 'The payout falls by 1000.00 when the amount reaches 20000.00 (from 2025-01-01).', zh: '金额达到 20000.00 时赔付减少 1000.00（2025-01-01 起）。' }],
  YB993: [{ benefit: 'R1', en: 'From 6000.00 each yuan of cost pays 120% (from 2025-01-01).', zh: '自 6000.00 起每元费用赔付 120%（2025-01-01 起）。' }],
  YB994: [{ benefit: 'R1', en: 'Tilt "低保倾斜" pays 500.00 less on an amount of 20000.00 (from 2025-01-01 with tilts "低保倾斜", "特困倾斜").', zh: '倾斜“低保倾斜”在金额 20000.00 时少赔 500.00（2025-01-01 起，适用倾斜“低保倾斜”、“特困倾斜”）。' }],
};

export const REQUEST_EXAMPLES: { [C in RequestCode]: { [K in MessageKind<C>]: RequestArgs } } = {
  YR001: {
    notObject: {}, notBills: {}, notBill: {}, notPayments: {}, notPayment: {}, unknownField: { field: 'amount' }, missingField: { field: 'date' }, year: {}, array: {},
    notRealDate: { date: '2025-02-30' }, dateFormat: {}, amount: {}, attribute: {}, oneOf: { values: ['urban', 'rural'] },
    bool: {}, number: {}, text: {}, invalid: { detail: 'must NOT have more than 200 characters' }, paidBeforeSubmitted: {},
    notJsonObject: {}, notJson: { detail: 'Unexpected end of JSON input' }, notCsv: { detail: 'column 2: text after the closing quote of a field', detailZh: '第 2 列：字段的右引号后还有内容' },
    cellCount: { cells: 3, columns: 4 }, missingMemberId: {}, rowWithoutMember: {}, rowWithoutClaim: {},
    itemsLine: { line: 4, fault: '3 cells for 4 columns', faultZh: '3 个单元格，应有 4 列' }, itemsUnknownColumn: { line: 4, column: 'price' },
  },
  YR002: {
    unknownMember: { member: 'm9' }, invalidMember: { member: 'm2' }, rejectedMemberLine: { line: 12 },
    noClaimForItems: { claim: 'c9', member: 'm1' },
  },
  YR003: { duplicateMember: { id: 'm1' }, duplicateClaim: { id: 'c1' }, duplicateMemberLine: { id: 'm1', line: 3 } },
  YR004: { default: { given: '1000.00', class: 'in', sum: '2000.00' }, exceeds: { given: '1000.00', class: 'in', sum: '2000.00' } },
  YR006: { default: { name: '起始比例', date: '2016-03-01' } },
  YR007: { default: { table: '人均收入', key: '2015, urban' } },
  YR008: { unknownSetting: { setting: 'dental' }, unknownFlag: { flag: 'drunk' } },
  YR009: { default: {} },
  YR010: { default: { member: 'm1', attribute: 'income' } },
  YR011: { default: {} },
  YR012: { default: {}, noSchedule: {} },
  YR013: { default: { member: 'm1' } },
  YR014: { default: { date: '1979-12-31', member: 'm1', birthDate: '1980-01-01' } },
  YR015: { default: { member: 'm1', field: 'enrolledSince', rule: 'the waiting period', ruleZh: '等待期', line: 12 } },
  YR023: { outsideCalendar: { date: '2027-01-04', from: 2004, to: 2026 }, noDeadline: {} },
  YR020: { default: { layer: '医疗救助', field: '政策内自付', value: '-120.00' } },
  YR021: { default: { layer: '大病保险', paid: '30000.00', base: '25000.00' } },
  YR022: { default: { layer: '医疗救助', paid: '61000.00', total: '60000.00' } },
  YR024: {
    notData: {},
    entityName: {},
    noYears: { entity: '威你保' },
    badYear: { entity: '威你保', value: '2024.5' },
    yearGap: { entity: '威你保', from: 2024, to: 2026 },
    missing: { entity: '威你保', year: '2025', yearZh: '2025年', field: '赔付支出', kind: 'an amount in yuan, to the fen, as "1234.56"', kindZh: '以元计、精确到分的金额，如 "1234.56"' },
    badFigure: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费收入', kind: 'an amount in yuan, to the fen, as "1234.56"', kindZh: '以元计、精确到分的金额，如 "1234.56"', value: '"五千万"' },
    unknownField: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费', hint: '保费收入' },
    sharesSum: { entity: '威你保', year: '2025', yearZh: '2025年', field: '共保体', sum: '95' },
    sharesCount: { entity: '威你保', year: '2025', yearZh: '2025年', field: '共保体', count: 11, max: 10 },
  },
  YR025: {
    divisionByZero: { entity: '威你保', year: '2025', yearZh: '2025年', value: '赔付率' },
    circular: { entity: '威你保', year: '2025', yearZh: '2025年', value: '周期平均赔付率' },
  },
  YR026: {
    badSource: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费收入' },
    unreadable: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费收入', file: 'members-2025.jsonl' },
    planErrors: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费收入', file: 'weihai-2024.yibao' },
    premiumErrors: { entity: '威你保', year: '2025', yearZh: '2025年', field: '保费收入', file: 'members-2025.jsonl', count: 2, first: 'line 3: birthDate is missing', firstZh: '第 3 行：缺少 birthDate' },
    badLine: { entity: '威你保', year: '2025', yearZh: '2025年', field: '赔付支出', file: 'results-2025.jsonl', line: 7, reason: 'has no layer "大病保险"', reasonZh: '没有保障层“大病保险”' },
  },
};

export function diagnosticSection(): string {
  const codes = (Object.keys(CATALOGUE) as PlanCode[]).sort();
  return table(
    ['Code', 'Severity', 'Title', 'Example message (English)', 'Example message (Chinese)'],
    codes.map((c) => {
      const e: PlanEntry = CATALOGUE[c];
      const args = PLAN_EXAMPLES[c][0];
      return [c, e.severity, e.title, e.en(args), e.zh(args)];
    }),
  );
}

export function requestErrorSection(): string {
  const codes = (Object.keys(REQUEST_CATALOGUE) as RequestCode[]).sort();
  return table(
    ['Code', 'Title', 'Path', 'When', 'Example message'],
    codes.map((c) => {
      const e: RequestEntry = REQUEST_CATALOGUE[c];
      const kind = Object.keys(e.messages)[0] as MessageKind<typeof c>;
      const examples: Record<string, RequestArgs> = REQUEST_EXAMPLES[c];
      return [c, e.title, e.path, e.when, code(requestMessage(c, kind, examples[kind]))];
    }),
  );
}

// ---- facts and built-in names ------------------------------------------------------------------

const FACT_TYPE_NAMES: Record<FactType, string> = {
  money: 'money', number: 'number', date: 'date', bool: 'yes/no', string: 'text',
  setting: 'care setting', flags: 'set of flags', class: '`in` or `out`', groups: 'list of groups',
};

function fieldTable(root: string, rootZh: string, fields: readonly FieldSpec[]): string {
  return table(
    ['Field', 'Chinese', 'Type', 'Source', 'Meaning'],
    fields.map((f) => [
      code(`${root}.${f.id}`),
      code(`${rootZh}.${f.zh}`),
      FACT_TYPE_NAMES[f.type] ?? f.type,
      f.derived ? 'computed by the engine' : 'request',
      f.doc,
    ]),
  );
}

export function factSection(): string {
  return [
    '**Member** (`member` / `参保人`)',
    '',
    fieldTable('member', '参保人', MEMBER_FIELDS),
    '',
    '**Claim** (`claim` / `理赔`)',
    '',
    fieldTable('claim', '理赔', CLAIM_FIELDS),
    '',
    '**Item** (`item` / `明细`, only where an item is in scope)',
    '',
    fieldTable('item', '明细', ITEM_FIELDS),
  ].join('\n');
}

const namedTable = (head: string, values: readonly NamedValue[]) =>
  table([head, 'Chinese', 'Meaning'], values.map((v) => [code(v.id), code(v.zh), v.doc]));

export function builtinSection(): string {
  return [
    '**Built-in care settings**',
    '',
    namedTable('Setting', BUILTIN_SETTINGS),
    '',
    '**Built-in claim flags**',
    '',
    namedTable('Flag', BUILTIN_FLAGS),
    '',
    '**Attribute types**',
    '',
    namedTable('Type', ATTRIBUTE_TYPES),
  ].join('\n');
}

// ---- the document ------------------------------------------------------------------------------

const SECTIONS: { name: string; required: boolean; render: () => string }[] = [
  { name: 'keywords', required: true, render: keywordSection },
  { name: 'diagnostics', required: true, render: diagnosticSection },
  { name: 'request-errors', required: true, render: requestErrorSection },
  { name: 'facts', required: false, render: factSection },
  { name: 'builtins', required: false, render: builtinSection },
];

const startMarker = (name: string) => `<!-- generated:${name}:start -->`;
const endMarker = (name: string) => `<!-- generated:${name}:end -->`;

const count = (text: string, part: string) => text.split(part).length - 1;

/** The document with every generated section rewritten from the code; the rest is unchanged. */
export function renderSections(doc: string): string {
  let out = doc;
  for (const s of SECTIONS) {
    const start = startMarker(s.name);
    const end = endMarker(s.name);
    const starts = count(out, start);
    const ends = count(out, end);
    if (starts === 0 && ends === 0 && !s.required) continue;
    if (starts !== 1 || ends !== 1) {
      throw new Error(`spec/language.md needs exactly one ${start} and one ${end} (found ${starts} and ${ends})`);
    }
    const i = out.indexOf(start) + start.length;
    const j = out.indexOf(end);
    if (j < i) throw new Error(`${end} comes before ${start}`);
    out = `${out.slice(0, i)}\n${s.render()}\n${out.slice(j)}`;
  }
  return out;
}

function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(resolve(arg)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const next = renderSections(doc);
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error('spec/language.md is out of date: run `npm run docs`');
      process.exitCode = 1;
    } else console.log('spec/language.md is up to date');
  } else if (next !== doc) {
    writeFileSync(DOC_PATH, next);
    console.log('rewrote the generated sections of spec/language.md');
  } else console.log('spec/language.md is already up to date');
}
