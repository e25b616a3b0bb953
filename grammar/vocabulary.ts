// The one vocabulary of the language. The lexer, the editor's highlighting and completion,
// and the keyword table in spec/language.md are all generated from this file.

export interface KeywordSpec {
  /** Token name; stable, used by the parser. */
  readonly name: string;
  readonly en: readonly string[];
  readonly zh: readonly string[];
  /** One line for hover and docs, English then Chinese. */
  readonly doc: string;
}

export const KEYWORDS = [
  { name: 'Plan', en: ['plan'], zh: ['方案'], doc: 'Plan header block: name and metadata. / 方案基本信息。' },
  { name: 'Source', en: ['source'], zh: ['文号'], doc: 'Issuing document number. / 发文文号。' },
  { name: 'Cites', en: ['cites'], zh: ['依据'], doc: 'The legal source of what it follows: `cites "威医保发〔2023〕48号" "二(三)2" "quoted phrase"` (document number, then optional clause and quotation). Shown in traces, explanations and hovers. / 法律依据：文号、条款（可选）、原文摘录（可选），写在所依据的声明或条款之后。' },
  { name: 'Region', en: ['region'], zh: ['地区'], doc: 'Region the plan applies to. / 实施地区。' },
  { name: 'Valid', en: ['valid'], zh: ['有效期'], doc: 'Period of validity: claims dated outside it pay nothing and are listed as excluded. / 有效期：有效期外的理赔不予赔付，列为除外。' },
  { name: 'Sold', en: ['sold'], zh: ['销售期'], doc: 'Sale period (informational). / 销售期。' },
  { name: 'Year', en: ['year'], zh: ['年度'], doc: 'Benefit year: `year calendar` (the default), `year from 2021-04-01` (a policy year from each 1 April) or `year anniversary` (from each member\'s enrolment anniversary). / 保障年度：自然年（默认）、`年度 自 2021-04-01`（每年 4 月 1 日起）或 `年度 参保周年`（每人自参保周年日起）。' },
  { name: 'Calendar', en: ['calendar'], zh: ['自然年'], doc: 'The calendar year, 1 January to 31 December. / 自然年度。' },
  { name: 'Anniversary', en: ['anniversary'], zh: ['参保周年'], doc: 'Each member\'s benefit year starts on the anniversary of their enrolment date. / 保障年度自每位参保人的参保周年日起算。' },
  { name: 'Complete', en: ['complete'], zh: ['完整'], doc: '`items complete` in the header: a claim\'s items are its full breakdown, each class total the sum of its items. By default items may tag part of a claim. / 方案信息 `明细 完整`：明细为理赔的完整分项，各类总额须等于其明细之和；默认明细可只列出部分费用。' },
  { name: 'Rounding', en: ['rounding'], zh: ['舍入'], doc: 'Rounding of payouts: step and mode, default `0.01 half-up`. / 舍入规则，默认 0.01 四舍五入。' },
  { name: 'HalfUp', en: ['half-up'], zh: ['四舍五入'], doc: 'Round half away from zero. / 四舍五入。' },
  { name: 'HalfEven', en: ['half-even'], zh: ['四舍六入五成双'], doc: 'Round half to even (banker\'s rounding). / 四舍六入五成双。' },
  { name: 'Down', en: ['down'], zh: ['舍去'], doc: 'Round toward zero. / 舍去尾数。' },
  { name: 'Up', en: ['up'], zh: ['进一'], doc: 'Round away from zero. / 进一。' },
  { name: 'Setting', en: ['setting'], zh: ['就医类别'], doc: 'Declares a care setting beyond the built-in ones. / 声明就医类别。' },
  { name: 'Flag', en: ['flag'], zh: ['标记'], doc: 'Declares a claim flag beyond the built-in ones. / 声明理赔标记。' },
  { name: 'Attribute', en: ['attribute'], zh: ['属性'], doc: 'Declares a typed member attribute. / 声明参保人属性。' },
  { name: 'Param', en: ['param'], zh: ['参数'], doc: 'A named parameter, optionally versioned by date. / 参数，可按日期分段生效。' },
  { name: 'Table', en: ['table'], zh: ['数据表'], doc: 'A table of outside data keyed by columns, inline or from a CSV file. / 外部数据表。' },
  { name: 'By', en: ['by'], zh: ['按列'], doc: 'Key columns of a table. / 数据表的键列。' },
  { name: 'File', en: ['file'], zh: ['文件'], doc: 'Loads a CSV file beside the plan. / 从方案旁的 CSV 文件读取。' },
  { name: 'Group', en: ['group'], zh: ['人群'], doc: 'A named group of members: a condition, or (with no condition) listed in the request. / 人群。' },
  { name: 'Catalogue', en: ['catalogue', 'catalog'], zh: ['目录'], doc: 'A named set of item codes, inline or from a CSV file, optionally versioned. / 目录。' },
  { name: 'Exclude', en: ['exclude'], zh: ['除外'], doc: 'An exclusion of a whole claim or of items, with its reason. / 除外责任。' },
  { name: 'When', en: ['when'], zh: ['当'], doc: 'Introduces a condition. / 条件。' },
  { name: 'Because', en: ['because'], zh: ['原因'], doc: 'The reason shown in results. / 原因。' },
  { name: 'Waiting', en: ['waiting'], zh: ['等待期'], doc: 'Waiting period from the start of enrolment. / 等待期。' },
  { name: 'Benefit', en: ['benefit'], zh: ['责任'], doc: 'A benefit responsibility: amount, deductible, ratios, caps. / 赔付责任。' },
  { name: 'For', en: ['for'], zh: ['适用'], doc: 'Settings a benefit covers, or groups a tilt applies to. / 适用范围。' },
  { name: 'Amount', en: ['amount'], zh: ['金额'], doc: 'The eligible amount a benefit selects. / 责任的可赔付金额。' },
  { name: 'Excluding', en: ['excluding'], zh: ['不含'], doc: 'Keeps the items taken by other benefits out of this amount. / 不含其他责任已赔项目。' },
  { name: 'Deductible', en: ['deductible'], zh: ['起付线', '免赔额'], doc: 'Deductible: per year or per claim, own or shared. / 起付线（免赔额）。' },
  { name: 'Cap', en: ['cap'], zh: ['封顶线', '赔付限额'], doc: 'Cap on payouts: per year or per claim, own or shared. / 封顶线。' },
  { name: 'Ratio', en: ['ratio'], zh: ['比例', '赔付比例'], doc: 'One ratio for the whole amount above the deductible. / 赔付比例。' },
  { name: 'Banded', en: ['banded'], zh: ['分段累进', '超额累进'], doc: 'Each band of the amount paid at its own ratio, like tax brackets. / 分段累进。' },
  { name: 'WholeAmount', en: ['whole-amount'], zh: ['全额累进'], doc: 'The band the amount falls in sets one ratio for all of it. / 全额累进。' },
  { name: 'On', en: ['on'], zh: ['按'], doc: '`on annual amount`: bands are absolute annual amounts. / 按年度累计金额分段。' },
  { name: 'Annual', en: ['annual'], zh: ['年度累计'], doc: 'The member\'s accumulated amount in the benefit year. / 年度累计。' },
  { name: 'Above', en: ['above'], zh: ['超过'], doc: '`above deductible`: bands are amounts above the deductible. / 按超过起付线部分分段。' },
  { name: 'PerYear', en: ['per year'], zh: ['每年'], doc: 'Per member and benefit year. / 每年度。' },
  { name: 'PerClaim', en: ['per claim'], zh: ['每次'], doc: 'Per claim. / 每次理赔。' },
  { name: 'Shared', en: ['shared'], zh: ['共用'], doc: 'Uses a deductible or cap shared by several benefits. / 共用。' },
  { name: 'Tilt', en: ['tilt'], zh: ['倾斜'], doc: 'A target-group adjustment of deductibles, ratios or caps. / 倾斜政策。' },
  { name: 'Waived', en: ['waived'], zh: ['免除'], doc: 'The deductible is waived. / 免除起付线。' },
  { name: 'Scale', en: ['scale'], zh: ['乘以'], doc: 'Multiply by a percentage. / 按比例调整。' },
  { name: 'Cut', en: ['cut'], zh: ['降低'], doc: 'Reduce by a percentage. / 降低百分比。' },
  { name: 'Combine', en: ['combine'], zh: ['组合'], doc: 'How tilts that apply to the same member combine. / 多项倾斜的组合方式。' },
  { name: 'Stack', en: ['stack'], zh: ['叠加'], doc: 'All apply, in the order listed. / 叠加适用。' },
  { name: 'First', en: ['first'], zh: ['优先'], doc: 'Only the first applicable one in the order listed. / 按顺序优先适用一项。' },
  { name: 'Best', en: ['best'], zh: ['从优'], doc: 'The most favourable value of each parameter. / 从优适用。' },
  { name: 'Premium', en: ['premium'], zh: ['保费'], doc: 'Premium schedule: the first matching line applies. / 保费。' },
  { name: 'Otherwise', en: ['otherwise'], zh: ['其他'], doc: 'The line that applies when no other does. / 其他情况。' },
  { name: 'Test', en: ['test'], zh: ['测试'], doc: 'A named test case with members, claims and expected payouts. / 测试用例。' },
  { name: 'Expect', en: ['expect'], zh: ['预期'], doc: 'An expected payout (of a claim, or a member\'s total), premium, exclusion or rejection. / 预期结果：理赔或参保人合计的赔付、保费、除外或拒绝。' },
  { name: 'Pays', en: ['pays'], zh: ['赔付'], doc: 'Expected payout. / 预期赔付。' },
  { name: 'Excluded', en: ['excluded'], zh: ['被除外'], doc: '`expect c1 excluded "reason"`: the claim, or one of its items, is excluded for a reason containing this text (`预期 c1 除外 "原因"` also reads). / 预期理赔（或其明细）因含此文字的原因被除外。' },
  { name: 'Rejected', en: ['rejected'], zh: ['被拒绝'], doc: '`expect c1 rejected YR006`: the claim is rejected with this request error code. / 预期理赔被拒绝，错误码如 YR006。' },
  { name: 'PayoutWithin', en: ['payout within'], zh: ['赔付时限'], doc: '`payout within 7 working days`: a claim submitted for payment (not settled at the counter) is paid within this many working days, counted from the day after submission by the official working-day calendar. `yibao deadlines` reports late payments. / 赔付时限：自提交次日起按国家法定工作日计算，`yibao deadlines` 列出逾期赔付。' },
  { name: 'WorkingDays', en: ['working days', 'working day'], zh: ['个工作日'], doc: 'Working days: Monday to Friday and the adjusted working weekends, less public holidays, as the State Council announces them each year. / 工作日：周一至周五及调休上班日，扣除法定节假日。' },
  { name: 'Chain', en: ['chain'], zh: ['结算链'], doc: 'A settlement chain: the layers that settle one bill in order, each a plan, and what each is given. / 结算链：依次结算同一账单的各保障层。' },
  { name: 'Layer', en: ['layer'], zh: ['保障层'], doc: '`layer NAME "plan.yibao" { claim.FIELD = … }`: a layer of a chain, its plan and the claim fields it is given. / 结算链中的一层：所用方案及其理赔金额的来源。' },
  { name: 'Bill', en: ['bill'], zh: ['账单'], doc: 'The bill a chain settles: `bill 甲类, 乙类, 丙类` names its cost parts (their sum is the total cost); `bill.甲类` reads one. / 账单：`账单 甲类, 乙类, 丙类` 声明费用构成（合计即总费用），`账单.甲类` 读取其一。' },
  { name: 'Paid', en: ['paid'], zh: ['已付'], doc: '`paid.LAYER`: what a lower layer of the chain paid on this bill. / `已付.层名`：下层已对本账单支付的金额。' },
  { name: 'Fund', en: ['fund'], zh: ['基金方案'], doc: 'A fund plan (a file NAME.fund.yibao): rules over a year\'s or a cycle\'s totals (premiums, payouts, payroll), given per year in a data file; `yibao fund` computes them. / 基金方案（单独的 NAME.fund.yibao 文件）：按年度或周期合计计算的基金规则，各年数据由数据文件给出，`yibao fund` 计算。' },
  { name: 'Cycle', en: ['cycle'], zh: ['评估周期'], doc: '`cycle 3 years from 2024`: years are judged in cycles of this many years, from this year (the first year of the data when not written). / 评估周期：`评估周期 3 年 自 2024`，未写起始年份时自数据的第一年起算。' },
  { name: 'Input', en: ['input'], zh: ['输入'], doc: '`input NAME amount` (or `ratio`): a figure each year of the data gives, e.g. premiums collected. / 输入：数据文件逐年给出的数值，如保费收入。' },
  { name: 'Shares', en: ['shares'], zh: ['份额'], doc: '`shares NAME { A 50%, B 50% }` fixed in the plan, or `shares NAME at most 10` given each year by the data; they must sum to 100 %. / 份额：方案中固定，或由数据逐年给出（可限定最多几家），合计须为 100%。' },
  { name: 'AtMost', en: ['at most'], zh: ['最多'], doc: 'The most members shares may have. / 份额的最多成员数。' },
  { name: 'Let', en: ['let'], zh: ['计算'], doc: '`let NAME = EXPRESSION`: a value computed for each year from the inputs and the values above it. / 计算：逐年由输入和前面的计算值得出。' },
  { name: 'Require', en: ['require'], zh: ['要求'], doc: '`require "text" CONDITION`: a rule each year must meet; the report says where it fails. / 要求：每年须满足的条件，报告列出不满足的年份。' },
  { name: 'Allocate', en: ['allocate'], zh: ['分摊'], doc: '`allocate VALUE by SHARES`: splits an amount by shares, to the fen, the parts summing to the whole. / 分摊：按份额拆分金额，精确到分，各部分之和等于总额。' },
  { name: 'Previous', en: ['previous'], zh: ['上年'], doc: '`previous(NAME)`: the value in the year before (for the first year, the data\'s `opening`). / 上年值：上一年度的取值（第一年取数据的 opening）。' },
  { name: 'CycleMean', en: ['cycleMean'], zh: ['周期平均'], doc: '`cycleMean(NAME)`: the mean of the value over the years of this year\'s cycle. / 周期内各年取值的平均。' },
  { name: 'CycleSum', en: ['cycleSum'], zh: ['周期合计'], doc: '`cycleSum(NAME)`: the sum of the value over the years of this year\'s cycle. / 周期内各年取值的合计。' },
  { name: 'Floors', en: ['floors'], zh: ['底线'], doc: 'Floors (a file NAME.floors.yibao): what a region requires of its plans (lowest ratios, annual maximums), each rule proven from a plan by `yibao check PLAN --against FLOORS`. / 底线（单独的 NAME.floors.yibao 文件）：地区对其方案的要求（最低支付比例、最高支付限额），`yibao check 方案 --against 底线` 逐条证明。' },
  { name: 'Member', en: ['member'], zh: ['参保人'], doc: 'The insured member and their facts. / 参保人。' },
  { name: 'Claim', en: ['claim'], zh: ['理赔'], doc: 'The claim (one settlement record) and its facts. / 理赔（结算单）。' },
  { name: 'Item', en: ['items', 'item'], zh: ['明细'], doc: 'Settlement line items; `items in CATALOGUE`, `items where CONDITION`. / 费用明细。' },
  { name: 'Where', en: ['where'], zh: ['满足'], doc: 'Filters items by a condition. / 筛选条件。' },
  { name: 'From', en: ['from'], zh: ['自'], doc: 'Start date of a version. / 生效日期。' },
  { name: 'To', en: ['to'], zh: ['至'], doc: 'End date (inclusive). / 截止日期（含）。' },
  { name: 'Days', en: ['days', 'day'], zh: ['天', '日'], doc: 'A duration in days. / 天数。' },
  { name: 'Years', en: ['years'], zh: ['年'], doc: 'A duration in years: `claim.date + 1年`, `member.enrolledSince + 2 years` (also `1 year`). / 年数：日期加减整年。' },
  { name: 'Months', en: ['months', 'month'], zh: ['个月'], doc: 'A duration in calendar months: `member.enrolledSince + 6个月`; a month without the day ends on its last day. / 月数：日期加减整月，无对应日时取该月最后一日。' },
  { name: 'FullYears', en: ['fullYears'], zh: ['满年数'], doc: '`fullYears(a, b)`: full years from date a to date b (满一年 of service), 0 if b is before a. / 两个日期之间的满年数。' },
  { name: 'If', en: ['if'], zh: ['若', '如果'], doc: '`if CONDITION then A else B`: A when the condition holds, else B; both of one kind. / 条件取值：`若 条件 则 A 否则 B`，两个分支须为同一类取值。' },
  { name: 'Then', en: ['then'], zh: ['则'], doc: 'The value when the condition of `if` holds. / 条件成立时的取值。' },
  { name: 'Else', en: ['else'], zh: ['否则'], doc: 'The value when the condition of `if` does not hold. / 条件不成立时的取值。' },
  { name: 'Min', en: ['min'], zh: ['较小值'], doc: '`min(a, b, …)`: the smallest of values of one kind. / 取各项中的最小值。' },
  { name: 'Max', en: ['max'], zh: ['较大值'], doc: '`max(a, b, …)`: the largest of values of one kind. / 取各项中的最大值。' },
  { name: 'And', en: ['and'], zh: ['并且', '且'], doc: 'Both conditions. / 并且。' },
  { name: 'Or', en: ['or'], zh: ['或者', '或'], doc: 'Either condition. / 或者。' },
  { name: 'Not', en: ['not'], zh: ['非'], doc: 'Negation. / 非。' },
  { name: 'In', en: ['in'], zh: ['属于'], doc: 'Membership: `member in GROUP`, `item.code in CATALOGUE`, `x in [a, b]`. / 属于。' },
  { name: 'Has', en: ['has'], zh: ['含有'], doc: '`claim.flags has work_injury`, `has any [..]`. / 含有。' },
  { name: 'Any', en: ['any'], zh: ['任一'], doc: 'Any of a list. / 任一。' },
  { name: 'True', en: ['true', 'yes'], zh: ['是'], doc: 'Boolean true. / 是。' },
  { name: 'False', en: ['false', 'no'], zh: ['否'], doc: 'Boolean false. / 否。' },
] as const satisfies readonly KeywordSpec[];

