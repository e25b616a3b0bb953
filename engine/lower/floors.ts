// Checked floors → their IR (ir/floors.ts): plain data with source ranges, no syntax tree left.
import type { CheckedFloors } from '../check/floors';
import { FLOORS_IR_VERSION, type FloorsIR } from '../ir/floors';
import { defined } from './context';
import { citation, irRange } from './expr';

export function lowerFloors(f: CheckedFloors, file: string): FloorsIR {
  return defined({
    version: FLOORS_IR_VERSION,
    file,
    name: f.decl.name,
    region: f.region,
    tables: f.tables.map((t) => ({ name: t.item.name.text, rows: t.rows, range: irRange(t.item.range) })),
    rules: f.rules.map((r) => defined({
      text: r.item.text,
      measure: r.measure,
      setting: r.setting,
      from: r.item.from?.date,
      to: r.item.to?.date,
      bound: r.bound,
      range: irRange(r.item.range),
      measureRange: irRange(r.item.measure.range),
      boundRange: irRange(r.item.bound.range),
      cites: citation(r.item.cites),
    })),
    range: irRange(f.decl.range),
    cites: citation(f.decl.cites),
  });
}
