// A seeded synthetic population for `yibao simulate` (spec/language.md §33): members with ages,
// enrolment, groups and attributes drawn from a profile's shares, and claims per care setting with
// a Poisson count and a log-normal cost. The same profile and seed give the same population on any
// machine: numbers come from pure-rand's xoroshiro128+, never from Math.random.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { dayOf, formatDay, isLeap } from '../core/dates';
import type { PlanIR } from '../ir/plan';

/** A profile: the distributions a population is drawn from (spec §33.1). */
export interface Profile {
  profileVersion: 1;
  /** Whether the figures are illustrative (the defaults are) or the user's own data. */
  illustrative: boolean;
  description: string;
  /** The benefit year simulated: claims are dated in it. */
  year?: number;
  age: { from: number; to: number; share: number }[];
  enrolledYears: { years: number; share: number }[];
  /** Listed groups: the share of members in each (drawn independently). */
  groups?: Record<string, number>;
  /** Member attributes: each value's share. */
  attributes?: Record<string, Record<string, number>>;
  /** Per care setting: claims per member-year (Poisson mean), the median cost and the spread (log-normal sigma), the out-of-policy share. */
  settings: Record<string, { frequency: number; median: number; sigma: number; outOfPolicyShare: number }>;
}

/** Illustrative defaults, not any region's statistics. */
export const DEFAULT_PROFILE: Profile = {
  profileVersion: 1,
  illustrative: true,
  description: 'Illustrative defaults (not any region\'s statistics): ages by broad band, a third newly enrolled, an inpatient stay for about one member in eight with a median self-pay of 2,500 yuan after basic insurance, two outpatient visits a year of about 150 yuan. / 示例取值（非任何地区的统计数据）。',
  age: [{ from: 0, to: 17, share: 0.18 }, { from: 18, to: 39, share: 0.3 }, { from: 40, to: 59, share: 0.3 }, { from: 60, to: 89, share: 0.22 }],
  enrolledYears: [{ years: 0, share: 0.35 }, { years: 1, share: 0.2 }, { years: 3, share: 0.25 }, { years: 6, share: 0.2 }],
  settings: {
    inpatient: { frequency: 0.12, median: 2500, sigma: 1.2, outOfPolicyShare: 0.25 },
    outpatient: { frequency: 2, median: 150, sigma: 0.9, outOfPolicyShare: 0.15 },
    chronic_outpatient: { frequency: 0.2, median: 800, sigma: 0.8, outOfPolicyShare: 0.1 },
  },
};

type Rec = Record<string, unknown>;

/** Draws members and their claims, `size` members at a time, from member `first` on. */
export class Population {
  private readonly rng;
  /** The benefit year simulated. */
  readonly year: number;

  constructor(private readonly plan: PlanIR, private readonly profile: Profile, seed: number) {
    this.rng = xoroshiro128plus(seed);
    this.year = profile.year ?? Number((plan.header.valid?.from ?? `${new Date().getUTCFullYear()}`).slice(0, 4));
  }

  private u(): number {
    return uniformFloat64(this.rng);
  }

  /** One item of a list by its shares (shares need not sum to 1). */
  private pick<T>(items: T[], share: (t: T) => number): T {
    const total = items.reduce((s, t) => s + share(t), 0);
    let x = this.u() * total;
    for (const t of items) if ((x -= share(t)) < 0) return t;
    return items[items.length - 1]!;
  }

  /** Knuth's method: fine for the small means of claims per member-year. */
  private poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.u(); p > limit; p *= this.u()) k++;
    return k;
  }

  /** A log-normal draw by Box–Muller, in fen. */
  private cost(median: number, sigma: number): number {
    const z = Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
    return Math.max(1, Math.round(median * Math.exp(sigma * z) * 100));
  }

  /** The next `count` members, ids from `first`, and their claims of the year, in date order. */
  next(first: number, count: number): { members: Rec[]; claims: Rec[] } {
    const members: Rec[] = [];
    const claims: Rec[] = [];
    const start = dayOf(this.year, 1, 1);
    const days = isLeap(this.year) ? 366 : 365;
    for (let i = 0; i < count; i++) {
      const id = `m${first + i}`;
      const band = this.pick(this.profile.age, (a) => a.share);
      const age = band.from + Math.floor(this.u() * (band.to - band.from + 1));
      const enrolled = this.pick(this.profile.enrolledYears, (e) => e.share).years;
      const groups = Object.entries(this.profile.groups ?? {}).filter(([, share]) => this.u() < share).map(([g]) => g);
      const attributes: Rec = {};
      for (const a of this.plan.attributes) {
        const shares = this.profile.attributes?.[a.name];
        if (shares) attributes[a.name] = this.pick(Object.keys(shares), (v) => shares[v]!);
        else if (a.type === 'enum') attributes[a.name] = this.pick(a.values ?? [], () => 1);
        else if (a.type === 'boolean') attributes[a.name] = false;
      }
      members.push({ id, birthDate: formatDay(dayOf(this.year - age - 1, 7, 1)), enrolledSince: formatDay(dayOf(this.year - enrolled, 1, 1)), ...(groups.length ? { groups } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) });
      let n = 0;
      for (const [setting, s] of Object.entries(this.profile.settings)) {
        for (let k = this.poisson(s.frequency); k > 0; k--) {
          const fen = this.cost(s.median, s.sigma);
          const out = Math.round(fen * s.outOfPolicyShare);
          claims.push({ id: `${id}-c${++n}`, member: id, date: formatDay(start + Math.floor(this.u() * days)), setting, inPolicySelfPay: ((fen - out) / 100).toFixed(2), outOfPolicySelfPay: (out / 100).toFixed(2) });
        }
      }
    }
    return { members, claims };
  }
}
