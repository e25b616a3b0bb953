// A plan's IR compiled to one SQL query (spec/language.md §34): claims joined with their members,
// items summed per claim, each benefit's terms (tilts applied) per claim, then the year's amounts
// accumulated per member and benefit year in date order (ties by claim id) with window functions,
// each claim paid round(P′(after)) − round(P′(before)) in integer fen, as the engine pays it
// (§16). Shared deductibles and caps, and annual caps, are consumed in closed form:
// min(limit, running sum). Every construct the compiler does not handle is refused, by name and
// line, before any SQL is written: the backend never returns a wrong answer quietly.
import type { IrBenefit, IrItems, PlanIR } from '../ir/plan';
import { DIALECTS, big, text, type Dialect, type SqlDialect } from './dialect';
import { COL, DECIMAL_LIMIT, inValidity, sqlSlot, sqlTest, waiting, yearOfSql, type ExprCtx } from './expr';
import { hiddenCol, itemCol, itemCtes, itemNodes, readsItems, whereFailCol, whereFailing } from './items';
import { payoutFn, roundSql, type SqlBand } from './payout';
import { evaluationError, requestError } from './errors';
import { Refusals, type SqlRefusal } from './refusals';
import { stableSlot, stableTilts } from './stable';
import { tiltCol, tiltStages, type TiltedValue } from './tilts';

export { DIALECTS, type SqlDialect } from './dialect';
export type { SqlRefusal } from './refusals';
/**
 * The query, and for a plan with item exclusions a second one over the same tables: each item an
 * item exclusion removes from a settled claim (claim, position, code, fen, which exclusion).
 */
export type SqlResult = { sql: string; excludedItems?: string } | { refused: SqlRefusal[] };

/** Table names of the query's inputs. */
export interface SqlTables { members: string; claims: string; items: string }
export const DEFAULT_TABLES: SqlTables = { members: 'members', claims: 'claims', items: 'items' };

