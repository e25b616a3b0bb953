// Checks a fund plan file (spec §28): one fund plan, its inputs, shares, values, requirements and
// allocations. Expressions are typed here and come out as fund expressions (ir/fund.ts): amounts,
// ratios, numbers and conditions over the inputs and the values above, last year's figures and a
// cycle's. Nothing of a claim or a member exists in a fund plan.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { roundingStepFen } from '../core/money';
import { diag } from '../ir/diagnostics';
import type { FundExpr, FundType } from '../ir/fund';
import { T, tyName, type Ty } from '../ir/types';
import { MAX_EXPRESSION_DEPTH } from './expressions';
import { closest } from './suggest';

export interface CheckedFundValue { item: A.FundLet; type: FundType; value: FundExpr; cyclic: boolean }
export interface CheckedRequirement { item: A.FundRequire; condition: FundExpr; cyclic: boolean }
export interface CheckedFund {
  decl: A.FundDecl;
  cycle?: { years: number; from?: number };
  rounding?: A.FundRounding;
  inputs: A.FundInput[];
  shares: { item: A.FundShares; fixed?: { name: string; bp: number }[] }[];
  values: CheckedFundValue[];
  requirements: CheckedRequirement[];
  allocations: A.FundAllocate[];
}

/**
 * A typed fund expression: its type ('literal' is a bare number, which takes the unit it meets;
 * `any` exists only while inferring types: a value whose type is not known yet).
 */
interface Typed { type: FundType | 'literal' | 'any' | 'error'; x?: FundExpr; cyclic: boolean }

const ERROR: Typed = { type: 'error', cyclic: false };
const TY: Record<Typed['type'], Ty> = { money: T.money, ratio: T.ratio, number: T.number, bool: T.bool, literal: T.literal, any: T.error, error: T.error };
const names = (t: Typed['type']) => ({ en: tyName(TY[t]), zh: tyName(TY[t], 'zh') });
/** A message's `actual` in both languages. */
const actual = (t: Typed['type']) => ({ actual: names(t).en, actualZh: names(t).zh });
/** A message's `left` and `right` in both languages. */
const sides = (a: Typed['type'], b: Typed['type']) => ({ left: names(a).en, right: names(b).en, leftZh: names(a).zh, rightZh: names(b).zh });
const NUMERIC = { expected: 'an amount, ratio or number', expectedZh: '金额、比例或数值' };

/** The fund plan of a parsed fund file, checked (FundDocument keeps it only when no diagnostic is an error). */
export function checkFund(program: A.Program): { fund?: CheckedFund; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const funds = program.declarations.filter((d): d is A.FundDecl => d.kind === 'fund');
  for (const d of program.declarations) if (d !== funds[0]) out.push(diag(d.kind === 'floors' ? 'YB980' : 'YB970', d.range));
  const decl = funds[0];
  if (!decl) {
    if (!program.declarations.length) out.push(diag('YB979', program.range));
    return { diagnostics: out };
  }
  return { fund: new FundChecker(decl, out).check(), diagnostics: out };
}

class FundChecker {
  /** Every name declared, in order, with the index of its item. */
  private readonly declared = new Map<string, { item: A.FundItem; index: number; type?: FundType; cyclic?: boolean }>();
  private current = -1;
  private depth = 0;
  /**
   * Each value's type as worked out before checking (inferTypes), so that previous() can read a value
   * computed below, or the value itself (余额 = 上年(余额) + 计提): the previous year is complete.
   */
  private readonly guessed = new Map<string, FundType>();
  /** While inferring: a value's type not known yet reads as `any`, and nothing is reported. */
  private guessing = false;

  constructor(private readonly decl: A.FundDecl, private readonly out: Diagnostic[]) {}

  check(): CheckedFund {
    const fund: CheckedFund = { decl: this.decl, inputs: [], shares: [], values: [], requirements: [], allocations: [] };
    this.declareAll();
    this.inferTypes();
    this.decl.items.forEach((item, index) => {
      this.current = index;
      this.item(item, fund);
    });
    if (!fund.inputs.length) this.out.push(diag('YB979', this.decl.range));
    return fund;
  }

