// A plan's own `test` blocks: their records as a request in the JSON contract (exactly what the
// test runner sends), where each record was written, and the expected amounts.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import { testRequest } from '../check/test-records';
import type { IrTest } from '../ir/plan';
import { defined } from './context';
import { irRange } from './expr';

/** The amount an expectation states, with two decimals; undefined when it is not a plain amount. */
function expected(e: A.Expr | undefined): string | undefined {
  return e && (e.kind === 'number' || e.kind === 'money') ? new Decimal(e.value).toFixed(2) : undefined;
}

export function lowerTests(tests: A.TestDecl[], claimAttributes: ReadonlySet<string>): IrTest[] {
  return tests.map((t) => {
    const request = testRequest(t, claimAttributes) as IrTest['request'];
    return {
      name: t.name,
      // Through JSON: the request is plain data whatever the records held.
      request: JSON.parse(JSON.stringify(request)) as IrTest['request'],
      members: t.members.map((m) => ({ id: m.name.text, range: irRange(m.range) })),
      claims: t.claims.map((c) => ({ id: c.name.text, range: irRange(c.range) })),
      expectations: t.expectations.map((e) =>
        defined({
          target: e.target.text,
          // Checked: a premium is a member's; any other expectation names a claim or a member of the test, never both.
          of: e.what === 'premium' || !t.claims.some((c) => c.name.text === e.target.text) ? ('member' as const) : ('claim' as const),
          benefit: e.benefit?.text,
          what: e.what,
          expected: expected(e.value),
          reason: e.reason,
          code: e.code?.text,
          range: irRange(e.range),
          valueRange: irRange((e.value ?? e.code ?? e).range),
        }),
      ),
      range: irRange(t.range),
    };
  });
}
