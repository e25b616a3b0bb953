// A self-contained HTML report: its charts drawn by Chart.js, whose bundle is written into the page,
// so the file opens anywhere without a network. Written beside its target and renamed into place,
// never over one of the command's inputs.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BatchFileError, commitOutputs, discardOutputs, planOutputs } from '../batch/files';
import type { Io } from './input';

/** A line chart: datasets of [x, y] points, drawn as straight lines between them. */
export interface ChartSpec {
  title: string;
  x: string;
  y: string;
  datasets: { label: string; points: [number, number][]; dashed?: boolean; color: string; fill?: boolean; right?: boolean }[];
  /** The title of the right-hand axis, for datasets drawn against it. */
  y2?: string;
  /** Instead of lines: one bar per label (the first dataset's points give the heights, in order). */
  bars?: string[];
}

export interface Section { heading: string; paragraphs?: string[]; table?: { head: string[]; rows: string[][] }; chart?: ChartSpec }

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

let chartJs: string | undefined;
function chartBundle(): string {
  // The package exports no path to its UMD bundle, which sits beside its main file.
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  return chartJs;
}

export function htmlPage(title: string, lang: 'zh' | 'en', sections: Section[]): string {
  const charts: ChartSpec[] = [];
  const body = sections.map((s) => {
    const parts = [`<h2>${escape(s.heading)}</h2>`, ...(s.paragraphs ?? []).map((p) => `<p>${escape(p)}</p>`)];
    if (s.chart) parts.push(`<div class="chart"><canvas id="chart-${charts.push(s.chart) - 1}"></canvas></div>`);
    if (s.table) parts.push(`<table><thead><tr>${s.table.head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    return `<section>${parts.join('\n')}</section>`;
  });
  // The chart data is JSON inside a script element: "<" is escaped so no string can close it.
  const data = JSON.stringify(charts).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; } td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; } th { background: #f4f4f4; }
.chart { position: relative; height: 320px; }
</style>
<script>${chartBundle()}</script></head>
<body><h1>${escape(title)}</h1>
${body.join('\n')}
<script type="application/json" id="charts">${data}</script>
<script>
for (const [i, c] of JSON.parse(document.getElementById('charts').textContent).entries()) {
  if (c.bars) { new Chart(document.getElementById('chart-' + i), { type: 'bar', data: { labels: c.bars, datasets: c.datasets.map((d) => ({ label: d.label, data: d.points.map(([, y]) => y), backgroundColor: d.color })) }, options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: c.title } }, scales: { x: { title: { display: true, text: c.x } }, y: { title: { display: true, text: c.y } } } } }); continue; }
  new Chart(document.getElementById('chart-' + i), { type: 'line', data: { datasets: c.datasets.map((d) => ({ label: d.label, data: d.points.map(([x, y]) => ({ x, y })), borderColor: d.color, backgroundColor: d.fill ? d.color + '33' : d.color, borderDash: d.dashed ? [6, 4] : [], pointRadius: 2, borderWidth: 2, fill: d.fill ? 'origin' : false, yAxisID: d.right ? 'y2' : 'y' })) },
    options: { animation: false, maintainAspectRatio: false, parsing: false, plugins: { title: { display: true, text: c.title } }, scales: Object.assign({ x: { type: 'linear', title: { display: true, text: c.x } }, y: { type: 'linear', title: { display: true, text: c.y } } }, c.y2 ? { y2: { type: 'linear', position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: c.y2 } } } : {}) } });
}
</script></body></html>
`;
}

/** Writes the page to `path`, refusing a path that is one of `inputs` (by name, link or identity). 0 on success, 2 refused. */
export function writeReport(path: string, html: string, inputs: string[], io: Io): number {
  let targets;
  try {
    targets = planOutputs(inputs.map((p) => ({ option: 'input', path: p })), [{ option: '--html', path }], (s) => io.err(s));
  } catch (e) {
    if (e instanceof BatchFileError) {
      io.err(`yibao: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    for (const t of targets) writeFileSync(t.temp ?? t.path, html);
    commitOutputs(targets);
  } catch (e) {
    discardOutputs(targets);
    io.err(`yibao: cannot write ${path}: ${(e as Error).message} / 无法写入`);
    return 2;
  }
  return 0;
}
