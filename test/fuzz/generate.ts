// Grammar-aware generation: random plans built from the productions of grammar/parser.ts, with
// keywords in English or Chinese at random, names drawn from small pools so that references
// mostly resolve, and expressions mostly well-typed, so that inputs get past the parser and
// exercise the checker, the compiler and the evaluator. A share of choices is deliberately wrong.
import { KEYWORDS, type KeywordName } from '../../grammar/vocabulary';
import type { Rng } from './rng';
import type { FuzzInput } from './seeds';

type Ctx = 'member' | 'claim' | 'item';

interface Names {
  settings: string[];
  flags: string[];
  enumAttrs: { name: string; values: string[] }[];
  boolAttrs: string[];
  numAttrs: string[];
  moneyAttrs: string[];
  moneyParams: string[];
  ratioParams: string[];
  tables: { name: string; value: 'money' | 'ratio' }[];
  catalogues: string[];
  groups: string[];
  benefits: string[];
  sharedDeductibles: string[];
  sharedCaps: string[];
  tilts: string[];
}

const BUILTIN_SETTINGS = ['inpatient', 'outpatient', 'chronic_outpatient', 'pharmacy', 'maternity', '住院', '普通门诊', '门诊慢特病', '定点药店', '生育'];
const BUILTIN_FLAGS = ['work_injury', 'third_party', 'public_health', 'abroad', '工伤', '第三方责任', '公共卫生', '境外就医'];

export class PlanGenerator {
  private readonly names: Names = {
    settings: [], flags: [], enumAttrs: [], boolAttrs: [], numAttrs: [], moneyAttrs: [], moneyParams: [], ratioParams: [], tables: [],
    catalogues: [], groups: [], benefits: [], sharedDeductibles: [], sharedCaps: [], tilts: [],
  };
  private readonly files: Record<string, string> = {};
  private used = new Set<string>();
  private readonly ownDeductible = new Set<string>();
  private readonly ownCap = new Set<string>();
  private depth = 0;
  /** A plan with deliberate mistakes (a quarter of them): the checker's error paths. */
  private readonly bad: boolean;

  constructor(private readonly rng: Rng) {
    this.bad = rng.chance(0.25);
  }

  /** A deliberate mistake, only in a plan meant to have them. */
  private oops(p = 0.1): boolean {
    return this.bad && this.rng.chance(p);
  }

  /** A keyword in one of its spellings (English mostly, Chinese often). */
  private k(name: KeywordName): string {
    const spec = KEYWORDS.find((x) => x.name === name)!;
    const all: readonly string[] = this.rng.chance(0.6) ? spec.en : spec.zh;
    return this.rng.pick(all);
  }

  private sep(): string {
    return this.rng.weighted([[8, ' '], [6, '\n  '], [1, '; '], [1, '\n'], [1, ' /* c */ '], [1, ' // note\n  ']]);
  }

  private fresh(prefix: string): string {
    // Mostly fresh; sometimes a clash (duplicate names are a checker path too).
    if (this.used.size && this.oops(0.05)) return this.rng.pick([...this.used]);
    const zh = ['甲', '乙', '丙', '丁', '特', '大病', '门诊', '住院', '低保', '优抚'];
    let n: string;
    do n = this.rng.chance(0.3) ? `${this.rng.pick(zh)}${this.rng.int(100)}` : `${prefix}${this.rng.int(1000)}`;
    while (this.used.has(n));
    this.used.add(n);
    return n;
  }

  private str(): string {
    return this.rng.pick(['"说明"', '"reason"', '"应当由工伤保险基金支付的"', '""', '"a \\"quoted\\" word"', '"line\\nbreak"', `"${'长'.repeat(this.rng.range(1, 60))}"`]);
  }

  private date(): string {
    return this.rng.weighted([[10, () => `20${this.rng.range(15, 30)}-${String(this.rng.range(1, 12)).padStart(2, '0')}-${String(this.rng.range(1, 28)).padStart(2, '0')}`], [this.bad ? 1 : 0, () => this.rng.pick(['2024-02-29', '2025-02-29', '2025-04-31', '1900-01-01'])]])();
  }

