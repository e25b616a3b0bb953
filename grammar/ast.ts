// The abstract syntax tree. Every node carries the source range it came from.
import type { Range } from './diagnostic';

export interface Node {
  range: Range;
}

/** A declaration: any may be followed by its citation (`cites "文号" "条款" "摘录"`). */
export interface DeclNode extends Node {
  cites?: Citation;
}

/** A legal source: the document number (文号), the clause, a short quotation. */
export interface Citation extends Node {
  document: string;
  clause?: string;
  quote?: string;
}

export interface Name extends Node {
  text: string;
}

// ---- expressions ----
export type Expr =
  | NumberExpr
  | MoneyExpr
  | PercentExpr
  | PointsExpr
  | DaysExpr
  | DateExpr
  | StringExpr
  | BoolExpr
  | RefExpr
  | RootExpr
  | FieldExpr
  | IndexExpr
  | ListExpr
  | UnaryExpr
  | BinaryExpr
  | ItemsExpr
  | IfExpr
  | ExtremumExpr
  | MonthsExpr
  | FullYearsExpr
  | FundFnExpr;

/** Decimal literals keep their exact source text; the engine parses them with decimal.js. */
export interface NumberExpr extends Node { kind: 'number'; value: string }
/** Money in yuan, already multiplied out (1.5万 → "15000"). */
export interface MoneyExpr extends Node { kind: 'money'; value: string }
/** A percentage as written (55% → "55"). */
export interface PercentExpr extends Node { kind: 'percent'; value: string }
/** Percentage points (5pp → "5"). */
export interface PointsExpr extends Node { kind: 'points'; value: string }
export interface DaysExpr extends Node { kind: 'days'; value: string }
export interface DateExpr extends Node { kind: 'date'; value: string }
export interface StringExpr extends Node { kind: 'string'; value: string }
export interface BoolExpr extends Node { kind: 'bool'; value: boolean }
/** A plan-defined name (parameter, group, catalogue, table, setting, flag, attribute value). */
export interface RefExpr extends Node { kind: 'ref'; name: string }
/** `bill` and `paid` are read only in a chain's layer inputs. */
export interface RootExpr extends Node { kind: 'root'; root: 'member' | 'claim' | 'item' | 'bill' | 'paid' }
export interface FieldExpr extends Node { kind: 'field'; target: Expr; field: Name }
export interface IndexExpr extends Node { kind: 'index'; target: Expr; keys: Expr[] }
export interface ListExpr extends Node { kind: 'list'; elements: Expr[] }
export interface UnaryExpr extends Node { kind: 'unary'; op: 'neg' | 'not'; operand: Expr }
export type BinaryOp =
  | '+' | '-' | '*' | '/'
  | '=' | '!=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or' | 'in' | 'has' | 'has-any';
export interface BinaryExpr extends Node { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; opRange: Range }
/** A duration in calendar months as written: `6个月` is "6", `1年` / `1 year` is "12". */
export interface MonthsExpr extends Node { kind: 'months'; value: string }
/** `fullYears(a, b)`: full years from date a to date b. */
export interface FullYearsExpr extends Node { kind: 'fullYears'; from: Expr; to: Expr }
/** `previous(NAME)`, `cycleMean(NAME)`, `cycleSum(NAME)`: read only in fund plans. */
export interface FundFnExpr extends Node { kind: 'fundFn'; fn: 'previous' | 'cycleMean' | 'cycleSum'; name: Name; fnRange: Range }
/** `if COND then A else B`. */
export interface IfExpr extends Node { kind: 'if'; cond: Expr; then: Expr; else: Expr }
/** `min(a, b, …)` or `max(a, b, …)`; `fnRange` is the keyword. */
export interface ExtremumExpr extends Node { kind: 'extremum'; fn: 'min' | 'max'; args: Expr[]; fnRange: Range }
/** Sum of the claim's items in a catalogue, or matching a condition. */
export interface ItemsExpr extends Node {
  kind: 'items';
  catalogue?: Name;
  where?: Expr;
}

