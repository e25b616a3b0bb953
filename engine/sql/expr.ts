// IR expressions as SQL over one row of the query (spec/language.md §34.2): a claim joined with
// its member (and, inside an item condition, one item). Each root computes as lowering marked it:
// `int` roots in exact integers (fen, basis points, whole numbers) and dates, `decimal` roots in the
// dialect's exact decimal type, rounded half up to the fen or basis point where the value is used,
// as the engine does (engine/compile/kinds.ts). What has no such SQL is refused by name and line.
import type { IrExpr, IrItems, IrMoneySlot, IrRatioSlot, PlanIR } from '../ir/plan';
import { YES_NO_CELLS } from '../ir/types';
import { big, dateLit, text, type Dialect } from './dialect';
import type { Refusals } from './refusals';

/** The row's columns (the claims CTE names them so; spec §34.3 lists the input tables). */
export const COL = {
  id: 'id', member: 'member', date: 'date', setting: 'setting', flags: 'flags', groups: 'grps',
  birth: 'birth_date', enrolled: 'enrolled_since', year: 'y', yearStartMonth: 'ys_m', yearStartDay: 'ys_d',
  itemCode: 'item_code', itemFen: 'item_fen', itemClass: 'item_class', itemCategory: 'item_category',
  memberAttr: (i: number) => `ma_${i}`, claimAttr: (i: number) => `ca_${i}`,
} as const;

export interface ExprCtx {
  d: Dialect;
  r: Refusals;
  ir: PlanIR;
  /** The claim's amounts in fen as this place sees them (a benefit's amount: net of excluded and hidden items). */
  amounts?: { in: string; out: string; over: string };
  /** Whether an item is in the row (item conditions). */
  item?: boolean;
  /** The column of an `items` selection (benefit amounts only). */
  items?: (n: IrItems) => string | undefined;
}

type Mode = 'int' | 'decimal';
interface Ymd { y: string; m: string; d: string }

const ymdOf = (d: Dialect, date: string): Ymd => ({ y: d.year(date), m: d.month(date), d: d.day(date) });
const leap = (y: string) => `(${y} % 4 = 0 AND (${y} % 100 <> 0 OR ${y} % 400 = 0))`;
/** A month and day as one number, 29 February falling on the 28th in a common year `y`. */
const monthDay = (p: Ymd, y: string) => `(${p.m} * 100 + CASE WHEN ${p.m} = 2 AND ${p.d} = 29 AND NOT ${leap(y)} THEN 28 ELSE ${p.d} END)`;

/** Full years from one date to another, 0 when `to` is before `from` (engine/core/dates.ts fullYears). */
export function fullYearsSql(from: Ymd, to: Ymd): string {
  const key = (p: Ymd) => `(${p.y} * 10000 + ${p.m} * 100 + ${p.d})`;
  const before = `CASE WHEN ${to.m} * 100 + ${to.d} < ${monthDay(from, to.y)} THEN 1 ELSE 0 END`;
  return `(CASE WHEN ${key(to)} < ${key(from)} THEN 0 ELSE GREATEST(${to.y} - ${from.y} - ${before}, 0) END)`;
}

/** The benefit year of a date, named by the calendar year it starts in, for a year starting on month m, day d. */
export function yearOfSql(dl: Dialect, date: string, anchor: { m: string; d: string }): string {
  const p = ymdOf(dl, date);
  return `(${p.y} - CASE WHEN ${p.m} * 100 + ${p.d} < ${monthDay({ y: p.y, ...anchor }, p.y)} THEN 1 ELSE 0 END)`;
}

/** The first day of the row's benefit year, as year, month and day. */
const yearStart = (): Ymd => ({ y: COL.year, m: COL.yearStartMonth, d: `CASE WHEN ${COL.yearStartMonth} = 2 AND ${COL.yearStartDay} = 29 AND NOT ${leap(COL.year)} THEN 28 ELSE ${COL.yearStartDay} END` });

const decimalLit = (v: string, d: Dialect) => `CAST(${v} AS ${d.decimal(Math.max(0, (v.split('.')[1] ?? '').length))})`;

class SqlExpr {
  constructor(private readonly c: ExprCtx) {}

  private refuse(what: { en: string; zh: string }, e: IrExpr): undefined {
    return this.c.r.add(what.en, what.zh, e.range);
  }

