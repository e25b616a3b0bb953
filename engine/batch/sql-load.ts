// The records of a batch run as the SQL backend's input tables (spec §34.3): members and claims
// that passed the request's checks, their items, in the shape `yibao sql` reads. The values come
// from the validated records (runtime/env.ts), so the query sees exactly what the engine would.
import Decimal from 'decimal.js';
import { formatDay } from '../core/dates';
import type { RtClaim, RtMember } from '../ir/env';
import type { IrAttributeDecl, PlanIR } from '../ir/plan';

export type Cell = string | null;

/** Text columns of the staging tables, in order; the views cast them (see `stagingViews`). */
export const STAGING = {
  members: (ir: PlanIR) => ['id', 'birth_date', 'enrolled_since', 'groups', ...ir.attributes.map((a) => a.name)],
  claims: (ir: PlanIR) => ['id', 'member', 'date', 'setting', 'in_policy_self_pay', 'out_of_policy_self_pay', 'over_limit_self_pay', 'flags', ...ir.claimAttributes.map((a) => a.name)],
  items: () => ['claim', 'position', 'code', 'class', 'amount', 'category'],
};

const yuan = (fen: number) => new Decimal(fen).div(100).toFixed(2);
const day = (d: number): Cell => (Number.isNaN(d) ? null : formatDay(d));

function attr(a: IrAttributeDecl, v: Decimal | boolean | string | number | undefined): Cell {
  if (v === undefined) return null;
  if (a.type === 'date') return formatDay(v as number);
  if (v instanceof Decimal) return v.toFixed();
  return String(v);
}

export function memberCells(ir: PlanIR, m: RtMember): Cell[] {
  return [m.id, day(m.birthDay), day(m.enrolledDay), JSON.stringify([...m.groups]), ...ir.attributes.map((a) => attr(a, m.attributes.get(a.name)))];
}

export function claimCells(ir: PlanIR, c: RtClaim): Cell[] {
  return [c.id, c.memberId, c.date, c.setting, yuan(c.inFen), yuan(c.outFen), yuan(c.overFen), JSON.stringify([...c.flags]), ...ir.claimAttributes.map((a) => attr(a, c.attributes.get(a.name)))];
}

export function itemCells(c: RtClaim): Cell[][] {
  return c.items.map((i) => [c.id, String(i.index + 1), i.code, i.cls, yuan(i.fen), i.category]);
}

const attrType = (a: IrAttributeDecl, decimal: string) => (a.type === 'boolean' ? 'BOOLEAN' : a.type === 'date' ? 'DATE' : a.type === 'money' || a.type === 'number' ? decimal : null);

/**
 * Views over the staging tables (`<name>_text`) with the columns' types. `list` casts a JSON array
 * of text to the dialect's list; `q` quotes a name.
 */
export function stagingViews(ir: PlanIR, q: (s: string) => string, list: (json: string) => string, decimal: string): string[] {
  const cast = (col: string, type: string | null) => (type ? `CAST(${q(col)} AS ${type}) AS ${q(col)}` : q(col));
  const attrs = (list2: IrAttributeDecl[]) => list2.map((a) => `, ${cast(a.name, attrType(a, decimal))}`).join('');
  return [
    `CREATE VIEW members AS SELECT id, CAST(birth_date AS DATE) AS birth_date, CAST(enrolled_since AS DATE) AS enrolled_since, ${list(q('groups'))} AS ${q('groups')}${attrs(ir.attributes)} FROM members_text`,
    `CREATE VIEW claims AS SELECT id, member, CAST(date AS DATE) AS date, setting, CAST(in_policy_self_pay AS ${decimal}) AS in_policy_self_pay, CAST(out_of_policy_self_pay AS ${decimal}) AS out_of_policy_self_pay, CAST(over_limit_self_pay AS ${decimal}) AS over_limit_self_pay, ${list('flags')} AS flags${attrs(ir.claimAttributes)} FROM claims_text`,
    `CREATE VIEW items AS SELECT claim, CAST(position AS INTEGER) AS position, code, class, CAST(amount AS ${decimal}) AS amount, category FROM items_text`,
  ];
}
