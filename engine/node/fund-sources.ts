// Figures of a fund plan's data worked out from files (spec §28.2): a year's premiums from a plan's
// premium schedule over a members file (what `yibao premium` gives), a year's payouts from the
// results of a batch run (`yibao eval` or `yibao settle` in batch). Files are read relative to the
// data file, and only inside its folder (or --data-root), as a plan's data files are. Each figure
// worked out is noted with where it came from; one that cannot be is an error naming the entity,
// the year and the figure, and its entity is then not computed.
import { dirname, join } from 'node:path';
import { formatFen, parseFen } from '../core/money';
import { PlanDocument } from '../document';
import type { CompiledPlan } from '../compile/plan';
import { messageIn, requestError, type MessageKind, type RequestArgs, type RequestError } from '../ir/request-errors';
import type { FundIR, FundSourceNote } from '../ir/fund';
import { runFund, type FundReport } from '../runtime/fund';
import { yearText } from '../runtime/fund-data';
import { premiums } from '../runtime/premium';
import { planOpener, readerFor } from './files';
import { isObject } from '../core/json';

interface ResolvedFundData {
  /** The data with each source replaced by the figure worked out (a source that failed is left as it was). */
  data: unknown;
  sources: FundSourceNote[];
  errors: RequestError[];
}

const isSource = (v: unknown): v is Record<string, unknown> => isObject(v) && ('premiums' in v || 'payouts' in v);

type Where = { path: string; entity: string; year: number; field: string };
class SourceError extends Error {
  constructor(readonly kind: MessageKind<'YR026'>, readonly args: RequestArgs = {}) {
    super(kind);
  }
}

/** Works out every source in the data; the data itself is not changed. */
function resolveFundSources(data: unknown, dataPath: string, dataRoot?: string): ResolvedFundData {
  const out: ResolvedFundData = { data, sources: [], errors: [] };
  if (!isObject(data) || !Array.isArray(data.entities)) return out;
  const files = new SourceFiles(dataPath, dataRoot);
  const entities = data.entities.map((e, i) => {
    if (!isObject(e) || !Array.isArray(e.years)) return e;
    const years = e.years.map((y, j) => {
      if (!isObject(y) || !Object.values(y).some(isSource)) return y;
      const copy: Record<string, unknown> = { ...y };
      for (const [field, v] of Object.entries(y)) {
        if (!isSource(v)) continue;
        const where: Where = { path: `/entities/${i}/years/${j}/${field}`, entity: String(e.name), year: Number(y.year), field };
        try {
          const note = files.figure(where, v);
          copy[field] = note.value;
          out.sources.push(note);
        } catch (x) {
          if (!(x instanceof SourceError)) throw x;
          out.errors.push(requestError({ path: where.path }, 'YR026', x.kind, { entity: where.entity, ...yearText(where.year), field, ...x.args }));
        }
      }
      return copy;
    });
    return { ...e, years };
  });
  out.data = { ...data, entities };
  return out;
}

/** The files sources name, each read and worked out once. */
class SourceFiles {
  private readonly read: ReturnType<typeof readerFor>;
  private readonly openPlan: ReturnType<typeof planOpener>;
  private readonly plans = new Map<string, CompiledPlan | undefined>();
  private readonly texts = new Map<string, string | undefined>();
  /** Each file's records, once read: a members file priced for several years is parsed once. */
  private readonly records = new Map<string, Line[]>();

  constructor(private readonly dataPath: string, dataRoot: string | undefined) {
    this.read = readerFor(dataPath, dataRoot);
    this.openPlan = planOpener(dataPath, dataRoot);
  }

  figure(where: Where, v: Record<string, unknown>): FundSourceNote {
    const keys = Object.keys(v);
    const base = { path: where.path, entity: where.entity, year: where.year, figure: where.field };
    if (typeof v.premiums === 'string' && typeof v.members === 'string' && keys.length === 2) {
      const { fen, records } = this.premiums(v.premiums, v.members, where.year);
      return { ...base, from: 'premiums', file: v.members, plan: v.premiums, records, value: formatFen(fen) };
    }
    const allowed = ['payouts', 'layer', 'benefit'];
    const optional = (k: string) => v[k] === undefined || typeof v[k] === 'string';
    if (typeof v.payouts === 'string' && keys.every((k) => allowed.includes(k)) && optional('layer') && optional('benefit')) {
      const pick = { layer: v.layer as string | undefined, benefit: v.benefit as string | undefined };
      const { fen, records } = this.payouts(v.payouts, pick, where.year);
      return { ...base, from: 'payouts', file: v.payouts, ...(pick.layer !== undefined ? { layer: pick.layer } : {}), ...(pick.benefit !== undefined ? { benefit: pick.benefit } : {}), records, value: formatFen(fen) };
    }
    throw new SourceError('badSource');
  }

  private text(file: string): string {
    if (!this.texts.has(file)) {
      const t = this.read(file);
      this.texts.set(file, typeof t === 'string' ? t : undefined);
    }
    const t = this.texts.get(file);
    if (t === undefined) throw new SourceError('unreadable', { file });
    return t;
  }

  private plan(file: string): CompiledPlan {
    if (!this.plans.has(file)) {
      // Opened as a chain opens its layers' plans: each reads its own data files from its own folder.
      const opened = this.openPlan(file);
      if ('unreadable' in opened) throw new SourceError('unreadable', { file });
      this.plans.set(file, new PlanDocument(opened.text, join(dirname(this.dataPath), file), opened.reader).compiled);
    }
    const plan = this.plans.get(file);
    if (!plan) throw new SourceError('planErrors', { file });
    return plan;
  }

