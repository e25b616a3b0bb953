// `yibao analyze` (spec/language.md §30): exact payout functions, worked by hand for Jilin's 2016 and
// 2017 schedules; the functions agree with the engine on generated amounts for every example plan;
// the piecewise-linear operations agree with their pointwise meaning; the report fits its schema.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../engine/analysis/analyze';
import { payoutCurves, versionDays, type Scenario } from '../engine/analysis/curves';
import { compile } from '../engine/pipeline';
import { lower } from '../engine/lower/index';
import { checkPlan } from '../engine/frontend';
import * as pl from '../engine/analysis/piecewise';
import { witness } from '../engine/analysis/witness';
import { PlanDocument } from '../engine/document';
import { readerFor } from '../engine/node/files';
import { analysisReportSchema } from '../engine/request/analysis-schemas';

const ROOT = resolve(__dirname, '..');
const open = (f: string) => {
  const path = join(ROOT, f);
  const doc = new PlanDocument(readFileSync(path, 'utf8'), path, readerFor(path));
  return { doc, ir: doc.lowered!.ir!, compiled: doc.compiled! };
};
const yuan = (s: string) => new Decimal(s);
/** A function's pieces as [from, value at from, slope] strings. */
const table = (f: pl.PL) => f.map((p) => [p.from.toString(), p.at.toString(), p.slope.toString()]);

describe('Jilin 大病, worked by hand', () => {
  const { ir } = open('examples/jilin-dabing.yibao');
  const { scenarios } = payoutCurves(ir);
  const find = (from: string, residence: string, tilted: boolean) =>
    scenarios.find((s) => s.from === from && s.tilts.length === (tilted ? 1 : 0) && s.path.some((p) => p.condition.kind === 'compare' && p.condition.right.kind === 'symbol' && p.condition.right.id === residence))!;

  it('has one function per year × residence × 建档立卡, and the years are the parameters\' steps', () => {
    // 2 date versions (2016, 2017) × 2 residences (the income table's rows of the year before) × tilt or not.
    expect(scenarios.length).toBe(8);
    expect(new Set(scenarios.map((s) => `${s.from}..${s.to}`))).toEqual(new Set(['2016-01-01..2016-12-31', '2017-01-01..2017-12-31']));
  });

  it('2016, urban: deductible 24,901 (2015 income), bands 50/60/70/80 % on the part above it, cap 300,000', () => {
    // D = 24901. Band edges above D: 24901, 74901 (+5万), 124901 (+10万), 174901 (+15万).
    // At 74901: 50000 × 50% = 25000; at 124901: 25000 + 50000 × 60% = 55000; at 174901: 55000 + 50000 × 70% = 90000.
    // The cap: 90000 + 80% × (x − 174901) = 300000 ⇒ x = 174901 + 210000 / 0.8 = 174901 + 262500 = 437401.
    expect(table(find('2016-01-01', 'urban', false).payout)).toEqual([
      ['0', '0', '0'], ['24901', '0', '0.5'], ['74901', '25000', '0.6'], ['124901', '55000', '0.7'], ['174901', '90000', '0.8'], ['437401', '300000', '0'],
    ]);
  });

  it('2017, rural: deductible 12,123 (2016 income), bands 55/65/75/80 %', () => {
    // D = 12123; at 62123: 50000 × 55% = 27500; at 112123: 27500 + 32500 = 60000; at 162123: 60000 + 37500 = 97500.
    // Cap: 97500 + 80% × (x − 162123) = 300000 ⇒ x = 162123 + 202500 / 0.8 = 162123 + 253125 = 415248.
    expect(table(find('2017-01-01', 'rural', false).payout)).toEqual([
      ['0', '0', '0'], ['12123', '0', '0.55'], ['62123', '27500', '0.65'], ['112123', '60000', '0.75'], ['162123', '97500', '0.8'], ['415248', '300000', '0'],
    ]);
  });

  it('2017, urban, 建档立卡: deductible cut 40 %, every band +5 points, the cap reached between two fen', () => {
    // D = 26530 × 60% = 15918; bands 60/70/80/85 %: at 65918: 30000; at 115918: 30000 + 35000 = 65000; at 165918: 65000 + 40000 = 105000.
    // Cap: 105000 + 85% × (x − 165918) = 300000 ⇒ x = 165918 + 195000 / 0.85 = 165918 + 229411.7647… = 395329.7647…
    const s = find('2017-01-01', 'urban', true);
    expect(s.deductible.toString()).toBe('15918');
    expect(table(s.payout).slice(0, 5)).toEqual([['0', '0', '0'], ['15918', '0', '0.6'], ['65918', '30000', '0.7'], ['115918', '65000', '0.8'], ['165918', '105000', '0.85']]);
    const capAt = s.payout[5]!;
    expect(capAt.from.minus('395329.7647058823').abs().lt('1e-9')).toBe(true);
    const report = analyzePlan(ir, readFileSync(join(ROOT, 'examples/jilin-dabing.yibao'), 'utf8'), { witnesses: false }).report;
    const row = report.functions.find((f) => f.from === '2017-01-01' && f.tilts.length === 1 && f.conditions[0]!.text.endsWith('= urban'))!;
    // Shown to the fen, rounded up: the first amount in fen that reaches the cap.
    expect(row.breakpoints[5]).toEqual({ amount: '395329.77', exact: false, payout: '300000.00', marginal: '0%' });
  });

  it('2016 → 2017: the starting ratio 50 % → 55 % and the deductible 24,901 → 26,530 (urban)', () => {
    const a = find('2016-01-01', 'urban', false).payout;
    const b = find('2017-01-01', 'urban', false).payout;
    // At 34,901: 2016 pays (34901 − 24901) × 50% = 5000; 2017 pays (34901 − 26530) × 55% = 4604.05.
    expect(pl.valueAt(a, 34_901).toString()).toBe('5000');
    expect(pl.valueAt(b, 34_901).toString()).toBe('4604.05');
  });

  it('proves every property of the plan, and says where the cap is reached', () => {
    const { report } = analyzePlan(ir, '', { witnesses: false });
    expect(report.verdicts.filter((v) => v.status !== 'proved')).toEqual([]);
    const cap = report.verdicts.find((v) => v.property === 'cap')!;
    expect(cap.message.en).toContain('437401.00');
  });
});

