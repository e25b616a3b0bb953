// Payout deadlines (spec §27): a claim submitted for payment must be paid within the plan's
// `payout within N working days`, counted from the day after submission by the official
// working-day calendar. Each payment record gets its due date and whether it was paid on time,
// late (by how many working days), or is still unpaid; a date the calendar does not cover is an
// error naming the record and the field, never a guess.
import type { CompiledPlan } from '../compile/plan';
import { formatDay, parseDay } from '../core/dates';
import { addWorkingDays, CALENDAR_YEARS, inCalendar, workingDaysBetween } from '../core/working-days';
import { requestError, type RequestError } from '../ir/request-errors';
import { isObject } from '../core/json';

export type PaymentStatus = 'on-time' | 'late' | 'unpaid' | 'overdue';

export interface PaymentLine {
  claim: string;
  submitted: string;
  /** The last day payment is on time. */
  due: string;
  paid?: string;
  status: PaymentStatus;
  /** Late or overdue: calendar days after the due date, to payment (late) or to `asOf` (overdue). */
  daysLate?: number;
  /** The working days among them (0 when the only days past the due date were a weekend or holidays). */
  workingDaysLate?: number;
}

export interface DeadlineReport {
  workingDays?: number;
  cites?: string;
  asOf?: string;
  payments: PaymentLine[];
  /** Payments late or overdue, of those reported. */
  late: number;
  errors: RequestError[];
  /** Records received: payments in = lines + records with errors. */
  paymentCount: number;
}


/** A date field of a record: its day, or an error (not a date, or outside the calendar). */
function dayOf(v: unknown, path: string, where: { claim?: string }, errors: RequestError[], required: boolean): number | undefined | null {
  if (v === undefined && !required) return null;
  const day = typeof v === 'string' ? parseDay(v) : undefined;
  if (day === undefined) {
    errors.push(requestError({ ...where, path }, 'YR001', v === undefined ? 'missingField' : 'dateFormat', { field: path.split('/').pop()! }));
    return undefined;
  }
  if (!inCalendar(day)) {
    errors.push(requestError({ ...where, path }, 'YR023', 'outsideCalendar', { date: v as string, from: CALENDAR_YEARS.from, to: CALENDAR_YEARS.to }));
    return undefined;
  }
  return day;
}

/** Reports `{ payments: [{ claim, submitted, paid? }], asOf? }` against the plan's payout deadline. */
export function payoutDeadlines(plan: CompiledPlan, request: unknown): DeadlineReport {
  const errors: RequestError[] = [];
  const deadline = plan.deadline;
  if (!deadline) {
    errors.push(requestError({ path: '' }, 'YR023', 'noDeadline'));
    return { payments: [], late: 0, errors, paymentCount: 0 };
  }
  const req = isObject(request) ? request : {};
  if (!isObject(request)) errors.push(requestError({ path: '' }, 'YR001', 'notPayments'));
  for (const k of Object.keys(req)) if (k !== 'payments' && k !== 'asOf') errors.push(requestError({ path: `/${k}` }, 'YR001', 'unknownField', { field: k }));
  const asOf = dayOf(req.asOf, '/asOf', {}, errors, false);
  const records = Array.isArray(req.payments) ? req.payments : [];
  if (!Array.isArray(req.payments)) errors.push(requestError({ path: '/payments' }, 'YR001', 'array'));
  const payments: PaymentLine[] = [];
  records.forEach((r, i) => {
    const line = paymentLine(r, i, deadline.workingDays, asOf ?? null, errors);
    if (line) payments.push(line);
  });
  // Fields in the order a reader wants them: the rule, the day it is judged on, the lines, the counts.
  return {
    workingDays: deadline.workingDays,
    ...(deadline.cites && { cites: deadline.cites }),
    ...(asOf != null && { asOf: formatDay(asOf) }),
    payments,
    late: payments.filter((p) => p.status === 'late' || p.status === 'overdue').length,
    errors,
    paymentCount: records.length,
  };
}

function paymentLine(r: unknown, i: number, n: number, asOf: number | null, errors: RequestError[]): PaymentLine | undefined {
  const at = `/payments/${i}`;
  if (!isObject(r) || typeof r.claim !== 'string' || r.claim === '') {
    errors.push(requestError({ path: isObject(r) ? `${at}/claim` : at }, 'YR001', isObject(r) ? 'missingField' : 'notPayment', { field: 'claim' }));
    return undefined;
  }
  const where = { claim: r.claim };
  for (const k of Object.keys(r)) if (!['claim', 'submitted', 'paid'].includes(k)) errors.push(requestError({ ...where, path: `${at}/${k}` }, 'YR001', 'unknownField', { field: k }));
  const submitted = dayOf(r.submitted, `${at}/submitted`, where, errors, true);
  const paid = dayOf(r.paid, `${at}/paid`, where, errors, false);
  // A date that is no date, or outside the calendar, has said so (dayOf).
  if (submitted == null || paid === undefined) return undefined;
  const due = addWorkingDays(submitted, n);
  if (due === undefined) {
    // The deadline itself lies past the calendar's last year: it cannot be known yet.
    errors.push(requestError({ ...where, path: `${at}/submitted` }, 'YR023', 'outsideCalendar', { date: r.submitted as string, from: CALENDAR_YEARS.from, to: CALENDAR_YEARS.to }));
    return undefined;
  }
  if (paid !== null && paid < submitted) {
    errors.push(requestError({ ...where, path: `${at}/paid` }, 'YR001', 'paidBeforeSubmitted'));
    return undefined;
  }
  const line: PaymentLine = { claim: r.claim, submitted: formatDay(submitted), due: formatDay(due), ...(paid !== null && { paid: formatDay(paid) }), status: 'on-time' };
  if (paid !== null) {
    if (paid > due) Object.assign(line, { status: 'late', daysLate: paid - due, workingDaysLate: workingDaysBetween(due, paid) });
    return line;
  }
  // Stryker disable next-line ConditionalExpression: null > due is false too; the test is for the types
  if (asOf !== null && asOf > due) Object.assign(line, { status: 'overdue', daysLate: asOf - due, workingDaysLate: workingDaysBetween(due, asOf) });
  else line.status = 'unpaid';
  return line;
}
