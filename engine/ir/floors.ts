// Floors as data (spec §29): what a region requires of its plans, each rule a measure of a plan
// (read from the plan's IR) held against a bound. Plain JSON, as a plan's IR is; the prover
// (analysis/floors.ts) reads only this and the plan's IR.
import type { IrCitation, IrDate, IrRange } from './plan';

export const FLOORS_IR_VERSION = 1;

/** What a floor measures of a plan. */
export type FloorMeasure = 'lowestRatio' | 'annualMaximum';

/**
 * The measures, with their spellings and units: the one list the checker, the prover, the docs
 * and the editor's completion read.
 */
export const FLOOR_MEASURES: Record<FloorMeasure, { en: string; zh: string; unit: 'ratio' | 'money'; doc: { en: string; zh: string } }> = {
  lowestRatio: {
    en: 'lowestRatio',
    zh: '最低支付比例',
    unit: 'ratio',
    doc: {
      en: 'the lowest ratio any member is paid on costs of the setting: every benefit covering it, every band, every date step, every combination of tilts',
      zh: '参保人在该就医类别费用上可能得到的最低支付比例：覆盖该类别的每项责任、每个分段、每个日期版本、每种倾斜组合',
    },
  },
  annualMaximum: {
    en: 'annualMaximum',
    zh: '最高支付限额',
    unit: 'money',
    doc: {
      en: 'the lowest annual cap any member has on costs of the setting, benefit by benefit (a benefit without an annual cap has no maximum)',
      zh: '参保人在该就医类别费用上的最低年度封顶线，逐项责任计算（没有年度封顶线的责任不设上限）',
    },
  },
};

/** The measure a word names, in either language. */
export function measureNamed(word: string): FloorMeasure | undefined {
  return (Object.keys(FLOOR_MEASURES) as FloorMeasure[]).find((m) => FLOOR_MEASURES[m].en === word || FLOOR_MEASURES[m].zh === word);
}

/**
 * A floor's bound: a constant (a ratio as a fraction, money in yuan, or a plain number), a figure
 * of a table read for the plan's region and a year (the year of the date checked, or the year
 * before with `previous`), or arithmetic over these.
 */
export type FloorBound =
  | { kind: 'const'; unit: 'ratio' | 'money' | 'number'; value: string }
  | { kind: 'figure'; table: string; previous: boolean }
  | { kind: 'arith'; op: '+' | '-' | '*'; left: FloorBound; right: FloorBound };

/** A table of figures by region and year (a disposable income, for instance), in yuan. */
export interface FloorTableIR {
  name: string;
  rows: { region: string; year: number; value: string }[];
  range: IrRange;
}

export interface FloorRuleIR {
  text: string;
  measure: FloorMeasure;
  /** The care setting (canonical id) whose costs are measured; absent: every setting. */
  setting?: string;
  /** The dates the rule holds on (both included; absent: unbounded that way). */
  from?: IrDate;
  to?: IrDate;
  bound: FloorBound;
  range: IrRange;
  measureRange: IrRange;
  boundRange: IrRange;
  cites?: IrCitation;
}

export interface FloorsIR {
  version: typeof FLOORS_IR_VERSION;
  /** The floors' file as given to the checker; every range is relative to it. */
  file: string;
  name: string;
  region?: string;
  tables: FloorTableIR[];
  rules: FloorRuleIR[];
  range: IrRange;
  cites?: IrCitation;
}
