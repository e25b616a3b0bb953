// The fuzz oracle: every input ends in a result or in diagnostics. No exception, no runaway time,
// every diagnostic's range inside the document (and its line/column agreeing with its offset),
// and the same diagnostics every time. A plan that compiles is also evaluated, priced and its
// tests run, and those must not throw either.
import { lex } from '../../grammar/lexer';
import { parse } from '../../grammar/index';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { compile, evaluate, formatDiagnostic, premiums, type CompiledPlan } from '../../engine/index';
import { runPlanTests } from '../../engine/testing/plan-tests';
import { readTestFile } from '../../engine/testing/test-file';
import { readerOf, type FuzzInput } from './seeds';

export type FailureKind = 'exception' | 'range' | 'nondeterministic' | 'slow' | 'result';

export interface Failure {
  kind: FailureKind;
  /** lex | parse | compile | format | evaluate | premiums | plan-tests | test-file */
  stage: string;
  message: string;
}

export interface OracleOptions {
  /** Milliseconds an input of ordinary size may take through every stage (plus 20 ms per KB). */
  slowMs?: number;
  /** Also evaluate, price and run the tests of plans that compile (default true). */
  evaluate?: boolean;
}

/** Line starts under the lexer's convention: \r\n, \r and \n each end a line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineOfOffset(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Why a range does not lie inside the document, or undefined when it does. */
export function rangeProblem(r: Range | undefined, text: string, starts = lineStarts(text)): string | undefined {
  if (!r || !r.start || !r.end) return 'missing range';
  const { start, end } = r;
  for (const [what, p] of [['start', start], ['end', end]] as const) {
    for (const k of ['offset', 'line', 'column'] as const) {
      if (!Number.isInteger(p[k])) return `${what}.${k} is ${p[k]}`;
    }
    if (p.offset < 0 || p.offset > text.length) return `${what}.offset ${p.offset} outside 0..${text.length}`;
    if (p.line < 1 || p.line > starts.length) return `${what}.line ${p.line} outside 1..${starts.length}`;
    const lineStart = starts[p.line - 1]!;
    const lineEnd = p.line < starts.length ? starts[p.line]! : text.length + 1;
    if (p.column < 1 || lineStart + p.column - 1 > lineEnd) return `${what}.column ${p.column} outside line ${p.line}`;
    // Line and column must name the same place as the offset (an editor uses one, a tool the other).
    const line = lineOfOffset(starts, p.offset);
    const column = p.offset - starts[line - 1]! + 1;
    if (line !== p.line || column !== p.column) return `${what} ${p.line}:${p.column} but offset ${p.offset} is ${line}:${column}`;
  }
  if (end.offset < start.offset) return `end ${end.offset} before start ${start.offset}`;
  return undefined;
}

const describeDiag = (d: Diagnostic) => `${d.code}@${d.range?.start?.line}:${d.range?.start?.column}`;

function diagnosticsProblem(ds: readonly Diagnostic[], text: string, file: string | undefined): string | undefined {
  const starts = lineStarts(text);
  for (const d of ds) {
    if (file !== undefined && d.file !== undefined && d.file !== file) continue; // another file's range
    const p = rangeProblem(d.range, text, starts);
    if (p) return `${describeDiag(d)} ${JSON.stringify(d.args).slice(0, 120)}: ${p}`;
    for (const rel of d.related ?? []) {
      if (rel.file !== undefined && rel.file !== file) continue;
      const q = rangeProblem(rel.range, text, starts);
      if (q) return `${describeDiag(d)} related "${rel.note}": ${q}`;
    }
  }
  return undefined;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(e);
}

const FILE = 'fuzz.yibao';