  private money(): string {
    if (this.oops(0.03)) return this.rng.pick(['99999999999999999999', '100000000000000', '0.001', '1'.repeat(30)]);
    return this.rng.pick([`${this.rng.int(50) * 1000}`, `${this.rng.range(1, 50)}万`, `${this.rng.range(1, 9)}.5万`, `${this.rng.int(20000)}元`, `${this.rng.range(1, 30)}万元`, `${this.rng.int(1000)}.${this.rng.int(100)}`]);
  }

  private pct(max = 100): string {
    const b = this.bad ? 1 : 0;
    return this.rng.weighted([[10, `${this.rng.int(max + 1)}%`], [2, `${this.rng.int(max)}.${this.rng.range(1, 99)}%`], [b, `${this.rng.int(100)}.${this.rng.range(100, 999)}%`], [b, `${this.rng.range(101, 300)}%`]]);
  }

  // ---- expressions ----
  private nested<T>(leaf: () => T, inner: () => T): T {
    if (this.depth > 3 || this.rng.chance(0.55)) return leaf();
    this.depth++;
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  moneyExpr(ctx: Ctx): string {
    const n = this.names;
    const leaves: (readonly [number, () => string])[] = [[4, () => this.money()]];
    if (n.moneyParams.length) leaves.push([2, () => this.rng.pick(n.moneyParams)]);
    if (ctx !== 'member') {
      leaves.push([5, () => `${this.rng.pick(['claim', '理赔'])}.${this.rng.pick(['inPolicySelfPay', 'outOfPolicySelfPay', 'overLimitSelfPay', '政策内自付', '政策外自费'])}`]);
      if (n.catalogues.length) leaves.push([2, () => `${this.k('Item')} ${this.k('In')} ${this.rng.pick(n.catalogues)}`]);
      leaves.push([2, () => `(${this.k('Item')} ${this.k('Where')} (${this.boolExpr('item')}))`]);
    }
    if (ctx === 'item') leaves.push([2, () => 'item.amount']);
    const moneyTables = n.tables.filter((t) => t.value === 'money');
    if (moneyTables.length) leaves.push([1, () => `${this.rng.pick(moneyTables).name}[${ctx === 'member' ? '2025' : 'claim.year - 1'}, member.residence]`]);
    if (n.moneyAttrs.length) leaves.push([1, () => `member.${this.rng.pick(n.moneyAttrs)}`]);
    return this.nested(
      () => this.rng.weighted(leaves)(),
      () =>
        this.rng.weighted<() => string>([
          [3, () => `${this.moneyExpr(ctx)} ${this.rng.pick(['+', '-'])} ${this.moneyExpr(ctx)}`],
          [3, () => `${this.moneyExpr(ctx)} ${this.rng.pick(['*', '×'])} ${this.ratioExpr()}`],
          [this.bad ? 1 : 0, () => `${this.moneyExpr(ctx)} / ${this.rng.pick(['2', '0', '3'])}`],
          [1, () => `(${this.moneyExpr(ctx)})`],
          [1, () => `-${this.moneyExpr(ctx)}`],
          [this.bad ? 1 : 0, () => `${this.moneyExpr(ctx)} + ${this.ratioExpr()}`], // YB201
        ])(),
    );
  }

  ratioExpr(): string {
    const n = this.names;
    const leaves: (readonly [number, () => string])[] = [[5, () => this.pct(90)]];
    if (n.ratioParams.length) leaves.push([2, () => this.rng.pick(n.ratioParams)]);
    const ratioTables = n.tables.filter((t) => t.value === 'ratio');
    if (ratioTables.length) leaves.push([1, () => `${this.rng.pick(ratioTables).name}[2025, urban]`]);
    return this.nested(
      () => this.rng.weighted(leaves)(),
      () => this.rng.pick([() => `(${this.ratioExpr()} + ${this.rng.range(0, 5)}pp)`, () => `(${this.ratioExpr()})`, () => `${this.ratioExpr()} * 50%`])(),
    );
  }

  private numberExpr(ctx: Ctx): string {
    const fields = ['member.age', 'member.enrolledYears', 'member.enrolledDays', '参保人.年龄', '参保人.连续参保年数'];
    if (ctx !== 'member') fields.push('claim.year');
    return this.rng.weighted<() => string>([
      [4, () => this.rng.pick(fields)],
      [2, () => `${this.rng.int(100)}`],
      [1, () => (this.names.numAttrs.length ? `member.${this.rng.pick(this.names.numAttrs)}` : '18')],
    ])();
  }

  boolExpr(ctx: Ctx): string {
    const n = this.names;
    const leaves: (readonly [number, () => string])[] = [
      [4, () => `${this.numberExpr(ctx)} ${this.rng.pick(['>=', '<', '<=', '>', '=', '!=', '≥', '≠'])} ${this.rng.int(100)}`],
      [1, () => this.rng.pick(['true', 'false', 'yes', '是', '否'])],
      [1, () => `member.birthDate ${this.rng.pick(['<', '>=', '='])} ${this.date()}`],
    ];
    if (n.groups.length) leaves.push([3, () => `member ${this.k('In')} ${this.rng.chance(0.3) ? `[${n.groups.slice(0, 3).join(', ')}]` : this.rng.pick(n.groups)}`]);
    if (n.boolAttrs.length) leaves.push([2, () => `member.${this.rng.pick(n.boolAttrs)}`]);
    if (n.enumAttrs.length) {
      leaves.push([2, () => {
        const a = this.rng.pick(n.enumAttrs);
        return `member.${a.name} ${this.rng.pick(['=', '!='])} ${this.oops() ? 'nowhere' : this.rng.pick(a.values)}`;
      }]);
    }
    if (ctx !== 'member') {
      const flags = [...BUILTIN_FLAGS, ...n.flags];
      leaves.push([3, () => `claim.flags ${this.k('Has')} ${this.rng.pick(flags)}`]);
      leaves.push([1, () => `claim.flags ${this.k('Has')} ${this.k('Any')} [${this.rng.pick(flags)}, ${this.rng.pick(flags)}]`]);
      leaves.push([2, () => `claim.setting ${this.rng.pick(['=', '!='])} ${this.rng.pick([...BUILTIN_SETTINGS, ...n.settings])}`]);
      leaves.push([2, () => `claim.date ${this.rng.pick(['<', '>='])} ${this.date()}`]);
      leaves.push([1, () => `${this.moneyExpr(ctx)} > ${this.money()}`]);
      leaves.push([1, () => `member.enrolledDays < ${this.rng.int(400)}`]);
    }
    if (ctx === 'item') {
      leaves.push([3, () => `item.category ${this.k('In')} ["cosmetic", "tonic"]`]);
      leaves.push([2, () => `item.class = ${this.rng.pick(['out', '"in"', '"out"'])}`]);
      if (n.catalogues.length) leaves.push([3, () => `item.code ${this.k('In')} ${this.rng.pick(n.catalogues)}`]);
      leaves.push([1, () => `item.code = "WH-${this.rng.int(20)}"`]);
    }
    return this.nested(
      () => this.rng.weighted(leaves)(),
      () =>
        this.rng.weighted<() => string>([
          [3, () => `${this.boolExpr(ctx)} ${this.k('And')} ${this.boolExpr(ctx)}`],
          [3, () => `${this.boolExpr(ctx)} ${this.k('Or')} ${this.boolExpr(ctx)}`],
          [2, () => `${this.k('Not')} ${this.boolExpr(ctx)}`],
          [1, () => `(${this.boolExpr(ctx)})`],
        ])(),
    );
  }

  // ---- declarations ----
  private header(): string {
    const fields: string[] = [];
    if (this.rng.chance(0.5)) fields.push(`${this.k('Source')} ${this.str()}`);
    if (this.rng.chance(0.5)) fields.push(`${this.k('Region')} ${this.str()}`);
    if (this.rng.chance(0.85)) fields.push(`${this.k('Valid')} ${this.oops(0.3) ? this.date() : '2016-01-01'} ${this.k('To')} ${this.oops(0.3) ? this.date() : this.rng.pick(['2030-12-31', '2025-12-31'])}`);
    if (this.rng.chance(0.3)) fields.push(`${this.k('Sold')} ${this.oops() ? this.date() : '2015-09-01'} ${this.k('To')} ${this.oops() ? this.date() : '2015-12-31'}`);
    if (this.rng.chance(0.3)) fields.push(`${this.k('Year')} ${this.k('Calendar')}`);
    if (this.rng.chance(0.4)) fields.push(`${this.k('Rounding')} ${this.rng.pick(['0.01', '0.1', '1', '10', '0.05', '0.001'])} ${this.k(this.rng.pick(['HalfUp', 'HalfEven', 'Down', 'Up'] as const))}`);
    return `${this.k('Plan')} ${this.str()} { ${fields.join(this.sep())} }`;
  }

  private declareVocabulary(out: string[]): void {
    const n = this.names;
    for (let i = this.rng.int(3); i > 0; i--) {
      const s = this.fresh('dental');
      n.settings.push(s);
      out.push(`${this.k('Setting')} ${s}${this.rng.chance(0.5) ? ` ${this.str()}` : ''}`);
    }
    for (let i = this.rng.int(3); i > 0; i--) {
      const f = this.fresh('drunk');
      n.flags.push(f);
      out.push(`${this.k('Flag')} ${f}${this.rng.chance(0.5) ? ` ${this.str()}` : ''}`);
    }
    if (this.rng.chance(0.5)) {
      n.enumAttrs.push({ name: 'residence', values: ['urban', 'rural'] });
      this.used.add('residence');
      out.push(`${this.k('Attribute')} residence: urban | rural`);
    }
    for (let i = this.rng.int(3); i > 0; i--) {
      const a = this.fresh('attr');
      const t = this.oops() ? 'colour' : this.rng.pick(['boolean', 'number', 'money', 'date', 'text', '是否', '数值', 'a | b | c']);
      if (t === 'boolean' || t === '是否') n.boolAttrs.push(a);
      else if (t === 'number' || t === '数值') n.numAttrs.push(a);
      else if (t === 'money') n.moneyAttrs.push(a);
      else if (t.includes('|')) n.enumAttrs.push({ name: a, values: ['a', 'b', 'c'] });
      out.push(`${this.k('Attribute')} ${a}: ${t}`);
    }
  }

  private declareData(out: string[]): void {
    const n = this.names;
    for (let i = this.rng.int(4); i > 0; i--) {
      const p = this.fresh('P');
      const ratio = this.rng.chance(0.4);
      const value = () => (ratio ? this.ratioExpr() : this.rng.chance(0.8) ? this.money() : this.moneyExpr('member'));
      if (this.rng.chance(0.6)) out.push(`${this.k('Param')} ${p} = ${value()}`);
      else {
        const steps = [`${this.k('From')} 2016-01-01 ${this.k('To')} 2024-12-31: ${value()}`, `${this.k('From')} ${this.oops(0.5) ? this.rng.pick(['2024-06-01', '2026-01-01']) : '2025-01-01'}: ${value()}`];
        if (this.oops()) steps.reverse();
        out.push(`${this.k('Param')} ${p} { ${steps.join(this.sep())} }`);
      }
      if (this.oops(0.05)) (ratio ? n.moneyParams : n.ratioParams).push(p);
      else (ratio ? n.ratioParams : n.moneyParams).push(p);
    }
    if (this.rng.chance(0.3)) {
      const t = this.fresh('T');
      const value = this.rng.chance(0.7) ? 'money' : 'ratio';
      n.tables.push({ name: t, value });
      if (!n.enumAttrs.some((a) => a.name === 'residence')) {
        n.enumAttrs.push({ name: 'residence', values: ['urban', 'rural'] });
        this.used.add('residence');
        out.push(`${this.k('Attribute')} residence: urban | rural`);
      }
      const cell = () => (value === 'money' ? `${this.rng.int(30000)}` : this.pct());
      const rows: string[] = [];
      for (let y = 2015; y <= 2030; y++) for (const r of ['urban', 'rural']) if (!this.oops()) rows.push(`${y} ${r} ${cell()}`);
      if (this.rng.chance(0.4)) {
        const path = `data/${t}.csv`;
        this.files[path] = `year,residence,value\n${rows.map((r) => r.split(' ').join(',')).join('\n')}\n`;
        out.push(`${this.k('Table')} ${t} ${this.k('By')} year, residence ${this.k('File')} "${path}"`);
      } else out.push(`${this.k('Table')} ${t} ${this.k('By')} year, residence {\n    ${rows.join(this.rng.chance(0.5) ? '\n    ' : '  ')}\n  }`);
    }
    for (let i = this.rng.int(3); i > 0; i--) {
      const c = this.fresh('K');
      n.catalogues.push(c);
      const codes = () => Array.from({ length: this.rng.range(0, 6) }, () => `"WH-${this.rng.int(20)}"`).join(', ');
      const source = () => {
        if (this.rng.chance(0.6)) return `[${codes()}]`;
        const path = `cat/${c}-${this.rng.int(3)}.csv`;
        this.files[path] = `${this.rng.chance(0.5) ? 'code\n' : ''}${Array.from({ length: this.rng.range(0, 8) }, () => `WH-${this.rng.int(20)}`).join('\n')}\n`;
        return `${this.k('File')} "${path}"`;
      };
      if (this.rng.chance(0.7)) out.push(`${this.k('Catalogue')} ${c} ${source()}`);
      else out.push(`${this.k('Catalogue')} ${c} { ${this.k('From')} 2016-01-01 ${this.k('To')} 2024-12-31: ${source()}${this.sep()}${this.k('From')} 2025-01-01: ${source()} }`);
    }
    for (let i = this.rng.int(4); i > 0; i--) {
      const g = this.fresh('G');
      const cond = this.rng.chance(0.5) ? ` = ${this.boolExpr('member')}` : '';
      n.groups.push(g);
      if (cond.includes(g)) n.groups.pop();
      out.push(`${this.k('Group')} ${g}${this.rng.chance(0.3) ? ` ${this.str()}` : ''}${cond}`);
    }
  }

  private rules(out: string[]): void {
    const n = this.names;
    if (this.rng.chance(0.3)) out.push(`${this.k('Waiting')} ${this.rng.int(200)} ${this.k('Days')}${this.rng.chance(0.8) ? ` ${this.k('Because')} ${this.str()}` : ''}`);
    for (let i = this.rng.int(4); i > 0; i--) {
      const level = this.rng.chance(0.5) ? 'Claim' : 'Item';
      out.push(`${this.k('Exclude')} ${this.k(level)} ${this.k('When')} ${this.boolExpr(level === 'Claim' ? 'claim' : 'item')} ${this.k('Because')} ${this.str()}`);
    }
    if (this.rng.chance(0.3)) {
      const d = this.fresh('SD');
      n.sharedDeductibles.push(d);
      out.push(`${this.k('Deductible')} ${d} = ${this.money()} ${this.k(this.rng.chance(0.8) ? 'PerYear' : 'PerClaim')}`);
    }
    if (this.rng.chance(0.3)) {
      const c = this.fresh('SC');
      n.sharedCaps.push(c);
      out.push(`${this.k('Cap')} ${c} = ${this.money()} ${this.k(this.rng.chance(0.8) ? 'PerYear' : 'PerClaim')}`);
    }
    for (let i = this.rng.range(1, 4); i > 0; i--) out.push(this.benefit());
    for (let i = this.rng.int(3); i > 0 && n.groups.length; i--) out.push(this.tilt());
    if (n.tilts.length >= 2 && !this.oops(0.5)) out.push(`${this.k('Combine')} ${n.tilts.join(', ')}: ${this.k(this.rng.pick(['Stack', 'First', 'Best'] as const))}`);
    if (this.rng.chance(0.4)) out.push(this.premium());
    for (let i = this.rng.int(3); i > 0; i--) out.push(this.test());
  }

  private bands(): string {
    const count = this.rng.range(1, 5);
    let lo = this.rng.chance(0.7) ? 0 : this.rng.int(10) * 1000;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const last = i === count - 1;
      const hi = lo + this.rng.range(1, 50) * 1000;
      const open = last && this.rng.chance(0.6);
      const gapOrOverlap = this.oops() ? this.rng.pick([-500, 500]) : 0;
      out.push(`${lo}${this.rng.chance(0.2) ? '' : ''} .. ${open ? '' : hi} : ${this.pct(90)}`);
      lo = hi + gapOrOverlap;
    }
    return out.join(this.sep());
  }

