// Second pass of the checker: exclusions, benefits, schedules, tilts, premiums and tests.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { diag } from '../ir/diagnostics';
import type { CheckedBenefit, CheckedLimit, CheckedPlan, CheckedTilt, Sym } from '../ir/model';
import { closest } from './suggest';
import { T, type Ty } from '../ir/types';
import type { ExpressionChecker, ExprContext, Scope } from './expressions';
import { checkTestRecords } from './test-records';
import { checkExpectations } from './expectations';
import { MONEY_BOUND } from './constants';
import type { RequestVocabulary } from '../request/request';

const MEMBER_CLAIM: ExprContext = { roots: new Set(['member', 'claim']), what: ['This value', '此值'] };
const MEMBER_ONLY = (what: [string, string]): ExprContext => ({ roots: new Set(['member']), what });

/** Value of an expression made only of literals, for static checks; undefined otherwise. */
export function constantValue(e: A.Expr, depth = 0): Decimal | undefined {
  if (depth > 200) return undefined; // deeper chains are refused by the expression checker (YB006)
  switch (e.kind) {
    case 'number':
    case 'money':
      return new Decimal(e.value);
    case 'percent':
    case 'points':
      return new Decimal(e.value).div(100);
    case 'unary': {
      const v = e.op === 'neg' ? constantValue(e.operand, depth + 1) : undefined;
      return v?.neg();
    }
    case 'binary': {
      const l = constantValue(e.left, depth + 1);
      const r = constantValue(e.right, depth + 1);
      if (!l || !r) return undefined;
      if (e.op === '+') return l.plus(r);
      if (e.op === '-') return l.minus(r);
      if (e.op === '*') return l.times(r);
      if (e.op === '/') return r.isZero() ? undefined : l.div(r);
      return undefined;
    }
    case 'extremum': {
      const values = e.args.map((x) => constantValue(x, depth + 1));
      // No arguments: only a parse error recovered from leaves `max(` so; nothing to fold.
      if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
      return e.fn === 'min' ? Decimal.min(...(values as Decimal[])) : Decimal.max(...(values as Decimal[]));
    }
    default:
      return undefined;
  }
}

const pct = (d: Decimal) => `${d.times(100).toFixed()}%`;

export class RuleChecker {
  constructor(
    private readonly plan: CheckedPlan,
    private readonly scope: Scope,
    private readonly x: ExpressionChecker,
    private readonly out: Diagnostic[],
  ) {}

  private resolve(name: A.Name, kinds: Sym['kind'][], expected: string): Sym | undefined {
    const sym = this.scope.lookup(name.text);
    if (!sym) {
      this.out.push(diag('YB101', name.range, { name: name.text, hint: closest(name.text, this.scope.names()) ?? '' }));
      return undefined;
    }
    if (!kinds.includes(sym.kind)) {
      this.out.push(diag('YB105', name.range, { name: name.text, actual: sym.kind, expected }));
      return undefined;
    }
    return sym;
  }

  waiting(d: A.WaitingDecl): void {
    if (this.plan.waiting) {
      this.out.push(diag('YB704', d.range));
      return;
    }
    const t = this.x.type(d.duration, MEMBER_ONLY(['The waiting period', '等待期']));
    if (t.k !== 'days' && t.k !== 'error') this.x.wrongType(d.duration, T.days, t);
    this.plan.waiting = { days: d.duration, reason: d.reason ?? '等待期内 / within the waiting period', cites: d.cites, range: d.range };
  }

  deadline(d: A.DeadlineDecl): void {
    const n = Number(d.days);
    if (this.plan.deadline || !/^[1-9][0-9]{0,2}$/.test(d.days) || n > 365) {
      this.out.push(diag('YB706', d.daysRange, { days: d.days }));
      return;
    }
    this.plan.deadline = { workingDays: n, cites: d.cites, range: d.range };
  }

