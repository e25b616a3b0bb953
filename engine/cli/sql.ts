// yibao sql PLAN [--dialect duckdb|trino|spark] (spec/language.md §34): the plan compiled to SQL on stdout, or
// every construct the compiler does not handle yet, each with its place, on stderr. Exit codes: 0
// the SQL; 1 the plan uses a construct not compiled yet; 2 the plan has errors or the dialect is unknown.
import type { PlanDocument } from '../document';
import type { Lang } from '../ir/diagnostics';
import { compileSql, DIALECTS, type SqlDialect } from '../sql/compile';
import type { Io } from './input';


export function cmdSql(path: string, dialect: string | undefined, lang: Lang, io: Io, doc: PlanDocument | undefined): number {
  const names = Object.keys(DIALECTS);
  if (dialect !== undefined && !names.includes(dialect)) {
    io.err(lang === 'zh' ? `yibao: 不支持的 SQL 方言“${dialect}”，可用：${names.join('、')}` : `yibao: no SQL dialect "${dialect}"; there is ${names.join(', ')}`);
    return 2;
  }
  const ir = doc?.lowered?.ir;
  if (!doc || !ir || doc.diagnostics.some((d) => d.severity === 'error')) return 2;
  const r = compileSql(ir, (dialect ?? 'duckdb') as SqlDialect);
  if ('refused' in r) {
    for (const x of r.refused) io.err(lang === 'zh' ? `${path}:${x.line}:${x.column}: 尚不能编译为 SQL：${x.construct.zh}` : `${path}:${x.line}:${x.column}: not compiled to SQL yet: ${x.construct.en}`);
    return 1;
  }
  io.out(r.sql);
  return 0;
}
