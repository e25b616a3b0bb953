// The contract of `yibao check PLAN --against FLOORS --json` (spec §29) as a JSON Schema: each rule's
// verdict, the case it rests on, and a counterexample in the request format of `yibao eval`.
import { FLOOR_MEASURES } from '../ir/floors';
import { BUILTIN_SETTINGS } from '../../grammar/vocabulary';

const position = { type: 'object', required: ['line', 'column', 'offset'], additionalProperties: false, properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 }, offset: { type: 'integer', minimum: 0 } } };
const range = { type: 'object', required: ['start', 'end'], additionalProperties: false, properties: { start: position, end: position }, description: 'A source range; end exclusive.' };
const both = { type: 'object', required: ['en', 'zh'], additionalProperties: false, properties: { en: { type: 'string' }, zh: { type: 'string' } } };
const value = { type: 'string', description: 'A ratio as a percentage ("70%"), or money in yuan ("150000.00").' };

const verdict = {
  type: 'object',
  required: ['text', 'measure', 'status', 'cases', 'range'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', description: 'The rule as the floors file words it.' },
    measure: { enum: Object.keys(FLOOR_MEASURES) },
    setting: { enum: BUILTIN_SETTINGS.map((s) => s.id), description: 'The care setting measured; absent: every setting.' },
    status: { enum: ['holds', 'violated', 'unknown', 'not-applicable'] },
    cases: { type: 'integer', minimum: 0, description: 'How many (date, benefit, band, condition path, tilts) cases were examined.' },
    worst: {
      type: 'object',
      required: ['value', 'bound', 'date', 'tilts', 'conditions'],
      additionalProperties: false,
      description: 'The lowest value found (a violation\'s worst case), with its bound on that date.',
      properties: {
        value,
        bound: value,
        date: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        benefit: { type: 'string' },
        band: { type: 'integer', minimum: 1, description: 'The band of a schedule, from 1.' },
        tilts: { type: 'array', items: { type: 'string' } },
        conditions: { type: 'array', items: { type: 'object', required: ['text', 'holds'], additionalProperties: false, properties: { text: { type: 'string' }, holds: { type: 'boolean' } } }, description: 'The conditions on the way to the value, as written in the plan.' },
        range: { ...range, description: 'Where the plan gives the value.' },
      },
    },
    reason: { ...both, description: 'Why the rule holds trivially, cannot be proven or does not apply.' },
    counterexample: {
      type: 'object',
      required: ['request', 'confirmed'],
      additionalProperties: false,
      properties: {
        request: { type: 'object', required: ['members', 'claims'], additionalProperties: false, properties: { members: { type: 'array', items: { type: 'object' } }, claims: { type: 'array', items: { type: 'object' } } }, description: 'Members and claims for yibao eval PLAN REQUEST.json, in the format of request.schema.json.' },
        observed: { type: 'string', description: 'What the engine paid, as the measure reads it.' },
        confirmed: { type: 'boolean', description: 'Whether the engine\'s payouts show the value found.' },
      },
    },
    range: { ...range, description: 'The rule\'s place in the floors file.' },
  },
};

const diagnostic = { type: 'object', required: ['code', 'severity', 'range', 'args'], properties: { code: { type: 'string', pattern: '^YB[0-9]{3}$' }, severity: { enum: ['error', 'warning', 'info'] }, range, args: { type: 'object' }, file: { type: 'string' }, related: { type: 'array' } } };

const report = {
  type: 'object',
  required: ['plan', 'floors', 'verdicts', 'diagnostics'],
  additionalProperties: false,
  properties: {
    plan: { type: 'string', description: 'The plan\'s name.' },
    floors: { type: 'string', description: 'The floors\' name.' },
    verdicts: { type: 'array', items: verdict, description: 'One per rule, in the order the floors file gives them.' },
    diagnostics: { type: 'array', items: diagnostic, description: 'YB990 for each violation, YB991 for each rule that cannot be proven, on the plan\'s line, related to the floor\'s line.' },
  },
};

export const floorsReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/floors-report.schema.json',
  title: 'Yibao floors report: plans proven against a region\'s floors (yibao check PLAN --against FLOORS --json)',
  description: 'One report for one plan; an array of them for several plans.',
  oneOf: [report, { type: 'array', items: report }],
};