  private benefit(): string {
    const n = this.names;
    const b = this.fresh('R');
    const clauses: string[] = [];
    if (this.rng.chance(0.6)) {
      const s = [...BUILTIN_SETTINGS.slice(0, 5), ...n.settings];
      const picked = Array.from({ length: this.rng.range(1, 3) }, () => this.rng.pick(s));
      clauses.push(`${this.k('For')} ${(this.oops() ? picked : [...new Set(picked)]).join(', ')}`);
    }
    if (!this.oops(0.05)) {
      const excluding = n.benefits.length && this.rng.chance(0.3) ? ` ${this.k('Excluding')} ${this.rng.pick(n.benefits)}` : '';
      clauses.push(`${this.k('Amount')} ${this.moneyExpr('claim')}${excluding}`);
    }
    const ded = this.rng.weighted<() => string>([
      [3, () => ''],
      [4, () => `${this.k('Deductible')} ${this.money()} ${this.k('PerYear')}`],
      [2, () => `${this.k('Deductible')} ${this.money()} ${this.k('PerClaim')}`],
      [2, () => (n.sharedDeductibles.length ? `${this.k('Deductible')} ${this.k('Shared')} ${this.rng.pick(n.sharedDeductibles)}` : '')],
      [1, () => `${this.k('Deductible')} ${this.moneyExpr('member')} ${this.k('PerYear')}`],
    ])();
    if (ded) clauses.push(ded);
    const perClaimDeductible = /per claim|每次|shared|共用/.test(ded);
    const schedule = this.rng.weighted<() => string>([
      [4, () => `${this.k('Ratio')} ${this.ratioExpr()}`],
      [3, () => `${this.k('Banded')} ${this.rng.chance(0.5) && (!perClaimDeductible || this.oops(0.5)) ? `${this.k('On')} ${this.k('Annual')}${this.rng.chance(0.5) ? ` ${this.k('Amount')}` : ''}` : `${this.k('Above')} ${this.k('Deductible')}`} {\n    ${this.bands()}\n  }`],
      [2, () => `${this.k('WholeAmount')} ${this.rng.chance(0.5) && (!perClaimDeductible || this.oops(0.5)) ? `${this.k('On')} ${this.k('Annual')}` : `${this.k('Above')} ${this.k('Deductible')}`} { ${this.bands()} }`],
      [this.bad ? 1 : 0, () => ''],
    ])();
    if (schedule) clauses.push(schedule);
    const cap = this.rng.weighted<() => string>([
      [4, () => ''],
      [3, () => `${this.k('Cap')} ${this.money()} ${this.k('PerYear')}`],
      [1, () => `${this.k('Cap')} ${this.money()} ${this.k('PerClaim')}`],
      [1, () => (n.sharedCaps.length ? `${this.k('Cap')} ${this.k('Shared')} ${this.rng.pick(n.sharedCaps)}` : '')],
    ])();
    if (cap) clauses.push(cap);
    if (this.rng.chance(0.15)) clauses.reverse();
    if (this.oops()) clauses.push(clauses[0] ?? '');
    n.benefits.push(b);
    if (ded && !ded.includes(this.k('Shared')) && !/共用|shared/.test(ded)) this.ownDeductible.add(b);
    if (cap && !/共用|shared/.test(cap)) this.ownCap.add(b);
    return `${this.k('Benefit')} ${b}${this.rng.chance(0.4) ? ` ${this.str()}` : ''} {\n  ${clauses.join(this.sep())}\n}`;
  }