  private declareAll(): void {
    this.decl.items.forEach((item, index) => {
      if (item.kind !== 'input' && item.kind !== 'let' && item.kind !== 'shares') return;
      if (this.declared.has(item.name.text)) this.out.push(diag('YB102', item.name.range, { name: item.name.text }));
      else this.declared.set(item.name.text, { item, index, ...(item.kind === 'input' ? { type: item.type, cyclic: false } : {}) });
    });
  }

  private item(item: A.FundItem, fund: CheckedFund): void {
    switch (item.kind) {
      case 'cycle': return this.cycle(item, fund);
      case 'rounding':
        // The steps a plan's header allows: allocations split whole fen.
        if (roundingStepFen(item.step) !== undefined && !fund.rounding) fund.rounding = item;
        else this.out.push(diag('YB703', item.range, { step: item.step }));
        return;
      case 'input': fund.inputs.push(item); return;
      case 'shares': fund.shares.push({ item, ...this.fixedShares(item) }); return;
      case 'let': return this.value(item, fund);
      case 'require': {
        const t = this.typed(item.condition);
        if (t.type !== 'bool' && t.type !== 'error') this.out.push(diag('YB203', item.condition.range, actual(t.type)));
        if (t.x && t.type === 'bool') fund.requirements.push({ item, condition: t.x, cyclic: t.cyclic });
        return;
      }
      case 'allocate': return this.allocation(item, fund);
    }
  }

  private cycle(item: A.FundCycle, fund: CheckedFund): void {
    const years = Number(item.years);
    const from = item.from === undefined ? undefined : Number(item.from);
    const bad = fund.cycle || !Number.isInteger(years) || years < 1 || years > 50 || (from !== undefined && (!Number.isInteger(from) || from < 1900 || from > 2200));
    if (bad) this.out.push(diag('YB977', item.range));
    else fund.cycle = { years, ...(from !== undefined ? { from } : {}) };
  }

  private fixedShares(item: A.FundShares): { fixed?: { name: string; bp: number }[] } {
    const atMost = item.atMost ? Number(item.atMost.value) : undefined;
    if (atMost !== undefined && (!Number.isInteger(atMost) || atMost < 1)) this.out.push(diag('YB202', item.atMost!.range, { expected: 'a whole number of members', expectedZh: '成员个数（整数）', actual: item.atMost!.value, actualZh: item.atMost!.value }));
    if (!item.fixed) return {};
    const seen = new Set<string>();
    let sum = new Decimal(0);
    for (const f of item.fixed) {
      if (seen.has(f.name.text)) this.out.push(diag('YB102', f.name.range, { name: f.name.text }));
      seen.add(f.name.text);
      if (new Decimal(f.percent).decimalPlaces() > 2) this.out.push(diag('YB308', f.range, { value: `${f.percent}%` }));
      sum = sum.plus(f.percent);
    }
    if (!sum.eq(100)) this.out.push(diag('YB974', item.name.range, { name: item.name.text, sum: sum.toFixed() }));
    if (atMost !== undefined && item.fixed.length > atMost) this.out.push(diag('YB975', item.name.range, { name: item.name.text, count: item.fixed.length, max: atMost }));
    return { fixed: item.fixed.map((f) => ({ name: f.name.text, bp: new Decimal(f.percent).times(100).round().toNumber() })) };
  }

  private value(item: A.FundLet, fund: CheckedFund): void {
    const t = this.typed(item.value);
    const type = fundType(t.type);
    const entry = this.declared.get(item.name.text);
    if (entry?.item === item && type) Object.assign(entry, { type, cyclic: t.cyclic });
    if (type && t.x) fund.values.push({ item, type, value: t.x, cyclic: t.cyclic });
  }