/** Generated amounts, fractional fen included, for one scenario: the engine pays what the function says. */
function agreesOnGenerated(file: string): void {
  const { ir, compiled } = open(file);
  const { scenarios } = payoutCurves(ir);
  it(`${file}: ${scenarios.length} functions`, () => {
    expect(scenarios.length).toBeGreaterThan(0);
    const amount = fc.integer({ min: 0, max: 60_000_000 }).map((fen) => new Decimal(fen).div(100));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.array(amount, { minLength: 1, maxLength: 4 }), (i, xs) => {
        const s: Scenario = scenarios[i]!;
        const w = witness(ir, compiled, xs.map((x) => ({ s, x })));
        expect(w.claims.map((c) => c.paid), JSON.stringify(w.request)).toEqual(w.claims.map((c) => c.expected));
      }),
      { numRuns: 40, seed: 14 },
    );
  });
}

describe('the functions agree with the engine on generated amounts', () => {
  for (const f of ['examples/weihai-2024.yibao', 'examples/jilin-dabing.yibao', 'examples/qingdao-2017.yibao', 'examples/qingdao-basic.yibao', 'examples/shaanxi-enterprise.yibao', 'examples/shanghai-huhuibao-2021.yibao', 'examples/jilin-assistance.yibao', 'examples/shantou-basic.yibao', 'spec/conformance/good/analysis-broken.yibao']) agreesOnGenerated(f);
});

/** The IR of a plan written here (no data files). */
const irOf = (text: string) => {
  const checked = checkPlan(text, 'p.yibao');
  if (!checked.plan) throw new Error(JSON.stringify(checked.diagnostics.map((d) => d.code)));
  return lower(checked.plan).ir!;
};

