// Plan constants at the precision a plan may write them (spec/language.md §2.3: amounts in whole
// fen, percentages in whole basis points), and factors that make the compiler compute a constant
// or an amount in decimal.js instead of integer fen (engine/lower/exact.ts marks decimal a ratio
// times money, a fractional factor and any division, and the compiler follows the marks).
import fc from 'fast-check';

/** Yuan, drawn as whole fen: whole yuan as often as not, since plans mostly write those. */
export const yuanArb = (maxYuan: number, wholeStep = 1): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.floor(maxYuan / wholeStep) }).map((y) => y * wholeStep),
    fc.integer({ min: 0, max: maxYuan * 100 }).map((fen) => fen / 100),
  );

/** A percentage in [min, max] %, drawn as whole basis points: whole, fractional (12.5 %), tiny (0.35 %). */
export const pctArb = (min: number, max: number): fc.Arbitrary<number> => {
  const arbs = [fc.integer({ min, max }), fc.integer({ min: min * 100, max: max * 100 }).map((bp) => bp / 100)];
  if (min < 1) arbs.push(fc.integer({ min: Math.max(1, min * 100), max: Math.min(99, max * 100) }).map((bp) => bp / 100));
  return fc.oneof(...arbs);
};

/**
 * A factor applied to a constant or an amount: `* 87.5%`, `* 1.25`, `/ 3`, `/ 80%`. `value` is a
 * percentage when `unit` is '%'. Kept between one half and two, so that what it scales stays
 * within the plan's bounds and keeps its order.
 */
export interface Factor {
  op: '*' | '/';
  value: number;
  unit: '%' | '';
}

export const renderFactor = (f: Factor) => ` ${f.op} ${f.value}${f.unit}`;

/** A factor of a money value (money × ratio, money × number, money ÷ number, money ÷ ratio). */
export const moneyFactorArb: fc.Arbitrary<Factor> = fc.oneof(
  pctArb(50, 200).map((value): Factor => ({ op: '*', value, unit: '%' })),
  fc.integer({ min: 50, max: 200 }).map((h): Factor => ({ op: '*', value: h / 100, unit: '' })),
  fc.integer({ min: 1, max: 7 }).map((value): Factor => ({ op: '/', value, unit: '' })),
  pctArb(50, 100).map((value): Factor => ({ op: '/', value, unit: '%' })),
);

/** A factor of a ratio that never raises it (ratio × ratio, ratio × number, ratio ÷ number). */
export const ratioFactorArb: fc.Arbitrary<Factor> = fc.oneof(
  pctArb(1, 100).map((value): Factor => ({ op: '*', value, unit: '%' })),
  fc.integer({ min: 1, max: 100 }).map((h): Factor => ({ op: '*', value: h / 100, unit: '' })),
  fc.integer({ min: 1, max: 9 }).map((value): Factor => ({ op: '/', value, unit: '' })),
);

/** A factor for band edges: a bare number, so that `1000.01元 * 1.5` stays money. */
export const edgeFactorArb: fc.Arbitrary<Factor> = fc.oneof(
  fc.integer({ min: 50, max: 200 }).map((h): Factor => ({ op: '*', value: h / 100, unit: '' })),
  fc.integer({ min: 1, max: 3 }).map((value): Factor => ({ op: '/', value, unit: '' })),
);
