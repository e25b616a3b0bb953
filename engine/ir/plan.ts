// The plan as data: the lowered, typed IR (spec/ir.md). A checked plan lowers to this
// (engine/lower/), and everything after the checker — the compiler, batch workers, the editor's
// worker, later backends — can work from it alone: no syntax tree, no lookup maps keyed by nodes,
// no file reader. Plain JSON data only: objects, arrays, strings, numbers, booleans; no
// functions, classes, Maps, Sets or undefined-valued keys (an absent optional field is left out).
// The JSON Schema of this shape is engine/ir/plan-schema.ts (spec/schemas/plan-ir.schema.json).

/** The version of this shape. A change that a reader of version 1 would misread bumps it. */
export const IR_VERSION = 2;

// ---------------------------------------------------------------- places and dates

/** A place in the plan's file: 1-based line and column (UTF-16 code units), 0-based offset. */
export interface IrPosition {
  line: number;
  column: number;
  offset: number;
}

/** The source range a part came from, relative to the plan's file (`PlanIR.file`); end exclusive. */
export interface IrRange {
  start: IrPosition;
  end: IrPosition;
}

/** A calendar date, `YYYY-MM-DD` (a real date; both ends of a span are included). */
export type IrDate = string;

/** A span of dates, both days included. */
export interface IrDateSpan {
  from: IrDate;
  to: IrDate;
}

// ---------------------------------------------------------------- expressions

/**
 * The type of an expression's value. Numbers carry their unit: money (yuan), ratio (a fraction,
 * 100 % = 1), points (percentage points, a change of a ratio), number (a plain number), days.
 * A bare number written in the plan takes the unit of what it meets (spec §2.1); its node says
 * which (`bare: true` marks it). `enum` is a value of an enumerated attribute; `setting`, `flag`,
 * `flags` (the claim's set of flags) and `class` (an item's `in`/`out`) are the claim's
 * vocabularies; `group`, `catalogue` and `table` appear only where a name of one stands alone.
 */
export type IrType =
  | 'money' | 'ratio' | 'points' | 'number' | 'days' | 'months' | 'date' | 'bool' | 'text'
  | 'setting' | 'flag' | 'flags' | 'class' | 'enum' | 'list' | 'group' | 'catalogue' | 'table';

/**
 * How an expression is computed, as lowering decides it (engine/lower/exact.ts) for the compiler
 * to follow: `int` — on the exact integer path (money in fen, ratios in basis points, counts and
 * days as whole numbers, dates as day numbers); `decimal` — with decimal.js (20 significant
 * digits), then rounded half up to the fen or basis point where a money or ratio value is used.
 * The decision is taken per root expression (an amount, a band edge, a condition…): either every
 * node of it is `int` or every node is `decimal`.
 */
export type IrExactness = 'int' | 'decimal';

/**
 * The integer an `int` node holds: `fen` (0.01 yuan), `bp` (basis points, 0.01 %), `int` (the
 * whole number itself: a count, a year, an age, days; also a bare-number parameter, held as the
 * whole yuan written), `day` (a date as days since 1970-01-01). Absent on non-numeric nodes.
 */
export type IrRepr = 'fen' | 'bp' | 'int' | 'day';

/** What every expression node has: its type, where it was written, and how it is computed. */
export interface IrExprBase {
  type: IrType;
  /** For `list`: the type of its elements. */
  of?: IrType;
  exact: IrExactness;
  repr?: IrRepr;
  range: IrRange;
}

/**
 * A number written in the plan. `value` is the exact decimal the decimal path uses: yuan for
 * money, a fraction for ratios and points (55 % is "0.55"), days, or the plain number. The exact
 * integers follow where they exist: `fen` (money), `bp` (ratios and points), `int` (a whole
 * number written without a unit, or days). `bare`: written as a bare number (`6000`, not `6000元`).
 */
export interface IrConst extends IrExprBase {
  kind: 'const';
  value: string;
  bare?: true;
  fen?: number;
  bp?: number;
  int?: number;
}