  /**
   * Works out the values' types silently, round after round until nothing changes: a type not known
   * yet reads as `any`, which takes the type of what it meets. At most one round per value settles.
   */
  private inferTypes(): void {
    const lets = this.decl.items.map((item, index) => ({ item, index })).filter((x): x is { item: A.FundLet; index: number } => x.item.kind === 'let');
    const reported = this.out.length;
    this.guessing = true;
    for (let round = 0; round <= lets.length; round++) {
      let changed = false;
      for (const { item, index } of lets) {
        this.current = index;
        const type = fundType(this.typed(item.value).type);
        if (type && this.guessed.get(item.name.text) !== type) {
          this.guessed.set(item.name.text, type);
          changed = true;
        }
      }
      if (!changed) break;
    }
    this.guessing = false;
    this.out.length = reported;
  }

  private allocation(item: A.FundAllocate, fund: CheckedFund): void {
    const value = this.declared.get(item.value.text);
    const shares = this.declared.get(item.shares.text);
    if (!value || value.item.kind === 'shares') this.unknownOr(item.value, value !== undefined, () => diag('YB976', item.value.range, { what: 'value', name: item.value.text }));
    else if (value.type !== 'money' && value.type !== undefined) this.out.push(diag('YB976', item.value.range, { what: 'value', name: item.value.text }));
    if (!shares || shares.item.kind !== 'shares') this.unknownOr(item.shares, shares !== undefined, () => diag('YB976', item.shares.range, { what: 'shares', name: item.shares.text }));
    fund.allocations.push(item);
  }

  private unknownOr(name: A.Name, known: boolean, otherwise: () => Diagnostic): void {
    this.out.push(known ? otherwise() : diag('YB101', name.range, { name: name.text, hint: closest(name.text, [...this.declared.keys()]) ?? '' }));
  }

