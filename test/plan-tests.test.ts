// A plan's tests (spec §19): expectations of a claim's payout, a member's total over the test,
// an exclusion with its reason and a rejection with its code, each passing when the results say
// so and failing, with a message naming what was found, when they do not.
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/index';
import { runPlanTests } from '../engine/testing/plan-tests';
import { irOfText } from './helpers';

const PLAN = `plan "t" { valid 2025-01-01 to 2026-12-31 }
table 档 by year {
  2025 1000
}
benefit R1 {
  for inpatient
  amount claim.inPolicySelfPay
  deductible 档[claim.year] per year
  ratio 50%
}
benefit R2 {
  for inpatient
  amount claim.outOfPolicySelfPay
  ratio 10%
}
exclude claim when claim.flags has work_injury because "应当由工伤保险基金支付的"
`;

/** The plan with one test block holding the records and the expectation lines given. */
function run(expectations: string): { passed: boolean; messages: string[] } {
  const text = `${PLAN}
test "t" {
  member m { birthDate 1980-01-01, enrolledSince 2020-01-01 }
  member n { birthDate 1980-01-01, enrolledSince 2020-01-01 }
  claim c1 { member m, date 2025-02-01, setting inpatient, inPolicySelfPay 3000, outOfPolicySelfPay 1000 }
  claim c2 { member m, date 2025-05-01, setting inpatient, inPolicySelfPay 2000 }
  claim c3 { member m, date 2025-06-01, setting inpatient, inPolicySelfPay 5000, flags [work_injury] }
  claim c4 { member n, date 2026-02-01, setting inpatient, inPolicySelfPay 5000 }
${expectations}
}
`;
  const r = compile(text, 't.yibao');
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).join(', '));
  const [outcome] = runPlanTests(r.plan);
  return { passed: outcome!.passed, messages: outcome!.failures.map((f) => f.message) };
}

describe('expectations of a plan test', () => {
  it('pass when the results agree: claim, member total, one benefit of a member, exclusion, rejection', () => {
    // c1: R1 (3000 − 1000) × 50% = 1000, R2 1000 × 10% = 100; c2: R1 2000 × 50% = 1000; c3 excluded;
    // m's total 1000 + 100 + 1000 = 2100, of R1 2000. c4 (2026): the table has no row → YR007, n paid 0.
    const r = run(`  expect c1 pays 1100
  expect m pays 2100
  expect m.R1 pays 2000
  expect m.R2 pays 100
  expect c3 excluded "工伤"
  expect c4 rejected YR007
  expect n pays 0`);
    expect(r.messages).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it('fail, saying what was found, when they do not', () => {
    // c4's rejection is expected in each of these, so that only the line under test can fail.
    const c4 = '\n  expect c4 rejected YR007';
    expect(run(`  expect m pays 2000${c4}`).messages).toEqual(['m pays: expected 2000.00, got 2100.00']);
    expect(run(`  expect m.R2 pays 0${c4}`).messages).toEqual(['m.R2 pays: expected 0.00, got 100.00']);
    expect(run(`  expect c3 excluded "第三人"${c4}`).messages).toEqual(['c3 excluded: expected excluded for a reason containing "第三人", got excluded for "应当由工伤保险基金支付的"']);
    expect(run(`  expect c1 excluded "工伤"${c4}`).messages).toEqual(['c1 excluded: expected excluded for a reason containing "工伤", got not excluded']);
    expect(run(`  expect c1 rejected YR007${c4}`).messages).toEqual(['c1 rejected: expected rejected with YR007, got settled, paying 1100.00']);
    // Expected to be rejected, but with another code: the expectation fails, and the error is not reported twice.
    expect(run('  expect c4 rejected YR006').messages).toEqual(['c4 rejected: expected rejected with YR006, got rejected with YR007']);
    // An amount worked out (100 + 1000) is no plain amount: the expectation says what to write.
    expect(run(`  expect c1 pays 1000 + 100${c4}`).messages).toEqual(['c1 pays: expected a plain amount such as 300.00, got 1100.00']);
    // Without an expectation, a rejected claim fails the test.
    expect(run('').messages.join('\n')).toMatch(/^claim c4: \/claims\/3: /);
  });

  it('a premium is a member\'s, even where a claim of the test bears the same name', () => {
    const ir = irOfText(`plan "p" { valid 2025-01-01 to 2025-12-31 }
benefit R { amount claim.inPolicySelfPay  ratio 50% }
premium {
  89 when member.age < 60
  199 otherwise
}
test "t" {
  member x { birthDate 1980-01-01, enrolledSince 2020-01-01 }
  claim x { member x, date 2025-02-01, setting inpatient, inPolicySelfPay 100 }
  expect x premium 89
}
`);
    expect(ir.tests[0]!.expectations.map((e) => [e.target, e.what, e.of])).toEqual([['x', 'premium', 'member']]);
  });

  it('are checked: names of the right kind, benefits only for payouts, codes of the catalogue', () => {
    const diagnostics = (line: string) => {
      const text = `${PLAN}\ntest "t" {\n  member m { birthDate 1980-01-01, enrolledSince 2020-01-01 }\n  claim m { member m, date 2025-02-01, setting inpatient, inPolicySelfPay 3000 }\n  claim c1 { member m, date 2025-02-01, setting inpatient, inPolicySelfPay 3000 }\n${line}\n}\n`;
      return compile(text, 't.yibao').diagnostics.map((d) => d.code);
    };
    expect(diagnostics('  expect m pays 1')).toEqual(['YB905']);
    expect(diagnostics('  expect x pays 1')).toEqual(['YB901']);
    expect(diagnostics('  expect c1 premium 1')).toEqual(['YB901']);
    expect(diagnostics('  expect c1.R1 excluded "x"')).toEqual(['YB906']);
    expect(diagnostics('  expect c1 rejected YR999')).toEqual(['YB907']);
    expect(diagnostics('  expect c1.R9 pays 1')).toEqual(['YB903']);
  });
});