describe('what the functions are enumerated over', () => {
  it('date versions: each day a step starts or ends inside the validity, with its last day', () => {
    // Jilin: parameters step on 2016-01-01 (to 2016-12-31) and 2017-01-01; validity 2016–2017.
    expect(versionDays(open('examples/jilin-dabing.yibao').ir)).toEqual([{ from: '2016-01-01', to: '2016-12-31' }, { from: '2017-01-01', to: '2017-12-31' }]);
    // A step that ends mid-year opens a version the day after; steps outside the validity do not count.
    const ir = irOf(`plan "p" { valid 2025-01-01 to 2025-12-31 }
param r { from 2024-01-01 to 2025-03-31: 50%  from 2025-04-01 to 2026-12-31: 60% }
benefit B { amount claim.inPolicySelfPay  ratio r }`);
    expect(versionDays(ir)).toEqual([{ from: '2025-01-01', to: '2025-03-31' }, { from: '2025-04-01', to: '2025-12-31' }]);
    // 50 % then 60 %: two functions, joined by nothing since they differ.
    expect(payoutCurves(ir).scenarios.map((s) => `${s.from}..${s.to} ${s.payout[0]!.slope}`)).toEqual(['2025-01-01..2025-03-31 0.5', '2025-04-01..2025-12-31 0.6']);
    // Without validity or dates: one version from the first day anything is dated, open-ended.
    expect(versionDays(irOf('plan "p" { }\nbenefit B { amount claim.inPolicySelfPay  ratio 50% }'))).toHaveLength(1);
  });

  it('tilts: only those acting on the benefit, every combination', () => {
    const { scenarios } = payoutCurves(open('examples/weihai-2024.yibao').ir);
    const count = (b: string) => scenarios.filter((s) => s.benefit.name === b).map((s) => s.tilts.join('+') || '-');
    // 续保奖励 acts on R1 and R2 only.
    expect([count('R1'), count('R2'), count('R3'), count('R4')]).toEqual([['-', '续保奖励'], ['-', '续保奖励'], ['-'], ['-']]);
  });

  it('cases: a tilt for a group by condition only where the path allows it', () => {
    const { scenarios } = payoutCurves(open('examples/qingdao-basic.yibao').ir);
    // 3 hospital levels × 2 member types, and 退休提高 (for 职工 who are 退休) only on the 3 职工 paths: 9, not 12.
    expect(scenarios).toHaveLength(9);
    expect(scenarios.filter((s) => s.tilts.length).every((s) => s.path.some((p) => p.condition.kind === 'compare' && p.holds))).toBe(true);
  });

  it('what cannot be analysed says why and where', () => {
    const report = (text: string) => payoutCurves(irOf(text)).unanalysed.map((u) => `${u.benefit.name} ${u.why} ${u.at.start.line}`);
    expect(report(`plan "p" { valid 2025-01-01 to 2025-12-31 }
benefit B {
  amount if claim.inPolicySelfPay > 1000 then claim.inPolicySelfPay else 0
  ratio 50%
}`)).toEqual(['B amount 3']);
    expect(report(`plan "p" { valid 2025-01-01 to 2025-12-31 }
attribute own: money
benefit B {
  amount claim.inPolicySelfPay
  deductible member.own per year
  ratio 50%
}`)).toEqual(['B values 5']);
    const groups = Array.from({ length: 9 }, (_, i) => `group g${i}\ntilt t${i} for g${i} { ratio +1pp }`).join('\n');
    // Nine tilts on one ratio (at most 8 are enumerated): the ninth, t8, is on line 3 + 2 × 8 = 19.
    const combine = `combine ${Array.from({ length: 9 }, (_, i) => `t${i}`).join(', ')}: stack`;
    expect(report(`plan "p" { valid 2025-01-01 to 2025-12-31 }\n${groups}\n${combine}\nbenefit B { amount claim.inPolicySelfPay  ratio 50% }`)).toEqual(['B tilts 19']);
  });

  it('a benefit whose function does not change with a date step keeps one version; one attribute takes one value per case', () => {
    const ir = irOf(`plan "p" { valid 2025-01-01 to 2025-12-31 }
attribute kind: a | b | c
param r { from 2025-01-01 to 2025-06-30: 50%  from 2025-07-01: 60% }
benefit B1 { amount claim.inPolicySelfPay  ratio r }
benefit B2 {
  amount claim.inPolicySelfPay
  deductible if member.kind = b then 100 else 200 per year
  ratio if member.kind = a then 60% else 50%
}`);
    const { scenarios } = payoutCurves(ir);
    // B1 changes on 2025-07-01; B2 does not, so its functions span the whole year.
    expect(scenarios.filter((s) => s.benefit.name === 'B1').map((s) => `${s.from}..${s.to}`)).toEqual(['2025-01-01..2025-06-30', '2025-07-01..2025-12-31']);
    const b2 = scenarios.filter((s) => s.benefit.name === 'B2');
    expect(new Set(b2.map((s) => `${s.from}..${s.to}`))).toEqual(new Set(['2025-01-01..2025-12-31']));
    // kind = b with kind = a cannot both hold: (D 100, 50 %), (D 200, 60 %), (D 200, 50 %) — three cases, not four.
    expect(b2.map((s) => `${s.deductible} ${s.bands[0]!.ratio}`).sort()).toEqual(['100 0.5', '200 0.5', '200 0.6']);
  });

  it('a path that contradicts itself is no case: "not" and "or" taken apart', () => {
    const ir = irOf(`plan "p" { valid 2025-01-01 to 2025-12-31 }
attribute kind: a | b
group A = not (member.kind = b)
tilt T for A { ratio +10pp }
benefit B { amount claim.inPolicySelfPay  ratio if member.kind = b then 50% else 40% }`);
    // kind = b: 50 %, and A does not hold, so no T; kind ≠ b: 40 %, with or without T (A holds, but a member may be listed otherwise).
    expect(payoutCurves(ir).scenarios.map((s) => `${s.tilts.join('+') || '-'} ${s.payout[0]!.slope}`).sort()).toEqual(['- 0.4', '- 0.5', 'T 0.5']);
  });
});

