// Claims that are not sorted by member: grouped in memory by member first, then split into runs
// of members with about the same number of claims each, one run per thread.
import type { Job } from './job';
import { memberOf } from './records';
import { withLines, type ClaimsFile } from './shares';

type Groups = NonNullable<Job['groups']>;

/** All claims grouped by member in memory, and the line of the first claim out of member order. */
export function groupInMemory(f: ClaimsFile): { groups: Groups; firstUnsorted?: number } {
  const all = new Map<string, { line: number; text: string }[]>();
  let prev: string | undefined;
  let firstUnsorted: number | undefined;
  withLines(f.path, 0, f.size, (r) => {
    let header = f.format === 'csv';
    while (r.next()) {
      if (r.blank()) continue;
      if (header) {
        header = false;
        continue;
      }
      const text = r.text();
      const m = memberOf(text, f.format, f.memberColumn);
      if (m !== undefined && prev !== undefined && m < prev) firstUnsorted ??= r.line;
      if (m !== undefined) prev = m;
      const key = m ?? '';
      const list = all.get(key);
      if (list) list.push({ line: r.line, text });
      else all.set(key, [{ line: r.line, text }]);
    }
  });
  return { groups: [...all.keys()].sort().map((member) => ({ member, lines: all.get(member)! })), firstUnsorted };
}

/** Groups split into n runs of members with about the same number of claims each. */
export function splitGroups(groups: Groups, n: number): { groups: Groups }[] {
  const total = groups.reduce((s, g) => s + g.lines.length, 0);
  const parts: Groups[] = [[]];
  let seen = 0;
  for (const g of groups) {
    if (parts.length < n && seen >= (total * parts.length) / n && parts[parts.length - 1]!.length > 0) parts.push([]);
    parts[parts.length - 1]!.push(g);
    seen += g.lines.length;
  }
  return parts.map((p) => ({ groups: p }));
}
