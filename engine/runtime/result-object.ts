// The object form of the result lists (result-fields.ts): what the API returns. Like the byte form,
// a list is made once per plan into a form: each record starts as a copy of a template holding its
// keys in list order (and, per benefit, its name and label), then gets its values. Overwriting
// keys a copy already has is cheaper than adding them one by one (each added key changes the
// object's shape), and the counter pays for it on every claim.
import { formatFen } from '../core/money';
import type { BenefitDef, Field, ValueField } from './result-fields';

type Get = (s: unknown, row: number) => unknown;
type Obj = Record<string, unknown>;

/** A field set on each record: its value, or its rows made by the list's own form. */
class Entry {
  constructor(
    readonly key: string,
    readonly money: boolean,
    readonly get: Get,
    /** A list: the form of its records, and how many rows there are. */
    readonly form: ObjectForm | undefined,
    readonly count: ((rows: unknown) => number) | undefined,
  ) {}
}

const PLACEHOLDER: Record<ValueField['kind'] | 'list', unknown> = { text: '', money: '', int: 0, json: null, list: null };

export class ObjectForm {
  /** The record as it starts: one per benefit for rows of benefits, else one. */
  private readonly templates: Obj[];
  private readonly entries: Entry[] = [];

  constructor(fields: readonly Field[], defs: readonly BenefitDef[], private readonly benefitOf: Get | undefined) {
    const hasBenefitFields = fields.some((f) => f.kind === 'benefit');
    // Stryker disable next-line all: guards the field lists of result-fields.ts, where benefit fields are in benefit rows only (a programming error, not an input)
    if (hasBenefitFields && !benefitOf) throw new Error('a benefit field outside a list of benefit rows');
    // Stryker disable next-line ArrayDeclaration: no template is an empty one
    this.templates = (hasBenefitFields ? defs : [undefined]).map(() => ({}));
    // Keys go into the template up to the first optional value; from there on each record adds its
    // own, still in list order, since whether they are there differs from record to record.
    // Stryker disable next-line all: placeholders only give records one shape from the start; make() sets the same keys in the same order either way
    let fixed = true;
    for (const f of fields) {
      if (f.kind === 'benefit') {
        this.templates.forEach((t, b) => {
          const v = f.of(defs[b]!);
          if (v !== undefined) t[f.key] = v;
        });
        continue;
      }
      // Stryker disable next-line all: see `fixed` above
      if (f.kind !== 'list' && f.optional) fixed = false;
      // Stryker disable next-line ConditionalExpression: see `fixed` above
      if (fixed) for (const t of this.templates) t[f.key] = PLACEHOLDER[f.kind];
      // Stryker disable next-line BooleanLiteral: a list's entry is read through its form, before the money flag is looked at
      if (f.kind === 'list') this.entries.push(new Entry(f.key, false, f.rows as Get, new ObjectForm(f.fields, defs, f.benefitOf), f.count));
      else this.entries.push(new Entry(f.key, f.kind === 'money', f.get, undefined, undefined));
    }
  }

  make(s: unknown, row: number): Obj {
    const o = { ...this.templates[this.benefitOf ? (this.benefitOf(s, row) as number) : 0]! };
    const entries = this.entries;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      let v = e.get(s, row);
      if (e.form) v = e.form.rows(v, e.count!(v));
      else if (e.money && v !== undefined) v = formatFen(v as number);
      if (v !== undefined) o[e.key] = v;
    }
    return o;
  }

  private rows(rows: unknown, n: number): Obj[] {
    // Stryker disable next-line ArrayDeclaration: sized once rather than grown; the same rows either way
    const out = new Array<Obj>(n);
    for (let i = 0; i < n; i++) out[i] = this.make(rows, i);
    return out;
  }
}

/** The form of records of `fields`; `defs` are the plan's benefits, in plan order. */
export function objectForm(fields: readonly Field[], defs: readonly BenefitDef[]): ObjectForm {
  return new ObjectForm(fields, defs, undefined);
}

/** Forms made so far, by the plan's benefits and the list. */
const forms = new WeakMap<readonly BenefitDef[], Map<readonly Field[], ObjectForm>>();

/** Record `s` (row `row` of its list) in its object form: fields in list order, money as yuan, absent ones left out. */
export function toObject(fields: readonly Field[], s: unknown, row: number, defs: readonly BenefitDef[]): Obj {
  let byList = forms.get(defs);
  // Stryker disable next-line ConditionalExpression: a form made again is an equal form
  if (!byList) forms.set(defs, (byList = new Map()));
  let form = byList.get(fields);
  // Stryker disable next-line ConditionalExpression: a form made again is an equal form
  if (!form) byList.set(fields, (form = objectForm(fields, defs)));
  return form.make(s, row);
}
