// The contracts of `yibao simulate` (spec/language.md §33) as JSON Schemas: the profile a synthetic
// population is drawn from, and the report.
const share = { type: 'number', minimum: 0 };
const money = { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' };

export const profileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://yibao.dev/schemas/simulation-profile.schema.json',
  title: 'Yibao simulation profile (yibao simulate --profile FILE)',
  type: 'object',
  required: ['profileVersion', 'illustrative', 'description', 'age', 'enrolledYears', 'settings'],
  additionalProperties: false,
  properties: {
    profileVersion: { const: 1 },
    illustrative: { type: 'boolean', description: 'Whether the figures are illustrative; a report says so.' },
    description: { type: 'string', description: 'Where the figures come from.' },
    year: { type: 'integer', minimum: 1900, maximum: 2200, description: 'The benefit year simulated (default: the year the plan is first in force).' },
    age: { type: 'array', minItems: 1, items: { type: 'object', required: ['from', 'to', 'share'], additionalProperties: false, properties: { from: { type: 'integer', minimum: 0, maximum: 120 }, to: { type: 'integer', minimum: 0, maximum: 120 }, share } } },
    enrolledYears: { type: 'array', minItems: 1, items: { type: 'object', required: ['years', 'share'], additionalProperties: false, properties: { years: { type: 'integer', minimum: 0, maximum: 100 }, share } } },
    groups: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 1 }, description: 'Listed groups: the share of members in each, drawn independently.' },
    attributes: { type: 'object', additionalProperties: { type: 'object', additionalProperties: share }, description: 'Member attributes: each value\'s share.' },
    settings: {
      type: 'object', minProperties: 1,
      additionalProperties: { type: 'object', required: ['frequency', 'median', 'sigma', 'outOfPolicyShare'], additionalProperties: false, properties: { frequency: { type: 'number', minimum: 0, maximum: 50 }, median: { type: 'number', exclusiveMinimum: 0, maximum: 10_000_000 }, sigma: { type: 'number', minimum: 0, maximum: 5 }, outOfPolicyShare: { type: 'number', minimum: 0, maximum: 1 } } },
      description: 'Per care setting: claims per member-year (Poisson mean), the median cost in yuan, the spread (log-normal sigma), the out-of-policy share.',
    },
  },
};

const side = {
  type: 'object',
  required: ['plan', 'members', 'claims', 'rejected', 'payout', 'perMember', 'premiums', 'lossRatio', 'benefits', 'groups', 'bands'],
  additionalProperties: false,
  properties: {
    plan: { type: 'string' }, members: { type: 'integer' }, claims: { type: 'integer' }, rejected: { type: 'integer' },
    payout: money, perMember: money, premiums: money, lossRatio: { oneOf: [{ type: 'string' }, { type: 'null' }] },
    benefits: { type: 'array', items: { type: 'object', required: ['name', 'payout'], additionalProperties: false, properties: { name: { type: 'string' }, payout: money } } },
    groups: { type: 'array', items: { type: 'object', required: ['group', 'members', 'payout', 'perMember'], additionalProperties: false, properties: { group: { type: 'string', description: '"": members in no listed group.' }, members: { type: 'integer' }, payout: money, perMember: money } } },
    bands: { type: 'array', items: { type: 'object', required: ['benefit', 'reached'], additionalProperties: false, properties: { benefit: { type: 'string' }, reached: { type: 'array', items: { type: 'object', required: ['band', 'members', 'share'], additionalProperties: false, properties: { band: { type: 'integer' }, members: { type: 'integer' }, share: { type: 'string' } } } } } } },
  },
};
const count = { type: 'object', required: ['members', 'total', 'largest'], additionalProperties: false, properties: { members: { type: 'integer' }, total: money, largest: money } };
const bound = { oneOf: [{ type: 'number' }, { type: 'null' }] };

export const simulationReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://yibao.dev/schemas/simulation-report.schema.json',
  title: 'Yibao simulation report (yibao simulate … --json)',
  type: 'object',
  required: ['simulationVersion', 'base'],
  additionalProperties: false,
  properties: {
    simulationVersion: { const: 1 },
    population: { type: 'object' },
    base: side,
    reform: side,
    change: {
      type: 'object',
      required: ['cost', 'perMember', 'winners', 'losers', 'unchanged', 'histogram', 'groups'],
      additionalProperties: false,
      properties: {
        cost: money, perMember: money, winners: count, losers: count, unchanged: { type: 'integer' },
        histogram: { type: 'array', items: { type: 'object', required: ['from', 'to', 'members'], additionalProperties: false, properties: { from: bound, to: bound, members: { type: 'integer' } } } },
        groups: { type: 'array', items: { type: 'object', required: ['group', 'members', 'change', 'winners', 'losers'], additionalProperties: false, properties: { group: { type: 'string' }, members: { type: 'integer' }, change: money, winners: { type: 'integer' }, losers: { type: 'integer' } } } },
      },
    },
  },
};
