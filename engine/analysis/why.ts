// Why a claim was paid what it was (spec/language.md §32): the constraint that limited each of its
// benefits — the claim excluded, no eligible amount, the deductible not reached, a band's ratio, a
// cap — read from the engine's own trace; and every change of one fact of the member or the claim
// that would change the payout, each found by settling the request again with that fact changed.
import Decimal from 'decimal.js';
import type { CompiledPlan } from '../compile/plan';
import { dayOf, formatDay, parseDay, ymd } from '../core/dates';
import type { IrCitation, IrRange, PlanIR } from '../ir/plan';
import type { WhyChange, WhyLimit, WhyReport } from '../ir/why';
import { evaluate, type ClaimResult, type TraceStep } from '../runtime/evaluate';
import { amountInput } from './amount';

type Rec = Record<string, unknown>;
type Req = { members: Rec[]; claims: Rec[] };

/** The report for claim `claimId` of `request`, or why there is none (the claim is not there or was rejected). */
export function whyClaim(plan: PlanIR, compiled: CompiledPlan, request: unknown, claimId: string): WhyReport | { error: { en: string; zh: string } } {
  const r = evaluate(compiled, request, { trace: true });
  const c = r.claims.find((x) => x.id === claimId);
  if (!c) {
    const e = r.errors.find((x) => x.claim === claimId);
    return { error: e ? { en: `claim ${claimId} was rejected: ${e.message}`, zh: `理赔 ${claimId} 被拒绝：${e.message}` } : { en: `no claim ${claimId} in the request`, zh: `请求中没有理赔 ${claimId}` } };
  }
  const req = request as Req;
  return { claim: c.id, member: c.member, payout: c.payout, limits: limitsOf(plan, c), changes: changesOf(plan, compiled, req, c) };
}

// ---------------------------------------------------------------- what limited the claim

const both = (en: string, zh: string) => ({ en, zh });
const citeText = (c?: IrCitation) => (c ? [c.document, c.clause, c.quote && `“${c.quote}”`].filter(Boolean).join(' ') : undefined);
/** A trace rule's half in one language: rules read "english / 中文". */
const half = (rule: string, lang: 'en' | 'zh') => (/^(.*?) \/ (.*)$/.exec(rule)?.[lang === 'en' ? 1 : 2] ?? rule);

function limitsOf(plan: PlanIR, c: ClaimResult): WhyLimit[] {
  const whole = c.excluded.find((x) => x.item === undefined);
  if (whole) {
    const step = c.trace.find((t) => t.rule.startsWith('exclude /'));
    return [{ kind: 'excluded', message: both(`the claim is excluded: ${half(whole.reason, 'en')}`, `理赔被除外：${half(whole.reason, 'zh')}`), ...where(whole.range, step?.cites) }];
  }
  return c.benefits.map((line) => benefitLimit(plan, c, line));
}

const where = (range?: IrRange, cites?: string) => ({ ...(range ? { line: range.start.line } : {}), ...(cites ? { cites } : {}) });

function benefitLimit(plan: PlanIR, c: ClaimResult, line: ClaimResult['benefits'][number]): WhyLimit {
  const b = line.name;
  const steps = c.trace.filter((t) => t.rule.startsWith(`${b} `));
  const step = (prefix: string) => steps.find((t) => t.rule.startsWith(`${b} ${prefix}`));
  const benefit = plan.benefits.find((x) => x.name === b)!;
  const base = { benefit: b };
  if (new Decimal(line.eligible).isZero()) {
    const amount = step('amount');
    return { ...base, kind: 'no-amount', message: both(`benefit "${b}": no eligible amount${amount?.inputs?.source ? ` (${amount.inputs.source})` : ''}`, `责任“${b}”：没有可赔付金额${amount?.inputs?.source ? `（${amount.inputs.source}）` : ''}`), ...where(benefit.amount.range, amount?.cites) };
  }
  const ded = step('deductible');
  if (new Decimal(line.payout).isZero() && ded && new Decimal(line.deductible).eq(line.eligible)) {
    const d = ded.inputs?.deductible ?? '';
    const used = ded.inputs?.annualBefore ?? ded.inputs?.usedBefore ?? '0.00';
    const left = Decimal.max(0, new Decimal(d || 0).minus(used).minus(line.eligible)).toFixed(2);
    return { ...base, kind: 'deductible', toGo: left, message: both(`benefit "${b}": the deductible ${d} is not reached (${used} used before, ${line.eligible} now; ${left} to go)`, `责任“${b}”：未达到起付线 ${d}（此前已计 ${used}，本次 ${line.eligible}，尚差 ${left}）`), ...where(ded.range, ded.cites) };
  }
  const cap = capStep(steps);
  if (cap) return { ...base, kind: 'cap', message: both(`benefit "${b}": the cap ${cap.cap} is reached`, `责任“${b}”：已达封顶线 ${cap.cap}`), ...where(cap.step.range, cap.step.cites) };
  const pay = steps.find((t) => t.inputs?.bands !== undefined || t.inputs?.ratio !== undefined);
  const bands = pay?.inputs?.bands;
  const ratio = pay?.inputs?.ratio;
  return {
    ...base, kind: 'band',
    message: bands ? both(`benefit "${b}": paid by its schedule in ${bands}`, `责任“${b}”：按分段 ${bands} 赔付`) : both(`benefit "${b}": paid at ${ratio ?? '?'}`, `责任“${b}”：按比例 ${ratio ?? '?'} 赔付`),
    ...where(pay?.range, pay?.cites),
  };
}

