// A plan's `test` blocks, from the IR back into the shape the test runner reads
// (engine/testing/plan-tests.ts takes `A.TestDecl`: records it turns into a request with
// `testRequest`, expectations with the amount written). The IR holds each test's request as
// `testRequest` made it, so the records are rebuilt to give that request back exactly; the
// records' and expectations' ranges are the IR's. Once the runner reads `IrTest` itself, this goes.
import type * as A from '../../grammar/ast';
import type { Range } from '../../grammar/diagnostic';
import type { IrRange, IrTest } from '../ir/plan';
import { IrShapeError, range } from './values';

/** A JSON value of a test request as the record value `testRequest` reads back to it. */
function recordValue(v: unknown, at: Range): A.RecordValue {
  const cell = (kind: A.Cell['kind'], value: string): A.RecordValue => ({ kind: 'scalar', cell: { kind, value, range: at } });
  if (typeof v === 'string') return cell('string', v);
  // Numbers and yes/no appear only as attribute values, which testRequest reads as numbers and booleans.
  if (typeof v === 'number') return cell('number', String(v));
  if (typeof v === 'boolean') return cell('word', String(v));
  if (Array.isArray(v)) return { kind: 'list', values: v.map((x) => recordValue(x, at)), range: at };
  if (typeof v === 'object' && v !== null) return { kind: 'record', fields: fields(v as Record<string, unknown>, at), range: at };
  throw new IrShapeError(`a test request holds ${String(v)}`);
}

function fields(rec: Record<string, unknown>, at: Range): A.RecordField[] {
  return Object.entries(rec).map(([key, value]) => ({ key: { text: key, range: at }, value: recordValue(value, at), range: at }));
}

function record(req: Record<string, unknown>, written: { id: string; range: IrRange }, kind: 'member' | 'claim'): A.TestRecord {
  const at = range(written.range);
  const { id, ...rest } = req;
  let own = rest;
  if (kind === 'member') {
    // A member's attributes were written as fields of the record, after its own.
    const { attributes, ...plain } = rest;
    own = { ...plain, ...(attributes as Record<string, unknown> | undefined) };
  }
  // A claim field named `id` replaced the claim's id: written again, it does so again.
  const idField = kind === 'claim' && id !== written.id ? { id } : {};
  return { name: { text: written.id, range: at }, fields: fields({ ...idField, ...own }, at), range: at };
}

export function testDecl(t: IrTest): A.TestDecl {
  const at = range(t.range);
  const records = (kind: 'member' | 'claim') => {
    const reqs = kind === 'member' ? t.request.members : t.request.claims;
    const written = kind === 'member' ? t.members : t.claims;
    if (reqs.length !== written.length) throw new IrShapeError(`test ${t.name}: ${kind}s and their records differ`);
    return reqs.map((r, i) => record(r, written[i]!, kind));
  };
  return {
    kind: 'test',
    name: t.name,
    members: records('member'),
    claims: records('claim'),
    expectations: t.expectations.map((e) => {
      const r = range(e.range);
      const valueRange = range(e.valueRange);
      // Not a plain amount: anything else makes the runner fail the expectation, as written.
      const value: A.Expr = e.expected === undefined ? { kind: 'string', value: '', range: valueRange } : { kind: 'number', value: e.expected, range: valueRange };
      return { target: { text: e.target, range: r }, ...(e.benefit === undefined ? {} : { benefit: { text: e.benefit, range: r } }), what: e.what, value, range: r };
    }),
    range: at,
  };
}
