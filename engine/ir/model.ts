// The checked plan: every name resolved, every expression typed, data files loaded. This is the
// checker's output and the compiler's only input.
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import type { Ty } from './types';

export type SymbolKind =
  | 'param' | 'table' | 'catalogue' | 'group' | 'setting' | 'flag' | 'enum-value'
  | 'shared-deductible' | 'shared-cap' | 'benefit' | 'tilt' | 'attribute';

export interface Sym {
  kind: SymbolKind;
  name: string;
  range: Range;
  /** The canonical id of a setting or flag reached through its Chinese alias. */
  id?: string;
  decl?: A.Declaration;
}

/** Facts the checker records about expressions, keyed by node. */
export interface ExprInfo {
  types: Map<A.Expr, Ty>;
  /** What a `ref` expression resolved to. */
  refs: Map<A.Expr, Sym>;
  /** Canonical field id of a `field` expression (Chinese aliases resolved). */
  fields: Map<A.Expr, string>;
}

export interface VersionedValue<T> {
  steps: { from?: number; to?: number; value: T; range: Range }[];
}

export interface CheckedParam {
  name: string;
  type: Ty;
  value: VersionedValue<A.Expr>;
  range: Range;
}

export interface CheckedTable {
  name: string;
  keys: string[];
  /** Key cells joined with U+001F → value (decimal string, or text). */
  rows: Map<string, string>;
  valueType: Ty;
  range: Range;
}

export interface CheckedCatalogue {
  name: string;
  versions: VersionedValue<ReadonlySet<string>>;
  range: Range;
}

export interface CheckedGroup {
  name: string;
  label?: string;
  /** Absent: membership is listed in the request's `groups`. */
  condition?: A.Expr;
  cites?: A.Citation;
  range: Range;
}

export interface CheckedLimit {
  value: A.Expr;
  period: A.Period;
  /** Name of a shared limit, when the benefit uses one. */
  shared?: string;
  range: Range;
}

export interface CheckedBenefit {
  name: string;
  label?: string;
  index: number;
  /** Canonical setting ids; undefined means every setting. */
  settings?: ReadonlySet<string>;
  amount: A.Expr;
  amountRange: Range;
  excluding: number[];
  deductible?: CheckedLimit;
  cap?: CheckedLimit;
  ratio?: A.Expr;
  schedule?: A.Schedule;
  /** The benefit's citation, and those written after its clauses. */
  cites?: A.Citation;
  clauseCites?: A.BenefitDecl['clauseCites'];
  range: Range;
}

export interface CheckedTilt {
  name: string;
  label?: string;
  groups: string[];
  actions: CheckedTiltAction[];
  cites?: A.Citation;
  range: Range;
}

export interface CheckedTiltAction {
  /** Benefit or shared limit the action targets; undefined targets all of that kind. */
  scope?: string;
  target: 'deductible' | 'ratio' | 'cap';
  op: A.TiltOp;
  value?: A.Expr;
  range: Range;
}

export interface CheckedCombine {
  tilts: string[];
  rule: 'stack' | 'first' | 'best';
  range: Range;
}

export interface Rounding {
  /** The rounding step in fen (1 = 0.01 yuan). */
  stepFen: number;
  step: string;
  mode: A.RoundingMode;
}

export interface CheckedPlan {
  file: string;
  header: {
    name: string;
    source?: string;
    region?: string;
    valid?: { from: number; to: number };
    sold?: { from: number; to: number };
    /** The benefit year (spec §4.1); `from` is the day the first policy year starts. */
    year: { kind: 'calendar' } | { kind: 'from'; from: number } | { kind: 'anniversary' };
    itemsComplete: boolean;
    rounding: Rounding;
    range: Range;
  };
  settings: Map<string, { id: string; zh?: string; label?: string }>;
  flags: Map<string, { id: string; zh?: string; label?: string }>;
  attributes: Map<string, { name: string; type: Ty; range: Range }>;
  /** Declared attributes of each claim (`attribute claim.NAME: TYPE`). */
  claimAttributes: Map<string, { name: string; type: Ty; range: Range }>;
  params: Map<string, CheckedParam>;
  tables: Map<string, CheckedTable>;
  catalogues: Map<string, CheckedCatalogue>;
  groups: Map<string, CheckedGroup>;
  waiting?: { days: A.Expr; reason: string; cites?: A.Citation; range: Range };
  /** `payout within N working days` (spec §27). */
  deadline?: { workingDays: number; cites?: A.Citation; range: Range };
  exclusions: { level: 'claim' | 'item'; condition: A.Expr; reason: string; cites?: A.Citation; range: Range }[];
  sharedDeductibles: Map<string, CheckedLimit & { name: string }>;
  sharedCaps: Map<string, CheckedLimit & { name: string }>;
  benefits: CheckedBenefit[];
  tilts: CheckedTilt[];
  combines: CheckedCombine[];
  premium?: { lines: A.PremiumLine[]; cites?: A.Citation; range: Range };
  tests: A.TestDecl[];
  info: ExprInfo;
}
