// Bills through the Qingdao chain in batch (`yibao settle CHAIN --members --bills`), end to end as a
// user starts it, on one thread and on all cores: bills per second and peak memory. The bills are
// seeded and spread over a year, with every layer reached (costs up to 400,000 yuan).
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHAIN = 'examples/qingdao.chain.yibao';

export interface ChainRun { bills: number; workers: number; wallMs: number; billsPerSec: number; maxRssMB: number }

/** A small linear congruential generator: the same files for the same seed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
}

async function writeLines(path: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) if (!out.write(line(i) + '\n')) await new Promise((ok) => out.once('drain', ok));
  await new Promise<void>((ok) => out.end(ok));
}

export async function benchChain(dir: string, members: number, bills: number, cores: number, log: (s: string) => void): Promise<ChainRun[]> {
  const rnd = lcg(20261201);
  const levels = ['一级', '二级', '三级'];
  await writeLines(join(dir, 'chain-members.jsonl'), members, (i) =>
    JSON.stringify({ id: `m${i}`, birthDate: `${1940 + rnd(60)}-06-01`, enrolledSince: '2010-01-01', attributes: { 参保类别: rnd(2) ? '职工' : '居民', 退休: rnd(4) === 0 } }));
  const yuan = (max: number) => (rnd(max * 100) / 100).toFixed(2);
  await writeLines(join(dir, 'chain-bills.jsonl'), bills, (i) =>
    JSON.stringify({ id: `b${i}`, member: `m${rnd(members)}`, date: `2017-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`, setting: 'inpatient', attributes: { 医院等级: levels[rnd(3)] }, costs: { 甲类: yuan(200_000), 乙类: yuan(100_000), 丙类: yuan(60_000), 超限额: yuan(40_000) } }));
  const runs: ChainRun[] = [];
  for (const workers of [...new Set([1, cores])]) {
    const out = join(dir, `chain-out-${workers}.jsonl`);
    const t0 = performance.now();
    const p = spawnSync(process.execPath, ['bench/cli-child.mjs', 'settle', CHAIN, '--members', join(dir, 'chain-members.jsonl'), '--bills', join(dir, 'chain-bills.jsonl'), '--out', out, '--workers', String(workers), '--quiet'], { encoding: 'utf8' });
    const wallMs = performance.now() - t0;
    const stats = /@bench (.*)/.exec(p.stderr);
    const summary = /bills in (\d+) = results (\d+)/.exec(p.stderr);
    if (p.status !== 0 || !stats || !summary || Number(summary[2]) !== bills) throw new Error(`yibao settle failed (exit ${p.status}):\n${p.stderr}`);
    const r = { bills, workers, wallMs: Math.round(wallMs), billsPerSec: Math.round(bills / (wallMs / 1000)), maxRssMB: Math.round((JSON.parse(stats[1]!) as { maxRssMB: number }).maxRssMB) };
    runs.push(r);
    log(`chain batch (Qingdao, 3 layers), ${workers} worker(s): ${r.billsPerSec.toLocaleString('en')} bills/s (${(wallMs / 1000).toFixed(2)} s with Node start and compile), peak memory ${r.maxRssMB} MB`);
  }
  if (runs.length > 1 && readFileSync(join(dir, `chain-out-${cores}.jsonl`), 'utf8') !== readFileSync(join(dir, 'chain-out-1.jsonl'), 'utf8')) throw new Error('chain batch: 1 worker and all cores wrote different results');
  return runs;
}