/** Each claim's year of a member, in date order and then by claim id, up to the claim itself. */
const windowOf = (d: Dialect) => `OVER (PARTITION BY ${COL.member}, ${COL.year} ORDER BY ${COL.date}, ${d.ordered(COL.id)} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

/** members and claims joined, amounts in fen, the benefit year and its first month and day. */
function inputCtes(ir: PlanIR, d: Dialect, t: SqlTables): string[] {
  const q = d.quote;
  const attrs = ir.attributes.map((a, i) => `, ${q(a.name)} AS ${COL.memberAttr(i)}`).join('');
  const claimAttrs = ir.claimAttributes.map((a, i) => `, c.${q(a.name)} AS ${COL.claimAttr(i)}`).join('');
  const groups = ir.groups.some((g) => g.listed) ? `, ${q('groups')} AS ${COL.groups}` : '';
  // Flags are always read: an unknown one rejects the claim (YR008) whether the plan tests flags or not.
  const flags = `, c.flags AS ${COL.flags}`;
  // A class total left out is the sum of the claim's items of that class (spec §20.1), as in a request.
  const fen = (col: string, cls?: 'in' | 'out') => `CAST(COALESCE(CAST(c.${col} AS ${d.decimal(2)})${cls ? `, s.sum_${cls}` : ''}, 0) * 100 AS BIGINT)`;
  // As given, with every decimal the table holds: an amount past the fen is rejected (YR001), not rounded.
  const given = ['in_policy_self_pay', 'out_of_policy_self_pay', 'over_limit_self_pay'].map((col) => `CAST(c.${col} AS ${d.decimal(6)}) AS given_${col}`).join(', ');
  const y = ir.header.year;
  const anchor = y.kind === 'calendar' ? undefined : y.kind === 'from' ? { m: String(Number(y.from.slice(5, 7))), d: String(Number(y.from.slice(8, 10))) } : { m: d.month(COL.enrolled), d: d.day(COL.enrolled) };
  const year = anchor ? `${yearOfSql(d, COL.date, anchor)} AS ${COL.year}, ${anchor.m} AS ${COL.yearStartMonth}, ${anchor.d} AS ${COL.yearStartDay}` : `${d.year(COL.date)} AS ${COL.year}, 1 AS ${COL.yearStartMonth}, 1 AS ${COL.yearStartDay}`;
  return [
    `m AS (\n  SELECT id AS mid, birth_date AS ${COL.birth}, enrolled_since AS ${COL.enrolled}${groups}${attrs}\n  FROM ${t.members}\n)`,
    // Per claim: its items' sums by class, and the first item (by position) whose amount or class a request would refuse.
    `isum AS (
  SELECT claim AS sum_claim, SUM(CASE WHEN class = 'in' THEN CAST(amount AS ${d.decimal(2)}) ELSE 0 END) AS sum_in,
    SUM(CASE WHEN class = 'out' THEN CAST(amount AS ${d.decimal(2)}) ELSE 0 END) AS sum_out,
    MIN(CASE WHEN amount IS NULL OR CAST(amount AS ${d.decimal(6)}) < 0 OR CAST(amount AS ${d.decimal(6)}) >= ${DECIMAL_LIMIT.fen} OR CAST(amount AS ${d.decimal(6)}) <> CAST(amount AS ${d.decimal(2)}) THEN position END) AS bad_item_amount,
    MIN(CASE WHEN class IS NULL OR class NOT IN ('in', 'out') THEN position END) AS bad_item_class
  FROM ${t.items}
  GROUP BY claim
)`,
    // Every claim goes on: one of a member the members table does not have is an error (YR002).
    `c0 AS (
  SELECT c.id AS ${COL.id}, c.member AS ${COL.member}, c.date AS ${COL.date}, c.setting AS ${COL.setting}${flags}${claimAttrs},
    ${fen('in_policy_self_pay', 'in')} AS in_fen, ${fen('out_of_policy_self_pay', 'out')} AS out_fen, ${fen('over_limit_self_pay')} AS over_fen,
    ${given}, s.sum_in AS isum_in, s.sum_out AS isum_out, s.bad_item_amount, s.bad_item_class, m.*
  FROM ${t.claims} c LEFT JOIN m ON m.mid = c.member LEFT JOIN isum s ON s.sum_claim = c.id
)`,
    `c1 AS (\n  SELECT *, ${year}\n  FROM c0\n)`,
  ];
}

/** Whether the claim is settled at all: in the validity, past the waiting period, no claim exclusion. */
function settled(ir: PlanIR, c: ExprCtx): string {
  const parts: string[] = [];
  if (ir.header.valid) parts.push(inValidity(ir));
  if (ir.waiting) {
    const still = waiting(ir, c.d);
    if (still === undefined) c.r.add('a waiting period that is not a constant number of days', '不是固定天数的等待期', ir.waiting.range);
    else parts.push(`NOT (${still})`);
  }
  // A condition that is NULL (no flags given) excludes nothing.
  const rules = ir.exclusions.filter((x) => x.level === 'claim').map((x) => sqlTest(x.condition, c));
  if (rules.length) parts.push(`NOT COALESCE(${rules.join(' OR ')}, FALSE)`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/**
 * Which exclusion took the whole claim: 0 the validity, 1 the waiting period, 2 + k the k-th claim
 * exclusion; NULL when none did (or the claim is rejected).
 */
function exclusionOf(ir: PlanIR, c: ExprCtx): string {
  const cases: string[] = [];
  if (ir.header.valid) cases.push(`WHEN NOT (${inValidity(ir)}) THEN 0`);
  const still = waiting(ir, c.d);
  if (still !== undefined) cases.push(`WHEN ${still} THEN 1`);
  ir.exclusions.filter((x) => x.level === 'claim').forEach((x, k) => cases.push(`WHEN COALESCE(${sqlTest(x.condition, c)}, FALSE) THEN ${k + 2}`));
  return cases.length ? `CASE WHEN rq IS NOT NULL THEN NULL ${cases.join(' ')} END` : 'CAST(NULL AS INTEGER)';
}

/** A benefit's view of the claim: amounts net of excluded items and of the items it must not see; its selections. */
function viewOf(b: IrBenefit, net: ExprCtx, nodes: IrItems[][]): ExprCtx {
  const i = b.index;
  return {
    ...net,
    amounts: b.excluding.length ? { in: `GREATEST(net_in - ${hiddenCol(i, 'in')}, 0)`, out: `GREATEST(net_out - ${hiddenCol(i, 'out')}, 0)`, over: 'over_fen' } : net.amounts,
    items: (n) => itemCol(i, nodes[i]!.indexOf(n)),
  };
}

const applies = (b: IrBenefit) => `ok AND ${b.settings ? `${COL.setting} IN (${b.settings.map(text).join(', ')})` : 'TRUE'}`;

/** A benefit's values before tilts, each a column named for it, and the values tilts may change. */
interface Terms { cols: string[]; tilted: TiltedValue[] }

function benefitTerms(b: IrBenefit, ir: PlanIR, c: ExprCtx, out: Terms): void {
  const i = b.index;
  const col = (name: string, s: string | undefined, v?: Omit<TiltedValue, 'col'>) => {
    if (s === undefined) return;
    out.cols.push(`${s} AS ${name}`);
    if (v) out.tilted.push({ col: name, ...v });
  };
  const lim = b.deductible;
  if (lim?.kind === 'own') col(`d_${i}`, sqlSlot(lim.value, c), { target: 'deductible', scope: b.name });
  if (b.cap?.kind === 'own') {
    if (b.cap.period === 'year' && !(stableSlot(ir, b.cap.value) && stableTilts(ir, 'cap', b.name))) c.r.add('an annual cap that may change within a benefit year', '年度内可能变化的年度封顶线', b.cap.range);
    col(b.cap.period === 'year' ? `cy_${i}` : `cc_${i}`, sqlSlot(b.cap.value, c), { target: 'cap', scope: b.name });
  }
  const p = b.payout;
  if (p.kind === 'ratio') col(`r_${i}`, sqlSlot(p.ratio, c), { target: 'ratio', scope: b.name });
  else {
    p.bands.forEach((band, k) => {
      col(`lo_${i}_${k}`, sqlSlot(band.from, c));
      if (band.to) col(`hi_${i}_${k}`, sqlSlot(band.to, c));
      col(`r_${i}_${k}`, sqlSlot(band.ratio, c), { target: 'ratio', scope: b.name });
    });
  }
}

function poolTerms(ir: PlanIR, c: ExprCtx, out: Terms): void {
  const pools = [['deductible', ir.sharedDeductibles, 'pd'], ['cap', ir.sharedCaps, 'pc']] as const;
  for (const [target, list, prefix] of pools) {
    list.forEach((pool, k) => {
      if (!(stableSlot(ir, pool.value) && stableTilts(ir, target, pool.name))) c.r.add(`a shared ${target} that may change within a benefit year`, target === 'cap' ? '年度内可能变化的共用封顶线' : '年度内可能变化的共用起付线', pool.range);
      const s = sqlSlot(pool.value, c);
      if (s !== undefined) {
        out.cols.push(`${s} AS ${prefix}_${k}`);
        out.tilted.push({ col: `${prefix}_${k}`, target, scope: pool.name });
      }
    });
  }
}

/** The plan-wide constructs this compiler does not handle. */
function planRefusals(p: PlanIR, r: Refusals): void {
  if (p.header.year.kind === 'anniversary' && p.waiting) r.add('a waiting period with enrolment-anniversary years', '按参保周年计年度时的等待期', p.waiting.range);
}

/**
 * The query: one row per claim of a known member (id, member, date, `payout_fen`, and per benefit
 * `NAME_fen`, `NAME_eligible_fen`, `NAME_deductible_fen`: integers of fen), in member, date and id
 * order. A claim that is not settled (outside the validity, waiting, excluded) pays 0.
 */
export function compileSql(ir: PlanIR, dialect: SqlDialect = 'duckdb', tables: Partial<SqlTables> = {}): SqlResult {
  const t = { ...DEFAULT_TABLES, ...tables };
  const d: Dialect = DIALECTS[dialect];
  const r = new Refusals();
  planRefusals(ir, r);
  const base: ExprCtx = { d, r, ir, amounts: { in: 'in_fen', out: 'out_fen', over: 'over_fen' } };
  const ok = settled(ir, base);
  const nodes: IrItems[][] = ir.benefits.map((b) => itemNodes(b.amount.value.expr, base));
  const withItems = readsItems(ir, nodes);
  const ctes = inputCtes(ir, d, t);
  ctes.push(`c1r AS (\n  SELECT *, ${requestError(ir, base)} AS rq\n  FROM c1\n)`, `c2 AS (\n  SELECT *, rq IS NULL AND ${ok} AS ok, ${exclusionOf(ir, base)} AS excl\n  FROM c1r\n)`);
  if (withItems) ctes.push(...itemCtes(ir, nodes, 'c2', t.items, applies, base));
  const excludedItems = withItems && ir.exclusions.some((x) => x.level === 'item') ? excludedItemsSql(ir, ctes.slice(0, ctes.findIndex((x) => x.startsWith('it0 AS')) + 1), base) : undefined;
  const sums = withItems ? ['n_items', 'ex_in', 'ex_out', ...ir.benefits.flatMap((b) => [...nodes[b.index]!.map((_, k) => itemCol(b.index, k)), ...(b.excluding.length ? [hiddenCol(b.index, 'in'), hiddenCol(b.index, 'out')] : [])])] : [];
  ctes.push(`c3 AS (
  SELECT c2.*${sums.map((s) => `, COALESCE(${s}, 0) AS ${s}`).join('')},
    ${withItems ? 'GREATEST(in_fen - COALESCE(ex_in, 0), 0)' : 'in_fen'} AS net_in, ${withItems ? 'GREATEST(out_fen - COALESCE(ex_out, 0), 0)' : 'out_fen'} AS net_out
    ${withItems ? `, ia.item_fail${whereFailing(ir, nodes).map((b) => `, ia.${whereFailCol(b.index)}`).join('')}` : ''}
  FROM c2${withItems ? ' LEFT JOIN ia ON ia.ia_id = c2.id' : ''}
)`);
  const net: ExprCtx = { ...base, amounts: { in: 'net_in', out: 'net_out', over: 'over_fen' } };
  const terms: Terms = { cols: [], tilted: [] };
  ir.tilts.forEach((tilt, j) => {
    const g = tilt.groups.map((name) => sqlTest({ kind: 'in-groups', groups: [name], type: 'bool', exact: 'int', range: tilt.range }, net));
    if (g.every((s) => s !== undefined)) terms.cols.push(`COALESCE(${g.join(' OR ')}, FALSE) AS ${tiltCol(j)}`);
  });
  poolTerms(ir, net, terms);
  const views = ir.benefits.map((b) => viewOf(b, net, nodes));
  for (const b of ir.benefits) {
    const i = b.index;
    const view = views[i]!;
    const amount = sqlSlot(b.amount.value, view);
    terms.cols.push(`${applies(b)} AS ap_${i}`, `CASE WHEN ${applies(b)} THEN GREATEST(${amount}, 0) ELSE 0 END AS a_${i}`);
    benefitTerms(b, ir, net, terms);
  }
  ctes.push(`k0 AS (\n  SELECT *, ${terms.cols.join(',\n    ')}\n  FROM c3\n)`);
  const whereFails = new Set(withItems ? whereFailing(ir, nodes).map((b) => b.index) : []);
  ctes.push(`e0 AS (\n  SELECT *, ${evaluationError(ir, net, (b) => views[b.index]!, withItems, whereFails)} AS ev\n  FROM k0\n)`);
  const stages = tiltStages(ir, terms.tilted, 'e0', net);
  if (r.list.length || !stages) return { refused: r.list };
  ctes.push(...stages.ctes);
  // Only what the windows need goes on: every window sorts its rows, and narrow rows sort faster.
  // A rejected claim adds nothing to its member's year: no benefit applies to it.
  const rejected = (n: string) => (/^a_\d+$/.test(n) ? `CASE WHEN rq IS NULL AND ev IS NULL THEN ${n} ELSE 0 END AS ${n}` : /^ap_\d+$/.test(n) ? `(${n} AND rq IS NULL AND ev IS NULL) AS ${n}` : n);
  const keep = [COL.id, COL.member, COL.date, COL.year, 'COALESCE(rq, ev) AS err', 'CASE WHEN ev IS NULL THEN excl END AS excl', 'in_fen + out_fen + over_fen AS total_fen', ...terms.cols.map((c) => / AS (\w+)$/.exec(c)![1]!).filter((n) => !n.startsWith('t_')).map((n) => rejected(stages.final.get(n) ?? n))];
  ctes.push(`k AS (\n  SELECT ${[...new Set(keep)].join(', ')}\n  FROM ${stages.last}\n)`);
  const v = (col: string) => stages.final.get(col) ?? col;
  ctes.push(...settlement(ir, d, v, 'k'));
  const head = `-- ${ir.header.name}: compiled from the plan IR for ${dialect} (spec/language.md §34)\n`;
  return { sql: `${head}WITH ${ctes.join(',\n')}\n${finalSelect(ir, d)}`, ...(excludedItems ? { excludedItems: head + excludedItems } : {}) };
}

/** The windows and payouts, from the CTE `from` that holds every term (`v` names a term's final column). */
function settlement(ir: PlanIR, d: Dialect, v: (col: string) => string, from: string): string[] {
  const poolOf = (list: PlanIR['sharedDeductibles'], name: string) => list.findIndex((x) => x.name === name);
  // A running sum over the member's year, as BIGINT (PostgreSQL sums BIGINT to NUMERIC, whose "/" is not integer division).
  const run = (x: string) => `CAST(SUM(${x}) ${windowOf(d)} AS BIGINT)`;
  // Only where the benefit applies: elsewhere a term may be NULL (no date step), and Trino's LEAST of a NULL is NULL.
  const onlyIf = (i: number, x: string) => `CASE WHEN ap_${i} THEN ${x} ELSE ${big(0)} END`;
  // Window 1: each benefit's annual amount; per-claim deductibles' part past them; shared deductible pools' running sums.
  const w1: string[] = [];
  const dedPools = ir.sharedDeductibles.map((pool, k) => ({ pool, k, members: ir.benefits.filter((b) => b.deductible?.kind === 'shared' && b.deductible.pool === pool.name) }));
  for (const b of ir.benefits) {
    const i = b.index;
    w1.push(`${run(`a_${i}`)} AS cum_${i}`);
    if (b.deductible?.kind === 'own' && b.deductible.period === 'claim') w1.push(`${run(onlyIf(i, `a_${i} - LEAST(a_${i}, ${v(`d_${i}`)})`))} AS xc_${i}`);
  }
  for (const { pool, k, members } of dedPools) {
    if (pool.period === 'year' && members.length) w1.push(`${run(members.map((b) => `a_${b.index}`).join(' + '))} AS tot_${k}`);
  }
  // Window 2: a shared deductible's use by each benefit, in date order and within a claim in declaration order.
  const w2: string[] = [];
  for (const b of ir.benefits) {
    if (b.deductible?.kind !== 'shared') continue;
    const k = poolOf(ir.sharedDeductibles, b.deductible.pool);
    const { pool, members } = dedPools[k]!;
    const earlier = members.filter((x) => x.index < b.index).map((x) => `a_${x.index}`);
    const before = [pool.period === 'year' ? `(tot_${k} - (${members.map((x) => `a_${x.index}`).join(' + ')}))` : '0', ...earlier].join(' + ');
    const D = v(`pd_${k}`);
    const used = onlyIf(b.index, `(LEAST(${D}, ${before} + a_${b.index}) - LEAST(${D}, ${before}))`);
    w2.push(`${used} AS u_${b.index}`, `${run(`a_${b.index} - ${used}`)} AS xs_${b.index}`);
  }
  // Raw payouts: round(P′ after) − round(P′ before) under the claim's terms.
  const raw = ir.benefits.map((b) => rawPay(b, ir, d, v));
  const capped = ir.benefits.map((b) => {
    const i = b.index;
    if (b.cap?.kind !== 'own') return `p_${i} AS q_${i}`;
    if (b.cap.period === 'claim') return `${onlyIf(i, `LEAST(p_${i}, ${v(`cc_${i}`)})`)} AS q_${i}`;
    const C = v(`cy_${i}`);
    return `${onlyIf(i, `(LEAST(${C}, ${run(`p_${i}`)}) - LEAST(${C}, ${run(`p_${i}`)} - p_${i}))`)} AS q_${i}`;
  });
  // Shared caps: the pool's running sum of what its benefits would pay, within a claim in declaration order.
  const last: string[] = [];
  const capPools = ir.sharedCaps.map((pool) => ({ pool, members: ir.benefits.filter((b) => b.cap?.kind === 'shared' && b.cap.pool === pool.name) }));
  capPools.forEach(({ pool, members }, k) => { if (pool.period === 'year' && members.length) last.push(`${run(members.map((b) => `q_${b.index}`).join(' + '))} AS qsum_${k}`); });
  const pays = ir.benefits.map((b) => {
    const i = b.index;
    if (b.cap?.kind !== 'shared') return `q_${i} AS pay_${i}`;
    const k = poolOf(ir.sharedCaps, b.cap.pool);
    const { pool, members } = capPools[k]!;
    const before = [pool.period === 'year' ? `(qsum_${k} - (${members.map((x) => `q_${x.index}`).join(' + ')}))` : '0', ...members.filter((x) => x.index < i).map((x) => `q_${x.index}`)].join(' + ');
    const C = v(`pc_${k}`);
    return `${onlyIf(i, `(LEAST(${C}, ${before} + q_${i}) - LEAST(${C}, ${before}))`)} AS pay_${i}`;
  });
  // The deductible each benefit took from the claim.
  for (const b of ir.benefits) {
    const i = b.index;
    const lim = b.deductible;
    const dd = !lim ? big(0) : lim.kind === 'shared' ? `u_${i}` : lim.period === 'claim' ? `LEAST(a_${i}, ${v(`d_${i}`)})`
      : `(a_${i} - (GREATEST(cum_${i} - ${v(`d_${i}`)}, 0) - GREATEST(cum_${i} - a_${i} - ${v(`d_${i}`)}, 0)))`;
    pays.push(`CASE WHEN ap_${i} THEN ${dd} ELSE ${big(0)} END AS dd_${i}`);
  }
  const stage = (name: string, cols: string[], src: string) => `${name} AS (\n  SELECT *${cols.length ? `, ${cols.join(',\n    ')}` : ''}\n  FROM ${src}\n)`;
  return [
    stage('w1', w1, from), stage('w2', w2, 'w1'), stage('p', raw, 'w2'), stage('q', capped, 'p'), stage('s', last, 'q'), stage('paid', pays, 's'),
  ];
}

/** A benefit's payout before caps: its X after and before the claim, P′ of both, rounded, never below 0. */
function rawPay(b: IrBenefit, ir: PlanIR, d: Dialect, v: (col: string) => string): string {
  const i = b.index;
  const a = `a_${i}`;
  const A1 = `cum_${i}`;
  const A0 = `(cum_${i} - a_${i})`;
  const lim = b.deductible;
  let X1 = A1;
  let X0 = A0;
  if (lim?.kind === 'own' && lim.period === 'year') {
    X1 = `GREATEST(${A1} - ${v(`d_${i}`)}, 0)`;
    X0 = `GREATEST(${A0} - ${v(`d_${i}`)}, 0)`;
  } else if (lim?.kind === 'own') {
    X1 = `xc_${i}`;
    X0 = `(xc_${i} - (${a} - LEAST(${a}, ${v(`d_${i}`)})))`;
  } else if (lim?.kind === 'shared') {
    X1 = `xs_${i}`;
    X0 = `(xs_${i} - (${a} - u_${i}))`;
  }
  const p = b.payout;
  const bands: SqlBand[] = p.kind === 'ratio' ? [] : p.bands.map((band, k) => ({ lo: `lo_${i}_${k}`, hi: band.to ? `hi_${i}_${k}` : undefined, bp: v(`r_${i}_${k}`) }));
  const P = payoutFn(p, p.kind === 'ratio' ? v(`r_${i}`) : undefined, bands, b.cap?.kind === 'own' && b.cap.period === 'year' ? v(`cy_${i}`) : undefined);
  const round = (x: string) => roundSql(d, ir.header.rounding, x);
  return `CASE WHEN ap_${i} THEN GREATEST(${round(P(A1, X1))} - ${round(P(A0, X0))}, 0) ELSE ${big(0)} END AS p_${i}`;
}

/** The items an item exclusion removes from settled claims, in claim and position order. */
function excludedItemsSql(ir: PlanIR, ctes: string[], c: ExprCtx): string {
  const ctx: ExprCtx = { ...c, item: true, amounts: undefined };
  const rules = ir.exclusions.filter((x) => x.level === 'item').map((x, k) => `WHEN COALESCE(${sqlTest(x.condition, ctx)}, FALSE) THEN ${k}`);
  return `WITH ${ctes.join(',\n')},
