// yibao sql PLAN [--dialect duckdb] (spec/language.md §34): the plan compiled to SQL on stdout, or
// every construct the compiler does not handle yet, each with its place, on stderr. Exit codes: 0
// the SQL; 1 the plan uses a construct not compiled yet; 2 the plan has errors or the dialect is unknown.
import type { PlanDocument } from '../document';
import type { Lang } from '../ir/diagnostics';
import { compileSql } from '../sql/compile';
import type { Io } from './input';

export const SQL_DIALECTS = ['duckdb'] as const;

export function cmdSql(path: string, dialect: string | undefined, lang: Lang, io: Io, doc: PlanDocument | undefined): number {
  if (dialect !== undefined && !(SQL_DIALECTS as readonly string[]).includes(dialect)) {
    io.err(lang === 'zh' ? `yibao: 不支持的 SQL 方言“${dialect}”，可用：${SQL_DIALECTS.join('、')}` : `yibao: no SQL dialect "${dialect}"; there is ${SQL_DIALECTS.join(', ')}`);
    return 2;
  }
  const ir = doc?.lowered?.ir;
  if (!doc || !ir || doc.diagnostics.some((d) => d.severity === 'error')) return 2;
  const r = compileSql(ir);
  if ('refused' in r) {
    for (const x of r.refused) io.err(lang === 'zh' ? `${path}:${x.line}:${x.column}: 尚不能编译为 SQL：${x.construct.zh}` : `${path}:${x.line}:${x.column}: not compiled to SQL yet: ${x.construct.en}`);
    return 1;
  }
  io.out(r.sql);
  return 0;
}
