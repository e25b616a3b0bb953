// The facts of the member, the claim and the current item (spec §11.1), each read once here in
// its integer form; the decimal path converts money and counts to decimals, so both paths read
// a fact the same way.
import Decimal from 'decimal.js';
import { fullYears } from '../core/dates';
import { fenToDecimal } from '../core/money';
import type { Env, RtClaim } from '../ir/env';
import { EvalError } from '../ir/env';
import type { IrAttribute, IrFact } from '../ir/plan';
import { IrShapeError, type Fn, type Mode } from './values';

type Kind = 'fen' | 'int' | 'day' | 'text' | 'flags';
interface Fact {
  kind: Kind;
  read: (env: Env) => number | string | ReadonlySet<string>;
}

/** A claim fact read where there is no claim (a premium, through a parameter). */
function noClaim(env: Env): never {
  throw new EvalError('YR013', { member: env.member.id });
}
const claimOf = (env: Env): RtClaim => env.claim ?? noClaim(env);

/**
 * A member's birth or enrolment day. Requests may leave out a field their plan never reads
 * (request.ts checks against the plan's needs), so reading an absent one is refused, never NaN.
 */
function day(env: Env, field: 'birthDate' | 'enrolledSince'): number {
  const d = field === 'birthDate' ? env.member.birthDay : env.member.enrolledDay;
  if (Number.isNaN(d)) throw new EvalError('YR015', { member: env.member.id, field, rule: 'the plan', ruleZh: '本方案' });
  return d;
}

const FACTS: Record<string, Fact> = {
  'member.id': { kind: 'text', read: (env) => env.member.id },
  'member.birthDate': { kind: 'day', read: (env) => day(env, 'birthDate') },
  'member.enrolledSince': { kind: 'day', read: (env) => day(env, 'enrolledSince') },
  'member.age': { kind: 'int', read: (env) => fullYears(day(env, 'birthDate'), env.day) },
  'member.enrolledYears': { kind: 'int', read: (env) => fullYears(day(env, 'enrolledSince'), env.yearStart) },
  'member.enrolledDays': { kind: 'int', read: (env) => Math.max(0, env.day - day(env, 'enrolledSince')) },
  'claim.id': { kind: 'text', read: (env) => claimOf(env).id },
  'claim.date': { kind: 'day', read: (env) => claimOf(env).day },
  'claim.year': { kind: 'int', read: (env) => env.year },
  'claim.setting': { kind: 'text', read: (env) => claimOf(env).setting },
  'claim.flags': { kind: 'flags', read: (env) => claimOf(env).flags },
  // Claim amounts as the benefit being settled sees them (net of excluded and hidden items).
  'claim.inPolicySelfPay': { kind: 'fen', read: (env) => (env.view ? env.view.in : claimOf(env).netIn) },
  'claim.outOfPolicySelfPay': { kind: 'fen', read: (env) => (env.view ? env.view.out : claimOf(env).netOut) },
  'claim.overLimitSelfPay': { kind: 'fen', read: (env) => claimOf(env).overFen },
  'item.code': { kind: 'text', read: (env) => env.item!.code },
  'item.amount': { kind: 'fen', read: (env) => env.item!.fen },
  'item.class': { kind: 'text', read: (env) => env.item!.cls },
  'item.category': { kind: 'text', read: (env) => env.item!.category },
};

export function fact(n: IrFact, mode: Mode): Fn {
  const f = FACTS[`${n.root}.${n.field}`];
  if (!f) throw new IrShapeError(`unknown fact ${n.root}.${n.field}`);
  const read = f.read;
  if (mode === 'int' || f.kind === 'day' || f.kind === 'text' || f.kind === 'flags') return read;
  if (f.kind === 'fen') return (env) => fenToDecimal(read(env) as number);
  return (env) => new Decimal(read(env) as number);
}

/** Attribute types the integer path reads as they are (numbers and money are decimals in a request). */
const INT_ATTRIBUTES = new Set(['bool', 'enum', 'text', 'date']);

/** A declared attribute, as validated: decimals for numbers and money, day numbers for dates. */
export function attribute(n: IrAttribute, mode: Mode): Fn {
  if (mode === 'int' && !INT_ATTRIBUTES.has(n.type)) throw new IrShapeError(`attribute ${n.name} of type ${n.type} marked int`);
  const id = n.name;
  if (n.on === 'claim') {
    return (env) => {
      const claim = claimOf(env);
      const v = claim.attributes.get(id);
      if (v === undefined) throw new EvalError('YR010', { claim: claim.id, attribute: id });
      return v;
    };
  }
  return (env) => {
    const v = env.member.attributes.get(id);
    if (v === undefined) throw new EvalError('YR010', { member: env.member.id, attribute: id });
    return v;
  };
}
