// Runs the `test` blocks written inside a plan: records become a request in the engine's JSON
// contract (validated like any other), expectations are compared to the results.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { evaluate } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';
import { moneyLiteralValue } from '../../grammar/to-ast';

export interface TestOutcome {
  name: string;
  range: Range;
  passed: boolean;
  failures: { range: Range; message: string; expected?: string; actual?: string }[];
}

const MEMBER_KEYS: Record<string, string> = { birthDate: 'birthDate', 出生日期: 'birthDate', enrolledSince: 'enrolledSince', 参保日期: 'enrolledSince', groups: 'groups', 人群: 'groups' };
const CLAIM_KEYS: Record<string, string> = {
  member: 'member', 参保人: 'member', date: 'date', 日期: 'date', setting: 'setting', 就医类别: 'setting', flags: 'flags', 标记: 'flags',
  inPolicySelfPay: 'inPolicySelfPay', 政策内自付: 'inPolicySelfPay', outOfPolicySelfPay: 'outOfPolicySelfPay', 政策外自费: 'outOfPolicySelfPay',
  overLimitSelfPay: 'overLimitSelfPay', 超限额自付: 'overLimitSelfPay', items: 'items', 明细: 'items',
};
const ITEM_KEYS: Record<string, string> = { code: 'code', 编码: 'code', amount: 'amount', 金额: 'amount', class: 'class', 类别: 'class', category: 'category', 分类: 'category' };
const TRUE = new Set(['yes', 'true', '是']);
const FALSE = new Set(['no', 'false', '否']);

function json(v: A.RecordValue, keys?: Record<string, string>, asBool = false): unknown {
  switch (v.kind) {
    case 'date':
      return v.value;
    case 'list':
      return v.values.map((x) => json(x, keys));
    case 'record':
      return Object.fromEntries(v.fields.map((f) => [keys?.[f.key.text] ?? f.key.text, json(f.value)]));
    case 'scalar': {
      const c = v.cell;
      if (c.kind === 'word' && asBool && TRUE.has(c.value)) return true;
      if (c.kind === 'word' && asBool && FALSE.has(c.value)) return false;
      if (c.kind === 'number' && asBool) return Number(c.value);
      if (c.kind === 'money') return moneyLiteralValue(c.value);
      return c.value;
    }
  }
}

export function testRequest(t: A.TestDecl): { members: unknown[]; claims: unknown[] } {
  const members = t.members.map((m) => {
    const rec: Record<string, unknown> = { id: m.name.text };
    const attributes: Record<string, unknown> = {};
    for (const f of m.fields) {
      const key = MEMBER_KEYS[f.key.text];
      if (key) rec[key] = json(f.value);
      else attributes[f.key.text] = json(f.value, undefined, true);
    }
    if (Object.keys(attributes).length > 0) rec.attributes = attributes;
    return rec;
  });
  const claims = t.claims.map((c) => {
    const rec: Record<string, unknown> = { id: c.name.text };
    for (const f of c.fields) rec[CLAIM_KEYS[f.key.text] ?? f.key.text] = json(f.value, f.key.text === 'items' || f.key.text === '明细' ? ITEM_KEYS : undefined);
    return rec;
  });
  return { members, claims };
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