describe('piecewise-linear functions', () => {
  const piece = fc.record({ from: fc.integer({ min: 1, max: 1000 }), at: fc.integer({ min: -500, max: 500 }), slope: fc.integer({ min: -200, max: 200 }) });
  const fn = fc.array(piece, { maxLength: 5 }).chain((ps) => fc.integer({ min: -300, max: 300 }).chain((at0) => fc.integer({ min: -200, max: 200 }).map((s0) => {
    const sorted = [...new Map(ps.map((p) => [p.from, p])).values()].sort((a, b) => a.from - b.from);
    return [{ from: new Decimal(0), at: new Decimal(at0), slope: new Decimal(s0).div(100) }, ...sorted.map((p) => ({ from: new Decimal(p.from), at: new Decimal(p.at), slope: new Decimal(p.slope).div(100) }))] as pl.PL;
  })));
  const x = fc.integer({ min: 0, max: 120_000 }).map((n) => new Decimal(n).div(100));
  const close = (a: Decimal, b: Decimal) => a.minus(b).abs().lt('1e-9');

  it('min, max, sum and difference are pointwise', () => {
    fc.assert(fc.property(fn, fn, x, (f, g, v) => {
      expect(close(pl.valueAt(pl.min(f, g), v), Decimal.min(pl.valueAt(f, v), pl.valueAt(g, v)))).toBe(true);
      expect(close(pl.valueAt(pl.max(f, g), v), Decimal.max(pl.valueAt(f, v), pl.valueAt(g, v)))).toBe(true);
      expect(close(pl.valueAt(pl.add(f, g), v), pl.valueAt(f, v).plus(pl.valueAt(g, v)))).toBe(true);
      expect(close(pl.valueAt(pl.subtract(f, g), v), pl.valueAt(f, v).minus(pl.valueAt(g, v)))).toBe(true);
    }), { numRuns: 300, seed: 7 });
  });

  it('composition is g(h(x)) for h ≥ 0, falling pieces included', () => {
    fc.assert(fc.property(fn, fn, x, (g, h0, v) => {
      const h = pl.max(h0, pl.constant(0));
      expect(close(pl.valueAt(pl.compose(g, h), v), pl.valueAt(g, pl.valueAt(h, v)))).toBe(true);
    }), { numRuns: 300, seed: 8 });
  });

  it('a jump is found where a piece starts away from its neighbour\'s line, by hand', () => {
    // 0 .. 10: 0.6x; from 10: 0.5x. At 10 the value falls from 6 to 5.
    const f: pl.PL = [{ from: yuan('0'), at: yuan('0'), slope: yuan('0.6') }, { from: yuan('10'), at: yuan('5'), slope: yuan('0.5') }];
    expect(pl.jumps(f).map((j) => [j.x.toString(), j.before.toString(), j.after.toString()])).toEqual([['10', '6', '5']]);
    expect(pl.supremum(f)).toBeUndefined();
    expect(pl.supremum(pl.min(f, pl.constant(7)))!.toString()).toBe('7');
    // Rising to 6 then falling to 5 and staying: the bound is the left limit 6, not a piece's start.
    const g: pl.PL = [{ from: yuan('0'), at: yuan('0'), slope: yuan('0.6') }, { from: yuan('10'), at: yuan('5'), slope: yuan('0') }];
    expect(pl.supremum(g)!.toString()).toBe('6');
    // No jump where pieces meet on one line's value.
    expect(pl.jumps([{ from: yuan('0'), at: yuan('0'), slope: yuan('1') }, { from: yuan('10'), at: yuan('10'), slope: yuan('0') }])).toEqual([]);
  });
});

