// The JSON Schema of the plan IR (engine/ir/plan.ts). spec/schemas/plan-ir.schema.json is this
// object, written out by `npm run schemas` and compared in test/ir.test.ts, so the published file
// never drifts from the code. Strict: every object lists its fields (additionalProperties false).

import { IR_VERSION } from './plan';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const str = { type: 'string' };
const bool = { type: 'boolean' };
const safeInt = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const arrayOf = (items: object) => ({ type: 'array', items });
const enumOf = (...values: string[]) => ({ type: 'string', enum: values });

/** An object with exactly these fields; `required` lists the ones that must be there. */
function obj(properties: Record<string, object>, required: string[] = Object.keys(properties), description?: string): object {
  return { ...(description ? { description } : {}), type: 'object', additionalProperties: false, required, properties };
}

const TYPES = ['money', 'ratio', 'points', 'number', 'days', 'months', 'date', 'bool', 'text', 'setting', 'flag', 'flags', 'class', 'enum', 'list', 'group', 'catalogue', 'table'];

/** An expression node of one kind: the common fields and its own. */
function node(kind: string, own: Record<string, object>, ownRequired: string[] = Object.keys(own)): object {
  return obj(
    {
      kind: { const: kind },
      type: ref('type'),
      of: ref('type'),
      exact: enumOf('int', 'decimal'),
      repr: enumOf('fen', 'bp', 'int', 'day'),
      range: ref('range'),
      ...own,
    },
    ['kind', 'type', 'exact', 'range', ...ownRequired],
  );
}

const datedSpan = { from: ref('date'), to: ref('date') };
const period = enumOf('year', 'claim');

