// The test bench: a request (JSON, checked against the engine's request schema with ajv, errors
// as markers), ready requests built from the plan's own test blocks, and the run's results as
// tables per claim and benefit, totals per member, and a trace whose steps point into the plan.
import Ajv from 'ajv';
import { monaco } from '../lang/monaco';
import { requestSchema } from '../../../engine/runtime/schemas';
import type { ClaimResult, EvalResult } from '../../../engine/index';
import { analyzer } from '../worker/client';
import { clear, h } from './dom';
import { currentLang, onLangChange, t } from './i18n';
import { locate, spanOf } from './json-locate';
import type { Span } from '../worker/protocol';

const validate = new Ajv({ allErrors: true, strict: false }).compile(requestSchema);

export interface BenchHost {
  text: () => string;
  file: () => string;
  reveal: (span: Span) => void;
}

export class Bench {
  readonly model = monaco.editor.createModel('{\n  "members": [],\n  "claims": []\n}\n', 'json', monaco.Uri.parse('inmemory://request.json'));
  private readonly requestSelect = h('select', { id: 'request-select', 'aria-label': 'ready requests' });
  private readonly results = h('div', { id: 'bench-results', class: 'results', 'aria-live': 'polite' });
  private readonly message = h('div', { id: 'bench-message', class: 'message', role: 'status' });
  private ready: { name: string; request: unknown }[] = [];
  private last?: EvalResult;

  constructor(
    panel: HTMLElement,
    private readonly host: BenchHost,
  ) {
    const editorEl = h('div', { class: 'request-editor', id: 'request-editor' });
    const runBtn = h('button', { type: 'button', id: 'btn-run', 'aria-keyshortcuts': 'Control+Enter', onclick: () => void this.run() });
    const label = h('label', { class: 'field' }, h('span', { 'data-i18n': 'readyRequests' }), this.requestSelect);
    const heading = h('h2', { 'data-i18n': 'request' });
    runBtn.dataset.i18n = 'run';
    panel.append(h('div', { class: 'row' }, label, runBtn), heading, editorEl, this.message, this.results);
    const editor = monaco.editor.create(editorEl, {
      model: this.model, minimap: { enabled: false }, automaticLayout: true, fontSize: 13, lineNumbers: 'on',
      scrollBeyondLastLine: false, tabSize: 2, ariaLabel: 'request JSON',
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void this.run());
    this.requestSelect.addEventListener('change', () => this.pick(Number(this.requestSelect.value)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => this.check(), 150);
    });
    onLangChange(() => {
      this.check();
      if (this.last) this.render(this.last);
    });
  }

  /** After an edit of the plan, shown results belong to the old text: say so until the next run. */
  planChanged(): void {
    if (!this.last || this.results.classList.contains('stale')) return;
    this.results.classList.add('stale');
    this.message.textContent = t('resultsStale');
  }

  /** Offers the plan's test blocks as ready requests; the first one is loaded. */
  async loadReady(): Promise<void> {
    this.ready = await analyzer.requests(this.host.text(), this.host.file());
    clear(this.requestSelect, ...this.ready.map((r, i) => h('option', { value: String(i) }, r.name)));
    if (this.ready.length > 0) this.pick(0);
    clear(this.results);
    this.last = undefined;
  }

  private pick(i: number): void {
    const r = this.ready[i];
    if (r) this.model.setValue(JSON.stringify(r.request, null, 2) + '\n');
  }

