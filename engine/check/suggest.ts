// "Did you mean …?" for misspelt names.

const MAX_CANDIDATES = 500;

/** The candidate nearest to `name` by edit distance, if it is near enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  // Plans with thousands of names get no suggestion rather than a quadratic check.
  const list = [...candidates];
  if (list.length > MAX_CANDIDATES || name.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of list) {
    if (c === name) continue;
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}
