// Reads a fund plan's data (spec §28): entities, each with its years of figures, given shares and
// opening figures. Every fault is an error naming the entity, the year and the field; an entity
// with a fault is not computed, the others are.
import Decimal from 'decimal.js';
import type { FundIR, FundType } from '../ir/fund';
import { requestError, type MessageKind, type RequestArgs, type RequestError } from '../ir/request-errors';
import { isObject } from '../core/json';

/** Decimals of the fund's arithmetic: 40 significant digits (spec §28), figures read from data included. */
export const FundDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type Figure = Decimal | boolean;

/** One share of given or fixed shares: a member's name and its fraction (40 % is 0.4). */
export interface Share { name: string; fraction: Decimal }

export interface EntityData {
  name: string;
  /** Ascending, one after another. */
  years: { year: number; figures: Map<string, Figure>; shares: Map<string, Share[]> }[];
  opening: Map<string, Figure>;
}

const MONEY = /^-?\d{1,15}(\.\d{1,2})?$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,20})?$/;
const PERCENT = /^-?\d{1,6}(\.\d{1,10})?%$/;

const KIND: Record<FundType | 'shares' | 'opening', [string, string]> = {
  money: ['an amount in yuan, to the fen, as "1234.56"', '以元计、精确到分的金额，如 "1234.56"'],
  ratio: ['a percentage, as "40%"', '百分比，如 "40%"'],
  number: ['a number, as "1.5"', '数值，如 "1.5"'],
  bool: ['true or false', 'true 或 false'],
  shares: ['shares, as { "A": "60%", "B": "40%" }', '份额，如 { "甲": "60%", "乙": "40%" }'],
  opening: ['last year\'s figures by name, as { "基金余额": "1234.56" }', '按名称给出的上年数值，如 { "基金余额": "1234.56" }'],
};

/** A figure as the data gives it, or undefined when it is not of its type. */
function parseFigure(v: unknown, type: FundType): Figure | undefined {
  const text = Number.isFinite(v) ? String(v) : v;
  if (type === 'bool') return typeof v === 'boolean' ? v : undefined;
  if (typeof text !== 'string') return undefined;
  if (type === 'ratio') return PERCENT.test(text) ? new FundDecimal(text.slice(0, -1)).div(100) : undefined;
  return (type === 'money' ? MONEY : DECIMAL).test(text) ? new FundDecimal(text) : undefined;
}

/** Reads the data for a fund plan: the entities it can compute, and an error for each fault. */
export function readFundData(ir: FundIR, data: unknown): { entities: (EntityData | undefined)[]; errors: RequestError[] } {
  const errors: RequestError[] = [];
  if (!isObject(data) || !Array.isArray(data.entities)) {
    errors.push(requestError({ path: '' }, 'YR024', 'notData'));
    return { entities: [], errors };
  }
  const names = new Set<string>();
  const entities = data.entities.map((e, i) => {
    const before = errors.length;
    const entity = readEntity(ir, e, `/entities/${i}`, names, errors);
    return errors.length === before ? entity : undefined;
  });
  return { entities, errors };
}

class Faults {
  constructor(readonly entity: string, readonly errors: RequestError[]) {}
  add(path: string, kind: MessageKind<'YR024'>, args: RequestArgs = {}): void {
    this.errors.push(requestError({ path }, 'YR024', kind, { entity: this.entity, ...args }));
  }
}

function readEntity(ir: FundIR, e: unknown, at: string, names: Set<string>, errors: RequestError[]): EntityData | undefined {
  const name = isObject(e) && typeof e.name === 'string' && e.name.trim() !== '' ? e.name : undefined;
  if (!isObject(e) || name === undefined || names.has(name)) {
    errors.push(requestError({ path: `${at}/name` }, 'YR024', 'entityName'));
    return undefined;
  }
  names.add(name);
  const faults = new Faults(name, errors);
  if (!Array.isArray(e.years) || !e.years.length) {
    faults.add(`${at}/years`, 'noYears');
    return undefined;
  }
  const years = e.years.map((y, j) => readYear(ir, y, `${at}/years/${j}`, faults)).filter((y) => y !== undefined);
  years.sort((a, b) => a.year - b.year);
  for (let j = 1; j < years.length; j++) {
    const [a, b] = [years[j - 1]!.year, years[j]!.year];
    if (a === b) faults.add(`${at}/years`, 'badYear', { value: String(b) });
    else if (b !== a + 1) faults.add(`${at}/years`, 'yearGap', { from: a, to: b });
  }
  const opening = readOpening(ir, e.opening, `${at}/opening`, faults);
  return { name, years, opening };
}

