// yibao check PLAN... --against FLOORS [--json]: each plan proven against a region's floors
// (spec §29). Violations are code frames on the plan's line pointing at the floor's line; the
// verdicts follow, as a readable list or as JSON (spec/schemas/floors-report.schema.json).
// Exit codes: 0 every rule holds, does not apply or cannot be proven (a warning says why);
// 1 a rule is violated or a plan has errors; 2 the floors have errors or no such file.
import { BUILTIN_SETTINGS } from '../../grammar/vocabulary';
import { proveFloors, type FloorVerdict, type FloorsReport } from '../analysis/floors';
import type { PlanDocument } from '../document';
import { FloorsDocument } from '../floors-document';
import { formatDiagnostic, type Lang } from '../ir/diagnostics';
import { FLOOR_MEASURES } from '../ir/floors';
import { loadFile, type Io } from './input';

/** A floors file as a document, its diagnostics printed; undefined when there is no such file. */
export function loadFloors(path: string, lang: Lang, io: Io): FloorsDocument | undefined {
  return loadFile(path, lang, io, { en: 'floors', zh: '底线' }, (text) => new FloorsDocument(text, path));
}

export function cmdAgainst(planPaths: string[], floorsPath: string, lang: Lang, json: boolean, io: Io, load: (p: string) => PlanDocument | undefined): number {
  const floors = loadFloors(floorsPath, lang, io)?.ir;
  if (!floors) return 2;
  let failed = 0;
  const reports: FloorsReport[] = [];
  for (const p of planPaths) {
    const doc = load(p);
    const ir = doc?.lowered?.ir;
    if (!doc || !ir || doc.diagnostics.some((d) => d.severity === 'error')) {
      failed++;
      continue;
    }
    const report = proveFloors(ir, doc.text, floors, { compiled: () => doc.compiled });
    for (const d of report.diagnostics) io.err(formatDiagnostic(d, doc.text, lang));
    if (report.verdicts.some((v) => v.status === 'violated')) failed++;
    reports.push(report);
  }
  if (json) io.out(JSON.stringify(planPaths.length === 1 && reports.length === 1 ? reports[0] : reports, null, 2));
  else for (const r of reports) io.out(reportText(r, lang));
  return failed ? 1 : 0;
}

const MARK = { holds: '✓', violated: '✗', unknown: '?', 'not-applicable': '–' } as const;
const STATUS = {
  zh: { holds: '满足', violated: '未满足', unknown: '无法证明', 'not-applicable': '不适用' },
  en: { holds: 'holds', violated: 'violated', unknown: 'cannot be proven', 'not-applicable': 'does not apply' },
} as const;

/** The verdicts as lines an analyst reads: each rule, its verdict, the lowest case found and a counterexample. */
function reportText(r: FloorsReport, lang: Lang): string {
  const head = lang === 'zh' ? `方案“${r.plan}”对照底线“${r.floors}”：` : `Plan "${r.plan}" against floors "${r.floors}":`;
  return [head, ...r.verdicts.flatMap((v) => verdictLines(v, lang))].join('\n');
}

function verdictLines(v: FloorVerdict, lang: Lang): string[] {
  const m = FLOOR_MEASURES[v.measure];
  const setting = v.setting ? settingName(v.setting, lang) : lang === 'zh' ? '各类就医' : 'every setting';
  const what = lang === 'zh' ? `${m.zh}（${setting}）` : `${m.en} (${setting})`;
  const lines = [`${MARK[v.status]} ${v.text} — ${STATUS[lang][v.status]}`];
  const w = v.worst;
  if (w?.value) {
    const where = [w.benefit && (lang === 'zh' ? `责任 ${w.benefit}` : `benefit ${w.benefit}`), w.band && (lang === 'zh' ? `第 ${w.band} 段` : `band ${w.band}`), w.date,
      ...w.conditions.map((c) => (c.holds ? c.text : lang === 'zh' ? `非（${c.text}）` : `not (${c.text})`)),
      w.tilts.length ? (lang === 'zh' ? `倾斜 ${w.tilts.join('、')}` : `tilts ${w.tilts.join(', ')}`) : ''].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
    const low = lang === 'zh' ? '最低' : 'lowest';
    lines.push(lang === 'zh' ? `    ${what}：${low} ${w.value}，底线 ${w.bound}${where ? `（${where}）` : ''}` : `    ${what}: ${low} ${w.value} against ${w.bound}${where ? ` (${where})` : ''}`);
  }
  if (v.reason) lines.push(`    ${v.reason[lang]}`);
  lines.push(`    ${lang === 'zh' ? `已检查 ${v.cases} 种情形` : `${v.cases} case${v.cases === 1 ? '' : 's'} examined`}`);
  const ce = v.counterexample;
  if (ce) {
    const note = ce.confirmed
      ? lang === 'zh' ? `反例（已由引擎运行确认，实得 ${ce.observed}）：` : `counterexample (confirmed by running the engine: ${ce.observed}):`
      : lang === 'zh' ? `反例（引擎运行未能再现${ce.observed ? `，实得 ${ce.observed}` : ''}）：` : `counterexample (not reproduced by the engine${ce.observed ? `: ${ce.observed}` : ''}):`;
    lines.push(`    ${note}`, `    ${JSON.stringify(ce.request)}`);
  }
  return lines;
}

function settingName(id: string, lang: Lang): string {
  const s = BUILTIN_SETTINGS.find((x) => x.id === id);
  return lang === 'zh' ? s?.zh ?? id : id;
}
