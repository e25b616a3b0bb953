// Computes a fund plan over its data (spec §28): for each entity and year, the plan's values in
// order, the requirements each year must meet and the amounts split by shares. Arithmetic is exact
// (decimal.js, 40 significant digits); a money value rounds to the plan's step when computed, a
// ratio never does. A value read before its year is known (previous, a cycle's figures) is worked
// out on demand, once.
import Decimal from 'decimal.js';
import type { FundExpr, FundIR, FundSourceNote, FundType, FundValueIR } from '../ir/fund';
import { requestError, type RequestError } from '../ir/request-errors';
import { FundDecimal as D, readFundData, type EntityData, type Figure, type Share, yearText } from './fund-data';

export interface FundPart { name: string; share: string; amount: string }
export interface FundAllocationLine { value: string; shares: string; total: string; parts: FundPart[] }
export interface FundRequirementLine { text: string; holds: boolean; provisional?: true }

export interface FundYearLine {
  year: number;
  /** The cycle the year belongs to, and whether the data holds all its years. */
  cycle?: { from: number; to: number; complete: boolean };
  /** Inputs and values, by name: money to the step ("1234.56"), ratios as fractions ("0.8"), numbers, conditions. */
  values: Record<string, string | boolean>;
  /** Values that read a cycle's figures while the cycle is incomplete: they may still change. */
  provisional?: string[];
  requirements: FundRequirementLine[];
  allocations: FundAllocationLine[];
}

export interface FundEntityLine {
  name: string;
  years: FundYearLine[];
  /** Requirements not met (provisional ones included), over all years. */
  unmet: number;
}

export interface FundReport {
  fund: string;
  cycle?: { years: number; from?: number };
  /** The type of every input and value, for reading `values`. */
  types: Record<string, FundType>;
  entities: FundEntityLine[];
  errors: RequestError[];
  /** Entities received: entities in = entities computed + entities with errors. */
  entityCount: number;
  /** Figures the data took from files (yibao fund reads them before computing), with where they came from. */
  sources?: FundSourceNote[];
}

/** A value that cannot be worked out: the entity gets this error and is not computed. */
class FundFault extends Error {
  constructor(readonly error: RequestError) {
    super(error.message);
  }
}

export function runFund(ir: FundIR, data: unknown): FundReport {
  const { entities, errors } = readFundData(ir, data);
  const lines: FundEntityLine[] = [];
  entities.forEach((e, i) => {
    if (!e) return;
    try {
      lines.push(new EntityRun(ir, e, `/entities/${i}`).run());
    } catch (x) {
      if (!(x instanceof FundFault)) throw x;
      errors.push(x.error);
    }
  });
  const types = Object.fromEntries([...ir.inputs.map((v) => [v.name, v.type]), ...ir.values.map((v) => [v.name, v.type])]);
  return { fund: ir.name, ...(ir.cycle ? { cycle: ir.cycle } : {}), types, entities: lines, errors, entityCount: entities.length };
}

class EntityRun {
  private readonly computed: Map<string, Figure>[];
  private readonly busy = new Set<string>();
  private readonly values: Map<string, FundValueIR>;
  private readonly step: Decimal;
  private readonly rounding: Decimal.Rounding;
  /** Each year's cycle, by the year's index; none without a cycle. */
  private readonly cycles: (Cycle | undefined)[];

  constructor(private readonly ir: FundIR, private readonly e: EntityData, private readonly at: string) {
    this.computed = e.years.map((y) => new Map(y.figures));
    this.values = new Map(ir.values.map((v) => [v.name, v]));
    this.step = new D(ir.rounding.step);
    this.rounding = { 'half-up': D.ROUND_HALF_UP, 'half-even': D.ROUND_HALF_EVEN, down: D.ROUND_DOWN, up: D.ROUND_UP }[ir.rounding.mode];
    this.cycles = e.years.map((y) => cycleOf(ir.cycle, e.years.map((x) => x.year), y.year));
  }

