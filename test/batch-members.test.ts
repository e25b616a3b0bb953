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

  it('finds every good record, the first of a repeated id, whatever the key order', () => {
    const x = new MemberIndex(path, {});
    expect(x.record('a1')).toMatchObject({ birthDate: '1980-01-01' });
    expect(x.record('a2')).toMatchObject({ birthDate: '1990-01-01' });
    expect(x.record('b1')).toMatchObject({ id: 'b1' });
    expect(x.record('中文号')).toMatchObject({ id: '中文号' });
    expect(x.record('c1')).toBeUndefined();
    expect(x.record('nobody')).toBeUndefined();
    x.close();
  });

  it('reports each bad line once: by the share of its id, id-less lines by the first share', () => {
    const all = new MemberIndex(path, {});
    const errors = all.errors({}, true).sort((p, q) => p.line - q.line);
    expect(errors.map((e) => e.line)).toEqual([2, 4, 6, 7]);
    expect(errors[1]!.message).toContain('duplicate member id "a1"');
    expect(errors[2]!.message).toContain('missing member id');
    expect(errors[3]!.message).toContain('"id" appears twice');
    all.close();
    // Two shares split at "b": a* lines are the first share's, c1 (line 7) the second's.
    const first = new MemberIndex(path, { hi: 'b' });
    const second = new MemberIndex(path, { lo: 'b' });
    expect(first.errors({ hi: 'b' }, true).map((e) => e.line).sort((p, q) => p - q)).toEqual([2, 4, 6]);
    expect(second.errors({ lo: 'b' }, false).map((e) => e.line)).toEqual([7]);
    expect(first.record('b1')).toBeUndefined();
    expect(second.record('b1')).toMatchObject({ id: 'b1' });
    first.close();
    second.close();
  });

  it('reads CSV members, extra columns as attributes', () => {
    const csv = file('members.csv', ['id,birthDate,enrolledSince,parentsInsured', 'm1,1980-01-01,2020-01-01,true', 'm1,1981-01-01,2020-01-01,false', ',1980-01-01,2020-01-01,false']);
    const x = new MemberIndex(csv, {});
    expect(x.record('m1')).toEqual({ id: 'm1', birthDate: '1980-01-01', enrolledSince: '2020-01-01', attributes: { parentsInsured: true } });
    expect(x.errors({}, true).map((e) => e.line).sort((p, q) => p - q)).toEqual([3, 4]);
    x.close();
  });
});