  private recordsOf(file: string, bad: Bad): Line[] {
    let list = this.records.get(file);
    if (!list) this.records.set(file, (list = recordsOf(this.text(file), file, bad)));
    return list;
  }

  /** The premiums of every member of the file for the benefit year, as `yibao premium` gives them. */
  private premiums(planFile: string, membersFile: string, year: number): { fen: number; records: number } {
    const plan = this.plan(planFile);
    const records = this.recordsOf(membersFile, (line, reason, reasonZh) => {
      throw new SourceError('premiumErrors', { file: membersFile, count: 1, first: `line ${line} ${reason}`, firstZh: `第 ${line} 行${reasonZh}` });
    });
    const r = premiums(plan, { members: records.map((x) => x.value), year });
    if (r.errors.length) {
      const e = r.errors[0]!;
      // The member's place in the file: its line (JSON Lines), or its place in the request.
      const m = /^\/members\/(\d+)/.exec(e.path);
      const line = m && membersFile.toLowerCase().endsWith('.json') ? undefined : m ? records[Number(m[1])]?.line : undefined;
      const at = line === undefined ? { en: e.path, zh: e.path } : { en: `line ${line}`, zh: `第 ${line} 行` };
      throw new SourceError('premiumErrors', { file: membersFile, count: r.errors.length, first: `${at.en}: ${messageIn(e.message, 'en')}`, firstZh: `${at.zh}：${messageIn(e.message, 'zh')}` });
    }
    return { fen: r.members.reduce((s, m) => s + parseFen(m.premium)!, 0), records: r.members.length };
  }

  /** The payouts of the result lines dated in the year: a claim's, a layer's of a bill, or a benefit's. */
  private payouts(file: string, pick: { layer?: string; benefit?: string }, year: number): { fen: number; records: number } {
    let fen = 0;
    let records = 0;
    const bad = (line: number, reason: string, reasonZh: string): never => {
      throw new SourceError('badLine', { file, line, reason, reasonZh });
    };
    for (const { line, value } of this.recordsOf(file, bad)) {
      if (typeof value.date !== 'string') bad(line, 'has no date', '没有日期');
      if (!(value.date as string).startsWith(`${year}-`)) continue;
      const amount = payoutOf(value, pick);
      if (isObject(amount)) bad(line, String(amount.reason), String(amount.reasonZh));
      const f = parseFen(amount);
      if (f === undefined) bad(line, 'has no payout in yuan', '没有以元计的支付金额');
      fen += f!;
      records++;
    }
    return { fen, records };
  }
}

type Why = { reason: string; reasonZh: string };

/** The payout a result line gives for the layer and benefit asked for, or why it gives none. */
function payoutOf(line: Record<string, unknown>, pick: { layer?: string; benefit?: string }): unknown {
  let from: Record<string, unknown> = line;
  if (Array.isArray(line.layers)) {
    if (pick.layer === undefined) return { reason: 'is a bill through a chain: name its "layer"', reasonZh: '是结算链的账单：请给出 "layer"' } satisfies Why;
    const l = line.layers.find((x) => isObject(x) && x.layer === pick.layer);
    if (!isObject(l)) return { reason: `has no layer "${pick.layer}"`, reasonZh: `没有保障层“${pick.layer}”` } satisfies Why;
    from = l;
  } else if (pick.layer !== undefined) return { reason: `is not a bill through a chain, so it has no layer "${pick.layer}"`, reasonZh: `不是结算链的账单，没有保障层“${pick.layer}”` } satisfies Why;
  if (pick.benefit === undefined) return from.payout;
  const b = Array.isArray(from.benefits) ? from.benefits.find((x) => isObject(x) && x.name === pick.benefit) : undefined;
  if (!isObject(b)) return { reason: `has no benefit "${pick.benefit}"`, reasonZh: `没有保障责任“${pick.benefit}”` } satisfies Why;
  return b.payout;
}

type Line = { line: number; value: Record<string, unknown> };
type Bad = (line: number, reason: string, reasonZh: string) => never;

/** The records of a JSON Lines file, or of a JSON file holding `{ "members": [...] }` (a request). */
function recordsOf(text: string, file: string, bad: Bad): Line[] {
  if (file.toLowerCase().endsWith('.json')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      return bad(1, `is not valid JSON (${(e as Error).message})`, '不是有效的 JSON');
    }
    if (!isObject(v) || !Array.isArray(v.members) || !v.members.every(isObject)) return bad(1, 'is not a request with "members"', '不是含 "members" 的请求');
    return (v.members as Record<string, unknown>[]).map((value) => ({ line: 1, value }));
  }
  const out: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.trim();
    if (!t) return;
    let v: unknown;
    try {
      v = JSON.parse(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);
    } catch {
      bad(i + 1, 'is not valid JSON', '不是有效的 JSON');
    }
    if (!isObject(v)) bad(i + 1, 'is not a JSON object', '不是 JSON 对象');
    out.push({ line: i + 1, value: v as Record<string, unknown> });
  });
  return out;
}

/**
 * A fund plan over data that may name sources: the sources worked out first, then the plan. A
 * figure whose source failed is reported as that failure, not also as a figure of the wrong form.
 */
export function runFundWithSources(ir: FundIR, data: unknown, dataPath: string, dataRoot?: string): FundReport {
  const resolved = resolveFundSources(data, dataPath, dataRoot);
  const result = runFund(ir, resolved.data);
  const failed = new Set(resolved.errors.map((e) => e.path));
  result.errors = [...resolved.errors, ...result.errors.filter((e) => !failed.has(e.path))];
  if (resolved.sources.length) result.sources = resolved.sources;
  return result;
}