  run(): FundEntityLine {
    // yearLine works out every value of the year, in order (each once: figure keeps it).
    const years = this.e.years.map((y, i) => this.yearLine(y.year, i));
    return { name: this.e.name, years, unmet: years.reduce((n, y) => n + y.requirements.filter((r) => !r.holds).length, 0) };
  }

  private yearLine(year: number, i: number): FundYearLine {
    const cycle = this.cycles[i];
    const open = cycle !== undefined && !cycle.complete;
    const values: Record<string, string | boolean> = {};
    for (const name of [...this.ir.inputs, ...this.ir.values].map((v) => v.name)) values[name] = this.text(this.figure(name, i), this.typeOf(name));
    const line: FundYearLine = { year, ...(cycle ? { cycle: { from: cycle.from, to: cycle.to, complete: cycle.complete } } : {}), values, requirements: [], allocations: [] };
    const provisional = this.ir.values.filter((v) => open && v.cyclic).map((v) => v.name);
    if (provisional.length) line.provisional = provisional;
    for (const r of this.ir.requirements) {
      const holds = this.compute(r.condition, i, r.text) === true;
      line.requirements.push({ text: r.text, holds, ...(open && r.cyclic ? { provisional: true as const } : {}) });
    }
    for (const a of this.ir.allocations) line.allocations.push(this.allocate(a.value, a.shares, i));
    return line;
  }

  private typeOf(name: string): FundType {
    return this.values.get(name)?.type ?? this.ir.inputs.find((x) => x.name === name)!.type;
  }

  private text(f: Figure, type: FundType): string | boolean {
    if (typeof f === 'boolean') return f;
    // Rounded first, then written: toFixed writes a zero without its sign, never "-0" or "-0.00".
    if (type === 'money') {
      const places = Math.max(0, this.step.decimalPlaces());
      return f.toDecimalPlaces(places, D.ROUND_HALF_UP).toFixed(places);
    }
    return f.toDecimalPlaces(10, D.ROUND_HALF_UP).toFixed();
  }

  /** An input or value of year i, worked out once. */
  private figure(name: string, i: number): Figure {
    const known = this.computed[i]!.get(name);
    if (known !== undefined) return known;
    const v = this.values.get(name)!;
    const key = `${name}@${i}`;
    if (this.busy.has(key)) this.fault(i, 'circular', name);
    this.busy.add(key);
    let f = this.compute(v.value, i, name);
    if (v.type === 'money' && f instanceof Decimal) f = f.div(this.step).toDecimalPlaces(0, this.rounding).times(this.step);
    this.busy.delete(key);
    this.computed[i]!.set(name, f);
    return f;
  }

  private fault(i: number, kind: 'circular' | 'divisionByZero', value: string): never {
    throw new FundFault(requestError({ path: this.at }, 'YR025', kind, { entity: this.e.name, value, ...yearText(this.e.years[i]!.year) }));
  }

  private compute(x: FundExpr, i: number, owner: string): Figure {
    const num = (y: FundExpr) => this.compute(y, i, owner) as Decimal;
    switch (x.kind) {
      case 'const': return x.type === 'bool' ? x.value === 'true' : new D(x.value);
      case 'value': return this.figure(x.name, i);
      case 'previous': return this.previous(x.name, i);
      case 'cycle': {
        const idx = this.cycles[i]!.indices;
        const sum = idx.reduce((a, j) => a.plus(this.figure(x.name, j) as Decimal), new D(0));
        return x.fn === 'sum' ? sum : sum.div(idx.length);
      }
      case 'neg': return num(x.operand).neg();
      case 'not': return !this.compute(x.operand, i, owner);
      case 'arith': return this.arith(x.op, num(x.left), num(x.right), i, owner);
      case 'compare': return compare(x.op, this.compute(x.left, i, owner), this.compute(x.right, i, owner));
      case 'and': return this.compute(x.left, i, owner) === true && this.compute(x.right, i, owner) === true;
      case 'or': return this.compute(x.left, i, owner) === true || this.compute(x.right, i, owner) === true;
      case 'if': return this.compute(x.cond, i, owner) === true ? this.compute(x.then, i, owner) : this.compute(x.else, i, owner);
      case 'min': return x.args.map(num).reduce((a, b) => (b.lt(a) ? b : a));
      case 'max': return x.args.map(num).reduce((a, b) => (b.gt(a) ? b : a));
    }
  }

