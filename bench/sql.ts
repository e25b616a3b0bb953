// Plans compiled to SQL against the JS batch on the same data (spec §34.6): N synthetic claims of a
// Weihai year written as Parquet, settled by DuckDB with the compiled query (Parquet in, Parquet
// out), and — up to `jsUpTo` claims — the same records as JSON Lines settled by `yibao eval` on all
// cores. Each run in a process of its own (time and peak memory); both must pay every claim and
// every benefit the same, to the fen (compared in DuckDB).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface SqlBenchRun {
  claims: number;
  duckdb: { wallMs: number; claimsPerSec: number; maxRssMB: number };
  js?: { wallMs: number; claimsPerSec: number; maxRssMB: number };
  /** The year's payout, in fen, as DuckDB and (when run) the JS batch paid it. */
  payoutFen: string;
  /** Claims held equal, claim by claim and benefit by benefit, to the JS batch's results. */
  compared?: number;
}

function child(args: string[]): { stdout: string; stderr: string } {
  const p = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${p.status}):\n${p.stderr}`);
  return p;
}

export function benchSql(root: string, sizes: number[], jsUpTo: number, log: (s: string) => void): SqlBenchRun[] {
  return sizes.map((claims) => {
    const dir = join(root, `sql-${claims}`);
    mkdirSync(dir, { recursive: true });
    log(`writing ${claims.toLocaleString('en')} claims as Parquet${claims <= jsUpTo ? ' and JSON Lines' : ''}…`);
    child(['--import', 'tsx', 'bench/duckdb-child.ts', 'generate', dir, String(claims), claims <= jsUpTo ? 'jsonl' : 'parquet']);
    const d = JSON.parse(child(['--import', 'tsx', 'bench/duckdb-child.ts', 'run', dir]).stdout) as { wallMs: number; maxRssMB: number; results: number; payoutFen: string };
    if (d.results !== claims) throw new Error(`DuckDB settled ${d.results} of ${claims} claims`);
    const run: SqlBenchRun = { claims, payoutFen: d.payoutFen, duckdb: { wallMs: Math.round(d.wallMs), claimsPerSec: Math.round(claims / (d.wallMs / 1000)), maxRssMB: Math.round(d.maxRssMB) } };
    log(`DuckDB, ${claims.toLocaleString('en')} claims from Parquet to Parquet: ${(d.wallMs / 1000).toFixed(1)} s (${run.duckdb.claimsPerSec.toLocaleString('en')} claims/s), peak memory ${run.duckdb.maxRssMB} MB`);
    if (claims <= jsUpTo) {
      const p = child(['bench/cli-child.mjs', 'eval', 'examples/weihai-2024.yibao', '--members', join(dir, 'members.jsonl'), '--claims', join(dir, 'claims.jsonl'), '--out', join(dir, 'js.jsonl'), '--errors', join(dir, 'js-errors.jsonl'), '--quiet']);
      const stats = JSON.parse(/@bench (.*)/.exec(p.stderr)![1]!) as { ms: number; maxRssMB: number };
      const totals = /totals by benefit: (.*)/.exec(p.stderr)![1]!;
      const fen = totals.split(', ').reduce((s, x) => s + BigInt(x.split(' ')[1]!.replace('.', '')), 0n);
      if (String(fen) !== d.payoutFen) throw new Error(`DuckDB paid ${d.payoutFen} fen, the JS batch ${fen}`);
      const diff = JSON.parse(child(['--import', 'tsx', 'bench/duckdb-child.ts', 'compare', dir]).stdout) as { joined: number; claimDiffs: number; benefitDiffs: number };
      if (diff.joined !== claims || diff.claimDiffs || diff.benefitDiffs) throw new Error(`DuckDB and the JS batch differ: ${JSON.stringify(diff)}`);
      run.compared = diff.joined;
      run.js = { wallMs: Math.round(stats.ms), claimsPerSec: Math.round(claims / (stats.ms / 1000)), maxRssMB: Math.round(stats.maxRssMB) };
      log(`JS batch on the same claims as JSON Lines, all cores: ${(stats.ms / 1000).toFixed(1)} s (${run.js.claimsPerSec.toLocaleString('en')} claims/s), peak memory ${run.js.maxRssMB} MB; every claim and benefit the same to the fen`);
    }
    rmSync(dir, { recursive: true, force: true });
    return run;
  });
}
