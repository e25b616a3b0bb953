// Exact piecewise-linear functions of one amount (yuan) on [0, ∞), in decimal.js: the shape every
// annual payout of a plan takes. A function is a list of pieces, each [from, next piece's from)
// with a value at `from` and a slope; a piece's value at its own `from` is taken from the right,
// so a jump at x belongs to the piece that starts there (as a band [lo, hi) starts at lo).
import Decimal from 'decimal.js';

export interface Piece { from: Decimal; at: Decimal; slope: Decimal }
/** Pieces in increasing `from`; the first starts at 0 and the last runs to ∞. */
export type PL = Piece[];

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

export const constant = (c: Decimal.Value): PL => [{ from: ZERO, at: new Decimal(c), slope: ZERO }];
/** x ↦ intercept + slope·x. */
export const linear = (slope: Decimal.Value, intercept: Decimal.Value = 0): PL => [{ from: ZERO, at: new Decimal(intercept), slope: new Decimal(slope) }];
export const identity = (): PL => linear(ONE);

/** The piece that holds x (x ≥ 0). */
function pieceAt(f: PL, x: Decimal): Piece {
  let p = f[0]!;
  for (const q of f) if (q.from.lte(x)) p = q; else break;
  return p;
}

/** f(x), right-continuous at a jump. */
export const valueAt = (f: PL, x: Decimal.Value): Decimal => {
  const v = new Decimal(x);
  const p = pieceAt(f, v);
  return p.at.plus(p.slope.times(v.minus(p.from)));
};

/** The limit of f from the left at x > 0 (f(x) where f does not jump). */
export function leftLimit(f: PL, x: Decimal): Decimal {
  let p = f[0]!;
  for (const q of f) if (q.from.lt(x)) p = q; else break;
  return p.at.plus(p.slope.times(x.minus(p.from)));
}

/** Every x where some piece of any of the functions starts, sorted and without repeats. */
function cuts(...fs: PL[]): Decimal[] {
  const all = fs.flatMap((f) => f.map((p) => p.from)).sort((a, b) => a.comparedTo(b));
  return all.filter((x, i) => i === 0 || !x.eq(all[i - 1]!));
}

/** Pieces through `cuts`, each taken from `line(x0)`; joins neighbours on one line. */
function build(points: Decimal[], line: (x0: Decimal) => { at: Decimal; slope: Decimal }): PL {
  return simplify(points.map((from) => ({ from, ...line(from) })));
}

/** Drops a piece that continues its neighbour's line with no jump. */
export function simplify(f: PL): PL {
  const out: PL = [];
  for (const p of f) {
    const prev = out[out.length - 1];
    if (prev && prev.slope.eq(p.slope) && prev.at.plus(prev.slope.times(p.from.minus(prev.from))).eq(p.at)) continue;
    out.push(p);
  }
  return out;
}

/** Pointwise a ⊕ b for a combination linear in each (sum, difference). */
function pointwise(a: PL, b: PL, op: (u: Decimal, v: Decimal) => Decimal): PL {
  return build(cuts(a, b), (x) => {
    const pa = pieceAt(a, x);
    const pb = pieceAt(b, x);
    return { at: op(valueAt(a, x), valueAt(b, x)), slope: op(pa.slope, pb.slope) };
  });
}

export const add = (a: PL, b: PL): PL => pointwise(a, b, (u, v) => u.plus(v));
export const subtract = (a: PL, b: PL): PL => pointwise(a, b, (u, v) => u.minus(v));
export const scale = (f: PL, k: Decimal.Value): PL => simplify(f.map((p) => ({ from: p.from, at: p.at.times(k), slope: p.slope.times(k) })));

