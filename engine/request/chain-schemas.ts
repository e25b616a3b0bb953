// The contract of settling bills through a chain (spec §26) as JSON Schemas: the request (members
// and bills) and the result. Built from the evaluation request's and result's own parts, so a
// member, a claim's facts, a benefit line or a trace step means the same in both.
import { requestSchema, resultMoney, resultSchema } from './schemas';

const defs = requestSchema.definitions;
const claimFacts = defs.claim.properties;
const claimResult = resultSchema.properties.claims.items.properties;

export const chainRequestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/chain-request.schema.json',
  title: 'Yibao chain request: bills to settle through a chain',
  type: 'object',
  additionalProperties: false,
  properties: {
    members: { type: 'array', items: { $ref: '#/definitions/member' }, description: 'Members as in an evaluation request, with what every layer\'s plan reads.' },
    bills: { type: 'array', items: { $ref: '#/definitions/bill' } },
  },
  definitions: {
    amount: defs.amount,
    date: defs.date,
    member: defs.member,
    item: defs.item,
    bill: {
      type: 'object',
      required: ['id', 'member', 'date', 'setting', 'costs'],
      additionalProperties: false,
      properties: {
        id: claimFacts.id,
        member: claimFacts.member,
        date: claimFacts.date,
        setting: claimFacts.setting,
        flags: claimFacts.flags,
        costs: {
          type: 'object',
          description: "Every part the chain's `bill` declares and no other, in yuan; their sum is the bill's total cost.",
          additionalProperties: { $ref: '#/definitions/amount' },
        },
        items: claimFacts.items,
        attributes: { ...claimFacts.attributes, description: "Claim attributes passed to every layer's claim; each plan reads those it declares." },
      },
    },
  },
} as const;


export const chainResultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/chain-result.schema.json',
  title: 'Yibao chain result: each bill by layer, and each layer\'s years',
  type: 'object',
  required: ['chain', 'bills', 'members', 'errors', 'billCount'],
  additionalProperties: false,
  properties: {
    chain: { type: 'string' },
    bills: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'member', 'date', 'total', 'layers', 'patient'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          member: { type: 'string' },
          date: { type: 'string' },
          total: resultMoney,
          layers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['layer', 'inputs', 'payout', 'benefits', 'excluded'],
              additionalProperties: false,
              properties: {
                layer: { type: 'string' },
                inputs: { type: 'object', additionalProperties: resultMoney, description: 'The claim fields the chain gave the layer, by the name written in the chain.' },
                payout: resultMoney,
                benefits: claimResult.benefits,
                excluded: claimResult.excluded,
                trace: claimResult.trace,
              },
            },
          },
          patient: { ...resultMoney, description: "The total less every layer's payout: what the patient is left to pay." },
        },
      },
    },
    members: {
      type: 'array',
      items: { ...resultSchema.properties.members.items, required: ['layer', 'id', 'year', 'benefits'], properties: { layer: { type: 'string' }, ...resultSchema.properties.members.items.properties } },
    },
    errors: {
      type: 'array',
      items: {
        ...resultSchema.properties.errors.items,
        properties: { bill: { type: 'string' }, layer: { type: 'string' }, ...resultSchema.properties.errors.items.properties },
      },
    },
    billCount: { type: 'integer', minimum: 0, description: 'Bills received: bills settled + bills with errors.' },
  },
} as const;
