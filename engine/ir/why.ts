// The report of `yibao explain --why` as data (spec/language.md §32): what limited each benefit of a
// claim, and each change of one fact that would change its payout, with the rule's line and citation.

export interface WhyLimit {
  /** The benefit it is about; absent when the whole claim was excluded. */
  benefit?: string;
  kind: 'excluded' | 'no-amount' | 'deductible' | 'cap' | 'band';
  message: { en: string; zh: string };
  /** `deductible`: how much more of the benefit's amount this year reaches it, yuan. */
  toGo?: string;
  line?: number;
  cites?: string;
}

export interface WhyChange {
  /** The change of the claim's payout, yuan (new − now). */
  delta: string;
  /** The claim's payout with the fact changed. */
  payout: string;
  message: { en: string; zh: string };
  line?: number;
  cites?: string;
}

export interface WhyReport {
  claim: string;
  member: string;
  payout: string;
  limits: WhyLimit[];
  changes: WhyChange[];
}
