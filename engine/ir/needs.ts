// The member fields a computation reads (engine/compile/needs.ts works them out from the IR;
// request validation asks for them).
import type { Range } from '../../grammar/diagnostic';

export type MemberField = 'birthDate' | 'enrolledSince';

/** A member field a computation reads, and the first rule (in both languages, with its place) that reads it. */
export interface FieldNeed {
  field: MemberField;
  rule: { en: string; zh: string; range: Range };
}

export interface Needs {
  /** Settling claims. */
  claims: FieldNeed[];
  /** Premiums. */
  premium: FieldNeed[];
}
