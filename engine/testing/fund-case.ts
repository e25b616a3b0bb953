// A fund case of the conformance suite (spec §28): a fund plan's diagnostics, or its data and, per
// entity and year, the values, requirements and allocation parts expected.
import { FundDocument } from '../fund-document';
import { runFundWithSources } from '../node/fund-sources';
import { compareDiagnostics, compareErrors, diagList, type ExpectedDiag } from './compare';

interface ExpectedYear {
  year: number;
  values?: Record<string, string | boolean>;
  requirements?: Record<string, boolean>;
  allocations?: Record<string, Record<string, string>>;
}
export interface FundCaseFile {
  diagnostics?: ExpectedDiag[];
  data?: unknown;
  expected?: { entities: { name: string; years: ExpectedYear[] }[]; errors?: { path: string; code?: string }[] };
}

export function runFundCase(name: string, text: string, c: FundCaseFile, fail: (m: string) => void): void {
  const doc = new FundDocument(text, name);
  if (c.diagnostics) return compareDiagnostics(c.diagnostics, doc.diagnostics, fail);
  if (!doc.ir) return fail(`fund plan has errors: ${diagList(doc.diagnostics)}`);
  // Sources in the data name files beside the case.
  const r = runFundWithSources(doc.ir, c.data, name);
  for (const e of c.expected?.entities ?? []) {
    const got = r.entities.find((x) => x.name === e.name);
    if (!got) {
      fail(`entity ${e.name}: no result (errors: ${r.errors.map((x) => `${x.path}:${x.code}`).join('; ')})`);
      continue;
    }
    for (const y of e.years) {
      const line = got.years.find((x) => x.year === y.year);
      if (!line) {
        fail(`entity ${e.name}: no year ${y.year}`);
        continue;
      }
      const at = `entity ${e.name}, ${y.year}`;
      for (const [k, v] of Object.entries(y.values ?? {})) if (line.values[k] !== v) fail(`${at}: ${k} expected ${v}, got ${line.values[k]}`);
      for (const [k, v] of Object.entries(y.requirements ?? {})) {
        const q = line.requirements.find((x) => x.text === k);
        if (q?.holds !== v) fail(`${at}: requirement "${k}" expected ${v ? 'met' : 'not met'}, got ${q ? (q.holds ? 'met' : 'not met') : 'no such requirement'}`);
      }
      for (const [value, parts] of Object.entries(y.allocations ?? {})) {
        const a = line.allocations.find((x) => x.value === value);
        const shown = Object.fromEntries((a?.parts ?? []).map((p) => [p.name, p.amount]));
        if (JSON.stringify(shown) !== JSON.stringify(parts)) fail(`${at}: allocation of ${value} expected ${JSON.stringify(parts)}, got ${JSON.stringify(shown)}`);
      }
    }
  }
  compareErrors(c.expected?.errors ?? [], r.errors, fail);
  if (r.entities.length + new Set(r.errors.map((e) => e.path.split('/').slice(0, 3).join('/'))).size < r.entityCount) fail('entities in > entities computed + entities with errors');
}
