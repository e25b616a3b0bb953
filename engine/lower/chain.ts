// A checked chain → its IR (ir/chain.ts): plain data with source ranges, no syntax tree left.
import type { CheckedChain } from '../check/chain';
import { CHAIN_IR_VERSION, type ChainIR } from '../ir/chain';
import { defined } from './context';
import { citation, irRange } from './expr';

export function lowerChain(c: CheckedChain): ChainIR {
  return defined({
    version: CHAIN_IR_VERSION,
    name: c.decl.name,
    bill: c.decl.bill.map((p) => p.text),
    layers: c.layers.map((l) => defined({
      name: l.decl.name.text,
      plan: l.decl.plan.path,
      inputs: l.inputs.map((i) => ({ label: i.input.field.text, field: i.field, value: i.value, range: irRange(i.input.range) })),
      range: irRange(l.decl.range),
      cites: citation(l.decl.cites),
    })),
    range: irRange(c.decl.range),
    cites: citation(c.decl.cites),
  });
}