export type KeywordName = (typeof KEYWORDS)[number]['name'];

/** Every spelling of a keyword, for highlighting and completion. */
export function keywordSpellings(k: KeywordSpec): string[] {
  return [...k.en, ...k.zh];
}

export interface NamedValue {
  readonly id: string;
  readonly zh: string;
  readonly doc: string;
}

/** Care settings every plan knows; a plan may declare more with `setting`. */
export const BUILTIN_SETTINGS: readonly NamedValue[] = [
  { id: 'inpatient', zh: '住院', doc: 'Inpatient stay. / 住院。' },
  { id: 'outpatient', zh: '普通门诊', doc: 'Ordinary outpatient care. / 普通门诊。' },
  { id: 'chronic_outpatient', zh: '门诊慢特病', doc: 'Chronic and special-disease outpatient care. / 门诊慢特病。' },
  { id: 'pharmacy', zh: '定点药店', doc: 'Designated pharmacy. / 定点药店购药。' },
  { id: 'maternity', zh: '生育', doc: 'Childbirth. / 生育。' },
];

/** Claim flags every plan knows; a plan may declare more with `flag`. */
export const BUILTIN_FLAGS: readonly NamedValue[] = [
  { id: 'work_injury', zh: '工伤', doc: 'The work-injury fund must pay. / 应由工伤保险基金支付。' },
  { id: 'third_party', zh: '第三方责任', doc: 'A liable third party must pay. / 应由第三人负担。' },
  { id: 'public_health', zh: '公共卫生', doc: 'Public-health costs. / 应由公共卫生负担。' },
  { id: 'abroad', zh: '境外就医', doc: 'Treatment abroad. / 境外就医。' },
];

