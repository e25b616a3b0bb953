// The result model, listed once: the fields of a settled claim and of a member's year, in the order
// they are written. The API's objects (result-object.ts) and batch's result lines (result-bytes.ts)
// are both made from these lists, so a field added here appears in both, in the same place.
import type { Range } from '../../grammar/diagnostic';
import type { RtClaim, RtMember } from '../ir/env';
import type { BenefitRows, ClaimOut, TraceStep } from './outcome';
import type { YearState } from './settle';

/** What a claim result's fields are read from. */
export interface ClaimView { member: RtMember; claim: RtClaim; out: ClaimOut }
/** What a member-year's fields are read from. */
export interface YearView { member: RtMember; year: number; state: YearState }
/** A benefit as the plan declares it: what its own fields are read from. */
export interface BenefitDef { name: string; label?: string }

// `any`: each list reads its own kind of record; the constructors below check every getter
// against the record its list is declared over.
type Rec = any;
type Get<S, V> = (s: S, row: number) => V;

/** A value read from the record: text, fen (written as yuan), an integer, or JSON as it is. */
export interface ValueField<K extends string = string> {
  key: K;
  kind: 'text' | 'money' | 'int' | 'json';
  /** The value; undefined (only for an optional field) leaves the field out. */
  get: Get<Rec, unknown>;
  optional: boolean;
  /** Few distinct values, all from the plan: the byte form keeps each one's bytes. */
  repeats: boolean;
  /** Only in the object form: batch lines carry no trace. */
  objectOnly: boolean;
}
/** Text that depends only on the row's benefit (its name, its label): made once per benefit. */
export interface BenefitField<K extends string = string> {
  key: K;
  kind: 'benefit';
  /** The text; undefined leaves the field out. */
  of(b: BenefitDef): string | undefined;
}
/** An array of records, one per row of what `rows` gives. */
export interface ListField<K extends string = string> {
  key: K;
  kind: 'list';
  rows: (s: Rec) => Rec;
  count: (rows: Rec) => number;
  /** The plan's index of the benefit on a row, for lists with benefit fields. */
  benefitOf?: Get<Rec, number>;
  fields: readonly Field[];
}
export type Field<K extends string = string> = ValueField<K> | BenefitField<K> | ListField<K>;

type Flags = Partial<Pick<ValueField, 'optional' | 'repeats' | 'objectOnly'>>;
const value = <K extends string>(kind: ValueField['kind'], key: K, get: Get<Rec, unknown>, f: Flags = {}): ValueField<K> =>
  ({ key, kind, get, optional: !!f.optional, repeats: !!f.repeats, objectOnly: !!f.objectOnly });
// Only money is written its own way; text is written as JSON.stringify writes it, only faster, and
// an int or a json value is JSON.stringify's: the other kinds name what the field holds.
// Stryker disable next-line StringLiteral: see above
const text = <K extends string, S>(key: K, get: Get<S, string | undefined>, f?: Flags) => value('text', key, get, f);
const money = <K extends string, S>(key: K, get: Get<S, number>) => value('money', key, get);
// Stryker disable next-line StringLiteral: see above
const int = <K extends string, S>(key: K, get: Get<S, number>) => value('int', key, get);
// Stryker disable next-line StringLiteral: see above
const json = <K extends string, S>(key: K, get: Get<S, object | undefined>, f?: Flags) => value('json', key, get, f);
const benefit = <K extends string>(key: K, of: (b: BenefitDef) => string | undefined): BenefitField<K> => ({ key, kind: 'benefit', of });
const list = <K extends string, S, R>(key: K, rows: (s: S) => R, count: (r: R) => number, fields: readonly Field[], benefitOf?: Get<R, number>): ListField<K> =>
  ({ key, kind: 'list', rows, count, fields, benefitOf });

/** A benefit's line: on a claim, what it paid of that claim; on a member's year, its totals. */
export const BENEFIT_LINE = [
  benefit('name', (b) => b.name),
  // Next to the name, as readers of the JSON expect it; absent when the plan gives none.
  benefit('label', (b) => b.label || undefined),
  money('eligible', (r: BenefitRows, i) => r.eligibleOf(i)),
  money('deductible', (r: BenefitRows, i) => r.deductibleOf(i)),
  money('payout', (r: BenefitRows, i) => r.payoutOf(i)),
] as const;

type Exclusions = ClaimOut['excluded'];
/** An amount an exclusion rule kept out: the whole claim, or one item. */
export const EXCLUSION = [
  text('reason', (xs: Exclusions, i) => xs[i]!.reason, { repeats: true }),
  money('amount', (xs: Exclusions, i) => xs[i]!.fen),
  text('item', (xs: Exclusions, i) => xs[i]!.item, { optional: true }),
  // The rule's place in the plan: one object per rule, so its bytes are made once.
  json('range', (xs: Exclusions, i) => xs[i]!.range, { optional: true, repeats: true }),
] as const;

const rowCount = (r: BenefitRows) => r.count;
const rowBenefit = (r: BenefitRows, i: number) => r.benefitOf(i);

/** A settled claim. Batch lines are exactly these fields but the trace, as JSON.stringify writes them. */
export const CLAIM_RESULT = [
  text('id', (s: ClaimView) => s.claim.id),
  text('member', (s: ClaimView) => s.member.id),
  text('date', (s: ClaimView) => s.claim.date),
  money('payout', (s: ClaimView) => s.out.payout),
  list('benefits', (s: ClaimView): BenefitRows => s.out, rowCount, BENEFIT_LINE, rowBenefit),
  list('excluded', (s: ClaimView) => s.out.excluded, (xs: Exclusions) => xs.length, EXCLUSION),
  json('trace', (s: ClaimView) => s.out.trace ?? [], { objectOnly: true }),
] as const;

/** A member's benefit year: its totals, benefit by benefit (every benefit of the plan). */
export const MEMBER_YEAR = [
  text('id', (s: YearView) => s.member.id),
  int('year', (s: YearView) => s.year),
  money('payout', (s: YearView) => s.state.totalPaid()),
  list('benefits', (s: YearView): BenefitRows => s.state, rowCount, BENEFIT_LINE, rowBenefit),
] as const;

export interface BenefitLine {
  name: string;
  label?: string;
  eligible: string;
  deductible: string;
  payout: string;
}

export interface Exclusion { reason: string; amount: string; item?: string; range?: Range }

export interface ClaimResult {
  id: string;
  member: string;
  date: string;
  payout: string;
  benefits: BenefitLine[];
  excluded: Exclusion[];
  trace: TraceStep[];
}

export interface MemberYear {
  id: string;
  year: number;
  payout: string;
  benefits: BenefitLine[];
}

// The types above are the lists' object form for TypeScript; these fail to compile when a list
// and its type name different fields.
type KeysOf<L extends readonly Field[]> = L[number]['key'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ResultTypesMatchLists = [
  Assert<Same<KeysOf<typeof CLAIM_RESULT>, keyof ClaimResult>>,
  Assert<Same<KeysOf<typeof BENEFIT_LINE>, keyof BenefitLine>>,
  Assert<Same<KeysOf<typeof EXCLUSION>, keyof Exclusion>>,
  Assert<Same<KeysOf<typeof MEMBER_YEAR>, keyof MemberYear>>,
];
