// Block snippets, in the spelling of the UI language (both spellings are valid plan text).

export interface Snippet {
  label: string;
  detail: string;
  body: string;
}

const ZH: Snippet[] = [
  {
    label: '责任（代码块）',
    detail: 'benefit 赔付责任',
    body: '责任 ${1:R1} "${2:住院医疗费用}" {\n  适用   ${3:住院}\n  金额   ${4:理赔.政策内自付}\n  起付线 ${5:6000} 每年\n  比例   ${6:60%}\n}',
  },
  {
    label: '倾斜（代码块）',
    detail: 'tilt 倾斜政策',
    body: '倾斜 ${1:倾斜名} 适用 ${2:人群} {\n  起付线 降低 ${3:50%}\n  比例 +${4:5}个百分点\n}',
  },
  {
    label: '除外（代码块）',
    detail: 'exclusion 除外责任',
    body: '除外 ${1|理赔,明细|} 当 ${2:理赔.标记 含有 工伤} 原因 "${3:原因}"',
  },
  {
    label: '若 … 则 … 否则 …',
    detail: 'if 条件取值',
    body: '若 ${1:理赔.就医类别 = 住院} 则 ${2:70%} 否则 ${3:50%}',
  },
  {
    label: '测试（代码块）',
    detail: 'test 测试用例',
    body: '测试 "${1:测试名}" {\n  参保人 m { birthDate 1980-01-01, enrolledSince 2024-01-01 }\n  理赔 c1 { member m, date ${2:2025-03-01}, setting inpatient, inPolicySelfPay ${3:12000} }\n  预期 c1 赔付 ${4:0.00}\n}',
  },
];

const EN: Snippet[] = [
  {
    label: 'benefit (block)',
    detail: 'benefit block',
    body: 'benefit ${1:R1} "${2:label}" {\n  for ${3:inpatient}\n  amount ${4:claim.inPolicySelfPay}\n  deductible ${5:6000} per year\n  ratio ${6:60%}\n}',
  },
  {
    label: 'tilt (block)',
    detail: 'tilt block',
    body: 'tilt ${1:name} for ${2:group} {\n  deductible cut ${3:50%}\n  ratio +${4:5}pp\n}',
  },
  {
    label: 'exclusion (block)',
    detail: 'exclusion',
    body: 'exclude ${1|claim,item|} when ${2:claim.flags has work_injury} because "${3:reason}"',
  },
  {
    label: 'if … then … else …',
    detail: 'conditional value',
    body: 'if ${1:claim.setting = inpatient} then ${2:70%} else ${3:50%}',
  },
  {
    label: 'test (block)',
    detail: 'test block',
    body: 'test "${1:name}" {\n  member m { birthDate 1980-01-01, enrolledSince 2024-01-01 }\n  claim c1 { member m, date ${2:2025-03-01}, setting inpatient, inPolicySelfPay ${3:12000} }\n  expect c1 pays ${4:0.00}\n}',
  },
];

/** Both sets, the UI language's first: an analyst writing English keywords finds them too. */
export function snippets(zh: boolean): Snippet[] {
  return zh ? [...ZH, ...EN] : [...EN, ...ZH];
}
