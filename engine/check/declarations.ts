// First pass of the checker: the plan header, and every declared name with its data.
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { BUILTIN_FLAGS, BUILTIN_SETTINGS, ATTRIBUTE_TYPES } from '../../grammar/vocabulary';
import { diag } from '../ir/diagnostics';
import { parseDay } from '../core/dates';
import type { CheckedPlan, Sym, VersionedValue } from '../ir/model';
import { T, type Ty } from '../ir/types';
import Decimal from 'decimal.js';
import { loadCatalogue, loadTable, type FileReader, type TableData } from './data';
import { checkMoneyConstant, checkPercentConstant } from './constants';
import { roundingStepFen } from '../core/money';

const SETTING_ZH = new Map(BUILTIN_SETTINGS.map((s) => [s.zh, s.id]));

export function emptyPlan(file: string): CheckedPlan {
  const zero = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  return {
    file,
    header: { name: '', year: { kind: 'calendar' }, itemsComplete: false, rounding: { stepFen: 1, step: '0.01', mode: 'half-up' }, range: zero },
    settings: new Map(BUILTIN_SETTINGS.map((s) => [s.id, { id: s.id, zh: s.zh }])),
    flags: new Map(BUILTIN_FLAGS.map((f) => [f.id, { id: f.id, zh: f.zh }])),
    attributes: new Map(),
    claimAttributes: new Map(),
    params: new Map(),
    tables: new Map(),
    catalogues: new Map(),
    groups: new Map(),
    exclusions: [],
    sharedDeductibles: new Map(),
    sharedCaps: new Map(),
    benefits: [],
    tilts: [],
    combines: [],
    tests: [],
    info: { types: new Map(), refs: new Map(), fields: new Map() },
  };
}

export class SymbolTable {
  readonly symbols = new Map<string, Sym>();

  constructor(private readonly out: Diagnostic[]) {
    for (const s of BUILTIN_SETTINGS) {
      this.symbols.set(s.id, { kind: 'setting', name: s.id, id: s.id, range: ZERO });
      this.symbols.set(s.zh, { kind: 'setting', name: s.zh, id: s.id, range: ZERO });
    }
    for (const f of BUILTIN_FLAGS) {
      this.symbols.set(f.id, { kind: 'flag', name: f.id, id: f.id, range: ZERO });
      this.symbols.set(f.zh, { kind: 'flag', name: f.zh, id: f.id, range: ZERO });
    }
  }

  define(sym: Sym): boolean {
    if (sym.name === '') return false;
    const prev = this.symbols.get(sym.name);
    if (prev) {
      // Attribute values may repeat across attributes ("yes" of two attributes); anything else may not.
      if (prev.kind === 'enum-value' && sym.kind === 'enum-value') return true;
      this.out.push(
        diag('YB102', sym.range, { name: sym.name }, prev.range === ZERO ? {} : { related: [{ range: prev.range, note: { en: 'first defined here', zh: '首次定义处' } }] }),
      );
      return false;
    }
    this.symbols.set(sym.name, sym);
    return true;
  }
}

const ZERO = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

export function checkHeader(decls: A.Declaration[], plan: CheckedPlan, out: Diagnostic[], programRange: A.Node['range']): void {
  const headers = decls.filter((d): d is A.PlanHeader => d.kind === 'plan');
  if (headers.length === 0) {
    out.push(diag('YB701', { start: programRange.start, end: programRange.start }));
    return;
  }
  headers.slice(1).forEach((h) => out.push(diag('YB702', h.range)));
  const h = headers[0]!;
  plan.header.name = h.name;
  plan.header.source = h.source;
  plan.header.region = h.region;
  plan.header.range = h.range;
  plan.header.valid = span(h.valid, out);
  plan.header.sold = span(h.sold, out);
  plan.header.itemsComplete = h.itemsComplete === true;
  if (h.year?.kind === 'from') {
    const from = parseDay(h.year.date);
    if (from === undefined) out.push(diag('YB004', h.year.range, { text: h.year.date }));
    else plan.header.year = { kind: 'from', from };
  } else if (h.year) plan.header.year = { kind: h.year.kind };
  if (h.rounding) {
    const stepFen = roundingStepFen(h.rounding.step);
    if (stepFen === undefined) out.push(diag('YB703', h.rounding.range, { step: h.rounding.step }));
    else plan.header.rounding = { step: h.rounding.step, stepFen, mode: h.rounding.mode };
  }
}

function span(s: A.DateSpan | undefined, out: Diagnostic[]): { from: number; to: number } | undefined {
  if (!s) return undefined;
  const from = parseDay(s.from);
  const to = parseDay(s.to);
  if (from === undefined) out.push(diag('YB004', s.range, { text: s.from }));
  if (to === undefined) out.push(diag('YB004', s.range, { text: s.to }));
  if (from === undefined || to === undefined) return undefined;
  if (to < from) out.push(diag('YB403', s.range, { from: s.from, to: s.to }));
  return { from, to };
}

