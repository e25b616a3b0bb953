// The diff view (spec §31): the saved version beside the current text in Monaco's diff editor, and
// below it where the payout changes — each benefit, member case and piece of the amount, the change
// in yuan and in points of the marginal ratio. The payout-curve tab shades the same amounts.
import { monaco } from '../lang/monaco';
import { LANGUAGE_ID } from '../lang/language';
import { analyzer } from '../worker/client';
import { DECLARATION_KIND_ZH, type DiffReport } from '../../../engine/ir/diff';
import { clear, h } from './dom';
import { currentLang, t } from './i18n';

export interface DiffHost {
  text: () => string;
  savedText: () => string | undefined;
  file: () => string;
  model: () => monaco.editor.ITextModel | null;
}

export class DiffPanel {
  private readonly frame = h('div', { id: 'diff-editor', class: 'diff-editor' });
  private readonly report = h('div', { id: 'diff-report', class: 'message' });
  private editor?: monaco.editor.IStandaloneDiffEditor;
  private original?: monaco.editor.ITextModel;
  private visible = false;
  private seq = 0;
  /** The last report shown, for tests. */
  last?: DiffReport;

  /** The lines the diff editor marks as changed (original and modified line numbers). */
  lineChanges(): { original: number; modified: number }[] {
    return (this.editor?.getLineChanges() ?? []).map((c) => ({ original: c.originalStartLineNumber, modified: c.modifiedStartLineNumber }));
  }

  constructor(panel: HTMLElement, private readonly host: DiffHost) {
    panel.append(h('p', { class: 'message', 'data-i18n': 'diffIntro' }, t('diffIntro')), this.frame, this.report);
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.visible) return;
    const model = this.host.model();
    const saved = this.host.savedText() ?? this.host.text();
    if (!model) return;
    if (!this.editor) {
      const ed = monaco.editor.createDiffEditor(this.frame, { readOnly: true, renderSideBySide: true, useInlineViewWhenSpaceIsLimited: false, automaticLayout: true, minimap: { enabled: false }, fontSize: 12, originalEditable: false });
      // Whenever the set of changed lines changes, the first change is brought into view.
      let shown = '';
      ed.onDidUpdateDiff(() => {
        const now = JSON.stringify(this.lineChanges());
        if (now !== shown && this.lineChanges().length) ed.revealFirstDiff();
        shown = now;
      });
      this.editor = ed;
    }
    if (!this.original || this.original.getValue() !== saved) {
      this.original?.dispose();
      this.original = monaco.editor.createModel(saved, LANGUAGE_ID);
    }
    if (this.editor.getModel()?.original !== this.original || this.editor.getModel()?.modified !== model) this.editor.setModel({ original: this.original, modified: model });
    const seq = ++this.seq;
    const r = await analyzer.diff({ text: this.host.text(), savedText: saved, file: this.host.file() });
    if (seq !== this.seq) return;
    this.last = r.report;
    this.render(r.report);
  }

  private render(r: DiffReport | undefined): void {
    if (!r) return clear(this.report, h('p', {}, t('diffErrors')));
    const decl = r.declarations.map((d) => h('li', {}, `${{ added: '+', removed: '−', changed: '~' }[d.change]} ${currentLang() === 'zh' ? DECLARATION_KIND_ZH[d.kind] ?? d.kind : d.kind} “${d.name}” ${[d.oldLine, d.newLine].filter(Boolean).join(' → ')}`));
    const changes = r.changes.map((c) => {
      const head = [`${c.benefit}`, ...c.conditions.map((x) => (x.holds ? x.text : `¬${x.text}`)), c.tilts.length ? c.tilts.join(', ') : t('noTilts'), c.to ? `${c.from}..${c.to}` : `${c.from}..`].join(' · ');
      const rows = c.regions.map((g) => h('tr', {}, h('td', {}, g.from), h('td', {}, g.to ?? '…'), h('td', {}, `${g.smallest ?? '−∞'} … ${g.largest ?? '+∞'}`), h('td', {}, g.marginal)));
      return h('div', { class: 'diff-change' }, h('h4', {}, head),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('diffAmountFrom')), h('th', {}, t('diffAmountTo')), h('th', {}, t('diffChange')), h('th', {}, t('diffMarginal')))), h('tbody', {}, ...rows)));
    });
    clear(this.report,
      h('h3', {}, t('diffDeclarations')), decl.length ? h('ul', {}, ...decl) : h('p', {}, '—'),
      h('h3', {}, t('diffChanges')), ...(changes.length ? changes : [h('p', {}, t('diffSame'))]));
  }
}