export const planIrSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/plan-ir.schema.json',
  title: 'Yibao plan IR, version 1 (spec/ir.md)',
  type: 'object',
  additionalProperties: false,
  required: ['irVersion', 'file', 'header', 'settings', 'flags', 'attributes', 'claimAttributes', 'params', 'tables', 'catalogues', 'groups', 'exclusions', 'sharedDeductibles', 'sharedCaps', 'benefits', 'tilts', 'combines', 'tests'],
  properties: {
    irVersion: { const: IR_VERSION },
    file: str,
    header: ref('header'),
    settings: arrayOf(ref('vocabularyEntry')),
    flags: arrayOf(ref('vocabularyEntry')),
    attributes: arrayOf(ref('attribute')),
    claimAttributes: arrayOf(ref('attribute')),
    params: arrayOf(ref('param')),
    tables: arrayOf(ref('table')),
    catalogues: arrayOf(ref('catalogue')),
    groups: arrayOf(ref('group')),
    waiting: ref('waiting'),
    deadline: ref('deadline'),
    exclusions: arrayOf(ref('exclusion')),
    sharedDeductibles: arrayOf(ref('sharedLimit')),
    sharedCaps: arrayOf(ref('sharedLimit')),
    benefits: arrayOf(ref('benefit')),
    tilts: arrayOf(ref('tilt')),
    combines: arrayOf(ref('combine')),
    premium: ref('premium'),
    tests: arrayOf(ref('test')),
  },
  definitions: {
    position: obj({ line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 }, offset: { type: 'integer', minimum: 0 } }),
    range: obj({ start: ref('position'), end: ref('position') }, undefined, 'A source range in the plan file; end exclusive.'),
    date: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'ISO date YYYY-MM-DD.' },
    dateSpan: obj({ from: ref('date'), to: ref('date') }),
    type: { type: 'string', enum: TYPES },
    expr: {
      description: 'A typed expression node, by kind.',
      oneOf: [
        ref('exprConst'), ref('exprDate'), ref('exprText'), ref('exprBool'), ref('exprSymbol'), ref('exprParam'), ref('exprFact'),
        ref('exprAttribute'), ref('exprLookup'), ref('exprList'), ref('exprNeg'), ref('exprNot'), ref('exprArith'), ref('exprCompare'),
        ref('exprLogic'), ref('exprInGroups'), ref('exprInCatalogue'), ref('exprInList'), ref('exprHas'), ref('exprHasAny'), ref('exprItems'), ref('exprIf'), ref('exprExtremum'), ref('exprFullYears'),
      ],
    },
    exprConst: node('const', { value: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }, bare: { const: true }, fen: safeInt, bp: safeInt, int: safeInt }, ['value']),
    exprDate: node('date', { value: ref('date'), day: { type: 'integer' } }),
    exprText: node('text', { value: str }),
    exprBool: node('bool', { value: bool }),
    exprSymbol: node('symbol', { symbol: enumOf('setting', 'flag', 'enum-value', 'group', 'catalogue', 'table'), id: str }),
    exprParam: node('param', { name: str }),
    exprFact: node('fact', { root: enumOf('member', 'claim', 'item'), field: str }),
    exprAttribute: node('attribute', { name: str, on: { const: 'claim' } }, ['name']),
    exprLookup: node('lookup', { table: str, keys: arrayOf(ref('expr')) }),
    exprList: node('list', { elements: arrayOf(ref('expr')) }),
    exprNeg: node('neg', { operand: ref('expr') }),
    exprNot: node('not', { operand: ref('expr') }),
    exprArith: node('arith', { op: enumOf('+', '-', '*', '/'), left: ref('expr'), right: ref('expr') }),
    exprCompare: node('compare', { op: enumOf('=', '!=', '<', '<=', '>', '>='), left: ref('expr'), right: ref('expr') }),
    exprLogic: node('logic', { op: enumOf('and', 'or'), left: ref('expr'), right: ref('expr') }),
    exprInGroups: node('in-groups', { groups: arrayOf(str) }),
    exprInCatalogue: node('in-catalogue', { value: ref('expr'), catalogue: str }),
    exprInList: node('in-list', { value: ref('expr'), list: ref('expr') }),
    exprHas: node('has', { flags: ref('expr'), flag: ref('expr') }),
    exprHasAny: node('has-any', { flags: ref('expr'), list: ref('expr') }),
    exprItems: node('items', { catalogue: str, where: ref('expr') }, []),
    exprFullYears: node('full-years', { from: ref('expr'), to: ref('expr') }),
    exprIf: node('if', { cond: ref('expr'), then: ref('expr'), else: ref('expr') }),
    exprExtremum: node('extremum', { fn: enumOf('min', 'max'), args: { type: 'array', minItems: 1, items: ref('expr') } }),
    moneySlot: obj(
      { unit: { const: 'fen' }, expr: ref('expr'), fen: safeInt, byDate: arrayOf(obj({ ...datedSpan, fen: safeInt }, ['fen'])) },
      ['unit', 'expr'],
      'A money value, rounded half up to the fen where used; fen or byDate when it depends on the date at most.',
    ),
    ratioSlot: obj(
      { unit: { const: 'bp' }, expr: ref('expr'), bp: safeInt, byDate: arrayOf(obj({ ...datedSpan, bp: safeInt }, ['bp'])) },
      ['unit', 'expr'],
      'A ratio, percentage or points, rounded half up to the basis point where used.',
    ),
    header: obj(
      {
        name: str,
        source: str,
        region: str,
        valid: ref('dateSpan'),
        sold: ref('dateSpan'),
        year: {
          description: 'The benefit year: calendar, a policy year from the month and day of `from` each year, or from each member\'s enrolment anniversary.',
          oneOf: [obj({ kind: { const: 'calendar' } }), obj({ kind: { const: 'from' }, from: ref('date') }), obj({ kind: { const: 'anniversary' } })],
        },
        itemsComplete: { const: true },
        rounding: obj({ step: str, stepFen: { type: 'integer', minimum: 1 }, mode: enumOf('half-up', 'half-even', 'down', 'up') }),
        range: ref('range'),
      },
      ['name', 'year', 'rounding', 'range'],
    ),
    vocabularyEntry: obj({ id: str, zh: str, label: str, builtin: bool }, ['id', 'builtin']),
    attribute: obj({ name: str, type: enumOf('boolean', 'number', 'money', 'date', 'text', 'enum'), values: arrayOf(str), range: ref('range') }, ['name', 'type', 'range']),
    param: obj(
      {
        name: str,
        type: ref('type'),
        exact: enumOf('int', 'decimal'),
        repr: enumOf('fen', 'bp', 'int', 'day'),
        steps: arrayOf(obj({ ...datedSpan, value: ref('expr'), range: ref('range') }, ['value', 'range'])),
        range: ref('range'),
      },
      ['name', 'type', 'exact', 'steps', 'range'],
    ),
    table: obj({
      name: str,
      keys: arrayOf(str),
      valueType: enumOf('money', 'ratio', 'text'),
      rows: arrayOf(obj({ keys: arrayOf(str), value: str, fen: safeInt, bp: safeInt }, ['keys', 'value'])),
      range: ref('range'),
    }),
    catalogue: obj({
      name: str,
      versions: arrayOf(obj({ ...datedSpan, codes: arrayOf(str), range: ref('range') }, ['codes', 'range'])),
      range: ref('range'),
    }),
    citation: obj({ document: str, clause: str, quote: str, range: ref('range') }, ['document', 'range'], 'A legal source: document number (文号), clause, quotation.'),
    group: obj({ name: str, label: str, listed: bool, condition: ref('expr'), changesWithinYear: bool, cites: ref('citation'), range: ref('range') }, ['name', 'listed', 'changesWithinYear', 'range']),
    deadline: obj({ workingDays: { type: 'integer', minimum: 1, maximum: 365 }, cites: ref('citation'), range: ref('range') }, ['workingDays', 'range']),
    waiting: obj({ days: ref('expr'), constant: { type: 'number' }, reason: str, cites: ref('citation'), range: ref('range') }, ['days', 'reason', 'range']),
    exclusion: obj({ level: enumOf('claim', 'item'), condition: ref('expr'), reason: str, cites: ref('citation'), range: ref('range') }, ['level', 'condition', 'reason', 'range']),
    sharedLimit: obj({ name: str, value: ref('moneySlot'), period, range: ref('range') }),
    limit: {
      oneOf: [
        obj({ kind: { const: 'own' }, value: ref('moneySlot'), period, range: ref('range') }),
        obj({ kind: { const: 'shared' }, pool: str, period, range: ref('range') }),
      ],
    },
    band: obj({ from: ref('moneySlot'), to: ref('moneySlot'), ratio: ref('ratioSlot'), range: ref('range') }, ['from', 'ratio', 'range']),
    payout: {
      oneOf: [
        obj({ kind: { const: 'ratio' }, ratio: ref('ratioSlot'), range: ref('range') }),
        obj({ kind: enumOf('banded', 'whole-amount'), basis: enumOf('annual', 'above-deductible'), bands: arrayOf(ref('band')), range: ref('range') }),
      ],
    },
    benefit: obj(
      {
        name: str,
        label: str,
        index: { type: 'integer', minimum: 0 },
        settings: arrayOf(str),
        amount: obj({ value: ref('moneySlot'), range: ref('range') }),
        excluding: arrayOf(obj({ name: str, index: { type: 'integer', minimum: 0 } })),
        deductible: ref('limit'),
        cap: ref('limit'),
        payout: ref('payout'),
        cites: ref('citation'),
        clauseCites: obj({ settings: ref('citation'), amount: ref('citation'), deductible: ref('citation'), cap: ref('citation'), payout: ref('citation') }, []),
        range: ref('range'),
      },
      ['name', 'index', 'amount', 'excluding', 'payout', 'range'],
    ),
    tiltAction: obj(
      {
        scope: str,
        scopeKind: enumOf('benefit', 'shared-deductible', 'shared-cap'),
        target: enumOf('deductible', 'ratio', 'cap'),
        op: enumOf('waive', 'scale', 'cut', 'add', 'subtract'),
        value: { oneOf: [ref('moneySlot'), ref('ratioSlot')] },
        range: ref('range'),
      },
      ['target', 'op', 'range'],
    ),
    tilt: obj({ name: str, label: str, groups: arrayOf(str), changesWithinYear: bool, actions: arrayOf(ref('tiltAction')), cites: ref('citation'), range: ref('range') }, ['name', 'groups', 'changesWithinYear', 'actions', 'range']),
    combine: obj({ tilts: arrayOf(str), rule: enumOf('stack', 'first', 'best'), range: ref('range') }),
    premium: obj({
      lines: arrayOf(obj({ amount: ref('moneySlot'), condition: ref('expr'), range: ref('range') }, ['amount', 'range'])),
      cites: ref('citation'),
      range: ref('range'),
    }, ['lines', 'range']),
    test: obj({
      name: str,
      request: obj({ members: arrayOf({ type: 'object' }), claims: arrayOf({ type: 'object' }) }),
      members: arrayOf(obj({ id: str, range: ref('range') })),
      claims: arrayOf(obj({ id: str, range: ref('range') })),
      expectations: arrayOf(
        obj(
          {
            target: str, of: enumOf('claim', 'member'), benefit: str, what: enumOf('pays', 'premium', 'excluded', 'rejected'),
            expected: { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' }, reason: str, code: str, range: ref('range'), valueRange: ref('range'),
          },
          ['target', 'of', 'what', 'range', 'valueRange'],
        ),
      ),
      range: ref('range'),
    }),
  },
};
