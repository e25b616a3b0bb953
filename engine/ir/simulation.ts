// The report of `yibao simulate` as data (spec/language.md §33; its JSON Schema is
// engine/request/simulation-schemas.ts). Money in yuan with two decimals, exact.

/** One plan over the population. Groups: listed ones as the records name them, groups by condition as members are on the first day of the year simulated (of the plan, for files); "" is the members in none. */
export interface SimulationSide {
  plan: string;
  members: number;
  claims: number;
  /** Claims the engine rejected (their errors are the request's). */
  rejected: number;
  payout: string;
  perMember: string;
  premiums: string;
  /** payout / premiums; null when no premium was collected. */
  lossRatio: string | null;
  benefits: { name: string; payout: string }[];
  groups: { group: string; members: number; payout: string; perMember: string }[];
  /** Per benefit with constant band edges: members whose annual amount reached each band. */
  bands: { benefit: string; reached: { band: number; members: number; share: string }[] }[];
}

export interface SimulationChange {
  /** The reform's payout minus the plan's, over everyone, and per member. */
  cost: string;
  perMember: string;
  winners: { members: number; total: string; largest: string };
  losers: { members: number; total: string; largest: string };
  unchanged: number;
  /** Members by the change of their payout, yuan: [from, to); null: no bound. */
  histogram: { from: number | null; to: number | null; members: number }[];
  groups: { group: string; members: number; change: string; winners: number; losers: number }[];
}

export interface SimulationReport {
  simulationVersion: 1;
  /** How the population was made: a synthetic profile and seed, or files. */
  population?: { synthetic?: { members: number; seed: number; profile: string; illustrative: boolean }; files?: { members: string; claims: string } };
  base: SimulationSide;
  reform?: SimulationSide;
  change?: SimulationChange;
}