  exclusion(d: A.ExcludeDecl): void {
    const roots = new Set<'member' | 'claim' | 'item'>(d.level === 'item' ? ['member', 'claim', 'item'] : ['member', 'claim']);
    this.x.condition(d.condition, { roots, what: ['An exclusion', '除外条件'] });
    this.plan.exclusions.push({ level: d.level, condition: d.condition, reason: d.reason, cites: d.cites, range: d.range });
  }

  sharedLimit(limit: CheckedLimit & { name: string }, what: 'deductible' | 'cap'): void {
    this.money(limit.value, MEMBER_CLAIM, what === 'deductible' ? ['A deductible', '起付线'] : ['A cap', '封顶线']);
  }

  private money(e: A.Expr, ctx: ExprContext, what: [string, string]): void {
    this.x.expect(e, T.money, ctx);
    const v = constantValue(e);
    if (v?.isNegative()) this.out.push(diag('YB304', e.range, { what: what[0], whatZh: what[1], value: v.toFixed() }));
    this.foldedMoney(e, v);
  }

  /**
   * An amount computed from literals alone (`10000 * 10000 * 1万`) must be below one billion yuan like
   * a written one (§2.3). Each literal is checked by itself already; a sum or product of them is
   * checked here. (It is rounded to the fen when used, like any computed amount.)
   */
  private foldedMoney(e: A.Expr, v = constantValue(e)): void {
    if (v && e.kind === 'binary' && v.abs().gte(MONEY_BOUND)) this.out.push(diag('YB311', e.range, { kind: 'money', value: v.toFixed() }));
  }

  private ratio(e: A.Expr, ctx: ExprContext = MEMBER_CLAIM): void {
    this.x.expect(e, T.ratio, ctx);
    const v = constantValue(e);
    if (v?.gt(1)) this.out.push(diag('YB303', e.range, { value: pct(v) }));
    if (v?.isNegative()) this.out.push(diag('YB304', e.range, { what: 'A ratio', whatZh: '比例', value: pct(v) }));
  }

  benefit(d: A.BenefitDecl): void {
    const index = this.plan.benefits.length;
    for (const dup of d.duplicates) this.out.push(diag('YB605', dup.range, { clause: dup.clause }));
    let settings: Set<string> | undefined;
    if (d.settings) {
      settings = new Set();
      for (const s of d.settings) {
        const sym = this.scope.lookup(s.text);
        if (!sym || sym.kind !== 'setting') {
          const known = [...this.plan.settings.values()].flatMap((v) => [v.id, v.zh ?? v.id]);
          this.out.push(diag('YB104', s.range, { name: s.text, hint: closest(s.text, known) ?? '' }));
        } else if (settings.has(sym.id!)) this.out.push(diag('YB607', s.range, { name: s.text }));
        else settings.add(sym.id!);
      }
    }
    if (!d.amount) this.out.push(diag('YB601', d.name.range, { name: d.name.text }));
    else this.money(d.amount.expr, MEMBER_CLAIM, ['An amount', '金额']);
    const excluding: number[] = [];
    for (const n of d.amount?.excluding ?? []) {
      const sym = this.resolve(n, ['benefit'], 'benefit');
      if (!sym) continue;
      const other = this.plan.benefits.findIndex((b) => b.name === n.text);
      if (other < 0) this.out.push(diag('YB603', n.range, { name: n.text, benefit: d.name.text }));
      else excluding.push(other);
    }
    if (!d.ratio && !d.schedule) this.out.push(diag('YB602', d.name.range, { name: d.name.text }));
    if (d.ratio && d.schedule) this.out.push(diag('YB606', d.schedule.range));
    if (d.ratio) this.ratio(d.ratio);
    if (d.schedule) this.schedule(d.schedule);
    const deductible = this.limit(d.deductible, 'deductible');
    const cap = this.limit(d.cap, 'cap');
    if (deductible?.period === 'claim' && d.schedule?.basis === 'annual') this.out.push(diag('YB604', d.schedule.range));
    const b: CheckedBenefit = {
      name: d.name.text,
      label: d.label,
      index,
      settings,
      amount: d.amount?.expr ?? { kind: 'number', value: '0', range: d.name.range },
      amountRange: d.amount?.range ?? d.name.range,
      excluding,
      deductible,
      cap,
      ratio: d.ratio,
      schedule: d.schedule,
      cites: d.cites,
      clauseCites: d.clauseCites,
      range: d.range,
    };
    this.plan.benefits.push(b);
  }

