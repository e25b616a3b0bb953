// The trace of every claim of every good conformance case, step by step as the engine records it
// (both halves of each rule's name, its inputs, its output, its citation and the line it points at), with the
// claim's exclusions and its benefit lines: a change to what an explanation says shows as a diff.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compile, evaluate } from '../../engine/index';
import { isOwnKindCase } from '../../engine/testing/conformance';
import { abs } from './cli';

const GOOD = 'spec/conformance/good';

function render(name: string, text: string, file: string, request: unknown): string {
  const r = compile(text, `${name}.yibao`, (p) => readFileSync(join(dirname(file), p), 'utf8'));
  if (!r.plan) return `plan does not compile: ${r.diagnostics.map((d) => d.code).join(', ')}\n`;
  const result = evaluate(r.plan, request);
  const out: string[] = [];
  for (const c of result.claims) {
    out.push(`claim ${c.id} (member ${c.member}, ${c.date}): ${c.payout}`);
    for (const b of c.benefits) out.push(`  benefit ${b.name}${b.label ? ` "${b.label}"` : ''}: eligible ${b.eligible}, deductible ${b.deductible}, payout ${b.payout}`);
    for (const x of c.excluded) out.push(`  excluded ${x.item ?? 'claim'} ${x.amount}: ${x.reason}`);
    c.trace.forEach((t, i) => {
      const inputs = t.inputs ? ` [${Object.entries(t.inputs).map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
      const at = t.range ? ` @${t.range.start.line}:${t.range.start.column}` : '';
      const cites = t.cites ? ` per ${t.cites}` : '';
      out.push(`  ${i + 1}. ${t.rule}${inputs} → ${t.output}${cites}${at}`);
    });
  }
  for (const y of result.members) out.push(`member ${y.id} ${y.year}: ${y.payout} (${y.benefits.map((b) => `${b.name} ${b.eligible}/${b.deductible}/${b.payout}`).join(', ')})`);
  for (const e of result.errors) out.push(`error ${e.code} ${e.path}: ${e.message}`);
  return out.join('\n') + '\n';
}

/** The good cases, each with the path of its golden file. */
export function traceCases(): { name: string; path: string }[] {
  // Chain cases settle bills, not claims: their results are held by the conformance suite itself.
  const settles = (n: string) => !isOwnKindCase(n) && (JSON.parse(readFileSync(abs(`${GOOD}/${n}`), 'utf8')) as { request?: unknown }).request !== undefined;
  // Payout-deadline cases judge dates and analysis cases prove things of the plan: no request, no traces.
  const cases = readdirSync(abs(GOOD)).filter((n) => n.endsWith('.case.json') && settles(n)).map((n) => n.slice(0, -'.case.json'.length)).sort();
  return cases.map((name) => ({ name, path: `test/golden/traces/${name}.txt` }));
}

/** One case's traces as the engine gives them now. */
export function traceText(name: string): string {
  const file = abs(`${GOOD}/${name}.yibao`);
  const request = (JSON.parse(readFileSync(abs(`${GOOD}/${name}.case.json`), 'utf8')) as { request: unknown }).request;
  return render(name, readFileSync(file, 'utf8'), file, request);
}

