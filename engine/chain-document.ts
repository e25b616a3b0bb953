// A chain file as a document (spec §26), with the stages of a plan's: parse → each layer's plan
// (a PlanDocument of its own, parsed and checked once) → the chain checked → its IR → the layers
// compiled. A stage that failed stops the run there.
import type { Program } from '../grammar/ast';
import { checkChain, type CheckedChain, type LayerPlan } from './check/chain';
import type { FileReader } from './check/data';
import type { CompiledPlan } from './compile/plan';
import { PlanDocument } from './document';
import type { ChainIR } from './ir/chain';
import { lowerChain } from './lower/chain';
import { OwnKindDocument } from './own-document';

type Unreadable = { unreadable: NonNullable<LayerPlan['unreadable']> };

/** A layer's plan file: its text and the reader for its own data files, or why it cannot be read. */
export type PlanOpener = (path: string) => { text: string; reader: FileReader } | Unreadable;

/** The suffix of chain files: `yibao check` and `yibao test` read them as chains, not plans. */
export const CHAIN_FILE_SUFFIX = '.chain.yibao';

export class ChainDocument extends OwnKindDocument<CheckedChain, ChainIR> {
  private readonly layerDocs = new Map<string, PlanDocument | Unreadable>();

  constructor(text: string, file: string, private readonly open: PlanOpener) {
    super(text, file);
  }

  protected check(program: Program) {
    const r = checkChain(program, (path) => this.layerPlan(path));
    return { checked: r.chain, diagnostics: r.diagnostics };
  }

  protected lower(chain: CheckedChain): ChainIR {
    return lowerChain(chain);
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

  private layerPlan(path: string): LayerPlan {
    const doc = this.opened(path);
    if (!(doc instanceof PlanDocument)) return { diagnostics: [], unreadable: doc.unreadable };
    // A layer that checks is compiled now, so that lowering's own findings count as its errors too.
    void doc.compiled;
    return { plan: doc.checked.plan, diagnostics: doc.diagnostics };
  }

  /** The layers' compiled plans, in the chain's order. */
  get plans(): CompiledPlan[] | undefined {
    const ir = this.ir;
    if (!ir) return undefined;
    const plans = ir.layers.map((l) => this.layer(l.plan)?.compiled);
    return plans.every((p): p is CompiledPlan => p !== undefined) ? plans : undefined;
  }
}
