// Hover text for a parameter: each date step as written, and its value resolved by the compiled
// plan when the value does not depend on a member or claim.
import type Decimal from 'decimal.js';
import type * as A from '../../../grammar/ast';
import type { CheckedPlan } from '../../../engine/ir/model';
import type { CompiledPlan } from '../../../engine/index';
import type { Env } from '../../../engine/ir/env';
import { dayOf as civilDay } from '../../../engine/core/dates';

const code = (s: string) => '`' + s.replace(/`/g, "'").replace(/\s+/g, ' ') + '`';

function show(v: unknown, kind: string | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && v !== null && 'toFixed' in v) {
    const d = v as Decimal;
    if (kind === 'ratio') return `${d.mul(100).toString()}%`;
    if (kind === 'money') return `${d.toFixed(2)} 元`;
    if (kind === 'points') return `${d.toString()} 个百分点`;
    return d.toString();
  }
  return String(v);
}

/** A member and claim that exist only so constant expressions can be evaluated. */
function probeEnv(day: number): Env {
  const year = new Date(day * 86_400_000).getUTCFullYear();
  return {
    member: { id: 'probe', index: 0, birthDay: day - 365 * 40, enrolledDay: day - 365, groups: new Set(), attributes: new Map() },
    day,
    year,
    yearStart: civilDay(year, 1, 1),
  };
}

const dayOf = (iso?: string) => (iso ? Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000) : undefined);

export function paramHover(decl: A.ParamDecl, text: string, checked?: CheckedPlan, compiled?: CompiledPlan): string[] {
  const kind = checked?.params.get(decl.name.text)?.type.k;
  const steps = compiled?.params.get(decl.name.text)?.steps;
  const written = decl.value.kind === 'constant' ? [{ from: undefined, to: undefined, value: decl.value.value }] : decl.value.steps;
  const lines: string[] = [];
  if (kind) lines.push(`类型 / type: ${kind}`);
  written.forEach((s, i) => {
    const src = text.slice(s.value.range.start.offset, s.value.range.end.offset);
    const when = s.from ? `自 ${s.from}${s.to ? ` 至 ${s.to}` : ' 起'}` : '始终 / always';
    let value: string | undefined;
    const fn = steps?.[i]?.value;
    if (fn) {
      const day = dayOf(s.from) ?? compiled?.header.valid?.from ?? dayOf('2025-01-01')!;
      try {
        value = show(fn(probeEnv(day)), kind);
      } catch {
        value = undefined; // depends on a claim or member fact: shown as written only
      }
    }
    lines.push(`- ${when}: ${code(src)}${value && value !== src ? ` = **${value}**` : ''}`);
  });
  return lines;
}