  private limit(l: A.LimitClause | undefined, what: 'deductible' | 'cap'): CheckedLimit | undefined {
    if (!l) return undefined;
    if (l.kind === 'shared') {
      const kind = what === 'deductible' ? 'shared-deductible' : 'shared-cap';
      const sym = this.resolve(l.name, [kind], `shared ${what}`);
      const shared = sym ? (what === 'deductible' ? this.plan.sharedDeductibles : this.plan.sharedCaps).get(sym.name) : undefined;
      if (!shared) return undefined;
      return { value: shared.value, period: shared.period, shared: shared.name, range: l.range };
    }
    this.money(l.value, MEMBER_CLAIM, what === 'deductible' ? ['A deductible', '起付线'] : ['A cap', '封顶线']);
    return { value: l.value, period: l.period, range: l.range };
  }

  private schedule(s: A.Schedule): void {
    let prevTo: Decimal | undefined;
    let prevText = '';
    s.bands.forEach((b, i) => {
      this.money(b.from, MEMBER_CLAIM, ['A band edge', '分段金额']);
      if (b.to) this.money(b.to, MEMBER_CLAIM, ['A band edge', '分段金额']);
      this.ratio(b.ratio);
      const from = constantValue(b.from);
      const to = b.to ? constantValue(b.to) : undefined;
      if (!b.to && i < s.bands.length - 1) this.out.push(diag('YB305', b.range));
      if (from && to && to.lte(from)) this.out.push(diag('YB307', b.range, { band: i + 1, from: from.toFixed(), to: to.toFixed() }));
      if (from && prevTo) {
        if (from.lt(prevTo)) this.out.push(diag('YB301', b.from.range, { band: i + 1, from: from.toFixed(), prev: prevText }));
        else if (from.gt(prevTo)) this.out.push(diag('YB302', b.from.range, { band: i + 1, from: from.toFixed(), prev: prevText }));
      }
      if (i === 0 && from && !from.isZero() && s.basis === 'above-deductible') this.out.push(diag('YB309', b.from.range, { from: from.toFixed() }));
      prevTo = to;
      prevText = to?.toFixed() ?? '';
    });
    const last = s.bands[s.bands.length - 1];
    if (s.kind === 'whole-amount' && last?.to) this.out.push(diag('YB310', last.range));
  }

  tilt(d: A.TiltDecl): void {
    const groups: string[] = [];
    for (const g of d.groups) {
      const sym = this.resolve(g, ['group'], 'group');
      if (sym) groups.push(sym.name);
    }
    const tilt: CheckedTilt = { name: d.name.text, label: d.label, groups, actions: [], cites: d.cites, range: d.range };
    for (const a of d.actions) {
      let scope: string | undefined;
      if (a.benefit) {
        const sym = this.resolve(a.benefit, ['benefit', 'shared-deductible', 'shared-cap'], 'benefit');
        if (!sym) continue;
        scope = sym.name;
        this.targetExists(a, sym);
      }
      this.tiltValue(a, tilt.name);
      tilt.actions.push({ scope, target: a.target, op: a.op, value: a.value, range: a.range });
    }
    this.plan.tilts.push(tilt);
  }