// ---- declarations ----
export type Declaration =
  | PlanHeader
  | SettingDecl
  | FlagDecl
  | AttributeDecl
  | ParamDecl
  | TableDecl
  | CatalogueDecl
  | GroupDecl
  | WaitingDecl
  | ExcludeDecl
  | SharedLimitDecl
  | BenefitDecl
  | TiltDecl
  | CombineDecl
  | PremiumDecl
  | TestDecl
  | ChainDecl
  | FundDecl
  | FloorsDecl
  | DeadlineDecl;

export interface DateSpan extends Node { from: string; to: string }

export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

export interface PlanHeader extends DeclNode {
  kind: 'plan';
  name: string;
  source?: string;
  region?: string;
  valid?: DateSpan;
  sold?: DateSpan;
  /** The benefit year: calendar (also when not written), from a day of the year, or from each member's enrolment anniversary. */
  year?: { kind: 'calendar' | 'anniversary'; range: Range } | { kind: 'from'; date: string; range: Range };
  rounding?: { step: string; mode: RoundingMode; range: Range };
  /** `items complete`: a claim's items are its full breakdown (by default they may tag part of it). */
  itemsComplete?: boolean;
}

export interface SettingDecl extends DeclNode { kind: 'setting'; name: Name; label?: string }
export interface FlagDecl extends DeclNode { kind: 'flag'; name: Name; label?: string }
/** `attribute NAME: TYPE` (of the member) or `attribute claim.NAME: TYPE` (of each claim). */
export interface AttributeDecl extends DeclNode { kind: 'attribute'; on: 'member' | 'claim'; name: Name; values: Name[] }

/** A value that is either one expression, or steps each in force from a date. */
export type Versioned<T> =
  | { kind: 'constant'; value: T }
  | { kind: 'steps'; steps: VersionStep<T>[] };
export interface VersionStep<T> extends Node { from: string; to?: string; value: T; headRange: Range }

export interface ParamDecl extends DeclNode { kind: 'param'; name: Name; value: Versioned<Expr> }

export type Cell = { kind: 'number' | 'money' | 'percent' | 'string' | 'word'; value: string; range: Range };
export interface TableDecl extends DeclNode {
  kind: 'table';
  name: Name;
  keys: Name[];
  file?: FileRef;
  rows: { cells: Cell[]; range: Range }[];
}

export interface FileRef extends Node { path: string }
export type CatalogueSource = { kind: 'file'; file: FileRef } | { kind: 'inline'; codes: { code: string; range: Range }[]; range: Range };
export interface CatalogueDecl extends DeclNode { kind: 'catalogue'; name: Name; source: Versioned<CatalogueSource> }

export interface GroupDecl extends DeclNode { kind: 'group'; name: Name; label?: string; condition?: Expr }
export interface WaitingDecl extends DeclNode { kind: 'waiting'; duration: Expr; reason?: string }
export interface ExcludeDecl extends DeclNode { kind: 'exclude'; level: 'claim' | 'item'; condition: Expr; reason: string }

export type Period = 'year' | 'claim';
export interface SharedLimitDecl extends DeclNode {
  kind: 'shared-deductible' | 'shared-cap';
  name: Name;
  value: Expr;
  period: Period;
}

export type LimitClause =
  | { kind: 'own'; value: Expr; period: Period; range: Range }
  | { kind: 'shared'; name: Name; range: Range };

export interface Band extends Node { from: Expr; to?: Expr; ratio: Expr }
export interface Schedule extends Node {
  kind: 'banded' | 'whole-amount';
  basis: 'annual' | 'above-deductible';
  bands: Band[];
}

export interface BenefitDecl extends DeclNode {
  kind: 'benefit';
  name: Name;
  label?: string;
  settings?: Name[];
  amount?: { expr: Expr; excluding: Name[]; range: Range };
  deductible?: LimitClause;
  cap?: LimitClause;
  ratio?: Expr;
  schedule?: Schedule;
  /** Citations written after one of its clauses (`ratio 70% cites "…"`). */
  clauseCites?: Partial<Record<'settings' | 'amount' | 'deductible' | 'cap' | 'ratio' | 'schedule', Citation>>;
  /** Clauses written more than once: reported by the checker. */
  duplicates: { clause: string; range: Range }[];
}