x AS (
  SELECT ${COL.id} AS claim, ${COL.member} AS member, item_pos AS position, ${COL.itemCode} AS code, ${COL.itemFen} AS fen, CASE ${rules.join(' ')} END AS rule
  FROM it0
  WHERE ok
)
SELECT * FROM x WHERE rule IS NOT NULL
ORDER BY member, claim, position, code`;
}

/** Each benefit's eligible amount, deductible taken and payout; the claim's payout. */
function finalSelect(ir: PlanIR, d: Dialect): string {
  const q = d.quote;
  const cols = ir.benefits.flatMap((b) => [
    `pay_${b.index} AS ${q(`${b.name}_fen`)}`,
    `a_${b.index} AS ${q(`${b.name}_eligible_fen`)}`,
    `dd_${b.index} AS ${q(`${b.name}_deductible_fen`)}`,
    `ap_${b.index} AS ${q(`${b.name}_applies`)}`,
  ]);
  const total = ir.benefits.map((b) => `pay_${b.index}`).join(' + ') || big(0);
  return `SELECT ${COL.id} AS id, ${COL.member} AS member, ${COL.date} AS date, err AS error, excl AS excluded_by, total_fen, (${total}) AS payout_fen${cols.map((c) => `,\n  ${c}`).join('')}
FROM paid
ORDER BY ${d.ordered('member')}, date, ${d.ordered('id')}`;
}