  private targetExists(a: A.TiltAction, sym: Sym): void {
    const targetZh = { deductible: '起付线', ratio: '比例', cap: '封顶线' }[a.target];
    let ok: boolean;
    if (sym.kind === 'shared-deductible') ok = a.target === 'deductible';
    else if (sym.kind === 'shared-cap') ok = a.target === 'cap';
    else {
      // A benefit's shared deductible or cap is tilted by the shared limit's own name, once for all.
      const b = sym.decl as A.BenefitDecl;
      const limit = a.target === 'cap' ? b.cap : b.deductible;
      ok = a.target === 'ratio' ? Boolean(b.ratio || b.schedule) : limit !== undefined && limit.kind === 'own';
    }
    if (!ok) this.out.push(diag('YB503', a.range, { target: a.target, targetZh, benefit: sym.name }));
  }

  private tiltValue(a: A.TiltAction, tiltName: string): void {
    const ctx = MEMBER_CLAIM;
    const need = (expected: Ty, en: string, zh: string) => {
      if (!a.value) this.out.push(diag('YB504', a.range, { op: a.op, expected: en, expectedZh: zh }));
      else this.x.expect(a.value, expected, ctx);
    };
    if (a.op === 'waive') {
      if (a.target !== 'deductible') this.out.push(diag('YB504', a.range, { op: 'waived', expected: 'a deductible', expectedZh: '起付线' }));
      return;
    }
    if (a.op === 'scale' || a.op === 'cut') {
      if (a.target === 'ratio' && a.op === 'scale') this.deferred.push(() => this.tiltedRatios(a, tiltName));
      return need(T.ratio, 'a percentage', '百分比');
    }
    if (a.target === 'ratio') {
      need(T.points, 'percentage points (pp)', '百分点');
      this.deferred.push(() => this.tiltedRatios(a, tiltName));
      return;
    }
    need(T.money, 'an amount in yuan', '金额');
    if (a.value) this.foldedMoney(a.value);
  }

  /** With constant ratios, a tilt that adds points must not lift any ratio above 100 %. */
  private tiltedRatios(a: A.TiltAction, tiltName: string): void {
    const by = a.value ? constantValue(a.value) : undefined;
    if (!by || (a.op !== 'add' && a.op !== 'scale')) return;
    const apply = (r: Decimal) => (a.op === 'add' ? r.plus(by) : r.times(by));
    const benefits = this.plan.benefits.filter((b) => !a.benefit || b.name === a.benefit.text);
    for (const b of benefits) {
      const ratios = b.ratio ? [b.ratio] : (b.schedule?.bands ?? []).map((x) => x.ratio);
      for (const r of ratios) {
        const c = constantValue(r);
        const v = c && apply(c);
        if (v?.gt(1)) {
          this.out.push(diag('YB306', a.range, { tilt: tiltName, benefit: b.name, value: pct(v) }));
          return;
        }
      }
    }
  }

  combine(d: A.CombineDecl, seen: Map<string, Range>): void {
    const tilts: string[] = [];
    for (const n of d.tilts) {
      const sym = this.resolve(n, ['tilt'], 'tilt');
      if (!sym) continue;
      if (seen.has(sym.name)) this.out.push(diag('YB502', n.range, { name: sym.name }));
      seen.set(sym.name, n.range);
      tilts.push(sym.name);
    }
    this.plan.combines.push({ tilts, rule: d.rule, range: d.range });
  }

  /** Checks that need every benefit declared, whatever the order of declarations. */
  private readonly deferred: (() => void)[] = [];

  finish(): void {
    this.deferred.forEach((f) => f());
    this.tiltOverlaps();
  }

