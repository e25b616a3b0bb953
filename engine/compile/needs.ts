// Which of a member's own fields a computation reads (spec §20.1): a plan that never counts
// enrolment does not need `enrolledSince` (Jilin's 大病 covers every resident), and a premium quote
// needs only what the premium schedule reads. Each need names the first rule that reads the field,
// so a request without it is told which rule needs it.
import type { IrExpr, PlanIR } from '../ir/plan';
import type { FieldNeed, MemberField, Needs } from '../ir/needs';
import { range } from './values';

/** The member's facts that read a field of the member's own (only member facts have these names). */
const FACT_FIELD = new Map<unknown, MemberField>([
  ['birthDate', 'birthDate'], ['age', 'birthDate'],
  ['enrolledSince', 'enrolledSince'], ['enrolledYears', 'enrolledSince'], ['enrolledDays', 'enrolledSince'],
]);

type Rule = FieldNeed['rule'];

/** The member fields a part of the IR reads, through the groups and parameters it names. */
class Reads {
  private readonly groups: Map<string, IrExpr | undefined>;
  private readonly params: Map<string, IrExpr[]>;
  private readonly memo = new Map<string, Set<MemberField>>();

  constructor(ir: PlanIR) {
    this.groups = new Map(ir.groups.map((g) => [g.name, g.condition]));
    this.params = new Map(ir.params.map((p) => [p.name, p.steps.map((s) => s.value)]));
  }

  of(part: unknown): Set<MemberField> {
    const out = new Set<MemberField>();
    this.walk(part, out, 0);
    return out;
  }

  private named(key: string, parts: unknown, out: Set<MemberField>, depth: number): void {
    let known = this.memo.get(key);
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a memo; walking a declaration again finds the same fields, and no walk of a checked plan nears the bound below
    if (!known) {
      this.memo.set(key, (known = new Set())); // a cycle (refused by the checker) reads nothing more
      // Stryker disable next-line ArithmeticOperator: see above
      this.walk(parts, known, depth + 1);
    }
    for (const f of known) out.add(f);
  }

  private walk(v: unknown, out: Set<MemberField>, depth: number): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: a bound against IR nested past any plan's depth (expressions nest at most 400 deep, YB006); the IR holds no null
    if (depth > 2000 || v === null || typeof v !== 'object') return;
    // An array's elements are walked as an object's fields are.
    const node = v as Partial<IrExpr> & Record<string, unknown>;
    // Stryker disable next-line ConditionalExpression: only facts carry the name of a fact's field, and only birthDate and enrolledSince are reported (firstNeeds)
    const field = node.kind === 'fact' ? FACT_FIELD.get(node.field) : undefined;
    // Stryker disable next-line ConditionalExpression: as above, an undefined field is never reported
    if (field) out.add(field);
    if (node.kind === 'in-groups') for (const g of node.groups as string[]) this.named(`group:${g}`, this.groups.get(g), out, depth);
    // Stryker disable next-line ConditionalExpression: a node that is no parameter names none, and walking no declaration finds nothing
    if (node.kind === 'param') this.named(`param:${node.name as string}`, this.params.get(node.name as string), out, depth);
    // Stryker disable next-line ConditionalExpression,StringLiteral,ArithmeticOperator: a range holds no expression; skipping it only saves time (and no walk of a checked plan nears the bound)
    for (const k in node) if (k !== 'range') this.walk(node[k], out, depth + 1);
  }
}

export function needs(ir: PlanIR): Needs {
  const reads = new Reads(ir);
  const at = (en: string, zh: string, r: PlanIR['header']['range']): Rule => ({ en, zh, range: range(r) });
  // Years from each member's enrolment anniversary: every claim's benefit year, and the day a
  // premium takes the age, read enrolledSince.
  // Stryker disable next-line ArrayDeclaration: only birthDate and enrolledSince are reported, so a stray element adds nothing
  const years: [Rule, unknown, MemberField[]?][] = ir.header.year.kind === 'anniversary' ? [[at('the benefit year (from each enrolment anniversary)', '保障年度（自参保周年日起算）', ir.header.range), undefined, ['enrolledSince']]] : [];
  const claimRules: [Rule, unknown, MemberField[]?][] = [...years];
  // The waiting period counts from enrolment.
  if (ir.waiting) claimRules.push([at('the waiting period', '等待期', ir.waiting.range), ir.waiting, ['enrolledSince']]);
  for (const x of ir.exclusions) claimRules.push([at(`the exclusion on line ${x.range.start.line}`, `第 ${x.range.start.line} 行的除外`, x.range), x]);
  for (const b of ir.benefits) claimRules.push([at(`benefit ${b.name}`, `责任 ${b.name}`, b.range), b]);
  for (const s of [...ir.sharedDeductibles, ...ir.sharedCaps]) claimRules.push([at(`shared pool ${s.name}`, `共用额度 ${s.name}`, s.range), s]);
  for (const t of ir.tilts) claimRules.push([at(`tilt ${t.name}`, `倾斜 ${t.name}`, t.range), { ...t, applies: t.groups.map((g) => ({ kind: 'in-groups', groups: [g] })) }]);
  const premiumRules: [Rule, unknown, MemberField[]?][] = [...years];
  for (const [i, l] of (ir.premium?.lines ?? []).entries()) premiumRules.push([at(`premium line ${i + 1}`, `保费第 ${i + 1} 行`, l.range), l]);
  return { claims: firstNeeds(claimRules, reads), premium: firstNeeds(premiumRules, reads) };
}

/** For each field, the first rule that reads it. */
function firstNeeds(rules: [Rule, unknown, MemberField[]?][], reads: Reads): FieldNeed[] {
  const found = new Map<MemberField, Rule>();
  for (const [rule, part, always] of rules) {
    // Stryker disable next-line ArrayDeclaration: see `years`
    for (const f of [...(always ?? []), ...reads.of(part)]) if (!found.has(f)) found.set(f, rule);
  }
  return (['birthDate', 'enrolledSince'] as const).filter((f) => found.has(f)).map((field) => ({ field, rule: found.get(field)! }));
}
