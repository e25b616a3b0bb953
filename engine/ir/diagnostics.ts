// The catalogue of diagnostic codes: one stable code, a severity and a message in Chinese and
// English for each. Stages report codes with arguments; wording lives only here. A code is a
// PlanCode, a key of the catalogue, so a misspelt code does not compile (the parser's included:
// the catalogue registers its codes with grammar/diagnostic.ts below).
import type { Diagnostic, Severity } from '../../grammar/diagnostic';
import { KEYWORDS } from '../../grammar/vocabulary';

export type Lang = 'zh' | 'en';
type Args = Record<string, string | number>;
/** One code: its severity, a short English title, and the message in English and in Chinese. */
export interface PlanEntry {
  severity: Severity;
  title: string;
  en: (a: Args) => string;
  zh: (a: Args) => string;
}

const TOKEN_NAMES: Record<string, [string, string]> = {
  RCurly: ['"}"', '“}”'], LCurly: ['"{"', '“{”'], RParen: ['")"', '“)”'], LParen: ['"("', '“(”'], RBracket: ['"]"', '“]”'],
  LBracket: ['"["', '“[”'], Colon: ['":"', '“:”'], Comma: ['","', '“,”'], Range: ['".."', '“..”'], Equals: ['"="', '“=”'],
  Identifier: ['a name', '名称'], StringLit: ['a quoted string', '带引号的字符串'], DateLit: ['a date', '日期'], NumberLit: ['a number', '数字'],
  Word: ['a name', '名称'],
};
const tokenName = (t: string | number | undefined, lang: Lang) => {
  const k = String(t);
  const known = TOKEN_NAMES[k];
  if (known) return known[lang === 'en' ? 0 : 1];
  const kw = KEYWORDS.find((x) => x.name === k);
  return kw ? (lang === 'en' ? `"${kw.en[0]}"` : `“${kw.zh[0]}”`) : k;
};

/** What the parser was reading, in words an analyst knows. */
const RULE_NAMES: Record<string, [string, string]> = {
  expression: ['an expression', '表达式'], andExpr: ['an expression', '表达式'], notExpr: ['an expression', '表达式'],
  comparison: ['an expression', '表达式'], additive: ['an expression', '表达式'], multiplicative: ['an expression', '表达式'],
  unary: ['an expression', '表达式'], postfix: ['an expression', '表达式'], primary: ['an expression', '表达式'],
  declaration: ['a declaration (plan, benefit, group, …)', '声明（方案、责任、人群等）'], program: ['a declaration', '声明'],
  benefitClause: ['a benefit clause (for, amount, deductible, ratio, banded, cap)', '责任条款（适用、金额、起付线、比例、分段、封顶线）'],
  headerField: ['a header field (source, region, valid, rounding…)', '方案信息（文号、地区、有效期、舍入等）'],
  tiltAction: ['a tilt action (deductible, ratio, cap)', '倾斜调整（起付线、比例、封顶线）'],
  testStatement: ['a member, claim or expect line', '参保人、理赔或预期'], recordValue: ['a value', '取值'],
  band: ['a band (from .. to : ratio)', '分段（起 .. 止 : 比例）'], premiumLine: ['a premium line', '保费行'],
  scheduleClause: ['the basis of the bands (above deductible, on annual amount)', '分段依据（超过起付线、按年度累计）'],
  period: ['per year or per claim', '每年或每次'], roundingMode: ['a rounding mode (half-up, half-even, down, up)', '舍入方式（四舍五入、四舍六入五成双、舍去、进一）'],
  cell: ['a cell (number, amount, percentage, text)', '单元格（数值、金额、百分比、文本）'], expectation: ['an expectation (expect … pays …)', '预期（预期 … 赔付 …）'],
  combineDecl: ['a combine rule (stack, first or best)', '组合方式（叠加、优先或从优）'],
  conditional: ['a condition: if … then … else …', '条件取值：若 … 则 … 否则 …'],
  extremum: ['min(a, b, …) or max(a, b, …)', '较小值(a, b, …) 或 较大值(a, b, …)'],
  chainDecl: ['a chain: bill parts and layers', '结算链：账单各项与保障层'], billDecl: ['the bill\'s parts (bill PART, PART, …)', '账单各项（账单 项, 项, …）'],
  layerDecl: ['a layer (layer NAME "plan.yibao" { … })', '保障层（保障层 名称 "方案.yibao" { … }）'], layerInput: ['a layer input (claim.FIELD = AMOUNT)', '保障层输入（理赔.字段 = 金额）'],
  deadlineDecl: ['a payout deadline (payout within N working days)', '赔付时限（赔付时限 N 个工作日）'],
  citation: ['a citation (cites "文号" "clause" "text")', '依据（依据 "文号" "条款" "原文"）'],
  planHeader: ['the plan\'s header (plan "name" { … })', '方案信息（方案 "名称" { … }）'],
  dateSpan: ['a period (from DATE to DATE)', '期间（日期 至 日期）'],
  settingDecl: ['a care setting', '就医类别'], flagDecl: ['a claim flag', '理赔标记'],
  attributeDecl: ['an attribute (attribute NAME: TYPE)', '属性（属性 名称: 类型）'],
  paramDecl: ['a parameter (param NAME = VALUE)', '参数（参数 名称 = 取值）'],
  versionedExpr: ['a value, or dated steps { from DATE: VALUE … }', '取值，或分日期的取值 { 自 日期: 取值 … }'],
  versionStep: ['a dated step (from DATE: VALUE)', '分日期的取值（自 日期: 取值）'], versionHead: ['a date step\'s dates (from DATE to DATE)', '取值的起止日期（自 日期 至 日期）'],
  tableDecl: ['a table (table NAME by KEY, … { rows })', '数据表（数据表 名称 按列 键, … { 各行 }）'],
  fileRef: ['a file name in quotes', '带引号的文件名'],
  catalogueDecl: ['a catalogue (catalogue NAME [codes] or file "…")', '目录（目录 名称 [编码] 或 文件 "…"）'],
  catalogueVersion: ['a catalogue version (from DATE: …)', '目录版本（自 日期: …）'], catalogueSource: ['a list of codes or a file', '编码列表或文件'],
  stringList: ['a list of texts in quotes', '带引号的文本列表'],
  groupDecl: ['a group (group NAME = CONDITION)', '人群（人群 名称 = 条件）'],
  waitingDecl: ['a waiting period (waiting N days)', '等待期（等待期 N 天）'],
  excludeDecl: ['an exclusion (exclude claim when … because "…")', '除外（除外 理赔 当 … 原因 "…"）'],
  sharedDeductibleDecl: ['a shared deductible (deductible NAME = AMOUNT per year)', '共用起付线（起付线 名称 = 金额 每年）'],
  sharedCapDecl: ['a shared cap (cap NAME = AMOUNT per year)', '共用封顶线（封顶线 名称 = 金额 每年）'],
  forClause: ['the settings it applies to', '适用的就医类别'], amountClause: ['an amount', '金额'], deductibleClause: ['a deductible', '起付线'],
  capClause: ['a cap', '封顶线'], limitValue: ['an amount, or shared NAME', '金额，或 共用 名称'], ratioClause: ['a ratio', '比例'],
  benefitDecl: ['a benefit (benefit NAME { … })', '责任（责任 名称 { … }）'],
  tiltDecl: ['a tilt (tilt NAME for GROUP { … })', '倾斜（倾斜 名称 适用 人群 { … }）'],
  premiumDecl: ['a premium schedule (premium { … })', '保费（保费 { … }）'], testDecl: ['a test (test "name" { … })', '测试（测试 "名称" { … }）'],
  record: ['a record { field: value, … }', '记录 { 字段: 取值, … }'], recordField: ['a field: value', '字段: 取值'],
  fullYears: ['fullYears(from, to)', '满年数(起, 止)'], itemsExpr: ['items (in CATALOGUE, where …)', '明细（属于 目录，满足 …）'],
  fundDecl: ['a fund plan (fund "name" { … })', '基金方案（基金方案 "名称" { … }）'],
  fundItem: ['a fund plan line (input, shares, let, require, allocate, cycle, rounding)', '基金方案条目（输入、份额、计算、要求、分摊、评估周期、舍入）'],
  fundFunction: ['previous(NAME), cycleMean(NAME) or cycleSum(NAME)', '上年(名称)、周期平均(名称) 或 周期合计(名称)'],
  sharesDecl: ['shares (shares NAME at most N)', '份额（份额 名称 最多 N）'],
  floorsDecl: ['a floors plan (floors "name" { … })', '底线方案（底线 "名称" { … }）'],
  floorsItem: ['a floors plan line (region, table, require)', '底线方案条目（地区、数据表、要求）'], floorRule: ['a floor (require "…" …)', '底线要求（要求 "…" …）'],
};

