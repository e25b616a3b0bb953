// The query's input tables (spec/language.md §34.3), with the meaning of the JSON request
// (spec §20.1): members, claims and their items, one column per declared attribute (named as the
// plan declares it). Settings and flags are their canonical ids. `inputDdl` writes the tables for a
// plan in a dialect; `requestRows` turns a request's records into INSERT statements (tests and
// small runs; large data is read by the database itself).
import type { IrAttributeDecl, PlanIR } from '../ir/plan';
import { DIALECTS, text, type SqlDialect } from './dialect';
import { DEFAULT_TABLES, type SqlTables } from './compile';

const attrType = (a: IrAttributeDecl, d: (typeof DIALECTS)[SqlDialect]) =>
  a.type === 'boolean' ? 'BOOLEAN' : a.type === 'date' ? 'DATE' : a.type === 'money' || a.type === 'number' ? d.decimal(12) : d.text;

/** CREATE TABLE statements for the plan's input tables. */
export function inputDdl(ir: PlanIR, dialect: SqlDialect, tables: Partial<SqlTables> = {}): string[] {
  const t = { ...DEFAULT_TABLES, ...tables };
  const d = DIALECTS[dialect];
  const attrs = (list: IrAttributeDecl[]) => list.map((a) => `, ${d.quote(a.name)} ${attrType(a, d)}`).join('');
  // Six decimals: an amount given past the fen reaches the query, which rejects it (YR001) rather than round it.
  const money = d.decimal(6);
  return [
    `CREATE TABLE ${t.members} (id ${d.text}, birth_date DATE, enrolled_since DATE, ${d.quote('groups')} ${d.textList}${attrs(ir.attributes)})`,
    `CREATE TABLE ${t.claims} (id ${d.text}, member ${d.text}, date DATE, setting ${d.text}, in_policy_self_pay ${money}, out_of_policy_self_pay ${money}, over_limit_self_pay ${money}, flags ${d.textList}${attrs(ir.claimAttributes)})`,
    `CREATE TABLE ${t.items} (claim ${d.text}, position INTEGER, code ${d.text}, class ${d.text}, amount ${money}, category ${d.text})`,
  ];
}

type Rec = Record<string, unknown>;

const realDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function lit(v: unknown, type: string, dialect: SqlDialect): string {
  if (v === undefined || v === null) return 'NULL';
  // A date column holds only real dates: one that is not is left out (NULL), which the query rejects (YR001).
  if (type === 'DATE') return realDate(String(v)) ? `DATE ${text(String(v))}` : 'NULL';
  if (type === 'BOOLEAN') return v ? 'TRUE' : 'FALSE';
  if (type === 'list') {
    const xs = (v as unknown[]).map((x) => text(String(x)));
    if (dialect === 'postgres') return `ARRAY[${xs.join(', ')}]::TEXT[]`;
    return dialect === 'duckdb' ? `[${xs.join(', ')}]::VARCHAR[]` : `ARRAY[${xs.join(', ')}]`;
  }
  if (type === 'number') return String(v);
  return text(String(v));
}

/** INSERT statements for a request's members, claims and items (records in their JSON shape). */
export function requestRows(ir: PlanIR, request: { members: Rec[]; claims: Rec[] }, dialect: SqlDialect, tables: Partial<SqlTables> = {}): string[] {
  const t = { ...DEFAULT_TABLES, ...tables };
  const d = DIALECTS[dialect];
  const attrs = (list: IrAttributeDecl[], r: Rec) => list.map((a) => `, ${lit((r.attributes as Rec | undefined)?.[a.name], attrType(a, d) === 'DATE' || attrType(a, d) === 'BOOLEAN' ? attrType(a, d) : a.type === 'money' || a.type === 'number' ? 'number' : 'text', dialect)}`).join('');
  const out: string[] = [];
  const insert = (table: string, rows: string[]) => { if (rows.length) out.push(`INSERT INTO ${table} VALUES ${rows.join(', ')}`); };
  insert(t.members, request.members.map((m) => `(${lit(m.id, 'text', dialect)}, ${lit(m.birthDate, 'DATE', dialect)}, ${lit(m.enrolledSince, 'DATE', dialect)}, ${lit(m.groups, 'list', dialect)}${attrs(ir.attributes, m)})`));
  const amount = (v: unknown) => (v === undefined || v === null ? 'NULL' : String(v));
  insert(t.claims, request.claims.map((c) => `(${lit(c.id, 'text', dialect)}, ${lit(c.member, 'text', dialect)}, ${lit(c.date, 'DATE', dialect)}, ${lit(c.setting, 'text', dialect)}, ${amount(c.inPolicySelfPay)}, ${amount(c.outOfPolicySelfPay)}, ${amount(c.overLimitSelfPay)}, ${lit(c.flags, 'list', dialect)}${attrs(ir.claimAttributes, c)})`));
  insert(t.items, request.claims.flatMap((c) => ((c.items as Rec[] | undefined) ?? []).map((i, k) => `(${lit(c.id, 'text', dialect)}, ${k + 1}, ${lit(i.code, 'text', dialect)}, ${lit(i.class, 'text', dialect)}, ${amount(i.amount)}, ${lit(i.category, 'text', dialect)})`)));
  return out;
}