/** A date literal, as written and as its day number (days since 1970-01-01). */
export interface IrDateConst extends IrExprBase { kind: 'date'; value: IrDate; day: number }
/** A string literal. */
export interface IrText extends IrExprBase { kind: 'text'; value: string }
/** `true` / `false` (是 / 否). */
export interface IrBool extends IrExprBase { kind: 'bool'; value: boolean }

/**
 * A name that evaluates to itself: a care setting or claim flag (by its canonical id, whatever
 * spelling was written), a value of an enumerated attribute, or — standing alone — the name of a
 * group, catalogue or table.
 */
export interface IrSymbol extends IrExprBase {
  kind: 'symbol';
  symbol: 'setting' | 'flag' | 'enum-value' | 'group' | 'catalogue' | 'table';
  id: string;
}

/** A parameter's value (the step in force on the evaluation date; see `PlanIR.params`). */
export interface IrParamRef extends IrExprBase { kind: 'param'; name: string }

/**
 * A built-in fact of the member, the claim or the current item, by its canonical field id
 * (`claim.inPolicySelfPay`, `member.age`, `item.code`; spec §11.1). Claim amounts are as the
 * benefit being settled sees them (net of excluded items and of items taken by the benefits it
 * is `excluding`).
 */
export interface IrFact extends IrExprBase {
  kind: 'fact';
  root: 'member' | 'claim' | 'item';
  field: string;
}

/**
 * A declared attribute of the member (`member.residence`) or, with `on: 'claim'`, of the claim
 * (`claim.hospitalLevel`); missing in the request where it is read: the claim fails (YR010).
 */
export interface IrAttribute extends IrExprBase { kind: 'attribute'; name: string; on?: 'claim' }

/** `TABLE[k1, k2…]`: the row whose key cells equal the keys as text (no row: YR007). */
export interface IrLookup extends IrExprBase { kind: 'lookup'; table: string; keys: IrExpr[] }

/** `[a, b, …]`. */
export interface IrList extends IrExprBase { kind: 'list'; elements: IrExpr[] }

/** `-x`. */
export interface IrNeg extends IrExprBase { kind: 'neg'; operand: IrExpr }
/** `not x`. */
export interface IrNot extends IrExprBase { kind: 'not'; operand: IrExpr }

/** `+ - * /` (a zero divisor fails the claim: YR009). A date plus or minus days is a date. */
export interface IrArith extends IrExprBase { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: IrExpr; right: IrExpr }

/** A comparison (numbers of one unit, dates, or equal-able values for `=`/`!=`). */
export interface IrCompare extends IrExprBase { kind: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: IrExpr; right: IrExpr }

/** `and` / `or`, left first, short-circuit. */
export interface IrLogic extends IrExprBase { kind: 'logic'; op: 'and' | 'or'; left: IrExpr; right: IrExpr }

/** `member in G` / `member in [G1, G2]`: the member is in any of the groups. */
export interface IrInGroups extends IrExprBase { kind: 'in-groups'; groups: string[] }

/** `x in CATALOGUE`: the text is a code of the catalogue's version in force. */
export interface IrInCatalogue extends IrExprBase { kind: 'in-catalogue'; value: IrExpr; catalogue: string }

/** `x in [a, b]` (or a list-valued expression): x equals one of the elements. */
export interface IrInList extends IrExprBase { kind: 'in-list'; value: IrExpr; list: IrExpr }

/** `claim.flags has F`. */
export interface IrHas extends IrExprBase { kind: 'has'; flags: IrExpr; flag: IrExpr }

/** `claim.flags has any [F1, F2]`. */
export interface IrHasAny extends IrExprBase { kind: 'has-any'; flags: IrExpr; list: IrExpr }

/**
 * `items in CATALOGUE` / `items where COND`: the sum (money) of the claim's items that no
 * exclusion removed and no `excluding` benefit took, in the catalogue and/or matching the
 * condition (evaluated with `item` bound). The items chosen are taken by the benefit settling.
 */
export interface IrItems extends IrExprBase { kind: 'items'; catalogue?: string; where?: IrExpr }