/** The grammar rules a message can name (every rule of the parser; a test holds them equal). */
export const NAMED_RULES: readonly string[] = Object.keys(RULE_NAMES);
const ruleName = (r: string | number | undefined, lang: Lang) => RULE_NAMES[String(r)]?.[lang === 'en' ? 0 : 1] ?? String(r ?? '');

/** Kinds of names and declarations, clauses and roots, in Chinese: the English messages use the words themselves. */
const ZH_WORDS: Record<string, string> = {
  plan: '方案', setting: '就医类别', flag: '理赔标记', attribute: '属性', param: '参数', table: '数据表', catalogue: '目录',
  group: '人群', waiting: '等待期', exclude: '除外', benefit: '责任', tilt: '倾斜', combine: '组合规则', premium: '保费表', test: '测试',
  'shared-deductible': '共用起付线', 'shared deductible': '共用起付线', 'shared-cap': '共用封顶线', 'shared cap': '共用封顶线',
  'enum-value': '属性取值', value: '取值', member: '参保人', claim: '理赔', item: '明细',
  settings: '适用', amount: '金额', deductible: '起付线', cap: '封顶线', ratio: '比例', schedule: '分段表',
};
/** A word of the English messages in Chinese: from the table above, else the keyword it spells, else as it is. */
const zhWord = (w: string | number | undefined) => {
  const k = String(w ?? '');
  return ZH_WORDS[k] ?? KEYWORDS.find((x) => (x.en as readonly string[]).includes(k))?.zh[0] ?? k;
};
/** What the parser found, in Chinese: the end of the file has a name of its own. */
const foundZh = (f: string | number | undefined) => (f === 'end of file' ? '文件结尾' : String(f));