/** A small request that reaches every setting, flag, group, attribute and code the plan knows. */
export function probeRequest(plan: CompiledPlan, input: FuzzInput): unknown {
  const settings = [...new Set(plan.settings.values())];
  const flags = [...new Set(plan.flags.values())];
  const codes = new Set<string>();
  for (const m of input.text.matchAll(/"([^"\\\n]{1,40})"/g)) codes.add(m[1]!);
  for (const content of Object.values(input.files ?? {})) {
    for (const line of content.split('\n').slice(0, 50)) codes.add(line.split(',')[0]!.replace(/"/g, '').trim());
  }
  const codeList = [...codes].filter((c) => c.length > 0 && c.length <= 200).slice(0, 20);
  const attributes = (adult: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, a] of plan.attributes) {
      const t = a.type as { k: string; values?: string[] };
      if (t.k === 'enum') out[name] = adult ? t.values![0] : t.values![t.values!.length - 1];
      else if (t.k === 'bool') out[name] = adult;
      else if (t.k === 'number' || t.k === 'money') out[name] = adult ? 3 : '12.5';
      else if (t.k === 'date') out[name] = '2020-02-29';
      else out[name] = 'x';
    }
    return out;
  };
  const groups = [...plan.groups].filter(([, g]) => g.listed).map(([n]) => n).slice(0, 100);
  const from = plan.header.valid ? new Date(plan.header.valid.from * 86_400_000).toISOString().slice(0, 10) : '2025-03-01';
  const dates = [from, '2025-06-30', '2016-02-29', '2025-12-31', '2030-01-01'];
  const claims: unknown[] = [];
  let n = 0;
  for (const setting of settings.length ? settings : ['inpatient']) {
    for (const member of ['adult', 'child', 'plain']) {
      const i = n++;
      claims.push({
        id: `c${i}`,
        member,
        date: dates[i % dates.length],
        setting,
        inPolicySelfPay: i % 3 === 0 ? '12000.00' : String(1000 * (i % 7)),
        ...(i % 2 === 0 ? { outOfPolicySelfPay: '3000.50' } : {}),
        ...(i % 4 === 1 && flags.length ? { flags: [flags[i % flags.length]] } : {}),
        ...(i % 3 === 0 && codeList.length
          ? { outOfPolicySelfPay: undefined, items: codeList.slice(0, 5).map((code, j) => ({ code, amount: '2400.00', class: j % 2 ? 'in' : 'out', category: j % 2 ? 'drug' : 'tonic' })), inPolicySelfPay: undefined }
          : {}),
      });
      if (claims.length >= 40) break;
    }
  }
  return {
    members: [
      { id: 'adult', birthDate: '1970-02-28', enrolledSince: '2016-01-01', groups, attributes: attributes(true) },
      { id: 'child', birthDate: '2015-07-01', enrolledSince: '2024-12-01', attributes: attributes(false) },
      { id: 'plain', birthDate: '1960-01-01', enrolledSince: '2025-01-01' },
    ],
    claims: JSON.parse(JSON.stringify(claims)),
  };
}

let basePlan: CompiledPlan | undefined;
function planForTestFiles(): CompiledPlan {
  basePlan ??= compile('plan "base" { valid 2016-01-01 to 2030-12-31 }\nbenefit R1 { amount claim.inPolicySelfPay deductible 100 per year ratio 50% }\n', 'base.yibao').plan!;
  return basePlan;
}

