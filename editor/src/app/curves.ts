// Payout curve and marginal ratio for one benefit, one line per chosen group, recomputed on every
// edit; the last saved version is drawn dashed beside the current one.
import { Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Title, type Plugin } from 'chart.js';
import { analyzer } from '../worker/client';
import { clear, h } from './dom';
import { onLangChange, t } from './i18n';
import type { CurveResult, PlanIndex } from '../worker/protocol';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Title);

type LineChart = Chart<'line', { x: number; y: number }[]>;

/** Amount ranges shaded behind a chart's lines: where the current version pays other than the saved one. */
interface Shade { from: number; to?: number; color: string }

/** A Chart.js plugin that shades the ranges a chart carries in its `shades` list. */
const shading = (shades: () => Shade[]): Plugin<'line'> => ({
  id: 'changed-ranges',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea: area, scales } = chart;
    ctx.save();
    for (const s of shades()) {
      const left = Math.max(area.left, scales.x!.getPixelForValue(s.from));
      const right = Math.min(area.right, s.to === undefined ? area.right : scales.x!.getPixelForValue(s.to));
      if (right <= left) continue;
      ctx.fillStyle = `${s.color}22`;
      ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
    }
    ctx.restore();
  },
});

const COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00'];
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export interface CurveHost {
  text: () => string;
  savedText: () => string | undefined;
  file: () => string;
}

export class CurvePanel {
  private readonly benefit = h('select', { id: 'curve-benefit' });
  private readonly groups = h('fieldset', { id: 'curve-groups', class: 'groups' });
  private readonly max = h('input', { id: 'curve-max', type: 'number', min: '1000', step: '10000', value: '400000' });
  private readonly info = h('div', { id: 'curve-info', class: 'message', role: 'status' });
  private readonly breaks = h('div', { id: 'curve-breakpoints', class: 'message' });
  private readonly payoutCanvas = h('canvas', { id: 'chart-payout', role: 'img', 'aria-label': 'payout curve' });
  private readonly marginalCanvas = h('canvas', { id: 'chart-marginal', role: 'img', 'aria-label': 'marginal ratio' });
  private payoutChart?: Chart<'line', { x: number; y: number }[]>;
  private marginalChart?: Chart<'line', { x: number; y: number }[]>;
  private index?: PlanIndex;
  private shades: Shade[] = [];
  private seq = 0;
  private visible = false;
  /** Drawn curves, for tests and screen readers: number of points per dataset. */
  lastResult?: CurveResult;

