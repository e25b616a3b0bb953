// The editor page: Monaco with the Yibao language on the left, bench / tests / curves / problems
// on the right. Opens ?plan=PATH, or the Weihai example.
import './styles.css';
import { monaco } from './lang/monaco';
import { applyMarkers, indexUpdated, LANGUAGE_ID, registerLanguage, startLiveAnalysis, type LiveState } from './lang/language';
import { analyzer } from './worker/client';
import { applyStatic, currentLang, onLangChange, setLang, t } from './app/i18n';
import { byId } from './app/dom';
import { openPath, refreshList, save, wireFileButtons, type Doc, type FileUi } from './app/files';
import { Bench } from './app/bench';
import { TestsPanel } from './app/tests-panel';
import { CurvePanel } from './app/curves';
import { DiffPanel } from './app/diff-panel';
import { renderProblems } from './app/problems';
import { wireTabs } from './app/tabs';
import type { Span } from './worker/protocol';

const DEFAULT_PLAN = 'examples/weihai-2024.yibao';

applyStatic();
let doc: Doc | undefined;
let live: LiveState | undefined;
let liveLoop: { refresh: () => void; dispose: () => void } | undefined;

registerLanguage(() => live?.index, currentLang);

const editor = monaco.editor.create(byId('editor'), {
  language: LANGUAGE_ID, automaticLayout: true, glyphMargin: true, fontSize: 14, tabSize: 2, insertSpaces: true,
  minimap: { enabled: false }, fixedOverflowWidgets: true, 'semanticHighlighting.enabled': false,
  ariaLabel: 'plan', renderWhitespace: 'none', wordBasedSuggestions: 'off', quickSuggestions: { other: true, comments: false, strings: false },
  unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
});

const text = () => editor.getModel()?.getValue() ?? '';
const file = () => doc?.path ?? DEFAULT_PLAN;
const statusEl = byId('status');
let statusNote: { msg: string; kind: string } | undefined;
let highlight: monaco.editor.IEditorDecorationsCollection | undefined;

function reveal(span: Span): void {
  const range = monaco.Range.lift(span);
  editor.setSelection(range);
  editor.revealRangeInCenter(range);
  highlight?.clear();
  highlight = editor.createDecorationsCollection([{ range, options: { className: 'rule-highlight', isWholeLine: false, inlineClassName: 'rule-highlight-inline' } }]);
  editor.focus();
}

function renderStatus(): void {
  const errors = live?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = live?.diagnostics.filter((d) => d.severity === 'warning').length ?? 0;
  const parts = [`${t('errorsCount')} ${errors}`, `${t('warningsCount')} ${warnings}`];
  if (live && live.version >= 0) parts.push(`${t('diagnosticsIn')} ${Math.round(live.latencyMs)} ms`);
  statusEl.textContent = statusNote ? `${statusNote.msg} · ${parts.join(' · ')}` : parts.join(' · ');
  statusEl.dataset.kind = statusNote?.kind ?? (errors ? 'error' : 'ok');
  statusEl.dataset.errors = String(errors);
}

const dirty = () => !!doc && text() !== doc.savedText;
function renderDocBar(): void {
  byId('doc-path').textContent = doc?.path ?? '';
  byId('doc-name').textContent = live?.index?.planName ?? '';
  byId('doc-dirty').textContent = dirty() ? '●' : '';
  document.title = `${live?.index?.planName ?? ''} — Yibao`;
}

const tests = new TestsPanel(byId('panel-tests'), { text, file, editor: () => editor, reveal });
const bench = new Bench(byId('panel-bench'), { text, file, reveal });
const curves = new CurvePanel(byId('panel-curve'), { text, file, savedText: () => (doc?.savedText ? doc.savedText : undefined) });
const diffs = new DiffPanel(byId('panel-diff'), { text, file, savedText: () => doc?.savedText, model: () => editor.getModel() });
applyStatic();

const showTab = wireTabs((panel) => {
  curves.setVisible(panel === 'panel-curve');
  diffs.setVisible(panel === 'panel-diff');
});

