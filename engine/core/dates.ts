// Dates as whole days since 1970-01-01 (UTC): exact, comparable, cheap in the hot path.

/** The day number of an ISO date, or undefined for anything that is not a real calendar date. */
export function parseDay(s: string): number | undefined {
  // By hand, not by regular expression and Date.UTC: every claim's date passes here.
  if (s.length !== 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayOf(y, mo, d);
}

/** The number written by the ASCII digits s[from, to), or -1 if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!;
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
  const y = civilYear(day);
  return { y, m: Math.floor(civilMd / 100), d: civilMd % 100 };
}

/** Month·100 + day of the date `civilYear` worked out last. */
let civilMd = 0;

/** The year of a day number's civil date, its month and day left in `civilMd`: nothing allocated (full years run per member). */
function civilYear(day: number): number {
  // Dates repeat every 400 years (146,097 days): a day before year 0 is moved forward by whole
  // eras, so that every quotient below is of non-negative integers and `| 0` divides exactly.
  let z = day + 719468;
  let eras = 0;
  if (z < 0) {
    eras = Math.ceil(-z / 146097);
    z += eras * 146097;
  }
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  civilMd = m * 100 + d;
  return yoe + (era - eras) * 400 + (m <= 2 ? 1 : 0);
}

/** The day number of a civil date, by integer arithmetic (the inverse of ymd). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The day `months` calendar months after `day` (before it, when negative). A day the target month
 * lacks falls on its last day: 31 January + 1 month is 28 or 29 February, 29 February + 1 year
 * (12 months) is 28 February — as full years count a birthday (fullYears below).
 */
export function addMonths(day: number, months: number): number {
  const { y, m, d } = ymd(day);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  return dayOf(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** Full years from `from` to `to`: a birthday on 29 February counts on 28 February in other years. */
// The last `to` asked for and its civil date: a year's members are counted up to the same day.
let lastTo = NaN;
let lastToYear = 0;
let lastToMd = 0;

export function fullYears(from: number, to: number): number {
  if (to < from) return 0;
  // Stryker disable next-line ConditionalExpression: working the date out again gives the same date
  if (to !== lastTo) {
    lastToYear = civilYear(to);
    lastToMd = civilMd;
    lastTo = to;
  }
  const fromYear = civilYear(from);
  let years = lastToYear - fromYear;
  // Month and day as m·100 + d: a birthday on 29 February falls on 28 February in a common year.
  const anniversary = civilMd === 229 && !isLeap(lastToYear) ? 228 : civilMd;
  if (lastToMd < anniversary) years -= 1;
  return Math.max(0, years);
}

/** The calendar benefit year a day falls in. */
// The last year asked for and its first and last day: claims come in runs of the same year.
let cachedYear = 1970;
let cachedFrom = 0;
let cachedTo = 364;

export function benefitYearOf(day: number): number {
  if (day >= cachedFrom && day <= cachedTo) return cachedYear;
  const y = ymd(day).y;
  cachedYear = y;
  cachedFrom = dayOf(y, 1, 1);
  cachedTo = dayOf(y, 12, 31);
  return y;
}

/** Whether a dated step (both ends included; an end left out is unbounded) is in force on `day`: dates as `YYYY-MM-DD` or as day numbers. */
export const inForce = <D extends string | number>(s: { from?: D; to?: D }, day: D): boolean => (s.from === undefined || s.from <= day) && (s.to === undefined || day <= s.to);
