// The trace of one claim as readable text, Chinese by default.
import type { ClaimResult } from '../runtime/evaluate';
import type { Lang } from '../ir/diagnostics';
import { CLAIM_FIELDS, MEMBER_FIELDS } from '../../grammar/vocabulary';

const pick = (s: string, lang: Lang) => {
  // Rule names carry "english / 中文" before an optional ": detail"; show the requested half.
  const m = /^(.*?) \/ ([^:]*)(:.*)?$/.exec(s);
  return m ? (lang === 'zh' ? m[2]! : m[1]!) + (m[3] ?? '') : s;
};

const INPUT_ZH: Record<string, string> = {
  total: '合计', amount: '金额', deductible: '起付线', usedBefore: '此前已用', period: '周期', annualBefore: '此前年度累计',
  annualAfter: '本次后年度累计', ratio: '比例', bands: '所涉分段', payableBefore: '此前应付', payableAfter: '本次后应付',
  annualCap: '年度封顶', cap: '封顶线', before: '封顶前', paidBefore: '此前已付', tilts: '倾斜', source: '取值来源',
};
const VALUE_ZH: Record<string, string> = { year: '每年', claim: '每次' };

/** Facts named in a value (`claim.inPolicySelfPay = 30000.00`), in Chinese: 理赔.政策内自付. */
const FACT_ZH = new Map<string, string>([
  ...MEMBER_FIELDS.map((f) => [`member.${f.id}`, `参保人.${f.zh}`] as const),
  ...CLAIM_FIELDS.map((f) => [`claim.${f.id}`, `理赔.${f.zh}`] as const),
]);
const factsZh = (v: string) => v.replace(/\b(member|claim)\.([^\s=;[\]]+)/g, (m, root: string, field: string) => FACT_ZH.get(m) ?? `${root === 'member' ? '参保人' : '理赔'}.${field}`);

export function explainClaim(c: ClaimResult, file: string, lang: Lang): string {
  const L = lang === 'zh'
    ? { claim: '理赔', member: '参保人', date: '日期', pays: '赔付合计', excluded: '除外', steps: '计算过程', at: '见' }
    : { claim: 'Claim', member: 'member', date: 'date', pays: 'total payout', excluded: 'Excluded', steps: 'Steps', at: 'at' };
  const head = lang === 'zh'
    ? `${L.claim} ${c.id}（${L.member} ${c.member}，${L.date} ${c.date}）：${L.pays} ${c.payout} 元`
    : `${L.claim} ${c.id} (${L.member} ${c.member}, ${L.date} ${c.date}): ${L.pays} ${c.payout} yuan`;
  const out = [head];
  for (const x of c.excluded) out.push(`  ${L.excluded}: ${x.item ? `${x.item} ` : ''}${x.amount} — ${pick(x.reason, lang)}`);
  out.push(lang === 'zh' ? `${L.steps}：` : `${L.steps}:`);
  c.trace.forEach((t, i) => {
    const where = t.range ? ` (${L.at} ${file}:${t.range.start.line}:${t.range.start.column})` : '';
    const inputs = t.inputs
      ? ' ' + Object.entries(t.inputs).map(([k, v]) => (lang === 'zh' ? `${INPUT_ZH[k] ?? k}=${VALUE_ZH[v] ?? factsZh(v)}` : `${k}=${v}`)).join(lang === 'zh' ? '，' : ', ')
      : '';
    // The legal source the plan cites for the rule, as written in the plan (a document number is not translated).
    const cites = t.cites ? (lang === 'zh' ? `（依据 ${t.cites}）` : ` (per ${t.cites})`) : '';
    out.push(`  ${i + 1}. ${pick(t.rule, lang)}${inputs} → ${t.output}${cites}${where}`);
  });
  return out.join('\n');
}
