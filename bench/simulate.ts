// A population simulated under the Weihai plan and a reform of it (the plan without its renewal
// tilt), end to end as a user starts it: `yibao simulate --synthetic N --seed S --without 续保奖励`.
// The default profile draws 2.32 claims a member-year, so about 10,000,000 claims are 4,310,000
// members; each claim is settled twice (plan and reform).
import { spawnSync } from 'node:child_process';

export interface SimulationRun { members: number; claims: number; wallMs: number; claimsPerSec: number; maxRssMB: number }

export function benchSimulation(claims: number, log: (s: string) => void): SimulationRun {
  const members = Math.round(claims / 2.32);
  const p = spawnSync(process.execPath, ['bench/cli-child.mjs', 'simulate', 'examples/weihai-2024.yibao', '--without', '续保奖励', '--synthetic', String(members), '--seed', '20261201', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const stats = /@bench (.*)/.exec(p.stderr);
  if (p.status !== 0 || !stats) throw new Error(`yibao simulate failed (exit ${p.status}):\n${p.stderr}`);
  const report = JSON.parse(p.stdout) as { base: { claims: number; members: number }; change: { cost: string } };
  const { ms, maxRssMB } = JSON.parse(stats[1]!) as { ms: number; maxRssMB: number };
  const run = { members: report.base.members, claims: report.base.claims, wallMs: Math.round(ms), claimsPerSec: Math.round(report.base.claims / (ms / 1000)), maxRssMB: Math.round(maxRssMB) };
  log(`simulation with a reform, ${run.members.toLocaleString('en')} synthetic members, ${run.claims.toLocaleString('en')} claims each settled under both plans: ${(ms / 1000).toFixed(1)} s (${run.claimsPerSec.toLocaleString('en')} claims/s), peak memory ${run.maxRssMB} MB`);
  return run;
}