  constructor(private readonly panel: HTMLElement, private readonly host: CurveHost) {
    const label = (key: Parameters<typeof t>[0], el: HTMLElement) => h('label', { class: 'field' }, h('span', { 'data-i18n': key }), el);
    panel.append(
      h('div', { class: 'row' }, label('curveBenefit', this.benefit), label('curveMax', this.max)),
      this.groups,
      this.info,
      this.breaks,
      h('div', { class: 'charts' }, h('div', { class: 'chart' }, this.payoutCanvas), h('div', { class: 'chart' }, this.marginalCanvas)),
    );
    this.benefit.addEventListener('change', () => void this.refresh());
    this.max.addEventListener('change', () => void this.refresh());
    this.groups.addEventListener('change', () => void this.refresh());
    onLangChange(() => this.index && this.setIndex(this.index, true));
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) void this.refresh();
  }

  /** New names from the worker: keep the user's choices where they still exist. */
  setIndex(index: PlanIndex, force = false): void {
    const prev = this.index;
    this.index = index;
    const sameBenefits = prev && prev.benefits.map((b) => b.name).join() === index.benefits.map((b) => b.name).join();
    const sameGroups = prev && prev.groups.map((g) => g.name).join() === index.groups.map((g) => g.name).join();
    if (!sameBenefits || force) {
      const keep = this.benefit.value;
      clear(this.benefit, ...index.benefits.map((b) => h('option', { value: b.name }, b.label ? `${b.name} ${b.label}` : b.name)));
      if (index.benefits.some((b) => b.name === keep)) this.benefit.value = keep;
    }
    if (!sameGroups || force) {
      const checked = new Set(this.chosenGroups());
      const first = !prev;
      const box = (value: string, text: string, on: boolean) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', value, checked: on }), text);
      clear(this.groups,
        h('legend', {}, t('curveGroups')),
        box('', t('ordinary'), first || checked.has('')),
        ...index.groups.map((g, i) => box(g.name, g.label ? `${g.name}（${g.label}）` : g.name, checked.has(g.name) || ((first || !sameGroups) && i === 0))));
    }
    void this.refresh();
  }

  private chosenGroups(): string[] {
    return [...this.groups.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
  }

  async refresh(): Promise<void> {
    if (!this.visible || !this.benefit.value) return;
    const seq = ++this.seq;
    const max = Math.max(1000, Number(this.max.value) || 400000);
    const r = await analyzer.curve({
      text: this.host.text(), savedText: this.host.savedText(), file: this.host.file(),
      benefit: this.benefit.value, groups: this.chosenGroups(), max, points: 80,
    });
    if (seq !== this.seq) return; // a newer edit already asked
    this.lastResult = r;
    this.draw(r);
  }

  private draw(r: CurveResult): void {
    const name = (g: string) => (g === '' ? t('ordinary') : g);
    const notes = r.lines.filter((l) => l.note).map((l) => `${name(l.group)}: ${l.note}`);
    this.info.textContent = [`${t('setting')}: ${r.setting ?? ''} · ${t('selfPayField')}: ${r.field ?? ''}`, ...notes].join(' · ');
    clear(this.breaks, ...r.lines.filter((l) => l.breakpoints?.length).map((l) =>
      h('div', { class: 'breakpoints' }, `${name(l.group)} · ${t('exactBreakpoints')}: `, l.breakpoints!.map((b) => `${money(b.amount)} → ${money(b.payout)}`).join('，'))),
    ...r.lines.filter((l) => l.changed?.length).map((l) =>
      h('div', { class: 'changed' }, `${name(l.group)} · ${t('changedAmounts')}: `, l.changed!.map((c) => `${money(c.from)} – ${c.to === undefined ? '…' : money(c.to)}`).join('，'))));
    this.shades = r.lines.flatMap((l, i) => (l.changed ?? []).map((c) => ({ ...c, color: COLORS[i % COLORS.length]! })));
    const payout: Chart<'line', { x: number; y: number }[]>['data']['datasets'] = [];
    const marginal: typeof payout = [];
    r.lines.forEach((l, i) => {
      const color = COLORS[i % COLORS.length]!;
      const series = (ys: number[]) => ys.map((y, j) => ({ x: r.amounts[j]!, y }));
      const slope = (ys: number[]) => ys.slice(1).map((y, j) => ({ x: r.amounts[j + 1]!, y: (100 * (y - ys[j]!)) / Math.max(1, r.amounts[j + 1]! - r.amounts[j]!) }));
      const style = { borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, stepped: false as const };
      if (l.current) {
        payout.push({ label: name(l.group), data: series(l.current), ...style });
        marginal.push({ label: name(l.group), data: slope(l.current), ...style });
      }
      if (l.breakpoints) {
        // The exact breakpoints of the function the line follows, as points on it (spec §30).
        payout.push({ label: `${name(l.group)}（${t('breakpoints')}）`, data: l.breakpoints.map((b) => ({ x: b.amount, y: b.payout })), borderColor: color, backgroundColor: '#fff', pointRadius: 4, pointBorderWidth: 2, showLine: false });
      }
      if (l.saved) {
        const dashed = { ...style, borderDash: [6, 4], borderWidth: 1.5 };
        payout.push({ label: `${name(l.group)}（${t('savedVersion')}）`, data: series(l.saved), ...dashed });
        marginal.push({ label: `${name(l.group)}（${t('savedVersion')}）`, data: slope(l.saved), ...dashed });
      }
    });
    this.payoutChart = this.chart(this.payoutChart, this.payoutCanvas, payout, t('payoutChart'), '元', [shading(() => this.shades)]);
    this.marginalChart = this.chart(this.marginalChart, this.marginalCanvas, marginal, t('marginalChart'), '%');
  }

  private chart(existing: LineChart | undefined, canvas: HTMLCanvasElement, datasets: LineChart['data']['datasets'], title: string, unit: string, plugins: Plugin<'line'>[] = []): LineChart {
    if (existing) {
      existing.data.datasets = datasets;
      existing.options.plugins!.title!.text = title;
      existing.update('none');
      return existing;
    }
    return new Chart<'line', { x: number; y: number }[]>(canvas, {
      type: 'line',
      plugins,
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        plugins: { title: { display: true, text: title }, legend: { position: 'bottom', labels: { boxWidth: 18 } } },
        scales: {
          x: { type: 'linear', title: { display: true, text: '元' } },
          y: { type: 'linear', title: { display: true, text: unit }, beginAtZero: true },
        },
      },
    });
  }
}
