// The engine's contract as JSON Schemas. spec/schemas/*.json are these objects, written out by
// `npm run schemas` and compared in a test, so the published files never drift from the code.

const amount = {
  description: 'Yuan, ≥ 0, at most 2 decimals and below one billion: a decimal string ("12000.00") or a JSON number.',
  anyOf: [
    { type: 'string', pattern: '^(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?$', maxLength: 12 },
    { type: 'number', minimum: 0, maximum: 999999999.99 },
  ],
};
const date = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'ISO date YYYY-MM-DD.' };
const id = { type: 'string', minLength: 1, maxLength: 200 };
const shortText = { type: 'string', minLength: 1, maxLength: 200 };
/** Values of declared attributes, by name: what a plan does not declare is ignored. */
const attributes = {
  type: 'object',
  maxProperties: 100,
  additionalProperties: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }, { type: 'boolean' }] },
};

export const requestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/request.schema.json',
  title: 'Yibao evaluation request',
  type: 'object',
  additionalProperties: false,
  properties: {
    members: { type: 'array', items: { $ref: '#/definitions/member' } },
    claims: { type: 'array', items: { $ref: '#/definitions/claim' } },
    year: { type: 'integer', minimum: 1900, maximum: 2200, description: 'Benefit year for premiums; default: the year the plan becomes valid.' },
  },
  definitions: {
    amount,
    date,
    member: {
      type: 'object',
      // Only the fields a plan reads are required of a member: `yibao schema PLAN` says which.
      required: ['id'],
      additionalProperties: false,
      properties: {
        id,
        birthDate: { $ref: '#/definitions/date' },
        enrolledSince: { $ref: '#/definitions/date' },
        groups: { type: 'array', items: shortText, maxItems: 100 },
        attributes,
      },
    },
    claim: {
      type: 'object',
      required: ['id', 'member', 'date', 'setting'],
      additionalProperties: false,
      properties: {
        id,
        member: id,
        date: { $ref: '#/definitions/date' },
        setting: shortText,
        flags: { type: 'array', items: shortText, maxItems: 50 },
        inPolicySelfPay: { $ref: '#/definitions/amount' },
        outOfPolicySelfPay: { $ref: '#/definitions/amount' },
        overLimitSelfPay: { $ref: '#/definitions/amount' },
        items: { type: 'array', items: { $ref: '#/definitions/item' }, maxItems: 10000 },
        attributes: { ...attributes, description: "Values of the plan's declared claim attributes (attribute claim.NAME: TYPE); others are ignored." },
      },
    },
    item: {
      type: 'object',
      required: ['code', 'amount', 'class'],
      additionalProperties: false,
      properties: {
        code: shortText,
        amount: { $ref: '#/definitions/amount' },
        class: { enum: ['in', 'out'] },
        category: shortText,
      },
    },
  },
} as const;

/** An amount in a result: yuan with exactly two decimals. Chain and fund results use it too. */
export const resultMoney = { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$' };
const range = {
  type: 'object',
  required: ['start', 'end'],
  properties: {
    start: { type: 'object', required: ['line', 'column'], properties: { line: { type: 'integer' }, column: { type: 'integer' }, offset: { type: 'integer' } } },
    end: { type: 'object', required: ['line', 'column'], properties: { line: { type: 'integer' }, column: { type: 'integer' }, offset: { type: 'integer' } } },
  },
};
const benefitLine = {
  type: 'object',
  required: ['name', 'eligible', 'deductible', 'payout'],
  properties: { name: { type: 'string' }, label: { type: 'string' }, eligible: resultMoney, deductible: resultMoney, payout: resultMoney },
};

export const resultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/result.schema.json',
  title: 'Yibao evaluation result',
  type: 'object',
  required: ['claims', 'members', 'errors'],
  properties: {
    claims: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'member', 'payout', 'benefits', 'excluded', 'trace'],
        properties: {
          id: { type: 'string' },
          member: { type: 'string' },
          payout: resultMoney,
          benefits: { type: 'array', items: benefitLine },
          excluded: {
            type: 'array',
            items: { type: 'object', required: ['reason', 'amount'], properties: { reason: { type: 'string' }, amount: resultMoney, item: { type: 'string' }, range } },
          },
          trace: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'output'],
              properties: { rule: { type: 'string' }, range, cites: { type: 'string', description: 'The legal source the plan cites for this rule.' }, inputs: { type: 'object' }, output: { type: 'string' } },
            },
          },
        },
      },
    },
    members: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'year', 'benefits'],
        properties: { id: { type: 'string' }, year: { type: 'integer' }, payout: resultMoney, benefits: { type: 'array', items: benefitLine } },
      },
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: {
          claim: { type: 'string' },
          member: { type: 'string' },
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
