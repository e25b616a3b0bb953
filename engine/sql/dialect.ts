// What differs between the SQL dialects a plan compiles to (spec/language.md §34.4): quoting
// names, exact integer division, list membership, the parts of a date, days between dates, text
// and decimal types. Everything else the compiler writes is the SQL all four share.
export interface Dialect {
  name: string;
  quote: (s: string) => string;
  /** a ÷ b rounded down, for a ≥ 0 and a whole b > 0: exact, never through a floating-point number. */
  div: (a: string, b: number | string) => string;
  /** Whether the list holds the item (false, not NULL, for a NULL list). */
  contains: (list: string, item: string) => string;
  year: (d: string) => string;
  month: (d: string) => string;
  day: (d: string) => string;
  /** Days from `a` to `b` (negative when b is before a). */
  daysBetween: (a: string, b: string) => string;
  /** A date plus a whole number of days. */
  addDays: (d: string, n: string) => string;
  text: string;
  /** An exact decimal type with this many digits after the point. */
  decimal: (scale: number) => string;
  /** The list type of the flags and groups columns. */
  textList: string;
  /** The first element of the list that is none of the texts (NULL when there is none). */
  firstNotIn: (list: string, texts: string[]) => string;
}

const dq = (s: string) => `"${s.replace(/"/g, '""')}"`;
const part = (p: string) => (d: string) => `CAST(EXTRACT(${p} FROM ${d}) AS INTEGER)`;

export const DIALECTS = {
  duckdb: {
    name: 'duckdb', quote: dq, div: (a, b) => `(${a} // ${b})`,
    contains: (l, x) => `COALESCE(list_contains(${l}, ${x}), FALSE)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `day(${d})`,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`, addDays: (d, n) => `CAST(${d} + CAST(${n} AS INTEGER) AS DATE)`,
    text: 'VARCHAR', decimal: (s) => `DECIMAL(38, ${s})`, textList: 'VARCHAR[]',
    firstNotIn: (l, xs) => `list_filter(${l}, x -> x NOT IN (${xs.join(', ') || "''"}))[1]`,
  },
  // BIGINT / BIGINT truncates in PostgreSQL, which is the floor on these non-negative values.
  postgres: {
    name: 'postgres', quote: dq, div: (a, b) => `(${a} / ${b})`,
    contains: (l, x) => `COALESCE(${x} = ANY(${l}), FALSE)`,
    year: part('YEAR'), month: part('MONTH'), day: part('DAY'),
    daysBetween: (a, b) => `(${b} - ${a})`, addDays: (d, n) => `(${d} + CAST(${n} AS INTEGER))`,
    text: 'TEXT', decimal: (s) => `NUMERIC(38, ${s})`, textList: 'TEXT[]',
    firstNotIn: (l, xs) => `(SELECT u.f FROM unnest(${l}) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN (${xs.join(', ') || "''"}) ORDER BY u.n LIMIT 1)`,
  },
  // BIGINT / BIGINT is integer division in Trino too.
  trino: {
    name: 'trino', quote: dq, div: (a, b) => `(${a} / ${b})`,
    contains: (l, x) => `COALESCE(contains(${l}, ${x}), FALSE)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `day(${d})`,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`, addDays: (d, n) => `date_add('day', ${n}, ${d})`,
    text: 'VARCHAR', decimal: (s) => `DECIMAL(38, ${s})`, textList: 'ARRAY(VARCHAR)',
    firstNotIn: (l, xs) => `element_at(array_except(${l}, ARRAY[${xs.join(', ')}]), 1)`,
  },
  // Spark's "/" is a double: an exact decimal floor instead.
  spark: {
    name: 'spark', quote: (s) => `\`${s.replace(/`/g, '``')}\``,
    div: (a, b) => `CAST(FLOOR(CAST(${a} AS DECIMAL(38, 0)) / ${b}) AS BIGINT)`,
    contains: (l, x) => `COALESCE(array_contains(${l}, ${x}), FALSE)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `dayofmonth(${d})`,
    daysBetween: (a, b) => `datediff(${b}, ${a})`, addDays: (d, n) => `date_add(${d}, CAST(${n} AS INT))`,
    text: 'STRING', decimal: (s) => `DECIMAL(38, ${s})`, textList: 'ARRAY<STRING>',
    firstNotIn: (l, xs) => `element_at(array_except(${l}, array(${xs.join(', ')})), 1)`,
  },
} satisfies Record<string, Dialect>;
export type SqlDialect = keyof typeof DIALECTS;

/** A text literal. */
export const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A date literal. */
export const dateLit = (s: string) => `DATE ${text(s)}`;
/** A whole number as BIGINT: fen times basis points passes the 32-bit integers literals would be. */
export const big = (n: number | string) => `CAST(${n} AS BIGINT)`;
