// Checked plan → the plan as data (engine/ir/plan.ts, spec/ir.md): every name resolved, every
// expression a typed tree marked with how the compiler computes it, every data file's contents
// inside. The result is plain JSON: it can be sent to a worker, stored, diffed, or read by another
// backend, and lowering the same plan twice gives the same JSON.
import type { Diagnostic } from '../../grammar/diagnostic';
import type { CheckedPlan } from '../ir/model';
import { IR_VERSION, type PlanIR } from '../ir/plan';
import { LowerContext, defined } from './context';
import { lowerAttributes, lowerCatalogues, lowerFlags, lowerGroups, lowerHeader, lowerParams, lowerSettings, lowerTables } from './declarations';
import { analyseRoots, lowerBenefits, lowerCombines, lowerExclusions, lowerPremium, lowerShared, lowerTilts, lowerWaiting, lowerDeadline } from './rules';
import { lowerTests } from './tests';

export interface LowerResult {
  ir: PlanIR;
  /** Problems found while lowering; a plan that checked without errors has none. */
  diagnostics: Diagnostic[];
}

/** Lowers a checked plan (one `checkPlan` returned without errors) to its IR. */
export function lower(checked: CheckedPlan): LowerResult {
  const cx = new LowerContext(checked);
  analyseRoots(cx);
  const ir: PlanIR = defined({
    irVersion: IR_VERSION,
    file: checked.file,
    header: lowerHeader(checked),
    settings: lowerSettings(checked),
    flags: lowerFlags(checked),
    // Stryker disable next-line StringLiteral: only 'claim' is told apart; anything else lists the member's attributes
    attributes: lowerAttributes(checked, 'member'),
    claimAttributes: lowerAttributes(checked, 'claim'),
    params: lowerParams(cx),
    tables: lowerTables(checked),
    catalogues: lowerCatalogues(checked),
    groups: lowerGroups(cx),
    waiting: lowerWaiting(cx),
    deadline: lowerDeadline(cx),
    exclusions: lowerExclusions(cx),
    sharedDeductibles: lowerShared(cx, checked.sharedDeductibles),
    sharedCaps: lowerShared(cx, checked.sharedCaps),
    benefits: lowerBenefits(cx),
    tilts: lowerTilts(cx),
    combines: lowerCombines(checked),
    premium: lowerPremium(cx),
    tests: lowerTests(checked.tests, new Set(checked.claimAttributes.keys())),
  });
  return { ir, diagnostics: [] };
}

export type { PlanIR } from '../ir/plan';
