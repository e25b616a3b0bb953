// Batch result lines beside the API's results, claim by claim, for every example plan: where the
// two disagree (a field one of them leaves out), the golden file says so and a change shows in
// review. A plan without a request of its own name in examples/requests/ is run on its own test
// records, merged into one request with ids prefixed by the test's number.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compile, evaluate, type CompiledPlan } from '../../engine/index';
import { abs, relativeText, yibao } from './cli';
import { REQUESTS } from './explain';
import type { GoldenFile } from './generate';
import { isPlanFileName } from '../helpers';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
interface Request {
  members: Obj[];
  claims: Obj[];
}

/** The example plans (not their test files), project-relative. */
function examplePlans(): string[] {
  return readdirSync(abs('examples'))
    .filter(isPlanFileName)
    .sort()
    .map((n) => `examples/${n}`);
}

function compiled(plan: string): CompiledPlan {
  const file = abs(plan);
  const r = compile(readFileSync(file, 'utf8'), plan, (p) => readFileSync(join(dirname(file), p), 'utf8'));
  if (!r.plan) throw new Error(`${plan} has errors: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.plan;
}

function requestFromTests(plan: CompiledPlan): Request {
  const out: Request = { members: [], claims: [] };
  plan.tests.forEach((t, i) => {
    const prefix = `t${String(i + 1).padStart(2, '0')}.`;
    const r = t.request as unknown as Request;
    for (const m of r.members) out.members.push({ ...m, id: prefix + String(m.id) });
    for (const c of r.claims) out.claims.push({ ...c, id: prefix + String(c.id), ...(typeof c.member === 'string' && { member: prefix + c.member }) });
  });
  return out;
}

/** Where two JSON values differ, as JSON pointers, each saying which side lacks the field. */
function differences(batch: Json | undefined, api: Json | undefined, at = ''): string[] {
  if (batch === undefined) return [`${at} only in the API`];
  if (api === undefined) return [`${at} only in batch`];
  if (typeof batch !== 'object' || typeof api !== 'object' || batch === null || api === null || Array.isArray(batch) !== Array.isArray(api)) {
    return JSON.stringify(batch) === JSON.stringify(api) ? [] : [`${at} differs`];
  }
  const keys = Array.isArray(batch) ? Array.from({ length: Math.max(batch.length, (api as Json[]).length) }, (_, i) => String(i)) : [...new Set([...Object.keys(batch), ...Object.keys(api)])];
  return keys.flatMap((k) => differences((batch as Obj)[k], (api as Obj)[k], `${at}/${k}`));
}

/** Codes and fields of a rejection, with the API's `/claims/N` taken off its pointers. */
const reasons = (list: Obj[]) => list.map((r) => `${String(r.code)} ${String(r.path).replace(/^\/claims\/\d+/, '')}`).sort().join('; ');

const jsonLines = (path: string): Obj[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj) : []);

async function batchFile(plan: string): Promise<GoldenFile> {
  const name = plan.slice('examples/'.length, -'.yibao'.length);
  const own = `${REQUESTS}/${name}.json`;
  const compiledPlan = compiled(plan);
  const request: Request = existsSync(abs(own)) ? JSON.parse(readFileSync(abs(own), 'utf8')) : requestFromTests(compiledPlan);
  const dir = mkdtempSync(join(tmpdir(), 'yibao-golden-'));
  try {
    const f = (n: string) => join(dir, n);
    writeFileSync(f('members.jsonl'), request.members.map((m) => JSON.stringify(m) + '\n').join(''));
    writeFileSync(f('claims.jsonl'), request.claims.map((c) => JSON.stringify(c) + '\n').join(''));
    const argv = ['eval', abs(plan), '--members', f('members.jsonl'), '--claims', f('claims.jsonl'), '--out', f('results.jsonl'), '--errors', f('errors.jsonl'), '--workers', '1', '--quiet'];
    const run = await yibao(argv, { [dir]: '$TMP' });
    const results = jsonLines(f('results.jsonl'));
    const rejected = jsonLines(f('errors.jsonl'));
    const api = evaluate(compiledPlan, request, { trace: false });
    const claims = request.claims.map((c) => {
      const same = (r: Obj, idKey: string) => r[idKey] === c.id && r.member === c.member;
      const settled = results.find((r) => same(r, 'id'));
      const batch = settled ?? rejected.find((r) => r.file === 'claims' && same(r, 'claim')) ?? null;
      const found = api.claims.find((r) => r.id === c.id && r.member === c.member);
      // Asked for no trace, the API still gives `trace: []`; batch lines have none, by design.
      const apiSettled = found && (({ trace: _, ...rest }) => rest as unknown as Obj)(found);
      const apiErrors = api.errors.filter((e) => e.claim === c.id);
      const apiSide = apiSettled ?? { errors: apiErrors as unknown as Json };
      let differs: string[];
      if (settled && apiSettled) differs = differences(settled, apiSettled);
      else if (settled || apiSettled) differs = [`settled by ${settled ? 'batch' : 'the API'} only`];
      else {
        const why = reasons(((batch as Obj | null)?.reasons ?? []) as Obj[]);
        const apiWhy = reasons(apiErrors as unknown as Obj[]);
        differs = why === apiWhy ? [] : [`rejected for other reasons: batch ${why || 'none'}, API ${apiWhy || 'none'}`];
      }
      return { claim: c.id ?? null, member: c.member ?? null, differs, batch, api: apiSide };
    });
    const golden = {
      plan,
      request: existsSync(abs(own)) ? own : `the tests of ${plan}, ids prefixed tNN. by test number`,
      command: `yibao ${relativeText(argv.join(' '), { [dir]: '$TMP' })}`,
      exit: run.code,
      // The summary carries timings, so it is kept only when the run itself failed.
      ...(run.code === 2 && { stderr: run.err }),
      claims,
    };
    return { path: `test/golden/batch/${name}.json`, text: JSON.stringify(golden, null, 2) + '\n' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function batchFiles(): Promise<GoldenFile[]> {
  const files: GoldenFile[] = [];
  for (const plan of examplePlans()) files.push(await batchFile(plan));
  return files;
}
