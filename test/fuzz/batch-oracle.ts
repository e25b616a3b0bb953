// The oracle for batch files: the request API. Each claim line is read as JSON.parse (or a strict
// RFC 4180 reading of CSV) reads it, each member's claims go to evaluate() as one request, and a
// batch run over the same files must give the same payouts and reject the same lines with the same
// codes, one record per rejected claim, and reconcile.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatch } from '../../engine/batch/run';
import type { CompiledPlan } from '../../engine/compile/plan';
import { evaluate } from '../../engine/index';

export interface BatchCase {
  format: 'jsonl' | 'csv';
  /** Member records, one JSON line each (always good JSON). */
  members: string[];
  /** The claims file's lines, as written (CSV: the header first). */
  claims: string[];
  chunk: number;
  workers: number;
}

export interface Outcome {
  /** Settled claims by member and id: payout, benefits, exclusions. */
  results: Map<string, string>;
  /** Rejected claims by line: their codes, sorted. */
  rejected: Map<number, string[]>;
}

/** A settled claim as the API gives it, without its trace: batch must write exactly these bytes. */
const settled = (c: object) => JSON.stringify({ ...c, trace: undefined });
const key = (member: string, id: string) => `${member}\u0000${id}`;

/** A CSV line read strictly: a quote only opens a field or doubles inside a quoted one. */
export function strictCsv(line: string): string[] | undefined {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      for (i++; ; i++) {
        if (i >= line.length) return undefined;
        if (line[i] === '"' && line[i + 1] === '"') (cell += '"'), i++;
        else if (line[i] === '"') break;
        else cell += line[i];
      }
      i++;
      if (i < line.length && line[i] !== ',') return undefined;
    } else {
      while (i < line.length && line[i] !== ',') {
        if (line[i] === '"') return undefined;
        cell += line[i++];
      }
    }
    cells.push(cell.trim());
    if (i >= line.length) return cells;
    i++;
  }
}

/** A CSV claim row as the request's record: empty cells absent, flags split on "|". */
function csvClaim(header: string[], cells: string[]): Record<string, unknown> | undefined {
  if (cells.length !== header.length) return undefined;
  const rec: Record<string, unknown> = {};
  header.forEach((h, k) => {
    const v = cells[k]!;
    if (v === '') return;
    rec[h] = h === 'flags' ? v.split('|').map((x) => x.trim()).filter(Boolean) : v;
  });
  return rec;
}

/** What the request API says of the lines, member by member. */
export function oracle(plan: CompiledPlan, c: BatchCase): Outcome {
  const records = new Map<string, Record<string, unknown>>();
  for (const m of c.members) {
    const r = JSON.parse(m) as Record<string, unknown>;
    if (typeof r.id === 'string' && !records.has(r.id)) records.set(r.id, r);
  }
  const byMember = new Map<string, { line: number; value: Record<string, unknown> }[]>();
  const rejected = new Map<number, string[]>();
  let header: string[] | undefined;
  c.claims.forEach((raw, k) => {
    const text = (k === 0 ? raw.replace(/^\ufeff/, '') : raw).replace(/\r$/, '');
    if (text.trim() === '') return;
    if (c.format === 'csv' && !header) return void (header = strictCsv(text) ?? []);
    let value: Record<string, unknown> | undefined;
    if (c.format === 'csv') {
      const cells = strictCsv(text);
      value = cells && csvClaim(header!, cells);
    } else {
      try {
        const v = JSON.parse(text) as unknown;
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) value = v as Record<string, unknown>;
      } catch {
        value = undefined;
      }
    }
    if (!value) return void rejected.set(k + 1, ['YR001']);
    const member = typeof value.member === 'string' ? value.member : '';
    byMember.set(member, [...(byMember.get(member) ?? []), { line: k + 1, value }]);
  });
  const results = new Map<string, string>();
  for (const [member, list] of byMember) {
    // Lines whose member cannot be read are each a request of their own, as batch settles them.
    const requests = member === '' ? list.map((x) => [x]) : [list];
    for (const claims of requests) {
      const record = records.get(member);
      const r = evaluate(plan, { members: record ? [record] : [], claims: claims.map((x) => x.value) }, { trace: false });
      for (const s of r.claims) results.set(key(s.member, s.id), settled(s));
      for (const e of r.errors) {
        const line = claims[Number(/^\/claims\/(\d+)/.exec(e.path)![1])]!.line;
        rejected.set(line, [...(rejected.get(line) ?? []), e.code].sort());
      }
    }
  }
  return { results, rejected };
}

/** What a batch run over the same files gives, checked to reconcile. */
export async function batchOutcome(plan: CompiledPlan, planPath: string, c: BatchCase, dir: string, tag: string): Promise<Outcome> {
  const members = join(dir, `members-${tag}.jsonl`);
  const claims = join(dir, `claims-${tag}.${c.format}`);
  const out = join(dir, `out-${tag}.jsonl`);
  const errors = join(dir, `errors-${tag}.jsonl`);
  writeFileSync(members, c.members.join('\n') + '\n');
  writeFileSync(claims, c.claims.join('\n') + '\n');
  const s = await runBatch({ planPath, plan, members, claims, out, errors, workers: c.workers, maxWorkers: 2, chunkBytes: c.chunk, quiet: true, log: () => {} });
  if (s.claimsIn !== s.results + s.rejected) throw new Error(`claims in ${s.claimsIn} ≠ results ${s.results} + rejected ${s.rejected}`);
  const results = new Map<string, string>();
  for (const text of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(text) as { id: string; member: string };
    results.set(key(r.member, r.id), text);
  }
  const rejected = new Map<number, string[]>();
  for (const text of readFileSync(errors, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(text) as { file: string; line: number; reasons: { code: string }[] };
    if (e.file !== 'claims') continue;
    if (rejected.has(e.line)) throw new Error(`line ${e.line} rejected twice`);
    rejected.set(e.line, e.reasons.map((x) => x.code).sort());
  }
  if (s.results !== results.size || s.rejected !== rejected.size) throw new Error(`summary ${s.results}/${s.rejected} ≠ files ${results.size}/${rejected.size}`);
  return { results, rejected };
}

/** The first difference between two outcomes, or undefined when they agree. */
export function difference(expected: Outcome, actual: Outcome): string | undefined {
  for (const [line, codes] of expected.rejected) {
    const got = actual.rejected.get(line);
    if (!got) return `line ${line}: the API rejects it (${codes.join(', ')}), batch does not`;
    if (got.join() !== codes.join()) return `line ${line}: codes ${got.join(', ')}, the API says ${codes.join(', ')}`;
  }
  for (const line of actual.rejected.keys()) if (!expected.rejected.has(line)) return `line ${line}: batch rejects it (${actual.rejected.get(line)!.join(', ')}), the API does not`;
  for (const [k, v] of expected.results) if (actual.results.get(k) !== v) return `claim ${k.replace('\u0000', '/')}: batch ${actual.results.get(k) ?? 'nothing'}, the API ${v}`;
  for (const k of actual.results.keys()) if (!expected.results.has(k)) return `claim ${k.replace('\u0000', '/')}: settled by batch only`;
  return undefined;
}
