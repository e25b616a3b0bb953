// Completion: keywords in both languages (from the vocabulary), the names the plan defines,
// request fields after `member.` / `claim.` / `item.`, settings and flags, units, and snippets
// for whole blocks.
import { monaco } from './monaco';
import { KEYWORDS, BUILTIN_SETTINGS, BUILTIN_FLAGS, MEMBER_FIELDS, CLAIM_FIELDS, ITEM_FIELDS, keywordSpellings, type FieldSpec } from '../../../grammar/vocabulary';
import type { PlanIndex } from '../worker/protocol';
import { snippets } from './snippets';

type Item = monaco.languages.CompletionItem;
const K = monaco.languages.CompletionItemKind;

const ROOTS: Record<string, readonly FieldSpec[]> = {};
for (const k of KEYWORDS) {
  const fields = k.name === 'Member' ? MEMBER_FIELDS : k.name === 'Claim' ? CLAIM_FIELDS : k.name === 'Item' ? ITEM_FIELDS : undefined;
  if (fields) for (const s of keywordSpellings(k)) ROOTS[s] = fields;
}

const SYMBOL_KIND: Record<string, monaco.languages.CompletionItemKind> = {
  param: K.Variable, table: K.Struct, catalogue: K.Module, group: K.Class, setting: K.EnumMember, flag: K.EnumMember,
  'enum-value': K.EnumMember, 'shared-deductible': K.Value, 'shared-cap': K.Value, benefit: K.Function, tilt: K.Event, attribute: K.Field,
};

const UNITS = [
  { label: '元', doc: 'yuan / 元' }, { label: '万', doc: '×10,000 yuan / 万元' }, { label: '%', doc: 'ratio / 比例' },
  { label: 'pp', doc: 'percentage points / 百分点' }, { label: '个百分点', doc: 'percentage points / 百分点' }, { label: '天', doc: 'days / 天' },
];

export function registerCompletion(languageId: string, getIndex: () => PlanIndex | undefined, lang: () => 'zh' | 'en') {
  return monaco.languages.registerCompletionItemProvider(languageId, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      const index = getIndex();
      // After `member.` / `参保人.` etc.: that record's fields (and, for members, attributes).
      const dot = /([A-Za-z_\u3400-\u4dbf\u4e00-\u9fff]+)\.\s*$/.exec(before);
      if (dot) {
        const fields = ROOTS[dot[1]!];
        if (fields) {
          const items: Item[] = fields.flatMap((f) => [
            { label: f.id, kind: K.Field, insertText: f.id, range, detail: `${f.zh} · ${f.type}`, documentation: f.doc },
            { label: f.zh, kind: K.Field, insertText: f.zh, range, detail: `${f.id} · ${f.type}`, documentation: f.doc },
          ]);
          const declared = fields === MEMBER_FIELDS ? index?.attributes : fields === CLAIM_FIELDS ? index?.claimAttributes : undefined;
          for (const a of declared ?? []) items.push({ label: a, kind: K.Field, insertText: a, range, detail: 'attribute / 属性' });
          return { suggestions: items };
        }
        // `R1.` in a tilt: the targets a tilt action may change.
        if (index?.benefits.some((b) => b.name === dot[1])) {
          return { suggestions: ['ratio', '比例', 'deductible', '起付线', 'cap', '封顶线'].map((t) => ({ label: t, kind: K.Property, insertText: t, range })) };
        }
        return { suggestions: [] };
      }
      const zh = lang() === 'zh';
      const items: Item[] = [];
      for (const k of KEYWORDS) {
        for (const s of keywordSpellings(k)) {
          items.push({ label: s, kind: K.Keyword, insertText: s, range, detail: k.name, documentation: k.doc, sortText: `2${s}` });
        }
      }
      for (const s of index?.symbols ?? []) {
        items.push({ label: s.name, kind: SYMBOL_KIND[s.kind] ?? K.Text, insertText: s.name, range, detail: s.label ? `${s.kind} · ${s.label}` : s.kind, sortText: `0${s.name}` });
      }
      for (const v of [...BUILTIN_SETTINGS, ...BUILTIN_FLAGS]) {
        for (const s of [v.id, v.zh]) items.push({ label: s, kind: K.EnumMember, insertText: s, range, documentation: v.doc, sortText: `1${s}` });
      }
      for (const u of UNITS) items.push({ label: u.label, kind: K.Unit, insertText: u.label, range, detail: u.doc, sortText: `3${u.label}` });
      for (const sn of snippets(zh)) {
        items.push({
          label: sn.label, kind: K.Snippet, insertText: sn.body, range, detail: sn.detail,
          insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet, sortText: `1${sn.label}`,
        });
      }
      return { suggestions: items };
    },
  });
}
