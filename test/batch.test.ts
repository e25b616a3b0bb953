// Batch settlement from files: workers, sortedness, reconciliation, CSV. Payouts by hand.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main';
import { chunkSizes, runBatch } from '../engine/batch/run';
import { Board } from '../engine/batch/shares';
import { readerFor } from '../engine/node/files';
import { compile } from '../engine/index';
import type { Worker } from 'node:worker_threads';
// @ts-expect-error plain JavaScript, as bin/yibao.js runs it
import { EARLY_WORKERS, startBatchWorkers, WORKER_RESOURCE_LIMITS as EARLY_LIMITS } from '../bin/batch-workers.js';
import { WORKER_RESOURCE_LIMITS } from '../engine/batch/threads';
import { tempFolder } from './helpers';

const { dir, file } = tempFolder('yibao-batch-');
async function cli(...argv: string[]) {
  const err: string[] = [];
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, err: err.join('\n'), out: out.join('\n') };
}

const PLAN = file('plan.yibao', `plan "batch" { valid 2025-01-01 to 2025-12-31 }
benefit B { for inpatient amount claim.inPolicySelfPay deductible 1000 per year ratio 50% cap 5000 per year }
benefit O { for outpatient amount claim.outOfPolicySelfPay ratio 60% }
`);

// 40 members, 3 claims each, in member order; generated deterministically.
const members: string[] = [];
const claims: string[] = [];
for (let m = 0; m < 40; m++) {
  const id = `m${String(m).padStart(3, '0')}`;
  members.push(JSON.stringify({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01' }));
  for (let k = 0; k < 3; k++) {
    claims.push(JSON.stringify({ id: `${id}-c${k}`, member: id, date: `2025-0${3 - k}-01`, setting: k === 1 ? 'outpatient' : 'inpatient', inPolicySelfPay: String(1000 * (m % 7) + 500 * k), outOfPolicySelfPay: '100' }));
  }
}
const MEMBERS = file('members.jsonl', members.join('\n') + '\n');
const SORTED = file('claims.jsonl', claims.join('\n') + '\n');
const UNSORTED = file('claims-unsorted.jsonl', [...claims].reverse().join('\n') + '\n');

describe('batch eval', () => {
  it('gives the same bytes with 1 and 2 workers, and streams sorted input', async () => {
    const one = await cli('eval', PLAN, '--members', MEMBERS, '--claims', SORTED, '--out', join(dir, 'o1.jsonl'), '--workers', '1', '--quiet');
    const two = await cli('eval', PLAN, '--members', MEMBERS, '--claims', SORTED, '--out', join(dir, 'o2.jsonl'), '--workers', '2', '--quiet');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.err).toContain('streaming');
    expect(readFileSync(join(dir, 'o2.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'o1.jsonl'), 'utf8'));
    expect(readFileSync(join(dir, 'o1.jsonl'), 'utf8').trim().split('\n')).toHaveLength(120);
  });

  it('takes the workers bin/yibao.js starts before the CLI loads, the first with the members file indexed', async () => {
    // Two threads, both workers started early (the machine has at least two cores); this one coordinates.
    const args = ['eval', PLAN, '--members', MEMBERS, '--claims', SORTED, '--out', join(dir, 'oe.jsonl'), '--workers', '2', '--quiet'];
    startBatchWorkers(args, new URL('../engine/batch/worker-boot.mjs', import.meta.url));
    const started = [...(globalThis as unknown as Record<symbol, { worker: Worker; members?: string }[]>)[EARLY_WORKERS]!];
    expect(started.map((w) => w.members)).toEqual([MEMBERS, undefined]);
    // Early or late, a worker's heap is held to the same limits (they keep a 10 M-claim run small).
    expect(EARLY_LIMITS).toEqual(WORKER_RESOURCE_LIMITS);
    expect(started[0]!.worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb);
    const exits = started.map((w) => once(w.worker, 'exit'));
    const r = await cli(...args);
    expect(r.code).toBe(0);
    expect(r.err).toContain('2 workers');
    expect(readFileSync(join(dir, 'oe.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'o1.jsonl'), 'utf8'));
    // Both were taken by the run (none left over) and finished their part: exit code 0, where one
    // left over would have been ended (exit code 1).
    expect((globalThis as unknown as Record<symbol, unknown[]>)[EARLY_WORKERS]).toEqual([]);
    expect((await Promise.all(exits)).map(([code]) => code)).toEqual([0, 0]);
  });

  it('gives identical results for unsorted input, grouping it in memory', async () => {
    const r = await cli('eval', PLAN, '--members', MEMBERS, '--claims', UNSORTED, '--out', join(dir, 'ou.jsonl'), '--workers', '2', '--quiet');
    expect(r.err).toContain('not sorted');
    expect(readFileSync(join(dir, 'ou.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'o1.jsonl'), 'utf8'));
  });

  it('settles a member by date whatever the line order', async () => {
    const out = readFileSync(join(dir, 'o1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // m003: c2 on 03-01? no: dates are 2025-03-01 (c0), 2025-02-01 (c1, outpatient), 2025-01-01 (c2)
    // in date order: c2 in 4000 → (4000 − 1000) × 50% = 1500; c1 outpatient out 100 × 60% = 60; c0 in 3000 → A 7000: 3000 × 50% = 1500
    const m3 = out.filter((r) => r.member === 'm003');
    expect(m3.map((r: { id: string; payout: string }) => [r.id, r.payout])).toEqual([['m003-c2', '1500.00'], ['m003-c1', '60.00'], ['m003-c0', '1500.00']]);
  });

  it('reconciles a file full of bad rows: every line is a result or an error with its line number', async () => {
    const bad = file('bad.jsonl', [
      claims[0],
      '{"id": "x1", "member": "m000", "date": "2025-02-30", "setting": "inpatient"}',
      'not json at all',
      '{"id": "x2", "member": "nobody", "date": "2025-02-01", "setting": "inpatient"}',
      '{"id": "x3", "member": "m000", "date": "2025-02-01", "setting": "inpatient", "inPolicySelfPay": "1.234"}',
      '[1, 2]',
      claims[1],
    ].join('\n') + '\n');
    const r = await cli('eval', PLAN, '--members', MEMBERS, '--claims', bad, '--out', join(dir, 'ob.jsonl'), '--errors', join(dir, 'eb.jsonl'), '--workers', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('claims in 7 = results 2 + rejected 5 ✓');
    expect(r.err).toContain('member records in 40 = valid 40 + rejected 0 ✓');
    const errors = readFileSync(join(dir, 'eb.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(errors.every((e: { file: string; reasons: unknown[] }) => e.file === 'claims' && e.reasons.length === 1)).toBe(true);
    expect(errors.map((e: { line: number; reasons: { path: string }[] }) => [e.line, e.reasons[0]!.path] as [number, string]).sort((a, b) => a[0] - b[0])).toEqual([
      [2, '/date'],
      [3, ''],
      [4, '/member'],
      [5, '/inPolicySelfPay'],
      [6, ''],
    ]);
  });

  it('reads CSV claims with items in a second CSV and writes CSV results', async () => {
    const p = file('items-plan.yibao', `plan "csv" { valid 2025-01-01 to 2025-12-31 }
catalogue 特药 ["T1"]
benefit A { amount items in 特药 ratio 80% }
benefit B { amount claim.outOfPolicySelfPay excluding A ratio 50% }
`);
    const m = file('m.csv', 'id,birthDate,enrolledSince\nm1,1980-01-01,2020-01-01\n');
    const c = file('c.csv', 'id,member,date,setting,outOfPolicySelfPay\nc1,m1,2025-03-01,inpatient,\nc2,m1,2025-04-01,outpatient,300\n');
    const items = file('i.csv', 'member,claim,code,amount,class,category\nm1,c1,T1,1000,out,drug\nm1,c1,X9,200,out,drug\n');
    const r = await cli('eval', p, '--members', m, '--claims', c, '--items', items, '--out', join(dir, 'o.csv'), '--quiet');
    expect(r.code).toBe(0);
    // c1: A = 1000 × 80% = 800; B = (1200 − 1000 taken by A) × 50% = 100 → 900. c2: B = 300 × 50% = 150.
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toBe('id,member,date,payout,A,B,excluded,excludedReasons\nc1,m1,2025-03-01,900.00,800.00,100.00,0.00,\nc2,m1,2025-04-01,150.00,0.00,150.00,0.00,\n');
  });

  it('reads claim attributes from JSON Lines and from CSV columns, as the API does', async () => {
    const p = file('attr-plan.yibao', `plan "claim attributes" { valid 2025-01-01 to 2025-12-31 }
attribute claim.level: one | two | three
attribute claim.partB: money
benefit R { amount claim.inPolicySelfPay + claim.partB * 50% ratio if claim.level = one then 80% else 60% }
`);
    const m = file('am.jsonl', '{"id":"m1","birthDate":"1980-01-01","enrolledSince":"2020-01-01"}\n');
    const jsonl = file('ac.jsonl', [
      '{"id":"c1","member":"m1","date":"2025-03-01","setting":"inpatient","inPolicySelfPay":"1000","attributes":{"level":"one","partB":"200"}}',
      '{"id":"c2","member":"m1","date":"2025-04-01","setting":"inpatient","inPolicySelfPay":"1000","attributes":{"level":"three","partB":0}}',
      '{"id":"c3","member":"m1","date":"2025-05-01","setting":"inpatient","inPolicySelfPay":"1000","attributes":{"level":"four","partB":0}}',
    ].join('\n') + '\n');
    const csv = file('ac.csv', 'id,member,date,setting,inPolicySelfPay,level,partB\nc1,m1,2025-03-01,inpatient,1000,one,200\nc2,m1,2025-04-01,inpatient,1000,three,0\nc3,m1,2025-05-01,inpatient,1000,four,0\n');
    for (const [claimsFile, out, errors] of [[jsonl, 'ao.jsonl', 'ae.jsonl'], [csv, 'ao2.jsonl', 'ae2.jsonl']] as const) {
      const r = await cli('eval', p, '--members', m, '--claims', claimsFile, '--out', join(dir, out), '--errors', join(dir, errors), '--quiet');
      expect(r.code).toBe(1);
      // c1: (1000 + 200 × 50%) × 80% = 880; c2: 1000 × 60% = 600; c3: "four" is not a level → rejected at its attribute.
      const rows = readFileSync(join(dir, out), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; payout: string });
      expect(rows.map((x) => [x.id, x.payout])).toEqual([['c1', '880.00'], ['c2', '600.00']]);
      const rejected = readFileSync(join(dir, errors), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { claim: string; reasons: { path: string; code: string }[] });
      expect(rejected.flatMap((x) => x.reasons.map((e) => [x.claim, e.code, e.path]))).toEqual([['c3', 'YR001', '/attributes/level']]);
    }
  });
});

describe('batch eval: the hand-out of a sorted file to workers', () => {
  // 60 members, 2 claims each. The members file is in another order than the claims, has a line
  // with bad JSON for m010 (first half) and m050 (second half), and a second line for m020 and m045.
  const ids = Array.from({ length: 60 }, (_, m) => `m${String(m).padStart(3, '0')}`);
  const memberLines = [...ids].reverse().map((id) => (id === 'm010' || id === 'm050' ? `{"id":"${id}", "birthDate": oops}` : JSON.stringify({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01' })));
  memberLines.push(JSON.stringify({ id: 'm020', birthDate: '1990-01-01', enrolledSince: '2020-01-01' }), JSON.stringify({ id: 'm045', birthDate: '1990-01-01', enrolledSince: '2020-01-01' }));
  const members = file('handout-members.jsonl', memberLines.join('\n') + '\n');
  const claimLines = ids.flatMap((id, m) => [0, 1].map((k) => JSON.stringify({ id: `${id}-c${k}`, member: id, date: `2025-0${k + 1}-01`, setting: 'inpatient', inPolicySelfPay: String(1000 + 100 * (m % 5)) })));
  // Line 101 (in the second half) is not JSON.
  claimLines.splice(100, 0, '{not json');
  const claims = file('handout-claims.jsonl', claimLines.join('\n') + '\n');
  const plan = compile(readFileSync(PLAN, 'utf8'), PLAN, readerFor(PLAN)).plan!;
  const run = (workers: number, out: string, errors: string, c = claims, chunkBytes = 300) => {
    const log: string[] = [];
    return runBatch({ planPath: PLAN, plan, members, claims: c, out: join(dir, out), errors: join(dir, errors), workers, maxWorkers: 4, quiet: true, chunkBytes, log: (s) => log.push(s) }).then((s) => ({ s, log: log.join('\n') }));
  };

  it('cuts a file of any size into chunks the board has room for, none past 512 KB below 51 GB', () => {
    // The board's table holds size / min + 2 chunks; chunks are at most max. 512 KB chunks of a
    // 60 GB file would be 117,188 of them: min (60 GB / 100,000 = 600 KB) must win there.
    for (const size of [1_000, 3 << 20, 170_000_000, 51_200_000_000, 60_000_000_000, 300_000_000_000]) {
      const sizes = chunkSizes({}, { size }, 0);
      const board = new Board(2, { size, bodyStart: 0 }, sizes);
      let chunks = 0;
      let biggest = 0;
      for (let c = board.take(chunks % 2); c; c = board.take(chunks % 2)) {
        chunks++;
        biggest = Math.max(biggest, c.to - c.from);
      }
      expect(chunks, `${size}`).toBeLessThanOrEqual(board.capacity);
      if (size < 51_200_000_000) expect(biggest, `${size}`).toBeLessThanOrEqual(size < 2 * (512 << 10) ? size : 512 << 10);
    }
  });

  it('gives every worker a share and the same bytes as one worker, errors numbered in the whole file', async () => {
    const one = await run(1, 'h1.jsonl', 'he1.jsonl');
    const three = await run(3, 'h3.jsonl', 'he3.jsonl');
    expect(three.s.path).toBe('streaming');
    expect(three.s.perWorker).toHaveLength(3);
    for (const n of three.s.perWorker) expect(n).toBeGreaterThan(0);
    expect(three.s.perWorker.reduce((a, b) => a + b, 0)).toBe(121);
    expect(readFileSync(join(dir, 'h3.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'h1.jsonl'), 'utf8'));
    expect(readFileSync(join(dir, 'he3.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'he1.jsonl'), 'utf8'));
    type Rejected = { line: number; file: string; member?: string; reasons: { path: string; code: string; message: string }[] };
    const errors = readFileSync(join(dir, 'he3.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rejected);
    // The rejected claims: line 101, and the 2 claims each of m010 and m050 (their records are bad JSON).
    const claimErrors = errors.filter((e) => e.file === 'claims');
    expect(claimErrors.map((e) => e.line).sort((a, b) => a - b)).toEqual([21, 22, 101, 102, 103]);
    expect(claimErrors.find((e) => e.line === 101)!.reasons[0]!.path).toBe('');
    // m010's claims name the line of its rejected record: line 50 of the reversed file (m059 is line 1).
    expect(claimErrors.find((e) => e.line === 21)!.reasons[0]!.message).toContain('members file line 50');
    // Member errors, once each, by line: m050 is line 10 and m010 line 50 of the reversed file;
    // the second lines of m020 and m045 are lines 61 and 62.
    const memberErrors = errors.filter((e) => e.file === 'members');
    expect(memberErrors.map((e) => e.line)).toEqual([10, 50, 61, 62]);
    expect(memberErrors.filter((e) => /duplicate/.test(e.reasons[0]!.message))).toHaveLength(2);
    // Reconciled: 121 lines = 116 results + 5 rejected; 62 member lines = 58 valid + 4 rejected.
    expect([three.s.claimsIn, three.s.results, three.s.rejected]).toEqual([121, 116, 5]);
    expect(three.s.members).toEqual({ lines: 62, valid: 58, rejected: 4 });
  });

  it('gives the same bytes when threads may hold few results and wait for their places', async () => {
    // 2,000-byte chunks give about 5,000 bytes of results each; with 1,024 bytes to hold, a thread
    // whose chunk's place is not known yet waits for it (or places its older chunks) and writes on.
    const one = await run(1, 'w1.jsonl', 'we1.jsonl', claims, 2000);
    const log: string[] = [];
    const s = await runBatch({ planPath: PLAN, plan, members, claims, out: join(dir, 'w3.jsonl'), errors: join(dir, 'we3.jsonl'), workers: 3, maxWorkers: 4, quiet: true, chunkBytes: 2000, heldBytes: 1024, log: (x) => log.push(x) });
    expect(s.path).toBe('streaming');
    expect(s.perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(readFileSync(join(dir, 'w3.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'w1.jsonl'), 'utf8'));
    expect(readFileSync(join(dir, 'we3.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'we1.jsonl'), 'utf8'));
    expect(one.s.results).toBe(116);
  });

  it('settles a file whose last member has most of the claims: a long member is never cut', async () => {
    // m000 … m058 one claim each, then m059 with 3,000 claims: no cut can fall inside m059.
    const skewed = [
      ...ids.slice(0, 59).map((id) => JSON.stringify({ id: `${id}-c0`, member: id, date: '2025-01-01', setting: 'inpatient', inPolicySelfPay: '1500' })),
      ...Array.from({ length: 3000 }, (_, k) => JSON.stringify({ id: `m059-c${String(k).padStart(4, '0')}`, member: 'm059', date: `2025-${String(1 + (k % 12)).padStart(2, '0')}-01`, setting: 'inpatient', inPolicySelfPay: '10' })),
    ];
    const c = file('handout-skewed.jsonl', skewed.join('\n') + '\n');
    const one = await run(1, 'hs1.jsonl', 'hse1.jsonl', c);
    const two = await run(2, 'hs2.jsonl', 'hse2.jsonl', c);
    expect(two.s.path).toBe('streaming');
    expect(two.s.results).toBe(one.s.results);
    expect(readFileSync(join(dir, 'hs2.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'hs1.jsonl'), 'utf8'));
    // m059's year: 3,000 × 10 = 30,000 yuan in; deductible 1,000 per year, 50 %, capped at 5,000 a year.
    const m59 = readFileSync(join(dir, 'hs2.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { member: string; payout: string }).filter((r) => r.member === 'm059');
    expect(m59).toHaveLength(3000);
    expect(m59.reduce((sum, r) => sum + Math.round(Number(r.payout) * 100), 0)).toBe(500_000);
  });

  it('gives the same bytes whatever the chunk size: cuts inside lines, at blank lines and at lines with no member', async () => {
    // m000 … m019, 3 claims each, with a blank line after every 4th claim, and inside each member a
    // line whose member cannot be read: a cut there must not split the member's year. B: deductible
    // 1000 per year, 50 %, so splitting a member's claims into two years-in-progress would change
    // its payouts and the bytes.
    const lines: string[] = [];
    ids.slice(0, 20).forEach((id, m) => {
      for (let k = 0; k < 3; k++) {
        lines.push(JSON.stringify({ id: `${id}-c${k}`, member: id, date: `2025-0${k + 1}-01`, setting: 'inpatient', inPolicySelfPay: String(700 + 50 * (m % 4)) }));
        if (k === 1) lines.push(`{"id":"${id}-bad","member":`);
        if (lines.length % 4 === 0) lines.push(m % 2 ? '' : '   ');
      }
    });
    const c = file('handout-cuts.jsonl', lines.join('\n') + '\n');
    const one = await run(1, 'hk1.jsonl', 'hke1.jsonl', c, 1 << 20);
    // 20 members × 3 claims + 20 bad lines; the bad lines are errors, m010's claims too (bad record).
    expect([one.s.claimsIn, one.s.results, one.s.rejected]).toEqual([80, 57, 23]);
    for (const chunk of [13, 57, 160, 333]) {
      const two = await run(2, `hk2-${chunk}.jsonl`, `hke2-${chunk}.jsonl`, c, chunk);
      expect(two.s.path).toBe('streaming');
      expect(readFileSync(join(dir, `hk2-${chunk}.jsonl`), 'utf8')).toBe(readFileSync(join(dir, 'hk1.jsonl'), 'utf8'));
      expect(readFileSync(join(dir, `hke2-${chunk}.jsonl`), 'utf8')).toBe(readFileSync(join(dir, 'hke1.jsonl'), 'utf8'));
    }
  });

  it('finds claims out of order where one chunk ends and the next begins', async () => {
    // One member per chunk (each member's 2 lines are about 190 bytes): m031 and m030 swapped are
    // each alone in their chunk, so no thread sees the two side by side.
    const lines = claimLines.filter((l) => !l.startsWith('{not'));
    const at = lines.findIndex((l) => l.includes('"m030-c0"'));
    const swapped = [...lines.slice(0, at), ...lines.slice(at + 2, at + 4), ...lines.slice(at, at + 2), ...lines.slice(at + 4)];
    const c = file('handout-boundary.jsonl', swapped.join('\n') + '\n');
    const r = await run(2, 'hb.jsonl', 'hbe.jsonl', c, 150);
    expect(r.s.path).toBe('buffered');
    expect(r.log).toContain('not sorted');
  });

  it('hands out CSV claims the same way, the header read once', async () => {
    const csv = file('handout-claims.csv', ['id,member,date,setting,inPolicySelfPay', ...ids.flatMap((id, m) => [0, 1].map((k) => `${id}-c${k},${id},2025-0${k + 1}-01,inpatient,${1000 + 100 * (m % 5)}`))].join('\n') + '\n');
    const one = await run(1, 'hc1.csv', 'hce1.csv', csv);
    const two = await run(2, 'hc2.csv', 'hce2.csv', csv);
    expect(two.s.perWorker.every((n) => n > 0)).toBe(true);
    expect(readFileSync(join(dir, 'hc2.csv'), 'utf8')).toBe(readFileSync(join(dir, 'hc1.csv'), 'utf8'));
    const rows = readFileSync(join(dir, 'hc2.csv'), 'utf8').trim().split('\n');
    // One header, then 116 results (the claims of m010 and m050 are errors: their records are bad).
    expect(rows[0]).toBe('id,member,date,payout,B,O,excluded,excludedReasons');
    expect(rows).toHaveLength(1 + 116);
  });

  it('falls back to grouping in memory when a worker finds its share unsorted, with the same results', async () => {
    const shuffled = [...claimLines];
    // Swap two members far into the second half: m055 before m054.
    const a = shuffled.findIndex((l) => l.includes('"m054-c0"'));
    const moved = shuffled.splice(a, 2);
    shuffled.splice(a + 2, 0, ...moved);
    const c = file('handout-unsorted.jsonl', shuffled.join('\n') + '\n');
    const r = await run(2, 'hu.jsonl', 'heu.jsonl', c);
    expect(r.s.path).toBe('buffered');
    expect(r.log).toContain('not sorted');
    expect(readFileSync(join(dir, 'hu.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'h1.jsonl'), 'utf8'));
  });
});

describe('batch eval: every claim one result or one rejected record', () => {
  it('gives a claim with two bad fields one record holding both reasons, and reconciles', async () => {
    const c = file('two-bad.jsonl', [
      JSON.stringify({ id: 'x1', member: 'm000', date: '2025-02-30', setting: 'spa', inPolicySelfPay: '1' }),
      claims[0],
    ].join('\n') + '\n');
    const r = await cli('eval', PLAN, '--members', MEMBERS, '--claims', c, '--out', join(dir, 'tb.jsonl'), '--errors', join(dir, 'tbe.jsonl'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('claims in 2 = results 1 + rejected 1 ✓');
    const errors = readFileSync(join(dir, 'tbe.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'claims', line: 1, claim: 'x1', member: 'm000' });
    expect(errors[0].reasons.map((x: { path: string; code: string }) => `${x.path} ${x.code}`)).toEqual(['/date YR001', '/setting YR008']);
  });

  it('rejects a member record the plan rejects once, apart, and each of its claims once', async () => {
    // m1's birth date is not a date: its record is rejected (a member error), its two claims each one record.
    const m = file('bad-member.jsonl', [
      JSON.stringify({ id: 'm1', birthDate: '1980-13-01', enrolledSince: '2020-01-01' }),
      JSON.stringify({ id: 'm2', birthDate: '1980-01-01', enrolledSince: '2020-01-01' }),
      JSON.stringify({ id: 'm3', birthDate: 'never', enrolledSince: '2020-01-01' }),
    ].join('\n') + '\n');
    const c = file('bad-member-claims.jsonl', [
      JSON.stringify({ id: 'a', member: 'm1', date: '2025-02-01', setting: 'inpatient', inPolicySelfPay: '3000' }),
      JSON.stringify({ id: 'b', member: 'm1', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '3000' }),
      JSON.stringify({ id: 'c', member: 'm2', date: '2025-03-01', setting: 'inpatient', inPolicySelfPay: '3000' }),
    ].join('\n') + '\n');
    const r = await cli('eval', PLAN, '--members', m, '--claims', c, '--out', join(dir, 'bm.jsonl'), '--errors', join(dir, 'bme.jsonl'), '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('claims in 3 = results 1 + rejected 2 ✓');
    // m3 has no claims, and its record is rejected all the same.
    expect(r.err).toContain('member records in 3 = valid 1 + rejected 2 ✓');
    const errors = readFileSync(join(dir, 'bme.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(errors.map((e: { file: string; line: number }) => `${e.file}:${e.line}`)).toEqual(['claims:1', 'claims:2', 'members:1', 'members:3']);
    expect(errors[0].reasons).toHaveLength(1);
    expect(errors[0].reasons[0]).toMatchObject({ path: '/member', code: 'YR002' });
    expect(errors[0].reasons[0].message).toContain('members file line 1');
    expect(errors[2].reasons[0].path).toBe('/birthDate');
    // c: (3000 − 1000) × 50% = 1000.
    expect(JSON.parse(readFileSync(join(dir, 'bm.jsonl'), 'utf8')).payout).toBe('1000.00');
  });
});

describe('batch eval: items from a CSV file', () => {
  const plan = file('items2.yibao', `plan "items" { valid 2025-01-01 to 2025-12-31 }
catalogue 特药 ["T1"]
benefit A { amount items in 特药 ratio 80% }
benefit B { amount claim.outOfPolicySelfPay excluding A ratio 50% }
`);
  const m = file('items-m.csv', 'id,birthDate,enrolledSince\nm1,1980-01-01,2020-01-01\nm2,1980-01-01,2020-01-01\n');
  // Both members have a claim c1: ids are unique only within a member.
  const c = file('items-c.csv', 'id,member,date,setting,outOfPolicySelfPay\nc1,m1,2025-03-01,inpatient,\nc1,m2,2025-03-01,inpatient,500\nc2,m2,2025-04-01,inpatient,100\n');

  it('attaches rows to the claim of the member they name, never to another member\'s claim of the same id', async () => {
    const items = file('items-ok.csv', 'member,claim,code,amount,class,category\nm1,c1,T1,1000,out,drug\n');
    const r = await cli('eval', plan, '--members', m, '--claims', c, '--items', items, '--out', join(dir, 'it.csv'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toContain('item rows in 1 = attached 1 + rejected 0 ✓');
    // m1 c1: A = 1000 × 80% = 800 (B: 1000 − 1000 taken by A = 0). m2 c1: no items, B = 500 × 50% = 250. c2: 100 × 50% = 50.
    expect(readFileSync(join(dir, 'it.csv'), 'utf8')).toBe('id,member,date,payout,A,B,excluded,excludedReasons\nc1,m1,2025-03-01,800.00,800.00,0.00,0.00,\nc1,m2,2025-03-01,250.00,0.00,250.00,0.00,\nc2,m2,2025-04-01,50.00,0.00,50.00,0.00,\n');
  });

  it('rejects rows that name no claim, and the claim a malformed row names, each with its line', async () => {
    const items = file('items-bad.csv', 'member,claim,code,amount,class,category\nm1,c1,T1,1000,out,drug\nm2,c9,T1,50,out,drug\nm2,c2,T1,70\n,c1,T1,5,out,drug\n');
    const r = await cli('eval', plan, '--members', m, '--claims', c, '--items', items, '--out', join(dir, 'ib.csv'), '--errors', join(dir, 'ibe.jsonl'), '--quiet');
    expect(r.code).toBe(1);
    // Items line 4 (too few cells) rejects m2's c2 (line 4 of the claims file, after its header); items lines 3 (no claim c9 of m2) and 5 (no member) are errors of the items file.
    expect(r.err).toContain('claims in 3 = results 2 + rejected 1 ✓');
    expect(r.err).toContain('item rows in 4 = attached 2 + rejected 2 ✓');
    const errors = readFileSync(join(dir, 'ibe.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(errors.map((e: { file: string; line: number }) => `${e.file}:${e.line}`)).toEqual(['claims:4', 'items:3', 'items:5']);
    expect(errors[0].reasons[0].message).toContain('items file line 4');
    expect(errors[1]).toMatchObject({ member: 'm2', claim: 'c9' });
  });

  it('refuses an items file without a member column, and items beside JSON Lines claims', async () => {
    const old = file('items-old.csv', 'claim,code,amount,class,category\nc1,T1,1000,out,drug\n');
    const r = await cli('eval', plan, '--members', m, '--claims', c, '--items', old, '--out', join(dir, 'io.csv'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the header needs a "member" column');
    const j = await cli('eval', PLAN, '--members', MEMBERS, '--claims', SORTED, '--items', old, '--quiet');
    expect(j.code).toBe(2);
    expect(j.err).toContain('--items goes with CSV claims');
  });
});
