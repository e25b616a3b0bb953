// Payout deadlines (spec §27) and the working-day calendar they are counted in. Expected days are
// counted by hand from the State Council's holiday notices, day by day in the comments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readerFor } from '../engine/node/files';
import fc from 'fast-check';
import { formatDay, parseDay } from '../engine/core/dates';
import { addWorkingDays, CALENDAR_YEARS, isWorkingDay, workingDaysBetween } from '../engine/core/working-days';
import { payoutDeadlines } from '../engine/runtime/deadlines';
import { codesOf, planOf } from './helpers';
import Ajv from 'ajv';
import { deadlineReportSchema, deadlineRequestSchema } from '../engine/request/deadline-schemas';

const day = (s: string) => parseDay(s)!;
const PLAN = 'plan "d" { }\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\n';

describe('the working-day calendar', () => {
  it('knows weekends, public holidays and adjusted working weekends', () => {
    expect(isWorkingDay(day('2025-03-03'))).toBe(true); // a Monday
    expect(isWorkingDay(day('2025-03-08'))).toBe(false); // a Saturday
    expect(isWorkingDay(day('2025-10-01'))).toBe(false); // National Day, a Wednesday
    expect(isWorkingDay(day('2025-01-29'))).toBe(false); // Spring Festival, a Wednesday
    expect(isWorkingDay(day('2025-09-28'))).toBe(true); // a Sunday worked in lieu (National Day 2025)
    expect(isWorkingDay(day('2025-02-08'))).toBe(true); // a Saturday worked in lieu (Spring Festival 2025)
    expect(CALENDAR_YEARS.from).toBeLessThanOrEqual(2023);
    expect(CALENDAR_YEARS.to).toBeGreaterThanOrEqual(2026);
  });

  it('counts from the day after, over holidays and adjusted weekends', () => {
    // Fri 24 Jan 2025: Sun 26 (worked) 1, Mon 27 2, holidays to 4 Feb, 5 3, 6 4, 7 5, Sat 8 (worked) 6, Mon 10 7
    expect(formatDay(addWorkingDays(day('2025-01-24'), 7)!)).toBe('2025-02-10');
    // Tue 30 Sep 2025: holidays 1–8 Oct, 9 1, 10 2, Sat 11 (worked) 3, 13 4, 14 5, 15 6, 16 7
    expect(formatDay(addWorkingDays(day('2025-09-30'), 7)!)).toBe('2025-10-16');
    // an ordinary week: Mon 3 Mar 2025 → 4, 5, 6, 7, 10, 11, 12
    expect(formatDay(addWorkingDays(day('2025-03-03'), 7)!)).toBe('2025-03-12');
    expect(addWorkingDays(day(`${CALENDAR_YEARS.to}-12-28`), 7)).toBeUndefined();
  });

  it('holds addWorkingDays and workingDaysBetween to each other on generated days', () => {
    const from = day(`${CALENDAR_YEARS.from}-01-01`);
    const to = day(`${CALENDAR_YEARS.to}-11-30`);
    fc.assert(fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 15 }), (d, n) => {
      const due = addWorkingDays(d, n)!;
      expect(workingDaysBetween(d, due)).toBe(n);
      expect(isWorkingDay(due)).toBe(true);
      expect(workingDaysBetween(d, due - 1)).toBe(n - 1);
    }));
  });
});