  /** Schema errors as markers; returns the parsed request when it is valid. */
  check(): unknown | undefined {
    const text = this.model.getValue();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // Syntax errors are marked by Monaco's own JSON worker; say it here too.
      monaco.editor.setModelMarkers(this.model, 'ajv', []);
      this.message.textContent = `${t('notJson')}: ${(e as Error).message}`;
      return undefined;
    }
    const ok = validate(value);
    const where = locate(text);
    const markers = (validate.errors ?? [])
      .filter((e) => !e.schemaPath.includes('/anyOf/'))
      .map((e) => {
        const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
        const s = spanOf(where, e.instancePath + extra, extra !== '');
        const a = this.model.getPositionAt(s.start);
        const b = this.model.getPositionAt(Math.max(s.end, s.start + 1));
        const detail = e.keyword === 'additionalProperties' ? `${e.message}: "${extra.slice(1)}"` : e.keyword === 'anyOf' ? 'must be an amount in yuan ≥ 0 with at most 2 decimals / 应为不小于 0、最多两位小数的金额' : e.message;
        return {
          severity: monaco.MarkerSeverity.Error, message: `${e.instancePath || '/'}: ${detail}`, code: e.keyword, source: 'request schema',
          startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column,
        };
      });
    monaco.editor.setModelMarkers(this.model, 'ajv', markers);
    this.message.textContent = ok ? '' : `${t('requestInvalid')} (${markers.length})`;
    return ok ? value : undefined;
  }

  async run(): Promise<void> {
    const request = this.check();
    if (request === undefined) return;
    const r = await analyzer.run(this.host.text(), this.host.file(), request);
    if (!r.result) {
      this.message.textContent = `${t('planHasErrors')} (${r.planErrors})`;
      clear(this.results);
      return;
    }
    this.last = r.result;
    this.render(r.result);
  }

  private render(result: EvalResult): void {
    clear(this.results);
    this.results.classList.remove('stale');
    if (result.errors.length > 0) {
      this.results.append(
        h('h3', {}, t('errors')),
        h('ul', { class: 'errors' }, ...result.errors.map((e) => h('li', {}, `${e.claim ?? e.member ?? ''} ${e.path}: ${e.message}`))),
      );
    }
    for (const c of result.claims) this.results.append(this.claimTable(c));
    this.results.append(h('h3', {}, t('membersTotals')), this.totals(result));
  }

  private claimTable(c: ClaimResult): HTMLElement {
    const head = h('tr', {}, ...(['benefit', 'eligible', 'deductible', 'payout'] as const).map((k) => h('th', { scope: 'col' }, t(k))));
    const rows = c.benefits.map((b) =>
      h('tr', { 'data-benefit': b.name }, h('th', { scope: 'row' }, b.label ? `${b.name} ${b.label}` : b.name), h('td', { class: 'num' }, b.eligible), h('td', { class: 'num' }, b.deductible), h('td', { class: 'num payout' }, b.payout)),
    );
    const total = h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('total')), h('td'), h('td'), h('td', { class: 'num claim-payout' }, c.payout));
    const excluded = c.excluded.length
      ? h('ul', { class: 'excluded' }, ...c.excluded.map((x) => h('li', {}, `${t('excluded')} ${x.item ?? ''} ${x.amount} — ${t('reason')}: ${x.reason}`)))
      : null;
    const trace = h('ol', { class: 'trace' }, ...c.trace.map((s) => {
      const inputs = s.inputs ? Object.entries(s.inputs).map(([k, v]) => `${k}=${v}`).join(', ') : '';
      const btn = h('button', { type: 'button', class: 'trace-step', disabled: !s.range }, `${s.rule}${inputs ? ` (${inputs})` : ''} → ${s.output}`);
      if (s.range) {
        const r = s.range;
        btn.addEventListener('click', () => this.host.reveal({ startLineNumber: r.start.line, startColumn: r.start.column, endLineNumber: r.end.line, endColumn: r.end.column }));
      }
      return h('li', {}, btn);
    }));
    const details = h('details', {}, h('summary', {}, t('trace')), trace);
    return h('section', { class: 'claim', 'data-claim': c.id },
      h('h3', {}, `${t('claim')} ${c.id} · ${t('member')} ${c.member} · ${c.date}`),
      h('table', { class: 'grid' }, h('thead', {}, head), h('tbody', {}, ...rows, total)),
      excluded, details);
  }

  private totals(result: EvalResult): HTMLElement {
    const head = h('tr', {}, h('th', { scope: 'col' }, t('member')), h('th', { scope: 'col' }, t('year')), h('th', { scope: 'col' }, t('payout')));
    const rows = result.members.map((m) => h('tr', { 'data-member': m.id }, h('th', { scope: 'row' }, m.id), h('td', {}, m.year), h('td', { class: 'num' }, m.payout)));
    return h('table', { class: 'grid totals', lang: currentLang() }, h('thead', {}, head), h('tbody', {}, ...rows));
  }
}
