// Runs the `test` blocks written inside a plan: records become a request in the engine's JSON
// contract (validated like any other), expectations are compared to the results.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { evaluate } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';
import { testRequest } from '../check/test-records';

export interface TestOutcome {
  name: string;
  range: Range;
  passed: boolean;
  failures: { range: Range; message: string; expected?: string; actual?: string }[];
}

function expectedValue(e: A.Expr): string | undefined {
  if (e.kind === 'number' || e.kind === 'money') return new Decimal(e.value).toFixed(2);
  return undefined;
}

export function runPlanTests(plan: CompiledPlan): TestOutcome[] {
  return plan.tests.map((t) => runOne(plan, t));
}

function runOne(plan: CompiledPlan, t: A.TestDecl): TestOutcome {
  const outcome: TestOutcome = { name: t.name, range: t.range, passed: true, failures: [] };
  const fail = (range: Range, message: string, expected?: string, actual?: string) => {
    outcome.passed = false;
    outcome.failures.push({ range, message, expected, actual });
  };
  const request = testRequest(t);
  const result = evaluate(plan, request);
  for (const err of result.errors) {
    const rec = err.claim ? t.claims.find((c) => c.name.text === err.claim) : t.members.find((m) => m.name.text === err.member);
    fail(rec?.range ?? t.range, `${err.claim ? `claim ${err.claim}` : `member ${err.member}`}: ${err.path}: ${err.message}`);
  }
  const needsPremium = t.expectations.some((e) => e.what === 'premium');
  const prem = needsPremium ? premiums(plan, request) : undefined;
  for (const e of t.expectations) {
    const expected = expectedValue(e.value);
    if (expected === undefined) {
      fail(e.value.range, 'an expectation must be a plain amount such as 300.00');
      continue;
    }
    let actual: string | undefined;
    if (e.what === 'premium') {
      actual = prem?.members.find((m) => m.id === e.target.text)?.premium;
      const err = prem?.errors.find((x) => x.member === e.target.text);
      if (err) actual = `error: ${err.message}`;
    } else {
      const claim = result.claims.find((c) => c.id === e.target.text);
      if (claim) actual = e.benefit ? (claim.benefits.find((b) => b.name === e.benefit!.text)?.payout ?? '0.00') : claim.payout;
    }
    if (actual === undefined) fail(e.range, `no result for ${e.target.text}`, expected);
    else if (actual !== expected) {
      const what = `${e.target.text}${e.benefit ? `.${e.benefit.text}` : ''} ${e.what}`;
      fail(e.range, `${what}: expected ${expected}, got ${actual}`, expected, actual);
    }
  }
  return outcome;
}
