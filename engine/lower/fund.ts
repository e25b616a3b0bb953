// A checked fund plan → its IR (ir/fund.ts): plain data with source ranges, no syntax tree left.
import type { CheckedFund } from '../check/fund';
import { FUND_IR_VERSION, type FundIR } from '../ir/fund';
import { defined } from './context';
import { citation, irRange } from './expr';

export function lowerFund(f: CheckedFund): FundIR {
  const sourced = (n: { range: Parameters<typeof irRange>[0]; cites?: Parameters<typeof citation>[0] }) => defined({ range: irRange(n.range), cites: citation(n.cites) });
  return defined({
    version: FUND_IR_VERSION,
    name: f.decl.name,
    cycle: f.cycle,
    rounding: { step: f.rounding?.step ?? '0.01', mode: f.rounding?.mode ?? 'half-up' },
    inputs: f.inputs.map((i) => ({ name: i.name.text, type: i.type, ...sourced(i) })),
    shares: f.shares.map((s) => defined({ name: s.item.name.text, atMost: s.item.atMost ? Number(s.item.atMost.value) : undefined, fixed: s.fixed, ...sourced(s.item) })),
    values: f.values.map((v) => ({ name: v.item.name.text, type: v.type, value: v.value, cyclic: v.cyclic, ...sourced(v.item) })),
    requirements: f.requirements.map((r) => ({ text: r.item.text, condition: r.condition, cyclic: r.cyclic, ...sourced(r.item) })),
    allocations: f.allocations.map((a) => ({ value: a.value.text, shares: a.shares.text, ...sourced(a) })),
    range: irRange(f.decl.range),
    cites: citation(f.decl.cites),
  });
}
