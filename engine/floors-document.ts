// A floors file as a document (spec §29): parse → check (check/floors.ts) → floors IR (lower/floors.ts).
import type { Program } from '../grammar/ast';
import { checkFloors, type CheckedFloors } from './check/floors';
import type { FloorsIR } from './ir/floors';
import { lowerFloors } from './lower/floors';
import { OwnKindDocument } from './own-document';

/** The suffix of floors files: `yibao check` reads them as floors, `yibao check PLAN --against` proves a plan against them. */
export const FLOORS_FILE_SUFFIX = '.floors.yibao';

export class FloorsDocument extends OwnKindDocument<CheckedFloors, FloorsIR> {
  protected check(program: Program) {
    const r = checkFloors(program);
    return { checked: r.floors, diagnostics: r.diagnostics };
  }

  protected lower(floors: CheckedFloors): FloorsIR {
    return lowerFloors(floors, this.file);
  }
}