  private all(es: IrExpr[], mode: Mode): string[] | undefined {
    const out = es.map((e) => this.x(e, mode));
    return out.every((s) => s !== undefined) ? (out as string[]) : undefined;
  }

  /** A node in the mode of its root. */
  x(e: IrExpr, mode: Mode): string | undefined {
    const { d } = this.c;
    switch (e.kind) {
      case 'const': return this.constant(e, mode);
      case 'date': return dateLit(e.value);
      case 'text': return text(e.value);
      case 'bool': return e.value ? 'TRUE' : 'FALSE';
      case 'symbol': return e.symbol === 'setting' || e.symbol === 'flag' || e.symbol === 'enum-value' ? text(e.id) : this.refuse({ en: `the name of a ${e.symbol} as a value`, zh: `作为值的${e.symbol}名称` }, e);
      case 'param': return this.param(e.name, mode, e);
      case 'fact': return this.fact(e, mode);
      case 'attribute': return this.attribute(e, mode);
      case 'lookup': return this.lookup(e, mode);
      case 'neg': { const a = this.x(e.operand, mode); return a && `(-${a})`; }
      case 'not': { const a = this.x(e.operand, mode); return a && `(NOT ${a})`; }
      case 'logic': { const a = this.all([e.left, e.right], mode); return a && `(${a[0]} ${e.op.toUpperCase()} ${a[1]})`; }
      case 'compare': { const a = this.all([e.left, e.right], mode); return a && `(${a[0]} ${e.op === '!=' ? '<>' : e.op} ${a[1]})`; }
      case 'arith': return this.arith(e, mode);
      case 'in-groups': { const g = e.groups.map((n) => this.group(n, e)); return g.every((s) => s !== undefined) ? `(${g.join(' OR ')})` : undefined; }
      case 'in-catalogue': return this.inCatalogue(e.catalogue, e.value, mode, e);
      case 'in-list': {
        const v = this.x(e.value, mode);
        const els = e.list.kind === 'list' ? this.all(e.list.elements, mode) : this.refuse({ en: 'a membership test in a list that is not written out', zh: '对未写出的列表的属于判断' }, e);
        return v && els && `(${v} IN (${els.join(', ')}))`;
      }
      case 'has': { const a = this.all([e.flags, e.flag], mode); return a && d.contains(a[0]!, a[1]!); }
      case 'has-any': {
        const f = this.x(e.flags, mode);
        const els = e.list.kind === 'list' ? this.all(e.list.elements, mode) : this.refuse({ en: 'a flag test on a list that is not written out', zh: '对未写出的标记列表的判断' }, e);
        return f && els && `(${els.map((x) => d.contains(f, x)).join(' OR ')})`;
      }
      case 'items': {
        const col = this.c.items?.(e);
        if (col === undefined) return this.refuse({ en: 'a selection of items outside a benefit\'s amount, or inside a condition', zh: '责任金额以外或条件之中的明细选取' }, e);
        return mode === 'int' ? col : `(CAST(${col} AS ${d.decimal(0)}) * 0.01)`;
      }
      case 'if': { const a = this.all([e.cond, e.then, e.else], mode); return a && `(CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END)`; }
      case 'extremum': { const a = this.all(e.args, mode); return a && `${e.fn === 'min' ? 'LEAST' : 'GREATEST'}(${a.join(', ')})`; }
      case 'full-years': {
        const a = this.all([e.from, e.to], mode);
        return a && (mode === 'int' ? fullYearsSql(ymdOf(d, a[0]!), ymdOf(d, a[1]!)) : `CAST(${fullYearsSql(ymdOf(d, a[0]!), ymdOf(d, a[1]!))} AS ${d.decimal(0)})`);
      }
      case 'list': return this.refuse({ en: 'a list as a value', zh: '作为值的列表' }, e);
    }
  }

