// A settlement chain as data (spec §26): the bill's cost parts, then the layers that settle it in
// order, each a plan and the claim fields it is given, worked out from the bill and from what the
// layers below paid. Plain JSON, as a plan's IR is; the runtime (runtime/chain.ts) reads only this.
import type { IrCitation, IrRange } from './plan';

export const CHAIN_IR_VERSION = 1;

/** An amount in fen, from the bill and the layers below. Exact: a percentage rounds half up to the fen. */
export type ChainExpr =
  | { kind: 'fen'; fen: number }
  | { kind: 'bill'; part: string }
  | { kind: 'paid'; layer: string }
  | { kind: 'add' | 'sub'; left: ChainExpr; right: ChainExpr }
  /** value × bp / 10000, rounded half up to the fen. */
  | { kind: 'scale'; value: ChainExpr; bp: number }
  | { kind: 'min' | 'max'; args: ChainExpr[] };

/** Where a layer input goes: a money field every claim has, or a money attribute its plan declares. */
export type LayerField =
  | { kind: 'field'; name: 'inPolicySelfPay' | 'outOfPolicySelfPay' | 'overLimitSelfPay' }
  | { kind: 'attribute'; name: string };

export interface LayerInputIR {
  /** The field as written (理赔.政策内自付), for results and messages. */
  label: string;
  field: LayerField;
  value: ChainExpr;
  range: IrRange;
}

export interface LayerIR {
  name: string;
  /** The layer's plan file, relative to the chain file. */
  plan: string;
  inputs: LayerInputIR[];
  range: IrRange;
  cites?: IrCitation;
}

export interface ChainIR {
  version: typeof CHAIN_IR_VERSION;
  name: string;
  /** The bill's cost parts, in order; their sum is the bill's total cost. */
  bill: string[];
  /** Lowest first: each layer pays from what the layers below left. */
  layers: LayerIR[];
  range: IrRange;
  cites?: IrCitation;
}
