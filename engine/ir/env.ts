// Runtime records (validated request data) and the environment compiled expressions read.
import type Decimal from 'decimal.js';
import type { RequestArgs, RuntimeCode } from './request-errors';

export interface RtMember {
  id: string;
  /** Index in the request, for error paths. */
  index: number;
  birthDay: number;
  enrolledDay: number;
  groups: ReadonlySet<string>;
  attributes: Map<string, Decimal | boolean | string | number>;
}

export interface RtItem {
  index: number;
  code: string;
  fen: number;
  cls: 'in' | 'out';
  category: string;
  /** Reason of the item exclusion that removed it, when one did. */
  excluded?: string;
}

export interface RtClaim {
  id: string;
  index: number;
  memberId: string;
  day: number;
  date: string;
  setting: string;
  flags: ReadonlySet<string>;
  inFen: number;
  outFen: number;
  overFen: number;
  items: RtItem[];
  /** The plan's declared claim attributes the request gave (`attribute claim.NAME: TYPE`). */
  attributes: ReadonlyMap<string, Decimal | boolean | string | number>;
  /** In- and out-of-policy amounts net of excluded items; set during evaluation. */
  netIn: number;
  netOut: number;
}

export interface Env {
  member: RtMember;
  claim?: RtClaim;
  item?: RtItem;
  /** The date the plan's values are taken at. */
  day: number;
  /** Benefit year, named by the calendar year it starts in. */
  year: number;
  /** The benefit year's first day: enrolment years are counted to it. */
  yearStart: number;
  /** Items kept out of the current benefit (taken by benefits it excludes), by item index. */
  hidden?: { has(item: number): boolean };
  /** Collects the items the current benefit's selections take. */
  taken?: ItemMarks;
  /** The claim amounts as the current benefit sees them. */
  view?: { in: number; out: number };
}

/** A failure to evaluate a claim (a value not in force on its date, a missing table key, …). */
export class EvalError extends Error {
  constructor(
    readonly code: RuntimeCode,
    readonly args: RequestArgs,
  ) {
    super(code);
  }
}

/**
 * A set of a claim's item indexes that empties in O(1): a mark is the number of the current round,
 * so clear() only starts a new round. Set.clear() would allocate a new table for every claim.
 */
export class ItemMarks {
  private marks = new Int32Array(16);
  private round = 1;
  /** Whether any item is marked this round: most claims' items are taken by no benefit. */
  any = false;

  add(item: number): void {
    if (item >= this.marks.length) {
      const more = new Int32Array(Math.max(item + 1, this.marks.length * 2));
      more.set(this.marks);
      this.marks = more;
    }
    this.marks[item] = this.round;
    this.any = true;
  }

  has(item: number): boolean {
    return item < this.marks.length && this.marks[item] === this.round;
  }

  clear(): void {
    // Stryker disable next-line all: a mark set left standing only sends the next claim through the items to find none
    this.any = false;
    if (++this.round === 0x7fffffff) {
      this.marks.fill(0);
      this.round = 1;
    }
  }
}

/**
 * A claim's fields as read from its record: amounts in fen, `null` for an amount the schema admits
 * but fen cannot hold exactly (a JSON number with three decimals).
 */
export interface ClaimFields {
  id: string;
  member: string;
  date: string;
  setting: string;
  flags?: string[];
  inPolicySelfPay?: number | null;
  outOfPolicySelfPay?: number | null;
  overLimitSelfPay?: number | null;
  items?: { code: string; amount: number | null; class: 'in' | 'out'; category?: string }[];
  attributes?: Record<string, unknown>;
}
