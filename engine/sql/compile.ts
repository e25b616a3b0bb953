// A plan's IR compiled to one SQL query (spec/language.md §34): claims accumulated per member and
// benefit year in date order (ties by claim id) with window functions, each claim paid
// round(P′(after)) − round(P′(before)) in integer fen, as the engine pays it (§16). This first
// dialect is DuckDB's. Every construct the compiler does not handle yet is refused, by name and
// line, before any SQL is written: the backend never returns a wrong answer quietly.
import type { IrBenefit, IrExpr, IrMoneySlot, IrRange, IrRatioSlot, PlanIR } from '../ir/plan';

export interface SqlRefusal { construct: { en: string; zh: string }; line: number; column: number }
export type SqlResult = { sql: string } | { refused: SqlRefusal[] };

/** Table names of the query's inputs. */
export interface SqlTables { members: string; claims: string }

const FIELD: Record<string, string> = { inPolicySelfPay: 'in_policy_self_pay', outOfPolicySelfPay: 'out_of_policy_self_pay', overLimitSelfPay: 'over_limit_self_pay' };

class Refusals {
  readonly list: SqlRefusal[] = [];
  add(en: string, zh: string, at: IrRange): undefined {
    this.list.push({ construct: { en, zh }, line: at.start.line, column: at.start.column });
    return undefined;
  }
}

/** An identifier quoted for SQL: any benefit name, Chinese included. */
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const text = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The plan-wide constructs this compiler does not handle yet. */
function planRefusals(p: PlanIR, r: Refusals): void {
  if (p.header.year.kind !== 'calendar') r.add('a benefit year that is not the calendar year', '非自然年的保障年度', p.header.range);
  if (p.header.rounding.stepFen !== 1 || p.header.rounding.mode !== 'half-up') r.add('rounding other than 0.01 half up', '0.01 四舍五入以外的舍入', p.header.range);
  if (p.waiting) r.add('a waiting period', '等待期', p.waiting.range);
  for (const e of p.exclusions) r.add('an exclusion', '除外', e.range);
  for (const t of p.tilts) r.add('a tilt', '倾斜', t.range);
  for (const s of [...p.sharedDeductibles, ...p.sharedCaps]) r.add('a shared deductible or cap', '共用起付线或封顶线', s.range);
}

/** A money expression of the claim in fen, when it is a sum or difference of claim amounts and constants. */
function amountSql(e: IrExpr, r: Refusals): string | undefined {
  switch (e.kind) {
    case 'const': return e.fen !== undefined ? String(e.fen) : r.add('an amount constant that is not whole fen', '不是整分的金额常数', e.range);
    case 'fact': return e.root === 'claim' && FIELD[e.field] ? `c.${FIELD[e.field]}` : r.add(`the fact ${e.root}.${e.field} in an amount`, `金额中的 ${e.root}.${e.field}`, e.range);
    case 'arith': {
      if (e.op !== '+' && e.op !== '-') return r.add(`"${e.op}" in an amount`, `金额中的“${e.op}”`, e.range);
      const a = amountSql(e.left, r);
      const b = amountSql(e.right, r);
      return a && b ? `(${a} ${e.op} ${b})` : undefined;
    }
    default: return r.add(`an amount of kind "${e.kind}"`, `“${e.kind}”类金额`, e.range);
  }
}

/** A constant in fen or basis points: the slot's value when it is the same on every date. */
function constantOf(slot: IrMoneySlot | IrRatioSlot, r: Refusals, what: { en: string; zh: string }): number | undefined {
  const v = slot.unit === 'fen' ? (slot as IrMoneySlot).fen : (slot as IrRatioSlot).bp;
  return v !== undefined ? v : r.add(`${what.en} that is not a constant`, `不是常数的${what.zh}`, slot.expr.range);
}

const EDGE = { en: 'a band edge', zh: '分段界限' };

/** G(v) in fen × basis points for SQL expression v: Σ rᵢ·clamp(v − loᵢ, 0, hiᵢ − loᵢ). */
const bandedSum = (v: string, bands: { lo: number; hi?: number; bp: number }[]) =>
  bands.map((b) => `${b.bp} * ${b.hi === undefined ? `GREATEST(${v} - ${b.lo}, 0)` : `LEAST(GREATEST(${v} - ${b.lo}, 0), ${b.hi - b.lo})`}`).join(' + ') || '0';

