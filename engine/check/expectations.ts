// The expectations of a test block (spec §19), checked the same way in a plan and in a test file:
// each names a record of its test of the right kind, a benefit of the plan, a request error code
// of the catalogue.
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { diag } from '../ir/diagnostics';
import { REQUEST_CATALOGUE } from '../ir/request-errors';

const MEMBER = { kind: 'member', kindZh: '参保人' };
const CLAIM = { kind: 'claim', kindZh: '理赔' };
const EITHER = { kind: 'claim or member', kindZh: '理赔或参保人' };

/** Reports what a test's expectations name wrongly; `value` checks an amount stated. */
export function checkExpectations(d: A.TestDecl, benefits: (name: string) => boolean, out: Diagnostic[], value?: (e: A.Expr) => void): void {
  const members = new Set(d.members.map((m) => m.name.text));
  const claims = new Set(d.claims.map((c) => c.name.text));
  for (const e of d.expectations) {
    const name = e.target.text;
    const isMember = members.has(name);
    const isClaim = claims.has(name);
    if (e.what === 'pays' && isMember && isClaim) out.push(diag('YB905', e.target.range, { name }));
    else if (e.what === 'premium' ? !isMember : e.what === 'pays' ? !isMember && !isClaim : !isClaim) {
      out.push(diag('YB901', e.target.range, { ...(e.what === 'premium' ? MEMBER : e.what === 'pays' ? EITHER : CLAIM), name }));
    }
    if (e.benefit && e.what !== 'pays') out.push(diag('YB906', e.benefit.range, { name: e.benefit.text }));
    else if (e.benefit && !benefits(e.benefit.text)) out.push(diag('YB903', e.benefit.range, { name: e.benefit.text }));
    if (e.code && !Object.hasOwn(REQUEST_CATALOGUE, e.code.text)) out.push(diag('YB907', e.code.range, { code: e.code.text }));
    if (e.value) value?.(e.value);
  }
}