export type FactType = 'money' | 'number' | 'date' | 'bool' | 'string' | 'setting' | 'flags' | 'class' | 'groups';

export interface FieldSpec {
  readonly id: string;
  readonly zh: string;
  readonly type: FactType;
  readonly doc: string;
  /** Derived facts are computed by the engine, never read from the request. */
  readonly derived?: boolean;
}

export const MEMBER_FIELDS: readonly FieldSpec[] = [
  { id: 'id', zh: '编号', type: 'string', doc: 'Member id. / 参保人编号。' },
  { id: 'birthDate', zh: '出生日期', type: 'date', doc: 'Date of birth. / 出生日期。' },
  { id: 'enrolledSince', zh: '参保日期', type: 'date', doc: 'Start of continuous enrolment. / 连续参保起始日期。' },
  { id: 'age', zh: '年龄', type: 'number', derived: true, doc: 'Full years of age on the claim date (premiums: on the first day of the benefit year). / 周岁年龄。' },
  { id: 'enrolledYears', zh: '连续参保年数', type: 'number', derived: true, doc: 'Full years of continuous enrolment before the benefit year. / 保障年度前连续参保的整年数。' },
  { id: 'enrolledDays', zh: '参保天数', type: 'number', derived: true, doc: 'Days from enrolment to the claim date. / 参保至就医日的天数。' },
];