  /**
   * Why evaluating the node fails, as the engine would fail the claim, or NULL: text
   * `CODE|detail…` (spec §34.3). Evaluated as the engine evaluates: left to right, `and` and `or`
   * short-circuit, only the branch an `if` picks.
   */
  fail(e: IrExpr, mode: Mode): string {
    const first = (...xs: string[]) => firstFail(xs);
    const when = (cond: string | undefined, x: string) => (x === 'NULL' || cond === undefined ? 'NULL' : `CASE WHEN ${cond} THEN ${x} END`);
    switch (e.kind) {
      case 'param': {
        const p = this.c.ir.params.find((x) => x.name === e.name);
        if (!p) return 'NULL';
        if (p.steps.length === 1 && !p.steps[0]!.from && !p.steps[0]!.to) return this.fail(p.steps[0]!.value, mode);
        return `(CASE ${p.steps.map((st) => `WHEN ${span(st.from, st.to)} THEN ${this.fail(st.value, mode)}`).join(' ')} ELSE ${text(`YR006|${p.name}`)} END)`;
      }
      case 'attribute': {
        const list = e.on === 'claim' ? this.c.ir.claimAttributes : this.c.ir.attributes;
        const col = e.on === 'claim' ? COL.claimAttr(list.findIndex((a) => a.name === e.name)) : COL.memberAttr(list.findIndex((a) => a.name === e.name));
        return `(CASE WHEN ${col} IS NULL THEN ${text(`YR010|${e.on === 'claim' ? 'claim' : 'member'}|${e.name}`)} END)`;
      }
      case 'fact': {
        const needs = { 'member.birthDate': COL.birth, 'member.age': COL.birth, 'member.enrolledSince': COL.enrolled, 'member.enrolledYears': COL.enrolled, 'member.enrolledDays': COL.enrolled } as Record<string, string>;
        const col = needs[`${e.root}.${e.field}`];
        return col ? `(CASE WHEN ${col} IS NULL THEN ${text(`YR015|${col === COL.birth ? 'birthDate' : 'enrolledSince'}`)} END)` : 'NULL';
      }
      case 'lookup': {
        const t = this.c.ir.tables.find((x) => x.name === e.table);
        const found = this.x(e, mode);
        const keys = this.all(e.keys, mode);
        if (!t || !found || !keys) return 'NULL';
        const keyText = keys.map((k) => `CAST(${k} AS ${this.c.d.text})`).join(` || ', ' || `);
        return first(...e.keys.map((k) => this.fail(k, mode)), `(CASE WHEN ${found} IS NULL THEN ${text(`YR007|${t.name}|`)} || ${keyText} END)`);
      }
      case 'in-catalogue': {
        const cat = this.c.ir.catalogues.find((x) => x.name === e.catalogue);
        return first(this.fail(e.value, mode), cat ? catalogueFail(cat) : 'NULL');
      }
      case 'items': return e.catalogue !== undefined ? catalogueFail(this.c.ir.catalogues.find((x) => x.name === e.catalogue)!) : 'NULL';
      case 'in-groups': {
        // Groups are tested in order until one holds.
        let out = 'NULL';
        for (const name of [...e.groups].reverse()) {
          const g = this.c.ir.groups.find((x) => x.name === name);
          if (!g?.condition) continue;
          const self = this.fail(g.condition, g.condition.exact);
          const holds = sqlTest(g.condition, this.c) ?? 'FALSE';
          out = first(self, when(`NOT COALESCE(${holds}, FALSE)`, out));
        }
        return out;
      }
      case 'logic': {
        const l = this.x(e.left, mode);
        return first(this.fail(e.left, mode), when(e.op === 'and' ? l : l && `NOT ${l}`, this.fail(e.right, mode)));
      }
      case 'if': {
        const c = this.x(e.cond, mode);
        return first(this.fail(e.cond, mode), c === undefined ? 'NULL' : first(when(c, this.fail(e.then, mode)), when(`NOT ${c}`, this.fail(e.else, mode))));
      }
      case 'neg': case 'not': return this.fail(e.operand, mode);
      case 'arith': case 'compare': return first(this.fail(e.left, mode), this.fail(e.right, mode));
      case 'in-list': return first(this.fail(e.value, mode), e.list.kind === 'list' ? first(...e.list.elements.map((x) => this.fail(x, mode))) : 'NULL');
      case 'has': return first(this.fail(e.flags, mode), this.fail(e.flag, mode));
      case 'has-any': return this.fail(e.flags, mode);
      case 'extremum': return first(...e.args.map((x) => this.fail(x, mode)));
      case 'full-years': return first(this.fail(e.from, mode), this.fail(e.to, mode));
      case 'list': return first(...e.elements.map((x) => this.fail(x, mode)));
      default: return 'NULL';
    }
  }