/** `fullYears(from, to)`: full years from one date to another (0 when `to` is before `from`). */
export interface IrFullYears extends IrExprBase { kind: 'full-years'; from: IrExpr; to: IrExpr }

/** `if cond then A else B`: only the branch the condition picks is evaluated. */
export interface IrIf extends IrExprBase { kind: 'if'; cond: IrExpr; then: IrExpr; else: IrExpr }

/** `min(a, b, …)` / `max(a, b, …)` of values of one unit (money, ratios, numbers, days or dates). */
export interface IrExtremum extends IrExprBase { kind: 'extremum'; fn: 'min' | 'max'; args: IrExpr[] }

/** A typed expression tree, discriminated by `kind`. */
export type IrExpr =
  | IrConst | IrDateConst | IrText | IrBool | IrSymbol | IrParamRef | IrFact | IrAttribute
  | IrLookup | IrList | IrNeg | IrNot | IrArith | IrCompare | IrLogic
  | IrInGroups | IrInCatalogue | IrInList | IrHas | IrHasAny | IrItems | IrIf | IrExtremum | IrFullYears;

// ---------------------------------------------------------------- values used as money or ratios

/** A value by date: in force from `from` to `to` (both included; absent: unbounded that way). */
export interface IrDatedFen { from?: IrDate; to?: IrDate; fen: number }
export interface IrDatedBp { from?: IrDate; to?: IrDate; bp: number }

/**
 * A place that takes money (an amount, a deductible, a cap, a band edge, a premium, a tilt's
 * amount): its expression, rounded half up to the fen where used. When the value depends on no
 * fact of the member or claim: `fen` if it is the same on every date, else `byDate`, the value
 * for each date step (dates with no value in force are left out: a claim then fails, YR006).
 */
export interface IrMoneySlot {
  unit: 'fen';
  expr: IrExpr;
  fen?: number;
  byDate?: IrDatedFen[];
}

/** A place that takes a ratio (a benefit's ratio, a band's ratio, a tilt's percentage or points), in basis points. */
export interface IrRatioSlot {
  unit: 'bp';
  expr: IrExpr;
  bp?: number;
  byDate?: IrDatedBp[];
}

// ---------------------------------------------------------------- declarations

/** A legal source (spec §3.1): the document number (文号), the clause, a short quotation. */
export interface IrCitation {
  document: string;
  clause?: string;
  quote?: string;
  range: IrRange;
}

/** The plan header (spec §4). `valid`: claims dated outside pay 0 and are listed as excluded. */
export interface IrHeader {
  name: string;
  source?: string;
  region?: string;
  valid?: IrDateSpan;
  sold?: IrDateSpan;
  /**
   * The benefit year: the calendar year; a policy year starting each year on the month and day of
   * `from` (which names the first); or each member's enrolment anniversary (spec §4.1).
   */
  year: { kind: 'calendar' } | { kind: 'from'; from: IrDate } | { kind: 'anniversary' };
  /** `items complete`: each class total must be the sum of its items; absent, items may tag part of a claim. */
  itemsComplete?: true;
  /** Each payout is rounded with this step (yuan as written, and in fen) and mode. */
  rounding: { step: string; stepFen: number; mode: 'half-up' | 'half-even' | 'down' | 'up' };
  range: IrRange;
}

/** A care setting or claim flag the plan knows: built-in (with its Chinese name) or declared. */
export interface IrVocabularyEntry {
  id: string;
  zh?: string;
  label?: string;
  builtin: boolean;
}

/** A declared member attribute and the values a request may give it. */
export interface IrAttributeDecl {
  name: string;
  type: 'boolean' | 'number' | 'money' | 'date' | 'text' | 'enum';
  /** For `enum`: its values, in the order written. */
  values?: string[];
  range: IrRange;
}

/** One date step of a parameter: in force from `from` to `to` (absent: unbounded), both included. */
export interface IrParamStep {
  from?: IrDate;
  to?: IrDate;
  value: IrExpr;
  range: IrRange;
}

/**
 * A parameter: its type and its value by date step (one step without dates when not versioned).
 * `exact`/`repr`: whether the integer path can use it (every step `int` of one repr); the
 * decimal path can always evaluate it. No step in force on a date: the claim fails (YR006).
 */
