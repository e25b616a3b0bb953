// `yibao analyze`: a plan's payout functions as tables of breakpoints, and the verdicts of the
// proofs over them, each failure with a witness the engine confirms (spec/language.md §30). The
// report is plain JSON (spec/schemas/analysis-report.schema.json); failures are also diagnostics,
// warnings on the plan's responsible line, for the CLI's code frames and the editor's markers.
import type { Diagnostic } from '../../grammar/diagnostic';
import type { CompiledPlan } from '../compile/plan';
import { diag, type PlanCode } from '../ir/diagnostics';
import type { PlanIR } from '../ir/plan';
import { conditionText, payoutCurves, type Scenario } from './curves';
import * as pl from './piecewise';
import { prove, type Finding } from './properties';
import { ANALYSIS_VERSION, type AnalysisReport, type AnalysisVerdict, type PayoutFunction, type Property } from '../ir/analysis';

export type { AnalysisReport, AnalysisVerdict, PayoutFunction } from '../ir/analysis';
import { rounded, witness } from './witness';
import Decimal from 'decimal.js';

const CODES: Partial<Record<Property, PlanCode>> = { monotone: 'YB992', marginal: 'YB993', favourable: 'YB994' };

/** The report and, for each failure, a warning on the responsible line. `compiled` is called only for witnesses. */
export function analyzePlan(plan: PlanIR, text: string, opts: { compiled?: () => CompiledPlan; witnesses?: boolean } = {}): { report: AnalysisReport; diagnostics: Diagnostic[] } {
  const curves = payoutCurves(plan);
  const findings = prove(plan, curves.scenarios);
  const compiled = opts.witnesses === false ? undefined : opts.compiled;
  const verdicts = findings.map((f) => verdictOf(plan, f, compiled));
  const report: AnalysisReport = {
    analysisVersion: ANALYSIS_VERSION,
    plan: plan.header.name,
    file: plan.file,
    functions: curves.scenarios.map((s) => functionOf(plan, text, s)),
    unanalysed: curves.unanalysed.map((u) => ({ benefit: u.benefit.name, from: u.from, why: UNANALYSED[u.why].en, whyZh: UNANALYSED[u.why].zh, line: u.at.start.line, column: u.at.start.column })),
    verdicts,
  };
  const diagnostics = findings.flatMap((f, i) => (f.status === 'fails' ? [diag(CODES[f.property]!, f.range, { benefit: f.benefit, tilt: f.tilt ?? '', en: verdicts[i]!.message.en, zh: verdicts[i]!.message.zh }, { file: plan.file })] : []));
  return { report, diagnostics };
}

const UNANALYSED = {
  amount: { en: 'the amount is not a sum, difference, multiple, min or max of one claim input', zh: '金额不是同一理赔金额的和、差、倍数、较小值或较大值' },
  values: { en: 'a value depends on a fact of the member or claim that the plan does not enumerate', zh: '某个取值依赖参保人或理赔的事实，方案未列举其取值' },
  tilts: { en: 'more than 8 tilts act on the benefit', zh: '作用于该责任的倾斜超过 8 个' },
};

function functionOf(plan: PlanIR, text: string, s: Scenario): PayoutFunction {
  return {
    benefit: s.benefit.name, from: s.from, ...(s.to ? { to: s.to } : {}), tilts: s.tilts,
    conditions: s.path.map((p) => ({ text: conditionText(text, p.condition), holds: p.holds })),
    input: s.input.kind === 'items' ? `items${s.input.catalogue ? ` in ${s.input.catalogue}` : ''}` : `claim.${s.input.name}`,
    deductible: s.deductible.toFixed(2), ...(s.cap ? { cap: s.cap.toFixed(2) } : {}),
    breakpoints: s.payout.map((p, i) => {
      const x = p.from.toDecimalPlaces(2, Decimal.ROUND_UP);
      const before = i > 0 ? pl.leftLimit(s.payout, p.from) : p.at;
      return {
        amount: x.toFixed(2), exact: x.eq(p.from), payout: rounded(plan, pl.valueAt(s.payout, x)),
        ...(before.minus(p.at).abs().gt('1e-9') ? { before: rounded(plan, before) } : {}),
        marginal: percent(p.slope),
      };
    }),
  };
}

