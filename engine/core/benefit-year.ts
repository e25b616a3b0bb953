// Benefit years (spec §4.1): the calendar year, a policy year that starts on a fixed day of the
// year (沪惠保 runs from 1 April), or a year that starts on each member's enrolment anniversary.
// A year is named by the calendar year it starts in. Deductibles, caps and accumulation run within
// it; enrolment years and premium ages are taken on its first day.
import { benefitYearOf, dayOf, daysInMonth, ymd } from './dates';

export type YearRule =
  | { kind: 'calendar' }
  /** Each year starts on this month and day (the year of the anchor date only names the first). */
  | { kind: 'from'; month: number; day: number }
  | { kind: 'anniversary' };

export const CALENDAR: YearRule = { kind: 'calendar' };

/**
 * The month and day in year `y`; 29 February falls on 28 February in a common year, as a policy
 * anniversary without its day falls on the last day of that month.
 */
export function anniversaryIn(y: number, month: number, day: number): number {
  return dayOf(y, month, Math.min(day, daysInMonth(y, month)));
}

/** The month and day a member's years start on (for `anniversary`, their enrolment date's). */
function anchor(rule: YearRule, enrolledDay: number): { m: number; d: number } {
  if (rule.kind === 'from') return { m: rule.month, d: rule.day };
  const e = ymd(enrolledDay);
  return { m: e.m, d: e.d };
}

/** The benefit year a day falls in, named by the calendar year the benefit year starts in. */
export function yearOf(rule: YearRule, day: number, enrolledDay: number): number {
  if (rule.kind === 'calendar') return benefitYearOf(day);
  const { m, d } = anchor(rule, enrolledDay);
  const y = ymd(day).y;
  return day >= anniversaryIn(y, m, d) ? y : y - 1;
}

// The last two calendar years asked for and their first days: members come in runs of the same
// year, and the member loop asks for a year and the one after it.
const starts = { y0: NaN, d0: 0, y1: NaN, d1: 0 };

/** The first day of benefit year `year`. */
export function yearStart(rule: YearRule, year: number, enrolledDay: number): number {
  if (rule.kind === 'calendar') {
    // Stryker disable next-line ConditionalExpression: working the day out again gives the same day
    if (year === starts.y0) return starts.d0;
    // Stryker disable next-line ConditionalExpression: as above
    if (year !== starts.y1) {
      starts.y1 = starts.y0;
      starts.d1 = starts.d0;
      starts.y0 = year;
      starts.d0 = dayOf(year, 1, 1);
      return starts.d0;
    }
    return starts.d1;
  }
  const { m, d } = anchor(rule, enrolledDay);
  return anniversaryIn(year, m, d);
}