/** Pointwise min or max: each common piece is split where the two lines cross. */
function extremum(a: PL, b: PL, pickLess: boolean): PL {
  const xs = cuts(a, b);
  const pieces: PL = [];
  xs.forEach((x0, i) => {
    const pa = pieceAt(a, x0);
    const pb = pieceAt(b, x0);
    const va = valueAt(a, x0);
    const vb = valueAt(b, x0);
    const first = (va.lt(vb) || (va.eq(vb) && pa.slope.lte(pb.slope))) === pickLess ? 'a' : 'b';
    pieces.push(first === 'a' ? { from: x0, at: va, slope: pa.slope } : { from: x0, at: vb, slope: pb.slope });
    // The lines cross at x0 + (vb − va)/(sa − sb) when that lies inside the piece.
    const ds = pa.slope.minus(pb.slope);
    if (ds.isZero()) return;
    const cross = x0.plus(vb.minus(va).div(ds));
    const end = xs[i + 1];
    if (cross.gt(x0) && (!end || cross.lt(end))) {
      const other = first === 'a' ? { slope: pb.slope, v: valueAt(b, cross) } : { slope: pa.slope, v: valueAt(a, cross) };
      pieces.push({ from: cross, at: other.v, slope: other.slope });
    }
  });
  return simplify(pieces);
}

export const min = (a: PL, b: PL): PL => extremum(a, b, true);
export const max = (a: PL, b: PL): PL => extremum(a, b, false);

/**
 * g(h(x)) for h ≥ 0. On each piece of h the pieces of g it passes through are found by solving
 * h(x) = a cut of g (the piece of g in use between two such points is read at their middle, so a
 * falling h works too); a flat piece of h takes g's value there.
 */
export function compose(g: PL, h: PL): PL {
  const out: PL = [];
  h.forEach((p, i) => {
    const end = h[i + 1]?.from;
    const starts = [p.from];
    if (!p.slope.isZero()) {
      for (const q of g) {
        const x = p.from.plus(q.from.minus(p.at).div(p.slope));
        if (x.gt(p.from) && (!end || x.lt(end))) starts.push(x);
      }
    }
    const sorted = starts.sort((a, b) => a.comparedTo(b)).filter((x, k, xs) => k === 0 || !x.eq(xs[k - 1]!));
    sorted.forEach((x0, k) => {
      const next = sorted[k + 1] ?? end;
      const hx = p.at.plus(p.slope.times(x0.minus(p.from)));
      // The piece of g in use just right of x0 (for a falling h, just left of h(x0)).
      const probe = next ? p.at.plus(p.slope.times(x0.plus(next).div(2).minus(p.from))) : hx.plus(p.slope);
      const q = pieceAt(g, Decimal.max(probe, 0));
      const gx = q.at.plus(q.slope.times(hx.minus(q.from)));
      out.push({ from: x0, at: p.slope.isZero() ? valueAt(g, hx) : gx, slope: q.slope.times(p.slope) });
    });
  });
  return simplify(out);
}

/** Multiplies f by a step function s (every piece of s flat): each piece of the product is a line. */
export function timesStep(s: PL, f: PL): PL {
  return build(cuts(s, f), (x) => {
    const k = pieceAt(s, x).at;
    return { at: valueAt(f, x).times(k), slope: pieceAt(f, x).slope.times(k) };
  });
}

/** The points where f jumps: x, the value from the left, the value at x. */
export function jumps(f: PL): { x: Decimal; before: Decimal; after: Decimal }[] {
  const out: { x: Decimal; before: Decimal; after: Decimal }[] = [];
  for (let i = 1; i < f.length; i++) {
    const p = f[i]!;
    const before = leftLimit(f, p.from);
    if (!before.eq(p.at)) out.push({ x: p.from, before, after: p.at });
  }
  return out;
}

/** The least upper bound of f on [0, ∞), or undefined when f grows without bound. */
export function supremum(f: PL): Decimal | undefined {
  const last = f[f.length - 1]!;
  if (last.slope.gt(0)) return undefined;
  let best = f[0]!.at;
  for (let i = 0; i < f.length; i++) {
    const p = f[i]!;
    best = Decimal.max(best, p.at);
    if (i > 0) best = Decimal.max(best, leftLimit(f, p.from));
  }
  return best;
}
