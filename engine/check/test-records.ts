// Test records (`member m { … }`, `claim c { … }`) become a request in the engine's JSON contract.
// The checker validates them like any request and reports problems at the record's own text.
import type * as A from '../../grammar/ast';
import type { Diagnostic, Range } from '../../grammar/diagnostic';
import { moneyLiteralValue } from '../../grammar/to-ast';
import { diag } from '../ir/diagnostics';
import { messageIn } from '../ir/request-errors';
import { validateRequest, type RequestVocabulary } from '../request/request';

const own = (table: Record<string, string>, key: string): string | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const MEMBER_KEYS: Record<string, string> = { birthDate: 'birthDate', 出生日期: 'birthDate', enrolledSince: 'enrolledSince', 参保日期: 'enrolledSince', groups: 'groups', 人群: 'groups' };
const CLAIM_KEYS: Record<string, string> = {
  member: 'member', 参保人: 'member', date: 'date', 日期: 'date', setting: 'setting', 就医类别: 'setting', flags: 'flags', 标记: 'flags',
  inPolicySelfPay: 'inPolicySelfPay', 政策内自付: 'inPolicySelfPay', outOfPolicySelfPay: 'outOfPolicySelfPay', 政策外自费: 'outOfPolicySelfPay',
  overLimitSelfPay: 'overLimitSelfPay', 超限额自付: 'overLimitSelfPay', items: 'items', 明细: 'items',
};
const ITEM_KEYS: Record<string, string> = { code: 'code', 编码: 'code', amount: 'amount', 金额: 'amount', class: 'class', 类别: 'class', category: 'category', 分类: 'category' };
const TRUE = new Set(['yes', 'true', '是']);
const FALSE = new Set(['no', 'false', '否']);

function json(v: A.RecordValue, keys?: Record<string, string>, asBool = false): unknown {
  switch (v.kind) {
    case 'date':
      return v.value;
    case 'list':
      return v.values.map((x) => json(x, keys));
    case 'record':
      return Object.fromEntries(v.fields.map((f) => [(keys ? own(keys, f.key.text) : undefined) ?? f.key.text, json(f.value)]));
    case 'scalar': {
      const c = v.cell;
      if (c.kind === 'word' && asBool && TRUE.has(c.value)) return true;
      if (c.kind === 'word' && asBool && FALSE.has(c.value)) return false;
      if (c.kind === 'number' && asBool) return Number(c.value);
      if (c.kind === 'money') return moneyLiteralValue(c.value);
      return c.value;
    }
  }
}

/**
 * The test's records as a request. A claim key naming one of the plan's claim attributes
 * (`claimAttributes`) goes into the claim's `attributes`; any other unknown key stays where it is
 * written, so that a misspelt field is an error and not a silent attribute.
 */
export function testRequest(t: A.TestDecl, claimAttributes: ReadonlySet<string>): { members: unknown[]; claims: unknown[] } {
  const members = t.members.map((m) => {
    const rec: Record<string, unknown> = { id: m.name.text };
    const attributes: Record<string, unknown> = {};
    for (const f of m.fields) {
      const key = own(MEMBER_KEYS, f.key.text);
      if (key) rec[key] = json(f.value);
      else attributes[f.key.text] = json(f.value, undefined, true);
    }
    if (Object.keys(attributes).length > 0) rec.attributes = attributes;
    return rec;
  });
  const claims = t.claims.map((c) => {
    const rec: Record<string, unknown> = { id: c.name.text };
    const attributes: Record<string, unknown> = {};
    for (const f of c.fields) {
      if (!own(CLAIM_KEYS, f.key.text) && claimAttributes.has(f.key.text)) attributes[f.key.text] = json(f.value, undefined, true);
      else rec[own(CLAIM_KEYS, f.key.text) ?? f.key.text] = json(f.value, f.key.text === 'items' || f.key.text === '明细' ? ITEM_KEYS : undefined);
    }
    if (Object.keys(attributes).length > 0) rec.attributes = attributes;
    return rec;
  });
  return { members, claims };
}


/** Where a JSON pointer into the test's request points in the plan text. */
function locate(t: A.TestDecl, path: string): Range {
  const [, kind, index, field, sub] = path.split('/');
  const records = kind === 'members' ? t.members : t.claims;
  const rec = records[Number(index)];
  if (!rec) return t.range;
  const keys = kind === 'members' ? { ...MEMBER_KEYS } : CLAIM_KEYS;
  const f = field === 'attributes' ? rec.fields.find((x) => x.key.text === sub) : rec.fields.find((x) => (own(keys, x.key.text) ?? x.key.text) === field);
  if (!f) return rec.name.range;
  if (f.value.kind === 'list' && sub !== undefined && field !== 'attributes') {
    const el = f.value.values[Number(sub)];
    if (el) return el.kind === 'scalar' ? el.cell.range : el.range;
  }
  return f.value.kind === 'scalar' ? f.value.cell.range : f.value.range;
}

export function checkTestRecords(t: A.TestDecl, vocabulary: RequestVocabulary, out: Diagnostic[]): void {
  const v = validateRequest(vocabulary, testRequest(t, new Set(vocabulary.claimAttributes.keys())));
  for (const e of v.errors) {
    // A claim of an unknown or invalid member: YB901 or the member's own error already says so.
    if (e.code === 'YR002') continue;
    const range = locate(t, e.path);
    const field = e.path.split('/')[3];
    const code = e.code === 'YR008' ? (field === 'setting' ? 'YB104' : 'YB113') : field === 'attributes' ? 'YB112' : 'YB902';
    const name = e.message.match(/"([^"]*)"/)?.[1] ?? '';
    const attribute = e.path.split('/')[4] ?? '';
    const type = vocabulary.attributes.get(attribute)?.type;
    const args = {
      record: e.claim ? 'claim' : 'member',
      id: e.claim ?? e.member ?? '',
      // A request error's message is "English / 中文": each language shows its own half.
      message: messageIn(e.message, 'en'),
      messageZh: messageIn(e.message, 'zh'),
      name,
      attribute,
      value: code === 'YB112' ? valueText(t, e.path) : name,
      values: type?.k === 'enum' ? type.values.join(' | ') : (type ? type.k : ''),
      valuesZh: type?.k === 'enum' ? type.values.join(' | ') : (type ? TYPE_ZH[type.k] ?? type.k : ''),
    };
    out.push(diag(code, range, args));
  }
}

/** The Chinese name of an attribute's type, for YB112. */
const TYPE_ZH: Record<string, string> = { bool: '是否', number: '数值', money: '金额', date: '日期', string: '文本' };

function valueText(t: A.TestDecl, path: string): string {
  const [, kind, index, , attribute] = path.split('/');
  const rec = (kind === 'members' ? t.members : t.claims)[Number(index)];
  const f = rec?.fields.find((x) => x.key.text === attribute);
  return f?.value.kind === 'scalar' ? f.value.cell.value : f?.value.kind === 'date' ? f.value.value : '';
}