  private constant(e: Extract<IrExpr, { kind: 'const' }>, mode: Mode): string | undefined {
    if (mode === 'decimal') return decimalLit(e.value, this.c.d);
    const v = e.repr === 'fen' ? e.fen : e.repr === 'bp' ? e.bp : e.int;
    return v === undefined ? this.refuse({ en: 'a number without its exact integer', zh: '没有精确整数的数' }, e) : big(v);
  }

  /** The step in force on the claim's date (none: NULL, as the engine fails the claim: YR006). */
  private param(name: string, mode: Mode, at: IrExpr): string | undefined {
    const p = this.c.ir.params.find((x) => x.name === name);
    if (!p) return this.refuse({ en: `the parameter ${name}`, zh: `参数 ${name}` }, at);
    const steps = p.steps.map((s) => ({ s, v: this.x(s.value, mode) }));
    if (steps.some((s) => s.v === undefined)) return undefined;
    if (steps.length === 1 && !steps[0]!.s.from && !steps[0]!.s.to) return steps[0]!.v;
    return `(CASE ${steps.map(({ s, v }) => `WHEN ${span(s.from, s.to)} THEN ${v}`).join(' ')} END)`;
  }

  private fact(e: Extract<IrExpr, { kind: 'fact' }>, mode: Mode): string | undefined {
    const { d, amounts } = this.c;
    const fen = (s: string) => (mode === 'int' ? s : `(CAST(${s} AS ${d.decimal(0)}) * 0.01)`);
    const amount = (k: 'in' | 'out' | 'over') => (amounts ? fen(amounts[k]) : this.refuse({ en: 'a claim amount inside an item condition', zh: '明细条件中的理赔金额' }, e));
    const int = (s: string) => (mode === 'int' ? s : `CAST(${s} AS ${d.decimal(0)})`);
    const item = (s: string) => (this.c.item ? s : this.refuse({ en: `the item fact item.${e.field} outside an item condition`, zh: `明细条件以外的 item.${e.field}` }, e));
    switch (`${e.root}.${e.field}`) {
      case 'member.id': return COL.member;
      case 'member.birthDate': return COL.birth;
      case 'member.enrolledSince': return COL.enrolled;
      case 'member.age': return int(fullYearsSql(ymdOf(d, COL.birth), ymdOf(d, COL.date)));
      case 'member.enrolledYears': return int(fullYearsSql(ymdOf(d, COL.enrolled), yearStart()));
      case 'member.enrolledDays': return int(`GREATEST(${d.daysBetween(COL.enrolled, COL.date)}, 0)`);
      case 'claim.id': return COL.id;
      case 'claim.date': return COL.date;
      case 'claim.year': return int(COL.year);
      case 'claim.setting': return COL.setting;
      case 'claim.flags': return COL.flags;
      case 'claim.inPolicySelfPay': return amount('in');
      case 'claim.outOfPolicySelfPay': return amount('out');
      case 'claim.overLimitSelfPay': return amount('over');
      case 'item.code': return item(COL.itemCode);
      case 'item.class': return item(COL.itemClass);
      case 'item.category': return item(COL.itemCategory);
      case 'item.amount': { const s = item(COL.itemFen); return s && fen(s); }
      default: return this.refuse({ en: `the fact ${e.root}.${e.field}`, zh: `事实 ${e.root}.${e.field}` }, e);
    }
  }

  private attribute(e: Extract<IrExpr, { kind: 'attribute' }>, mode: Mode): string | undefined {
    const list = e.on === 'claim' ? this.c.ir.claimAttributes : this.c.ir.attributes;
    const i = list.findIndex((a) => a.name === e.name);
    const col = e.on === 'claim' ? COL.claimAttr(i) : COL.memberAttr(i);
    const t = list[i]?.type;
    if (t === 'money' || t === 'number') return mode === 'decimal' ? `CAST(${col} AS ${this.c.d.decimal(12)})` : this.refuse({ en: 'a numeric attribute on the integer path', zh: '整数路径上的数值属性' }, e);
    return col;
  }

