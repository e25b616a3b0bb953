// yibao analyze PLAN [--json]: the plan's payout functions as tables of breakpoints and the verdicts
// of the proofs over them (spec/language.md §30). A failure is also a warning with a code frame on
// stderr. Exit codes: 0 every property holds or is declared; 1 a property fails; 2 the plan has errors.
import { analyzePlan, type AnalysisReport, type AnalysisVerdict, type PayoutFunction } from '../analysis/analyze';
import type { PlanDocument } from '../document';
import { formatDiagnostic, type Lang } from '../ir/diagnostics';
import type { Io } from './input';
import { CLAIM_FIELDS } from '../../grammar/vocabulary';

export function cmdAnalyze(doc: PlanDocument | undefined, lang: Lang, json: boolean, io: Io): number {
  const ir = doc?.lowered?.ir;
  if (!doc || !ir || doc.diagnostics.some((d) => d.severity === 'error')) return 2;
  const { report, diagnostics } = analyzePlan(ir, doc.text, { compiled: () => doc.compiled! });
  for (const d of diagnostics) io.err(formatDiagnostic(d, doc.text, lang));
  io.out(json ? JSON.stringify(report, null, 2) : reportText(report, lang));
  return report.verdicts.some((v) => v.status === 'fails') ? 1 : 0;
}

const MARK = { proved: '✓', fails: '✗', declared: '·' } as const;
const PROPERTY = {
  en: { monotone: 'monotone', marginal: 'marginal ratio ≤ 100%', cap: 'cap', favourable: 'favourable tilt', cliff: 'no jump' },
  zh: { monotone: '单调', marginal: '边际比例不超过100%', cap: '封顶线', favourable: '倾斜有利', cliff: '无跳变' },
} as const;

export function reportText(r: AnalysisReport, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [zh ? `方案“${r.plan}”的赔付函数（一年只有一笔理赔时，赔付随理赔金额的变化）：` : `Payout functions of plan "${r.plan}" (the payout of a year of one claim, by the claim's amount):`];
  for (const f of r.functions) lines.push('', ...functionLines(f, lang));
  for (const u of r.unanalysed) lines.push('', zh ? `? 责任“${u.benefit}”（${u.from} 起）未能分析：${u.whyZh}（第 ${u.line} 行）` : `? benefit "${u.benefit}" (from ${u.from}) not analysed: ${u.why} (line ${u.line})`);
  lines.push('', zh ? '验证：' : 'Verdicts:');
  for (const v of r.verdicts) lines.push(...verdictLines(v, lang));
  return lines.join('\n');
}

function functionLines(f: PayoutFunction, lang: Lang): string[] {
  const zh = lang === 'zh';
  const span = f.to ? (zh ? `${f.from} 至 ${f.to}` : `${f.from} to ${f.to}`) : zh ? `${f.from} 起` : `from ${f.from}`;
  const facts = [
    ...f.conditions.map((c) => (c.holds ? c.text : zh ? `非（${c.text}）` : `not (${c.text})`)),
    f.tilts.length ? (zh ? `倾斜${f.tilts.map((t) => `“${t}”`).join('、')}` : `tilts ${f.tilts.map((t) => `"${t}"`).join(', ')}`) : zh ? '无倾斜' : 'no tilts',
    zh ? `起付线 ${f.deductible}` : `deductible ${f.deductible}`,
    ...(f.cap ? [zh ? `封顶线 ${f.cap}` : `cap ${f.cap}`] : []),
  ];
  const head = zh ? `责任“${f.benefit}”  ${span}  ${facts.join('，')}  按 ${inputZh(f.input)}` : `benefit "${f.benefit}"  ${span}  ${facts.join(', ')}  by ${f.input}`;
  const cols = zh ? ['金额', '赔付', '边际比例'] : ['amount', 'payout', 'marginal'];
  const rows = f.breakpoints.map((b) => [`${b.exact ? '' : '≈'}${b.amount}`, b.before ? `${b.before} → ${b.payout}` : b.payout, b.marginal]);
  const width = [0, 1].map((i) => Math.max(cols[i]!.length, ...rows.map((r) => r[i]!.length)) + 2);
  const row = (r: string[]) => `    ${r[0]!.padStart(width[0]!)}  ${r[1]!.padStart(width[1]!)}  ${r[2]}`;
  return [head, row(cols), ...rows.map(row)];
}

/** The input in the plan's Chinese spelling: 理赔.政策内自付, 明细 属于 特药. */
function inputZh(input: string): string {
  if (input.startsWith('items')) return input.replace(/^items( in )?/, (_, sep) => (sep ? '明细 属于 ' : '明细'));
  const field = CLAIM_FIELDS.find((c) => `claim.${c.id}` === input);
  return field ? `理赔.${field.zh}` : input.replace(/^claim\./, '理赔.');
}

function verdictLines(v: AnalysisVerdict, lang: Lang): string[] {
  const zh = lang === 'zh';
  const name = `${PROPERTY[lang][v.property]}${v.tilt ? (zh ? `（“${v.tilt}”）` : ` ("${v.tilt}")`) : ''}`;
  const lines = [`${MARK[v.status]} ${zh ? `责任“${v.benefit}”` : `benefit "${v.benefit}"`} · ${name}${zh ? '：' : ': '}${v.message[lang]}${v.status === 'fails' ? (zh ? `（第 ${v.line} 行）` : ` (line ${v.line})`) : ''}`];
  const ce = v.counterexample;
  if (ce && v.status === 'fails') {
    const paid = ce.claims.map((c) => `${c.claim} ${c.amount} → ${c.paid ?? '?'}`).join(zh ? '；' : '; ');
    lines.push(`    ${ce.confirmed ? (zh ? '反例（已由引擎运行确认）' : 'counterexample (confirmed by running the engine)') : zh ? '反例（引擎运行未能再现）' : 'counterexample (not reproduced by the engine)'}${zh ? '：' : ': '}${paid}`);
    lines.push(`    ${JSON.stringify(ce.request)}`);
  }
  return lines;
}
