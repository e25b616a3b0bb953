// yibao sql PLAN [--dialect duckdb|postgres|trino|spark] [--members-table T] [--claims-table T]
// [--items-table T] [--ddl] (spec/language.md §34): the plan compiled to SQL on stdout (or, with
// --ddl, the CREATE TABLE statements of its input tables), or every construct the compiler does not
// handle, each with its place, on stderr. Exit codes: 0 the SQL; 1 the plan uses a construct that
// is not compiled; 2 the plan has errors, or the dialect or a table name is not one.
import type { PlanDocument } from '../document';
import type { Lang } from '../ir/diagnostics';
import { compileSql, DIALECTS, type SqlDialect, type SqlTables } from '../sql/compile';
import { inputDdl } from '../sql/tables';
import type { Io } from './input';

/** A table name as SQL reads it unquoted: letters, digits and `_`, optionally schema-qualified. */
const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** The table names given by flag, each checked; undefined (said on stderr) when one is not a name. */
export function tableNames(given: Partial<Record<keyof SqlTables, string>>, lang: Lang, io: Io): Partial<SqlTables> | undefined {
  const tables: Partial<SqlTables> = {};
  for (const [k, t] of Object.entries(given) as [keyof SqlTables, string | undefined][]) {
    if (t === undefined) continue;
    if (!TABLE.test(t)) {
      io.err(lang === 'zh' ? `yibao: 表名“${t}”无效：只能由字母、数字和 _ 组成，可带模式名（如 warehouse.claims）` : `yibao: "${t}" is not a table name: letters, digits and _, optionally with a schema (warehouse.claims)`);
      return undefined;
    }
    tables[k] = t;
  }
  return tables;
}

export interface SqlOptions { dialect?: string; ddl?: boolean; tables: Partial<Record<keyof SqlTables, string>> }

export function cmdSql(path: string, o: SqlOptions, lang: Lang, io: Io, doc: PlanDocument | undefined): number {
  const names = Object.keys(DIALECTS);
  if (o.dialect !== undefined && !names.includes(o.dialect)) {
    io.err(lang === 'zh' ? `yibao: 不支持的 SQL 方言“${o.dialect}”，可用：${names.join('、')}` : `yibao: no SQL dialect "${o.dialect}"; there is ${names.join(', ')}`);
    return 2;
  }
  const tables = tableNames(o.tables, lang, io);
  if (!tables) return 2;
  const ir = doc?.lowered?.ir;
  if (!doc || !ir || doc.diagnostics.some((d) => d.severity === 'error')) return 2;
  const dialect = (o.dialect ?? 'duckdb') as SqlDialect;
  const r = compileSql(ir, dialect, tables);
  if ('refused' in r) {
    for (const x of r.refused) io.err(lang === 'zh' ? `${path}:${x.line}:${x.column}: 尚不能编译为 SQL：${x.construct.zh}` : `${path}:${x.line}:${x.column}: not compiled to SQL yet: ${x.construct.en}`);
    return 1;
  }
  io.out(o.ddl ? `${inputDdl(ir, dialect, tables).join(';\n')};` : r.sql);
  return 0;
}