/** A cap that cut the payout: per claim, shared, or the annual cap reached inside the schedule. */
function capStep(steps: TraceStep[]): { cap: string; step: TraceStep } | undefined {
  for (const t of steps) {
    const i = t.inputs;
    if (!i) continue;
    if (i.cap !== undefined && i.before !== undefined && new Decimal(t.output).lt(i.before)) return { cap: i.cap, step: t };
    if (i.annualCap !== undefined && i.payableAfter !== undefined && new Decimal(i.payableAfter).gte(i.annualCap)) return { cap: i.annualCap, step: t };
  }
  return undefined;
}

// ---------------------------------------------------------------- what would change it

interface Candidate { en: string; zh: string; apply: (r: Req, member: Rec, claim: Rec) => void; at?: { range: IrRange; cites?: IrCitation } }

function changesOf(plan: PlanIR, compiled: CompiledPlan, req: Req, c: ClaimResult): WhyChange[] {
  const out: WhyChange[] = [];
  for (const k of candidates(plan, req, c)) {
    const copy = structuredClone(req);
    const member = copy.members.find((m) => m.id === c.member)!;
    const claim = copy.claims.find((x) => x.id === c.id)!;
    k.apply(copy, member, claim);
    const after = evaluate(compiled, copy, { trace: true }).claims.find((x) => x.id === c.id);
    if (!after || after.payout === c.payout) continue;
    const delta = new Decimal(after.payout).minus(c.payout);
    const sign = delta.gt(0) ? '+' : '−';
    const amount = `${sign}¥${delta.abs().toNumber().toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    // The rule the change went through: a tilt that starts or stops applying, else the candidate's own.
    const tilt = changedTilt(plan, c, after);
    const because = tilt ? both(`: tilt "${tilt.t.name}" ${tilt.on ? 'applies' : 'no longer applies'}`, `，倾斜“${tilt.t.name}”${tilt.on ? '适用' : '不再适用'}`) : both('', '');
    const at = tilt ? { range: tilt.t.range, cites: tilt.t.cites } : k.at;
    out.push({ delta: delta.toFixed(2), payout: after.payout, message: both(`${amount} ${k.en}${because.en}`, `${amount}：${k.zh}${because.zh}`), ...(at ? where(at.range, citeText(at.cites)) : {}) });
  }
  return out.sort((x, y) => new Decimal(y.delta).abs().comparedTo(new Decimal(x.delta).abs()));
}

/** The tilts a claim's trace says applied. */
const tiltsOf = (c: ClaimResult) => c.trace.find((t) => t.rule.startsWith('tilts apply /'))?.output.split(', ') ?? [];

/** A tilt that applies to one settlement of the claim and not to the other. */
function changedTilt(plan: PlanIR, now: ClaimResult, after: ClaimResult): { t: PlanIR['tilts'][number]; on: boolean } | undefined {
  const a = tiltsOf(now);
  const b = tiltsOf(after);
  const name = b.find((x) => !a.includes(x)) ?? a.find((x) => !b.includes(x));
  const t = plan.tilts.find((x) => x.name === name);
  return t ? { t, on: b.includes(t.name) } : undefined;
}

function candidates(plan: PlanIR, req: Req, c: ClaimResult): Candidate[] {
  const member = req.members.find((m) => m.id === c.member) ?? {};
  const claim = req.claims.find((x) => x.id === c.id) ?? {};
  const groups = Array.isArray(member.groups) ? (member.groups as string[]) : [];
  const out: Candidate[] = [];
  const tiltFor = (g: string) => plan.tilts.find((t) => t.groups.includes(g));
  for (const g of plan.groups.filter((x) => x.listed)) {
    const t = tiltFor(g.name);
    const at = t ? { range: t.range, cites: t.cites } : { range: g.range, cites: g.cites };
    if (groups.includes(g.name)) out.push({ en: `if the member were not in group "${g.name}"`, zh: `若参保人不属于人群“${g.name}”`, apply: (_r, m) => void (m.groups = groups.filter((x) => x !== g.name)), at });
    else out.push({ en: `if the member were in group "${g.name}"`, zh: `若参保人属于人群“${g.name}”`, apply: (_r, m) => void (m.groups = [...groups, g.name]), at });
  }
  const attrs = (member.attributes ?? {}) as Rec;
  for (const a of plan.attributes) {
    const values = a.type === 'enum' ? a.values ?? [] : a.type === 'boolean' ? [true, false] : [];
    for (const v of values.filter((x) => attrs[a.name] !== x)) {
      out.push({ en: `if the member's ${a.name} were ${String(v)}`, zh: `若参保人的 ${a.name} 为 ${v === true ? '是' : v === false ? '否' : String(v)}`, apply: (_r, m) => void (m.attributes = { ...attrs, [a.name]: v }), at: { range: a.range } });
    }
  }
  const since = typeof member.enrolledSince === 'string' ? parseDay(member.enrolledSince) : undefined;
  const claimDay = typeof claim.date === 'string' ? parseDay(claim.date) : undefined;
  if (since !== undefined) for (const years of [-5, -3, -1, 1, 3]) {
    // Enrolled earlier (a waiting period passed, a group by years enrolled joined) or later (left).
    const { y, m, d } = ymd(since);
    const moved = dayOf(y + years, m, Math.min(d, 28));
    if (claimDay !== undefined && moved > claimDay) continue;
    const day = formatDay(moved);
    const span = years < 0 ? { en: `${-years} year${years < -1 ? 's' : ''} earlier`, zh: `提前 ${-years} 年` } : { en: `${years} year${years > 1 ? 's' : ''} later`, zh: `推迟 ${years} 年` };
    out.push({ en: `if the member had been enrolled since ${day} (${span.en})`, zh: `若参保人自 ${day} 起参保（${span.zh}）`, apply: (_r, mm) => void (mm.enrolledSince = day), ...(plan.waiting ? { at: { range: plan.waiting.range, cites: plan.waiting.cites } } : {}) });
  }
  const flags = Array.isArray(claim.flags) ? (claim.flags as string[]) : [];
  for (const f of flags) {
    const ex = plan.exclusions.find((e) => JSON.stringify(e.condition).includes(`"id":"${f}"`));
    out.push({ en: `without the claim's flag ${f}`, zh: `若理赔没有标记 ${f}`, apply: (_r, _m, cl) => void (cl.flags = flags.filter((x) => x !== f)), ...(ex ? { at: { range: ex.range, cites: ex.cites } } : {}) });
  }
  out.push(...amountCandidates(plan, c, claim));
  return out;
}