export type TiltOp = 'waive' | 'scale' | 'cut' | 'add' | 'subtract';
export interface TiltAction extends Node {
  benefit?: Name;
  target: 'deductible' | 'ratio' | 'cap';
  op: TiltOp;
  value?: Expr;
}
export interface TiltDecl extends DeclNode { kind: 'tilt'; name: Name; label?: string; groups: Name[]; actions: TiltAction[] }
export interface CombineDecl extends DeclNode { kind: 'combine'; tilts: Name[]; rule: 'stack' | 'first' | 'best' }

export interface PremiumLine extends Node { amount: Expr; condition?: Expr }
export interface PremiumDecl extends DeclNode { kind: 'premium'; lines: PremiumLine[] }

export type RecordValue =
  | { kind: 'scalar'; cell: Cell }
  | { kind: 'date'; value: string; range: Range }
  | { kind: 'list'; values: RecordValue[]; range: Range }
  | { kind: 'record'; fields: RecordField[]; range: Range };
export interface RecordField extends Node { key: Name; value: RecordValue }
export interface TestRecord extends Node { name: Name; fields: RecordField[] }
/**
 * `pays` and `premium` state an amount (`value`); `excluded` the text of a reason (`reason`);
 * `rejected` a request error code (`code`).
 */
export interface Expectation extends Node {
  target: Name;
  benefit?: Name;
  what: 'pays' | 'premium' | 'excluded' | 'rejected';
  value?: Expr;
  reason?: string;
  code?: Name;
}
export interface TestDecl extends DeclNode {
  kind: 'test';
  name: string;
  members: TestRecord[];
  claims: TestRecord[];
  expectations: Expectation[];
}

/** `payout within N working days`: the number as written (the checker wants a whole number ≥ 1). */
export interface DeadlineDecl extends DeclNode { kind: 'deadline'; days: string; daysRange: Range }

/** `claim.FIELD = EXPR` in a layer: the layer's claim field, worked out from the bill and the layers below. */
export interface LayerInput extends Node { field: Name; value: Expr }
export interface LayerDecl extends DeclNode { name: Name; plan: FileRef; inputs: LayerInput[] }
/** A settlement chain: the bill's cost parts, then its layers, lowest first. */
export interface ChainDecl extends DeclNode { kind: 'chain'; name: string; bill: Name[]; layers: LayerDecl[] }

export interface Program extends Node {
  declarations: Declaration[];
}

// ---- fund plans (spec §28) ----
export type FundItem =
  | FundCycle
  | FundInput
  | FundShares
  | FundLet
  | FundRequire
  | FundAllocate
  | FundRounding;
/** `cycle 3 years [from 2024]`. */
export interface FundCycle extends DeclNode { kind: 'cycle'; years: string; yearsRange: Range; from?: string }
/** `input NAME amount|ratio`: given for each year by the data. */
export interface FundInput extends DeclNode { kind: 'input'; name: Name; type: 'money' | 'ratio' }
export interface FixedShare extends Node { name: Name; percent: string }
/** Fixed shares in the plan, or (without `fixed`) shares each year of the data gives, at most `atMost` of them. */
export interface FundShares extends DeclNode { kind: 'shares'; name: Name; atMost?: { value: string; range: Range }; fixed?: FixedShare[] }
export interface FundLet extends DeclNode { kind: 'let'; name: Name; value: Expr }
export interface FundRequire extends DeclNode { kind: 'require'; text: string; condition: Expr }
export interface FundAllocate extends DeclNode { kind: 'allocate'; value: Name; shares: Name }
export interface FundRounding extends DeclNode { kind: 'rounding'; step: string; mode: RoundingMode }
/** A fund plan: rules over a year's or a cycle's totals. */
export interface FundDecl extends DeclNode { kind: 'fund'; name: string; items: FundItem[] }

// ---- floors (spec §29) ----
/** `require "text" MEASURE [SETTING] >= BOUND [from D] [to D]`: one rule every plan of the region must meet. */
export interface FloorRule extends DeclNode {
  kind: 'floor';
  text: string;
  measure: Name;
  setting?: Name;
  bound: Expr;
  from?: { date: string; range: Range };
  to?: { date: string; range: Range };
}
export interface FloorsRegion extends DeclNode { kind: 'region'; region: string }
export type FloorsItem = FloorsRegion | TableDecl | FloorRule;
/** Floors: what a region requires of its plans. */
export interface FloorsDecl extends DeclNode { kind: 'floors'; name: string; items: FloorsItem[] }
