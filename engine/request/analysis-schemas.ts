// The contract of `yibao analyze PLAN --json` (spec/language.md §30) as a JSON Schema: the payout
// functions as breakpoint tables, the benefits that could not be analysed, and the verdicts, each
// failure with a witness in the request format of `yibao eval`.
import { ANALYSIS_VERSION } from '../ir/analysis';

const money = { type: 'string', pattern: '^-?[0-9]+\\.[0-9]{2}$', description: 'Yuan with two decimals.' };
const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' };
const both = { type: 'object', required: ['en', 'zh'], additionalProperties: false, properties: { en: { type: 'string' }, zh: { type: 'string' } } };
const line = { type: 'integer', minimum: 1 };

const breakpoint = {
  type: 'object',
  required: ['amount', 'exact', 'payout', 'marginal'],
  additionalProperties: false,
  properties: {
    amount: { ...money, description: 'The claim\'s input amount where a piece of the function starts, rounded up to the fen.' },
    exact: { type: 'boolean', description: 'Whether `amount` is the breakpoint itself (false: the breakpoint lies between two fen).' },
    payout: { ...money, description: 'The payout of a year of one claim of this amount, rounded as the plan rounds.' },
    before: { ...money, description: 'Where the payout jumps here: its value just before.' },
    marginal: { type: 'string', pattern: '^-?[0-9.]+%$', description: 'The marginal ratio from here on: payout per yuan of the input.' },
  },
};

const fn = {
  type: 'object',
  required: ['benefit', 'from', 'tilts', 'conditions', 'input', 'deductible', 'breakpoints'],
  additionalProperties: false,
  properties: {
    benefit: { type: 'string' },
    from: { ...day, description: 'The first day of the date version.' },
    to: { ...day, description: 'Its last day; absent: open.' },
    tilts: { type: 'array', items: { type: 'string' }, description: 'The tilts that apply.' },
    conditions: { type: 'array', items: { type: 'object', required: ['text', 'holds'], additionalProperties: false, properties: { text: { type: 'string' }, holds: { type: 'boolean' } } }, description: 'The conditions of the plan on the way to these values (an `if`, a table row), as written.' },
    input: { type: 'string', description: 'The claim\'s input the amount is read from: `claim.FIELD`, or `items in CATALOGUE`.' },
    deductible: money,
    cap: money,
    breakpoints: { type: 'array', minItems: 1, items: breakpoint },
  },
};

const witness = {
  type: 'object',
  required: ['request', 'claims', 'confirmed'],
  additionalProperties: false,
  properties: {
    request: { type: 'object', required: ['members', 'claims'], description: 'Members and claims for `yibao eval PLAN REQUEST.json` (spec/schemas/request.schema.json).' },
    claims: { type: 'array', items: { type: 'object', required: ['claim', 'tilts', 'amount', 'expected'], additionalProperties: false, properties: { claim: { type: 'string' }, tilts: { type: 'array', items: { type: 'string' } }, amount: money, expected: money, paid: money } } },
    confirmed: { type: 'boolean', description: 'Whether the engine paid every claim what the function says.' },
  },
};

const verdict = {
  type: 'object',
  required: ['property', 'status', 'benefit', 'functions', 'message', 'line', 'column'],
  additionalProperties: false,
  properties: {
    property: { enum: ['monotone', 'marginal', 'cap', 'favourable', 'cliff'] },
    status: { enum: ['proved', 'fails', 'declared'], description: '`declared`: a jump a whole-amount schedule declares.' },
    benefit: { type: 'string' },
    tilt: { type: 'string', description: 'For `favourable`: the tilt.' },
    functions: { type: 'integer', minimum: 1, description: 'How many functions (or pairs of functions, for a tilt) the verdict covers.' },
    message: both,
    line,
    column: line,
    counterexample: witness,
  },
};

export const analysisReportSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://yibao.dev/schemas/analysis-report.schema.json',
  title: 'Yibao analysis report: a plan\'s exact payout functions and proofs over them (yibao analyze PLAN --json)',
  type: 'object',
  required: ['analysisVersion', 'plan', 'file', 'functions', 'unanalysed', 'verdicts'],
  additionalProperties: false,
  properties: {
    analysisVersion: { const: ANALYSIS_VERSION },
    plan: { type: 'string' },
    file: { type: 'string' },
    functions: { type: 'array', items: fn },
    unanalysed: { type: 'array', items: { type: 'object', required: ['benefit', 'from', 'why', 'whyZh', 'line', 'column'], additionalProperties: false, properties: { benefit: { type: 'string' }, from: day, why: { type: 'string' }, whyZh: { type: 'string' }, line, column: line } } },
    verdicts: { type: 'array', items: verdict },
  },
};
