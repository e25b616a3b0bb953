// The plan's own tests (engine/testing/plan-tests.ts, run in the worker): a pass/fail list,
// marks in the editor's gutter, and for a failure the expected value against the actual one.
import { monaco } from '../lang/monaco';
import { analyzer, type TestOutcomeWire } from '../worker/client';
import { clear, h } from './dom';
import { onLangChange, t } from './i18n';
import type { Span } from '../worker/protocol';

export interface TestsHost {
  text: () => string;
  file: () => string;
  editor: () => monaco.editor.IStandaloneCodeEditor;
  reveal: (span: Span) => void;
}

export class TestsPanel {
  private readonly list = h('div', { id: 'tests-results', class: 'results', 'aria-live': 'polite' });
  private readonly summary = h('div', { id: 'tests-summary', class: 'message', role: 'status' });
  private decorations?: monaco.editor.IEditorDecorationsCollection;
  private last?: TestOutcomeWire[];

  constructor(
    panel: HTMLElement,
    private readonly host: TestsHost,
  ) {
    const btn = h('button', { type: 'button', id: 'btn-run-tests', onclick: () => void this.run() });
    btn.dataset.i18n = 'runTests';
    panel.append(h('div', { class: 'row' }, btn), this.summary, this.list);
    onLangChange(() => this.last && this.render(this.last));
  }

  /** Marks belong to one text: any edit or a newly opened plan clears them. */
  clear(): void {
    this.decorations?.clear();
  }

  async run(): Promise<void> {
    const r = await analyzer.tests(this.host.text(), this.host.file());
    if (!r.outcomes) {
      this.summary.textContent = `${t('planHasErrors')} (${r.planErrors})`;
      clear(this.list);
      this.clear();
      return;
    }
    this.last = r.outcomes;
    this.render(r.outcomes);
  }

  private render(outcomes: TestOutcomeWire[]): void {
    const passed = outcomes.filter((o) => o.passed).length;
    this.summary.textContent = outcomes.length === 0 ? t('noTests') : `${passed} ${t('passed')}, ${outcomes.length - passed} ${t('failed')}`;
    clear(this.list, h('ul', { class: 'test-list' }, ...outcomes.map((o) => this.item(o))));
    const decos: monaco.editor.IModelDeltaDecoration[] = outcomes.map((o) => ({
      range: new monaco.Range(o.span.startLineNumber, 1, o.span.startLineNumber, 1),
      options: {
        glyphMarginClassName: o.passed ? 'glyph-pass' : 'glyph-fail',
        glyphMarginHoverMessage: { value: `${o.passed ? '✓' : '✗'} ${o.name.replace(/[\\`*_[\]<>]/g, '\\$&')}` },
        overviewRuler: { color: o.passed ? '#2e7d32' : '#c62828', position: monaco.editor.OverviewRulerLane.Left },
      },
    }));
    for (const o of outcomes) {
      for (const f of o.failures) {
        decos.push({ range: monaco.Range.lift(f.span), options: { className: 'test-failure-range', hoverMessage: { value: f.message.replace(/[\\`*_[\]<>]/g, '\\$&') } } });
      }
    }
    this.decorations?.clear();
    this.decorations = this.host.editor().createDecorationsCollection(decos);
  }

  private item(o: TestOutcomeWire): HTMLElement {
    const title = h('button', { type: 'button', class: 'link', onclick: () => this.host.reveal(o.span) }, `${o.passed ? '✓' : '✗'} ${o.name}`);
    const failures = o.failures.map((f) =>
      h('li', { class: 'failure' },
        h('button', { type: 'button', class: 'link', onclick: () => this.host.reveal(f.span) }, `${f.span.startLineNumber}:${f.span.startColumn}`),
        ' ', f.message,
        f.expected !== undefined ? h('div', { class: 'expect' }, h('span', {}, `${t('expected')} `), h('code', { class: 'expected' }, f.expected), h('span', {}, ` · ${t('actual')} `), h('code', { class: 'actual' }, f.actual ?? '—')) : null),
    );
    return h('li', { class: o.passed ? 'pass' : 'fail', 'data-test': o.name }, title, failures.length ? h('ul', {}, ...failures) : null);
  }
}
