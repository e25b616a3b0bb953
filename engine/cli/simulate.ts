// yibao simulate PLAN [--reform PLAN2] (--members FILE --claims FILE | --synthetic N --seed S
// [--profile FILE]) [--json] [--html FILE] (spec/language.md §33). Exit codes: 0 done; 2 a plan has
// errors, the population's options or files are wrong, or the report cannot be written.
import { readFileSync } from 'node:fs';
import { dayOf } from '../core/dates';
import Ajv2020 from 'ajv/dist/2020.js';
import { DEFAULT_PROFILE, Population, type Profile } from '../analysis/population';
import { simulate, type Chunk, type Settled } from '../analysis/simulate';
import { withoutTilt } from '../analysis/diff';
import { compilePlan } from '../compile/plan';
import type { PlanDocument } from '../document';
import type { Lang } from '../ir/diagnostics';
import type { SimulationReport } from '../ir/simulation';
import { profileSchema } from '../request/simulation-schemas';
import { htmlPage, writeReport } from './html-report';
import type { Io } from './input';
import { simulationSections, simulationText } from './simulate-report';

export interface SimulateOptions { reform?: string; without?: string; members?: string; claims?: string; synthetic?: string; seed?: string; profile?: string; json: boolean; html?: string }

const CHUNK = 2_000;

export function cmdSimulate(path: string, o: SimulateOptions, lang: Lang, io: Io, load: (p: string) => PlanDocument | undefined): number {
  const zh = lang === 'zh';
  const fail = (en: string, cn: string) => (io.err(`yibao: ${zh ? cn : en}`), 2);
  const settled = (p: string): Settled | undefined => {
    const d = load(p);
    return d?.lowered?.ir && d.compiled ? { plan: d.lowered.ir, compiled: d.compiled } : undefined;
  };
  const base = settled(path);
  if (!base) return 2;
  if (o.reform !== undefined && o.without !== undefined) return fail('give --reform PLAN2 or --without TILT, not both', '--reform 与 --without 只能给一个');
  let reform = o.reform !== undefined ? settled(o.reform) : undefined;
  if (o.reform !== undefined && !reform) return 2;
  if (o.without !== undefined) {
    // The reform: the plan without one of its tilts (spec §31), compiled from its IR.
    const plan = withoutTilt(base.plan, o.without);
    if (!plan) return fail(`the plan has no tilt "${o.without}"`, `方案中没有倾斜“${o.without}”`);
    reform = { plan: { ...plan, header: { ...plan.header, name: `${plan.header.name} − ${o.without}` } }, compiled: compilePlan(plan) };
  }
  const fromFiles = o.members !== undefined || o.claims !== undefined;
  if (fromFiles === (o.synthetic !== undefined) || (fromFiles && (o.members === undefined || o.claims === undefined))) {
    return fail('simulate needs --members FILE --claims FILE, or --synthetic N --seed S', 'simulate 需要 --members 文件 --claims 文件，或 --synthetic 人数 --seed 种子');
  }
  let chunks: Iterable<Chunk>;
  let total: number;
  let population: SimulationReport['population'];
  let profileYear = 0;
  if (fromFiles) {
    const read = readPopulation(o.members!, o.claims!);
    if ('error' in read) return fail(read.error.en, read.error.zh);
    chunks = read.chunks;
    total = read.claims;
    population = { files: { members: o.members!, claims: o.claims! } };
  } else {
    const n = Number(o.synthetic);
    const seed = Number(o.seed ?? NaN);
    if (!Number.isInteger(n) || n < 1 || n > 50_000_000) return fail(`--synthetic takes a number of members from 1 to 50,000,000, not "${o.synthetic}"`, `--synthetic 应为 1 至 50,000,000 的参保人数，而不是“${o.synthetic}”`);
    if (!Number.isInteger(seed)) return fail('--synthetic needs --seed S, a whole number, so that the population can be drawn again', '--synthetic 需要整数 --seed，以便再次生成同一人群');
    const profile = o.profile !== undefined ? readProfile(o.profile) : DEFAULT_PROFILE;
    if ('error' in profile) return fail(profile.error.en, profile.error.zh);
    const pop = new Population(base.plan, profile, seed);
    profileYear = pop.year;
    chunks = synthetic(pop, n);
    total = Math.round(n * Object.values(profile.settings).reduce((s, x) => s + x.frequency, 0));
    population = { synthetic: { members: n, seed, profile: o.profile ?? 'default', illustrative: profile.illustrative } };
  }
  const bar = progressBar(total, lang);
  // Groups by condition are taken on the first day of the year simulated (synthetic) or of the plan.
  const first = o.synthetic !== undefined ? dayOf(profileYear, 1, 1) : base.compiled.header.valid?.from;
  const report = { ...simulate(base, reform, chunks, { progress: bar, groupDay: first }), population };
  if (bar) process.stderr.write('\n');
  if (o.html !== undefined) {
    const title = zh ? `模拟：${report.base.plan}${report.reform ? ` → ${report.reform.plan}` : ''}` : `Simulation: ${report.base.plan}${report.reform ? ` → ${report.reform.plan}` : ''}`;
    const inputs = [path, o.reform, o.members, o.claims, o.profile].filter((x): x is string => x !== undefined);
    const code = writeReport(o.html, htmlPage(title, lang, simulationSections(report, lang)), inputs, io);
    if (code !== 0) return code;
  }
  io.out(o.json ? JSON.stringify(report, null, 2) : simulationText(report, lang));
  return 0;
}

