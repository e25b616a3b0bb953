// Checks a floors file (spec §29): one floors declaration, its region, its tables of figures by
// region and year, and its rules — a measure of a plan (ir/floors.ts), optionally for one care
// setting, at least a bound over constants and the tables' figures, on a span of dates.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { BUILTIN_SETTINGS } from '../../grammar/vocabulary';
import { parseDay } from '../core/dates';
import { diag } from '../ir/diagnostics';
import { FLOOR_MEASURES, measureNamed, type FloorBound, type FloorMeasure } from '../ir/floors';
import { closest } from './suggest';

export interface CheckedFloorRule { item: A.FloorRule; measure: FloorMeasure; setting?: string; bound: FloorBound }
export interface CheckedFloorTable { item: A.TableDecl; rows: { region: string; year: number; value: string }[] }
export interface CheckedFloors { decl: A.FloorsDecl; region?: string; tables: CheckedFloorTable[]; rules: CheckedFloorRule[] }

type Unit = 'ratio' | 'money' | 'number';
const UNIT_NAMES: Record<Unit, [string, string]> = { ratio: ['a percentage', '百分比'], money: ['an amount in yuan', '金额（元）'], number: ['a plain number', '数值'] };
const SETTING_IDS = new Map(BUILTIN_SETTINGS.flatMap((s) => [[s.id, s.id], [s.zh, s.id]] as const));
const MEASURE_WORDS = Object.values(FLOOR_MEASURES).flatMap((m) => [m.en, m.zh]);
const MAX_DEPTH = 50;

/** The floors of a parsed floors file, checked (FloorsDocument keeps them only when no diagnostic is an error). */
export function checkFloors(program: A.Program): { floors?: CheckedFloors; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const decls = program.declarations.filter((d): d is A.FloorsDecl => d.kind === 'floors');
  for (const d of program.declarations) if (d !== decls[0]) out.push(diag('YB980', d.range));
  const decl = decls[0];
  let floors: CheckedFloors | undefined;
  if (decl) floors = checkDecl(decl, out);
  else if (!program.declarations.length) out.push(diag('YB985', program.range));
  return { floors, diagnostics: out };
}

function checkDecl(decl: A.FloorsDecl, out: Diagnostic[]): CheckedFloors {
  const floors: CheckedFloors = { decl, tables: [], rules: [] };
  for (const item of decl.items) {
    if (item.kind === 'region') {
      if (floors.region !== undefined) out.push(diag('YB987', item.range, { what: 'region' }));
      floors.region = item.region;
    } else if (item.kind === 'table') {
      const t = checkTable(item, out);
      if (floors.tables.some((x) => x.item.name.text === item.name.text)) out.push(diag('YB987', item.name.range, { what: 'table', name: item.name.text }));
      else if (t) floors.tables.push(t);
    }
  }
  const tables = new Set(floors.tables.map((t) => t.item.name.text));
  for (const item of decl.items) {
    if (item.kind !== 'floor') continue;
    const r = checkRule(item, tables, out);
    if (r) floors.rules.push(r);
  }
  if (!floors.rules.length) out.push(diag('YB985', decl.range));
  return floors;
}

/** A table of figures: keyed by region and year, each value an amount in yuan. */
function checkTable(t: A.TableDecl, out: Diagnostic[]): CheckedFloorTable | undefined {
  if (t.file || t.keys.length !== 2) {
    out.push(diag('YB986', t.range, { name: t.name.text, why: t.file ? 'file' : 'keys' }));
    return undefined;
  }
  const rows: CheckedFloorTable['rows'] = [];
  const seen = new Set<string>();
  for (const row of t.rows) {
    const [region, year, value] = row.cells;
    const y = year && /^\d{4}$/.test(year.value) ? Number(year.value) : NaN;
    const ok = row.cells.length === 3 && region && value && (value.kind === 'money' || value.kind === 'number') && y >= 1900 && y <= 2200;
    const key = `${region?.value}\u0000${y}`;
    if (!ok || seen.has(key)) {
      out.push(diag('YB986', row.range, { name: t.name.text, why: ok ? 'repeated' : 'row' }));
      continue;
    }
    seen.add(key);
    rows.push({ region: region.value, year: y, value: new Decimal(value.value).toString() });
  }
  return { item: t, rows };
}

