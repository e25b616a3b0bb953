// The checker: AST → checked plan (names resolved, units known, data loaded) plus diagnostics.
import type * as A from '../../grammar/ast';
import type { Diagnostic } from '../../grammar/diagnostic';
import { diag } from '../ir/diagnostics';
import type { CheckedPlan, Sym } from '../ir/model';
import { checkHeader, checkSteps, collectDeclarations, emptyPlan, SymbolTable } from './declarations';
import { ExpressionChecker, type Scope } from './expressions';
import { RuleChecker } from './rules';
import { T, assignable, type Ty } from '../ir/types';
import type { FileReader } from './data';

export type { FileReader, ReadRefused } from './data';

export interface CheckResult {
  plan: CheckedPlan;
  diagnostics: Diagnostic[];
}

const ANY_ROOT = { roots: new Set(['member', 'claim'] as const), what: ['A parameter', '参数'] as [string, string], bareIsMoney: true };
// A group may read the claim too: a group of claims (by hospital level, place…) for tilts and conditions.
const GROUP_CTX = { roots: new Set(['member', 'claim'] as const), what: ['A group', '人群'] as [string, string] };

export function check(program: A.Program, file: string, reader: FileReader): CheckResult {
  const out: Diagnostic[] = [];
  const plan = emptyPlan(file);
  const table = new SymbolTable(out);
  checkHeader(program.declarations, plan, out, program.range);
  collectDeclarations(program.declarations, plan, table, reader, out);

  const typing = new Set<string>();
  const typed = new Map<string, Ty>();
  // eslint-disable-next-line prefer-const
  let x: ExpressionChecker;
  const scope: Scope = {
    lookup: (name) => table.symbols.get(name),
    names: () => [...table.symbols.keys()],
    attributes: plan.attributes,
    claimAttributes: plan.claimAttributes,
    tableKeyCount: (name) => plan.tables.get(name)?.keys.length,
    symbolType(sym: Sym): Ty {
      switch (sym.kind) {
        case 'param':
          return paramType(sym);
        case 'group':
          groupCycle(sym);
          return T.group;
        case 'table':
          return sym.id === 'value' ? (plan.tables.get(sym.name)?.valueType ?? T.error) : T.table;
        case 'catalogue':
          return T.catalogue;
        case 'setting':
          return T.setting;
        case 'flag':
          return T.flag;
        case 'enum-value':
          return { k: 'enumlit', value: sym.name };
        default:
          out.push(diag('YB105', sym.range, { name: sym.name, actual: sym.kind, expected: 'value' }));
          return T.error;
      }
    },
  };

  // Parameters are typed on first use, so they may be declared in any order; a cycle is an error.
  function paramType(sym: Sym): Ty {
    const known = typed.get(sym.name);
    if (known) return known;
    if (typing.has(sym.name)) {
      out.push(diag('YB115', sym.range, { name: sym.name }));
      return T.error;
    }
    typing.add(sym.name);
    const d = sym.decl as A.ParamDecl;
    let t: Ty = T.error;
    if (d.value.kind === 'constant') t = x.type(d.value.value, ANY_ROOT);
    else {
      const types = d.value.steps.map((s) => x.type(s.value, ANY_ROOT));
      t = types.find((s) => s.k !== 'error' && !(s.k === 'number' && s.literal)) ?? types[0] ?? T.error;
      types.forEach((s, i) => {
        if (t.k !== 'error' && !assignable(s, t)) x.wrongType(d.value.kind === 'steps' ? d.value.steps[i]!.value : d.value.value, t, s);
      });
    }
    if (t.k === 'number' && t.literal) t = T.money; // a bare number parameter is an amount in yuan
    typing.delete(sym.name);
    typed.set(sym.name, t);
    const value = d.value.kind === 'constant' ? { steps: [{ value: d.value.value, range: d.range }] } : checkSteps(d.value.steps, out, (e) => e);
    plan.params.set(sym.name, { name: sym.name, type: t, value, range: d.name.range });
    return t;
  }

  const groupsChecking = new Set<string>();
  const groupsDone = new Set<string>();
  function groupCycle(sym: Sym): void {
    if (groupsDone.has(sym.name)) return;
    if (groupsChecking.has(sym.name)) {
      out.push(diag('YB115', sym.range, { name: sym.name }));
      return;
    }
    groupsChecking.add(sym.name);
    const cond = (sym.decl as A.GroupDecl).condition;
    if (cond) x.condition(cond, GROUP_CTX);
    groupsChecking.delete(sym.name);
    groupsDone.add(sym.name);
  }

  x = new ExpressionChecker(scope, plan.info, out);
  const rules = new RuleChecker(plan, scope, x, out);
  const combined = new Map();
  for (const d of program.declarations) {
    switch (d.kind) {
      case 'param': {
        const sym = table.symbols.get(d.name.text);
        if (sym?.decl === d) paramType(sym);
        break;
      }
      case 'group': {
        const sym = table.symbols.get(d.name.text);
        if (sym?.decl === d) groupCycle(sym);
        break;
      }
      case 'waiting': rules.waiting(d); break;
      case 'deadline': rules.deadline(d); break;
      case 'exclude': rules.exclusion(d); break;
      case 'shared-deductible': {
        const l = plan.sharedDeductibles.get(d.name.text);
        if (l) rules.sharedLimit(l, 'deductible');
        break;
      }
      case 'shared-cap': {
        const l = plan.sharedCaps.get(d.name.text);
        if (l) rules.sharedLimit(l, 'cap');
        break;
      }
      case 'benefit': rules.benefit(d); break;
      case 'tilt': rules.tilt(d); break;
      case 'combine': rules.combine(d, combined); break;
      case 'premium': rules.premium(d); break;
      case 'test': rules.test(d); break;
      // A chain is checked as a chain file (check/chain.ts), never as part of a plan.
      case 'chain': out.push(diag('YB962', d.range)); break;
      // A fund plan too is a file of its own (check/fund.ts).
      case 'fund': out.push(diag('YB970', d.range)); break;
      // Floors too (check/floors.ts).
      case 'floors': out.push(diag('YB980', d.range)); break;
      default: break;
    }
  }
  rules.finish();
  return { plan, diagnostics: out.map((d) => ({ ...d, file })) };
}
