// The checker's types: units of measure and the other kinds of value an expression can have.

export type Ty =
  | { k: 'money' }
  | { k: 'ratio' }
  | { k: 'points' }
  /** `literal`: a bare number written in the plan, which takes the unit of what it meets. */
  | { k: 'number'; literal?: boolean }
  | { k: 'days' }
  /** Calendar months (a year is twelve): added to a date, by the calendar. */
  | { k: 'months' }
  | { k: 'date' }
  | { k: 'bool' }
  | { k: 'string' }
  | { k: 'enum'; attr: string; values: readonly string[] }
  /** A bare name that is a value of some enumerated attribute. */
  | { k: 'enumlit'; value: string }
  | { k: 'setting' }
  | { k: 'flag' }
  | { k: 'flags' }
  | { k: 'class' }
  | { k: 'list'; of: Ty }
  | { k: 'group' }
  | { k: 'catalogue' }
  | { k: 'table' }
  | { k: 'error' };

export const T = {
  money: { k: 'money' } as Ty,
  ratio: { k: 'ratio' } as Ty,
  points: { k: 'points' } as Ty,
  number: { k: 'number' } as Ty,
  literal: { k: 'number', literal: true } as Ty,
  days: { k: 'days' } as Ty,
  months: { k: 'months' } as Ty,
  date: { k: 'date' } as Ty,
  bool: { k: 'bool' } as Ty,
  string: { k: 'string' } as Ty,
  setting: { k: 'setting' } as Ty,
  flag: { k: 'flag' } as Ty,
  flags: { k: 'flags' } as Ty,
  class: { k: 'class' } as Ty,
  group: { k: 'group' } as Ty,
  catalogue: { k: 'catalogue' } as Ty,
  table: { k: 'table' } as Ty,
  error: { k: 'error' } as Ty,
};

const NAMES: Record<Ty['k'], [string, string]> = {
  money: ['money (yuan)', '金额（元）'],
  ratio: ['a ratio (%)', '比例（%）'],
  points: ['percentage points (pp)', '百分点'],
  number: ['a number', '数值'],
  days: ['a duration in days', '天数'],
  months: ['a duration in months or years', '月数或年数'],
  date: ['a date', '日期'],
  bool: ['a condition (yes/no)', '是/否条件'],
  string: ['text', '文本'],
  enum: ['an attribute value', '属性取值'],
  enumlit: ['an attribute value', '属性取值'],
  setting: ['a care setting', '就医类别'],
  flag: ['a claim flag', '理赔标记'],
  flags: ['the claim flags', '理赔标记集合'],
  class: ['an item class (in/out)', '政策内外类别'],
  list: ['a list', '列表'],
  group: ['a group', '人群'],
  catalogue: ['a catalogue', '目录'],
  table: ['a table', '数据表'],
  error: ['an invalid value', '无效值'],
};

export function tyName(t: Ty, lang: 'en' | 'zh' = 'en'): string {
  if (t.k === 'enum') return lang === 'en' ? `a value of ${t.attr}` : `${t.attr}的取值`;
  if (t.k === 'list') return lang === 'en' ? `a list of ${tyName(t.of, lang)}` : `${tyName(t.of, lang)}列表`;
  return NAMES[t.k][lang === 'en' ? 0 : 1];
}

const NUMERIC = new Set(['money', 'ratio', 'points', 'number', 'days']);
export const isNumeric = (t: Ty) => NUMERIC.has(t.k);
export const isLiteral = (t: Ty) => t.k === 'number' && t.literal === true;

/** Whether a value of type `actual` may stand where `expected` is wanted. */
export function assignable(actual: Ty, expected: Ty): boolean {
  if (actual.k === 'error' || expected.k === 'error') return true;
  if (isLiteral(actual) && (expected.k === 'money' || expected.k === 'number' || expected.k === 'days')) return true;
  if (actual.k === 'enumlit' && expected.k === 'enum') return expected.values.includes(actual.value);
  if (actual.k === 'enum' && expected.k === 'enum') return actual.attr === expected.attr;
  if (actual.k === 'list' && expected.k === 'list') return assignable(actual.of, expected.of);
  return actual.k === expected.k;
}

/** Unit of `a op b` for + and -, or undefined when the units do not mix. */
export function addUnits(a: Ty, b: Ty, op: '+' | '-'): Ty | undefined {
  if (a.k === 'error' || b.k === 'error') return T.error;
  if (isLiteral(a) && isLiteral(b)) return T.literal;
  if (isLiteral(a) && isNumeric(b) && b.k !== 'ratio' && b.k !== 'points') return b;
  if (isLiteral(b) && isNumeric(a) && a.k !== 'ratio' && a.k !== 'points') return a;
  if (a.k === b.k && isNumeric(a)) return a.k === 'number' ? T.number : a;
  if (a.k === 'ratio' && b.k === 'points') return T.ratio;
  if (a.k === 'points' && b.k === 'ratio' && op === '+') return T.ratio;
  if (a.k === 'date' && (b.k === 'days' || isLiteral(b))) return T.date;
  if (a.k === 'date' && b.k === 'date' && op === '-') return T.days;
  if (a.k === 'date' && b.k === 'months') return T.date;
  if (a.k === 'months' && b.k === 'months') return T.months;
  return undefined;
}