export interface IrParam {
  name: string;
  type: IrType;
  exact: IrExactness;
  repr?: IrRepr;
  steps: IrParamStep[];
  range: IrRange;
}

/**
 * A table with its rows resolved (inline or read from CSV at check time). Keys are compared as
 * text. `valueType` money: `value` is yuan and `fen` the exact fen; ratio: `value` is a fraction and
 * `bp` basis points; text: `value` as written.
 */
export interface IrTable {
  name: string;
  keys: string[];
  valueType: 'money' | 'ratio' | 'text';
  rows: { keys: string[]; value: string; fen?: number; bp?: number }[];
  range: IrRange;
}

/** One version of a catalogue: its codes (inline or read from CSV at check time), in file order. */
export interface IrCatalogueVersion {
  from?: IrDate;
  to?: IrDate;
  codes: string[];
  range: IrRange;
}

/** A catalogue of item codes, by date (one version without dates when not versioned). */
export interface IrCatalogue {
  name: string;
  versions: IrCatalogueVersion[];
  range: IrRange;
}

/**
 * A group of members: `listed` (membership from the request's `groups`) or by `condition` over
 * member facts. `changesWithinYear`: membership may change from one claim date to the next in a
 * year (it reads age, days enrolled, a parameter, a table or items), so it cannot be cached per year.
 */
export interface IrGroup {
  name: string;
  label?: string;
  listed: boolean;
  condition?: IrExpr;
  changesWithinYear: boolean;
  cites?: IrCitation;
  range: IrRange;
}

/** A payout deadline in working days, counted from the day after a claim's submission. */
export interface IrDeadline {
  workingDays: number;
  cites?: IrCitation;
  range: IrRange;
}

/** The waiting period: a claim before `member.enrolledDays` reaches `days` is not covered. */
export interface IrWaiting {
  days: IrExpr;
  /** The number of days, when it is a constant. */
  constant?: number;
  reason: string;
  cites?: IrCitation;
  range: IrRange;
}

/** An exclusion of a whole claim or of items, tested in this order (spec §13). */
export interface IrExclusion {
  level: 'claim' | 'item';
  condition: IrExpr;
  reason: string;
  cites?: IrCitation;
  range: IrRange;
}

/** A shared deductible or cap pool, per member-year or per claim (spec §14). */
export interface IrSharedLimit {
  name: string;
  value: IrMoneySlot;
  period: 'year' | 'claim';
  range: IrRange;
}

/** A benefit's deductible or cap: its own value, or a shared pool (whose period is repeated here). */
export type IrLimit =
  | { kind: 'own'; value: IrMoneySlot; period: 'year' | 'claim'; range: IrRange }
  | { kind: 'shared'; pool: string; period: 'year' | 'claim'; range: IrRange };

/** One band of a schedule: [from, to) (no `to`: open), paid at `ratio`. */
export interface IrBand {
  from: IrMoneySlot;
  to?: IrMoneySlot;
  ratio: IrRatioSlot;
  range: IrRange;
}

/**
 * How a benefit pays the part past its deductible (spec §16.3): one `ratio`, or a schedule —
 * `banded` (each band at its own ratio) or `whole-amount` (one band's ratio for all) — on the
 * `annual` accumulated amount or the part `above-deductible`.
 */
export type IrPayout =
  | { kind: 'ratio'; ratio: IrRatioSlot; range: IrRange }
  | { kind: 'banded' | 'whole-amount'; basis: 'annual' | 'above-deductible'; bands: IrBand[]; range: IrRange };

/** A benefit, in declaration order (which is the order claims are paid in). */
export interface IrBenefit {
  name: string;
  label?: string;
  /** Its position in `benefits`. */
  index: number;
  /** Canonical setting ids it covers; absent: every setting. */
  settings?: string[];
  /** The eligible amount; negative counts as 0. */
  amount: { value: IrMoneySlot; range: IrRange };
  /** Benefits (declared earlier) whose items are kept out of this one's amount. */
  excluding: { name: string; index: number }[];
  deductible?: IrLimit;
  cap?: IrLimit;
  payout: IrPayout;
  /** The benefit's citation, and those written after its clauses. */
  cites?: IrCitation;
  clauseCites?: { settings?: IrCitation; amount?: IrCitation; deductible?: IrCitation; cap?: IrCitation; payout?: IrCitation };
  range: IrRange;
}

