// Checks a chain file (spec §26): one chain, its bill's parts, and for each layer the claim fields it
// is given. A layer's plan is checked on its own first (by the caller, so that nothing is checked
// twice); here only what the chain says of it: each input names a money field of that plan's
// claims, and is an amount made of the bill's parts, what the layers below paid, amounts, + and −,
// × a percentage, min and max.
import Decimal from 'decimal.js';
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { CLAIM_FIELDS } from '../../grammar/vocabulary';
import type { ChainExpr, LayerField } from '../ir/chain';
import { diag, messageOf } from '../ir/diagnostics';
import type { CheckedPlan } from '../ir/model';
import { closest } from './suggest';

/** A layer's plan as its own check left it: the plan, or its diagnostics when it has errors. */
export interface LayerPlan {
  plan?: CheckedPlan;
  diagnostics: Diagnostic[];
  /** The plan file could not be read (YB107, at the layer's file name). */
  unreadable?: { reason: string; reasonZh: string };
}

export interface CheckedInput { input: A.LayerInput; field: LayerField; value: ChainExpr }
export interface CheckedLayer { decl: A.LayerDecl; inputs: CheckedInput[] }
export interface CheckedChain { decl: A.ChainDecl; layers: CheckedLayer[] }

const STANDARD = CLAIM_FIELDS.filter((f) => f.type === 'money');

/** The chain of a parsed chain file, checked (ChainDocument keeps it only when no diagnostic is an error). */
export function checkChain(program: A.Program, plans: (path: string) => LayerPlan): { chain?: CheckedChain; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const chains = program.declarations.filter((d): d is A.ChainDecl => d.kind === 'chain');
  for (const d of program.declarations) if (d.kind !== 'chain' || d !== chains[0]) out.push(diag(d.kind === 'fund' ? 'YB970' : d.kind === 'floors' ? 'YB980' : 'YB962', d.range));
  const decl = chains[0];
  if (!decl) {
    if (!program.declarations.length) out.push(diag('YB968', program.range));
    return { diagnostics: out };
  }
  if (!decl.bill.length || !decl.layers.length) out.push(diag('YB968', decl.range));
  const parts = new Set<string>();
  for (const p of decl.bill) {
    if (parts.has(p.text)) out.push(diag('YB102', p.range, { name: p.text }));
    parts.add(p.text);
  }
  const layers: CheckedLayer[] = [];
  const below: string[] = [];
  for (const l of decl.layers) {
    if (below.includes(l.name.text) || parts.has(l.name.text)) out.push(diag('YB102', l.name.range, { name: l.name.text }));
    const layerPlan = plans(l.plan.path);
    if (layerPlan.unreadable) out.push(diag('YB107', l.plan.range, { path: l.plan.path, ...layerPlan.unreadable }));
    const errors = layerPlan.diagnostics.filter((d) => d.severity === 'error');
    if (!layerPlan.unreadable && (!layerPlan.plan || errors.length)) {
      const first = errors[0];
      const args = { layer: l.name.text, path: l.plan.path, count: errors.length, line: first?.range.start.line ?? 1 };
      out.push(diag('YB963', l.plan.range, { ...args, first: first ? messageOf(first, 'en') : '', firstZh: first ? messageOf(first, 'zh') : '' }));
    }
    const ex = new InputChecker(parts, below, l.name.text, out);
    const inputs: CheckedInput[] = [];
    const given = new Set<string>();
    for (const input of l.inputs) {
      const field = layerPlan.plan ? fieldOf(layerPlan.plan, l.name.text, input.field, out) : undefined;
      const value = ex.amount(input.value);
      if (field && given.has(field.name)) out.push(diag('YB969', input.field.range, { layer: l.name.text, field: input.field.text }));
      if (field) given.add(field.name);
      if (field && value) inputs.push({ input, field, value });
    }
    layers.push({ decl: l, inputs });
    below.push(l.name.text);
  }
  return { chain: { decl, layers }, diagnostics: out };
}

/** The claim field an input sets: a money field every claim has, or a money attribute the layer's plan declares. */
function fieldOf(plan: CheckedPlan, layer: string, name: A.Name, out: Diagnostic[]): LayerField | undefined {
  const std = STANDARD.find((f) => f.id === name.text || f.zh === name.text);
  if (std) return { kind: 'field', name: std.id as Extract<LayerField, { kind: 'field' }>['name'] };
  const attr = plan.claimAttributes.get(name.text);
  if (attr?.type.k === 'money') return { kind: 'attribute', name: attr.name };
  const money = [...plan.claimAttributes.values()].filter((a) => a.type.k === 'money').map((a) => a.name);
  out.push(diag('YB964', name.range, {
    layer, field: name.text,
    fields: [...STANDARD.map((f) => f.id), ...money].join(', '),
    fieldsZh: [...STANDARD.map((f) => f.zh), ...money].join('、'),
  }));
  return undefined;
}

/** Resolves a layer input's expression into a ChainExpr, reporting what it cannot be. */
class InputChecker {
  constructor(
    private readonly parts: ReadonlySet<string>,
    private readonly below: readonly string[],
    private readonly layer: string,
    private readonly out: Diagnostic[],
  ) {}

  amount(e: A.Expr): ChainExpr | undefined {
    switch (e.kind) {
      case 'money':
      case 'number': {
        const fen = new Decimal(e.value).times(100);
        if (fen.isInteger() && fen.lte(Number.MAX_SAFE_INTEGER)) return { kind: 'fen', fen: fen.toNumber() };
        break;
      }
      case 'field':
        if (e.target.kind === 'root' && e.target.root === 'bill') return this.part(e.field);
        if (e.target.kind === 'root' && e.target.root === 'paid') return this.paid(e.field);
        break;
      case 'binary':
        if (e.op === '+' || e.op === '-') {
          const left = this.amount(e.left);
          const right = this.amount(e.right);
          return left && right ? { kind: e.op === '+' ? 'add' : 'sub', left, right } : undefined;
        }
        if (e.op === '*') return this.scaled(e);
        break;
      case 'extremum': {
        const args = e.args.map((a) => this.amount(a));
        return args.every((a) => a !== undefined) ? { kind: e.fn, args: args as ChainExpr[] } : undefined;
      }
      default:
        break;
    }
    this.out.push(diag('YB967', e.range));
    return undefined;
  }

  /** amount × percentage, either way round. */
  private scaled(e: A.BinaryExpr): ChainExpr | undefined {
    const [pct, value] = e.left.kind === 'percent' ? [e.left, e.right] : [e.right, e.left];
    const bp = pct.kind === 'percent' ? new Decimal(pct.value).times(100) : undefined;
    if (!bp || !bp.isInteger()) {
      this.out.push(diag('YB967', e.range));
      return undefined;
    }
    const v = this.amount(value);
    return v && { kind: 'scale', value: v, bp: bp.toNumber() };
  }

  private part(name: A.Name): ChainExpr | undefined {
    if (this.parts.has(name.text)) return { kind: 'bill', part: name.text };
    // A chain without a bill has been told so once (YB968), not at every part it reads.
    if (!this.parts.size) return undefined;
    const hint = closest(name.text, [...this.parts]) ?? '';
    this.out.push(diag('YB966', name.range, { name: name.text, hint, example: hint ? '' : '甲类, 乙类, 丙类' }));
    return undefined;
  }

  private paid(name: A.Name): ChainExpr | undefined {
    if (this.below.includes(name.text)) return { kind: 'paid', layer: name.text };
    this.out.push(diag('YB965', name.range, { name: name.text, layer: this.layer, below: this.below.join(', ') }));
    return undefined;
  }
}