  private arith(op: '+' | '-' | '*' | '/', a: Decimal, b: Decimal, i: number, owner: string): Decimal {
    if (op === '+') return a.plus(b);
    if (op === '-') return a.minus(b);
    if (op === '*') return a.times(b);
    if (b.isZero()) this.fault(i, 'divisionByZero', owner);
    return a.div(b);
  }

  /** Last year's figure; for the first year of the data, the entity's opening figure. */
  private previous(name: string, i: number): Figure {
    if (i > 0) return this.figure(name, i - 1);
    const f = this.e.opening.get(name);
    if (f !== undefined) return f;
    const type = this.typeOf(name);
    throw new FundFault(requestError({ path: `${this.at}/opening/${name}` }, 'YR024', 'missing', {
      entity: this.e.name, year: 'opening', yearZh: '期初', field: name,
      kind: `last year's figure, read by previous(${name}) in ${this.e.years[0]!.year} (${type})`,
      kindZh: `上年数值，${this.e.years[0]!.year}年的 上年(${name}) 需要读取`,
    }));
  }

  private allocate(value: string, sharesName: string, i: number): FundAllocationLine {
    const total = this.figure(value, i) as Decimal;
    // Stryker disable next-line OptionalChaining: an allocation names declared shares (YB976)
    const fixed = this.ir.shares.find((s) => s.name === sharesName)?.fixed;
    const shares: Share[] = fixed ? fixed.map((f) => ({ name: f.name, fraction: new D(f.bp).div(10000) })) : this.e.years[i]!.shares.get(sharesName)!;
    const amounts = splitByShares(total, shares);
    return {
      value, shares: sharesName, total: total.toFixed(2),
      parts: shares.map((s, k) => ({ name: s.name, share: `${s.fraction.times(100).toFixed()}%`, amount: amounts[k]!.toFixed(2) })),
    };
  }
}

interface Cycle { from: number; to: number; complete: boolean; indices: number[] }

/** The cycle of a year: its first and last year, the indices of its years in the data, and whether the data holds them all. */
function cycleOf(c: FundIR['cycle'], years: readonly number[], year: number): Cycle | undefined {
  if (!c) return undefined;
  const start = c.from ?? years[0]!;
  const from = start + Math.floor((year - start) / c.years) * c.years;
  const to = from + c.years - 1;
  const indices = years.map((y, j) => (y >= from && y <= to ? j : -1)).filter((j) => j >= 0);
  return { from, to, complete: indices.length === c.years, indices };
}

function compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', a: Figure, b: Figure): boolean {
  // Both sides are yes/no or neither, and yes/no values are only compared by = and != (YB204).
  if (typeof a === 'boolean') return op === '=' ? a === b : a !== b;
  const c = a.cmp(b as Decimal);
  return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
}

/**
 * Splits an amount by shares to the fen, the parts summing to the whole: each part is its share
 * rounded down to the fen, and the fen left over go one each to the largest remainders (the
 * earlier share first on a tie). A negative amount splits as its size does, negated.
 */
export function splitByShares(total: Decimal, shares: readonly Share[]): Decimal[] {
  // In the fund's precision whatever the caller's decimals: a share of an amount needs more than 20 digits.
  const fen = new D(total).abs().times(100).toDecimalPlaces(0, D.ROUND_HALF_UP);
  const raw = shares.map((s) => fen.times(s.fraction));
  const parts = raw.map((r) => r.floor());
  let left = fen.minus(parts.reduce((a, p) => a.plus(p), new D(0))).toNumber();
  // A stable sort: equal remainders keep the shares' order.
  const order = raw.map((r, k) => ({ k, rem: r.minus(r.floor()) })).sort((a, b) => b.rem.cmp(a.rem));
  for (const { k } of order) {
    if (left <= 0) break;
    parts[k] = parts[k]!.plus(1);
    left--;
  }
  return parts.map((p) => (total.isNeg() ? p.neg() : p).div(100));
}
