// `yibao simulate` (spec/language.md §33): a population settled under a plan, and under a reform of
// it, by the engine itself, chunk by chunk; what it costs, for whom, and who wins or loses. Sums are
// kept in integer fen, so totals are exact whatever the population's size.
import type { CompiledPlan } from '../compile/plan';
import { formatFen, parseFen } from '../core/money';
import type { PlanIR } from '../ir/plan';
import type { SimulationReport, SimulationSide } from '../ir/simulation';
import { evaluate } from '../runtime/evaluate';
import { premiums } from '../runtime/premium';
import { validateRequest } from '../request/request';
import { yearOf, yearStart } from '../core/benefit-year';

type Rec = Record<string, unknown>;
export interface Chunk { members: Rec[]; claims: Rec[] }
export interface Settled { plan: PlanIR; compiled: CompiledPlan }

/** Edges of the histogram of each member's change under the reform, yuan. */
const CHANGE_EDGES = [-10_000, -1_000, -100, -0.005, 0.005, 100, 1_000, 10_000];
const NONE = '';

/** Running totals of one plan over the population. */
class Totals {
  members = 0;
  claims = 0;
  rejected = 0;
  payout = 0;
  premiums = 0;
  readonly benefits = new Map<string, number>();
  readonly groups = new Map<string, { members: number; payout: number }>();
  /** Per benefit, members whose annual amount reached each band (by index). */
  readonly bands = new Map<string, number[]>();

  constructor(private readonly plan: PlanIR) {}

  side(): SimulationSide {
    const money = (fen: number) => formatFen(fen);
    return {
      plan: this.plan.header.name, members: this.members, claims: this.claims, rejected: this.rejected,
      payout: money(this.payout), perMember: money(this.members ? Math.round(this.payout / this.members) : 0),
      premiums: money(this.premiums), lossRatio: this.premiums ? `${((100 * this.payout) / this.premiums).toFixed(2)}%` : null,
      benefits: [...this.benefits].map(([name, fen]) => ({ name, payout: money(fen) })),
      groups: [...this.groups].map(([group, g]) => ({ group, members: g.members, payout: money(g.payout), perMember: money(g.members ? Math.round(g.payout / g.members) : 0) })),
      bands: [...this.bands].map(([benefit, counts]) => ({ benefit, reached: counts.map((n, i) => ({ band: i + 1, members: n, share: this.members ? `${((100 * n) / this.members).toFixed(2)}%` : '0.00%' })) })),
    };
  }
}

/**
 * Each member's groups: the listed ones the record names, and every group by condition the member is
 * in on `day` (membership on one day of the year: 1 January of the year simulated); none: [""].
 */
export function memberGroups(s: Settled, chunk: Chunk, day: number | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const conditional = [...s.compiled.groups].filter(([, g]) => !g.listed);
  const valid = day !== undefined && conditional.length ? validateRequest(s.compiled, { members: chunk.members, claims: [] }).members : undefined;
  for (const m of chunk.members) {
    const id = m.id as string;
    const groups = Array.isArray(m.groups) ? [...(m.groups as string[])] : [];
    const rt = valid?.get(id);
    if (rt && day !== undefined) {
      const year = yearOf(s.compiled.header.year, day, rt.enrolledDay);
      for (const [name, g] of conditional) {
        try {
          if (g.test({ member: rt, day, year, yearStart: yearStart(s.compiled.header.year, year, rt.enrolledDay) })) groups.push(name);
        } catch {
          // A group that reads what the member does not give (an attribute) has no verdict: not counted.
        }
      }
    }
    out.set(id, groups.length ? groups : [NONE]);
  }
  return out;
}

/** Each member's payout (fen) over the chunk, after adding the chunk to the totals. */
function settle(s: Settled, chunk: Chunk, t: Totals, groupsOf: Map<string, string[]>): Map<string, number> {
  const r = evaluate(s.compiled, chunk, { trace: false });
  const byMember = new Map<string, number>();
  for (const m of chunk.members) byMember.set(m.id as string, 0);
  for (const c of r.claims) {
    const fen = parseFen(c.payout)!;
    byMember.set(c.member, (byMember.get(c.member) ?? 0) + fen);
    for (const b of c.benefits) t.benefits.set(b.name, (t.benefits.get(b.name) ?? 0) + parseFen(b.payout)!);
  }
  t.members += chunk.members.length;
  t.claims += chunk.claims.length;
  t.rejected += r.errors.filter((e) => e.claim !== undefined).length;
  for (const fen of byMember.values()) t.payout += fen;
  for (const m of chunk.members) {
    for (const g of groupsOf.get(m.id as string) ?? [NONE]) {
      const row = t.groups.get(g) ?? { members: 0, payout: 0 };
      row.members++;
      row.payout += byMember.get(m.id as string) ?? 0;
      t.groups.set(g, row);
    }
  }
  for (const y of r.members) for (const line of y.benefits) countBand(s.plan, t, line.name, parseFen(line.eligible)!, parseFen(line.deductible)!);
  for (const p of premiums(s.compiled, { members: chunk.members, claims: [] }).members) t.premiums += parseFen(p.premium)!;
  return byMember;
}