const percent = (r: Decimal) => `${r.times(100).toDecimalPlaces(4).toString()}%`;

function verdictOf(plan: PlanIR, f: Finding, compiled: (() => CompiledPlan) | undefined): AnalysisVerdict {
  const ce = f.status !== 'proved' && f.points && compiled ? witness(plan, compiled(), f.points) : undefined;
  return {
    property: f.property, status: f.status, benefit: f.benefit, ...(f.tilt ? { tilt: f.tilt } : {}), functions: f.functions,
    message: messageOf(f), line: f.range.start.line, column: f.range.start.column, ...(ce ? { counterexample: ce } : {}),
  };
}

const fns = (n: number) => `${n} function${n === 1 ? '' : 's'}`;
const money = (d: Decimal | undefined) => (d ?? new Decimal(0)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

function where(f: Finding): { en: string; zh: string } {
  const s = f.scenario;
  if (!s) return { en: '', zh: '' };
  const tilts = s.tilts.length ? { en: ` with tilts ${s.tilts.map((t) => `"${t}"`).join(', ')}`, zh: `，适用倾斜${s.tilts.map((t) => `“${t}”`).join('、')}` } : { en: '', zh: '' };
  return { en: ` (from ${s.from}${tilts.en})`, zh: `（${s.from} 起${tilts.zh}）` };
}

/** What a verdict says, wholly in English or wholly in Chinese. */
function messageOf(f: Finding): { en: string; zh: string } {
  const w = where(f);
  const x = f.points?.[f.points.length - 1]?.x;
  const n = f.functions;
  switch (`${f.property}:${f.status}`) {
    case 'monotone:proved': return { en: `The payout never falls as the amount grows (${fns(n)}).`, zh: `赔付不随金额增加而减少（${n} 个函数）。` };
    case 'monotone:fails': return { en: `The payout falls by ${money(f.figure)} when the amount reaches ${money(x)}${w.en}.`, zh: `金额达到 ${money(x)} 时赔付减少 ${money(f.figure)}${w.zh}。` };
    case 'marginal:proved': return { en: `No yuan of cost pays more than a yuan (${fns(n)}).`, zh: `每多一元费用，赔付增加不超过一元（${n} 个函数）。` };
    case 'marginal:fails': return { en: `From ${money(f.points?.[0]?.x)} each yuan of cost pays ${percent(f.figure!)}${w.en}.`, zh: `自 ${money(f.points?.[0]?.x)} 起每元费用赔付 ${percent(f.figure!)}${w.zh}。` };
    case 'cap:proved': return f.figure
      ? { en: `The cap holds; it is reached at an amount of ${money(f.figure)}${w.en}.`, zh: `封顶线成立；金额达到 ${money(f.figure)} 时封顶${w.zh}。` }
      : { en: `The cap holds and is never reached${w.en}.`, zh: `封顶线成立，且永远达不到${w.zh}。` };
    case 'favourable:proved': return { en: `Tilt "${f.tilt}" never pays less (${n} pair${n === 1 ? '' : 's'} of functions).`, zh: `倾斜“${f.tilt}”从不使赔付减少（${n} 对函数）。` };
    case 'favourable:fails': return { en: `Tilt "${f.tilt}" pays ${money(f.figure)} less on an amount of ${money(x)}${w.en}.`, zh: `倾斜“${f.tilt}”在金额 ${money(x)} 时少赔 ${money(f.figure)}${w.zh}。` };
    case 'cliff:proved': return { en: `The payout has no jump (${fns(n)}).`, zh: `赔付没有跳变（${n} 个函数）。` };
    default: {
      const [a, b] = (f.points ?? []).map((p) => money(pl.valueAt(p.s.payout, p.x)));
      return { en: `The payout jumps from ${a} to ${b} at an amount of ${money(x)}, where the whole-amount schedule changes ratio${w.en}.`, zh: `金额 ${money(x)} 处赔付由 ${a} 跳变为 ${b}，系全额累进换档所致${w.zh}。` };
    }
  }
}
