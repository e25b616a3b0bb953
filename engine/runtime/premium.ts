// Premiums: the first matching line of the plan's schedule, with ages on the first day of the
// benefit year.
import type { CompiledPlan } from '../compile/plan';
import { yearOf, yearStart } from '../core/benefit-year';
import type { Env } from '../ir/env';
import { EvalError } from '../ir/env';
import { OverflowError, formatFen } from '../core/money';
import { validateRequest, type RequestError } from '../request/request';
import { requestError } from '../ir/request-errors';

export interface PremiumResult {
  members: { id: string; year: number; premium: string; rule: string; line: number }[];
  errors: RequestError[];
}

export function premiums(plan: CompiledPlan, request: unknown): PremiumResult {
  const valid = validateRequest(plan, request, 'premium');
  // A claim's errors are left to evaluate(); the request's and the members' are reported.
  const out: PremiumResult = { members: [], errors: valid.errors.filter((e) => !e.claim) };
  // Without a schedule there is nothing to quote: said once, not once per member.
  if (!plan.premium) {
    out.errors.push(requestError({ path: '' }, 'YR012', 'noSchedule'));
    return out;
  }
  const rule = plan.header.year;
  const lines = plan.premium.lines;
  // Without a year asked for: the benefit year the plan becomes valid in (today's, without a period).
  const validFrom = plan.header.valid?.from ?? Math.floor(Date.now() / 86_400_000);
  // Members in request order: the map is filled in that order.
  for (const member of valid.members.values()) {
    const year = valid.year ?? yearOf(rule, validFrom, member.enrolledDay);
    // Ages are taken on the first day of that benefit year.
    const day = yearStart(rule, year, member.enrolledDay);
    const env: Env = { member, day, year, yearStart: day };
    try {
      const i = lines.findIndex((l) => !l.test || l.test(env));
      if (i < 0) throw new EvalError('YR012', {});
      const line = lines[i]!;
      out.members.push({ id: member.id, year, premium: formatFen(line.amount(env)), rule: `premium line ${i + 1} (line ${line.range.start.line})`, line: line.range.start.line });
    } catch (e) {
      if (!(e instanceof EvalError || e instanceof OverflowError)) throw e;
      const code = e instanceof EvalError ? e.code : 'YR011';
      out.errors.push(requestError({ member: member.id, path: `/members/${member.index}` }, code, 'default', e instanceof EvalError ? e.args : {}));
    }
  }
  return out;
}
