// The engine's JSON Schemas as published in spec/schemas/, and the request validators generated from
// them: `npm run schemas` writes them (write-schemas.ts), a test keeps every one equal to the code.
import { batchErrorSchema, batchResultSchema, chainBatchErrorSchema, chainBatchResultSchema, chainBatchYearSchema } from '../engine/batch/schemas';
import { planIrSchema } from '../engine/ir/plan-schema';
import { requestSchema, resultSchema } from '../engine/request/schemas';
import { chainRequestSchema, chainResultSchema } from '../engine/request/chain-schemas';
import { deadlineReportSchema, deadlineRequestSchema } from '../engine/request/deadline-schemas';
import { fundDataSchema, fundResultSchema } from '../engine/request/fund-schemas';
import { floorsReportSchema } from '../engine/request/floors-schemas';
import { analysisReportSchema } from '../engine/request/analysis-schemas';
import { diffReportSchema } from '../engine/request/diff-schemas';
import { whyReportSchema } from '../engine/request/why-schemas';
import { profileSchema, simulationReportSchema } from '../engine/request/simulation-schemas';
import { requestValidatorsSource, wholeRequestValidatorSource } from '../engine/request/standalone-validators';

/** Every file `npm run schemas` writes, with its text: the published schemas and the generated validators. */
export function schemaFiles(): [string, string][] {
  return [
    ['spec/schemas/request.schema.json', JSON.stringify(requestSchema, null, 2) + '\n'],
    ['spec/schemas/result.schema.json', JSON.stringify(resultSchema, null, 2) + '\n'],
    // What a batch run writes: a result line per settled claim, a record per rejected line.
    ['spec/schemas/batch-result.schema.json', JSON.stringify(batchResultSchema, null, 2) + '\n'],
    ['spec/schemas/batch-error.schema.json', JSON.stringify(batchErrorSchema, null, 2) + '\n'],
    // Bills through a chain (spec/language.md §26): what `yibao settle` reads and prints.
    ['spec/schemas/chain-request.schema.json', JSON.stringify(chainRequestSchema, null, 2) + '\n'],
    ['spec/schemas/chain-result.schema.json', JSON.stringify(chainResultSchema, null, 2) + '\n'],
    // What `yibao settle CHAIN --members FILE --bills FILE` writes: a line per bill, per member-year, per rejected line.
    ['spec/schemas/chain-batch-result.schema.json', JSON.stringify(chainBatchResultSchema, null, 2) + '\n'],
    ['spec/schemas/chain-batch-year.schema.json', JSON.stringify(chainBatchYearSchema, null, 2) + '\n'],
    ['spec/schemas/chain-batch-error.schema.json', JSON.stringify(chainBatchErrorSchema, null, 2) + '\n'],
    // Payments against a plan's payout deadline (§27): what `yibao deadlines` reads and prints.
    ['spec/schemas/deadline-request.schema.json', JSON.stringify(deadlineRequestSchema, null, 2) + '\n'],
    ['spec/schemas/deadline-report.schema.json', JSON.stringify(deadlineReportSchema, null, 2) + '\n'],
    // A fund plan's data and results (§28): what `yibao fund` reads and prints.
    ['spec/schemas/fund-data.schema.json', JSON.stringify(fundDataSchema, null, 2) + '\n'],
    ['spec/schemas/fund-result.schema.json', JSON.stringify(fundResultSchema, null, 2) + '\n'],
    // Plans proven against floors (§29): what `yibao check PLAN --against FLOORS --json` prints.
    ['spec/schemas/floors-report.schema.json', JSON.stringify(floorsReportSchema, null, 2) + '\n'],
    // A plan's payout functions and proofs (§30): what `yibao analyze PLAN --json` prints.
    ['spec/schemas/analysis-report.schema.json', JSON.stringify(analysisReportSchema, null, 2) + '\n'],
    // What changed between two plans (§31): what `yibao diff … --json` prints.
    ['spec/schemas/diff-report.schema.json', JSON.stringify(diffReportSchema, null, 2) + '\n'],
    // Why a claim was paid what it was (§32): what `yibao explain … --why --json` prints.
    ['spec/schemas/why-report.schema.json', JSON.stringify(whyReportSchema, null, 2) + '\n'],
    // A population simulated under a plan and a reform (§33): the profile it is drawn from, and the report.
    ['spec/schemas/simulation-profile.schema.json', JSON.stringify(profileSchema, null, 2) + '\n'],
    ['spec/schemas/simulation-report.schema.json', JSON.stringify(simulationReportSchema, null, 2) + '\n'],
    // The plan as data (spec/ir.md): what `yibao ir PLAN` prints.
    ['spec/schemas/plan-ir.schema.json', JSON.stringify(planIrSchema, null, 2) + '\n'],
    // Member and claim validators: engine/request/request.ts.
    ['engine/request/request-validators.generated.ts', requestValidatorsSource()],
    // The whole request: the editor's test bench, whose page may not compile code (no 'unsafe-eval').
    ['engine/request/whole-request-validator.generated.ts', wholeRequestValidatorSource()],
  ];
}
