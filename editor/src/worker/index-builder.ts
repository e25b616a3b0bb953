// The editor's index of a plan: declarations, every place each name is written, outline, folds,
// tests, and hover text. Built from the grammar's AST and tokens, so it works on a plan with
// errors too; the checked plan (when there is one) adds resolved parameter values.
import type { IToken } from 'chevrotain';
import type * as A from '../../../grammar/ast';
import type { Range } from '../../../grammar/diagnostic';
import type { ParseResult } from '../../../grammar/index';
import type { CheckedPlan } from '../../../engine/ir/model';
import type { CompiledPlan } from '../../../engine/index';
import { citeText } from '../../../engine/compile/plan';
import { BUILTIN_SETTINGS } from '../../../grammar/vocabulary';
import type { OutlineEntry, PlanIndex, PlanSymbol, Span, SymbolKindName } from './protocol';
import { paramHover } from './param-hover';

export function span(r: Range): Span {
  return { startLineNumber: r.start.line, startColumn: r.start.column, endLineNumber: r.end.line, endColumn: r.end.column };
}

const fence = (s: string) => '```yibao\n' + s.replace(/```/g, '`\u200b``') + '\n```';
const slice = (text: string, r: Range) => text.slice(r.start.offset, r.end.offset);

interface Decl {
  name: A.Name;
  kind: SymbolKindName;
  decl: A.Declaration;
  label?: string;
}

function declarationsOf(ast: A.Program): Decl[] {
  const out: Decl[] = [];
  for (const d of ast.declarations) {
    switch (d.kind) {
      case 'setting':
      case 'flag':
      case 'param':
      case 'table':
      case 'catalogue':
      case 'group':
      case 'benefit':
      case 'tilt':
        out.push({ name: d.name, kind: d.kind, decl: d, label: 'label' in d ? d.label : undefined });
        break;
      case 'shared-deductible':
      case 'shared-cap':
        out.push({ name: d.name, kind: d.kind, decl: d });
        break;
      case 'attribute':
        out.push({ name: d.name, kind: 'attribute', decl: d });
        for (const v of d.values) out.push({ name: v, kind: 'enum-value', decl: d });
        break;
      default:
        break;
    }
  }
  return out.filter((d) => d.name && d.name.text);
}

const KIND_ZH: Record<SymbolKindName, string> = {
  param: '参数 param', table: '数据表 table', catalogue: '目录 catalogue', group: '人群 group', setting: '就医类别 setting',
  flag: '标记 flag', 'enum-value': '属性取值 attribute value', 'shared-deductible': '共用起付线 shared deductible',
  'shared-cap': '共用封顶线 shared cap', benefit: '责任 benefit', tilt: '倾斜 tilt', attribute: '属性 attribute',
};

function hoverOf(d: Decl, text: string, checked?: CheckedPlan, compiled?: CompiledPlan): string[] {
  const head = `**${KIND_ZH[d.kind]}** \`${d.name.text.replace(/`/g, "'")}\``;
  const lines = [head];
  if (d.label) lines.push(fence(JSON.stringify(d.label)));
  const decl = d.decl;
  if (decl.kind === 'group') {
    lines.push(
      decl.condition
        ? `匹配 / matches:\n\n${fence(slice(text, decl.condition.range))}`
        : '由请求中参保人的 `groups` 列出 / listed in the request member\'s `groups`',
    );
  } else if (decl.kind === 'param') {
    lines.push(...paramHover(decl, text, checked, compiled));
  } else if (decl.kind === 'benefit') {
    const settings = decl.settings?.map((s) => s.text).join(', ') ?? '全部 / all settings';
    lines.push(`适用 / for: ${settings}`);
    if (decl.amount) lines.push(`金额 / amount:\n\n${fence(slice(text, decl.amount.expr.range))}`);
  } else if (decl.kind !== 'attribute' || d.kind === 'attribute') {
    lines.push(fence(slice(text, decl.range).split('\n').slice(0, 6).join('\n')));
  }
  // The legal source, when the plan cites one: the document, clause and quotation as written.
  const cites = citeText(decl.cites);
  if (cites) lines.push(`依据 / cites:\n\n${fence(cites)}`);
  return lines;
}

