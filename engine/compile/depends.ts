// What a value can change with, so the runtime works it out no more often than it must: a
// deductible, a band or a ratio that reads nothing of the claim is the same for every claim of a
// member-year (or of every member) on dates of one step, and is settled once, not per claim.
import type { IrExpr, IrGroup, PlanIR } from '../ir/plan';
import { span } from './scope';

/** Nothing: a constant. */
export const CONST = 0;
/** The dated values in force (a parameter's steps, a catalogue's versions): see `dateSteps`. */
export const STEP = 1;
/** The member and the benefit year (an attribute, a listed group, years enrolled). */
export const MEMBER = 2;
/** The claim, its items or the day itself (an age, days enrolled, a claim's amounts). */
export const CLAIM = 3;
export type Level = typeof CONST | typeof STEP | typeof MEMBER | typeof CLAIM;

const FACT_LEVEL: Record<string, Level> = {
  'member.id': MEMBER,
  'member.birthDate': MEMBER,
  'member.enrolledSince': MEMBER,
  'member.enrolledYears': MEMBER,
  'claim.year': MEMBER,
};

export class Dependencies {
  private readonly params: Map<string, PlanIR['params'][number]>;
  private readonly groups: Map<string, IrGroup>;
  private readonly dated: Set<string>;
  private readonly memo = new Map<string, Level>();

  constructor(ir: PlanIR) {
    this.params = new Map(ir.params.map((p) => [p.name, p]));
    this.groups = new Map(ir.groups.map((g) => [g.name, g]));
    // Stryker disable next-line MethodExpression,ConditionalExpression,LogicalOperator: a catalogue is one undated list or versions that each begin on a day (the grammar), so any one version tells
    this.dated = new Set(ir.catalogues.filter((c) => c.versions.some((v) => v.from !== undefined || v.to !== undefined)).map((c) => c.name));
  }

  /** The most any of the expressions can change with. */
  of(...es: (IrExpr | undefined)[]): Level {
    let l: Level = CONST;
    for (const e of es) if (e) l = Math.max(l, this.level(e)) as Level;
    return l;
  }

  private named(key: string, compute: () => Level): Level {
    const known = this.memo.get(key);
    // Stryker disable next-line ConditionalExpression: a level worked out again is the same level (the checker refuses cycles, YB115)
    if (known !== undefined) return known;
    this.memo.set(key, CLAIM); // a cycle (refused by the checker) is taken at its worst
    const l = compute();
    this.memo.set(key, l);
    return l;
  }

  private level(e: IrExpr): Level {
    switch (e.kind) {
      case 'const': case 'date': case 'text': case 'bool': case 'symbol': return CONST;
      case 'fact': return FACT_LEVEL[`${e.root}.${e.field}`] ?? CLAIM;
      case 'attribute': return e.on === 'claim' ? CLAIM : MEMBER;
      case 'items': return CLAIM;
      case 'param': return this.named(`param:${e.name}`, () => {
        const p = this.params.get(e.name)!; // the IR names declared parameters only
        // Stryker disable next-line MethodExpression,ConditionalExpression,LogicalOperator: a parameter is one undated value or steps that each begin on a day (the grammar), so any one step tells
        const dated = p.steps.some((s) => s.from !== undefined || s.to !== undefined);
        return Math.max(dated ? STEP : CONST, this.of(...p.steps.map((s) => s.value))) as Level;
      });
      case 'in-groups': return Math.max(...e.groups.map((g) => this.named(`group:${g}`, () => {
        const decl = this.groups.get(g);
        return !decl ? CLAIM : decl.condition ? this.of(decl.condition) : MEMBER;
      }))) as Level;
      case 'in-catalogue': return Math.max(this.dated.has(e.catalogue) ? STEP : CONST, this.level(e.value)) as Level;
      case 'lookup': return this.of(...e.keys);
      case 'list': return this.of(...e.elements);
      case 'neg': case 'not': return this.level(e.operand);
      case 'arith': case 'compare': case 'logic': return this.of(e.left, e.right);
      case 'in-list': return this.of(e.value, e.list);
      // Stryker disable next-line ConditionalExpression: a flag is a name, a constant, so falling through to has-any (no list) gives the flags' level too
      case 'has': return this.of(e.flags, e.flag);
      case 'has-any': return this.of(e.flags, e.list);
      case 'if': return this.of(e.cond, e.then, e.else);
      case 'extremum': return this.of(...e.args);
      case 'full-years': return this.of(e.from, e.to);
    }
  }
}

/**
 * The days on which some dated value of the plan starts or stops being in force, sorted: two
 * dates with as many of these days on or before them see the same step of every parameter and
 * the same version of every catalogue.
 */
export function dateSteps(ir: PlanIR): (day: number) => number {
  const cuts = new Set<number>();
  const add = (step: { from?: string; to?: string }) => {
    const { from, to } = span(step);
    if (from !== undefined) cuts.add(from);
    if (to !== undefined) cuts.add(to + 1);
  };
  for (const p of ir.params) p.steps.forEach(add);
  for (const c of ir.catalogues) c.versions.forEach(add);
  const sorted = Int32Array.from([...cuts].sort((a, b) => a - b));
  // Stryker disable next-line ConditionalExpression: a shortcut; the search below finds 0 in no days as well
  if (sorted.length === 0) return () => 0;
  return (day) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