export const CATALOGUE = {
  // ---- lexing and parsing ----
  YB001: { severity: 'error', title: 'unexpected character', en: (a) => `Unexpected character "${a.text}".`, zh: (a) => `无法识别的字符“${a.text}”。` },
  YB002: {
    severity: 'error',
    title: 'syntax error',
    en: (a) => (a.expected ? `Expected ${tokenName(a.expected, 'en')} but found "${a.found}".` : `Unexpected "${a.found}".`),
    zh: (a) => (a.expected ? `此处应为 ${tokenName(a.expected, 'zh')}，却遇到“${foundZh(a.found)}”。` : `此处不应出现“${foundZh(a.found)}”。`),
  },
  YB003: {
    severity: 'error',
    title: 'unexpected input',
    en: (a) => `"${a.found}" does not fit here${a.rule ? `; expected ${ruleName(a.rule, 'en')}` : ''}.`,
    zh: (a) => `“${foundZh(a.found)}”不能出现在此处${a.rule ? `，此处应为${ruleName(a.rule, 'zh')}` : ''}。`,
  },
  YB004: { severity: 'error', title: 'invalid date', en: (a) => `"${a.text}" is not a real date.`, zh: (a) => `“${a.text}”不是有效日期。` },
  YB005: { severity: 'error', title: 'plan too large', en: (a) => `The plan has ${a.size} characters; the limit is ${a.limit}.`, zh: (a) => `方案共 ${a.size} 个字符，超过上限 ${a.limit}。` },
  YB006: { severity: 'error', title: 'nesting too deep', en: (a) => `This expression is nested too deeply${a.limit ? ` (more than ${a.limit} levels)` : ''}; split it with parameters.`, zh: (a) => `表达式嵌套过深${a.limit ? `（超过 ${a.limit} 层）` : ''}，请拆分为参数。` },

  YB007: { severity: 'error', title: 'too many syntax errors', en: (a) => `More than ${a.limit} syntax errors: the rest of the plan was not read.`, zh: (a) => `语法错误超过 ${a.limit} 处，方案其余部分未再读取。` },

  YB008: {
    severity: 'error',
    title: 'condition after a value',
    en: () => 'A value here cannot be followed by "when": write a condition as "if CONDITION then A else B", e.g. ratio if claim.setting = inpatient then 70% else 50%.',
    zh: () => '此处取值后不能接“当”：条件取值写作“若 条件 则 A 否则 B”，例如：比例 若 理赔.就医类别 = 住院 则 70% 否则 50%。',
  },

  YB009: {
    severity: 'error',
    title: 'keyword used as a name',
    en: (a) => `"${a.word}" is a keyword (${tokenName(a.keyword, 'en')}) and cannot be a name; choose another, such as "${a.word}1" or a longer name.`,
    zh: (a) => `“${a.word}”是关键字，不能用作名称；请另取一个名称，如“${a.word}1”或更长的名称。`,
  },

  // ---- names ----
  YB101: { severity: 'error', title: 'unknown name', en: (a) => `Unknown name "${a.name}"${a.hint ? `; did you mean "${a.hint}"?` : '.'}`, zh: (a) => `未定义的名称“${a.name}”${a.hint ? `，是否应为“${a.hint}”？` : '。'}` },
  YB102: { severity: 'error', title: 'duplicate name', en: (a) => `"${a.name}" is already defined.`, zh: (a) => `“${a.name}”已定义过。` },
  YB103: { severity: 'error', title: 'unknown field', en: (a) => `${a.root} has no field "${a.field}"${a.hint ? `; did you mean "${a.hint}"?` : '.'}`, zh: (a) => `${a.rootZh ?? a.root}没有字段“${a.field}”${a.hint ? `，是否应为“${a.hint}”？` : '。'}` },
  YB104: { severity: 'error', title: 'unknown setting', en: (a) => `Unknown care setting "${a.name}".`, zh: (a) => `未知的就医类别“${a.name}”。` },
  YB105: { severity: 'error', title: 'wrong kind of name', en: (a) => `"${a.name}" is a ${a.actual}, not a ${a.expected}.`, zh: (a) => `“${a.name}”是${zhWord(a.actual)}，不是${zhWord(a.expected)}。` },
  YB106: { severity: 'error', title: 'item outside item context', en: () => '`item` can only be used in item exclusions and `items where`.', zh: () => '“明细”只能用于明细除外和“明细 满足”条件中。' },
  YB107: { severity: 'error', title: 'missing file', en: (a) => `Cannot read "${a.path}": ${a.reason}`, zh: (a) => `无法读取文件“${a.path}”：${a.reasonZh ?? a.reason}` },
  YB108: { severity: 'error', title: 'bad CSV', en: (a) => `${a.path}:${a.line}: ${a.reason}`, zh: (a) => `${a.path} 第 ${a.line} 行：${a.reasonZh ?? a.reason}` },
  YB109: { severity: 'error', title: 'table row shape', en: (a) => `A row of table "${a.name}" needs ${a.expected} cells (keys then value); it has ${a.actual}.`, zh: (a) => `数据表“${a.name}”的每行应有 ${a.expected} 项（键列与值），此行有 ${a.actual} 项。` },
  YB110: { severity: 'error', title: 'duplicate table key', en: (a) => `Table "${a.name}" has two rows for ${a.key}.`, zh: (a) => `数据表“${a.name}”中 ${a.key} 重复出现。` },
  YB111: { severity: 'error', title: 'wrong number of keys', en: (a) => `Table "${a.name}" is keyed by ${a.expected} columns; ${a.actual} given.`, zh: (a) => `数据表“${a.name}”有 ${a.expected} 个键列，此处给了 ${a.actual} 个。` },
  YB112: { severity: 'error', title: 'unknown attribute value', en: (a) => `"${a.value}" is not a value of ${a.attribute} (${a.values}).`, zh: (a) => `“${a.value}”不是属性 ${a.attribute} 的取值（${a.valuesZh ?? a.values}）。` },
  YB113: { severity: 'error', title: 'unknown flag', en: (a) => `Unknown claim flag "${a.name}".`, zh: (a) => `未知的理赔标记“${a.name}”。` },
  YB114: { severity: 'error', title: 'unknown attribute type', en: (a) => `Unknown attribute type "${a.name}".`, zh: (a) => `未知的属性类型“${a.name}”。` },
  YB115: { severity: 'error', title: 'defined by itself', en: (a) => `"${a.name}" is defined in terms of itself.`, zh: (a) => `“${a.name}”的定义引用了自身。` },
  YB116: {
    severity: 'error',
    title: 'data file outside the plan\'s folder',
    en: (a) => (a.root ? `A data file must be inside the data folder "${a.root}": "${a.path}".` : `A data file must be inside the plan's folder: "${a.path}".`),
    zh: (a) => (a.root ? `数据文件必须位于数据文件夹“${a.root}”内：“${a.path}”。` : `数据文件必须位于方案所在文件夹内：“${a.path}”。`),
  },

  // ---- units and types ----
  YB201: {
    severity: 'error',
    title: 'unit mismatch',
    en: (a) => `Cannot ${a.op} ${a.left} and ${a.right}.${a.hint ? ' "*" and "/" come before "+" and "-": put parentheses around the part to work out first, e.g. claim.inPolicySelfPay * (50% + 10%).' : ''}`,
    zh: (a) => `${a.leftZh}与${a.rightZh}不能${a.opZh}。${a.hint ? '乘除先于加减：请用括号括出要先算的部分，如 理赔.政策内自付 * (50% + 10%)。' : ''}`,
  },
  YB202: { severity: 'error', title: 'wrong type', en: (a) => `Expected ${a.expected} here, found ${a.actual}.`, zh: (a) => `此处应为${a.expectedZh}，实际为${a.actualZh}。` },
  YB203: { severity: 'error', title: 'not a condition', en: (a) => `A condition must be true or false; this is ${a.actual}.`, zh: (a) => `条件应为是/否，实际为${a.actualZh}。` },
  YB204: { severity: 'error', title: 'bad comparison', en: (a) => `Cannot compare ${a.left} with ${a.right}.`, zh: (a) => `${a.leftZh}不能与${a.rightZh}比较。` },
  YB205: { severity: 'error', title: 'bad membership test', en: (a) => `"in" needs a group, catalogue or list on the right; found ${a.actual}.`, zh: (a) => `“属于”右边应为人群、目录或列表，实际为${a.actualZh ?? a.actual}。` },
  YB207: {
    severity: 'error',
    title: 'branches of different kinds',
    en: (a) => `The branches of "if" give ${a.left} and ${a.right}; both must give the same kind of value.`,
    zh: (a) => `“若”的两个分支分别为${a.leftZh}和${a.rightZh}，两者须为同一类取值。`,
  },
  YB208: {
    severity: 'error',
    title: 'min or max of different kinds',
    en: (a) => `"${a.fn}" takes values of one kind that can be ordered (amounts, ratios, numbers, days or dates); found ${a.left} and ${a.right}.`,
    zh: (a) => `“${a.fnZh}”的各项须为可比较大小的同一类取值（金额、比例、数值、天数或日期），此处为${a.leftZh}和${a.rightZh}。`,
  },
  YB206: { severity: 'error', title: 'value depends on the claim', en: (a) => `${a.what} cannot depend on ${a.on}.`, zh: (a) => `${a.whatZh}不能依赖${zhWord(a.on)}。` },

  // ---- schedules ----
  YB301: { severity: 'error', title: 'bands overlap', en: (a) => `Band ${a.band} starts at ${a.from}, before the previous band ends at ${a.prev}.`, zh: (a) => `第 ${a.band} 段起点 ${a.from} 早于上一段终点 ${a.prev}，分段重叠。` },
  YB302: { severity: 'error', title: 'band gap', en: (a) => `Band ${a.band} starts at ${a.from}, leaving a gap after ${a.prev}.`, zh: (a) => `第 ${a.band} 段起点 ${a.from} 与上一段终点 ${a.prev} 之间有空档。` },
  YB303: { severity: 'error', title: 'ratio above 100%', en: (a) => `A ratio of ${a.value} is above 100%.`, zh: (a) => `赔付比例 ${a.value} 超过 100%。` },
  YB304: { severity: 'error', title: 'negative value', en: (a) => `${a.what} cannot be negative (${a.value}).`, zh: (a) => `${a.whatZh}不能为负（${a.value}）。` },
  YB305: { severity: 'error', title: 'open band not last', en: () => 'Only the last band may be open-ended.', zh: () => '只有最后一段可以不设上限。' },
  YB306: { severity: 'error', title: 'tilted ratio above 100%', en: (a) => `Tilt "${a.tilt}" raises a ratio of ${a.benefit} to ${a.value}, above 100%.`, zh: (a) => `倾斜“${a.tilt}”使 ${a.benefit} 的比例升至 ${a.value}，超过 100%。` },
  YB307: { severity: 'error', title: 'empty band', en: (a) => `Band ${a.band} ends (${a.to}) where or before it starts (${a.from}).`, zh: (a) => `第 ${a.band} 段终点 ${a.to} 不大于起点 ${a.from}。` },
  YB308: { severity: 'error', title: 'ratio too precise', en: (a) => `Ratio ${a.value} has more than two decimals of a percent.`, zh: (a) => `比例 ${a.value} 精度超过 0.01%。` },
  YB310: { severity: 'warning', title: 'closed last band of a whole-amount schedule', en: () => 'Amounts above the last band have no ratio: a whole-amount schedule would then pay nothing at all. Leave the last band open.', zh: () => '全额累进的最后一段设了上限：超过后没有适用比例，将整体不予赔付。请让最后一段不设上限。' },
  YB311: {
    severity: 'error',
    title: 'constant too large to compute exactly',
    en: (a) => {
      const where = a.path ? ` (${a.path}:${a.line})` : '';
      if (a.kind === 'ratio') return `The percentage ${a.value}${where} is too large to compute exactly: a percentage in a plan may be at most 900%.`;
      if (a.kind === 'number') return `The number ${a.value}${where} is too large to compute exactly: a number in a plan must be below one billion.`;
      return `The amount ${a.value} yuan${where} is too large to compute exactly: an amount in a plan must be below one billion yuan.`;
    },
    zh: (a) => {
      const where = a.path ? `（${a.path} 第 ${a.line} 行）` : '';
      if (a.kind === 'ratio') return `百分比 ${a.value}${where || ' '}过大，无法精确计算：方案中的百分比不得超过 900%。`;
      if (a.kind === 'number') return `数值 ${a.value}${where || ' '}过大，无法精确计算：方案中的数值须小于十亿。`;
      return `金额 ${a.value} 元${where}过大，无法精确计算：方案中的金额须小于十亿元。`;
    },
  },
  YB312: {
    severity: 'error',
    title: 'constant too precise to compute exactly',
    en: (a) => {
      const where = a.path ? ` (${a.path}:${a.line})` : '';
      if (a.kind === 'number') return `The number ${a.value}${where} has more than nine significant digits: the engine computes exactly only up to nine.`;
      return `The amount ${a.value} yuan${where} has more than two decimals: amounts are computed in whole fen (0.01 yuan).`;
    },
    zh: (a) => {
      const where = a.path ? `（${a.path} 第 ${a.line} 行）` : '';
      if (a.kind === 'number') return `数值 ${a.value}${where || ' '}的有效数字超过九位，无法精确计算。`;
      return `金额 ${a.value} 元${where}超过两位小数：金额以分（0.01 元）为单位精确计算。`;
    },
  },
  YB313: { severity: 'error', title: 'duration not whole', en: (a) => `A duration counts whole ${a.unit}${a.unit === 'months' ? ' (a year is 12 months)' : ''}: ${a.value} ${a.unit} is not whole.`, zh: (a) => `期间须为整数${a.unitZh}${a.unit === 'months' ? '（一年按 12 个月计）' : ''}：${a.value} ${a.unitZh}不是整数。` },
  YB309: { severity: 'warning', title: 'first band above zero', en: (a) => `Bands on the amount above the deductible start at ${a.from}; amounts below it pay nothing.`, zh: (a) => `超过起付线部分的分段从 ${a.from} 开始，此前金额不予赔付。` },

  // ---- dates and versions ----
  YB401: { severity: 'error', title: 'overlapping date steps', en: (a) => `The step from ${a.from} overlaps the step in force until ${a.prevTo}.`, zh: (a) => `自 ${a.from} 起的取值与此前至 ${a.prevTo} 的取值时间重叠。` },
  YB402: { severity: 'error', title: 'date steps out of order', en: (a) => `Steps must be in date order: ${a.from} comes after ${a.prev}.`, zh: (a) => `分段生效日期应按先后排列：${a.from} 应在 ${a.prev} 之后。` },
  YB403: { severity: 'error', title: 'reversed date span', en: (a) => `The span ends (${a.to}) before it starts (${a.from}).`, zh: (a) => `截止日期 ${a.to} 早于起始日期 ${a.from}。` },
  YB404: { severity: 'warning', title: 'gap between date steps', en: (a) => `No value is in force from ${a.from} to ${a.to}; claims dated then are rejected.`, zh: (a) => `${a.from} 至 ${a.to} 之间没有生效的取值，该期间的理赔将被拒绝。` },

  // ---- tilts ----
  YB501: { severity: 'error', title: 'tilts may overlap', en: (a) => `Tilts "${a.a}" and "${a.b}" can both apply to one member and both change ${a.target}; write a combine rule (stack, first or best).`, zh: (a) => `倾斜“${a.a}”与“${a.b}”可能同时适用于同一参保人且都调整${a.targetZh}，请写明组合方式（叠加、优先或从优）。` },
  YB502: { severity: 'error', title: 'tilt combined twice', en: (a) => `Tilt "${a.name}" appears in more than one combine rule.`, zh: (a) => `倾斜“${a.name}”出现在多条组合规则中。` },
  YB503: { severity: 'error', title: 'tilt target missing', en: (a) => `Tilt changes the ${a.target} of ${a.benefit}, which has no ${a.target} of its own (a shared one is tilted by its own name).`, zh: (a) => `倾斜调整 ${a.benefit} 的${a.targetZh}，但该责任没有自有的${a.targetZh}（共用的请以其名称调整）。` },
  YB504: { severity: 'error', title: 'tilt action needs a value', en: (a) => `"${a.op}" needs ${a.expected}.`, zh: (a) => `“${zhWord(a.op)}”需要${a.expectedZh}。` },

  // ---- benefits ----
  YB601: { severity: 'error', title: 'benefit without amount', en: (a) => `Benefit "${a.name}" has no amount.`, zh: (a) => `责任“${a.name}”缺少金额。` },
  YB602: { severity: 'error', title: 'benefit without ratio', en: (a) => `Benefit "${a.name}" needs a ratio or a banded/whole-amount schedule.`, zh: (a) => `责任“${a.name}”需要赔付比例或分段表。` },
  YB603: { severity: 'error', title: 'excluding a later benefit', en: (a) => `"${a.name}" must be declared before "${a.benefit}" to keep its items out.`, zh: (a) => `“${a.name}”须在“${a.benefit}”之前声明，才能扣除其已赔项目。` },
  YB604: { severity: 'error', title: 'per-claim deductible with annual bands', en: () => 'Bands on the annual amount need an annual deductible; use bands above the deductible.', zh: () => '按年度累计分段须配合年度起付线；请改为按超过起付线部分分段。' },
  YB605: { severity: 'error', title: 'clause written twice', en: (a) => `The ${a.clause} of a benefit is written twice.`, zh: (a) => `责任的“${zhWord(a.clause)}”重复出现。` },
  YB606: { severity: 'error', title: 'both ratio and schedule', en: () => 'A benefit has either one ratio or a schedule, not both.', zh: () => '责任只能有单一比例或分段表之一。' },
  YB607: { severity: 'error', title: 'duplicate setting', en: (a) => `Setting "${a.name}" is listed twice.`, zh: (a) => `就医类别“${a.name}”重复列出。` },

  // ---- plan header ----
  YB701: { severity: 'error', title: 'missing plan header', en: () => 'The plan has no `plan "name" { … }` header.', zh: () => '缺少方案信息块 “方案 \"名称\" { … }”。' },
  YB702: { severity: 'error', title: 'two plan headers', en: () => 'A plan has one header.', zh: () => '方案信息块只能有一个。' },
  YB703: { severity: 'error', title: 'bad rounding step', en: (a) => `Rounding step ${a.step} must be 0.01, 0.1, 1, 10 or 100 yuan.`, zh: (a) => `舍入单位 ${a.step} 应为 0.01、0.1、1、10 或 100 元。` },
  YB704: { severity: 'error', title: 'two waiting periods', en: () => 'A plan has at most one waiting period.', zh: () => '等待期只能声明一次。' },
  YB706: { severity: 'error', title: 'bad payout deadline', en: (a) => `A payout deadline is a whole number of working days from 1 to 365, not ${a.days}; it may be given once.`, zh: (a) => `赔付时限应为 1 至 365 之间的整数个工作日（此处为 ${a.days}），且只能声明一次。` },
  YB705: { severity: 'error', title: 'two premium schedules', en: () => 'A plan has at most one premium schedule.', zh: () => '保费表只能声明一次。' },

  // ---- premiums ----
  YB801: { severity: 'warning', title: 'premium not total', en: () => 'The premium schedule has no `otherwise` line; a member no line matches gets an error.', zh: () => '保费表缺少“其他”行，不满足任何条件的参保人将报错。' },
  YB802: { severity: 'error', title: 'otherwise not last', en: () => '`otherwise` must be the last premium line.', zh: () => '“其他”必须是保费表的最后一行。' },

  // ---- settlement chains (spec §26) ----
  YB961: { severity: 'error', title: 'bill or paid outside a chain', en: (a) => `"${a.root}" can only be read in the inputs of a chain's layers (layer NAME "plan.yibao" { claim.FIELD = … }).`, zh: (a) => `“${zhWord(a.root)}”只能在结算链各保障层的输入中读取（保障层 名称 "方案.yibao" { 理赔.字段 = … }）。` },
  YB962: { severity: 'error', title: 'chain mixed with a plan', en: () => 'A chain is a file of its own: it cannot sit beside plan declarations, and a file holds one chain.', zh: () => '结算链应单独成文件：不能与方案声明写在一起，一个文件只能有一条结算链。' },
  YB963: { severity: 'error', title: 'layer plan has errors', en: (a) => `The plan of layer "${a.layer}" (${a.path}) has ${a.count} error(s); the first, on its line ${a.line}: ${a.first}`, zh: (a) => `保障层“${a.layer}”的方案（${a.path}）有 ${a.count} 处错误，第一处在其第 ${a.line} 行：${a.firstZh}` },
  YB964: { severity: 'error', title: 'not a money field of the layer', en: (a) => `The plan of layer "${a.layer}" has no money field "${a.field}" in its claims; it has ${a.fields}.`, zh: (a) => `保障层“${a.layer}”的方案没有理赔金额字段“${a.field}”，可用的有：${a.fieldsZh}。` },
  YB965: { severity: 'error', title: 'paid by a layer not below', en: (a) => `"${a.name}" is not a layer below "${a.layer}": a layer reads only what the layers below it paid${a.below ? ` (below it: ${a.below})` : '; it is the lowest layer'}.`, zh: (a) => `“${a.name}”不是“${a.layer}”之下的保障层：每层只能读取其下各层已付的金额${a.below ? `（其下：${a.below}）` : '；它是最低一层'}。` },
  YB966: { severity: 'error', title: 'unknown bill part', en: (a) => `The bill has no part "${a.name}"${a.hint ? `; did you mean "${a.hint}"?` : `; its parts are declared with bill ${a.example}.`}`, zh: (a) => `账单没有“${a.name}”这一项${a.hint ? `，是否应为“${a.hint}”？` : `；账单各项以“账单 ${a.example}”声明。`}` },
  YB967: { severity: 'error', title: 'not allowed in a layer input', en: () => 'A layer input is an amount in yuan made of bill parts, what lower layers paid, amounts, + and −, × a percentage, min and max.', zh: () => '保障层的输入应为金额：由账单各项、下层已付、金额常数、加减、乘以百分比、较小值与较大值组成。' },
  YB968: { severity: 'error', title: 'chain without a bill or a layer', en: () => 'A chain needs the parts of its bill (bill PART, PART, …) and at least one layer.', zh: () => '结算链需要声明账单各项（账单 甲类, 乙类, 丙类）和至少一个保障层。' },
  YB969: { severity: 'error', title: 'input given twice', en: (a) => `Layer "${a.layer}" is given claim.${a.field} twice.`, zh: (a) => `保障层“${a.layer}”的理赔.${a.field}被赋值了两次。` },

  // ---- fund plans (spec §28) ----
  YB970: { severity: 'error', title: 'fund plan mixed with a plan', en: () => 'A fund plan is a file of its own (NAME.fund.yibao): it cannot sit beside plan or chain declarations, and a file holds one fund plan.', zh: () => '基金方案应单独成一个文件：不能与方案或结算链的声明写在一起，一个文件只能有一个基金方案。' },
  YB971: { severity: 'error', title: 'fund function outside a fund plan', en: (a) => `"${a.fn}" reads the years of a fund plan; a plan's rules see one claim and its member.`, zh: (a) => `“${a.fn === 'previous' ? '上年' : a.fn === 'cycleMean' ? '周期平均' : '周期合计'}”读取基金方案的各年数值，只能在基金方案中使用；方案的规则只针对一次理赔及其参保人。` },
  YB972: { severity: 'error', title: 'value read before it is computed', en: (a) => (a.self ? `"${a.name}" is computed on this line: its cycle's figures can be read by the values below it, once it is computed.` : `"${a.name}" is computed below this line; a value reads the inputs and the values above it (previous(${a.name}) reads last year's).`), zh: (a) => (a.self ? `“${a.name}”正在本行计算：其周期数值只能由后面的计算值在其计算之后读取。` : `“${a.name}”在本行之后才计算；计算值只能读取输入和前面的计算值（上年(${a.name}) 可读取上年的值）。`) },
  YB973: { severity: 'error', title: 'not a figure of the fund', en: () => 'A fund plan computes with amounts, ratios, numbers and conditions over its inputs and values; claims, members, items, dates and text are not among them.', zh: () => '基金方案只用金额、比例、数值和条件，对其输入和计算值进行计算；理赔、参保人、明细、日期和文本不在其中。' },
  YB974: { severity: 'error', title: 'shares not summing to 100 %', en: (a) => `The shares of "${a.name}" sum to ${a.sum}%, not 100%.`, zh: (a) => `“${a.name}”的各份额合计为 ${a.sum}%，不等于 100%。` },
  YB975: { severity: 'error', title: 'too many shares', en: (a) => `"${a.name}" has ${a.count} members, more than the ${a.max} it allows.`, zh: (a) => `“${a.name}”有 ${a.count} 个成员，超过了限定的 ${a.max} 个。` },
  YB976: { severity: 'error', title: 'bad allocation', en: (a) => `"allocate" splits an amount by shares: ${a.what === 'value' ? `"${a.name}" is not an amount computed or given in yuan` : `"${a.name}" is not declared as shares`}.`, zh: (a) => `“分摊”按份额拆分金额：${a.what === 'value' ? `“${a.name}”不是以元计的金额` : `“${a.name}”未声明为份额`}。` },
  YB977: { severity: 'error', title: 'bad cycle', en: () => 'A cycle is a whole number of years from 1 to 50, from a year between 1900 and 2200, declared once.', zh: () => '评估周期应为 1 至 50 的整数年，起始年份在 1900 至 2200 之间，且只能声明一次。' },
  YB978: { severity: 'error', title: 'cycle figure without a cycle', en: (a) => `"${a.fn}" needs the fund plan's cycle (cycle 3 years).`, zh: (a) => `“${a.fn === 'cycleMean' ? '周期平均' : '周期合计'}”需要基金方案声明评估周期（评估周期 3 年）。` },
  YB979: { severity: 'error', title: 'fund plan without inputs', en: () => 'A fund plan needs at least one input (input NAME amount), the figures each year of the data gives.', zh: () => '基金方案至少需要一项输入（输入 名称 金额），即数据逐年给出的数值。' },


  // ---- floors (spec §29) ----
  YB980: { severity: 'error', title: 'floors mixed with a plan', en: () => 'Floors are a file of their own (NAME.floors.yibao): they cannot sit beside plan, chain or fund declarations, and a file holds one floors declaration.', zh: () => '底线应单独成一个文件：不能与方案、结算链或基金方案的声明写在一起，一个文件只能有一个底线声明。' },
  YB981: { severity: 'error', title: 'unknown floor measure', en: (a) => `"${a.name}" is not a measure of a plan${a.hint ? `; did you mean "${a.hint}"?` : ''} A floor measures lowestRatio or annualMaximum.`, zh: (a) => `“${a.name}”不是可度量的方案指标${a.hint ? `，是否应为“${a.hint}”？` : '。'}底线可度量“最低支付比例”或“最高支付限额”。` },
  YB982: { severity: 'error', title: 'unknown care setting in a floor', en: (a) => `"${a.name}" is not a built-in care setting${a.hint ? `; did you mean "${a.hint}"?` : ''} (inpatient, outpatient, chronic_outpatient, pharmacy, maternity).`, zh: (a) => `“${a.name}”不是内置的就医类别${a.hint ? `，是否应为“${a.hint}”？` : ''}（住院、普通门诊、门诊慢特病、定点药店、生育）。` },
  YB983: { severity: 'error', title: 'floor bound of the wrong unit', en: (a) => `${a.measure} is held against ${a.expected}; this bound is ${a.actual}.`, zh: (a) => `“${a.measureZh}”应与${a.expectedZh}比较，此处为${a.actualZh}。` },
  YB984: { severity: 'error', title: 'not allowed in a floor bound', en: (a) => (a.name ? `"${a.name}" is not a table of these floors${a.hint ? `; did you mean "${a.hint}"?` : '.'}` : 'A floor\'s bound is made of percentages, amounts, plain numbers, the floors\' tables (TABLE, or previous(TABLE) for the year before), +, − and × by a number.'), zh: (a) => (a.name ? `“${a.name}”不是本底线文件的数据表${a.hint ? `，是否应为“${a.hint}”？` : '。'}` : '底线的界限只能由百分比、金额、数值、本文件的数据表（表名，或 上年(表名) 取上一年的数值）、加减以及乘以数值组成。') },
  YB985: { severity: 'error', title: 'floors without rules', en: () => 'A floors file needs one floors declaration with at least one rule: floors "name" { require "text" lowestRatio inpatient >= 70% }.', zh: () => '底线文件需要一个底线声明，且至少有一条要求：底线 "名称" { 要求 "说明" 最低支付比例 住院 >= 70% }。' },
  YB986: { severity: 'error', title: 'bad floors table', en: (a) => `Table "${a.name}": ${a.why === 'file' ? 'the tables of floors are written in the file, not read from another' : a.why === 'keys' ? 'a table of floors is keyed by region and year (table NAME by region, year { "city" 2011 15000 })' : a.why === 'repeated' ? 'this region and year are given twice' : 'each row is a region, a year (four digits) and an amount in yuan'}.`, zh: (a) => `数据表“${a.name}”：${a.why === 'file' ? '底线的数据表应直接写在文件中，不能从其他文件读取' : a.why === 'keys' ? '底线的数据表按地区和年份列出（数据表 名称 按列 地区, 年份 { "某市" 2011 15000 }）' : a.why === 'repeated' ? '该地区和年份重复给出' : '每行应为地区、四位年份和金额（元）'}。` },
  YB987: { severity: 'error', title: 'bad floors item', en: (a) => (a.what === 'region' ? 'The region is given twice.' : a.what === 'table' ? `Table "${a.name}" is declared twice.` : a.what === 'date' ? `"${a.name}" is not a date.` : `The span ${a.name} ends before it starts.`), zh: (a) => (a.what === 'region' ? '地区重复给出。' : a.what === 'table' ? `数据表“${a.name}”重复声明。` : a.what === 'date' ? `“${a.name}”不是有效日期。` : `期间 ${a.name} 的结束早于开始。`) },
  // Reported on the plan's line, with the floor's line as related information.
  YB990: { severity: 'error', title: 'floor not met', en: (a) => `Floor "${a.floor}" is not met: ${a.measure} is ${a.value} ${a.where}, below ${a.bound}.`, zh: (a) => `未达到底线“${a.floor}”：${a.whereZh}，${a.measureZh}为 ${a.value}，低于 ${a.bound}。` },
  YB991: { severity: 'warning', title: 'floor cannot be proven', en: (a) => `Floor "${a.floor}" cannot be proven from the plan: ${a.why}.`, zh: (a) => `无法根据方案证明底线“${a.floor}”：${a.whyZh}。` },
  YB992: { severity: 'warning', title: 'payout falls as the amount grows', en: (a) => `Benefit "${a.benefit}": ${a.en}`, zh: (a) => `责任“${a.benefit}”：${a.zh}` },
  YB993: { severity: 'warning', title: 'marginal ratio above 100 %', en: (a) => `Benefit "${a.benefit}": ${a.en}`, zh: (a) => `责任“${a.benefit}”：${a.zh}` },
  YB994: { severity: 'warning', title: 'favourable tilt pays less', en: (a) => `Benefit "${a.benefit}": ${a.en}`, zh: (a) => `责任“${a.benefit}”：${a.zh}` },
  // ---- tests ----
  YB901: { severity: 'error', title: 'unknown test record', en: (a) => `Test has no ${a.kind} named "${a.name}".`, zh: (a) => `测试中没有名为“${a.name}”的${a.kindZh}。` },
  // `message` is the request error's own, in both languages ("English / 中文").
  YB902: { severity: 'error', title: 'invalid test record', en: (a) => `${a.record} ${a.id}: ${a.message}`, zh: (a) => `${zhWord(a.record)} ${a.id}：${a.messageZh ?? a.message}` },
  YB904: { severity: 'error', title: 'not a test in a test file', en: (a) => `A test file (NAME.test.yibao) holds only test blocks; found a ${a.kind}.`, zh: (a) => `测试文件（NAME.test.yibao）只能包含测试用例，此处为${zhWord(a.kind)}。` },
  YB905: { severity: 'error', title: 'test name of a member and a claim', en: (a) => `"${a.name}" names both a member and a claim of this test; rename one so the expectation says which.`, zh: (a) => `“${a.name}”既是本测试的参保人又是理赔，请改名以明确预期所指。` },
  YB906: { severity: 'error', title: 'benefit named where it does not apply', en: (a) => `Only a payout can be expected of one benefit ("${a.name}"); premiums, exclusions and rejections are of the whole claim or member.`, zh: (a) => `只有赔付可按责任（“${a.name}”）预期；保费、除外和拒绝针对整个理赔或参保人。` },
  YB907: { severity: 'error', title: 'unknown request error code', en: (a) => `"${a.code}" is not a request error code such as YR006 or YR007.`, zh: (a) => `“${a.code}”不是请求错误码（如 YR006、YR007）。` },
  YB903: { severity: 'error', title: 'unknown benefit in test', en: (a) => `No benefit named "${a.name}".`, zh: (a) => `没有名为“${a.name}”的责任。` },
} as const satisfies Record<`YB${number}`, PlanEntry>;

