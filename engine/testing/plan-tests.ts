// Runs a plan's tests as the IR holds them (written inside the plan, or in a test file beside it
// and lowered the same way): each test's request in the engine's JSON contract, validated like any
// other, and its expectations compared with the results.
import type { Range } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { range } from '../compile/values';
import type { IrTest } from '../ir/plan';
import Decimal from 'decimal.js';
import { evaluate, type EvalResult } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';

export interface TestOutcome {
  name: string;
  range: Range;
  passed: boolean;
  failures: { range: Range; message: string; expected?: string; actual?: string }[];
}

export function runPlanTests(plan: CompiledPlan, tests: readonly IrTest[] = plan.tests): TestOutcome[] {
  return tests.map((t) => runOne(plan, t));
}

function runOne(plan: CompiledPlan, t: IrTest): TestOutcome {
  const outcome: TestOutcome = { name: t.name, range: range(t.range), passed: true, failures: [] };
  const fail = (at: Range, message: string, expected?: string, actual?: string) => {
    outcome.passed = false;
    outcome.failures.push({ range: at, message, expected, actual });
  };
  const request = t.request;
  const result = evaluate(plan, request);
  // A claim expected to be rejected is judged by its expectation, not failed for its error.
  const toReject = new Set(t.expectations.filter((e) => e.what === 'rejected').map((e) => e.target));
  for (const err of result.errors) {
    if (err.claim !== undefined && toReject.has(err.claim)) continue;
    const rec = err.claim ? t.claims.find((c) => c.id === err.claim) : t.members.find((m) => m.id === err.member);
    fail(range(rec?.range ?? t.range), `${err.claim ? `claim ${err.claim}` : `member ${err.member}`}: ${err.path}: ${err.message}`);
  }
  const prem = t.expectations.some((e) => e.what === 'premium') ? premiums(plan, request) : undefined;
  for (const e of t.expectations) {
    const [expected, actual] = judge(e, result, prem);
    if (actual === undefined) fail(range(e.range), `no result for ${e.target}`, expected);
    else if (actual !== expected) {
      const what = `${e.target}${e.benefit ? `.${e.benefit}` : ''} ${e.what}`;
      fail(range(e.what === 'pays' || e.what === 'premium' ? e.range : e.valueRange), `${what}: expected ${expected ?? '?'}, got ${actual}`, expected, actual);
    }
  }
  return outcome;
}

type Expectation = IrTest['expectations'][number];

/** What the expectation states and what the results show, in words to compare: equal is a pass. */
function judge(e: Expectation, result: EvalResult, prem: ReturnType<typeof premiums> | undefined): [string | undefined, string | undefined] {
  const claim = result.claims.find((c) => c.id === e.target);
  switch (e.what) {
    case 'premium': {
      const err = prem?.errors.find((x) => x.member === e.target);
      return [e.expected ?? 'a plain amount such as 300.00', err ? `error: ${err.message}` : prem?.members.find((m) => m.id === e.target)?.premium];
    }
    case 'pays': {
      const expected = e.expected ?? 'a plain amount such as 300.00';
      if (e.of === 'member') return [expected, memberTotal(result, e.target, e.benefit)];
      if (!claim) return [expected, undefined];
      return [expected, e.benefit ? (claim.benefits.find((b) => b.name === e.benefit)?.payout ?? '0.00') : claim.payout];
    }
    case 'excluded': {
      const want = `excluded for a reason containing "${e.reason ?? ''}"`;
      if (!claim) return [want, result.errors.some((x) => x.claim === e.target) ? 'rejected' : undefined];
      const hit = claim.excluded.some((x) => x.reason.includes(e.reason ?? ''));
      return [want, hit ? want : claim.excluded.length ? `excluded for ${claim.excluded.map((x) => `"${x.reason}"`).join(', ')}` : 'not excluded'];
    }
    case 'rejected': {
      const want = `rejected with ${e.code ?? '?'}`;
      const errors = result.errors.filter((x) => x.claim === e.target);
      if (errors.some((x) => x.code === e.code)) return [want, want];
      return [want, errors.length ? `rejected with ${errors.map((x) => x.code).join(', ')}` : claim ? `settled, paying ${claim.payout}` : undefined];
    }
  }
}

/** A member's payouts over every benefit year of the test, overall or of one benefit, exactly. */
function memberTotal(result: EvalResult, member: string, benefit: string | undefined): string {
  // A member no claim of which settled has no benefit year in the results, and has been paid nothing.
  const years = result.members.filter((m) => m.id === member);
  let total = new Decimal(0);
  for (const y of years) total = total.plus(benefit ? (y.benefits.find((b) => b.name === benefit)?.payout ?? '0') : y.payout);
  return total.toFixed(2);
}
