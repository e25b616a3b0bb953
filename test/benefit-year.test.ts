// Benefit years (spec §4.1): every day falls in exactly one year, years follow one another without
// gaps, and each starts where the rule says, 29 February included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yearOf, yearStart, type YearRule } from '../engine/core/benefit-year';
import { dayOf, formatDay, parseDay } from '../engine/core/dates';

const day = (iso: string) => parseDay(iso)!;
// Days from 1950 to 2150, and rules of every kind with anchors on any day of the year.
const anyDay = fc.integer({ min: day('1950-01-01'), max: day('2150-12-31') });
const anyRule: fc.Arbitrary<YearRule> = fc.oneof(
  fc.constant<YearRule>({ kind: 'calendar' }),
  fc.constant<YearRule>({ kind: 'anniversary' }),
  fc.integer({ min: 1, max: 12 }).chain((month) =>
    fc.integer({ min: 1, max: month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31 }).map((d): YearRule => ({ kind: 'from', month, day: d })),
  ),
);

describe('benefit years', () => {
  it('put every day in the year that starts on or before it and ends before the next one starts', () => {
    fc.assert(
      fc.property(anyRule, anyDay, anyDay, (rule, d, enrolled) => {
        const y = yearOf(rule, d, enrolled);
        expect(yearStart(rule, y, enrolled)).toBeLessThanOrEqual(d);
        expect(yearStart(rule, y + 1, enrolled)).toBeGreaterThan(d);
        // A year is named by the calendar year it starts in.
        expect(formatDay(yearStart(rule, y, enrolled)).slice(0, 4)).toBe(String(y));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it('are 365 or 366 days long, one after another', () => {
    fc.assert(
      fc.property(anyRule, fc.integer({ min: 1950, max: 2150 }), anyDay, (rule, y, enrolled) => {
        const length = yearStart(rule, y + 1, enrolled) - yearStart(rule, y, enrolled);
        expect([365, 366]).toContain(length);
        expect(yearOf(rule, yearStart(rule, y + 1, enrolled) - 1, enrolled)).toBe(y);
      }),
      { numRuns: 3000, seed: 1201 },
    );
  });

  it('start where the plan says', () => {
    const april: YearRule = { kind: 'from', month: 4, day: 1 };
    expect(yearOf(april, day('2022-03-31'), 0)).toBe(2021);
    expect(yearOf(april, day('2022-04-01'), 0)).toBe(2022);
    expect(formatDay(yearStart(april, 2021, 0))).toBe('2021-04-01');
    expect(yearOf({ kind: 'calendar' }, day('2025-12-31'), 0)).toBe(2025);
    expect(yearOf({ kind: 'calendar' }, day('2026-01-01'), 0)).toBe(2026);
    // Enrolled 2024-07-15: that member's years start on 15 July.
    const e = day('2024-07-15');
    expect(yearOf({ kind: 'anniversary' }, day('2025-07-14'), e)).toBe(2024);
    expect(yearOf({ kind: 'anniversary' }, day('2025-07-15'), e)).toBe(2025);
    // Enrolled 29 February: in a common year the year starts on 28 February, in a leap year on the 29th.
    const leap = day('2024-02-29');
    expect(formatDay(yearStart({ kind: 'anniversary' }, 2025, leap))).toBe('2025-02-28');
    expect(formatDay(yearStart({ kind: 'anniversary' }, 2028, leap))).toBe('2028-02-29');
    expect(formatDay(yearStart({ kind: 'from', month: 2, day: 29 }, 2100, 0))).toBe(formatDay(dayOf(2100, 2, 28)));
  });
});