describe('payout deadlines', () => {
  it('declares one whole number of working days', () => {
    expect(codesOf(PLAN + 'payout within 7 working days')).toEqual([]);
    expect(codesOf(PLAN + '赔付时限 7 个工作日')).toEqual([]);
    expect(codesOf(PLAN + 'payout within 0 working days')).toEqual(['YB706']);
    expect(codesOf(PLAN + 'payout within 366 working days')).toEqual(['YB706']);
    expect(codesOf(PLAN + 'payout within 7 working days\npayout within 5 working days')).toEqual(['YB706']);
  });

  it('reports each payment: on time, late, unpaid or overdue', () => {
    const plan = planOf(PLAN + 'payout within 7 working days');
    const r = payoutDeadlines(plan, {
      asOf: '2025-03-17',
      payments: [
        { claim: 'a', submitted: '2025-03-03', paid: '2025-03-12' }, // due 12 Mar: on time
        { claim: 'b', submitted: '2025-03-03', paid: '2025-03-15' }, // paid on a Saturday: see below
        { claim: 'c', submitted: '2025-03-03' }, // unpaid on 17 Mar: overdue since 12 Mar
        { claim: 'd', submitted: '2025-03-14' }, // due 25 Mar: not yet
      ],
    });
    expect(r.errors).toEqual([]);
    // b: due Wed 12 Mar; paid Sat 15: 13, 14, 15 → 3 days late, of which Thu 13 and Fri 14 are working days: 2
    // c: 13, 14, 15, 16, 17 → 5 days; working 13, 14, 17: 3
    // d: Fri 14 Mar → 17, 18, 19, 20, 21, 24, 25: due 25 Mar
    expect(r.payments.map((p) => [p.claim, p.due, p.status, p.daysLate, p.workingDaysLate])).toEqual([
      ['a', '2025-03-12', 'on-time', undefined, undefined],
      ['b', '2025-03-12', 'late', 3, 2],
      ['c', '2025-03-12', 'overdue', 5, 3],
      ['d', '2025-03-25', 'unpaid', undefined, undefined],
    ]);
    expect(r.late).toBe(2);
  });

  it('counts a payment on the day it was submitted on time, and one unpaid on its due day not yet overdue', () => {
    const plan = planOf(PLAN + 'payout within 7 working days');
    // Submitted Mon 3 Mar: due Wed 12 Mar (as above), the day the report is made.
    const r = payoutDeadlines(plan, { asOf: '2025-03-12', payments: [{ claim: 's', submitted: '2025-03-03', paid: '2025-03-03' }, { claim: 'u', submitted: '2025-03-03' }] });
    expect(r.errors).toEqual([]);
    expect(r.payments.map((p) => [p.claim, p.status])).toEqual([['s', 'on-time'], ['u', 'unpaid']]);
    expect(r.late).toBe(0);
    // A plan without a deadline reports no line.
    expect(payoutDeadlines(planOf(PLAN), { payments: [{ claim: 'a', submitted: '2025-03-03' }] })).toMatchObject({ payments: [], late: 0, paymentCount: 0 });
  });

  it('refuses what it cannot know, naming the record and field, and reports the rest', () => {
    const plan = planOf(PLAN + 'payout within 7 working days');
    const r = payoutDeadlines(plan, { payments: [{ claim: 'x', submitted: '2003-12-31' }, { claim: 'y', submitted: '2025-02-30' }, { claim: 'z' }, { submitted: '2025-03-03' }, { claim: 'ok', submitted: '2025-03-03' }] });
    expect(r.errors.map((e) => [e.claim, e.path, e.code])).toEqual([
      ['x', '/payments/0/submitted', 'YR023'],
      ['y', '/payments/1/submitted', 'YR001'],
      ['z', '/payments/2/submitted', 'YR001'],
      [undefined, '/payments/3/claim', 'YR001'],
    ]);
    expect(r.payments.map((p) => p.claim)).toEqual(['ok']);
    expect(r.payments.length + r.errors.length).toBe(r.paymentCount);
    expect(payoutDeadlines(planOf(PLAN), { payments: [] }).errors.map((e) => e.code)).toEqual(['YR023']);
  });

  it('says of each bad request or record what is wrong, in words, where', () => {
    const plan = planOf(PLAN + 'payout within 7 working days');
    const errors = (request: unknown) => payoutDeadlines(plan, request).errors.map((e) => [e.claim, e.path, e.code, e.message]);
    expect(errors('x')).toEqual([
      [undefined, '', 'YR001', 'the request must be a JSON object with "payments" (and, if wanted, "asOf") / 请求应为包含“payments”（可另给“asOf”）的 JSON 对象'],
      [undefined, '/payments', 'YR001', expect.stringMatching(/must be an array/)],
    ]);
    expect(errors({ payments: [], asOf: '2025-3-1', extra: 1 })).toEqual([
      [undefined, '/extra', 'YR001', expect.stringMatching(/unknown field "extra"/)],
      [undefined, '/asOf', 'YR001', expect.stringMatching(/^must be a date YYYY-MM-DD/)],
    ]);
    expect(errors({ payments: [], asOf: '2003-06-01' })).toEqual([[undefined, '/asOf', 'YR023', expect.stringMatching(/2003-06-01/)]]);
    expect(errors({ payments: ['a', { claim: '' }, { claim: 'c', submitted: '2025-03-03', paid: 5, note: 'x' }, { claim: 'd', submitted: '2025-03-03', paid: '2025-03-01' }] })).toEqual([
      [undefined, '/payments/0', 'YR001', expect.stringMatching(/^a payment must be a JSON object/)],
      [undefined, '/payments/1/claim', 'YR001', expect.stringMatching(/"claim"/)],
      ['c', '/payments/2/note', 'YR001', expect.stringMatching(/unknown field "note"/)],
      ['c', '/payments/2/paid', 'YR001', expect.stringMatching(/^must be a date YYYY-MM-DD/)],
      ['d', '/payments/3/paid', 'YR001', expect.stringMatching(/paid.*before.*submitted/)],
    ]);
    expect(errors({ payments: [{ claim: 'e' }] })).toEqual([['e', '/payments/0/submitted', 'YR001', expect.stringMatching(/missing.*"submitted"|"submitted".*missing/)]]);
    // A deadline past the calendar's last day cannot be known yet: said at the submission.
    const last = `${CALENDAR_YEARS.to}-12-31`;
    expect(errors({ payments: [{ claim: 'f', submitted: last }] })).toEqual([['f', '/payments/0/submitted', 'YR023', expect.stringContaining(last)]]);
    expect(payoutDeadlines(planOf(PLAN), {}).errors.map((e) => [e.path, e.code, e.message])).toEqual([['', 'YR023', expect.stringMatching(/payout deadline/)]]);
  });

  it('reports the rule, the day it judges on and a paid payment\'s date, and leaves out what is not given', () => {
    const cited = planOf(PLAN + 'payout within 7 working days cites "某医保发〔2024〕1号" "七"');
    const r = payoutDeadlines(cited, { asOf: '2025-03-17', payments: [{ claim: 'a', submitted: '2025-03-03', paid: '2025-03-12' }, { claim: 'b', submitted: '2025-03-03' }] });
    expect(r).toEqual({
      workingDays: 7, cites: '某医保发〔2024〕1号 七', asOf: '2025-03-17',
      payments: [
        { claim: 'a', submitted: '2025-03-03', due: '2025-03-12', paid: '2025-03-12', status: 'on-time' },
        { claim: 'b', submitted: '2025-03-03', due: '2025-03-12', status: 'overdue', daysLate: 5, workingDaysLate: 3 },
      ],
      late: 1, errors: [], paymentCount: 2,
    });
    const bare = payoutDeadlines(planOf(PLAN + 'payout within 7 working days'), { payments: [{ claim: 'b', submitted: '2025-03-03' }] });
    expect(Object.keys(bare)).toEqual(['workingDays', 'payments', 'late', 'errors', 'paymentCount']);
    expect(bare.payments[0]).toEqual({ claim: 'b', submitted: '2025-03-03', due: '2025-03-12', status: 'unpaid' });
  });

  it("is the Weihai plan's rule, with its citation", () => {
    const plan = planOf(readFileSync('examples/weihai-2024.yibao', 'utf8'), readerFor('examples/weihai-2024.yibao'));
    expect(plan.deadline?.workingDays).toBe(7);
    expect(plan.deadline?.cites).toContain('二(七)');
  });
});

describe('the deadline contract', () => {
  it('is published, and the example payments and their report fit it', () => {
    expect(JSON.parse(readFileSync('spec/schemas/deadline-request.schema.json', 'utf8'))).toEqual(deadlineRequestSchema);
    expect(JSON.parse(readFileSync('spec/schemas/deadline-report.schema.json', 'utf8'))).toEqual(deadlineReportSchema);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const request = JSON.parse(readFileSync('examples/payments/weihai-2024.json', 'utf8')) as { payments: unknown[] };
    expect(ajv.validate(deadlineRequestSchema, request), ajv.errorsText()).toBe(true);
    const plan = planOf(readFileSync('examples/weihai-2024.yibao', 'utf8'), readerFor('examples/weihai-2024.yibao'));
    const report = payoutDeadlines(plan, { ...request, payments: [...request.payments, { claim: 'bad', submitted: '2027-01-04' }] });
    expect(report.errors.length).toBe(1);
    expect(ajv.validate(deadlineReportSchema, JSON.parse(JSON.stringify(report))), ajv.errorsText()).toBe(true);
  });
});
