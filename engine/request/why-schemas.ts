// The contract of `yibao explain PLAN REQUEST CLAIM --why --json` (spec/language.md §32) as a JSON
// Schema: what limited each benefit of the claim, and each change of one fact that changes its payout.
const money = { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' };
const both = { type: 'object', required: ['en', 'zh'], additionalProperties: false, properties: { en: { type: 'string' }, zh: { type: 'string' } } };
const place = { line: { type: 'integer', minimum: 1, description: 'The plan line of the rule.' }, cites: { type: 'string', description: 'The legal source the plan cites for the rule.' } };

export const whyReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://yibao.dev/schemas/why-report.schema.json',
  title: 'Yibao: why a claim was paid what it was (yibao explain PLAN REQUEST CLAIM --why --json)',
  type: 'object',
  required: ['claim', 'member', 'payout', 'limits', 'changes'],
  additionalProperties: false,
  properties: {
    claim: { type: 'string' },
    member: { type: 'string' },
    payout: money,
    limits: {
      type: 'array',
      description: 'One per benefit that applies to the claim, or one for the whole claim when it was excluded.',
      items: { type: 'object', required: ['kind', 'message'], additionalProperties: false, properties: { benefit: { type: 'string' }, kind: { enum: ['excluded', 'no-amount', 'deductible', 'cap', 'band'] }, message: both, toGo: { ...money, description: 'deductible: how much more of the amount this year reaches it.' }, ...place } },
    },
    changes: {
      type: 'array',
      description: 'Each change of one fact that changes the claim\'s payout, the largest change first.',
      items: { type: 'object', required: ['delta', 'payout', 'message'], additionalProperties: false, properties: { delta: money, payout: money, message: both, ...place } },
    },
  },
};