  private typed(e: A.Expr): Typed {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      this.out.push(diag('YB006', e.range, { limit: MAX_EXPRESSION_DEPTH }));
      return ERROR;
    }
    this.depth++;
    try {
      return this.infer(e);
    } finally {
      this.depth--;
    }
  }

  private infer(e: A.Expr): Typed {
    switch (e.kind) {
      case 'number': return { type: 'literal', x: { kind: 'const', type: 'number', value: e.value }, cyclic: false };
      case 'money': return { type: 'money', x: { kind: 'const', type: 'money', value: e.value }, cyclic: false };
      case 'percent':
      case 'points':
        if (new Decimal(e.value).decimalPlaces() > 2) this.out.push(diag('YB308', e.range, { value: `${e.value}${e.kind === 'percent' ? '%' : 'pp'}` }));
        return { type: 'ratio', x: { kind: 'const', type: 'ratio', value: new Decimal(e.value).div(100).toFixed() }, cyclic: false };
      case 'bool': return { type: 'bool', x: { kind: 'const', type: 'bool', value: String(e.value) }, cyclic: false };
      case 'ref': return this.ref(e);
      case 'fundFn': return this.fundFn(e);
      case 'unary': return this.unary(e);
      case 'binary': return this.binary(e);
      case 'if': return this.conditional(e);
      case 'extremum': return this.extremum(e);
      default:
        this.out.push(diag('YB973', e.range));
        return ERROR;
    }
  }

  /** A name read this year: an input, or a value computed above. */
  private ref(e: A.RefExpr): Typed {
    if (e.name === '') return ERROR; // the parser already reported this spot
    const found = this.figure(e.name, e.range);
    if (!found) return ERROR;
    if (found.index >= this.current && found.item.kind === 'let') {
      this.out.push(diag('YB972', e.range, { name: e.name, self: '' }));
      return ERROR;
    }
    const type = this.typeOfFigure(found);
    return type ? { type, x: { kind: 'value', name: e.name }, cyclic: found.cyclic ?? false } : ERROR;
  }

  /** An input or value by name; YB101 when unknown, YB202 when it names shares. */
  private figure(name: string, range: A.Name['range']) {
    const found = this.declared.get(name);
    if (!found) {
      this.out.push(diag('YB101', range, { name, hint: closest(name, [...this.declared.keys()]) ?? '' }));
      return undefined;
    }
    if (found.item.kind === 'shares') {
      this.out.push(diag('YB202', range, { ...NUMERIC, actual: 'shares', actualZh: '份额' }));
      return undefined;
    }
    return found;
  }

  private fundFn(e: A.FundFnExpr): Typed {
    const found = this.figure(e.name.text, e.name.range);
    if (!found) return ERROR;
    const own = found.item.kind === 'let' && found.index === this.current;
    if (e.fn === 'previous') {
      const x: FundExpr = { kind: 'previous', name: e.name.text };
      // Any value's last year is known, the value's own and those below included; a type that
      // inference could not settle (x = previous(x)) is a plain number.
      if (own || found.index > this.current) return { type: this.guessed.get(e.name.text) ?? (this.guessing ? 'any' : 'literal'), x, cyclic: false };
      const type = this.typeOfFigure(found);
      return type ? { type, x, cyclic: false } : ERROR;
    }
    if (!this.cycleDeclared()) {
      this.out.push(diag('YB978', e.fnRange, { fn: e.fn }));
      return ERROR;
    }
    if (found.item.kind === 'let' && found.index >= this.current) {
      this.out.push(diag('YB972', e.name.range, { name: e.name.text, self: own ? 'yes' : '' }));
      return ERROR;
    }
    const type = this.typeOfFigure(found);
    if (!type) return ERROR;
    if (type === 'bool') {
      this.out.push(diag('YB202', e.name.range, { ...NUMERIC, ...actual('bool') }));
      return ERROR;
    }
    return { type, x: { kind: 'cycle', fn: e.fn === 'cycleMean' ? 'mean' : 'sum', name: e.name.text }, cyclic: true };
  }

  /** A figure's type: known once checked; while inferring, as guessed so far, or `any`. */
  private typeOfFigure(found: { item: A.FundItem; type?: FundType }): Typed['type'] | undefined {
    if (found.type || !this.guessing || found.item.kind !== 'let') return found.type;
    return this.guessed.get(found.item.name.text) ?? 'any';
  }

  private cycleDeclared(): boolean {
    return this.decl.items.some((i) => i.kind === 'cycle');
  }

  private unary(e: A.UnaryExpr): Typed {
    const t = this.typed(e.operand);
    if (t.type === 'error' || !t.x) return ERROR;
    const want = e.op === 'not' ? t.type === 'bool' : t.type !== 'bool';
    if (!want) {
      const expected = e.op === 'not' ? { expected: names('bool').en, expectedZh: names('bool').zh } : NUMERIC;
      this.out.push(diag('YB202', e.operand.range, { ...expected, ...actual(t.type) }));
      return ERROR;
    }
    return { type: t.type, x: { kind: e.op, operand: t.x }, cyclic: t.cyclic };
  }

  private binary(e: A.BinaryExpr): Typed {
    const l = this.typed(e.left);
    const r = this.typed(e.right);
    if (!l.x || !r.x) return ERROR;
    const cyclic = l.cyclic || r.cyclic;
    switch (e.op) {
      case 'and':
      case 'or':
        for (const [t, x] of [[l, e.left], [r, e.right]] as const) {
          if (t.type !== 'bool') this.out.push(diag('YB203', x.range, actual(t.type)));
        }
        return l.type === 'bool' && r.type === 'bool' ? { type: 'bool', x: { kind: e.op, left: l.x, right: r.x }, cyclic } : ERROR;
      case '+': case '-': case '*': case '/': {
        const type = arithType(l.type, r.type, e.op);
        if (type) return { type, x: { kind: 'arith', op: e.op, left: l.x, right: r.x }, cyclic };
        const verb = { '+': ['add', '相加'], '-': ['subtract', '相减'], '*': ['multiply', '相乘'], '/': ['divide', '相除'] }[e.op];
        this.out.push(diag('YB201', e.opRange, { op: verb[0]!, opZh: verb[1]!, ...sides(l.type, r.type), hint: '' }));
        return ERROR;
      }
      case '=': case '!=': case '<': case '<=': case '>': case '>=':
        if (joinType(l.type, r.type) && (l.type !== 'bool' || e.op === '=' || e.op === '!=')) return { type: 'bool', x: { kind: 'compare', op: e.op, left: l.x, right: r.x }, cyclic };
        this.out.push(diag('YB204', e.opRange, { ...sides(l.type, r.type) }));
        return ERROR;
      default:
        this.out.push(diag('YB973', e.range));
        return ERROR;
    }
  }

  private conditional(e: A.IfExpr): Typed {
    const c = this.typed(e.cond);
    if (c.type !== 'bool' && c.type !== 'error') this.out.push(diag('YB203', e.cond.range, actual(c.type)));
    const a = this.typed(e.then);
    const b = this.typed(e.else);
    if (!c.x || !a.x || !b.x || c.type !== 'bool') return ERROR;
    const type = joinType(a.type, b.type);
    if (!type) {
      this.out.push(diag('YB207', e.else.range, { ...sides(a.type, b.type) }));
      return ERROR;
    }
    return { type, x: { kind: 'if', cond: c.x, then: a.x, else: b.x }, cyclic: c.cyclic || a.cyclic || b.cyclic };
  }

  private extremum(e: A.ExtremumExpr): Typed {
    const args = e.args.map((a) => this.typed(a));
    if (args.some((a) => !a.x)) return ERROR;
    let type: Typed['type'] | undefined = args[0]!.type;
    for (let i = 1; i < args.length && type; i++) {
      const next: Typed['type'] | undefined = joinType(type, args[i]!.type);
      if (!next || next === 'bool') {
        this.out.push(diag('YB208', e.args[i]!.range, { fn: e.fn, fnZh: e.fn === 'min' ? '较小值' : '较大值', ...sides(type, args[i]!.type) }));
        return ERROR;
      }
      type = next;
    }
    return { type: type!, x: { kind: e.fn, args: args.map((a) => a.x!) }, cyclic: args.some((a) => a.cyclic) };
  }
}