/** A year as the YR024/YR025 messages name it, in each language. */
export const yearText = (year: number | string) => ({ year: String(year), yearZh: `${year}年` });

function readYear(ir: FundIR, y: unknown, at: string, faults: Faults): EntityData['years'][number] | undefined {
  const year = isObject(y) ? y.year : undefined;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Number.isInteger is false for anything but a number (the typeof test narrows the type)
  if (!isObject(y) || typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2200) {
    faults.add(`${at}/year`, 'badYear', { value: JSON.stringify(year ?? null) });
    return undefined;
  }
  const where = yearText(year);
  const figures = new Map<string, Figure>();
  for (const input of ir.inputs) {
    const v = parseFigure(y[input.name], input.type);
    if (v !== undefined) figures.set(input.name, v);
    else badFigure(faults, `${at}/${input.name}`, y[input.name], input.type, { ...where, field: input.name });
  }
  const shares = new Map<string, Share[]>();
  for (const s of ir.shares) {
    if (s.fixed) continue;
    const given = readShares(y[s.name], s.atMost, `${at}/${s.name}`, faults, { ...where, field: s.name });
    // Stryker disable next-line ConditionalExpression: shares with a fault leave the entity uncomputed, whatever is kept
    if (given) shares.set(s.name, given);
  }
  const known = ['year', ...ir.inputs.map((i) => i.name), ...ir.shares.filter((s) => !s.fixed).map((s) => s.name)];
  for (const k of Object.keys(y)) {
    if (!known.includes(k)) faults.add(`${at}/${k}`, 'unknownField', { ...where, field: k, hint: known.find((n) => n !== 'year' && (n.includes(k) || k.includes(n))) ?? '' });
  }
  return { year, figures, shares };
}

function badFigure(faults: Faults, path: string, v: unknown, type: keyof typeof KIND, args: RequestArgs): void {
  const [kind, kindZh] = KIND[type];
  if (v === undefined) faults.add(path, 'missing', { ...args, kind, kindZh });
  else faults.add(path, 'badFigure', { ...args, kind, kindZh, value: JSON.stringify(v) });
}

function readShares(v: unknown, atMost: number | undefined, path: string, faults: Faults, args: RequestArgs): Share[] | undefined {
  if (!isObject(v) || !Object.keys(v).length) return void badFigure(faults, path, v, 'shares', args);
  const shares: Share[] = [];
  for (const [name, p] of Object.entries(v)) {
    const fraction = parseFigure(p, 'ratio');
    if (!(fraction instanceof Decimal) || fraction.isNeg() || fraction.gt(1)) return void badFigure(faults, `${path}/${name}`, p, 'ratio', { ...args, field: `${args.field}.${name}` });
    shares.push({ name, fraction });
  }
  const sum = shares.reduce((a, s) => a.plus(s.fraction), new FundDecimal(0));
  if (!sum.eq(1)) return void faults.add(path, 'sharesSum', { ...args, sum: sum.times(100).toFixed() });
  const max = atMost ?? Infinity;
  if (shares.length > max) return void faults.add(path, 'sharesCount', { ...args, count: shares.length, max });
  return shares;
}

/** Opening figures: last year's, for the first year of the data; only those the plan reads with previous(). */
function readOpening(ir: FundIR, v: unknown, at: string, faults: Faults): Map<string, Figure> {
  const out = new Map<string, Figure>();
  if (v === undefined) return out;
  const where = { year: 'opening', yearZh: '期初' };
  if (!isObject(v)) {
    badFigure(faults, at, v, 'opening', { ...where, field: 'opening' });
    return out;
  }
  const types = new Map<string, FundType>([...ir.inputs.map((i) => [i.name, i.type] as const), ...ir.values.map((x) => [x.name, x.type] as const)]);
  for (const [k, raw] of Object.entries(v)) {
    const type = types.get(k);
    if (!type) {
      faults.add(`${at}/${k}`, 'unknownField', { ...where, field: k, hint: '' });
      continue;
    }
    const f = parseFigure(raw, type);
    if (f === undefined) badFigure(faults, `${at}/${k}`, raw, type, { ...where, field: k });
    else out.set(k, f);
  }
  return out;
}

