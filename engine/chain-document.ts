// A chain file as a document (spec §26), with the stages of a plan's: parse → each layer's plan
// (a PlanDocument of its own, parsed and checked once) → the chain checked → its IR → the layers
// compiled. A stage that failed stops the run there.
import type { Diagnostic } from '../grammar/diagnostic';
import { parse, type ParseResult } from '../grammar/index';
import { checkChain, type CheckedChain, type LayerPlan } from './check/chain';
import type { FileReader } from './check/data';
import type { CompiledPlan } from './compile/plan';
import { PlanDocument } from './document';
import type { ChainIR } from './ir/chain';
import { sortDiagnostics } from './ir/diagnostics';
import { lowerChain } from './lower/chain';

type Unreadable = { unreadable: NonNullable<LayerPlan['unreadable']> };

/** A layer's plan file: its text and the reader for its own data files, or why it cannot be read. */
export type PlanOpener = (path: string) => { text: string; reader: FileReader } | Unreadable;

/** The suffix of chain files: `yibao check` and `yibao test` read them as chains, not plans. */
export const CHAIN_FILE_SUFFIX = '.chain.yibao';

export class ChainDocument {
  private parseResult?: ParseResult;
  private readonly layerDocs = new Map<string, PlanDocument | Unreadable>();
  private checkResult?: { chain?: CheckedChain; diagnostics: Diagnostic[] };
  private irResult?: { ir?: ChainIR };

  constructor(readonly text: string, readonly file: string, private readonly open: PlanOpener) {}

  get parsed(): ParseResult {
    return (this.parseResult ??= parse(this.text));
  }

  /** A layer's plan document, or why it cannot be read: opened once however many layers name it. */
  private opened(path: string): PlanDocument | Unreadable {
    let doc = this.layerDocs.get(path);
    if (!doc) {
      const o = this.open(path);
      this.layerDocs.set(path, (doc = 'unreadable' in o ? o : new PlanDocument(o.text, path, o.reader)));
    }
    return doc;
  }

  /** A layer's plan document; undefined when it cannot be read. */
  layer(path: string): PlanDocument | undefined {
    const doc = this.opened(path);
    return doc instanceof PlanDocument ? doc : undefined;
  }

  get checked(): { chain?: CheckedChain; diagnostics: Diagnostic[] } {
    if (this.checkResult) return this.checkResult;
    const parseDiags = this.parsed.diagnostics.map((d) => ({ ...d, file: this.file }));
    if (parseDiags.some((d) => d.severity === 'error')) return (this.checkResult = { diagnostics: sortDiagnostics(parseDiags) });
    const r = checkChain(this.parsed.ast, this.file, (path) => this.layerPlan(path));
    return (this.checkResult = { chain: r.chain, diagnostics: sortDiagnostics(r.diagnostics) });
  }

  private layerPlan(path: string): LayerPlan {
    const doc = this.opened(path);
    if (!(doc instanceof PlanDocument)) return { diagnostics: [], unreadable: doc.unreadable };
    // A layer that checks is compiled now, so that lowering's own findings count as its errors too.
    void doc.compiled;
    return { plan: doc.checked.plan, diagnostics: doc.diagnostics };
  }

  /** The chain as data, or undefined when the chain or a layer has errors. */
  get ir(): ChainIR | undefined {
    const chain = this.checked.chain;
    return (this.irResult ??= { ir: chain && lowerChain(chain) }).ir;
  }

  /** The layers' compiled plans, in the chain's order. */
  get plans(): CompiledPlan[] | undefined {
    const ir = this.ir;
    if (!ir) return undefined;
    const plans = ir.layers.map((l) => this.layer(l.plan)?.compiled);
    return plans.every((p): p is CompiledPlan => p !== undefined) ? plans : undefined;
  }

  get diagnostics(): Diagnostic[] {
    return this.checked.diagnostics;
  }
}
