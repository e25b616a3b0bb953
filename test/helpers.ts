// Shared helpers for the test suite.
import { compile, evaluate, type EvalResult } from '../engine/index';
import type { FileReader } from '../engine/check/index';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlan } from '../engine/frontend';
import { lower } from '../engine/lower/index';
import type { PlanIR } from '../engine/ir/plan';
import { tmpdir } from 'node:os';

/** Compiles a plan that must be free of errors; fails the test with the diagnostics otherwise. */
export function planOf(text: string, reader?: FileReader) {
  const r = compile(text, 'test.yibao', reader);
  if (!r.plan) throw new Error(`plan has errors: ${r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column} ${JSON.stringify(d.args)}`).join('; ')}`);
  return r.plan;
}

/** The IR of a plan that must be free of errors; fails the test with the diagnostics otherwise. */
export function irOfText(text: string): PlanIR {
  const r = checkPlan(text, 'test.yibao');
  if (!r.plan) throw new Error(`plan has errors: ${r.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`).join('; ')}`);
  return lower(r.plan).ir;
}

/**
 * The IR of `decls` with a group `G0`, `G1`… for each condition, an exclusion of claims for each
 * rule and a benefit `B0`, `B1`… (ratio 50 %) for each amount: a table of expressions lowered at once.
 */
export function irOfParts(decls: string, parts: { groups?: string[]; exclusions?: string[]; amounts?: string[] }): PlanIR {
  return irOfText(decls
    + (parts.groups ?? []).map((g, i) => `group G${i} = ${g}\n`).join('')
    + (parts.exclusions ?? []).map((x) => `exclude claim when ${x} because "x"\n`).join('')
    + (parts.amounts ?? []).map((a, i) => `benefit B${i} {\n  amount ${a}\n  ratio 50%\n}\n`).join(''));
}

export function codesOf(text: string, reader?: FileReader): string[] {
  return compile(text, 'test.yibao', reader).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

export const HEADER = 'plan "t" { valid 2016-01-01 to 2030-12-31 }\n';

export const member = (id = 'm1', extra: Record<string, unknown> = {}) => ({ id, birthDate: '1980-05-01', enrolledSince: '2015-01-01', ...extra });

let n = 0;
export const claim = (fields: Record<string, unknown>) => ({ id: `c${++n}`, member: 'm1', date: '2025-03-01', setting: 'inpatient', ...fields });

export function payouts(r: EvalResult): Record<string, string> {
  return Object.fromEntries(r.claims.map((c) => [c.id, c.payout]));
}

export function run(text: string, claims: Record<string, unknown>[], members = [member()]) {
  return evaluate(planOf(text), { members, claims });
}

/** The batch run folders of processes that have ended: what a run left behind (others may be running). */
export function leftRunFolders(): string[] {
  return readdirSync(tmpdir()).filter((n) => {
    const pid = Number(/^yibao-batch-(\d+)-/.exec(n)?.[1]);
    if (!pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
}

/** A plan file's name: not a test file, a chain or a fund plan (each read its own way). */
export const isPlanFileName = (f: string) => f.endsWith('.yibao') && !['.test.yibao', '.chain.yibao', '.fund.yibao', '.floors.yibao'].some((s) => f.endsWith(s));

/** Runs the CLI in this process: its exit code, standard output and standard error. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../engine/cli/main');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (x) => out.push(x), err: (x) => err.push(x) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A fresh temporary folder, and a function that writes a file in it and gives its path. */
export function tempFolder(prefix: string): { dir: string; file: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}