/** The smallest rise of a benefit's input that passes its deductible, when the deductible is what limited it. */
function amountCandidates(plan: PlanIR, c: ClaimResult, claim: Rec): Candidate[] {
  const out: Candidate[] = [];
  for (const limit of limitsOf(plan, c).filter((l) => l.kind === 'deductible')) {
    const b = plan.benefits.find((x) => x.name === limit.benefit)!;
    const input = amountInput(plan, b.amount.value.expr);
    if (!input || input.kind !== 'field') continue;
    // Past the deductible by 100 yuan: enough for any ratio to pay something.
    const more = new Decimal(limit.toGo ?? 0).plus(100);
    const now = new Decimal(String(claim[input.name] ?? 0));
    out.push({
      en: `if claim.${input.name} were ${more.toFixed(2)} more (${now.plus(more).toFixed(2)}): the deductible of benefit "${b.name}" would be passed by 100.00`,
      zh: `若理赔的 ${input.name} 多 ${more.toFixed(2)}（为 ${now.plus(more).toFixed(2)}）：越过责任“${b.name}”的起付线 100.00`,
      apply: (_r, _m, cl) => void (cl[input.name] = now.plus(more).toFixed(2)),
      at: { range: b.range, cites: b.cites },
    });
  }
  return out;
}
