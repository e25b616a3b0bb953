// The official Chinese working-day calendar (spec §27): Monday to Friday and the adjusted working
// weekends (调休上班), less the public holidays, as the State Council General Office announces them
// each year. The days come from the maintained npm package `chinese-days` (its data file, compiled
// from those notices); the years it covers are the years this calendar answers for. A day outside
// them is refused, never guessed.
import calendar from 'chinese-days/dist/chinese-days.json';
import { dayOf, parseDay } from './dates';

const days = (keys: string[]) => new Set(keys.map((k) => parseDay(k)!));
// Made when first asked for, not when the module loads: every start of the CLI loads it, and few
// runs judge a payment deadline.
let sets: { holidays: Set<number>; workdays: Set<number> } | undefined;
const calendarSets = () => (sets ??= { holidays: days(Object.keys(calendar.holidays)), workdays: days(Object.keys(calendar.workdays)) });
const years = Object.keys(calendar.holidays).map((k) => Number(k.slice(0, 4)));

/** The years the calendar covers, first and last (inclusive). */
export const CALENDAR_YEARS = { from: Math.min(...years), to: Math.max(...years) } as const;

const FIRST = dayOf(CALENDAR_YEARS.from, 1, 1);
const LAST = dayOf(CALENDAR_YEARS.to, 12, 31);

export function inCalendar(day: number): boolean {
  return day >= FIRST && day <= LAST;
}

/** Whether a day (in the calendar's years) is a working day. Day 0, 1970-01-01, was a Thursday. */
export function isWorkingDay(day: number): boolean {
  const { holidays, workdays } = calendarSets();
  if (workdays.has(day)) return true;
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 Sunday … 6 Saturday
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/** The n-th working day after `day` (the day itself not counted), or undefined when it lies past the calendar. */
export function addWorkingDays(day: number, n: number): number | undefined {
  let d = day;
  for (let left = n; left > 0; ) {
    d++;
    if (!inCalendar(d)) return undefined;
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: number, to: number): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
  return n;
}