function foldsOf(ast: A.Program, comments: IToken[]): PlanIndex['folds'] {
  const folds: PlanIndex['folds'] = [];
  const add = (r: Range) => {
    if (r.end.line > r.start.line) folds.push({ start: r.start.line, end: r.end.line });
  };
  for (const d of ast.declarations) {
    add(d.range);
    if (d.kind === 'benefit' && d.schedule) add(d.schedule.range);
    if (d.kind === 'test') for (const r of [...d.members, ...d.claims]) add(r.range);
  }
  for (const c of comments) {
    if ((c.endLine ?? 0) > (c.startLine ?? 0)) folds.push({ start: c.startLine!, end: c.endLine!, comment: true });
  }
  return folds;
}

function outlineOf(ast: A.Program, decls: Decl[]): OutlineEntry[] {
  const named = new Map(decls.filter((d) => d.kind !== 'enum-value').map((d) => [d.decl, d]));
  const out: OutlineEntry[] = [];
  for (const d of ast.declarations) {
    const n = named.get(d);
    if (n) {
      out.push({ name: n.label ? `${n.name.text} ${n.label}` : n.name.text, kind: n.kind, declSpan: span(d.range), nameSpan: span(n.name.range) });
    } else if (d.kind === 'plan') {
      out.push({ name: d.name || '方案', kind: 'plan', declSpan: span(d.range), nameSpan: span(d.range) });
    } else if (d.kind === 'test') {
      out.push({ name: d.name, kind: 'test', declSpan: span(d.range), nameSpan: span(d.range) });
    } else if (d.kind === 'exclude' || d.kind === 'premium' || d.kind === 'waiting' || d.kind === 'combine') {
      const label = d.kind === 'exclude' ? d.reason : d.kind;
      out.push({ name: label, kind: d.kind, declSpan: span(d.range), nameSpan: span(d.range) });
    }
  }
  return out;
}

const settingId = (name: string) => BUILTIN_SETTINGS.find((s) => s.id === name || s.zh === name)?.id ?? name;

export function buildIndex(text: string, parsed: ParseResult, checked?: CheckedPlan, compiled?: CompiledPlan): PlanIndex {
  const { ast, tokens, comments } = parsed;
  const decls = declarationsOf(ast);
  const attributesOn = (on: 'member' | 'claim') => ast.declarations.filter((d): d is A.AttributeDecl => d.kind === 'attribute' && d.on === on).map((d) => d.name.text);
  const byName = new Map<string, PlanSymbol>();
  const symbols: PlanSymbol[] = [];
  for (const d of decls) {
    if (byName.has(d.name.text)) continue; // a duplicate is the checker's error; the first wins here
    const s: PlanSymbol = {
      name: d.name.text, kind: d.kind, label: d.label, nameSpan: span(d.name.range), declSpan: span(d.decl.range),
      refs: [], hover: hoverOf(d, text, checked, compiled),
    };
    byName.set(s.name, s);
    symbols.push(s);
  }
  // Names live in one flat namespace, so every identifier token spelled like a declared name is
  // a use of it (strings and comments are separate tokens and never match).
  for (const t of tokens) {
    if (t.tokenType.name !== 'Identifier') continue;
    const s = byName.get(t.image);
    if (!s) continue;
    s.refs.push({ startLineNumber: t.startLine!, startColumn: t.startColumn!, endLineNumber: t.endLine!, endColumn: t.endColumn! + 1 });
  }
  const header = ast.declarations.find((d): d is A.PlanHeader => d.kind === 'plan');
  return {
    symbols,
    outline: outlineOf(ast, decls),
    folds: foldsOf(ast, comments),
    tests: ast.declarations.filter((d): d is A.TestDecl => d.kind === 'test').map((t) => ({ name: t.name, span: span(t.range) })),
    benefits: ast.declarations
      .filter((d): d is A.BenefitDecl => d.kind === 'benefit' && !!d.name?.text)
      .map((b) => ({ name: b.name.text, label: b.label, settings: b.settings?.map((s) => settingId(s.text)) })),
    groups: ast.declarations
      .filter((d): d is A.GroupDecl => d.kind === 'group' && !!d.name?.text)
      .map((g) => ({ name: g.name.text, label: g.label, listed: !g.condition })),
    attributes: attributesOn('member'),
    claimAttributes: attributesOn('claim'),
    planName: header?.name,
  };
}