  /** Two tilts that may reach one member and touch the same value need a combine rule. */
  private tiltOverlaps(): void {
    const combined = (a: string, b: string) => this.plan.combines.some((c) => c.tilts.includes(a) && c.tilts.includes(b));
    const ts = this.plan.tilts;
    // One diagnostic per tilt (its first clash): a plan of many tilts gets a readable list.
    for (let j = 1; j < ts.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = ts[i]!;
        const b = ts[j]!;
        const target = sharedTarget(a, b);
        if (!target || combined(a.name, b.name) || this.disjoint(a.groups, b.groups)) continue;
        const targetZh = { deductible: '起付线', ratio: '比例', cap: '封顶线' }[target];
        this.out.push(diag('YB501', b.range, { a: a.name, b: b.name, target, targetZh }, { related: [{ range: a.range, note: { en: `tilt ${a.name}`, zh: `倾斜 ${a.name}` } }] }));
        break;
      }
    }
  }

  /** Groups are provably disjoint when each tests one attribute for a different value. */
  private disjoint(as: string[], bs: string[]): boolean {
    const test = (g: string) => {
      const c = this.plan.groups.get(g)?.condition;
      if (c?.kind !== 'binary' || c.op !== '=' || c.left.kind !== 'field' || c.right.kind !== 'ref') return undefined;
      return { field: this.plan.info.fields.get(c.left) ?? c.left.field.text, value: c.right.name };
    };
    return as.every((a) =>
      bs.every((b) => {
        const x = test(a);
        const y = test(b);
        return x !== undefined && y !== undefined && x.field === y.field && x.value !== y.value;
      }),
    );
  }

  private vocab?: RequestVocabulary;
  /** The plan's settings, flags and attributes, as request validation wants them. */
  private vocabulary(): RequestVocabulary {
    if (this.vocab) return this.vocab;
    const spellings = (m: CheckedPlan['settings']) => {
      const out = new Map<string, string>();
      for (const v of m.values()) {
        out.set(v.id, v.id);
        if (v.zh) out.set(v.zh, v.id);
      }
      return out;
    };
    this.vocab = { settings: spellings(this.plan.settings), flags: spellings(this.plan.flags), attributes: this.plan.attributes, claimAttributes: this.plan.claimAttributes, itemsComplete: this.plan.header.itemsComplete };
    return this.vocab;
  }

  premium(d: A.PremiumDecl): void {
    if (this.plan.premium) {
      this.out.push(diag('YB705', d.range));
      return;
    }
    const ctx = MEMBER_ONLY(['A premium', '保费']);
    d.lines.forEach((l, i) => {
      this.money(l.amount, ctx, ['A premium', '保费']);
      if (l.condition) this.x.condition(l.condition, ctx);
      else if (i < d.lines.length - 1) this.out.push(diag('YB802', l.range));
    });
    if (!d.lines.some((l) => !l.condition)) this.out.push(diag('YB801', d.range));
    this.plan.premium = { lines: d.lines, cites: d.cites, range: d.range };
  }

  test(d: A.TestDecl): void {
    this.deferred.push(() => this.checkTest(d));
    this.plan.tests.push(d);
  }

  private checkTest(d: A.TestDecl): void {
    const members = new Set(d.members.map((m) => m.name.text));
    for (const c of d.claims) {
      const m = c.fields.find((f) => f.key.text === 'member' || f.key.text === '参保人');
      const v = m?.value.kind === 'scalar' ? m.value.cell.value : undefined;
      if (v !== undefined && !members.has(v)) this.out.push(diag('YB901', m!.value.kind === 'scalar' ? m!.value.cell.range : m!.range, { kind: 'member', kindZh: '参保人', name: v }));
    }
    checkExpectations(d, (name) => this.plan.benefits.some((b) => b.name === name), this.out, (v) =>
      this.x.expect(v, T.money, { roots: new Set(), what: ['An expectation', '预期值'] }),
    );
    checkTestRecords(d, this.vocabulary(), this.out);
  }
}

function sharedTarget(a: CheckedTilt, b: CheckedTilt): 'deductible' | 'ratio' | 'cap' | undefined {
  for (const x of a.actions) {
    for (const y of b.actions) {
      if (x.target === y.target && (x.scope === undefined || y.scope === undefined || x.scope === y.scope)) return x.target;
    }
  }
  return undefined;
}
