// A claim's items in SQL (spec §13, §15, §34.2): which item exclusion removes each, which items each
// benefit's `items in …` / `items where …` selects (not excluded, not taken by a benefit it is
// `excluding`, the benefit applying to the claim), and per claim the sums the benefits read: the
// excluded amount of each class, each selection, and the items each benefit must not see.
import type { IrBenefit, IrExpr, IrItems, PlanIR } from '../ir/plan';
import { text } from './dialect';
import { COL, firstFail, span, sqlFail, sqlTest, type ExprCtx } from './expr';

/** The `items` selections in a benefit's amount, in the order met; refused under a condition or a branch. */
export function itemNodes(e: IrExpr, c: ExprCtx, out: IrItems[] = [], guarded = false): IrItems[] {
  if (e.kind === 'items') {
    if (guarded) c.r.add('a selection of items under a condition or a branch', '条件或分支之下的明细选取', e.range);
    out.push(e);
    return out;
  }
  const kids: IrExpr[] = e.kind === 'arith' ? [e.left, e.right] : e.kind === 'neg' ? [e.operand] : e.kind === 'extremum' ? e.args : e.kind === 'if' ? [e.cond, e.then, e.else] : [];
  for (const k of kids) itemNodes(k, c, out, guarded || e.kind === 'if');
  return out;
}

export const itemCol = (i: number, k: number) => `it_${i}_${k}`;
/** Why a benefit's item selections fail on the claim (a condition that cannot be worked out), or NULL. */
export const whereFailCol = (i: number) => `where_fail_${i}`;
/** The benefits whose selections have conditions that can fail. */
export const whereFailing = (ir: PlanIR, nodes: IrItems[][]) => ir.benefits.filter((b) => nodes[b.index]!.some((n) => n.where !== undefined));
export const hiddenCol = (i: number, cls: 'in' | 'out') => `h${cls}_${i}`;

/** Whether the plan reads items at all (item exclusions or selections). */
export const readsItems = (ir: PlanIR, nodes: IrItems[][]) => ir.exclusions.some((x) => x.level === 'item') || nodes.some((n) => n.length > 0);

/**
 * The CTEs from the claims CTE `claims` (with `ok`: the claim is settled at all) to `ia`: one row
 * per claim with items, its sums. `applies(b)` is the SQL for "benefit b runs on this claim".
 */
export function itemCtes(ir: PlanIR, nodes: IrItems[][], claims: string, itemsTable: string, applies: (b: IrBenefit) => string, c: ExprCtx): string[] {
  const ctx: ExprCtx = { ...c, item: true, amounts: undefined };
  const itemRules = ir.exclusions.filter((x) => x.level === 'item');
  const rules = itemRules.map((x) => sqlTest(x.condition, ctx));
  const ex = rules.length ? `COALESCE(${rules.join(' OR ')}, FALSE)` : 'FALSE';
  // What fails on an item, as the engine meets it: the item exclusions until one holds, then each
  // selection's condition where the item reaches it (applying, not excluded or hidden, in the catalogue).
  let fails = 'NULL';
  itemRules.forEach((x, k) => {
    const f = sqlFail(x.condition, ctx);
    if (f !== 'NULL') fails = firstFail([fails, k === 0 ? f : `CASE WHEN NOT COALESCE(${rules.slice(0, k).join(' OR ')}, FALSE) THEN ${f} END`]);
  });
  const whereFails: string[][] = ir.benefits.map(() => []);
  const taken: string[] = [];
  const hidden: string[] = [];
  const sums: string[] = [];
  for (const b of ir.benefits) {
    const i = b.index;
    hidden[i] = b.excluding.length ? `(${b.excluding.map((e) => taken[e.index] ?? 'FALSE').join(' OR ')})` : 'FALSE';
    const sel = nodes[i]!.map((n) => `(${applies(b)} AND NOT ${ex} AND NOT ${hidden[i]} AND ${match(n, ir, ctx)})`);
    for (const n of nodes[i]!) {
      const f = n.where ? sqlFail(n.where, ctx) : 'NULL';
      if (f !== 'NULL') whereFails[i]!.push(`CASE WHEN ${applies(b)} AND NOT ${ex} AND NOT ${hidden[i]}${n.catalogue !== undefined ? ` AND ${match({ ...n, where: undefined }, ir, ctx)}` : ''} THEN ${f} END`);
    }
    taken[i] = sel.length ? `(${sel.join(' OR ')})` : 'FALSE';
    sel.forEach((s, k) => sums.push(`CAST(SUM(CASE WHEN ${s} THEN ${COL.itemFen} ELSE 0 END) AS BIGINT) AS ${itemCol(i, k)}`));
    if (b.excluding.length) {
      for (const cls of ['in', 'out'] as const) sums.push(`CAST(SUM(CASE WHEN ${hidden[i]} AND NOT ${ex} AND ${COL.itemClass} = ${text(cls)} THEN ${COL.itemFen} ELSE 0 END) AS BIGINT) AS ${hiddenCol(i, cls)}`);
    }
  }
  // The item exclusions fail before anything else is settled; a selection's condition, as its benefit's amount is worked out.
  const failing = (f: string) => (f === 'NULL' ? `CAST(NULL AS ${c.d.text})` : `MIN(CASE WHEN ok THEN ${f} END)`);
  sums.push(`${failing(fails)} AS item_fail`, 'COUNT(*) AS n_items');
  for (const b of whereFailing(ir, nodes)) sums.push(`${failing(firstFail(whereFails[b.index]!))} AS ${whereFailCol(b.index)}`);
  for (const cls of ['in', 'out'] as const) sums.push(`CAST(SUM(CASE WHEN ${ex} AND ${COL.itemClass} = ${text(cls)} THEN ${COL.itemFen} ELSE 0 END) AS BIGINT) AS ex_${cls}`);
  const category = JSON.stringify(ir).includes('"field":"category"') ? `, COALESCE(i.category, '') AS ${COL.itemCategory}` : '';
  return [
    `it0 AS (
  SELECT k.*, i.position AS item_pos, i.code AS ${COL.itemCode}, i.class AS ${COL.itemClass}${category},
    CAST(COALESCE(CAST(i.amount AS ${c.d.decimal(2)}), 0) * 100 AS BIGINT) AS ${COL.itemFen}
  FROM ${itemsTable} i JOIN ${claims} k ON k.${COL.id} = i.claim
)`,
    `ia AS (
  SELECT ${COL.id} AS ia_id,
    ${sums.join(',\n    ')}
  FROM it0
  GROUP BY ${COL.id}
)`,
  ];
}

/** The item is in the selection's catalogue (its version on the claim's date) and meets its condition. */
function match(n: IrItems, ir: PlanIR, c: ExprCtx): string {
  const parts: string[] = [];
  if (n.catalogue !== undefined) {
    const cat = ir.catalogues.find((x) => x.name === n.catalogue);
    const versions = (cat?.versions ?? []).map((v) => `(${span(v.from, v.to)} AND ${v.codes.length ? `${COL.itemCode} IN (${v.codes.map(text).join(', ')})` : 'FALSE'})`);
    parts.push(versions.length ? `(${versions.join(' OR ')})` : 'FALSE');
  }
  if (n.where) parts.push(`COALESCE(${sqlTest(n.where, c) ?? 'FALSE'}, FALSE)`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