/** Checks date steps are real dates, in order, and do not overlap. */
export function checkSteps<T, U>(steps: A.VersionStep<T>[], out: Diagnostic[], convert: (v: T) => U): VersionedValue<U> {
  const result: VersionedValue<U> = { steps: [] };
  let prev: { from: number; to?: number; fromText: string; toText?: string } | undefined;
  for (const s of steps) {
    const from = parseDay(s.from);
    const to = s.to === undefined ? undefined : parseDay(s.to);
    if (from === undefined) out.push(diag('YB004', s.headRange, { text: s.from }));
    if (s.to !== undefined && to === undefined) out.push(diag('YB004', s.headRange, { text: s.to }));
    if (from !== undefined && to !== undefined && to < from) out.push(diag('YB403', s.headRange, { from: s.from, to: s.to! }));
    if (from !== undefined && prev) {
      if (from <= prev.from) out.push(diag('YB402', s.headRange, { from: s.from, prev: prev.fromText }));
      else if (prev.to !== undefined && from <= prev.to) out.push(diag('YB401', s.headRange, { from: s.from, prevTo: prev.toText! }));
      else if (prev.to !== undefined && from > prev.to + 1) out.push(diag('YB404', s.headRange, { from: prev.toText!, to: s.from }));
    }
    if (from !== undefined) prev = { from, to, fromText: s.from, toText: s.to };
    result.steps.push({ from, to, value: convert(s.value), range: s.range });
  }
  return result;
}

export function collectDeclarations(decls: A.Declaration[], plan: CheckedPlan, table: SymbolTable, reader: FileReader, out: Diagnostic[]): void {
  for (const d of decls) {
    switch (d.kind) {
      case 'setting':
        if (table.define({ kind: 'setting', name: d.name.text, id: d.name.text, range: d.name.range, decl: d })) {
          plan.settings.set(d.name.text, { id: d.name.text, label: d.label });
        }
        break;
      case 'flag':
        if (table.define({ kind: 'flag', name: d.name.text, id: d.name.text, range: d.name.range, decl: d })) {
          plan.flags.set(d.name.text, { id: d.name.text, label: d.label });
        }
        break;
      case 'attribute':
        attribute(d, plan, table, out);
        break;
      case 'param':
        table.define({ kind: 'param', name: d.name.text, range: d.name.range, decl: d });
        break;
      case 'table': {
        if (!table.define({ kind: 'table', name: d.name.text, range: d.name.range, decl: d })) break;
        const data = loadTable(d, reader, out);
        const percent = d.rows.length > 0 && d.rows.every((r) => r.cells[r.cells.length - 1]?.kind === 'percent');
        const valueType: Ty = !data.numeric ? T.string : percent ? T.ratio : T.money;
        if (valueType.k !== 'string') checkTableValues(data, valueType.k === 'ratio', out);
        plan.tables.set(d.name.text, { name: d.name.text, keys: d.keys.map((k) => k.text), rows: data.rows, valueType, range: d.name.range });
        break;
      }
      case 'catalogue': {
        if (!table.define({ kind: 'catalogue', name: d.name.text, range: d.name.range, decl: d })) break;
        const versions =
          d.source.kind === 'constant'
            ? { steps: [{ value: loadCatalogue(d.source.value, reader, out) as ReadonlySet<string>, range: d.range }] }
            : checkSteps(d.source.steps, out, (src) => loadCatalogue(src, reader, out) as ReadonlySet<string>);
        plan.catalogues.set(d.name.text, { name: d.name.text, versions, range: d.name.range });
        break;
      }
      case 'group':
        if (table.define({ kind: 'group', name: d.name.text, range: d.name.range, decl: d })) {
          plan.groups.set(d.name.text, { name: d.name.text, label: d.label, condition: d.condition, cites: d.cites, range: d.name.range });
        }
        break;
      case 'shared-deductible':
      case 'shared-cap':
        if (table.define({ kind: d.kind, name: d.name.text, range: d.name.range, decl: d })) {
          const map = d.kind === 'shared-deductible' ? plan.sharedDeductibles : plan.sharedCaps;
          map.set(d.name.text, { name: d.name.text, value: d.value, period: d.period, range: d.range });
        }
        break;
      case 'benefit':
        table.define({ kind: 'benefit', name: d.name.text, range: d.name.range, decl: d });
        break;
      case 'tilt':
        table.define({ kind: 'tilt', name: d.name.text, range: d.name.range, decl: d });
        break;
      default:
        break;
    }
  }
}

/** The values of a money or ratio table are constants of the plan: they must be exact too (§2.3). */
function checkTableValues(data: TableData, ratio: boolean, out: Diagnostic[]): void {
  for (const v of data.values) {
    if (ratio) {
      // Every value cell of a ratio table is a percentage, held as its fraction (55% as 0.55).
      const percent = new Decimal(v.value).times(100);
      if (percent.decimalPlaces() > 2) out.push(diag('YB308', v.range, { value: `${percent.toFixed()}%` }));
      else checkPercentConstant(percent, '%', v.range, out);
    } else checkMoneyConstant(new Decimal(v.value), v.range, out, v.at);
  }
}

function attribute(d: A.AttributeDecl, plan: CheckedPlan, table: SymbolTable, out: Diagnostic[]): void {
  if (!table.define({ kind: 'attribute', name: d.name.text, range: d.name.range, decl: d })) return;
  let type: Ty;
  if (d.values.length === 1) {
    const t = ATTRIBUTE_TYPES.find((a) => a.id === d.values[0]!.text || a.zh === d.values[0]!.text);
    if (!t) {
      out.push(diag('YB114', d.values[0]!.range, { name: d.values[0]!.text }));
      type = T.error;
    } else {
      type = { boolean: T.bool, number: T.number, money: T.money, date: T.date, text: T.string }[t.id] ?? T.error;
    }
  } else {
    const values = d.values.map((v) => v.text);
    type = { k: 'enum', attr: d.name.text, values };
    for (const v of d.values) table.define({ kind: 'enum-value', name: v.text, id: v.text, range: v.range, decl: d });
  }
  (d.on === 'claim' ? plan.claimAttributes : plan.attributes).set(d.name.text, { name: d.name.text, type, range: d.name.range });
}

export { SETTING_ZH };