/** Runs one input through every stage; returns the first problem found, or undefined. */
export function checkInput(input: FuzzInput, options: OracleOptions = {}): Failure | undefined {
  const text = input.text;
  const reader = readerOf(input);
  const slowMs = (options.slowMs ?? 5000) + text.length / 50; // 20 ms per KB on top: linear work passes, quadratic does not
  const started = performance.now();
  const tooSlow = (): Failure | undefined => {
    const ms = performance.now() - started;
    return ms > slowMs ? { kind: 'slow', stage, message: `${Math.round(ms)} ms for ${text.length} characters (budget ${Math.round(slowMs)} ms)` } : undefined;
  };
  let stage = 'lex';
  try {
    const lexed = lex(text);
    const p0 = diagnosticsProblem(lexed.diagnostics, text, undefined);
    if (p0) return { kind: 'range', stage, message: p0 };

    stage = 'parse';
    const parsed = parse(text);
    const p1 = diagnosticsProblem(parsed.diagnostics, text, undefined);
    if (p1) return { kind: 'range', stage, message: p1 };

    const s1 = tooSlow();
    if (s1) return s1; // a slow input is not run again and again

    stage = 'compile';
    const first = compile(text, FILE, reader);
    const s2 = tooSlow();
    if (s2) return s2;
    const p2 = diagnosticsProblem(first.diagnostics, text, FILE);
    if (p2) return { kind: 'range', stage, message: p2 };
    const again = compile(text, FILE, reader);
    const a = JSON.stringify(first.diagnostics);
    const b = JSON.stringify(again.diagnostics);
    if (a !== b) return { kind: 'nondeterministic', stage, message: `diagnostics differ between runs:\n${a.slice(0, 300)}\n${b.slice(0, 300)}` };
    if (Boolean(first.plan) !== Boolean(again.plan)) return { kind: 'nondeterministic', stage, message: 'plan compiled once but not twice' };
    const reparsed = JSON.stringify(parse(text).diagnostics);
    if (reparsed !== JSON.stringify(parsed.diagnostics)) return { kind: 'nondeterministic', stage: 'parse', message: 'parse diagnostics differ between runs' };
    if (first.plan && first.diagnostics.some((d) => d.severity === 'error')) return { kind: 'result', stage, message: 'a plan was produced despite errors' };
    if (!first.plan && !first.diagnostics.some((d) => d.severity === 'error')) return { kind: 'result', stage, message: 'no plan and no error explaining why' };

    stage = 'format';
    for (const d of first.diagnostics.slice(0, 50)) {
      formatDiagnostic(d, text, 'zh');
      formatDiagnostic(d, text, 'en');
    }

    stage = 'test-file';
    const tf = readTestFile(text, 'fuzz.test.yibao', planForTestFiles());
    const p3 = diagnosticsProblem(tf.diagnostics, text, 'fuzz.test.yibao');
    if (p3) return { kind: 'range', stage, message: p3 };

    if (first.plan && options.evaluate !== false) {
      const plan = first.plan;
      const request = probeRequest(plan, input);
      stage = 'evaluate';
      const r1 = evaluate(plan, request, { trace: true });
      const r2 = evaluate(again.plan!, request, { trace: true });
      const j1 = JSON.stringify(r1);
      if (j1 !== JSON.stringify(r2)) return { kind: 'nondeterministic', stage, message: 'the same request gave different results' };
      // Without traces (the batch path) the same payouts, errors and annual totals.
      const r3 = evaluate(plan, request, { trace: false });
      const bare = (r: typeof r1) => JSON.stringify({ ...r, claims: r.claims.map(({ trace: _t, ...c }) => c) });
      if (bare(r3) !== bare(r1)) return { kind: 'nondeterministic', stage, message: `results differ with and without traces:\n${bare(r1).slice(0, 300)}\n${bare(r3).slice(0, 300)}` };
      const claims = (request as { claims: unknown[] }).claims.length;
      const rejected = new Set(r1.errors.filter((e) => /^\/claims\/\d+/.test(e.path)).map((e) => e.path.split('/')[2]));
      if (r1.claims.length + rejected.size !== claims) return { kind: 'result', stage, message: `claims in ${claims} ≠ results ${r1.claims.length} + rejected ${rejected.size}` };
      for (const c of r1.claims) {
        if (!/^\d+\.\d{2}$/.test(c.payout)) return { kind: 'result', stage, message: `claim ${c.id} pays "${c.payout}"` };
        for (const b of c.benefits) if (b.payout.startsWith('-')) return { kind: 'result', stage, message: `claim ${c.id} benefit ${b.name} pays ${b.payout}` };
      }
      stage = 'premiums';
      premiums(plan, request);
      stage = 'plan-tests';
      runPlanTests(plan);
    }
  } catch (e) {
    return { kind: 'exception', stage, message: errorText(e) };
  }
  stage = 'all';
  return tooSlow();
}
