// Hover, go to definition, find references, rename, outline, folding and format document, all
// answered from the worker's latest index of the plan (see worker/index-builder.ts).
import { monaco } from './monaco';
import { KEYWORDS, BUILTIN_SETTINGS, BUILTIN_FLAGS, MEMBER_FIELDS, CLAIM_FIELDS, ITEM_FIELDS, keywordSpellings } from '../../../grammar/vocabulary';
import { Identifier } from '../../../grammar/tokens';
import type { PlanIndex, PlanSymbol, Span } from '../worker/protocol';

const within = (s: Span, p: monaco.IPosition) =>
  (p.lineNumber > s.startLineNumber || (p.lineNumber === s.startLineNumber && p.column >= s.startColumn)) &&
  (p.lineNumber < s.endLineNumber || (p.lineNumber === s.endLineNumber && p.column <= s.endColumn));

/** The plan symbol written at a position, if any. */
export function symbolAt(index: PlanIndex | undefined, p: monaco.IPosition): { sym: PlanSymbol; at: Span } | undefined {
  for (const sym of index?.symbols ?? []) {
    const at = sym.refs.find((r) => within(r, p));
    if (at) return { sym, at };
  }
  return undefined;
}

const KEYWORD_DOC = new Map<string, string>();
for (const k of KEYWORDS) for (const s of keywordSpellings(k)) KEYWORD_DOC.set(s, `**${k.name}** — ${keywordSpellings(k).join(' / ')}\n\n${k.doc}`);
const VALUE_DOC = new Map<string, string>();
for (const v of [...BUILTIN_SETTINGS, ...BUILTIN_FLAGS]) for (const s of [v.id, v.zh]) VALUE_DOC.set(s, `**${v.id}** / ${v.zh}\n\n${v.doc}`);
for (const f of [...MEMBER_FIELDS, ...CLAIM_FIELDS, ...ITEM_FIELDS]) for (const s of [f.id, f.zh]) if (!VALUE_DOC.has(s)) VALUE_DOC.set(s, `**${f.id}** / ${f.zh} · ${f.type}\n\n${f.doc}`);

const SYMBOL_KIND: Record<string, monaco.languages.SymbolKind> = {
  plan: monaco.languages.SymbolKind.Namespace, param: monaco.languages.SymbolKind.Constant, table: monaco.languages.SymbolKind.Struct,
  catalogue: monaco.languages.SymbolKind.Module, group: monaco.languages.SymbolKind.Class, benefit: monaco.languages.SymbolKind.Function,
  tilt: monaco.languages.SymbolKind.Event, test: monaco.languages.SymbolKind.Method, attribute: monaco.languages.SymbolKind.Field,
  exclude: monaco.languages.SymbolKind.Boolean, premium: monaco.languages.SymbolKind.Number,
};

const isKeyword = (s: string) => KEYWORD_DOC.has(s);
const validName = (s: string) => new RegExp(`^(?:${(Identifier.PATTERN as RegExp).source})$`).test(s) && !isKeyword(s);

export function registerNavigation(languageId: string, getIndex: () => PlanIndex | undefined, format: (text: string) => Promise<string>) {
  const L = monaco.languages;
  // Monaco asks for folding ranges when the text changes; the index arrives later, so it is
  // told again when a new index is in.
  const foldsChanged = new monaco.Emitter<monaco.languages.FoldingRangeProvider>();
  const folding: monaco.languages.FoldingRangeProvider = {
    onDidChange: foldsChanged.event,
    provideFoldingRanges() {
      return (getIndex()?.folds ?? []).map((f) => ({ start: f.start, end: f.end, kind: f.comment ? L.FoldingRangeKind.Comment : undefined }));
    },
  };
  const subs = [
    L.registerHoverProvider(languageId, {
      provideHover(model, position) {
        const hit = symbolAt(getIndex(), position);
        if (hit) return { range: monaco.Range.lift(hit.at), contents: hit.sym.hover.map((value) => ({ value })) };
        // Keywords (multi-word ones too) and built-in values: the vocabulary's own docs.
        const line = model.getLineContent(position.lineNumber);
        for (const phrase of ['per year', 'per claim', 'half-up', 'half-even', 'whole-amount']) {
          const at = line.indexOf(phrase);
          if (at >= 0 && position.column - 1 >= at && position.column - 1 <= at + phrase.length) {
            return { contents: [{ value: KEYWORD_DOC.get(phrase)! }] };
          }
        }
        const word = model.getWordAtPosition(position);
        if (!word) return null;
        const doc = KEYWORD_DOC.get(word.word) ?? VALUE_DOC.get(word.word);
        return doc ? { range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn), contents: [{ value: doc }] } : null;
      },
    }),
    L.registerDefinitionProvider(languageId, {
      provideDefinition(model, position) {
        const hit = symbolAt(getIndex(), position);
        return hit ? { uri: model.uri, range: monaco.Range.lift(hit.sym.nameSpan) } : null;
      },
    }),
    L.registerReferenceProvider(languageId, {
      provideReferences(model, position, ctx) {
        const hit = symbolAt(getIndex(), position);
        if (!hit) return [];
        const decl = hit.sym.nameSpan;
        return hit.sym.refs
          .filter((r) => ctx.includeDeclaration || r.startLineNumber !== decl.startLineNumber || r.startColumn !== decl.startColumn)
          .map((r) => ({ uri: model.uri, range: monaco.Range.lift(r) }));
      },
    }),
    L.registerRenameProvider(languageId, {
      resolveRenameLocation(_model, position) {
        const hit = symbolAt(getIndex(), position);
        if (!hit) return { range: new monaco.Range(1, 1, 1, 1), text: '', rejectReason: '此处不是方案中定义的名称 / not a name the plan defines' };
        return { range: monaco.Range.lift(hit.at), text: hit.sym.name };
      },
      provideRenameEdits(model, position, newName) {
        const hit = symbolAt(getIndex(), position);
        if (!hit) return { edits: [] };
        if (!validName(newName)) return { edits: [], rejectReason: `“${newName}”不是有效名称（或是关键字）/ not a valid name (or a keyword)` };
        if (getIndex()?.symbols.some((s) => s.name === newName)) return { edits: [], rejectReason: `“${newName}”已被使用 / already used` };
        return {
          edits: hit.sym.refs.map((r) => ({ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: monaco.Range.lift(r), text: newName } })),
        };
      },
    }),
    L.registerDocumentSymbolProvider(languageId, {
      provideDocumentSymbols() {
        return (getIndex()?.outline ?? []).map((o) => ({
          name: o.name || o.kind, detail: o.kind, kind: SYMBOL_KIND[o.kind] ?? monaco.languages.SymbolKind.Variable, tags: [],
          range: monaco.Range.lift(o.declSpan), selectionRange: monaco.Range.lift(o.nameSpan),
        }));
      },
    }),
    L.registerFoldingRangeProvider(languageId, folding),
    L.registerDocumentFormattingEditProvider(languageId, {
      async provideDocumentFormattingEdits(model) {
        const text = model.getValue();
        const formatted = await format(text);
        return formatted === text ? [] : [{ range: model.getFullModelRange(), text: formatted }];
      },
    }),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()), indexChanged: () => foldsChanged.fire(folding) };
}
