// The contract of `yibao deadlines` (spec §27) as JSON Schemas: the payments to judge and the report.
import { requestSchema } from './schemas';

const date = { ...requestSchema.definitions.date, description: 'ISO date YYYY-MM-DD, within the years of the working-day calendar.' };

export const deadlineRequestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/deadline-request.schema.json',
  title: 'Yibao payout-deadline request: payments to judge against the plan\'s deadline',
  type: 'object',
  required: ['payments'],
  additionalProperties: false,
  properties: {
    asOf: { ...date, description: 'The day unpaid claims are judged on: unpaid past their due date on it, they are overdue.' },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['claim', 'submitted'],
        additionalProperties: false,
        properties: {
          claim: { type: 'string', minLength: 1, maxLength: 200 },
          submitted: { ...date, description: 'The day the claim was submitted for payment (not counted).' },
          paid: { ...date, description: 'The day it was paid; absent while unpaid.' },
        },
      },
    },
  },
} as const;

export const deadlineReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/deadline-report.schema.json',
  title: 'Yibao payout-deadline report',
  type: 'object',
  required: ['payments', 'late', 'errors', 'paymentCount'],
  additionalProperties: false,
  properties: {
    workingDays: { type: 'integer', minimum: 1, maximum: 365 },
    cites: { type: 'string' },
    asOf: date,
    payments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['claim', 'submitted', 'due', 'status'],
        additionalProperties: false,
        properties: {
          claim: { type: 'string' },
          submitted: date,
          due: { ...date, description: 'The last day payment is on time: the N-th working day after submission.' },
          paid: date,
          status: { enum: ['on-time', 'late', 'unpaid', 'overdue'] },
          daysLate: { type: 'integer', minimum: 1 },
          workingDaysLate: { type: 'integer', minimum: 0 },
        },
      },
    },
    late: { type: 'integer', minimum: 0 },
    errors: { type: 'array', items: { type: 'object', required: ['path', 'code', 'message'], properties: { claim: { type: 'string' }, path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
    paymentCount: { type: 'integer', minimum: 0 },
  },
} as const;
