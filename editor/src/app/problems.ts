// The problems list: every diagnostic with its stable code and message in the UI language;
// activating one moves the cursor there.
import { clear, h } from './dom';
import { currentLang, t } from './i18n';
import type { Span, WireDiagnostic } from '../worker/protocol';

export function renderProblems(panel: HTMLElement, diagnostics: WireDiagnostic[], reveal: (s: Span) => void): void {
  if (diagnostics.length === 0) {
    clear(panel, h('p', { class: 'message' }, t('noProblems')));
    return;
  }
  const lang = currentLang();
  clear(panel, h('ul', { class: 'problems' }, ...diagnostics.map((d) =>
    h('li', { class: d.severity },
      h('button', { type: 'button', class: 'link', onclick: () => reveal(d.span) }, `${d.span.startLineNumber}:${d.span.startColumn}`),
      ' ', h('code', {}, d.code), ' ', lang === 'zh' ? d.zh : d.en))));
}
