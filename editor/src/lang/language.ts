// The Yibao language in Monaco: registration, brackets and comments, highlighting, and the live
// loop that sends the text to the worker after typing stops and turns the answer into markers.
import { monaco } from './monaco';
import { monarchLanguage } from './monarch';
import { registerCompletion } from './completion';
import { registerNavigation } from './navigation';
import { analyzer } from '../worker/client';
import type { PlanIndex, WireDiagnostic } from '../worker/protocol';

export const LANGUAGE_ID = 'yibao';
const OWNER = 'yibao';

export interface LiveState {
  index?: PlanIndex;
  /** Model version the index was built from (it lags while typing). */
  indexVersion: number;
  diagnostics: WireDiagnostic[];
  ok: boolean;
  /** Model version the diagnostics belong to, and how long they took after the last keystroke. */
  version: number;
  latencyMs: number;
}

let registered = false;
let navigation: ReturnType<typeof registerNavigation> | undefined;

/** Providers that cache (folding) are told when a new index is in. */
export function indexUpdated(): void {
  navigation?.indexChanged();
}

export function registerLanguage(getIndex: () => PlanIndex | undefined, lang: () => 'zh' | 'en'): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.yibao'], aliases: ['Yibao', '医保'] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage());
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '//', blockComment: ['/*', '*/'] },
    brackets: [['{', '}'], ['[', ']'], ['(', ')']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '(', close: ')' }, { open: '"', close: '"', notIn: ['string', 'comment'] }],
    surroundingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"' }],
    // Names are Latin or CJK runs; `-` is part of a few keywords (half-up) but not of names.
    wordPattern: /[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][A-Za-z_0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*|\d+(?:\.\d+)?/,
  });
  registerCompletion(LANGUAGE_ID, getIndex, lang);
  navigation = registerNavigation(LANGUAGE_ID, getIndex, (text) => analyzer.format(text));
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };

export function applyMarkers(model: monaco.editor.ITextModel, diagnostics: WireDiagnostic[], lang: 'zh' | 'en'): void {
  monaco.editor.setModelMarkers(
    model,
    OWNER,
    diagnostics.map((d) => ({ ...d.span, severity: SEVERITY[d.severity], code: d.code, message: lang === 'zh' ? d.zh : d.en, source: 'yibao' })),
  );
}

/**
 * Runs the worker on every edit, after a short pause. Only the newest text is analysed: an
 * answer for an older version is dropped, and at most one request is in flight.
 */
export function startLiveAnalysis(
  model: monaco.editor.ITextModel,
  file: () => string,
  lang: () => 'zh' | 'en',
  onResult: (s: LiveState) => void,
  delayMs = 15,
): { refresh: () => void; dispose: () => void } {
  const state: LiveState = { diagnostics: [], ok: false, version: -1, indexVersion: -1, latencyMs: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;
  let again = false;
  let lastEdit = performance.now();
  let indexTimer: ReturnType<typeof setTimeout> | undefined;
  const indexDelayMs = 250;
  const runIndex = async (version: number, text: string) => {
    if (model.isDisposed() || model.getVersionId() !== version) return;
    const index = await analyzer.index(text, file());
    if (!model.isDisposed() && model.getVersionId() === version) {
      state.index = index;
      state.indexVersion = version;
      onResult(state);
    }
  };
  const run = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const version = model.getVersionId();
    const text = model.getValue();
    try {
      const r = await analyzer.analyze(text, file());
      if (!model.isDisposed() && model.getVersionId() === version) {
        state.diagnostics = r.diagnostics;
        state.ok = r.ok;
        state.version = version;
        state.latencyMs = performance.now() - lastEdit;
        applyMarkers(model, r.diagnostics, lang());
        onResult(state);
        // The index (names, hover, outline) costs another parse: it waits until typing pauses,
        // so it never delays the markers of the next keystroke.
        clearTimeout(indexTimer);
        indexTimer = setTimeout(() => void runIndex(version, text), state.index ? indexDelayMs : 0);
      }
    } catch (e) {
      console.error('analysis failed', e);
    } finally {
      busy = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };
  const sub = model.onDidChangeContent(() => {
    lastEdit = performance.now();
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });
  return {
    refresh: () => {
      lastEdit = performance.now();
      void run().then(() => analyzer.warmUp(model.getValue(), file()));
    },
    dispose: () => {
      clearTimeout(timer);
      clearTimeout(indexTimer);
      sub.dispose();
    },
  };
}
