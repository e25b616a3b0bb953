// Comparing what a conformance case expects with what happened: diagnostics and request errors.
import type { Diagnostic } from '../../grammar/diagnostic';
import type { RequestError } from '../ir/request-errors';

export interface ExpectedDiag { code: string; line: number; column: number; severity?: string }

const key = (d: { code: string; line: number; column: number }) => `${d.code}@${d.line}:${d.column}`;
/** A diagnostic as a case names it: CODE@line:column. */
const keyOf = (d: Diagnostic) => key({ code: d.code, line: d.range.start.line, column: d.range.start.column });

/** Diagnostics as a failure lists them: "YB101@3:5, YB203@7:1". */
export const diagList = (ds: readonly Diagnostic[]) => ds.map(keyOf).join(', ');

/** Error diagnostics must match exactly (code and start); listed warnings must also appear. */
export function compareDiagnostics(expected: ExpectedDiag[], actual: Diagnostic[], fail: (m: string) => void): void {
  const actualErrors = actual.filter((d) => d.severity === 'error').map(keyOf);
  const actualAll = new Set(actual.map(keyOf));
  const expectedErrors = expected.filter((d) => (d.severity ?? 'error') === 'error').map(key);
  for (const e of expectedErrors) if (!actualErrors.includes(e)) fail(`missing diagnostic ${e}; got [${actualErrors.join(', ')}]`);
  for (const a of actualErrors) if (!expectedErrors.includes(a)) fail(`unexpected diagnostic ${a}`);
  for (const w of expected.filter((d) => d.severity === 'warning')) if (!actualAll.has(key(w))) fail(`missing warning ${key(w)}`);
}

/**
 * Every expected error occurred, each of its keys (path, code, claim, member, bill, layer) as the
 * case gives it; and every error that occurred was expected at its path.
 */
export function compareErrors(expected: readonly { path: string; [key: string]: string | undefined }[], actual: readonly (RequestError & { bill?: string; layer?: string })[], fail: (m: string) => void): void {
  const field = (x: object, k: string) => (x as Record<string, unknown>)[k];
  const show = (x: RequestError & { bill?: string; layer?: string }) => [x.bill ?? x.claim ?? x.member, x.layer, x.path, x.code].filter((v) => v !== undefined).join(':');
  for (const e of expected) {
    if (!actual.some((x) => Object.entries(e).every(([k, v]) => v === undefined || field(x, k) === v))) fail(`expected error ${e.code ?? ''} at ${e.path}; got [${actual.map(show).join(', ')}]`);
  }
  for (const x of actual) if (!expected.some((e) => e.path === x.path)) fail(`unexpected error ${show(x)}: ${x.message}`);
}
