// The members file of a batch run, indexed by id and parsed on demand: every good record is found,
// every bad line is reported once by the share it belongs to, whatever the key order or format.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemberIndex } from '../engine/batch/members';

const dir = mkdtempSync(join(tmpdir(), 'yibao-members-'));
const file = (name: string, lines: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};
const m = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, birthDate: '1980-01-01', enrolledSince: '2020-01-01', ...extra });

describe('member index', () => {
  const path = file('members.jsonl', [
    m('a1'), // line 1
    '{"id":"a2", oops', // line 2: not JSON
    m('a2', { birthDate: '1990-01-01' }), // line 3: takes the place of the bad line 2
    m('a1', { birthDate: '1999-01-01' }), // line 4: a second a1
    '{"birthDate":"1980-01-01","enrolledSince":"2020-01-01","id":"b1"}', // line 5: id not first
    '{"birthDate":"1980-01-01"}', // line 6: no id
    '{"id":"c1","birthDate":"1980-01-01","enrolledSince":"2020-01-01","id":"c2"}', // line 7: id twice
    '', // line 8: blank
    m('中文号'), // line 9: a Chinese id
  ]);

  const none = () => [];
  const record = (x: MemberIndex, id: string) => x.lookup(id)?.record;

  it('finds every good record, the first of a repeated id, whatever the key order', () => {
    const x = new MemberIndex(path);
    expect(record(x, 'a1')).toMatchObject({ birthDate: '1980-01-01' });
    expect(record(x, 'a2')).toMatchObject({ birthDate: '1990-01-01' });
    expect(record(x, 'b1')).toMatchObject({ id: 'b1' });
    expect(record(x, '中文号')).toMatchObject({ id: '中文号' });
    expect(record(x, 'nobody')).toBeUndefined();
    x.close();
  });

  it('finds ids longer than its buffer for ids, and ids that are prefixes of one another', () => {
    const long = 'L'.repeat(300);
    const p = file('long.jsonl', [m(long), m('k1'), m('k10'), m('k100')]);
    const x = new MemberIndex(p);
    expect(x.lookup(long)?.line).toBe(1);
    expect(['k1', 'k10', 'k100', 'k1000'].map((id) => x.lookup(id)?.line)).toEqual([2, 3, 4, undefined]);
    expect(x.lookup('L'.repeat(299))).toBeUndefined();
    x.close();
  });

  it('reads a line as JSON does: of a key given twice the last counts, and escapes are decoded', () => {
    // Line 7 names "id" twice: JSON.parse keeps the last, so it is c2's record and c1 has none.
    const x = new MemberIndex(path);
    expect(record(x, 'c2')).toMatchObject({ id: 'c2' });
    expect(x.lookup('c1')).toBeUndefined();
    x.close();
    const escaped = file('escaped.jsonl', ['{"\\u0069d":"e1","birthDate":"1980-01-01"}', '{"id":"e\\u0032","birthDate":"1981-01-01"}', '{"id":"x","note":"id","id":"e3"}']);
    const y = new MemberIndex(escaped);
    expect(record(y, 'e1')).toMatchObject({ birthDate: '1980-01-01' });
    expect(record(y, 'e2')).toMatchObject({ birthDate: '1981-01-01' });
    expect(record(y, 'e3')).toMatchObject({ note: 'id' });
    expect(y.lookup('x')).toBeUndefined();
    y.close();
  });

  it('reports each bad line once, and reconciles: lines = valid + rejected', () => {
    const all = new MemberIndex(path);
    const { errors, counts } = all.finish(none);
    errors.sort((p, q) => p.line - q.line);
    expect(errors.map((e) => e.line)).toEqual([2, 4, 6]);
    expect(errors[1]!.reasons[0]!.message).toContain('duplicate member id "a1"');
    expect(errors[2]!.reasons[0]!.message).toContain('missing member id');
    // 8 record lines (line 8 is blank): a1, a2 (line 3), b1, c2, 中文号 are valid; lines 2, 4, 6 are not.
    expect(counts).toEqual({ lines: 8, valid: 5, rejected: 3 });
    all.close();
  });

  it('rejects a record the plan rejects, once, with its reasons', () => {
    const all = new MemberIndex(path);
    const { errors, counts } = all.finish((r) => (r.id === 'b1' ? [{ path: '/birthDate', code: 'YR001', message: 'too old' }] : []));
    expect(errors.find((e) => e.line === 5)).toEqual({ line: 5, member: 'b1', reasons: [{ path: '/birthDate', code: 'YR001', message: 'too old' }] });
    expect(counts).toEqual({ lines: 8, valid: 4, rejected: 4 });
    all.close();
  });

  it('reads CSV members, extra columns as attributes', () => {
    const csv = file('members.csv', ['id,birthDate,enrolledSince,parentsInsured', 'm1,1980-01-01,2020-01-01,true', 'm1,1981-01-01,2020-01-01,false', ',1980-01-01,2020-01-01,false']);
    const x = new MemberIndex(csv);
    expect(record(x, 'm1')).toEqual({ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { parentsInsured: true } });
    expect(x.finish(none).errors.map((e) => e.line).sort((p, q) => p - q)).toEqual([3, 4]);
    x.close();
  });
});