const fundType = (t: Typed['type']): FundType | undefined => (t === 'literal' ? 'number' : t === 'error' || t === 'any' ? undefined : t);

/** The one type two operands share; a bare number takes the other's unit, except a ratio's (write 0%). */
function joinType(a: Typed['type'], b: Typed['type']): Typed['type'] | undefined {
  if (a === b || b === 'any') return a;
  if (a === 'any') return b;
  if (a === 'literal' && (b === 'money' || b === 'number')) return b;
  if (b === 'literal' && (a === 'money' || a === 'number')) return a;
  return undefined;
}

/** The unit of an arithmetic result. An amount over an amount is a ratio (payouts / premiums). */
function arithType(a: Typed['type'], b: Typed['type'], op: '+' | '-' | '*' | '/'): Typed['type'] | undefined {
  if (a === 'bool' || b === 'bool' || a === 'error' || b === 'error') return undefined;
  // While inferring, a type not known yet takes the other's (a guess: the final check judges it).
  if (a === 'any' || b === 'any') return a === 'any' ? (b === 'literal' ? 'any' : b) : a;
  const num = (t: Typed['type']) => t === 'number' || t === 'literal';
  if (op === '+' || op === '-') return joinType(a, b);
  if (num(a) && num(b)) return a === 'literal' && b === 'literal' ? 'literal' : 'number';
  if (op === '*') {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (x === 'money' && (y === 'ratio' || num(y))) return 'money';
      if (x === 'ratio' && (y === 'ratio' || num(y))) return 'ratio';
    }
    return undefined;
  }
  if (a === 'money' && b === 'money') return 'ratio';
  if (a === 'money' && (num(b) || b === 'ratio')) return 'money';
  if (a === 'ratio' && num(b)) return 'ratio';
  if (a === 'ratio' && b === 'ratio') return 'number';
  return undefined;
}