/** A diagnostic code: exactly the codes of the catalogue. */
export type PlanCode = keyof typeof CATALOGUE;

// Every Diagnostic, wherever it is made (the parser included), carries a PlanCode.
declare module '../../grammar/diagnostic' {
  interface DiagnosticCodes extends Record<PlanCode, true> {}
}

const entryOf = (code: string): PlanEntry | undefined => (Object.hasOwn(CATALOGUE, code) ? CATALOGUE[code as PlanCode] : undefined);

export function messageOf(d: Pick<Diagnostic, 'code' | 'args'>, lang: Lang): string {
  const e = entryOf(d.code);
  if (!e) return `${d.code}`;
  return e[lang](d.args);
}

export function severityOf(code: PlanCode): Severity {
  return entryOf(code)?.severity ?? 'error';
}

/** The one way a checking stage makes a diagnostic: a catalogue code, where, and the message's values. */
export function diag(code: PlanCode, range: Diagnostic['range'], args: Args = {}, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: severityOf(code), range, args, ...extra };
}

/** Sorts by file, then position, then code: the order every tool shows diagnostics in. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code),
  );
}

export const hasErrors = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

/** A code frame: file:line:column, the message, and the source line with a caret underline. */
export function formatDiagnostic(d: Diagnostic, text: string, lang: Lang = 'zh'): string {
  const { line, column } = d.range.start;
  const lines = text.split('\n');
  const src = (lines[line - 1] ?? '').replace(/\r$/, '');
  const width = d.range.end.line === line ? Math.max(1, d.range.end.column - column) : Math.max(1, src.length - column + 1);
  const gutter = String(line).length;
  const pad = (s: string) => ' '.repeat(gutter - s.length) + s;
  const caretPad = [...src.slice(0, column - 1)].map((ch) => (isWide(ch) ? '  ' : ch === '\t' ? '\t' : ' ')).join('');
  const caretLen = [...src.slice(column - 1, column - 1 + width)].reduce((n, ch) => n + (isWide(ch) ? 2 : 1), 0);
  const sev = lang === 'zh' ? { error: '错误', warning: '警告', info: '提示' }[d.severity] : d.severity;
  const out = [
    `${d.file ?? '<plan>'}:${line}:${column}: ${sev} ${d.code}: ${messageOf(d, lang)}`,
    `${pad(String(line))} | ${src}`,
    `${' '.repeat(gutter)} | ${caretPad}${'^'.repeat(Math.max(1, caretLen))}`,
  ];
  for (const r of d.related ?? []) out.push(`${' '.repeat(gutter)} = ${r.note[lang]} (${r.file ?? d.file ?? '<plan>'}:${r.range.start.line}:${r.range.start.column})`);
  return out.join('\n');
}

function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
}
