// The one item selection both expression compilers use: the claim's items that no exclusion
// removed and no excluded-from benefit took, in a catalogue and/or matching a condition. The
// items chosen are recorded as taken by the benefit being settled.
import type { Env } from '../ir/env';

export function selectItems(env: Env, codes: ReadonlySet<string> | undefined, where: ((env: Env) => unknown) | undefined): number {
  const claim = env.claim!;
  // Stryker disable next-line ConditionalExpression: a shortcut; the loop below finds nothing among no items
  if (claim.items.length === 0) return 0;
  let fen = 0;
  const outer = env.item;
  const items = claim.items;
  // Indexed, not for…of: this runs for every claim with items, and an iterator may be allocated.
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (item.excluded !== undefined || env.hidden?.has(item.index)) continue;
    if (codes && !codes.has(item.code)) continue;
    if (where) {
      env.item = item;
      if (!where(env)) continue;
    }
    fen += item.fen;
    env.taken?.add(item.index);
  }
  env.item = outer;
  return fen;
}