/** The band a member-year's amount reached, for a benefit whose band edges are constants. */
function countBand(plan: PlanIR, t: Totals, benefit: string, eligible: number, deductible: number): void {
  const b = plan.benefits.find((x) => x.name === benefit);
  if (!b || b.payout.kind === 'ratio' || eligible === 0) return;
  const edges = b.payout.bands.map((band) => band.from.fen);
  if (edges.some((e) => e === undefined)) return;
  const v = b.payout.basis === 'above-deductible' ? eligible - deductible : eligible;
  const counts = t.bands.get(benefit) ?? edges.map(() => 0);
  edges.forEach((lo, i) => {
    if (v > lo!) counts[i]!++;
  });
  t.bands.set(benefit, counts);
}

/** The whole simulation: chunks from `chunks`, settled under the plan and, when given, the reform. */
export function simulate(base: Settled, reform: Settled | undefined, chunks: Iterable<Chunk>, opts: { groupDay?: number; progress?: (claimsDone: number) => void } = {}): SimulationReport {
  const a = new Totals(base.plan);
  const b = reform ? new Totals(reform.plan) : undefined;
  const change = { winners: 0, losers: 0, unchanged: 0, gained: 0, lost: 0, largestGain: 0, largestLoss: 0, bins: new Array<number>(CHANGE_EDGES.length + 1).fill(0) };
  const byGroup = new Map<string, { members: number; change: number; winners: number; losers: number }>();
  for (const chunk of chunks) {
    const groupsOf = memberGroups(base, chunk, opts.groupDay);
    const before = settle(base, chunk, a, groupsOf);
    if (reform && b) {
      const after = settle(reform, chunk, b, groupsOf);
      for (const m of chunk.members) {
        const d = (after.get(m.id as string) ?? 0) - (before.get(m.id as string) ?? 0);
        if (d > 0) (change.winners++, (change.gained += d), (change.largestGain = Math.max(change.largestGain, d)));
        else if (d < 0) (change.losers++, (change.lost -= d), (change.largestLoss = Math.max(change.largestLoss, -d)));
        else change.unchanged++;
        change.bins[CHANGE_EDGES.findIndex((e) => d / 100 < e) === -1 ? CHANGE_EDGES.length : CHANGE_EDGES.findIndex((e) => d / 100 < e)]!++;
        for (const g of groupsOf.get(m.id as string) ?? [NONE]) {
          const row = byGroup.get(g) ?? { members: 0, change: 0, winners: 0, losers: 0 };
          row.members++;
          row.change += d;
          if (d > 0) row.winners++;
          if (d < 0) row.losers++;
          byGroup.set(g, row);
        }
      }
    }
    opts.progress?.(a.claims);
  }
  const report: SimulationReport = { simulationVersion: 1, base: a.side() };
  if (b) {
    report.reform = b.side();
    report.change = {
      cost: formatFen(b.payout - a.payout), perMember: formatFen(a.members ? Math.round((b.payout - a.payout) / a.members) : 0),
      winners: { members: change.winners, total: formatFen(change.gained), largest: formatFen(change.largestGain) },
      losers: { members: change.losers, total: formatFen(change.lost), largest: formatFen(change.largestLoss) },
      unchanged: change.unchanged,
      histogram: change.bins.map((n, i) => ({ from: i === 0 ? null : CHANGE_EDGES[i - 1]!, to: i === CHANGE_EDGES.length ? null : CHANGE_EDGES[i]!, members: n })),
      groups: [...byGroup].map(([group, g]) => ({ group, members: g.members, change: formatFen(g.change), winners: g.winners, losers: g.losers })),
    };
  }
  return report;
}