  /** The row of the table whose key cells equal the keys as text (none: NULL, as the engine fails the claim: YR007). */
  private lookup(e: Extract<IrExpr, { kind: 'lookup' }>, mode: Mode): string | undefined {
    const t = this.c.ir.tables.find((x) => x.name === e.table);
    if (!t) return this.refuse({ en: `the table ${e.table}`, zh: `表 ${e.table}` }, e);
    const keys = this.all(e.keys, mode);
    if (!keys) return undefined;
    const cells = e.keys.map((k, i) => keyMatch(k, keys[i]!, mode));
    if (cells.some((m) => m === undefined)) return this.refuse({ en: 'a table key that is a date', zh: '日期作为表键' }, e);
    const value = (row: (typeof t.rows)[number]) => {
      if (mode === 'decimal') return decimalLit(row.value, this.c.d);
      const v = t.valueType === 'money' ? row.fen : undefined;
      return v === undefined ? undefined : big(v);
    };
    const rows = t.rows.map((row) => ({ row, v: value(row) }));
    if (rows.some((x) => x.v === undefined)) return this.refuse({ en: 'a table value that is not whole fen on the integer path', zh: '整数路径上不是整分的表值' }, e);
    return `(CASE ${rows.map(({ row, v }) => `WHEN ${row.keys.map((cell, i) => cells[i]!(cell)).join(' AND ')} THEN ${v}`).join(' ')} END)`;
  }

  private arith(e: Extract<IrExpr, { kind: 'arith' }>, mode: Mode): string | undefined {
    const { d } = this.c;
    if (e.right.type === 'months') return this.refuse({ en: 'months added to a date', zh: '日期加减月数' }, e);
    if (mode === 'decimal' && e.op === '/') return this.refuse({ en: 'a division', zh: '除法' }, e);
    if (mode === 'decimal' && (e.left.type === 'date' || e.right.type === 'date')) return this.refuse({ en: 'date arithmetic on the decimal path', zh: '小数路径上的日期运算' }, e);
    const a = this.all([e.left, e.right], mode);
    if (!a) return undefined;
    const [l, r] = a as [string, string];
    if (e.left.type === 'date' && e.right.type === 'date') return d.daysBetween(r, l);
    if (e.type === 'date') return d.addDays(l, e.op === '-' ? `(-${r})` : r);
    return `(${l} ${e.op} ${r})`;
  }

  private group(name: string, at: IrExpr): string | undefined {
    const g = this.c.ir.groups.find((x) => x.name === name);
    if (!g) return this.refuse({ en: `the group ${name}`, zh: `人群 ${name}` }, at);
    if (g.listed) return this.c.d.contains(COL.groups, text(name));
    return g.condition ? sqlTest(g.condition, { ...this.c, item: false }) : 'FALSE';
  }

  /** A code of the catalogue's version in force on the claim's date. */
  private inCatalogue(name: string, value: IrExpr, mode: Mode, at: IrExpr): string | undefined {
    const cat = this.c.ir.catalogues.find((x) => x.name === name);
    const v = this.x(value, mode);
    if (!cat) return this.refuse({ en: `the catalogue ${name}`, zh: `目录 ${name}` }, at);
    if (v === undefined) return undefined;
    const parts = cat.versions.map((ver) => `(${span(ver.from, ver.to)} AND ${ver.codes.length ? `${v} IN (${ver.codes.map(text).join(', ')})` : 'FALSE'})`);
    return `(${parts.join(' OR ')})`;
  }
}

/** No version of the catalogue is in force on the claim's date (YR006). */
const catalogueFail = (cat: PlanIR['catalogues'][number]) => `(CASE WHEN NOT (${cat.versions.map((v) => `(${span(v.from, v.to)})`).join(' OR ') || 'FALSE'}) THEN ${text(`YR006|${cat.name}`)} END)`;

/**
 * How a key (SQL `k`) equals a key cell, as the engine compares them: as text — text and enumerated
 * values as written, yes/no as true or false, whole numbers in their plain decimal form, decimals
 * without trailing zeros. A cell no value of the key can print as never matches.
 */
function keyMatch(key: IrExpr, k: string, mode: Mode): ((cell: string) => string) | undefined {
  if (key.type === 'text' || key.type === 'enum') return (cell) => `${k} = ${text(cell)}`;
  if (key.type === 'bool') return (cell) => (YES_NO_CELLS[cell] === 'true' ? `(${k} = TRUE)` : YES_NO_CELLS[cell] === 'false' ? `(${k} = FALSE)` : 'FALSE');
  if (key.type === 'date') return undefined;
  const canonical = mode === 'int' ? /^(0|-?[1-9]\d*)$/ : /^(0|-?[1-9]\d*|-?(0|[1-9]\d*)\.\d*[1-9])$/;
  return (cell) => (canonical.test(cell) && cell !== '-0' ? `${k} = ${mode === 'int' ? big(cell) : `CAST(${cell} AS DECIMAL(38, 10))`}` : 'FALSE');
}