function openDoc(next: Doc): void {
  doc = next;
  live = undefined;
  statusNote = undefined;
  liveLoop?.dispose();
  const old = editor.getModel();
  const uri = monaco.Uri.from({ scheme: 'file', path: `/${next.path}` });
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(next.text, LANGUAGE_ID, uri);
  editor.setModel(model);
  old?.dispose();
  tests.clear();
  model.onDidChangeContent(() => {
    tests.clear();
    bench.planChanged();
    renderDocBar();
  });
  let shownIndex: LiveState['index'];
  liveLoop = startLiveAnalysis(model, file, currentLang, (s) => {
    // The loop updates one state object in place: compare against the index last handed on.
    const indexChanged = shownIndex !== s.index;
    shownIndex = s.index;
    live = s;
    renderStatus();
    renderDocBar();
    renderProblems(byId('panel-problems'), s.diagnostics, reveal);
    if (s.index && indexChanged) {
      indexUpdated();
      curves.setIndex(s.index);
    }
  });
  liveLoop.refresh();
  void bench.loadReady();
  const url = new URL(location.href);
  url.searchParams.set('plan', next.path);
  history.replaceState(null, '', url);
  renderDocBar();
}

const ui: FileUi = {
  current: () => doc,
  open: (d) => {
    void analyzer.forgetFiles().then(() => openDoc(d));
  },
  text,
  dirty,
  status: (msg, kind) => {
    statusNote = { msg, kind: kind ?? 'ok' };
    renderStatus();
    renderDocBar();
    void curves.refresh();
  },
};
wireFileButtons(ui);

editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void save(ui));
window.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
    e.preventDefault();
    void save(ui);
  }
});
window.addEventListener('beforeunload', (e) => {
  if (dirty()) e.preventDefault();
});
byId<HTMLSelectElement>('floors-select').addEventListener('change', (e) => {
  analyzer.setAgainst((e.target as HTMLSelectElement).value || undefined);
  liveLoop?.refresh();
});
byId('btn-format').addEventListener('click', () => void editor.getAction('editor.action.formatDocument')?.run());
byId('btn-lang').addEventListener('click', () => setLang(currentLang() === 'zh' ? 'en' : 'zh'));
onLangChange(() => {
  const model = editor.getModel();
  if (model && live) applyMarkers(model, live.diagnostics, currentLang());
  renderStatus();
  if (live) renderProblems(byId('panel-problems'), live.diagnostics, reveal);
});

// Curves follow every edit while their tab is shown (the worker drops nothing: each answer is
// for the text at the time it was asked, and stale answers are ignored by the panel).
let curveTimer: ReturnType<typeof setTimeout> | undefined;
editor.onDidChangeModelContent(() => {
  clearTimeout(curveTimer);
  curveTimer = setTimeout(() => {
    void curves.refresh();
    void diffs.refresh();
  }, 150);
});

async function boot(): Promise<void> {
  const wanted = new URL(location.href).searchParams.get('plan') ?? DEFAULT_PLAN;
  await refreshList(wanted).catch(() => undefined);
  // ?against=NAME.floors.yibao: the plan is proven against those floors from the start.
  const against = new URL(location.href).searchParams.get('against');
  if (against) {
    byId<HTMLSelectElement>('floors-select').value = against;
    analyzer.setAgainst(against);
  }
  try {
    openDoc(await openPath(wanted));
  } catch (e) {
    statusNote = { msg: `${t('openFailed')} ${wanted}: ${(e as Error).message}`, kind: 'error' };
    renderStatus();
    if (wanted !== DEFAULT_PLAN) openDoc(await openPath(DEFAULT_PLAN));
  }
}

// A small handle for the browser tests and for debugging from the console.
Object.assign(window, {
  yibao: {
    editor, monaco, bench, tests, curves, diffs, showTab, analyzer,
    live: () => live,
    doc: () => doc,
    markers: () => monaco.editor.getModelMarkers({ owner: 'yibao' }),
  },
});

void boot();