function checkRule(item: A.FloorRule, tables: Set<string>, out: Diagnostic[]): CheckedFloorRule | undefined {
  const measure = measureNamed(item.measure.text);
  if (!measure) {
    const hint = closest(item.measure.text, MEASURE_WORDS);
    out.push(diag('YB981', item.measure.range, { name: item.measure.text, ...(hint ? { hint } : {}) }));
  }
  let setting: string | undefined;
  if (item.setting) {
    setting = SETTING_IDS.get(item.setting.text);
    if (!setting) {
      const hint = closest(item.setting.text, SETTING_IDS.keys());
      out.push(diag('YB982', item.setting.range, { name: item.setting.text, ...(hint ? { hint } : {}) }));
    }
  }
  for (const d of [item.from, item.to]) if (d && parseDay(d.date) === undefined) out.push(diag('YB987', d.range, { what: 'date', name: d.date }));
  if (item.from && item.to && item.to.date < item.from.date) out.push(diag('YB987', item.to.range, { what: 'span', name: `${item.from.date} – ${item.to.date}` }));
  const bound = typeBound(item.bound, tables, out, 0);
  if (!measure || !bound) return undefined;
  const want = FLOOR_MEASURES[measure].unit;
  // A bare number meets a ratio as a plain fraction would be a trap (70 is not 70 %): say so.
  if (bound.unit !== want) {
    out.push(diag('YB983', item.bound.range, { measure: FLOOR_MEASURES[measure].en, measureZh: FLOOR_MEASURES[measure].zh, expected: UNIT_NAMES[want][0], expectedZh: UNIT_NAMES[want][1], actual: UNIT_NAMES[bound.unit][0], actualZh: UNIT_NAMES[bound.unit][1] }));
    return undefined;
  }
  if (!setting && item.setting) return undefined;
  return { item, measure, ...(setting ? { setting } : {}), bound: bound.x };
}

/** A bound typed: constants, table figures (money), `+ −` of one unit and `×` by a plain number. */
function typeBound(e: A.Expr, tables: Set<string>, out: Diagnostic[], depth: number): { unit: Unit; x: FloorBound } | undefined {
  if (depth > MAX_DEPTH) return refuse(e, out);
  switch (e.kind) {
    case 'number': return { unit: 'number', x: { kind: 'const', unit: 'number', value: new Decimal(e.value).toString() } };
    case 'money': return { unit: 'money', x: { kind: 'const', unit: 'money', value: new Decimal(e.value).toString() } };
    case 'percent': return { unit: 'ratio', x: { kind: 'const', unit: 'ratio', value: new Decimal(e.value).div(100).toString() } };
    case 'ref': return tables.has(e.name) ? { unit: 'money', x: { kind: 'figure', table: e.name, previous: false } } : refuse(e, out, e.name, tables);
    case 'fundFn':
      if (e.fn === 'previous' && tables.has(e.name.text)) return { unit: 'money', x: { kind: 'figure', table: e.name.text, previous: true } };
      return refuse(e, out, e.name.text, tables);
    case 'binary': {
      if (e.op !== '+' && e.op !== '-' && e.op !== '*') return refuse(e, out);
      const l = typeBound(e.left, tables, out, depth + 1);
      const r = typeBound(e.right, tables, out, depth + 1);
      if (!l || !r) return undefined;
      const x: FloorBound = { kind: 'arith', op: e.op, left: l.x, right: r.x };
      if (e.op === '*') {
        if (l.unit === 'number') return { unit: r.unit, x };
        if (r.unit === 'number') return { unit: l.unit, x };
        return refuse(e, out);
      }
      return l.unit === r.unit ? { unit: l.unit, x } : refuse(e, out);
    }
    default: return refuse(e, out);
  }
}

function refuse(e: A.Expr, out: Diagnostic[], name?: string, tables?: Set<string>): undefined {
  const hint = name && tables ? closest(name, tables) : undefined;
  out.push(diag('YB984', e.range, { ...(name ? { name } : {}), ...(hint ? { hint } : {}) }));
  return undefined;
}