  private tilt(): string {
    const n = this.names;
    const t = this.fresh('Tilt');
    n.tilts.push(t);
    const actions: string[] = [];
    for (let i = this.rng.range(1, 3); i > 0; i--) {
      const target = this.rng.pick(['Deductible', 'Ratio', 'Cap'] as const);
      const scopes = this.oops()
        ? [...n.benefits, ...n.sharedDeductibles, ...n.sharedCaps]
        : target === 'Ratio' ? n.benefits : target === 'Deductible' ? [...this.ownDeductible, ...n.sharedDeductibles] : [...this.ownCap, ...n.sharedCaps];
      const scope = scopes.length && this.rng.chance(0.4) ? `${this.rng.pick(scopes)}.` : '';
      const op = target === 'Ratio'
        ? this.rng.pick([`+${this.rng.range(1, 10)}pp`, `-${this.rng.range(1, 10)}pp`, `${this.k('Scale')} ${this.rng.range(90, this.bad ? 120 : 100)}%`])
        : target === 'Deductible'
          ? this.rng.pick([this.k('Waived'), `${this.k('Cut')} ${this.rng.int(100)}%`, `${this.k('Scale')} ${this.rng.int(150)}%`, `- ${this.money()}`, `+ ${this.money()}`])
          : this.rng.pick([`${this.k('Scale')} ${this.rng.range(50, 200)}%`, `+ ${this.money()}`, `- ${this.money()}`, ...(this.bad ? [this.k('Waived')] : [])]);
      actions.push(`${scope}${this.k(target)} ${op}`);
    }
    const groups = Array.from({ length: this.rng.range(1, 2) }, () => this.rng.pick(n.groups)).join(', ');
    return `${this.k('Tilt')} ${t}${this.rng.chance(0.3) ? ` ${this.str()}` : ''} ${this.k('For')} ${groups} { ${actions.join(this.sep())} }`;
  }

