// Runs a plan's tests as the IR holds them (written inside the plan, or in a test file beside it
// and lowered the same way): each test's request in the engine's JSON contract, validated like any
// other, and its expectations compared with the results.
import type { Range } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { range } from '../compile/values';
import type { IrTest } from '../ir/plan';
import { evaluate } from '../runtime/evaluate';
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
  for (const err of result.errors) {
    const rec = err.claim ? t.claims.find((c) => c.id === err.claim) : t.members.find((m) => m.id === err.member);
    fail(range(rec?.range ?? t.range), `${err.claim ? `claim ${err.claim}` : `member ${err.member}`}: ${err.path}: ${err.message}`);
  }
  const prem = t.expectations.some((e) => e.what === 'premium') ? premiums(plan, request) : undefined;
  for (const e of t.expectations) {
    if (e.expected === undefined) {
      fail(range(e.valueRange), 'an expectation must be a plain amount such as 300.00');
      continue;
    }
    let actual: string | undefined;
    if (e.what === 'premium') {
      actual = prem?.members.find((m) => m.id === e.target)?.premium;
      const err = prem?.errors.find((x) => x.member === e.target);
      if (err) actual = `error: ${err.message}`;
    } else {
      const claim = result.claims.find((c) => c.id === e.target);
      if (claim) actual = e.benefit ? (claim.benefits.find((b) => b.name === e.benefit)?.payout ?? '0.00') : claim.payout;
    }
    if (actual === undefined) fail(range(e.range), `no result for ${e.target}`, e.expected);
    else if (actual !== e.expected) {
      const what = `${e.target}${e.benefit ? `.${e.benefit}` : ''} ${e.what}`;
      fail(range(e.range), `${what}: expected ${e.expected}, got ${actual}`, e.expected, actual);
    }
  }
  return outcome;
}
