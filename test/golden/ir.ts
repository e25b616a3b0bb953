// How each expression of every example and good conformance plan computes, as lowering decided:
// each node's kind, type and path (`int` with its unit — fen, basis points, days, a count — or
// `decimal`); each money or ratio place's value in fen or basis points, date step by date step,
// where it is known before any claim; attributes, parameters' steps and tables' rows as lowered.
// Both paths pay the same, so only this shows a change to the decision; the diff is read like any
// other golden file's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlan } from '../../engine/frontend';
import { lower } from '../../engine/lower/index';
import { readerFor } from '../../engine/node/files';
import { isPlanFileName } from '../helpers';
import { abs } from './cli';

const FOLDERS = ['examples', 'spec/conformance/good'];

interface Ranged { range: { start: { line: number; column: number; offset: number }; end: { offset: number } } }
const at = (r: Ranged['range']) => `${r.start.line}:${r.start.column}`;

/** One plan's marks as lowering gives them now. */
export function irMarkText(path: string): string {
  const text = readFileSync(abs(path), 'utf8');
  const checked = checkPlan(text, path, readerFor(abs(path)));
  if (!checked.plan) return `plan has errors: ${checked.diagnostics.map((d) => d.code).join(', ')}\n`;
  const ir = lower(checked.plan).ir;
  const out: string[] = [];
  const source = (r: Ranged['range']) => JSON.stringify(text.slice(r.start.offset, r.end.offset).replace(/\s+/g, ' ').slice(0, 48));
  const walk = (v: unknown, where: string): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}/${i}`));
    const o = v as Record<string, unknown>;
    if ((o.unit === 'fen' || o.unit === 'bp') && o.expr) {
      const known = o.fen ?? o.bp ?? (o.byDate as { from?: string; to?: string; fen?: number; bp?: number }[] | undefined)?.map((s) => `${s.from ?? ''}..${s.to ?? ''} ${s.fen ?? s.bp}`).join('; ');
      out.push(`${where} ${o.unit} ${known ?? 'per claim'}`);
    }
    if (typeof o.kind === 'string' && typeof o.exact === 'string' && o.range) {
      const path = o.exact === 'int' ? `int${o.repr ? `/${o.repr}` : ''}` : 'decimal';
      out.push(`  ${at(o.range as Ranged['range'])} ${o.kind} ${String(o.type)} ${path} ${source(o.range as Ranged['range'])}`);
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'range' && k !== 'tests') walk(x, `${where}/${k}`);
  };
  for (const [on, list] of [['member', ir.attributes], ['claim', ir.claimAttributes]] as const) {
    for (const a of list) out.push(`attribute ${on}.${a.name} ${a.type}${a.values ? ` ${a.values.join('|')}` : ''}`);
  }
  for (const p of ir.params) out.push(`param ${p.name} ${p.type} ${p.exact}${p.repr ? `/${p.repr}` : ''} ${p.steps.map((s) => `${s.from ?? ''}..${s.to ?? ''}`).join('; ')}`);
  for (const t of ir.tables) out.push(`table ${t.name} by ${t.keys.join(', ')} ${t.valueType}: ${t.rows.map((r) => `${r.keys.join('/')} ${r.fen ?? r.bp ?? JSON.stringify(r.value)}`).join('; ')}`);
  if (ir.waiting) out.push(`waiting ${ir.waiting.constant ?? 'per claim'} days`);
  walk(ir, '');
  return out.join('\n') + '\n';
}

/** Each plan with the path of its golden file. */
export function irMarkCases(): { path: string; plan: string }[] {
  return FOLDERS.flatMap((dir) =>
    readdirSync(abs(dir)).filter(isPlanFileName).sort().map((n) => ({ path: `test/golden/ir/${dir === 'examples' ? 'example-' : ''}${n.replace(/\.yibao$/, '.txt')}`, plan: join(dir, n) })),
  );
}

