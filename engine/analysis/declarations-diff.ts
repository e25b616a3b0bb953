// What changed in a plan's declarations (spec/language.md §31): between two plans, each declaration
// added, removed or changed, compared as IR without its source places; for one plan on two dates,
// each parameter or catalogue whose step in force differs.
import { inForce } from '../core/dates';
import type { DeclarationChange } from '../ir/diff';
import type { IrRange, PlanIR } from '../ir/plan';

interface Named { kind: string; name: string; value: unknown; range: IrRange }

/** Every declaration of a plan under a stable name, in a form that ignores where it was written. */
function declarations(p: PlanIR): Named[] {
  const of = (kind: string, list: readonly { name: string; range: IrRange }[]) => list.map((d) => ({ kind, name: d.name, value: d, range: d.range }));
  return [
    { kind: 'header', name: p.header.name, value: { ...p.header, name: undefined }, range: p.header.range },
    ...of('attribute', p.attributes), ...of('claim attribute', p.claimAttributes),
    ...of('parameter', p.params), ...of('table', p.tables), ...of('catalogue', p.catalogues), ...of('group', p.groups),
    ...of('shared deductible', p.sharedDeductibles), ...of('shared cap', p.sharedCaps),
    ...of('benefit', p.benefits), ...of('tilt', p.tilts),
    ...p.combines.map((c) => ({ kind: 'combine', name: c.tilts.join(', '), value: c, range: c.range })),
    ...p.exclusions.map((e) => ({ kind: 'exclusion', name: e.reason, value: e, range: e.range })),
    ...(p.waiting ? [{ kind: 'waiting period', name: p.waiting.reason, value: p.waiting, range: p.waiting.range }] : []),
    ...(p.deadline ? [{ kind: 'payout deadline', name: `${p.deadline.workingDays}`, value: p.deadline, range: p.deadline.range }] : []),
    ...(p.premium ? [{ kind: 'premium', name: 'premium', value: p.premium, range: p.premium.range }] : []),
  ];
}

/**
 * JSON of a declaration as written: without its source places and citations, and without the values
 * lowering worked out from other declarations (a slot's `byDate` from a parameter's steps), so that
 * a changed parameter is one change, not one more for every benefit that reads it.
 */
const IGNORED = new Set(['range', 'valueRange', 'cites', 'clauseCites', 'byDate', 'fen', 'bp']);
const shape = (v: unknown) => JSON.stringify(v, (k, x) => (IGNORED.has(k) ? undefined : x));

export function declarationChanges(a: PlanIR, b: PlanIR): DeclarationChange[] {
  const key = (d: Named) => `${d.kind}\u0000${d.name}`;
  const olds = new Map(declarations(a).map((d) => [key(d), d]));
  const news = new Map(declarations(b).map((d) => [key(d), d]));
  const out: DeclarationChange[] = [];
  for (const [k, o] of olds) {
    const n = news.get(k);
    if (!n) out.push({ kind: o.kind, name: o.name, change: 'removed', oldLine: o.range.start.line });
    else if (shape(o.value) !== shape(n.value)) out.push({ kind: o.kind, name: o.name, change: 'changed', oldLine: o.range.start.line, newLine: n.range.start.line });
  }
  for (const [k, n] of news) if (!olds.has(k)) out.push({ kind: n.kind, name: n.name, change: 'added', newLine: n.range.start.line });
  return out;
}

/** One plan on two dates: the parameters and catalogues whose step or version in force differs. */
export function datedChanges(p: PlanIR, d1: string, d2: string): DeclarationChange[] {
  const out: DeclarationChange[] = [];
  const check = (kind: string, name: string, steps: readonly { from?: string; to?: string; range: IrRange }[]) => {
    const s1 = [...steps].reverse().find((s) => inForce(s, d1));
    const s2 = [...steps].reverse().find((s) => inForce(s, d2));
    if (s1 !== s2) out.push({ kind, name, change: 'changed', ...(s1 ? { oldLine: s1.range.start.line } : {}), ...(s2 ? { newLine: s2.range.start.line } : {}) });
  };
  for (const x of p.params) check('parameter', x.name, x.steps);
  for (const c of p.catalogues) check('catalogue', c.name, c.versions);
  return out;
}
