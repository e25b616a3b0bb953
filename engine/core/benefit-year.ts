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

/** The first day of benefit year `year`. */
// The last calendar year asked for and its first day: members come in runs of the same year.
let lastYear = NaN;
let lastStart = 0;

export function yearStart(rule: YearRule, year: number, enrolledDay: number): number {
  if (rule.kind === 'calendar') {
    // Stryker disable next-line ConditionalExpression: working the day out again gives the same day
    if (year !== lastYear) {
      lastStart = dayOf(year, 1, 1);
      lastYear = year;
    }
    return lastStart;
  }
  const { m, d } = anchor(rule, enrolledDay);
  return anniversaryIn(year, m, d);
}
