// The contract of `yibao diff … --json` (spec/language.md §31) as a JSON Schema: the declarations
// that changed, and the pieces of the amount on which the annual payout changes.
import { DIFF_VERSION } from '../ir/diff';

const money = { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' };
const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' };
const points = { type: 'array', items: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], minItems: 2, maxItems: 2 }, description: '[amount, yuan] points of a piecewise-linear function (a jump gives two at one amount), the last past the last breakpoint.' };
const side = { type: 'object', required: ['plan', 'file'], additionalProperties: false, properties: { plan: { type: 'string' }, file: { type: 'string' }, date: { ...day, description: 'One plan on two dates: the date of this side.' } } };

const region = {
  type: 'object',
  required: ['from', 'smallest', 'largest', 'marginal'],
  additionalProperties: false,
  properties: {
    from: { ...money, description: 'The claim\'s input amount where the piece starts, yuan.' },
    to: { ...money, description: 'Where it ends; absent: no end.' },
    smallest: { oneOf: [money, { type: 'null' }], description: 'The smallest change of the payout (new − old) on the piece; null: without bound below.' },
    largest: { oneOf: [money, { type: 'null' }], description: 'The largest; null: without bound above.' },
    marginal: { type: 'string', description: 'The change of the marginal ratio on the piece, percentage points.' },
  },
};

const change = {
  type: 'object',
  required: ['benefit', 'tilts', 'conditions', 'from', 'changeFunction', 'regions'],
  additionalProperties: false,
  properties: {
    benefit: { type: 'string' },
    tilts: { type: 'array', items: { type: 'string' } },
    conditions: { type: 'array', items: { type: 'object', required: ['text', 'holds'], additionalProperties: false, properties: { text: { type: 'string' }, holds: { type: 'boolean' } } } },
    from: day,
    to: day,
    oldFunction: points,
    newFunction: points,
    changeFunction: points,
    regions: { type: 'array', minItems: 1, items: region },
  },
};

export const diffReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://yibao.dev/schemas/diff-report.schema.json',
  title: 'Yibao plan diff (yibao diff OLD NEW --json)',
  type: 'object',
  required: ['diffVersion', 'old', 'new', 'declarations', 'changes'],
  additionalProperties: false,
  properties: {
    diffVersion: { const: DIFF_VERSION },
    old: side,
    new: side,
    declarations: { type: 'array', items: { type: 'object', required: ['kind', 'name', 'change'], additionalProperties: false, properties: { kind: { type: 'string' }, name: { type: 'string' }, change: { enum: ['added', 'removed', 'changed'] }, oldLine: { type: 'integer', minimum: 1 }, newLine: { type: 'integer', minimum: 1 } } } },
    changes: { type: 'array', items: change },
  },
};