/** P′(A) in fen × basis points, as SQL over the annual amount A (fen), for one benefit. */
function payoutSql(b: IrBenefit, r: Refusals): ((a: string) => string) | undefined {
  let d = 0;
  if (b.deductible) {
    if (b.deductible.kind !== 'own' || b.deductible.period !== 'year') return r.add('a deductible that is not the benefit\'s own, per year', '非本责任每年的起付线', b.deductible.range);
    const v = constantOf(b.deductible.value, r, { en: 'a deductible', zh: '起付线' });
    if (v === undefined) return undefined;
    d = v;
  }
  let cap: number | undefined;
  if (b.cap) {
    if (b.cap.kind !== 'own' || b.cap.period !== 'year') return r.add('a cap that is not the benefit\'s own, per year', '非本责任每年的封顶线', b.cap.range);
    cap = constantOf(b.cap.value, r, { en: 'a cap', zh: '封顶线' });
    if (cap === undefined) return undefined;
  }
  const x = (a: string) => `GREATEST(${a} - ${d}, 0)`;
  const p = b.payout;
  let f: (a: string) => string;
  if (p.kind === 'ratio') {
    const bp = constantOf(p.ratio, r, { en: 'a ratio', zh: '比例' });
    if (bp === undefined) return undefined;
    f = (a) => `${bp} * ${x(a)}`;
  } else if (p.kind === 'banded') {
    const bands = p.bands.map((band) => ({ lo: constantOf(band.from, r, EDGE), hi: band.to ? constantOf(band.to, r, EDGE) : undefined, bp: constantOf(band.ratio, r, { en: 'a band ratio', zh: '分段比例' }) }));
    if (bands.some((x) => x.lo === undefined || x.bp === undefined || (x.hi === undefined && bands.indexOf(x) !== bands.length - 1))) return undefined;
    const bs = bands as { lo: number; hi?: number; bp: number }[];
    f = p.basis === 'above-deductible' ? (a) => `(${bandedSum(x(a), bs)})` : (a) => `(${bandedSum(a, bs)} - (${bandedSum(`LEAST(${a}, ${d})`, bs)}))`;
  } else return r.add('a whole-amount schedule', '全额累进', p.range);
  return cap === undefined ? f : (a) => `LEAST(${f(a)}, ${cap * 10_000})`;
}

/** Half up to the fen, for a non-negative value in fen × basis points. */
const roundFen = (v: string) => `((${v} + 5000) // 10000)`;

/**
 * The query: one row per claim that is settled (id, member, date, `payout_fen` and each benefit's
 * `NAME_fen`, integers of fen), in member, date and id order. Claims outside the plan's validity pay 0.
 */
export function compileSql(p: PlanIR, tables: SqlTables = { members: 'members', claims: 'claims' }): SqlResult {
  const r = new Refusals();
  planRefusals(p, r);
  const benefits = p.benefits.map((b) => ({ b, amount: amountSql(b.amount.value.expr, r), pay: payoutSql(b, r) }));
  if (r.list.length) return { refused: r.list };
  const valid = p.header.valid ? `c.date BETWEEN DATE ${text(p.header.valid.from)} AND DATE ${text(p.header.valid.to)}` : 'TRUE';
  const cols = benefits.map(({ b, amount }, i) => {
    const settings = b.settings ? `c.setting IN (${b.settings.map(text).join(', ')})` : 'TRUE';
    return `CASE WHEN ${valid} AND ${settings} THEN GREATEST(${amount}, 0) ELSE 0 END AS a${i}`;
  });
  const acc = benefits.map((_, i) => `SUM(a${i}) OVER w AS a${i}_after`);
  const pays = benefits.map(({ b, pay }, i) => `GREATEST(${roundFen(pay!(`a${i}_after`))} - ${roundFen(pay!(`(a${i}_after - a${i})`))}, 0) AS ${ident(b.name)}`);
  const total = benefits.map(({ b }) => ident(b.name)).join(' + ') || '0';
  return {
    sql: `-- ${p.header.name}: compiled from the plan IR (spec/language.md §34)
WITH c AS (
  SELECT id, member, date, setting,
    CAST(COALESCE(CAST(in_policy_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS in_policy_self_pay,
    CAST(COALESCE(CAST(out_of_policy_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS out_of_policy_self_pay,
    CAST(COALESCE(CAST(over_limit_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS over_limit_self_pay
  FROM ${tables.claims}
  -- A claim of a member the members table does not have is not settled (the engine rejects it).
  WHERE member IN (SELECT id FROM ${tables.members})
),
amounts AS (
  SELECT c.id, c.member, c.date, year(c.date) AS y,
    ${cols.join(',\n    ')}
  FROM c
),
accumulated AS (
  SELECT *, ${acc.join(', ')}
  FROM amounts
  WINDOW w AS (PARTITION BY member, y ORDER BY date, id ROWS UNBOUNDED PRECEDING)
),
paid AS (
  SELECT id, member, date, ${pays.join(',\n    ')}
  FROM accumulated
)
SELECT id, member, date, ${total} AS payout_fen, ${benefits.map(({ b }) => `${ident(b.name)} AS ${ident(`${b.name}_fen`)}`).join(', ')}
FROM paid
ORDER BY member, date, id`,
  };
}
