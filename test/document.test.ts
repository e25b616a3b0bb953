// A document keeps each stage's result: asked twice, a stage runs once, and a stage that failed
// stops the run there (a plan with errors is never lowered or compiled).
import { describe, expect, it, vi } from 'vitest';
import * as grammar from '../grammar/index';
import { PlanDocument } from '../engine/document';

const GOOD = 'plan "d" { valid 2025-01-01 to 2025-12-31 }\nbenefit B { amount claim.inPolicySelfPay ratio 50% }\n';

describe('a plan document', () => {
  it('parses, checks and lowers once however often its stages are asked for', () => {
    const parse = vi.spyOn(grammar, 'parse');
    const doc = new PlanDocument(GOOD, 'd.yibao');
    expect(doc.done).toEqual([]);
    expect(doc.compiled).toBeDefined();
    expect(doc.compiled).toBe(doc.compiled);
    expect(doc.checked).toBe(doc.checked);
    expect(doc.lowered).toBe(doc.lowered);
    expect(doc.lowered!.ir.benefits.map((b) => b.name)).toEqual(['B']);
    expect(doc.parsed).toBe(doc.parsed);
    expect(doc.done).toEqual(['parsed', 'checked', 'lowered', 'compiled']);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });

  it('stops at a stage that failed', () => {
    const doc = new PlanDocument(GOOD.replace('50%', '50% + claim.inPolicySelfPay'), 'd.yibao');
    expect(doc.diagnostics.map((d) => d.code)).toContain('YB201');
    expect(doc.compiled).toBeUndefined();
    expect(doc.lowered).toBeUndefined();
    expect(doc.checked.plan).toBeUndefined();
  });

  it('checks again over a parse it was given, without parsing', () => {
    const parsed = new PlanDocument(GOOD, 'd.yibao').parsed;
    const parse = vi.spyOn(grammar, 'parse');
    const second = new PlanDocument(GOOD, 'd.yibao', () => undefined, parsed);
    expect(second.compiled).toBeDefined();
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });
});
