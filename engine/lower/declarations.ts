// The plan's header, vocabularies and data: settings, flags, attributes, parameters, tables,
// catalogues and groups, with every file already read (the IR needs no file reader).
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import { BUILTIN_FLAGS, BUILTIN_SETTINGS } from '../../grammar/vocabulary';
import { KEY_SEP } from '../check/data';
import type { CheckedPlan } from '../ir/model';
import type { IrAttributeDecl, IrCatalogue, IrGroup, IrHeader, IrParam, IrRepr, IrTable, IrVocabularyEntry } from '../ir/plan';
import { defined, type LowerContext } from './context';
import { citation, irRange, irType } from './expr';
import { isoDay } from './static';

export function lowerHeader(plan: CheckedPlan): IrHeader {
  const h = plan.header;
  const span = (s: { from: number; to: number } | undefined) => s && { from: isoDay(s.from), to: isoDay(s.to) };
  return defined({
    name: h.name,
    source: h.source,
    region: h.region,
    valid: span(h.valid),
    sold: span(h.sold),
    year: h.year.kind === 'from' ? { kind: 'from', from: isoDay(h.year.from) } : { kind: h.year.kind },
    itemsComplete: h.itemsComplete ? (true as const) : undefined,
    rounding: { step: h.rounding.step, stepFen: h.rounding.stepFen, mode: h.rounding.mode },
    range: irRange(h.range),
  });
}

/** Built-in settings or flags first (as the checker lists them), then the plan's own. */
export function lowerVocabulary(entries: CheckedPlan['settings'], builtins: typeof BUILTIN_SETTINGS | typeof BUILTIN_FLAGS): IrVocabularyEntry[] {
  const ids = new Set(builtins.map((b) => b.id));
  return [...entries.values()].map((v) => defined({ id: v.id, zh: v.zh, label: v.label, builtin: ids.has(v.id) }));
}

export const lowerSettings = (plan: CheckedPlan) => lowerVocabulary(plan.settings, BUILTIN_SETTINGS);
export const lowerFlags = (plan: CheckedPlan) => lowerVocabulary(plan.flags, BUILTIN_FLAGS);

export function lowerAttributes(plan: CheckedPlan, of: 'member' | 'claim'): IrAttributeDecl[] {
  return [...(of === 'claim' ? plan.claimAttributes : plan.attributes).values()].map((a) => {
    const t = a.type;
    // An attribute is declared enum, boolean, text, money, date or number.
    const type = (t.k === 'enum' ? 'enum' : t.k === 'bool' ? 'boolean' : t.k === 'string' ? 'text' : t.k) as IrAttributeDecl['type'];
    return defined({ name: a.name, type, values: t.k === 'enum' ? [...t.values] : undefined, range: irRange(a.range) });
  });
}

export function lowerParams(cx: LowerContext): IrParam[] {
  return [...cx.plan.params.values()].map((p) => {
    const native = cx.exact.param(p.name);
    const type = irType(p.type);
    return defined({
      name: p.name,
      type,
      exact: native ? ('int' as const) : ('decimal' as const),
      repr: native && ['fen', 'bp', 'int', 'day'].includes(native.kind) ? (native.kind as IrRepr) : undefined,
      steps: p.value.steps.map((s) =>
        defined({
          from: s.from === undefined ? undefined : isoDay(s.from),
          to: s.to === undefined ? undefined : isoDay(s.to),
          value: cx.expr.lower(s.value, type),
          range: irRange(s.range),
        }),
      ),
      range: irRange(p.range),
    });
  });
}

export function lowerTables(plan: CheckedPlan): IrTable[] {
  return [...plan.tables.values()].map((t) => {
    const valueType: IrTable['valueType'] = t.valueType.k === 'money' ? 'money' : t.valueType.k === 'ratio' ? 'ratio' : 'text';
    // Rows are whole fen and whole basis points (YB312, YB308) and bounded (YB311).
    const rows = [...t.rows].map(([key, value]) => {
      const row: IrTable['rows'][number] = { keys: key.split(KEY_SEP), value };
      if (valueType === 'money') row.fen = new Decimal(value).times(100).toNumber();
      else if (valueType === 'ratio') row.bp = new Decimal(value).times(10_000).toNumber();
      return row;
    });
    return { name: t.name, keys: [...t.keys], valueType, rows, range: irRange(t.range) };
  });
}

export function lowerCatalogues(plan: CheckedPlan): IrCatalogue[] {
  return [...plan.catalogues.values()].map((c) => ({
    name: c.name,
    versions: c.versions.steps.map((s) =>
      defined({
        from: s.from === undefined ? undefined : isoDay(s.from),
        to: s.to === undefined ? undefined : isoDay(s.to),
        codes: [...s.value],
        range: irRange(s.range),
      }),
    ),
    range: irRange(c.range),
  }));
}

export function lowerGroups(cx: LowerContext): IrGroup[] {
  return [...cx.plan.groups.values()].map((g) =>
    defined({
      name: g.name,
      label: g.label,
      listed: !g.condition,
      condition: g.condition && cx.expr.lower(g.condition),
      changesWithinYear: groupChangesWithinYear(cx.plan, g.name, new Set()),
      cites: citation(g.cites),
      range: irRange(g.range),
    }),
  );
}

/**
 * Whether a group's membership may change from one claim date to the next within a year: its
 * condition reads the member's age or days enrolled, a parameter or table (which may change by
 * date), items, or such a group. Conservative: the runtime caches tilts per member-year only when no group can.
 */
export function groupChangesWithinYear(plan: CheckedPlan, name: string, seen: Set<string>): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: a group looked at twice gives the same answer (the checker refuses cycles, YB115)
  if (seen.has(name)) return false;
  seen.add(name);
  const cond = plan.groups.get(name)!.condition;
  if (!cond) return false;
  let changes = false;
  const visit = (e: A.Expr): void => {
    // Stryker disable next-line ConditionalExpression: a shortcut; looking on finds nothing that undoes the answer
    if (changes) return;
    switch (e.kind) {
      case 'field': {
        const id = plan.info.fields.get(e);
        // A group of claims (it reads the claim) is worked out for each claim.
        if (id === 'age' || id === 'enrolledDays' || (e.target as A.RootExpr).root === 'claim') changes = true;
        return visit(e.target);
      }
      case 'ref': {
        const sym = plan.info.refs.get(e)!;
        if (sym.kind === 'param' || sym.kind === 'table') changes = true;
        else if (sym.kind === 'group' && groupChangesWithinYear(plan, sym.name, seen)) changes = true;
        return;
      }
      case 'index': visit(e.target); return e.keys.forEach(visit);
      case 'list': return e.elements.forEach(visit);
      case 'unary': return visit(e.operand);
      case 'binary': visit(e.left); return visit(e.right);
      case 'items': changes = true; return;
      case 'if': visit(e.cond); visit(e.then); return visit(e.else);
      case 'extremum': return e.args.forEach(visit);
      case 'fullYears': visit(e.from); return visit(e.to);
      // Stryker disable next-line ConditionalExpression: constants and roots read nothing that changes
      default: return;
    }
  };
  visit(cond);
  return changes;
}
