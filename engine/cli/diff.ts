// yibao diff OLD NEW | PLAN --dates D1,D2 | PLAN --without TILT [--json] [--html FILE]: what changed
// in the declarations and where the annual payout changes, by how much (spec/language.md §31).
// Exit codes: 0 the payout is the same everywhere; 1 it changes somewhere; 2 a plan has errors, a
// date is not a date, the tilt is not the plan's, or the report cannot be written.
import { diffPlans, withoutTilt } from '../analysis/diff';
import { parseDay } from '../core/dates';
import type { PlanDocument } from '../document';
import type { Lang } from '../ir/diagnostics';
import { DECLARATION_KIND_ZH, type DiffChange, type DiffReport } from '../ir/diff';
import type { PlanIR } from '../ir/plan';
import { htmlPage, writeReport, type Section } from './html-report';
import type { Io } from './input';

export interface DiffOptions { dates?: string; without?: string; json: boolean; html?: string }

type Loaded = { plan: PlanIR; text: string; path: string };

function loaded(doc: PlanDocument | undefined, path: string): Loaded | undefined {
  const ir = doc?.lowered?.ir;
  return doc && ir && !doc.diagnostics.some((d) => d.severity === 'error') ? { plan: ir, text: doc.text, path } : undefined;
}

export function cmdDiff(paths: string[], opts: DiffOptions, lang: Lang, io: Io, load: (p: string) => PlanDocument | undefined): number {
  const modes = [paths.length === 2, opts.dates !== undefined, opts.without !== undefined].filter(Boolean).length;
  if (modes !== 1 || paths.length < 1 || paths.length > 2) {
    io.err(lang === 'zh' ? 'yibao: diff 需要两个方案，或一个方案加 --dates D1,D2 或 --without 倾斜名' : 'yibao: diff needs two plans, or one plan with --dates D1,D2 or --without TILT');
    return 2;
  }
  const a = loaded(load(paths[0]!), paths[0]!);
  if (!a) return 2;
  let b: Loaded | undefined = a;
  let days: [string, string] | undefined;
  if (paths.length === 2) b = loaded(load(paths[1]!), paths[1]!);
  else if (opts.dates !== undefined) {
    const ds = opts.dates.split(',');
    if (ds.length !== 2 || ds.some((d) => parseDay(d) === undefined)) {
      io.err(lang === 'zh' ? `yibao: --dates 应为两个日期，如 2016-06-01,2017-06-01，而不是“${opts.dates}”` : `yibao: --dates takes two dates such as 2016-06-01,2017-06-01, not "${opts.dates}"`);
      return 2;
    }
    days = [ds[0]!, ds[1]!];
  } else {
    const plan = withoutTilt(a.plan, opts.without!);
    if (!plan) {
      io.err(lang === 'zh' ? `yibao: 方案中没有倾斜“${opts.without}”` : `yibao: the plan has no tilt "${opts.without}"`);
      return 2;
    }
    b = { ...a, plan };
  }
  if (!b) return 2;
  const report = diffPlans(a, b, days);
  if (opts.html !== undefined) {
    const code = writeReport(opts.html, diffHtml(report, lang, opts), [...new Set(paths)], io);
    if (code !== 0) return code;
  }
  io.out(opts.json ? JSON.stringify(report, null, 2) : diffText(report, lang, opts));
  return report.changes.length ? 1 : 0;
}

const sideName = (r: DiffReport, side: 'old' | 'new', lang: Lang, opts: DiffOptions) => {
  const s = r[side];
  const zh = lang === 'zh';
  if (s.date) return zh ? `${s.date} 的“${s.plan}”` : `"${s.plan}" on ${s.date}`;
  if (side === 'new' && opts.without) return zh ? `去掉倾斜“${opts.without}”的“${s.plan}”` : `"${s.plan}" without tilt "${opts.without}"`;
  return zh ? `“${s.plan}”（${s.file}）` : `"${s.plan}" (${s.file})`;
};

const caseText = (c: DiffChange, lang: Lang) => {
  const zh = lang === 'zh';
  const conds = c.conditions.map((x) => (zh ? (x.holds ? x.text : `非（${x.text}）`) : x.holds ? `"${x.text}"` : `not "${x.text}"`));
  const tilts = c.tilts.length ? (zh ? `倾斜${c.tilts.map((t) => `“${t}”`).join('、')}` : `tilts ${c.tilts.map((t) => `"${t}"`).join(', ')}`) : zh ? '无倾斜' : 'no tilts';
  return [...conds, tilts].join(zh ? '，' : ', ');
};

const spanText = (c: DiffChange, r: DiffReport, lang: Lang) =>
  r.old.date ? '' : c.to ? (lang === 'zh' ? `${c.from} 至 ${c.to}` : `${c.from} to ${c.to}`) : lang === 'zh' ? `${c.from} 起` : `from ${c.from}`;

const bound = (v: string | null, side: 'low' | 'high') => v ?? (side === 'low' ? '−∞' : '+∞');

