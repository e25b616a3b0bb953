// The SQL each dialect gets for the example plans that compile (spec §34): reviewed as diffs, as the
// queries a warehouse will run.
import { readFileSync } from 'node:fs';
import { PlanDocument } from '../../engine/document';
import { readerFor } from '../../engine/node/files';
import { compileSql, DIALECTS, type SqlDialect } from '../../engine/sql/compile';
import { abs } from './cli';
import type { GoldenFile } from './generate';

/** Plans whose SQL is kept: examples (tilts, items, shared deductibles; claim attributes on the decimal path), and conformance plans with each kind of schedule, limit and combination of tilts. */
export const SQL_PLANS = ['examples/weihai-2024.yibao', 'examples/jilin-basic.yibao', 'examples/qingdao-dabing.yibao', 'spec/conformance/good/combine-best.yibao', 'spec/conformance/good/shared-cap-per-year.yibao', 'spec/conformance/good/versioned-params.yibao', 'spec/conformance/good/per-claim-deductible.yibao', 'spec/conformance/good/whole-amount-both-bases.yibao', 'spec/conformance/good/own-caps.yibao'];

export function sqlFiles(): GoldenFile[] {
  return SQL_PLANS.flatMap((plan) => {
    const doc = new PlanDocument(readFileSync(abs(plan), 'utf8'), plan, readerFor(abs(plan)));
    return (Object.keys(DIALECTS) as SqlDialect[]).map((d) => {
      const r = compileSql(doc.lowered!.ir!, d);
      if (!('sql' in r)) throw new Error(`${plan} does not compile to SQL`);
      return { path: `test/golden/sql/${plan.split('/').pop()!.replace('.yibao', '')}.${d}.sql`, text: `${r.sql}\n` };
    });
  });
}
