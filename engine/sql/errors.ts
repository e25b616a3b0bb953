// Claims the engine would reject, found in SQL (spec §34.3): every claim row comes out as a result
// or as an error, `CODE|detail…`, so that rows in = results + errors holds in SQL as in a batch run.
// A rejected claim adds nothing to its member's year, as in the engine. Request errors are found
// first (an unknown member, a missing date, an unknown setting or flag, a negative amount, a claim
// before its member's birth, items past their class total); then what settling would fail on, in
// the order the engine evaluates: the waiting period, the claim exclusions until one holds, the
// item exclusions and selections, the tilts, then each benefit that applies (amount, deductible,
// ratios and bands, cap).
import { needs } from '../compile/needs';
import { itemsOnly, needsAFlag } from '../compile/shapes';
import type { IrBenefit, IrTiltAction, PlanIR } from '../ir/plan';
import { text } from './dialect';
import { COL, DECIMAL_LIMIT, firstFail, inValidity, slotFail, sqlFail, sqlTest, waiting, type ExprCtx } from './expr';
import { whereFailCol } from './items';
import { acts, tiltCol, units } from './tilts';


const AMOUNTS = [['in_policy_self_pay', 'inPolicySelfPay'], ['out_of_policy_self_pay', 'outOfPolicySelfPay'], ['over_limit_self_pay', 'overLimitSelfPay']] as const;

/** Request errors, over the columns of the claims joined with their members (`c0`). */
export function requestError(ir: PlanIR, c: ExprCtx): string {
  const { d } = c;
  const settings = ir.settings.map((s) => text(s.id));
  const flags = ir.flags.map((f) => text(f.id));
  // An enumerated attribute with a value the plan does not list: the claim's is YR001; a member's
  // rejects the member's record, and with it every claim of the member (YR002).
  const badEnum = (list: PlanIR['attributes'], col: (i: number) => string) =>
    list.flatMap((a, i) => (a.type === 'enum' ? [{ a, test: `${col(i)} IS NOT NULL AND ${col(i)} NOT IN (${a.values!.map(text).join(', ')})` }] : []));
  // A member record without a field settling reads is rejected, and every claim of the member with it.
  const required = needs(ir).claims.map((n) => `WHEN ${n.field === 'birthDate' ? COL.birth : COL.enrolled} IS NULL THEN ${text('YR002|member')}`);
  const cases = [
    `WHEN mid IS NULL THEN ${text('YR002|')}`,
    ...required,
    ...badEnum(ir.attributes, COL.memberAttr).map(({ test }) => `WHEN ${test} THEN ${text('YR002|member')}`),
    ...badEnum(ir.claimAttributes, COL.claimAttr).map(({ a, test }) => `WHEN ${test} THEN ${text(`YR001|attributes/${a.name}`)}`),
    `WHEN ${COL.date} IS NULL THEN ${text('YR001|date')}`,
    `WHEN ${COL.setting} IS NULL THEN ${text('YR001|setting')}`,
    `WHEN ${COL.setting} NOT IN (${settings.join(', ')}) THEN ${text('YR008|setting|')} || ${COL.setting}`,
    `WHEN ${d.firstNotIn(COL.flags, flags)} IS NOT NULL THEN ${text('YR008|flag|')} || ${d.firstNotIn(COL.flags, flags)}`,
    // As the request: an amount at least 0, below a billion yuan, to the fen.
    ...AMOUNTS.map(([col, field]) => `WHEN given_${col} < 0 OR given_${col} >= ${DECIMAL_LIMIT.fen} OR given_${col} <> CAST(given_${col} AS ${d.decimal(2)}) THEN ${text(`YR001|${field}`)}`),
    // Items that add up past a billion yuan could leave BIGINT once multiplied by a ratio: too large (YR011).
    `WHEN isum_in >= ${DECIMAL_LIMIT.fen} OR isum_out >= ${DECIMAL_LIMIT.fen} THEN ${text('YR011|')}`,
    // An item the request would refuse: its amount (below 0, past a billion yuan or the fen) or its class.
    `WHEN bad_item_amount IS NOT NULL THEN ${text('YR001|items/')} || CAST(bad_item_amount - 1 AS ${d.text}) || ${text('/amount')}`,
    `WHEN bad_item_class IS NOT NULL THEN ${text('YR001|items/')} || CAST(bad_item_class - 1 AS ${d.text}) || ${text('/class')}`,
    `WHEN ${COL.birth} IS NOT NULL AND ${COL.date} < ${COL.birth} THEN ${text('YR014|')} || CAST(${COL.birth} AS ${d.text})`,
    ...(['in', 'out'] as const).map((cls) => {
      const given = `given_${cls === 'in' ? 'in_policy_self_pay' : 'out_of_policy_self_pay'}`;
      const off = ir.header.itemsComplete ? `isum_${cls} <> ${given}` : `isum_${cls} > ${given}`;
      const two = (x: string) => `CAST(CAST(${x} AS ${d.decimal(2)}) AS ${d.text})`;
      return `WHEN ${given} IS NOT NULL AND isum_${cls} IS NOT NULL AND ${off} THEN ${text(`YR004|${cls}|`)} || ${two(given)} || '|' || ${two(`isum_${cls}`)}${ir.header.itemsComplete ? ` || ${text('|complete')}` : ''}`;
    }),
  ];
  return `CASE ${cases.join(' ')} END`;
}