/** The claim is dated within the plan's validity (TRUE when the plan has none). */
export const inValidity = (ir: PlanIR) => (ir.header.valid ? `${COL.date} BETWEEN ${dateLit(ir.header.valid.from)} AND ${dateLit(ir.header.valid.to)}` : 'TRUE');

/** The claim falls in a constant waiting period (undefined when the plan has no such period). */
export const waiting = (ir: PlanIR, d: Dialect) => (ir.waiting?.constant !== undefined ? `${d.daysBetween(COL.enrolled, COL.date)} < ${ir.waiting.constant}` : undefined);

/** The claim's date within a span (both days included; an open end is no bound). */
export const span = (from?: string, to?: string) => [from && `${COL.date} >= ${dateLit(from)}`, to && `${COL.date} <= ${dateLit(to)}`].filter(Boolean).join(' AND ') || 'TRUE';

/**
 * The largest money (in yuan) and ratio (as a fraction) a decimal value may have in the query: past
 * them its products could leave BIGINT, so the claim is rejected as too large (YR011) instead.
 */
export const DECIMAL_LIMIT = { fen: '1000000000', bp: '100' } as const;

function root(e: IrExpr, c: ExprCtx, unit: 'fen' | 'bp' | undefined): string | undefined {
  const s = new SqlExpr(c).x(e, e.exact);
  if (s === undefined || e.exact === 'int' || unit === undefined) return s;
  return `(CASE WHEN ABS(${s}) < ${DECIMAL_LIMIT[unit]} THEN CAST(ROUND(${s} * ${unit === 'fen' ? 100 : 10_000}, 0) AS BIGINT) END)`;
}

/** The first of several failures that is not NULL. */
export function firstFail(xs: string[]): string {
  const real = xs.filter((x) => x !== 'NULL');
  return real.length === 0 ? 'NULL' : real.length === 1 ? real[0]! : `COALESCE(${real.join(', ')})`;
}

/** A condition. */
export const sqlTest = (e: IrExpr, c: ExprCtx) => root(e, c, undefined);

/** Why evaluating the expression fails the claim (`CODE|detail…`), or NULL. */
export const sqlFail = (e: IrExpr, c: ExprCtx) => new SqlExpr(c).fail(e, e.exact);

/** Why a slot's value fails the claim (a dated value names the parameter it reads), or NULL. */
export function slotFail(slot: IrMoneySlot | IrRatioSlot, c: ExprCtx): string {
  if ((slot.unit === 'fen' ? (slot as IrMoneySlot).fen : (slot as IrRatioSlot).bp) !== undefined || slot.byDate) return slot.byDate ? sqlFail(slot.expr, c) : 'NULL';
  const f = sqlFail(slot.expr, c);
  if (slot.expr.exact === 'int') return f;
  // A decimal value too large to compute with exactly: YR011, once it computes at all.
  const s = new SqlExpr(c).x(slot.expr, 'decimal');
  const big = s === undefined ? 'NULL' : `(CASE WHEN ABS(${s}) >= ${DECIMAL_LIMIT[slot.unit]} THEN ${text('YR011|')} END)`;
  return f === 'NULL' ? big : `COALESCE(${f}, ${big})`;
}

/** Money in fen or a ratio in basis points, as BIGINT: the constant, the step on the claim's date, or the expression. */
export function sqlSlot(slot: IrMoneySlot | IrRatioSlot, c: ExprCtx): string | undefined {
  const constant = slot.unit === 'fen' ? (slot as IrMoneySlot).fen : (slot as IrRatioSlot).bp;
  if (constant !== undefined) return big(constant);
  const steps = (slot.byDate ?? []) as { from?: string; to?: string; fen?: number; bp?: number }[];
  if (steps.length) return `(CASE ${steps.map((st) => `WHEN ${span(st.from, st.to)} THEN ${big((st.fen ?? st.bp)!)}`).join(' ')} END)`;
  return root(slot.expr, c, slot.unit);
}