/**
 * The one type two values share, where either may stand (the branches of `if`, the values of
 * `min`/`max`): a bare number takes the other's unit, as in `a + b`; undefined when they differ.
 */
export function joinTypes(a: Ty, b: Ty): Ty | undefined {
  if (a.k === 'error' || b.k === 'error') return T.error;
  if (isLiteral(a) && isLiteral(b)) return T.literal;
  if (isLiteral(a) && (b.k === 'money' || b.k === 'number' || b.k === 'days')) return b;
  if (isLiteral(b) && (a.k === 'money' || a.k === 'number' || a.k === 'days')) return a;
  if (a.k === 'number' && b.k === 'number') return T.number;
  if (a.k === 'enumlit' && b.k === 'enum') return b.values.includes(a.value) ? b : undefined;
  if (b.k === 'enumlit' && a.k === 'enum') return a.values.includes(b.value) ? a : undefined;
  if (a.k === 'enum' || a.k === 'list' || a.k === 'enumlit') return assignable(a, b) && assignable(b, a) ? a : undefined;
  return a.k === b.k ? a : undefined;
}

/** Unit of `a * b` and `a / b`. Money × money is meaningless and stays an error. */
export function mulUnits(a: Ty, b: Ty, op: '*' | '/'): Ty | undefined {
  if (a.k === 'error' || b.k === 'error') return T.error;
  const num = (t: Ty) => t.k === 'number';
  if (op === '*') {
    if (num(a) && num(b)) return isLiteral(a) && isLiteral(b) ? T.literal : T.number;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (x.k === 'money' && (y.k === 'ratio' || num(y))) return T.money;
      if (x.k === 'ratio' && (y.k === 'ratio' || num(y))) return T.ratio;
      if (x.k === 'points' && num(y)) return T.points;
      if (x.k === 'days' && num(y)) return T.days;
    }
    return undefined;
  }
  if (num(a) && num(b)) return isLiteral(a) && isLiteral(b) ? T.literal : T.number;
  if (a.k === 'money' && (num(b) || b.k === 'ratio')) return T.money;
  if (a.k === 'money' && b.k === 'money') return T.number;
  if (a.k === 'ratio' && num(b)) return T.ratio;
  if (a.k === 'ratio' && b.k === 'ratio') return T.number;
  if (a.k === 'points' && num(b)) return T.points;
  if (a.k === 'days' && num(b)) return T.days;
  return undefined;
}

/** Whether values of these types can be compared with < and >. */
export function orderable(a: Ty, b: Ty): boolean {
  if (a.k === 'error' || b.k === 'error') return true;
  if (!(isNumeric(a) || a.k === 'date') || !(isNumeric(b) || b.k === 'date')) return false;
  if (isLiteral(a)) return b.k !== 'ratio' && b.k !== 'points' && b.k !== 'date';
  if (isLiteral(b)) return a.k !== 'ratio' && a.k !== 'points' && a.k !== 'date';
  return a.k === b.k;
}

/** Whether values of these types can be compared with = and !=. */
export function equatable(a: Ty, b: Ty): boolean {
  if (orderable(a, b)) return true;
  if (a.k === 'error' || b.k === 'error') return true;
  if (a.k === 'enumlit') return b.k === 'enumlit' || (b.k === 'enum' && b.values.includes(a.value));
  if (b.k === 'enumlit') return a.k === 'enum' && a.values.includes(b.value);
  if (a.k === 'enum' && b.k === 'enum') return a.attr === b.attr;
  if ((a.k === 'class' && b.k === 'string') || (a.k === 'string' && b.k === 'class')) return true;
  return a.k === b.k && (a.k === 'bool' || a.k === 'string' || a.k === 'setting' || a.k === 'flag' || a.k === 'class');
}

/**
 * The spellings of yes and no a table's key cell may have (spec §8): a lookup by a yes/no value
 * finds a row written any of them, so two rows that differ only by these spellings share a key (YB110).
 */
export const YES_NO_CELLS: Readonly<Record<string, 'true' | 'false'>> = { yes: 'true', 是: 'true', true: 'true', no: 'false', 否: 'false', false: 'false' };

/** A row's key cells as a lookup by a yes/no value sees them. */
export const yesNoKey = (cells: readonly string[]): string[] => cells.map((c) => (Object.hasOwn(YES_NO_CELLS, c) ? YES_NO_CELLS[c]! : c));
