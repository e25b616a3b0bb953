// The JSON Schemas of what a batch run writes as JSON Lines: a result line per settled claim, and
// a rejected record per claim, member line or item row (npm run schemas writes them to spec/schemas/).
import { chainResultSchema } from '../request/chain-schemas';

const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' };
const position = { type: 'object', required: ['offset', 'line', 'column'], properties: { offset: { type: 'integer' }, line: { type: 'integer' }, column: { type: 'integer' } } };
/** Where in the plan the rule stands. */
const range = { type: 'object', required: ['start', 'end'], properties: { start: position, end: position } };

export const batchResultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/batch-result.schema.json',
  title: 'Yibao batch result line (one settled claim): the API\'s claim result without its trace',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'member', 'date', 'payout', 'benefits', 'excluded'],
  properties: {
    id: { type: 'string' },
    member: { type: 'string' },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    payout: money,
    benefits: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'eligible', 'deductible', 'payout'],
        properties: { name: { type: 'string' }, label: { type: 'string' }, eligible: money, deductible: money, payout: money },
      },
    },
    excluded: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['reason', 'amount'], properties: { reason: { type: 'string' }, amount: money, item: { type: 'string' }, range } },
    },
  },
};

export const batchErrorSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/batch-error.schema.json',
  title: 'Yibao batch rejected record (a claim, a member line or an item row, with all its reasons)',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'reasons'],
  properties: {
    file: { enum: ['claims', 'members', 'items'], description: 'the input file the record is in' },
    line: { type: 'integer', minimum: 1, description: 'its line in that whole file, counting header and blank lines' },
    claim: { type: 'string', description: 'the claim id, when it could be read (claims and items)' },
    member: { type: 'string', description: 'the member id, when it could be read' },
    reasons: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'code', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON pointer inside the record ("" for the whole line)' },
          code: { type: 'string', pattern: '^YR\\d{3}$' },
          message: { type: 'string' },
        },
      },
    },
  },
};

/** What `yibao settle CHAIN --members FILE --bills FILE` writes: the chain result's parts, one per line. */
export const chainBatchResultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/chain-batch-result.schema.json',
  title: 'Yibao chain batch result line (one settled bill): the chain result\'s bill, as `yibao settle CHAIN BILLS.json` gives it',
  ...chainResultSchema.properties.bills.items,
};

export const chainBatchYearSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/chain-batch-year.schema.json',
  title: 'Yibao chain batch member-year line (--years): one layer\'s totals for a member and a benefit year of that layer',
  ...chainResultSchema.properties.members.items,
};

export const chainBatchErrorSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/chain-batch-error.schema.json',
  title: 'Yibao chain batch rejected record (a bill or a member line, with all its reasons)',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'reasons'],
  properties: {
    file: { enum: ['members', 'bills'], description: 'the input file the record is in' },
    line: batchErrorSchema.properties.line,
    bill: { type: 'string', description: 'the bill id, when it could be read' },
    member: batchErrorSchema.properties.member,
    reasons: {
      ...batchErrorSchema.properties.reasons,
      items: {
        ...batchErrorSchema.properties.reasons.items,
        properties: { ...batchErrorSchema.properties.reasons.items.properties, layer: { type: 'string', description: 'the layer whose plan gave the reason, when one did' } },
      },
    },
  },
};
