// CST → AST. Pure shape conversion: no name resolution, no units (that is the checker's job).
// Nodes recovered by the parser may lack children; every accessor here tolerates that.
import Decimal from 'decimal.js';
import type { CstNode, IToken, CstElement } from 'chevrotain';
import type { Diagnostic, Range } from './diagnostic';
import type * as A from './ast';

type Ctx = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

/** A token's place in the text; undefined for a token the parser's recovery made up. */
export function tokenRange(t: IToken): Range | undefined {
  if (Number.isNaN(t.startOffset) || t.isInsertedInRecovery) return undefined;
  return {
    start: { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 },
    end: { offset: (t.endOffset ?? t.startOffset) + 1, line: t.endLine ?? 1, column: (t.endColumn ?? 1) + 1 },
  };
}

function nodeRange(n: CstNode): Range | undefined {
  const l = n.location;
  if (!l || Number.isNaN(l.startOffset) || l.endOffset === undefined || Number.isNaN(l.endOffset)) return undefined;
  return {
    start: { offset: l.startOffset, line: l.startLine ?? 1, column: l.startColumn ?? 1 },
    end: { offset: l.endOffset + 1, line: l.endLine ?? 1, column: (l.endColumn ?? 1) + 1 },
  };
}

const ZERO: Range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** Multiplies out 万 and drops 元: "1.5万" → "15000". */
export function moneyLiteralValue(image: string): string {
  const m = /^(\d+(?:\.\d+)?)(万元|万|元)$/.exec(image);
  if (!m) return image;
  const n = new Decimal(m[1]!);
  return (m[2]!.startsWith('万') ? n.times(10000) : n).toFixed();
}

export class AstBuilder {
  private last: Range = ZERO;
  /** What the grammar reads only to explain it: a condition after a clause's value (YB008). */
  readonly diagnostics: Diagnostic[] = [];

  range(e: CstElement | undefined): Range {
    const r = e === undefined ? undefined : isToken(e) ? tokenRange(e) : nodeRange(e);
    if (r) this.last = r;
    return r ?? this.last;
  }

  private span(a: Range, b: Range): Range {
    return { start: a.start, end: b.end };
  }

  private tok(ctx: Ctx, name: string, i = 0): IToken | undefined {
    const e = ctx[name]?.[i];
    return e && isToken(e) && !e.isInsertedInRecovery ? e : undefined;
  }

  private node(ctx: Ctx, name: string, i = 0): CstNode | undefined {
    const e = ctx[name]?.[i];
    return e && !isToken(e) ? e : undefined;
  }

