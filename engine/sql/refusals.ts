// What the SQL compiler does not handle, by construct (in English and Chinese) and place: the
// query is written only when this list is empty, so the backend never answers wrongly in silence.
import type { IrRange } from '../ir/plan';

export interface SqlRefusal { construct: { en: string; zh: string }; line: number; column: number }

export class Refusals {
  readonly list: SqlRefusal[] = [];
  add(en: string, zh: string, at: IrRange): undefined {
    if (!this.list.some((x) => x.construct.en === en && x.line === at.start.line && x.column === at.start.column)) {
      this.list.push({ construct: { en, zh }, line: at.start.line, column: at.start.column });
    }
    return undefined;
  }
}