  private premium(): string {
    const lines: string[] = [];
    for (let i = this.rng.range(0, 3); i > 0; i--) lines.push(`${this.rng.int(200)} ${this.k('When')} ${this.boolExpr('member')}`);
    if (this.rng.chance(0.8)) lines.push(`${this.rng.int(200)} ${this.k('Otherwise')}`);
    if (this.oops()) lines.reverse();
    return `${this.k('Premium')} { ${lines.join(this.sep())} }`;
  }

  private test(): string {
    const n = this.names;
    const stmts: string[] = [];
    const attrs = (): string => {
      const parts: string[] = [];
      for (const a of n.enumAttrs) if (this.rng.chance(0.8)) parts.push(`${a.name} ${this.oops() ? 'bogus' : this.rng.pick(a.values)}`);
      for (const a of n.boolAttrs) if (this.rng.chance(0.8)) parts.push(`${a} ${this.oops() ? '3' : this.rng.pick(['yes', 'no', '是', '否'])}`);
      for (const a of [...n.numAttrs, ...n.moneyAttrs]) if (this.rng.chance(0.8)) parts.push(`${a} ${this.rng.int(10)}`);
      return parts.map((p) => `, ${p}`).join('');
    };
    const members = ['m', 'p'].slice(0, this.rng.range(1, 2));
    for (const m of members) {
      const groups = n.groups.length && this.rng.chance(0.5) ? `, groups [${n.groups.slice(0, 2).join(', ')}]` : '';
      stmts.push(`${this.k('Member')} ${m} { birthDate ${this.rng.pick(['1980-05-01', '2015-02-28', '1968-02-29'])}, enrolledSince ${this.oops() ? '2025-02-30' : this.rng.pick(['2015-01-01', '2024-12-01'])}${groups}${attrs()} }`);
    }
    const claims: string[] = [];
    for (let i = this.rng.range(1, 4); i > 0; i--) {
      const c = `c${i}`;
      claims.push(c);
      const items = this.rng.chance(0.3)
        ? `, items [ { code "WH-${this.rng.int(20)}", amount ${this.money()}, class ${this.rng.pick(['in', 'out'])}, category ${this.rng.pick(['drug', 'tonic', 'cosmetic'])} } ]`
        : `, inPolicySelfPay ${this.money()}, outOfPolicySelfPay ${this.money()}`;
      const flags = this.rng.chance(0.2) ? `, flags [${this.rng.pick([...BUILTIN_FLAGS, ...n.flags])}]` : '';
      stmts.push(`${this.k('Claim')} ${c} { member ${this.rng.pick(members)}, date ${this.date()}, setting ${this.rng.pick([...BUILTIN_SETTINGS, ...n.settings])}${items}${flags} }`);
    }
    for (let i = this.rng.range(1, 3); i > 0; i--) {
      if (this.rng.chance(0.3)) stmts.push(`${this.k('Expect')} ${this.rng.pick(members)} ${this.k('Premium')} ${this.rng.int(200)}`);
      else {
        const benefit = n.benefits.length && this.rng.chance(0.4) ? `.${this.rng.pick(n.benefits)}` : '';
        stmts.push(`${this.k('Expect')} ${this.rng.pick(claims)}${benefit} ${this.k('Pays')} ${this.rng.int(5000)}${this.rng.chance(0.5) ? '.00' : ''}`);
      }
    }
    return `${this.k('Test')} ${this.str()} {\n  ${stmts.join('\n  ')}\n}`;
  }

  plan(): FuzzInput {
    const out: string[] = [];
    if (this.rng.chance(0.95)) out.push(this.header());
    this.declareVocabulary(out);
    this.declareData(out);
    this.rules(out);
    // Declarations may come in any order (except `excluding`); shuffle a little.
    if (this.rng.chance(0.2) && out.length > 2) {
      const i = this.rng.int(out.length);
      const j = this.rng.int(out.length);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return { text: out.join(this.rng.pick(['\n', '\n\n', ' ', ';\n'])) + '\n', files: { ...this.files }, origin: 'generated' };
  }
}

export function generatePlan(rng: Rng): FuzzInput {
  return new PlanGenerator(rng).plan();
}
