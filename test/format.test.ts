// The formatter over every example and conformance plan: the AST survives, and formatting is
// idempotent. Plans with syntax errors keep their errors (the formatter only moves whitespace).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../grammar/format';
import { parse } from '../grammar/index';
import { walk } from '../engine/node/files';

const strip = (x: unknown) =>
  JSON.parse(JSON.stringify(x, (k, v) => (k === 'range' || k === 'opRange' || k === 'headRange' ? undefined : v)));

describe('format document', () => {
  const files = [...walk('examples', (f) => f.endsWith('.yibao')), ...walk('spec/conformance', (f) => f.endsWith('.yibao'))];
  it('covers the examples and the conformance suite', () => expect(files.length).toBeGreaterThan(120));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(f, 'utf8');
      const once = formatPlan(text);
      expect(strip(parse(once).ast), 'format(x) parses to the same AST').toEqual(strip(parse(text).ast));
      expect(parse(once).diagnostics.map((d) => d.code)).toEqual(parse(text).diagnostics.map((d) => d.code));
      expect(formatPlan(once), 'formatting twice changes nothing').toBe(once);
    });
  }

  it('re-indents a block by its braces', () => {
    const messy = 'benefit B {\namount claim.inPolicySelfPay\n      ratio 50%\n}\n';
    expect(formatPlan(messy)).toBe('benefit B {\n  amount claim.inPolicySelfPay\n      ratio 50%\n}\n');
    expect(formatPlan('plan "x" {\nsource "a"\n}')).toBe('plan "x" {\n  source "a"\n}');
  });
});
