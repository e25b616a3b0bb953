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
  /** Text as an ORDER BY key in code-point order, as the engine compares ids (not the database's collation). */
  ordered: (col: string) => string;
  /** The number of elements of a list (0 for NULL). */
  length: (list: string) => string;
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
    ordered: (c) => c, length: (l) => `COALESCE(len(${l}), 0)`,
  },
  // BIGINT / BIGINT truncates in PostgreSQL, which is the floor on these non-negative values.
  postgres: {
    name: 'postgres', quote: dq, div: (a, b) => `(${a} / ${b})`,
    contains: (l, x) => `COALESCE(${x} = ANY(${l}), FALSE)`,
    year: part('YEAR'), month: part('MONTH'), day: part('DAY'),
    daysBetween: (a, b) => `(${b} - ${a})`, addDays: (d, n) => `(${d} + CAST(${n} AS INTEGER))`,
    text: 'TEXT', decimal: (s) => `NUMERIC(38, ${s})`, textList: 'TEXT[]',
    firstNotIn: (l, xs) => `(SELECT u.f FROM unnest(${l}) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN (${xs.join(', ') || "''"}) ORDER BY u.n LIMIT 1)`,
    // A database's own collation (en_US and the like) orders "B1" before "a2" differently: bytes instead.
    ordered: (c) => `${c} COLLATE "C"`, length: (l) => `COALESCE(cardinality(${l}), 0)`,
  },
  // BIGINT / BIGINT is integer division in Trino too.
  trino: {
    name: 'trino', quote: dq, div: (a, b) => `(${a} / ${b})`,
    contains: (l, x) => `COALESCE(contains(${l}, ${x}), FALSE)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `day(${d})`,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`, addDays: (d, n) => `date_add('day', ${n}, ${d})`,
    text: 'VARCHAR', decimal: (s) => `DECIMAL(38, ${s})`, textList: 'ARRAY(VARCHAR)',
    firstNotIn: (l, xs) => `element_at(array_except(${l}, ARRAY[${xs.join(', ')}]), 1)`,
    ordered: (c) => c, length: (l) => `COALESCE(cardinality(${l}), 0)`,
  },
  // Spark's "/" is a double: an exact decimal floor instead.
  spark: {
    name: 'spark', quote: (s) => `\`${s.replace(/`/g, '``')}\``,
    // DECIMAL(20, 0) operands keep 18 digits after the point in the quotient (38 would leave 6, too few for a divisor of 10⁸).
    div: (a, b) => `CAST(FLOOR(CAST(${a} AS DECIMAL(20, 0)) / CAST(${b} AS DECIMAL(20, 0))) AS BIGINT)`,
    contains: (l, x) => `COALESCE(array_contains(${l}, ${x}), FALSE)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `dayofmonth(${d})`,
    daysBetween: (a, b) => `datediff(${b}, ${a})`, addDays: (d, n) => `date_add(${d}, CAST(${n} AS INT))`,
    text: 'STRING', decimal: (s) => `DECIMAL(38, ${s})`, textList: 'ARRAY<STRING>',
    // element_at past the end fails under ANSI mode (Spark 4's default): only when there is an element.
    firstNotIn: (l, xs) => `CASE WHEN size(array_except(${l}, array(${xs.join(', ')}))) > 0 THEN element_at(array_except(${l}, array(${xs.join(', ')})), 1) END`,
    ordered: (c) => c, length: (l) => `COALESCE(size(${l}), 0)`,
  },
} satisfies Record<string, Dialect>;
export type SqlDialect = keyof typeof DIALECTS;

/** A text literal. */
export const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A date literal. */
export const dateLit = (s: string) => `DATE ${text(s)}`;
/** A whole number as BIGINT: fen times basis points passes the 32-bit integers literals would be. */
export const big = (n: number | string) => `CAST(${n} AS BIGINT)`;
