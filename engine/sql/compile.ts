// A plan's IR compiled to one SQL query (spec/language.md §34): claims accumulated per member and
// benefit year in date order (ties by claim id) with window functions, each claim paid
// round(P′(after)) − round(P′(before)) in integer fen, as the engine pays it (§16). DuckDB runs
// it embedded; Spark SQL and Trino get the same query in their spelling. Every construct the
// compiler does not handle yet is refused, by name and line, before any SQL is written: the backend
// never returns a wrong answer quietly.
import type { IrBenefit, IrExpr, IrMoneySlot, IrRange, IrRatioSlot, PlanIR } from '../ir/plan';

export interface SqlRefusal { construct: { en: string; zh: string }; line: number; column: number }
export type SqlResult = { sql: string } | { refused: SqlRefusal[] };

/** Table names of the query's inputs. */
export interface SqlTables { members: string; claims: string }

/** What differs between the dialects: quoting names, exact integer division, the year of a date. */
interface Dialect { quote: (s: string) => string; div: (a: string, b: number) => string; contains: (list: string, item: string) => string }

export const DIALECTS = {
  duckdb: { quote: (s: string) => `"${s.replace(/"/g, '""')}"`, div: (a: string, b: number) => `(${a} // ${b})`, contains: (l: string, x: string) => `list_contains(${l}, ${x})` },
  // BIGINT / BIGINT is integer division in Trino; truncation is the floor on these non-negative values.
  trino: { quote: (s: string) => `"${s.replace(/"/g, '""')}"`, div: (a: string, b: number) => `(${a} / ${b})`, contains: (l: string, x: string) => `contains(${l}, ${x})` },
  // Spark's "/" is a double: an exact decimal floor instead.
  spark: { quote: (s: string) => `\`${s.replace(/`/g, '``')}\``, div: (a: string, b: number) => `CAST(FLOOR(CAST(${a} AS DECIMAL(38, 0)) / ${b}) AS BIGINT)`, contains: (l: string, x: string) => `array_contains(${l}, ${x})` },
} satisfies Record<string, Dialect>;
export type SqlDialect = keyof typeof DIALECTS;

const FIELD: Record<string, string> = { inPolicySelfPay: 'in_policy_self_pay', outOfPolicySelfPay: 'out_of_policy_self_pay', overLimitSelfPay: 'over_limit_self_pay' };

class Refusals {
  readonly list: SqlRefusal[] = [];
  add(en: string, zh: string, at: IrRange): undefined {
    this.list.push({ construct: { en, zh }, line: at.start.line, column: at.start.column });
    return undefined;
  }
}

const text = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The plan-wide constructs this compiler does not handle yet. */
function planRefusals(p: PlanIR, r: Refusals): void {
  if (p.header.year.kind !== 'calendar') r.add('a benefit year that is not the calendar year', '非自然年的保障年度', p.header.range);
  if (p.header.rounding.stepFen !== 1 || p.header.rounding.mode !== 'half-up') r.add('rounding other than 0.01 half up', '0.01 四舍五入以外的舍入', p.header.range);
  if (p.waiting) r.add('a waiting period', '等待期', p.waiting.range);
  for (const e of p.exclusions.filter((x) => x.level === 'item')) r.add('an item exclusion', '明细除外', e.range);
  for (const t of p.tilts) r.add('a tilt', '倾斜', t.range);
}