export function diffText(r: DiffReport, lang: Lang, opts: DiffOptions): string {
  const zh = lang === 'zh';
  const lines = [zh ? `旧：${sideName(r, 'old', lang, opts)}\n新：${sideName(r, 'new', lang, opts)}` : `old: ${sideName(r, 'old', lang, opts)}\nnew: ${sideName(r, 'new', lang, opts)}`, ''];
  lines.push(zh ? '声明的变化：' : 'Declarations:');
  if (!r.declarations.length) lines.push(zh ? '  （无）' : '  (none)');
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  for (const d of r.declarations) {
    const where = [d.oldLine && (zh ? `旧第 ${d.oldLine} 行` : `old line ${d.oldLine}`), d.newLine && (zh ? `新第 ${d.newLine} 行` : `new line ${d.newLine}`)].filter(Boolean).join(' → ');
    lines.push(zh ? `  ${mark[d.change]} ${DECLARATION_KIND_ZH[d.kind] ?? d.kind}“${d.name}”（${where}）` : `  ${mark[d.change]} ${d.kind} "${d.name}" (${where})`);
  }
  lines.push('', zh ? '赔付的变化（新 − 旧；一年只有一笔理赔时）：' : 'Payout changes (new − old; a year of one claim):');
  if (!r.changes.length) lines.push(zh ? '  赔付处处相同。' : '  The payout is the same everywhere.');
  for (const c of r.changes) {
    lines.push(`${zh ? `责任“${c.benefit}”` : `benefit "${c.benefit}"`}  ${caseText(c, lang)}  ${spanText(c, r, lang)}`.trimEnd());
    const head = zh ? ['金额自', '至', '赔付变化（元）', '边际比例变化（百分点）'] : ['amount from', 'to', 'change (yuan)', 'marginal (pp)'];
    const rows = c.regions.map((g) => [g.from, g.to ?? '…', g.smallest === g.largest ? bound(g.smallest, 'low') : `${bound(g.smallest, 'low')} … ${bound(g.largest, 'high')}`, g.marginal]);
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const fmt = (row: string[]) => `    ${row.map((x, i) => x.padStart(w[i]!)).join('  ')}`;
    lines.push(fmt(head), ...rows.map(fmt));
  }
  return lines.join('\n');
}

const CHANGE_ZH = { added: '新增', removed: '删除', changed: '改动' } as const;

const COLORS = { old: '#9e9e9e', new: '#1565c0', change: '#c62828' };

function diffHtml(r: DiffReport, lang: Lang, opts: DiffOptions): string {
  const zh = lang === 'zh';
  const title = zh ? `方案差异：${sideName(r, 'old', lang, opts)} → ${sideName(r, 'new', lang, opts)}` : `Plan diff: ${sideName(r, 'old', lang, opts)} → ${sideName(r, 'new', lang, opts)}`;
  const sections: Section[] = [{
    heading: zh ? '声明的变化' : 'Declarations',
    table: { head: zh ? ['变化', '类别', '名称', '旧行', '新行'] : ['change', 'kind', 'name', 'old line', 'new line'], rows: r.declarations.map((d) => [zh ? CHANGE_ZH[d.change] : d.change, zh ? DECLARATION_KIND_ZH[d.kind] ?? d.kind : d.kind, d.name, String(d.oldLine ?? ''), String(d.newLine ?? '')]) },
  }];
  for (const c of r.changes) {
    const pts = (f?: [string, string][]) => (f ?? [['0', '0']]).map(([x, y]) => [Number(x), Number(y)] as [number, number]);
    sections.push({
      heading: `${zh ? `责任“${c.benefit}”` : `benefit "${c.benefit}"`} · ${caseText(c, lang)} ${spanText(c, r, lang)}`,
      chart: {
        title: zh ? '年度赔付（元）与理赔金额（元）' : 'Annual payout (yuan) by claim amount (yuan)', x: zh ? '金额（元）' : 'amount (yuan)', y: zh ? '赔付（元）' : 'payout (yuan)',
        datasets: [
          { label: zh ? '旧' : 'old', points: pts(c.oldFunction), color: COLORS.old, dashed: true },
          { label: zh ? '新' : 'new', points: pts(c.newFunction), color: COLORS.new },
          { label: zh ? '变化（新 − 旧，右轴）' : 'change (new − old, right axis)', points: pts(c.changeFunction), color: COLORS.change, fill: true, right: true },
        ],
        y2: zh ? '变化（元）' : 'change (yuan)',
      },
      table: { head: zh ? ['金额自', '至', '赔付变化（元）', '边际比例变化（百分点）'] : ['amount from', 'to', 'change (yuan)', 'marginal (pp)'], rows: c.regions.map((g) => [g.from, g.to ?? '…', `${bound(g.smallest, 'low')} … ${bound(g.largest, 'high')}`, g.marginal]) },
    });
  }
  return htmlPage(title, lang, sections);
}