describe('yibao analyze', () => {
  const BIN = join(ROOT, 'bin', 'yibao.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'analyze', ...args], { encoding: 'utf8', cwd: ROOT });

  it('prints JSON that fits its schema, exit 0 when every property holds', () => {
    const r = run('examples/weihai-2024.yibao', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(analysisReportSchema, report), JSON.stringify(ajv.errors)).toBe(true);
    // R1 on the annual amount, deductible 6,000: bands 5 % to 1.6万, 60 % to 10万, 70 % to 30万, 80 % beyond.
    // At 16,000: 10000 × 5% = 500; at 100,000: 500 + 84000 × 60% = 50900; at 300,000: 50900 + 200000 × 70% = 190900.
    const r1 = report.functions.find((f: { benefit: string; tilts: string[] }) => f.benefit === 'R1' && f.tilts.length === 0);
    expect(r1.breakpoints.map((b: { amount: string; payout: string; marginal: string }) => `${b.amount} ${b.payout} ${b.marginal}`)).toEqual([
      '0.00 0.00 0%', '6000.00 0.00 5%', '16000.00 500.00 60%', '100000.00 50900.00 70%', '300000.00 190900.00 80%',
    ]);
  });

  it('exit 1 with warnings and confirmed counterexamples for the plan broken on purpose; English wholly English', () => {
    const r = run('spec/conformance/good/analysis-broken.yibao', '--lang', 'en');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('warning YB992');
    expect(r.stderr).toContain('warning YB993');
    expect(r.stderr).toContain('warning YB994');
    expect(r.stdout.match(/counterexample \(confirmed by running the engine\)/g)).toHaveLength(3);
    // Names from the plan are quoted, the witness requests are JSON: nothing else is Chinese.
    expect(r.stdout.replace(/"[^"]*"|\{.*\}/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('exit 2 for a plan with errors, and a usage error without a plan', () => {
    expect(run('spec/conformance/bad/bad-comparison.yibao').status).toBe(2);
    expect(run().status).toBe(2);
  });
});