  private nodes(ctx: Ctx, name: string): CstNode[] {
    return (ctx[name] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  private tokens(ctx: Ctx, name: string): IToken[] {
    return (ctx[name] ?? []).filter((e): e is IToken => isToken(e) && !e.isInsertedInRecovery);
  }

  private name(t: IToken | undefined): A.Name {
    return { text: t?.image ?? '', range: this.range(t) };
  }

  private str(t: IToken | undefined): string | undefined {
    if (!t) return undefined;
    return t.image.slice(1, -1).replace(/\\(["\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }

  program(cst: CstNode): A.Program {
    const ctx = cst.children as Ctx;
    const declarations = this.nodes(ctx, 'declaration')
      .map((d) => this.declaration(d))
      .filter((d): d is A.Declaration => d !== undefined);
    return { declarations, range: this.range(cst) };
  }

  private declaration(cst: CstNode): A.Declaration | undefined {
    const ctx = cst.children as Ctx;
    const inner = Object.values(ctx)
      .flat()
      .find((e): e is CstNode => e !== undefined && !isToken(e) && e.name !== 'citation');
    if (!inner) return undefined;
    const fn = (this as unknown as Record<string, (n: CstNode) => A.Declaration | undefined>)[inner.name];
    const d = fn ? fn.call(this, inner) : undefined;
    const cites = this.citation(this.node(ctx, 'citation'));
    if (d && cites) d.cites = cites;
    return d;
  }

  private citation(n: CstNode | undefined): A.Citation | undefined {
    if (!n) return undefined;
    const [document, clause, quote] = this.tokens(n.children as Ctx, 'StringLit').map((t) => this.str(t) ?? '');
    return { document: document ?? '', ...(clause ? { clause } : {}), ...(quote ? { quote } : {}), range: this.range(n) };
  }

  planHeader(cst: CstNode): A.PlanHeader {
    const ctx = cst.children as Ctx;
    const header: A.PlanHeader = { kind: 'plan', name: this.str(this.tok(ctx, 'StringLit')) ?? '', range: this.range(cst) };
    for (const f of this.nodes(ctx, 'headerField')) {
      const c = f.children as Ctx;
      if (c.Source) header.source = this.str(this.tok(c, 'StringLit'));
      else if (c.Region) header.region = this.str(this.tok(c, 'StringLit'));
      else if (c.Valid) header.valid = this.dateSpan(this.node(c, 'dateSpan'));
      else if (c.Sold) header.sold = this.dateSpan(this.node(c, 'dateSpan'));
      else if (c.Complete) header.itemsComplete = true;
      else if (c.Year) {
        const range = this.range(f);
        const date = this.tok(c, 'DateLit')?.image;
        header.year = c.Anniversary ? { kind: 'anniversary', range } : date !== undefined ? { kind: 'from', date, range } : { kind: 'calendar', range };
      }
      else if (c.Rounding) {
        const modeNode = this.node(c, 'roundingMode');
        const mc = (modeNode?.children ?? {}) as Ctx;
        const mode: A.RoundingMode = mc.HalfEven ? 'half-even' : mc.Down ? 'down' : mc.Up ? 'up' : 'half-up';
        header.rounding = { step: this.tok(c, 'NumberLit')?.image ?? '0.01', mode, range: this.range(f) };
      }
    }
    return header;
  }

  private dateSpan(n: CstNode | undefined): A.DateSpan | undefined {
    if (!n) return undefined;
    const d = this.tokens(n.children as Ctx, 'DateLit');
    if (d.length < 2) return undefined;
    return { from: d[0]!.image, to: d[1]!.image, range: this.range(n) };
  }

  settingDecl(cst: CstNode): A.SettingDecl {
    const ctx = cst.children as Ctx;
    return { kind: 'setting', name: this.name(this.tok(ctx, 'Identifier')), label: this.str(this.tok(ctx, 'StringLit')), range: this.range(cst) };
  }

  flagDecl(cst: CstNode): A.FlagDecl {
    const ctx = cst.children as Ctx;
    return { kind: 'flag', name: this.name(this.tok(ctx, 'Identifier')), label: this.str(this.tok(ctx, 'StringLit')), range: this.range(cst) };
  }

  attributeDecl(cst: CstNode): A.AttributeDecl {
    const ids = this.tokens(cst.children as Ctx, 'Identifier');
    const on = (cst.children as Ctx).Claim ? 'claim' : 'member';
    return { kind: 'attribute', on, name: this.name(ids[0]), values: ids.slice(1).map((t) => this.name(t)), range: this.range(cst) };
  }

  paramDecl(cst: CstNode): A.ParamDecl {
    const ctx = cst.children as Ctx;
    return {
      kind: 'param',
      name: this.name(this.tok(ctx, 'Identifier')),
      value: this.versionedExpr(this.node(ctx, 'versionedExpr')),
      range: this.range(cst),
    };
  }

  private versionedExpr(n: CstNode | undefined): A.Versioned<A.Expr> {
    const ctx = (n?.children ?? {}) as Ctx;
    const e = this.node(ctx, 'expression');
    if (e) return { kind: 'constant', value: this.expression(e) };
    return {
      kind: 'steps',
      steps: this.nodes(ctx, 'versionStep').map((s) => this.versionStep(s, this.expression(this.node(s.children as Ctx, 'expression')))),
    };
  }

  private versionStep<T>(s: CstNode, value: T): A.VersionStep<T> {
    const head = this.node(s.children as Ctx, 'versionHead');
    const d = head ? this.tokens(head.children as Ctx, 'DateLit') : [];
    return { from: d[0]?.image ?? '', to: d[1]?.image, value, headRange: this.range(head), range: this.range(s) };
  }

  tableDecl(cst: CstNode): A.TableDecl {
    const ctx = cst.children as Ctx;
    const file = this.node(ctx, 'fileRef');
    return {
      kind: 'table',
      name: this.name(this.tok(ctx, 'Identifier')),
      keys: this.tokens(ctx, 'Word').map((t) => this.name(t)),
      file: file ? this.fileRef(file) : undefined,
      rows: this.tableRows(ctx),
      range: this.range(cst),
    };
  }

  /** Table cells in source order, cut into rows at every `;` and then by line. */
  private tableRows(ctx: Ctx): { cells: A.Cell[]; range: Range }[] {
    const width = this.tokens(ctx, 'Word').length + 1;
    const cells = this.nodes(ctx, 'cell').map((c) => this.cell(c));
    const cuts = this.tokens(ctx, 'Semicolon').map((t) => t.startOffset);
    const groups: A.Cell[][] = [[]];
    let k = 0;
    for (const c of cells) {
      while (k < cuts.length && cuts[k]! < c.range.start.offset) {
        if (groups[groups.length - 1]!.length) groups.push([]);
        k++;
      }
      groups[groups.length - 1]!.push(c);
    }
    return groups.filter((g) => g.length).flatMap((g) => this.rowsByLine(g, width));
  }

  /**
   * Rows never span lines (the grammar cannot see line ends, so this is done here); a line, or the
   * cells up to a `;`, may hold several rows of `width` cells. A short remainder stays a row of its
   * own for the checker to report.
   */
  private rowsByLine(cells: A.Cell[], width: number): { cells: A.Cell[]; range: Range }[] {
    const lines: A.Cell[][] = [];
    for (const c of cells) {
      const last = lines[lines.length - 1];
      if (last && last[0]!.range.start.line === c.range.start.line) last.push(c);
      else lines.push([c]);
    }
    return lines.flatMap((line) => {
      const rows: { cells: A.Cell[]; range: Range }[] = [];
      for (let i = 0; i < line.length; i += width) {
        const chunk = line.slice(i, i + width);
        rows.push({ cells: chunk, range: this.span(chunk[0]!.range, chunk[chunk.length - 1]!.range) });
      }
      return rows;
    });
  }

  private cell(n: CstNode): A.Cell {
    const ctx = n.children as Ctx;
    const t = Object.values(ctx).flat()[0] as IToken | undefined;
    const range = this.range(t);
    const kind = t?.tokenType.name;
    if (kind === 'NumberLit') return { kind: 'number', value: t!.image, range };
    if (kind === 'MoneyLit') return { kind: 'money', value: moneyLiteralValue(t!.image), range };
    if (kind === 'PercentLit') return { kind: 'percent', value: t!.image.slice(0, -1), range };
    if (kind === 'StringLit') return { kind: 'string', value: this.str(t) ?? '', range };
    return { kind: 'word', value: t?.image ?? '', range };
  }

  private fileRef(n: CstNode): A.FileRef {
    return { path: this.str(this.tok(n.children as Ctx, 'StringLit')) ?? '', range: this.range(n) };
  }

  catalogueDecl(cst: CstNode): A.CatalogueDecl {
    const ctx = cst.children as Ctx;
    const src = this.node(ctx, 'catalogueSource');
    const source: A.Versioned<A.CatalogueSource> = src
      ? { kind: 'constant', value: this.catalogueSource(src) }
      : {
          kind: 'steps',
          steps: this.nodes(ctx, 'catalogueVersion').map((v) =>
            this.versionStep(v, this.catalogueSource(this.node(v.children as Ctx, 'catalogueSource'))),
          ),
        };
    return { kind: 'catalogue', name: this.name(this.tok(ctx, 'Identifier')), source, range: this.range(cst) };
  }

  private catalogueSource(n: CstNode | undefined): A.CatalogueSource {
    const ctx = (n?.children ?? {}) as Ctx;
    const file = this.node(ctx, 'fileRef');
    if (file) return { kind: 'file', file: this.fileRef(file) };
    const list = this.node(ctx, 'stringList');
    const codes = list ? this.tokens(list.children as Ctx, 'StringLit').map((t) => ({ code: this.str(t) ?? '', range: this.range(t) })) : [];
    return { kind: 'inline', codes, range: this.range(list ?? n) };
  }

  groupDecl(cst: CstNode): A.GroupDecl {
    const ctx = cst.children as Ctx;
    const e = this.node(ctx, 'expression');
    return {
      kind: 'group',
      name: this.name(this.tok(ctx, 'Identifier')),
      label: this.str(this.tok(ctx, 'StringLit')),
      condition: e ? this.expression(e) : undefined,
      range: this.range(cst),
    };
  }

  waitingDecl(cst: CstNode): A.WaitingDecl {
    const ctx = cst.children as Ctx;
    return { kind: 'waiting', duration: this.expression(this.node(ctx, 'expression')), reason: this.str(this.tok(ctx, 'StringLit')), range: this.range(cst) };
  }

  excludeDecl(cst: CstNode): A.ExcludeDecl {
    const ctx = cst.children as Ctx;
    return {
      kind: 'exclude',
      level: ctx.Item ? 'item' : 'claim',
      condition: this.expression(this.node(ctx, 'expression')),
      reason: this.str(this.tok(ctx, 'StringLit')) ?? '',
      range: this.range(cst),
    };
  }

  private period(n: CstNode | undefined): A.Period {
    return (n?.children as Ctx | undefined)?.PerClaim ? 'claim' : 'year';
  }

  sharedDeductibleDecl(cst: CstNode): A.SharedLimitDecl {
    return this.sharedLimit(cst, 'shared-deductible');
  }

  sharedCapDecl(cst: CstNode): A.SharedLimitDecl {
    return this.sharedLimit(cst, 'shared-cap');
  }

  private sharedLimit(cst: CstNode, kind: A.SharedLimitDecl['kind']): A.SharedLimitDecl {
    const ctx = cst.children as Ctx;
    return {
      kind,
      name: this.name(this.tok(ctx, 'Identifier')),
      value: this.expression(this.node(ctx, 'expression')),
      period: this.period(this.node(ctx, 'period')),
      range: this.range(cst),
    };
  }

  benefitDecl(cst: CstNode): A.BenefitDecl {
    const ctx = cst.children as Ctx;
    const b: A.BenefitDecl = {
      kind: 'benefit',
      name: this.name(this.tok(ctx, 'Identifier')),
      label: this.str(this.tok(ctx, 'StringLit')),
      duplicates: [],
      range: this.range(cst),
    };
    const set = <K extends 'settings' | 'amount' | 'deductible' | 'cap' | 'ratio' | 'schedule'>(key: K, value: A.BenefitDecl[K], at: CstNode) => {
      if (b[key] !== undefined) b.duplicates.push({ clause: key, range: this.range(at) });
      else b[key] = value;
    };
    for (const clause of this.nodes(ctx, 'benefitClause')) {
      const inner = Object.values(clause.children).flat().find((e): e is CstNode => !isToken(e));
      if (!inner) continue;
      const c = inner.children as Ctx;
      const when = this.tok(clause.children as Ctx, 'When');
      if (when) this.diagnostics.push({ code: 'YB008', severity: 'error', range: this.range(when), args: {} });
      const cites = this.citation(this.node(clause.children as Ctx, 'citation'));
      const slot = ({ forClause: 'settings', amountClause: 'amount', deductibleClause: 'deductible', capClause: 'cap', ratioClause: 'ratio', scheduleClause: 'schedule' } as const)[inner.name as 'forClause'];
      if (cites && slot) (b.clauseCites ??= {})[slot] = cites;
      switch (inner.name) {
        case 'forClause':
          set('settings', this.tokens(c, 'Identifier').map((t) => this.name(t)), inner);
          break;
        case 'amountClause':
          set('amount', { expr: this.expression(this.node(c, 'expression')), excluding: this.tokens(c, 'Identifier').map((t) => this.name(t)), range: this.range(inner) }, inner);
          break;
        case 'deductibleClause':
          set('deductible', this.limit(this.node(c, 'limitValue')), inner);
          break;
        case 'capClause':
          set('cap', this.limit(this.node(c, 'limitValue')), inner);
          break;
        case 'ratioClause':
          set('ratio', this.expression(this.node(c, 'expression')), inner);
          break;
        case 'scheduleClause':
          set('schedule', this.schedule(inner), inner);
          break;
      }
    }
    return b;
  }

  private limit(n: CstNode | undefined): A.LimitClause {
    const ctx = (n?.children ?? {}) as Ctx;
    const range = this.range(n);
    if (ctx.Shared) return { kind: 'shared', name: this.name(this.tok(ctx, 'Identifier')), range };
    return { kind: 'own', value: this.expression(this.node(ctx, 'expression')), period: this.period(this.node(ctx, 'period')), range };
  }

  private schedule(n: CstNode): A.Schedule {
    const ctx = n.children as Ctx;
    return {
      kind: ctx.WholeAmount ? 'whole-amount' : 'banded',
      basis: ctx.Above ? 'above-deductible' : 'annual',
      bands: this.nodes(ctx, 'band').map((b) => {
        const bc = b.children as Ctx;
        const adds = this.nodes(bc, 'additive');
        return {
          from: this.additive(adds[0]),
          to: adds[1] ? this.additive(adds[1]) : undefined,
          ratio: this.expression(this.node(bc, 'expression')),
          range: this.range(b),
        };
      }),
      range: this.range(n),
    };
  }

  tiltDecl(cst: CstNode): A.TiltDecl {
    const ctx = cst.children as Ctx;
    const ids = this.tokens(ctx, 'Identifier');
    return {
      kind: 'tilt',
      name: this.name(ids[0]),
      label: this.str(this.tok(ctx, 'StringLit')),
      groups: ids.slice(1).map((t) => this.name(t)),
      actions: this.nodes(ctx, 'tiltAction').map((a) => this.tiltAction(a)),
      range: this.range(cst),
    };
  }

  private tiltAction(n: CstNode): A.TiltAction {
    const c = n.children as Ctx;
    const benefit = this.tok(c, 'Identifier');
    const target = c.Deductible ? 'deductible' : c.Cap ? 'cap' : 'ratio';
    const op: A.TiltOp = c.Waived ? 'waive' : c.Scale ? 'scale' : c.Cut ? 'cut' : c.Minus ? 'subtract' : 'add';
    const e = this.node(c, 'expression');
    return { benefit: benefit ? this.name(benefit) : undefined, target, op, value: e ? this.expression(e) : undefined, range: this.range(n) };
  }

  combineDecl(cst: CstNode): A.CombineDecl {
    const ctx = cst.children as Ctx;
    return {
      kind: 'combine',
      tilts: this.tokens(ctx, 'Identifier').map((t) => this.name(t)),
      rule: ctx.First ? 'first' : ctx.Best ? 'best' : 'stack',
      range: this.range(cst),
    };
  }

  premiumDecl(cst: CstNode): A.PremiumDecl {
    const ctx = cst.children as Ctx;
    return {
      kind: 'premium',
      lines: this.nodes(ctx, 'premiumLine').map((l) => {
        const lc = l.children as Ctx;
        const cond = this.node(lc, 'expression');
        return { amount: this.additive(this.node(lc, 'additive')), condition: cond ? this.expression(cond) : undefined, range: this.range(l) };
      }),
      range: this.range(cst),
    };
  }

  deadlineDecl(cst: CstNode): A.DeadlineDecl {
    const ctx = cst.children as Ctx;
    const n = this.tok(ctx, 'NumberLit');
    return { kind: 'deadline', days: n?.image ?? '', daysRange: this.range(n), range: this.range(cst) };
  }

  fundDecl(cst: CstNode): A.FundDecl {
    const ctx = cst.children as Ctx;
    const items = this.citedItems(ctx, 'fundItem', (n) => this.fundItem(n));
    return { kind: 'fund', name: this.str(this.tok(ctx, 'StringLit')) ?? '', items, range: this.range(cst) };
  }

  /** The items of a fund plan or floors, each with the citation written after it. */
  private citedItems<T extends A.DeclNode>(ctx: Ctx, rule: string, convert: (n: CstNode) => T | undefined): T[] {
    const items: T[] = [];
    for (const n of this.nodes(ctx, rule)) {
      const item = convert(n);
      if (!item) continue;
      const cites = this.citation(this.node(n.children as Ctx, 'citation'));
      if (cites) item.cites = cites;
      items.push(item);
    }
    return items;
  }

  private fundItem(n: CstNode): A.FundItem | undefined {
    const c = n.children as Ctx;
    const range = this.range(n);
    const ids = this.tokens(c, 'Identifier');
    if (c.Cycle) {
      const [years, from] = this.tokens(c, 'NumberLit');
      return { kind: 'cycle', years: years?.image ?? '', yearsRange: this.range(years), ...(from ? { from: from.image } : {}), range };
    }
    if (c.Input) return { kind: 'input', name: this.name(ids[0]), type: c.Ratio ? 'ratio' : 'money', range };
    if (c.Let) return { kind: 'let', name: this.name(ids[0]), value: this.expression(this.node(c, 'expression')), range };
    if (c.Require) return { kind: 'require', text: this.str(this.tok(c, 'StringLit')) ?? '', condition: this.expression(this.node(c, 'expression')), range };
    if (c.Allocate) return { kind: 'allocate', value: this.name(ids[0]), shares: this.name(ids[1]), range };
    if (c.Rounding) {
      const mc = (this.node(c, 'roundingMode')?.children ?? {}) as Ctx;
      const mode: A.RoundingMode = mc.HalfEven ? 'half-even' : mc.Down ? 'down' : mc.Up ? 'up' : 'half-up';
      return { kind: 'rounding', step: this.tok(c, 'NumberLit')?.image ?? '0.01', mode, range };
    }
    const shares = this.node(c, 'sharesDecl');
    if (!shares) return undefined;
    const sc = shares.children as Ctx;
    const [name, ...members] = this.tokens(sc, 'Identifier');
    const percents = this.tokens(sc, 'PercentLit');
    const atMost = this.tok(sc, 'NumberLit');
    const item: A.FundShares = { kind: 'shares', name: this.name(name), range };
    if (atMost) item.atMost = { value: atMost.image, range: this.range(atMost) };
    if (sc.LCurly) {
      item.fixed = members.map((m, i) => {
        const p = percents[i];
        return { name: this.name(m), percent: p ? p.image.slice(0, -1) : '', range: { start: this.range(m).start, end: this.range(p ?? m).end } };
      });
    }
    return item;
  }

  floorsDecl(cst: CstNode): A.FloorsDecl {
    const ctx = cst.children as Ctx;
    const items = this.citedItems(ctx, 'floorsItem', (n) => this.floorsItem(n));
    return { kind: 'floors', name: this.str(this.tok(ctx, 'StringLit')) ?? '', items, range: this.range(cst) };
  }

  private floorsItem(n: CstNode): A.FloorsItem | undefined {
    const c = n.children as Ctx;
    if (c.Region) return { kind: 'region', region: this.str(this.tok(c, 'StringLit')) ?? '', range: this.range(n) };
    const table = this.node(c, 'tableDecl');
    if (table) return this.tableDecl(table);
    const rule = this.node(c, 'floorRule');
    if (!rule) return undefined;
    const rc = rule.children as Ctx;
    const [measure, setting] = this.tokens(rc, 'Word');
    const dates = this.tokens(rc, 'DateLit');
    const from = rc.From ? dates[0] : undefined;
    const to = rc.To ? dates[dates.length - 1] : undefined;
    const f: A.FloorRule = {
      kind: 'floor',
      text: this.str(this.tok(rc, 'StringLit')) ?? '',
      measure: this.name(measure),
      bound: this.expression(this.node(rc, 'expression')),
      range: this.range(n),
    };
    if (setting) f.setting = this.name(setting);
    if (from) f.from = { date: from.image, range: this.range(from) };
    if (to) f.to = { date: to.image, range: this.range(to) };
    return f;
  }

  chainDecl(cst: CstNode): A.ChainDecl {
    const ctx = cst.children as Ctx;
    const chain: A.ChainDecl = { kind: 'chain', name: this.str(this.tok(ctx, 'StringLit')) ?? '', bill: [], layers: [], range: this.range(cst) };
    for (const b of this.nodes(ctx, 'billDecl')) chain.bill.push(...this.tokens(b.children as Ctx, 'Identifier').map((t) => this.name(t)));
    for (const l of this.nodes(ctx, 'layerDecl')) {
      const lc = l.children as Ctx;
      const file = this.tok(lc, 'StringLit');
      const layer: A.LayerDecl = {
        name: this.name(this.tok(lc, 'Identifier')),
        plan: { path: this.str(file) ?? '', range: this.range(file) },
        inputs: this.nodes(lc, 'layerInput').map((i) => {
          const ic = i.children as Ctx;
          return { field: this.name(this.tok(ic, 'Word')), value: this.expression(this.node(ic, 'expression')), range: this.range(i) };
        }),
        range: this.range(l),
      };
      const cites = this.citation(this.node(lc, 'citation'));
      if (cites) layer.cites = cites;
      chain.layers.push(layer);
    }
    return chain;
  }

  testDecl(cst: CstNode): A.TestDecl {
    const ctx = cst.children as Ctx;
    const t: A.TestDecl = { kind: 'test', name: this.str(this.tok(ctx, 'StringLit')) ?? '', members: [], claims: [], expectations: [], range: this.range(cst) };
    for (const s of this.nodes(ctx, 'testStatement')) {
      const c = s.children as Ctx;
      const exp = this.node(c, 'expectation');
      if (exp) {
        const ec = exp.children as Ctx;
        const ids = this.tokens(ec, 'Identifier');
        const dotted = ec.Dot !== undefined;
        const what: A.Expectation['what'] = ec.Premium ? 'premium' : ec.Excluded || ec.Exclude ? 'excluded' : ec.Rejected ? 'rejected' : 'pays';
        t.expectations.push({
          target: this.name(ids[0]),
          benefit: dotted && ids[1] ? this.name(ids[1]) : undefined,
          what,
          value: what === 'pays' || what === 'premium' ? this.additive(this.node(ec, 'additive')) : undefined,
          reason: what === 'excluded' ? (this.str(this.tok(ec, 'StringLit')) ?? '') : undefined,
          code: what === 'rejected' ? this.name(ids[dotted ? 2 : 1]) : undefined,
          range: this.range(exp),
        });
        continue;
      }
      const rec: A.TestRecord = {
        name: this.name(this.tok(c, 'Identifier')),
        fields: this.recordFields(this.node(c, 'record')),
        range: this.range(s),
      };
      (c.Member ? t.members : t.claims).push(rec);
    }
    return t;
  }

  private recordFields(n: CstNode | undefined): A.RecordField[] {
    if (!n) return [];
    return this.nodes(n.children as Ctx, 'recordField').map((f) => {
      const fc = f.children as Ctx;
      return { key: this.name(this.tok(fc, 'Word')), value: this.recordValue(this.node(fc, 'recordValue')), range: this.range(f) };
    });
  }

  private recordValue(n: CstNode | undefined): A.RecordValue {
    const ctx = (n?.children ?? {}) as Ctx;
    const range = this.range(n);
    const rec = this.node(ctx, 'record');
    if (rec) return { kind: 'record', fields: this.recordFields(rec), range };
    const cell = this.node(ctx, 'cell');
    if (cell) return { kind: 'scalar', cell: this.cell(cell) };
    const date = this.tok(ctx, 'DateLit');
    if (date) return { kind: 'date', value: date.image, range };
    return { kind: 'list', values: this.nodes(ctx, 'recordValue').map((v) => this.recordValue(v)), range };
  }

  // ---- expressions ----
  private error(range: Range): A.Expr {
    // Stands in for an expression the parser could not recover; the parser already reported it.
    return { kind: 'ref', name: '', range };
  }

  expression(n: CstNode | undefined): A.Expr {
    if (!n) return this.error(this.last);
    return this.chain(n, 'andExpr', 'Or', () => 'or', (x) => this.andExpr(x));
  }

  private andExpr(n: CstNode): A.Expr {
    return this.chain(n, 'notExpr', 'And', () => 'and', (x) => this.notExpr(x));
  }

  /** Left-associative chain: operands of rule `sub`, joined by operator tokens found in `opKeys`. */
  private chain(n: CstNode, sub: string, opKeys: string, opOf: (t: IToken) => A.BinaryOp, conv: (n: CstNode) => A.Expr): A.Expr {
    const ctx = n.children as Ctx;
    const operands = this.nodes(ctx, sub);
    const ops = opKeys
      .split(',')
      .flatMap((k) => this.tokens(ctx, k))
      .sort((a, b) => a.startOffset - b.startOffset);
    if (operands.length === 0) return this.error(this.range(n));
    let left = conv(operands[0]!);
    operands.slice(1).forEach((o, i) => {
      const right = conv(o);
      const op = ops[i];
      left = { kind: 'binary', op: op ? opOf(op) : '+', left, right, opRange: op ? this.range(op) : right.range, range: this.span(left.range, right.range) };
    });
    return left;
  }

  private notExpr(n: CstNode): A.Expr {
    const ctx = n.children as Ctx;
    return this.prefixed(n, this.tokens(ctx, 'Not'), 'not', this.comparison(this.node(ctx, 'comparison')));
  }

  /** `operand` under the prefix operators of `n`, the innermost (last written) first: each from its token to the end of `n`. */
  private prefixed(n: CstNode, ops: IToken[], op: 'not' | 'neg', operand: A.Expr): A.Expr {
    if (ops.length === 0) return operand;
    const starts = ops.map((t) => this.range(t));
    // The whole last: the place an error is reported after it is the expression's end.
    const whole = this.range(n);
    let e = operand;
    for (let i = ops.length - 1; i >= 0; i--) e = { kind: 'unary', op, operand: e, range: this.span(starts[i]!, whole) };
    return e;
  }

  private comparison(n: CstNode | undefined): A.Expr {
    if (!n) return this.error(this.last);
    const ctx = n.children as Ctx;
    const adds = this.nodes(ctx, 'additive');
    const left = this.additive(adds[0]);
    if (adds.length < 2) return left;
    const right = this.additive(adds[1]);
    const opTok = this.tok(ctx, 'CompareOp') ?? this.tok(ctx, 'In') ?? this.tok(ctx, 'Has');
    let op: A.BinaryOp;
    if (ctx.In) op = 'in';
    else if (ctx.Has) op = ctx.Any ? 'has-any' : 'has';
    else op = compareOp(opTok?.tokenType.name);
    return { kind: 'binary', op, left, right, opRange: this.range(opTok), range: this.span(left.range, right.range) };
  }

  additive(n: CstNode | undefined): A.Expr {
    if (!n) return this.error(this.last);
    return this.chain(n, 'multiplicative', 'Plus,Minus', (t) => (t.tokenType.name === 'Plus' ? '+' : '-'), (x) => this.multiplicative(x));
  }

  private multiplicative(n: CstNode): A.Expr {
    return this.chain(n, 'unary', 'Times,Divide', (t) => (t.tokenType.name === 'Times' ? '*' : '/'), (x) => this.unary(x));
  }

  private unary(n: CstNode): A.Expr {
    const ctx = n.children as Ctx;
    return this.prefixed(n, this.tokens(ctx, 'Minus'), 'neg', this.postfix(this.node(ctx, 'postfix')));
  }

  private postfix(n: CstNode | undefined): A.Expr {
    if (!n) return this.error(this.last);
    const ctx = n.children as Ctx;
    let e = this.primary(this.node(ctx, 'primary'));
    // Field accesses and index lists interleave; rebuild their order from source offsets.
    const steps: { offset: number; apply: () => void }[] = [];
    const dots = this.tokens(ctx, 'Dot');
    const words = this.tokens(ctx, 'Word');
    dots.forEach((d, i) => {
      const w = words[i];
      steps.push({
        offset: d.startOffset,
        apply: () => {
          const field = this.name(w);
          e = { kind: 'field', target: e, field, range: this.span(e.range, field.range) };
        },
      });
    });
    const lbs = this.tokens(ctx, 'LBracket');
    const rbs = this.tokens(ctx, 'RBracket');
    const exprs = this.nodes(ctx, 'expression');
    lbs.forEach((lb, i) => {
      const end = rbs[i]?.startOffset ?? Number.MAX_SAFE_INTEGER;
      const keys = exprs.filter((x) => (x.location?.startOffset ?? -1) > lb.startOffset && (x.location?.startOffset ?? -1) < end);
      steps.push({
        offset: lb.startOffset,
        apply: () => {
          const endRange = rbs[i] ? this.range(rbs[i]) : e.range;
          e = { kind: 'index', target: e, keys: keys.map((k) => this.expression(k)), range: this.span(e.range, endRange) };
        },
      });
    });
    steps.sort((a, b) => a.offset - b.offset).forEach((s) => s.apply());
    return e;
  }

  private conditional(n: CstNode): A.IfExpr {
    const parts = this.nodes(n.children as Ctx, 'expression');
    const [c, a, b] = [0, 1, 2].map((i) => this.expression(parts[i]));
    return { kind: 'if', cond: c!, then: a!, else: b!, range: this.range(n) };
  }

  private extremum(n: CstNode): A.ExtremumExpr {
    const ctx = n.children as Ctx;
    const fnTok = this.tok(ctx, 'Min') ?? this.tok(ctx, 'Max');
    const fnRange = this.range(fnTok ?? n);
    return { kind: 'extremum', fn: ctx.Max ? 'max' : 'min', args: this.nodes(ctx, 'expression').map((x) => this.expression(x)), fnRange, range: this.range(n) };
  }

  private primary(n: CstNode | undefined): A.Expr {
    if (!n) return this.error(this.last);
    const ctx = n.children as Ctx;
    const range = this.range(n);
    const t = (name: string) => this.tok(ctx, name);
    let tok: IToken | undefined;
    if ((tok = t('MoneyLit'))) return { kind: 'money', value: moneyLiteralValue(tok.image), range };
    if ((tok = t('PercentLit'))) return { kind: 'percent', value: tok.image.slice(0, -1), range };
    if ((tok = t('PointsLit'))) return { kind: 'points', value: tok.image.replace(/pp|个百分点/, ''), range };
    if ((tok = t('NumberLit'))) {
      if (ctx.Days) return { kind: 'days', value: tok.image, range };
      if (ctx.Months) return { kind: 'months', value: tok.image, range };
      // A year is twelve calendar months: 29 February plus one year is 28 February.
      if (ctx.Years || ctx.Year) return { kind: 'months', value: new Decimal(tok.image).times(12).toFixed(), range };
      return { kind: 'number', value: tok.image, range };
    }
    if ((tok = t('DateLit'))) return { kind: 'date', value: tok.image, range };
    if ((tok = t('StringLit'))) return { kind: 'string', value: this.str(tok) ?? '', range };
    if (ctx.True) return { kind: 'bool', value: true, range };
    if (ctx.False) return { kind: 'bool', value: false, range };
    if (ctx.Member) return { kind: 'root', root: 'member', range };
    if (ctx.Claim) return { kind: 'root', root: 'claim', range };
    if (ctx.Bill) return { kind: 'root', root: 'bill', range };
    if (ctx.Paid) return { kind: 'root', root: 'paid', range };
    const items = this.node(ctx, 'itemsExpr');
    if (items) return this.itemsExpr(items);
    const conditional = this.node(ctx, 'conditional');
    if (conditional) return this.conditional(conditional);
    const extremum = this.node(ctx, 'extremum');
    if (extremum) return this.extremum(extremum);
    const fullYears = this.node(ctx, 'fullYears');
    if (fullYears) {
      const [from, to] = [0, 1].map((i) => this.expression(this.nodes(fullYears.children as Ctx, 'expression')[i]));
      return { kind: 'fullYears', from: from!, to: to!, range: this.range(fullYears) };
    }
    const fundFn = this.node(ctx, 'fundFunction');
    if (fundFn) {
      const fc = fundFn.children as Ctx;
      const fnTok = this.tok(fc, 'Previous') ?? this.tok(fc, 'CycleMean') ?? this.tok(fc, 'CycleSum');
      const fn = fc.Previous ? 'previous' : fc.CycleMean ? 'cycleMean' : 'cycleSum';
      return { kind: 'fundFn', fn, name: this.name(this.tok(fc, 'Identifier')), fnRange: this.range(fnTok ?? fundFn), range: this.range(fundFn) };
    }
    if ((tok = t('Identifier'))) return { kind: 'ref', name: tok.image, range };
    if (ctx.LParen) return this.expression(this.node(ctx, 'expression'));
    if (ctx.LBracket) return { kind: 'list', elements: this.nodes(ctx, 'expression').map((x) => this.expression(x)), range };
    return this.error(range);
  }

  private itemsExpr(n: CstNode): A.Expr {
    const ctx = n.children as Ctx;
    const range = this.range(n);
    const cat = this.tok(ctx, 'Identifier');
    if (cat) return { kind: 'items', catalogue: this.name(cat), range };
    const where = this.node(ctx, 'notExpr');
    if (where) return { kind: 'items', where: this.notExpr(where), range };
    return { kind: 'root', root: 'item', range };
  }
}

function compareOp(name: string | undefined): A.BinaryOp {
  switch (name) {
    case 'GreaterEq': return '>=';
    case 'LessEq': return '<=';
    case 'NotEq': return '!=';
    case 'Greater': return '>';
    case 'Less': return '<';
    default: return '=';
  }
}