/** A money expression of the claim in fen, when it is a sum or difference of claim amounts and constants. */
function amountSql(e: IrExpr, r: Refusals): string | undefined {
  switch (e.kind) {
    case 'const': return e.fen !== undefined ? `CAST(${e.fen} AS BIGINT)` : r.add('an amount constant that is not whole fen', '不是整分的金额常数', e.range);
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

/** A claim exclusion's condition as SQL: flags, the care setting, and, or, not. */
function conditionSql(e: IrExpr, r: Refusals, d: Dialect): string | undefined {
  const flag = (x: IrExpr) => (x.kind === 'symbol' && x.symbol === 'flag' ? text(x.id) : undefined);
  const isFlags = (x: IrExpr) => x.kind === 'fact' && x.root === 'claim' && x.field === 'flags';
  switch (e.kind) {
    case 'bool': return e.value ? 'TRUE' : 'FALSE';
    case 'has': return isFlags(e.flags) && flag(e.flag) ? d.contains('c.flags', flag(e.flag)!) : r.add('a flag test on something else than the claim\'s flags', '对理赔标记以外的标记判断', e.range);
    case 'has-any': {
      const items = e.list.kind === 'list' ? e.list.elements.map(flag) : [];
      return isFlags(e.flags) && items.length && !items.includes(undefined) ? `(${items.map((x) => d.contains('c.flags', x!)).join(' OR ')})` : r.add('a flag test on something else than a list of flags', '对标记列表以外的判断', e.range);
    }
    case 'compare': {
      const setting = e.left.kind === 'fact' && e.left.root === 'claim' && e.left.field === 'setting' && e.right.kind === 'symbol' && e.right.symbol === 'setting' ? text(e.right.id) : undefined;
      return setting && (e.op === '=' || e.op === '!=') ? `(c.setting ${e.op === '=' ? '=' : '<>'} ${setting})` : r.add('a comparison other than of the care setting', '就医类别以外的比较', e.range);
    }
    case 'logic': {
      const a = conditionSql(e.left, r, d);
      const b = conditionSql(e.right, r, d);
      return a && b ? `(${a} ${e.op.toUpperCase()} ${b})` : undefined;
    }
    case 'not': {
      const a = conditionSql(e.operand, r, d);
      return a && `(NOT ${a})`;
    }
    default: return r.add(`a condition of kind "${e.kind}"`, `“${e.kind}”类条件`, e.range);
  }
}

/**
 * A value in fen or basis points as SQL: the constant, or the step in force on the claim's date when
 * the value is dated (a claim dated in no step is not settled, as the engine rejects it: YR006).
 */
function valueOf(slot: IrMoneySlot | IrRatioSlot, r: Refusals, what: { en: string; zh: string }): string | undefined {
  const constant = slot.unit === 'fen' ? (slot as IrMoneySlot).fen : (slot as IrRatioSlot).bp;
  // BIGINT: fen times basis points passes the 32-bit integers literals would be.
  if (constant !== undefined) return `CAST(${constant} AS BIGINT)`;
  const steps = (slot.byDate ?? []) as { from?: string; to?: string; fen?: number; bp?: number }[];
  if (!steps.length) return r.add(`${what.en} that depends on the member or the claim`, `取决于参保人或理赔的${what.zh}`, slot.expr.range);
  const when = steps.map((st) => {
    const cond = [st.from && `date >= DATE ${text(st.from)}`, st.to && `date <= DATE ${text(st.to)}`].filter(Boolean).join(' AND ') || 'TRUE';
    return `WHEN ${cond} THEN CAST(${st.fen ?? st.bp} AS BIGINT)`;
  });
  return `(CASE ${when.join(' ')} END)`;
}

const EDGE = { en: 'a band edge', zh: '分段界限' };

interface Band { lo: string; hi?: string; bp: string }

/** G(v) in fen × basis points for SQL expression v: Σ rᵢ·clamp(v − loᵢ, 0, hiᵢ − loᵢ). */
const bandedSum = (v: string, bands: Band[]) =>
  bands.map((b) => `${b.bp} * ${b.hi === undefined ? `GREATEST(${v} - ${b.lo}, 0)` : `LEAST(GREATEST(${v} - ${b.lo}, 0), ${b.hi} - ${b.lo})`}`).join(' + ') || '0';

/** r(v)·x: the ratio of the band that holds v (0 outside every band), times x. */
const wholeAmount = (v: string, x: string, bands: Band[]) =>
  `(CASE ${bands.map((b) => `WHEN ${v} >= ${b.lo}${b.hi === undefined ? '' : ` AND ${v} < ${b.hi}`} THEN ${b.bp}`).join(' ')} ELSE 0 END) * ${x}`;

/**
 * How a benefit pays, as SQL builders: its own deductible (per year or per claim), `p` P′(A, X) in
 * fen × basis points (§16.3) with an annual cap inside, and a cap per claim in fen.
 */
interface Payout { deductible?: { per: 'year' | 'claim'; value: string }; p: (a: string, x: string) => string; claimCap?: string }

function payoutOf(b: IrBenefit, r: Refusals): Payout | undefined {
  const out: Partial<Payout> = {};
  if (b.deductible) {
    if (b.deductible.kind !== 'own') return r.add('a shared deductible', '共用起付线', b.deductible.range);
    const v = valueOf(b.deductible.value, r, { en: 'a deductible', zh: '起付线' });
    if (v === undefined) return undefined;
    out.deductible = { per: b.deductible.period, value: v };
  }
  let annualCap: string | undefined;
  if (b.cap) {
    if (b.cap.kind !== 'own') return r.add('a shared cap', '共用封顶线', b.cap.range);
    const v = valueOf(b.cap.value, r, { en: 'a cap', zh: '封顶线' });
    if (v === undefined) return undefined;
    if (b.cap.period === 'year') annualCap = v;
    else out.claimCap = v;
  }
  const p = b.payout;
  let f: (a: string, x: string) => string;
  if (p.kind === 'ratio') {
    const bp = valueOf(p.ratio, r, { en: 'a ratio', zh: '比例' });
    if (bp === undefined) return undefined;
    f = (_a, x) => `${bp} * ${x}`;
  } else {
    const bands = p.bands.map((band) => ({ lo: valueOf(band.from, r, EDGE), hi: band.to ? valueOf(band.to, r, EDGE) : undefined, bp: valueOf(band.ratio, r, { en: 'a band ratio', zh: '分段比例' }) }));
    if (bands.some((x, i) => x.lo === undefined || x.bp === undefined || (x.hi === undefined && p.bands[i]!.to !== undefined))) return undefined;
    const bs = bands as Band[];
    if (p.kind === 'banded') f = p.basis === 'above-deductible' ? (_a, x) => `(${bandedSum(x, bs)})` : (a, x) => `(${bandedSum(a, bs)} - (${bandedSum(`(${a} - ${x})`, bs)}))`;
    else f = p.basis === 'above-deductible' ? (_a, x) => wholeAmount(x, x, bs) : (a, x) => wholeAmount(a, x, bs);
  }
  out.p = annualCap === undefined ? f : (a, x) => `LEAST(${f(a, x)}, ${annualCap} * 10000)`;
  return out as Payout;
}

/** Each claim's year of a member, in date order and then by claim id, up to the claim itself. */
const WINDOW = '(PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)';

/** Half up to the fen, for a non-negative value in fen × basis points. */
const roundFen = (d: Dialect, v: string) => d.div(`(${v} + 5000)`, 10_000);

/**
 * The query: one row per claim that is settled (id, member, date, `payout_fen` and each benefit's
 * `NAME_fen`, integers of fen), in member, date and id order. Claims outside the plan's validity pay 0.
 */
export function compileSql(p: PlanIR, dialect: SqlDialect = 'duckdb', tables: SqlTables = { members: 'members', claims: 'claims' }): SqlResult {
  const D: Dialect = DIALECTS[dialect];
  const ident = D.quote;
  const r = new Refusals();
  planRefusals(p, r);
  const benefits = p.benefits.map((b) => ({ b, amount: amountSql(b.amount.value.expr, r), pay: payoutOf(b, r) }));
  if (r.list.length) return { refused: r.list };
  const excluded = p.exclusions.filter((x) => x.level === 'claim').map((x) => conditionSql(x.condition, r, D));
  if (r.list.length) return { refused: r.list };
  // A claim outside the validity or excluded as a whole pays nothing and adds nothing to the year.
  const inForce = p.header.valid ? `c.date BETWEEN DATE ${text(p.header.valid.from)} AND DATE ${text(p.header.valid.to)}` : 'TRUE';
  // NULL flags (none given) exclude nothing: a condition that is NULL is not true.
  const valid = excluded.length ? `${inForce} AND NOT COALESCE(${excluded.join(' OR ')}, FALSE)` : inForce;
  const cols = benefits.map(({ b, amount }, i) => {
    const settings = b.settings ? `c.setting IN (${b.settings.map(text).join(', ')})` : 'TRUE';
    return `CASE WHEN ${valid} AND ${settings} THEN GREATEST(${amount}, 0) ELSE 0 END AS a${i}`;
  });
  // The annual amount after each claim, and for a per-claim deductible the part past it so far.
  const acc = benefits.flatMap(({ pay }, i) => [
    `SUM(a${i}) OVER ${WINDOW} AS a${i}_after`,
    ...(pay!.deductible?.per === 'claim' ? [`SUM(a${i} - LEAST(a${i}, ${pay!.deductible.value})) OVER ${WINDOW} AS x${i}_after`] : []),
  ]);
  const pays = benefits.map(({ b, pay }, i) => {
    const d = pay!.deductible;
    const a1 = `a${i}_after`;
    const a0 = `(a${i}_after - a${i})`;
    const past = (a: string) => (d ? `GREATEST(${a} - ${d.value}, 0)` : a);
    const [x1, x0] = d?.per === 'claim' ? [`x${i}_after`, `(x${i}_after - (a${i} - LEAST(a${i}, ${d.value})))`] : [past(a1), past(a0)];
    const diff = `GREATEST(${roundFen(D, pay!.p(a1, x1))} - ${roundFen(D, pay!.p(a0, x0))}, 0)`;
    return `${pay!.claimCap ? `LEAST(${diff}, ${pay!.claimCap})` : diff} AS ${ident(b.name)}`;
  });
  const total = benefits.map(({ b }) => ident(b.name)).join(' + ') || '0';
  return {
    sql: `-- ${p.header.name}: compiled from the plan IR for ${dialect} (spec/language.md §34)
WITH c AS (
  SELECT id, member, date, setting,${p.exclusions.length ? ' flags,' : ''}
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
  SELECT *, ${acc.join(',\n    ')}
  FROM amounts
),
paid AS (
  SELECT id, member, date, ${pays.join(',\n    ')}
  FROM accumulated
)
SELECT id, member, date, (${total}) AS payout_fen, ${benefits.map(({ b }) => `${ident(b.name)} AS ${ident(`${b.name}_fen`)}`).join(', ')}
FROM paid
ORDER BY member, date, id`,
  };
}
