// The bench's results for a fund plan (its readable report) and for a settlement chain (each
// bill's waterfall as a stacked bar: what each layer paid and what the patient was left, then
// each layer's trace).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ChainResult } from '../../../engine/runtime/chain';
import type { FundReport } from '../../../engine/runtime/fund';
import { h } from './dom';
import { currentLang, t } from './i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLORS = ['#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457'];

export function fundView(fund: FundReport, report: { zh: string; en: string }): HTMLElement[] {
  const errors = fund.errors.length ? [h('h3', {}, t('errors')), h('ul', { class: 'errors' }, ...fund.errors.map((e) => h('li', {}, `${e.path}: ${e.message}`)))] : [];
  return [...errors, h('pre', { id: 'fund-report', class: 'report', lang: currentLang() }, report[currentLang()])];
}

/** One stacked bar per bill: each layer's payout, then the patient's share; the bar's length is the bill's total. */
function waterfall(result: ChainResult): HTMLElement {
  const canvas = h('canvas', { id: 'chart-waterfall', role: 'img', 'aria-label': t('waterfall') });
  const layers = [...new Set(result.bills.flatMap((b) => b.layers.map((l) => l.layer)))];
  const series = [
    ...layers.map((name, i) => ({ label: name, data: result.bills.map((b) => Number(b.layers.find((l) => l.layer === name)?.payout ?? 0)), backgroundColor: COLORS[i % COLORS.length] })),
    { label: t('patientShare'), data: result.bills.map((b) => Number(b.patient)), backgroundColor: '#9e9e9e' },
  ];
  const box = h('div', { class: 'chart-box waterfall' }, canvas);
  // Numbers on the chart only: the exact amounts are in the tables below.
  new Chart(canvas, {
    type: 'bar',
    data: { labels: result.bills.map((b) => `${b.id} (${b.total})`), datasets: series },
    options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } },
  });
  return box;
}

export function chainView(result: ChainResult): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (result.errors.length) out.push(h('h3', {}, t('errors')), h('ul', { class: 'errors' }, ...result.errors.map((e) => h('li', {}, `${e.bill ?? e.member ?? ''} ${e.layer ?? ''} ${e.path}: ${e.message}`))));
  if (result.bills.length) out.push(h('h3', {}, t('waterfall')), waterfall(result));
  for (const b of result.bills) {
    const rows = b.layers.map((l) => h('tr', { 'data-layer': l.layer }, h('th', { scope: 'row' }, l.layer), h('td', { class: 'num' }, Object.values(l.inputs).join(' / ')), h('td', { class: 'num payout' }, l.payout)));
    const patient = h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('patientShare')), h('td'), h('td', { class: 'num' }, b.patient));
    const traces = b.layers.map((l) => h('details', {}, h('summary', {}, `${t('layerTrace')} · ${l.layer}`), h('ol', { class: 'trace' }, ...(l.trace ?? []).map((s) => h('li', {}, `${s.rule} → ${s.output}`)))));
    out.push(h('section', { class: 'claim', 'data-bill': b.id },
      h('h3', {}, `${t('bill')} ${b.id} · ${t('member')} ${b.member} · ${b.date} · ${t('total')} ${b.total}`),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('layer')), h('th', { scope: 'col' }, t('layerInputs')), h('th', { scope: 'col' }, t('payout')))), h('tbody', {}, ...rows, patient)),
      ...traces));
  }
  return out;
}