/**
 * One action of a tilt: `[scope.]target op value`. No scope: every benefit (and for deductibles
 * and caps every shared pool). The value is money (`unit: 'fen'`) for `+`/`-` on a deductible or
 * cap, basis points otherwise (a percentage for scale/cut, points for a ratio's `+`/`-`).
 */
export interface IrTiltAction {
  scope?: string;
  scopeKind?: 'benefit' | 'shared-deductible' | 'shared-cap';
  target: 'deductible' | 'ratio' | 'cap';
  op: 'waive' | 'scale' | 'cut' | 'add' | 'subtract';
  value?: IrMoneySlot | IrRatioSlot;
  range: IrRange;
}

/** A tilt: applies to a claim when the member is in any of its groups on the claim's date. */
export interface IrTilt {
  name: string;
  label?: string;
  groups: string[];
  /** Whether any of its groups may change within a benefit year (see IrGroup). */
  changesWithinYear: boolean;
  actions: IrTiltAction[];
  cites?: IrCitation;
  range: IrRange;
}

/**
 * A combine rule over tilts, in the order listed. Rules apply in declaration order, then every
 * applicable tilt in no rule on its own, in declaration order (spec §17.3).
 */
export interface IrCombine {
  tilts: string[];
  rule: 'stack' | 'first' | 'best';
  range: IrRange;
}

/** The premium schedule: the first line whose condition holds (none: `otherwise`) gives the amount. */
export interface IrPremium {
  lines: { amount: IrMoneySlot; condition?: IrExpr; range: IrRange }[];
  cites?: IrCitation;
  range: IrRange;
}

/**
 * A `test` block of the plan: its records as a request in the JSON contract (spec §20.1), where
 * each record was written, and the expectations. `expected` is the amount with two decimals;
 * absent when the expectation is not a plain amount (the test then fails).
 */
export interface IrTest {
  name: string;
  request: { members: Record<string, unknown>[]; claims: Record<string, unknown>[] };
  members: { id: string; range: IrRange }[];
  claims: { id: string; range: IrRange }[];
  /**
   * `pays`: a claim's payout, or a member's total over the test (`of: 'member'`), overall or of one
   * benefit; `premium`: a member's premium; `excluded`: the claim or one of its items is excluded
   * for a reason containing `reason`; `rejected`: the claim is rejected with request error `code`.
   */
  expectations: {
    target: string;
    of: 'claim' | 'member';
    benefit?: string;
    what: 'pays' | 'premium' | 'excluded' | 'rejected';
    expected?: string;
    reason?: string;
    code?: string;
    range: IrRange;
    valueRange: IrRange;
  }[];
  range: IrRange;
}

/** A checked plan, lowered: everything needed to evaluate it exactly, and nothing else. */
export interface PlanIR {
  irVersion: typeof IR_VERSION;
  /** The plan's file as given to the checker; every range is relative to it. */
  file: string;
  header: IrHeader;
  settings: IrVocabularyEntry[];
  flags: IrVocabularyEntry[];
  attributes: IrAttributeDecl[];
  /** Declared attributes of each claim. */
  claimAttributes: IrAttributeDecl[];
  params: IrParam[];
  tables: IrTable[];
  catalogues: IrCatalogue[];
  groups: IrGroup[];
  waiting?: IrWaiting;
  /** `payout within N working days` (spec/language.md §27). */
  deadline?: IrDeadline;
  exclusions: IrExclusion[];
  sharedDeductibles: IrSharedLimit[];
  sharedCaps: IrSharedLimit[];
  benefits: IrBenefit[];
  tilts: IrTilt[];
  combines: IrCombine[];
  premium?: IrPremium;
  tests: IrTest[];
}
