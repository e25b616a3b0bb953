// A fund plan's results as a readable report, in one language: per entity, its cycles, then per
// year every figure, each requirement met (✓) or not (✗), and each allocation with its parts.
import Decimal from 'decimal.js';
import type { Lang } from '../ir/diagnostics';
import type { FundSourceNote, FundType } from '../ir/fund';
import { messageIn } from '../ir/request-errors';
import type { FundEntityLine, FundReport, FundYearLine } from '../runtime/fund';

const WORDS = {
  zh: {
    entity: '主体', cycle: '评估周期', complete: '数据完整', incomplete: (n: number, of: number) => `数据 ${n}/${of} 年，涉及周期的数值为暂定`,
    year: (y: number) => `${y} 年`, yuan: ' 元', yes: '是', no: '否', provisional: '（暂定）', by: '按', unmet: (n: number) => (n ? `未满足的要求：${n} 项` : '各项要求均已满足'),
    errors: (n: number) => `数据错误 ${n} 处，相关主体未计算：`,
    sources: '由文件算出的数值：',
    source: (x: FundSourceNote) => x.from === 'premiums'
      ? `按 ${x.plan} 的保费表对 ${x.file} 中 ${x.records} 名参保人计算的保费合计`
      : `${x.file} 中 ${x.year} 年的 ${x.records} 条结果${x.layer !== undefined ? `中保障层“${x.layer}”` : ''}${x.benefit !== undefined ? `责任“${x.benefit}”` : ''}的支付合计`,
  },
  en: {
    entity: 'Entity', cycle: 'Cycle', complete: 'all years given', incomplete: (n: number, of: number) => `${n} of ${of} years given; figures over the cycle are provisional`,
    year: (y: number) => `${y}`, yuan: ' yuan', yes: 'yes', no: 'no', provisional: ' (provisional)', by: 'by', unmet: (n: number) => (n ? `Requirements not met: ${n}` : 'Every requirement is met'),
    errors: (n: number) => `${n} data error(s); the entities concerned were not computed:`,
    sources: 'Figures worked out from files:',
    source: (x: FundSourceNote) => x.from === 'premiums'
      ? `the premiums of ${x.records} member(s) of ${x.file} under ${x.plan}'s schedule`
      : `the payouts${x.layer !== undefined ? ` of layer "${x.layer}"` : ''}${x.benefit !== undefined ? ` of benefit "${x.benefit}"` : ''} of ${x.records} result(s) of ${x.file} dated ${x.year}`,
  },
};

/** "1234567.80" → "1,234,567.80": money with thousands separators, to the digits it was given. */
function money(text: string): string {
  const [int, frac] = text.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = int!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${frac !== undefined ? `.${frac}` : ''}`;
}

function figure(v: string | boolean, type: FundType, lang: Lang): string {
  if (typeof v === 'boolean') return v ? WORDS[lang].yes : WORDS[lang].no;
  if (type === 'money') return `${money(v)}${WORDS[lang].yuan}`;
  if (type === 'ratio') return `${new Decimal(v).times(100).toFixed(2, Decimal.ROUND_HALF_UP)}%`;
  return v;
}

/** Display width: a Chinese character takes two columns. */
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u2e80-\uffff]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(1, w - width(s)));

function yearLines(y: FundYearLine, r: FundReport, lang: Lang): string[] {
  const w = WORDS[lang];
  const names = Object.keys(y.values);
  const col = Math.max(...names.map(width)) + 2;
  const lines = [w.year(y.year)];
  const shown = names.map((n) => figure(y.values[n]!, r.types[n]!, lang));
  // Figures right-aligned on their last digit (a unit after an amount stays outside the column).
  const digits = (s: string) => s.replace(/[^\d.,%-]+$/, '');
  const right = Math.max(...shown.map((s) => digits(s).length));
  names.forEach((n, i) => {
    const s = shown[i]!;
    lines.push(`  ${pad(n, col)}${' '.repeat(right - digits(s).length)}${s}${y.provisional?.includes(n) ? w.provisional : ''}`);
  });
  for (const q of y.requirements) lines.push(`  ${q.holds ? '✓' : '✗'} ${q.text}${q.provisional ? w.provisional : ''}`);
  for (const a of y.allocations) {
    const parts = a.parts.map((p) => `${p.name} ${p.share} ${money(p.amount)}`).join(lang === 'zh' ? '；' : '; ');
    lines.push(`  ${lang === 'zh' ? '分摊' : 'allocate'} ${a.value} ${money(a.total)}${w.yuan} ${w.by} ${a.shares}${lang === 'zh' ? '：' : ': '}${parts}`);
  }
  return lines;
}

function entityLines(e: FundEntityLine, r: FundReport, lang: Lang): string[] {
  const w = WORDS[lang];
  const lines = [`${w.entity}${lang === 'zh' ? '：' : ': '}${e.name}`];
  const cycles = new Map<number, { to: number; given: number; complete: boolean }>();
  for (const y of e.years) {
    if (!y.cycle) continue;
    const c = cycles.get(y.cycle.from) ?? { to: y.cycle.to, given: 0, complete: y.cycle.complete };
    c.given++;
    cycles.set(y.cycle.from, c);
  }
  for (const [from, c] of cycles) lines.push(`${w.cycle} ${from}—${c.to}${lang === 'zh' ? '（' : ' ('}${c.complete ? w.complete : w.incomplete(c.given, c.to - from + 1)}${lang === 'zh' ? '）' : ')'}`);
  for (const y of e.years) lines.push('', ...yearLines(y, r, lang));
  lines.push('', w.unmet(e.unmet));
  return lines;
}

export function fundReportText(r: FundReport, lang: Lang): string {
  const out = [r.fund, '='.repeat(Math.min(60, width(r.fund)))];
  if (r.sources?.length) {
    out.push('', WORDS[lang].sources);
    for (const x of r.sources) out.push(`  ${x.entity} ${WORDS[lang].year(x.year)} ${x.figure} = ${money(x.value)}${WORDS[lang].yuan} ← ${WORDS[lang].source(x)}`);
  }
  for (const e of r.entities) out.push('', ...entityLines(e, r, lang));
  if (r.errors.length) {
    out.push('', WORDS[lang].errors(r.errors.length));
    for (const e of r.errors) out.push(`  ${e.path}: ${messageIn(e.message, lang)}`);
  }
  return out.join('\n');
}