function* synthetic(p: Population, n: number): Iterable<Chunk> {
  for (let first = 1; first <= n; first += CHUNK) yield p.next(first, Math.min(CHUNK, n - first + 1));
}

type Rec = Record<string, unknown>;

/** JSON Lines files of members and claims, the claims grouped by member and dealt in chunks of members. */
function readPopulation(membersPath: string, claimsPath: string): { chunks: Chunk[]; claims: number } | { error: { en: string; zh: string } } {
  const lines = (p: string): Rec[] | { error: { en: string; zh: string } } => {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      return { error: { en: `cannot read ${p}: ${(e as Error).message}`, zh: `无法读取 ${p}` } };
    }
    const out: Rec[] = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        out.push(v as Rec);
      } catch {
        return { error: { en: `${p}:${i + 1}: not a JSON object`, zh: `${p}:${i + 1}：不是 JSON 对象` } };
      }
    }
    return out;
  };
  const members = lines(membersPath);
  if ('error' in members) return members;
  const claims = lines(claimsPath);
  if ('error' in claims) return claims;
  const byMember = new Map<unknown, Rec[]>();
  for (const c of claims) {
    const list = byMember.get(c.member);
    if (list) list.push(c);
    else byMember.set(c.member, [c]);
  }
  const chunks: Chunk[] = [];
  for (let i = 0; i < members.length; i += CHUNK) {
    const ms = members.slice(i, i + CHUNK);
    chunks.push({ members: ms, claims: ms.flatMap((m) => byMember.get(m.id) ?? []) });
  }
  // Claims of members not in the members file stay in: the engine rejects them with their reason.
  const known = new Set(members.map((m) => m.id));
  const strays = claims.filter((c) => !known.has(c.member));
  if (strays.length) chunks.push({ members: [], claims: strays });
  return { chunks, claims: claims.length };
}

function readProfile(path: string): Profile | { error: { en: string; zh: string } } {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { error: { en: `cannot read the profile ${path}: ${(e as Error).message}`, zh: `无法读取人群参数文件 ${path}` } };
  }
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(profileSchema);
  if (!validate(v)) {
    const e = validate.errors?.[0];
    return { error: { en: `the profile ${path} does not fit spec/schemas/simulation-profile.schema.json: ${e?.instancePath || '/'} ${e?.message ?? ''}`, zh: `人群参数文件 ${path} 不符合 spec/schemas/simulation-profile.schema.json：${e?.instancePath || '/'} ${e?.message ?? ''}` } };
  }
  return v as unknown as Profile;
}

/** A progress bar on standard error when it is a terminal: long runs say how far they are. */
function progressBar(total: number, lang: Lang): ((done: number) => void) | undefined {
  if (!process.stderr.isTTY || total < 200_000) return undefined;
  let shown = -1;
  return (done) => {
    const pct = Math.min(100, Math.floor((100 * done) / total));
    if (pct === shown) return;
    shown = pct;
    const bar = '█'.repeat(Math.floor(pct / 4)).padEnd(25, '·');
    process.stderr.write(`\r${lang === 'zh' ? '模拟' : 'simulating'} ${bar} ${pct}% (${done.toLocaleString('en-US')})`);
  };
}
