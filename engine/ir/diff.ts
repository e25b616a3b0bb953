// The report of `yibao diff` as data (spec/language.md §31; its JSON Schema is
// engine/request/diff-schemas.ts): what changed in the plan's declarations, and where and by how
// much the annual payout changes.

export const DIFF_VERSION = 1;

/** A piece of the amount on which the payout changes linearly: the change at its ends, the marginal ratio's change. */
export interface DiffRegion {
  /** The claim's input amount, yuan; `to` absent: no end. */
  from: string;
  to?: string;
  /** The smallest and largest change of the payout (new − old) on the piece, yuan; null: without bound that way. */
  smallest: string | null;
  largest: string | null;
  /** The change of the marginal ratio on the piece, in percentage points. */
  marginal: string;
}

export interface DiffChange {
  benefit: string;
  tilts: string[];
  conditions: { text: string; holds: boolean }[];
  /** The dates (for one plan on two dates: the first date). */
  from: string;
  to?: string;
  /** Each side's function as [amount, payout] points (a jump gives two at one amount); absent: the side has no such function (it pays 0). */
  oldFunction?: [string, string][];
  newFunction?: [string, string][];
  /** The change (new − old) as [amount, change] points. */
  changeFunction: [string, string][];
  regions: DiffRegion[];
}

/** A declaration added, removed or changed, with its line on each side. */
export interface DeclarationChange {
  kind: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  oldLine?: number;
  newLine?: number;
}

export interface DiffReport {
  diffVersion: typeof DIFF_VERSION;
  old: { plan: string; file: string; date?: string };
  new: { plan: string; file: string; date?: string };
  declarations: DeclarationChange[];
  changes: DiffChange[];
}

/** The declaration kinds in the plan's Chinese keywords. */
export const DECLARATION_KIND_ZH: Record<string, string> = {
  header: '方案', attribute: '属性', 'claim attribute': '理赔属性', parameter: '参数', table: '数据表', catalogue: '目录', group: '人群',
  'shared deductible': '共用起付线', 'shared cap': '共用封顶线', benefit: '责任', tilt: '倾斜', combine: '组合', exclusion: '除外',
  'waiting period': '等待期', 'payout deadline': '赔付时限', premium: '保费',
};

