// The contract of `yibao fund` (spec §28) as JSON Schemas: the data a fund plan reads and the
// results it prints. The data's figures are named by the fund plan, so the schema fixes their form,
// not their names; the runtime checks the names against the plan (YR024).
import { resultMoney, resultSchema } from './schemas';

const money = { type: 'string', pattern: '^-?[0-9]{1,15}(\\.[0-9]{1,2})?$', description: 'An amount in yuan, to the fen: "1234.56".' };
const percent = { type: 'string', pattern: '^-?[0-9]{1,6}(\\.[0-9]{1,10})?%$', description: 'A percentage: "40%".' };
const figure = {
  description: 'An input or opening figure of the fund plan, by its name: money as "1234.56", a ratio as "40%", a number as "1.5", a condition as true or false; or shares as { "name": "40%", … }.',
  anyOf: [money, percent, { type: 'string', pattern: '^-?[0-9]{1,15}(\\.[0-9]{1,20})?$' }, { type: 'number' }, { type: 'boolean' }, { type: 'object', additionalProperties: percent, minProperties: 1 }],
};
const year = { type: 'integer', minimum: 1900, maximum: 2200 };
/** A year's money figure worked out by `yibao fund` from files beside the data (spec §28.2). */
const source = {
  description: 'A money figure worked out from files named relative to the data file: the premiums of a members file (JSON Lines, or a request with "members") under a plan\'s schedule for this year, or the payouts of a batch run\'s results dated in this year (a layer\'s, for bills through a chain; a benefit\'s).',
  anyOf: [
    { type: 'object', required: ['premiums', 'members'], additionalProperties: false, properties: { premiums: { type: 'string', description: 'the plan file' }, members: { type: 'string', description: 'the members file' } } },
    { type: 'object', required: ['payouts'], additionalProperties: false, properties: { payouts: { type: 'string', description: 'the results file (JSON Lines)' }, layer: { type: 'string' }, benefit: { type: 'string' } } },
  ],
};

export const fundDataSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/fund-data.schema.json',
  title: 'Yibao fund data: the years of figures a fund plan computes over, per entity',
  type: 'object',
  required: ['entities'],
  additionalProperties: false,
  properties: {
    entities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'years'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, description: 'The entity: a fund, an insurer, an employer. Unique in the data.' },
          opening: { type: 'object', additionalProperties: figure, description: 'Last year\'s figures for the first year given, read by previous(NAME).' },
          years: {
            type: 'array',
            minItems: 1,
            description: 'One object per year, in any order, without gaps: "year" and the figures the plan\'s inputs and given shares name.',
            items: { type: 'object', required: ['year'], properties: { year }, additionalProperties: { anyOf: [figure, source] } },
          },
        },
      },
    },
  },
} as const;

const error = resultSchema.properties.errors;

export const fundResultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/fund-result.schema.json',
  title: 'Yibao fund results',
  type: 'object',
  required: ['fund', 'types', 'entities', 'errors', 'entityCount'],
  additionalProperties: false,
  properties: {
    fund: { type: 'string' },
    cycle: { type: 'object', required: ['years'], additionalProperties: false, properties: { years: { type: 'integer', minimum: 1 }, from: year } },
    types: { type: 'object', additionalProperties: { enum: ['money', 'ratio', 'number', 'bool'] }, description: 'The type of each input and value.' },
    entities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'years', 'unmet'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          unmet: { type: 'integer', minimum: 0, description: 'Requirements not met over all years, provisional ones included.' },
          years: {
            type: 'array',
            items: {
              type: 'object',
              required: ['year', 'values', 'requirements', 'allocations'],
              additionalProperties: false,
              properties: {
                year,
                cycle: { type: 'object', required: ['from', 'to', 'complete'], additionalProperties: false, properties: { from: year, to: year, complete: { type: 'boolean' } } },
                values: {
                  type: 'object',
                  description: 'Inputs and values by name: money to the plan\'s step ("1234.56"), ratios as fractions rounded to 10 places ("0.8" is 80 %), numbers, conditions (true/false).',
                  additionalProperties: { anyOf: [{ type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }, { type: 'boolean' }] },
                },
                provisional: { type: 'array', items: { type: 'string' }, description: 'Values over a cycle the data does not hold in full.' },
                requirements: {
                  type: 'array',
                  items: { type: 'object', required: ['text', 'holds'], additionalProperties: false, properties: { text: { type: 'string' }, holds: { type: 'boolean' }, provisional: { const: true } } },
                },
                allocations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['value', 'shares', 'total', 'parts'],
                    additionalProperties: false,
                    properties: {
                      value: { type: 'string' },
                      shares: { type: 'string' },
                      total: resultMoney,
                      parts: {
                        type: 'array',
                        description: 'The parts sum to the total exactly.',
                        items: { type: 'object', required: ['name', 'share', 'amount'], additionalProperties: false, properties: { name: { type: 'string' }, share: percent, amount: resultMoney } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    errors: error,
    entityCount: { type: 'integer', minimum: 0, description: 'Entities received: computed + those with errors.' },
    sources: {
      type: 'array',
      description: 'Figures worked out from files before computing (spec §28.2), with where each came from.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'entity', 'year', 'figure', 'from', 'file', 'records', 'value'],
        properties: {
          path: { type: 'string' }, entity: { type: 'string' }, year: { type: 'integer' }, figure: { type: 'string' },
          from: { enum: ['premiums', 'payouts'] }, file: { type: 'string' }, plan: { type: 'string' }, layer: { type: 'string' }, benefit: { type: 'string' },
          records: { type: 'integer', minimum: 0, description: 'Members priced, or result lines of that year counted.' },
          value: resultMoney,
        },
      },
    },
  },
} as const;