export const CLAIM_FIELDS: readonly FieldSpec[] = [
  { id: 'id', zh: '编号', type: 'string', doc: 'Claim id. / 理赔编号。' },
  { id: 'date', zh: '日期', type: 'date', doc: 'Date of the settlement. / 结算日期。' },
  { id: 'year', zh: '年份', type: 'number', derived: true, doc: 'Benefit year of the claim date, named by the calendar year it starts in. / 就医所属保障年度（以其起始日所在年份命名）。' },
  { id: 'setting', zh: '就医类别', type: 'setting', doc: 'Care setting. / 就医类别。' },
  { id: 'flags', zh: '标记', type: 'flags', doc: 'Flags such as work_injury. / 理赔标记。' },
  { id: 'inPolicySelfPay', zh: '政策内自付', type: 'money', doc: 'In-policy self-pay, net of excluded items. / 政策范围内个人自付（已扣除除外明细）。' },
  { id: 'outOfPolicySelfPay', zh: '政策外自费', type: 'money', doc: 'Out-of-policy self-pay, net of excluded items. / 政策范围外自费（已扣除除外明细）。' },
  { id: 'overLimitSelfPay', zh: '超限额自付', type: 'money', doc: 'Costs above the basic insurance annual maximum. / 超过基本医保最高支付限额的费用。' },
];

export const ITEM_FIELDS: readonly FieldSpec[] = [
  { id: 'code', zh: '编码', type: 'string', doc: 'Item code. / 项目编码。' },
  { id: 'amount', zh: '金额', type: 'money', doc: 'Item amount. / 金额。' },
  { id: 'class', zh: '类别', type: 'class', doc: '`in` (政策范围内) or `out` (政策范围外). / 政策内外。' },
  { id: 'category', zh: '分类', type: 'string', doc: 'Category such as drug, cosmetic, tonic. / 分类。' },
];

/** Attribute types a plan may declare besides enumerations. */
export const ATTRIBUTE_TYPES: readonly NamedValue[] = [
  { id: 'boolean', zh: '是否', doc: 'yes / no. / 是或否。' },
  { id: 'number', zh: '数值', doc: 'A number. / 数值。' },
  { id: 'money', zh: '金钱', doc: 'An amount in yuan. / 金额（元）。' },
  { id: 'date', zh: '日期', doc: 'A date. / 日期。' },
  { id: 'text', zh: '文本', doc: 'Free text. / 文本。' },
];