/**
 * The claim exclusions' failures, each reached only when the ones before it did not hold; a rule
 * that can hold only of a claim with a flag is not tested on a claim without one (settle.ts).
 */
function rulesFail(ir: PlanIR, c: ExprCtx): string {
  let out = 'NULL';
  for (const rule of [...ir.exclusions.filter((x) => x.level === 'claim')].reverse()) {
    const holds = sqlTest(rule.condition, c) ?? 'FALSE';
    const later = out === 'NULL' ? 'NULL' : `CASE WHEN NOT COALESCE(${holds}, FALSE) THEN ${out} END`;
    const own = sqlFail(rule.condition, c);
    const tested = needsAFlag(rule.condition) && own !== 'NULL' ? `CASE WHEN ${c.d.length(COL.flags)} > 0 THEN ${own} END` : own;
    out = firstFail([tested, later]);
  }
  return out;
}

/**
 * Why working out the tilts of a value fails (tilts.ts `tilted`): an action's amount is evaluated
 * only for the tilts that act in their unit — all present ones, or under `first` the first present.
 */
function tiltFail(ir: PlanIR, target: IrTiltAction['target'], scope: string, c: ExprCtx): string {
  const own = (j: number) => firstFail(ir.tilts[j]!.actions.filter((a) => acts(a, { target, scope }) && a.value).map((a) => slotFail(a.value!, c)));
  return firstFail(units(ir).map((u) => {
    const each = u.tilts.map((j) => ({ j, f: own(j) }));
    if (each.every((e) => e.f === 'NULL')) return 'NULL';
    if (u.rule === 'first') return `CASE ${each.map((e) => `WHEN ${tiltCol(e.j)} THEN ${e.f}`).join(' ')} END`;
    return firstFail(each.filter((e) => e.f !== 'NULL').map((e) => `CASE WHEN ${tiltCol(e.j)} THEN ${e.f} END`));
  }));
}

/** A benefit's failures as the engine meets them: its amount, then its terms (deductible, schedule, cap), each with its tilts. */
function benefitFail(b: IrBenefit, ir: PlanIR, amountCtx: ExprCtx, c: ExprCtx, whereFails: boolean): string {
  // An amount made only of item selections is 0 on a claim without items, read no further.
  const own = firstFail([whereFails ? whereFailCol(b.index) : 'NULL', slotFail(b.amount.value, amountCtx)]);
  const amount = own !== 'NULL' && itemsOnly(b.amount.value.expr) ? `CASE WHEN n_items > 0 THEN ${own} END` : own;
  const pool = (list: PlanIR['sharedDeductibles'], name: string) => list.find((x) => x.name === name)!.value;
  const lim = b.deductible;
  const ded = !lim ? 'NULL' : firstFail([slotFail(lim.kind === 'own' ? lim.value : pool(ir.sharedDeductibles, lim.pool), c), tiltFail(ir, 'deductible', lim.kind === 'own' ? b.name : lim.pool, c)]);
  const p = b.payout;
  const ratio = tiltFail(ir, 'ratio', b.name, c);
  const schedule = p.kind === 'ratio' ? [slotFail(p.ratio, c), ratio] : p.bands.flatMap((band) => [slotFail(band.from, c), band.to ? slotFail(band.to, c) : 'NULL', slotFail(band.ratio, c), ratio]);
  const cap = !b.cap ? 'NULL' : firstFail([slotFail(b.cap.kind === 'own' ? b.cap.value : pool(ir.sharedCaps, b.cap.pool), c), tiltFail(ir, 'cap', b.cap.kind === 'own' ? b.name : b.cap.pool, c)]);
  const all = firstFail([amount, ded, ...schedule, cap]);
  return all === 'NULL' ? 'NULL' : `CASE WHEN ap_${b.index} THEN ${all} END`;
}

/**
 * What settling fails on, over the columns of `k0` (`ok`, item sums, `item_fail`, `n_items`,
 * `ap_i`); `amountCtx(b)` reads a benefit's amount as it sees the claim.
 */
export function evaluationError(ir: PlanIR, c: ExprCtx, amountCtx: (b: IrBenefit) => ExprCtx, items: boolean, whereFails: ReadonlySet<number>): string {
  const noEnrolment = ir.waiting ? `WHEN ${COL.enrolled} IS NULL THEN ${text('YR015|enrolledSince')} ` : '';
  const still = waiting(ir, c.d);
  const waitingOk = still !== undefined ? `WHEN ${still} THEN NULL ` : '';
  // Every tilt's groups are tested before any benefit; their amounts as each value is tilted.
  const tilts = ir.tilts.map((t) => sqlFail({ kind: 'in-groups', groups: t.groups, type: 'bool', exact: 'int', range: t.range }, c));
  const settled = firstFail([items ? 'item_fail' : 'NULL', ...tilts, ...ir.benefits.map((b) => benefitFail(b, ir, amountCtx(b), c, whereFails.has(b.index)))]);
  const after = firstFail([rulesFail(ir, c), settled === 'NULL' ? 'NULL' : `CASE WHEN ok THEN ${settled} END`]);
  // Outside the validity the engine excludes the claim before anything can fail.
  return `CASE WHEN rq IS NOT NULL OR NOT (${inValidity(ir)}) THEN NULL ${noEnrolment}${waitingOk}ELSE ${after} END`;
}
