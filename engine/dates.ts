// Dates as whole days since 1970-01-01 (UTC): exact, comparable, cheap in the hot path.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of an ISO date, or undefined for anything that is not a real calendar date. */
export function parseDay(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number, by integer arithmetic (no Date object: this runs per claim). */
export function ymd(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function dayOf(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Full years from `from` to `to`: a birthday on 29 February counts on 28 February in other years. */
export function fullYears(from: number, to: number): number {
  if (to < from) return 0;
  const a = ymd(from);
  const b = ymd(to);
  let years = b.y - a.y;
  const anniversaryDay = a.m === 2 && a.d === 29 && !isLeap(b.y) ? 28 : a.d;
  if (b.m < a.m || (b.m === a.m && b.d < anniversaryDay)) years -= 1;
  return Math.max(0, years);
}

/** The calendar benefit year a day falls in. */
export function benefitYearOf(day: number): number {
  return ymd(day).y;
}

export function firstDayOfYear(y: number): number {
  return dayOf(y, 1, 1);
}
