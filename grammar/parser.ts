// The grammar, and nothing else: a Chevrotain CstParser with error recovery. Semantics live in
// to-ast.ts (CST → AST) and in the engine.
import { CstParser, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import {
  allTokens, T, Identifier, Word, StringLit, DateLit, PercentLit, PointsLit, MoneyLit, NumberLit,
  Range, Dot, Comma, Colon, Semicolon, LCurly, RCurly, LParen, RParen, LBracket, RBracket, Pipe,
  CompareOp, GreaterEq, Plus, Minus, Times, Divide, Equals,
} from './tokens';

/** Past this many syntax errors the parser stops: the rest would only echo them, and slowly. */
export const MAX_PARSE_ERRORS = 100;

export class TooManyErrors extends Error {}

/**
 * Past this many grammar rules open at once the parser stops (YB006). A bracket, a branch of `if`
 * or an argument opens nine or ten (an expression down to its primary), so this allows some 60
 * levels of them. Without it the bound would be the machine's stack: on Node's a cold parse
 * overflows near 140 levels and a warm one later, so the same plan would pass or fail by chance.
 */
export const MAX_RULE_DEPTH = 600;

/** Thrown when a plan nests past MAX_RULE_DEPTH, at the token where it did. */
export class TooDeep extends Error {
  constructor(readonly token: IToken) {
    super('nesting too deep');
  }
}

type Engine = {
  RULE_STACK_IDX: number;
  ruleInvocationStateUpdate(this: CstParser, shortName: number, fullName: string, idx: number): void;
};

export class YibaoParser extends CstParser {
  /**
   * `checked`: with Chevrotain's checks of the grammar (ambiguities, left recursion, …), as the
   * tests build it (test/grammar-definition.test.ts). The parser every run uses skips them: they
   * are half of its start-up, and the grammar does not change.
   */
  constructor(checked = false) {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 4, nodeLocationTracking: 'full', skipValidations: !checked });
    this.performSelfAnalysis();
  }

  // Chevrotain records every error through SAVE_ERROR; stopping here bounds the work that error
  // recovery can do on hostile input.
  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const base = CstParser.prototype as unknown as { SAVE_ERROR(this: CstParser, e: IRecognitionException): IRecognitionException };
    const saved = base.SAVE_ERROR.call(this, error);
    if (this.errors.length >= MAX_PARSE_ERRORS) throw new TooManyErrors();
    return saved;
  }

  // Chevrotain enters every rule here (inside the rule's try, so its finally closes it again):
  // counting open rules here bounds nesting the same way on every run.
  protected ruleInvocationStateUpdate(shortName: number, fullName: string, idx: number): void {
    const base = CstParser.prototype as unknown as Engine;
    base.ruleInvocationStateUpdate.call(this, shortName, fullName, idx);
    if ((this as unknown as Engine).RULE_STACK_IDX >= MAX_RULE_DEPTH) throw new TooDeep(this.LA(1));
  }

  program = this.RULE('program', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.planHeader) },
      { ALT: () => this.SUBRULE(this.settingDecl) },
      { ALT: () => this.SUBRULE(this.flagDecl) },
      { ALT: () => this.SUBRULE(this.attributeDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.catalogueDecl) },
      { ALT: () => this.SUBRULE(this.groupDecl) },
      { ALT: () => this.SUBRULE(this.waitingDecl) },
      { ALT: () => this.SUBRULE(this.excludeDecl) },
      { ALT: () => this.SUBRULE(this.sharedDeductibleDecl) },
      { ALT: () => this.SUBRULE(this.sharedCapDecl) },
      { ALT: () => this.SUBRULE(this.benefitDecl) },
      { ALT: () => this.SUBRULE(this.tiltDecl) },
      { ALT: () => this.SUBRULE(this.combineDecl) },
      { ALT: () => this.SUBRULE(this.premiumDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.chainDecl) },
      { ALT: () => this.SUBRULE(this.fundDecl) },
      { ALT: () => this.SUBRULE(this.floorsDecl) },
      { ALT: () => this.SUBRULE(this.deadlineDecl) },
    ]);
    this.OPTION1(() => this.SUBRULE(this.citation));
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  // cites "威医保发〔2023〕48号" "二(三)2" "对父母均已投保的未成年子女，免费投保"
  citation = this.RULE('citation', () => {
    this.CONSUME(T.Cites);
    this.CONSUME(StringLit);
    this.OPTION(() => {
      this.CONSUME1(StringLit);
      this.OPTION1(() => this.CONSUME2(StringLit));
    });
  });

  // plan "name" { source "…" region "…" valid D to D sold D to D year calendar rounding 0.01 half-up }
  planHeader = this.RULE('planHeader', () => {
    this.CONSUME(T.Plan);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.headerField));
    this.CONSUME(RCurly);
  });

  headerField = this.RULE('headerField', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Source); this.CONSUME(StringLit); } },
      { ALT: () => { this.CONSUME(T.Region); this.CONSUME1(StringLit); } },
      { ALT: () => { this.CONSUME(T.Valid); this.SUBRULE(this.dateSpan); } },
      { ALT: () => { this.CONSUME(T.Sold); this.SUBRULE1(this.dateSpan); } },
      { ALT: () => { this.CONSUME(T.Item); this.CONSUME(T.Complete); } },
      {
        ALT: () => {
          this.CONSUME(T.Year);
          this.OR1([
            { ALT: () => this.CONSUME(T.Calendar) },
            { ALT: () => this.CONSUME(T.Anniversary) },
            { ALT: () => { this.CONSUME(T.From); this.CONSUME(DateLit); } },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Rounding);
          this.CONSUME(NumberLit);
          this.OPTION(() => this.SUBRULE(this.roundingMode));
        },
      },
    ]);
    this.OPTION1(() => this.CONSUME(Semicolon));
  });

  roundingMode = this.RULE('roundingMode', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.HalfUp) },
      { ALT: () => this.CONSUME(T.HalfEven) },
      { ALT: () => this.CONSUME(T.Down) },
      { ALT: () => this.CONSUME(T.Up) },
    ]);
  });

  dateSpan = this.RULE('dateSpan', () => {
    this.CONSUME(DateLit);
    this.CONSUME(T.To);
    this.CONSUME1(DateLit);
  });

  // setting dental "牙科"
  settingDecl = this.RULE('settingDecl', () => {
    this.CONSUME(T.Setting);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(StringLit));
  });

  flagDecl = this.RULE('flagDecl', () => {
    this.CONSUME(T.Flag);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(StringLit));
  });

  // attribute residence: urban | rural      attribute parentsInsured: boolean
  // attribute residence: urban | rural     attribute claim.hospitalLevel: level1 | level2 | level3
  attributeDecl = this.RULE('attributeDecl', () => {
    this.CONSUME(T.Attribute);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Member) }, { ALT: () => this.CONSUME(T.Claim) }]);
      this.CONSUME(Dot);
    });
    this.CONSUME(Identifier);
    this.CONSUME(Colon);
    this.CONSUME1(Identifier);
    this.MANY(() => {
      this.CONSUME(Pipe);
      this.CONSUME2(Identifier);
    });
  });

  // param X = expr      param X { from D (to D)?: expr ... }
  paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(Identifier);
    this.SUBRULE(this.versionedExpr);
  });

  versionedExpr = this.RULE('versionedExpr', () => {
    this.OR([
      { ALT: () => { this.CONSUME(Equals); this.SUBRULE(this.expression); } },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => this.SUBRULE(this.versionStep));
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  versionStep = this.RULE('versionStep', () => {
    this.SUBRULE(this.versionHead);
    this.SUBRULE(this.expression);
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  versionHead = this.RULE('versionHead', () => {
    this.CONSUME(T.From);
    this.CONSUME(DateLit);
    this.OPTION(() => {
      this.CONSUME(T.To);
      this.CONSUME1(DateLit);
    });
    this.CONSUME(Colon);
  });

  // table 收入 by year, residence { 2015 urban 24901 ... }   table 收入 by year, residence file "x.csv"
  tableDecl = this.RULE('tableDecl', () => {
    this.CONSUME(T.Table);
    this.CONSUME(Identifier);
    this.CONSUME(T.By);
    this.CONSUME(Word);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME1(Word);
    });
    this.OR([
      { ALT: () => this.SUBRULE(this.fileRef) },
      {
        ALT: () => {
          // Cells only: rows are cut by line ends and `;` when the AST is built, since the
          // grammar cannot see line ends (and a flat body keeps error recovery cheap).
          this.CONSUME(LCurly);
          this.MANY1(() => this.OR1([{ ALT: () => this.SUBRULE(this.cell) }, { ALT: () => this.CONSUME(Semicolon) }]));
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  cell = this.RULE('cell', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(MoneyLit) },
      { ALT: () => this.CONSUME(PercentLit) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(Word) },
    ]);
  });

  fileRef = this.RULE('fileRef', () => {
    this.CONSUME(T.File);
    this.CONSUME(StringLit);
  });

  // catalogue 特药 ["A", "B"]   catalogue 特药 file "x.csv"   catalogue 特药 { from D: file "x.csv" ... }
  catalogueDecl = this.RULE('catalogueDecl', () => {
    this.CONSUME(T.Catalogue);
    this.CONSUME(Identifier);
    this.OR([
      { ALT: () => this.SUBRULE(this.catalogueSource) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => this.SUBRULE(this.catalogueVersion));
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  catalogueVersion = this.RULE('catalogueVersion', () => {
    this.SUBRULE(this.versionHead);
    this.SUBRULE(this.catalogueSource);
  });

  catalogueSource = this.RULE('catalogueSource', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.fileRef) },
      { ALT: () => this.SUBRULE(this.stringList) },
    ]);
  });

  stringList = this.RULE('stringList', () => {
    this.CONSUME(LBracket);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.CONSUME(StringLit) });
    this.CONSUME(RBracket);
  });

  // group 低保                         (listed in the request)
  // group 连续参保 = member.enrolledYears >= 3
  groupDecl = this.RULE('groupDecl', () => {
    this.CONSUME(T.Group);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(StringLit));
    this.OPTION1(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expression);
    });
  });

  // waiting 90 days
  waitingDecl = this.RULE('waitingDecl', () => {
    this.CONSUME(T.Waiting);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Because);
      this.CONSUME(StringLit);
    });
  });

  // exclude claim when COND because "…"     exclude item when COND because "…"
  excludeDecl = this.RULE('excludeDecl', () => {
    this.CONSUME(T.Exclude);
    this.OR([{ ALT: () => this.CONSUME(T.Claim) }, { ALT: () => this.CONSUME(T.Item) }]);
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Because);
    this.CONSUME(StringLit);
  });

  // deductible 门诊共用 = 1万 per year
  sharedDeductibleDecl = this.RULE('sharedDeductibleDecl', () => {
    this.CONSUME(T.Deductible);
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.period);
  });

  sharedCapDecl = this.RULE('sharedCapDecl', () => {
    this.CONSUME(T.Cap);
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.period);
  });

  period = this.RULE('period', () => {
    this.OR([{ ALT: () => this.CONSUME(T.PerYear) }, { ALT: () => this.CONSUME(T.PerClaim) }]);
  });

  benefitDecl = this.RULE('benefitDecl', () => {
    this.CONSUME(T.Benefit);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(StringLit));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.benefitClause));
    this.CONSUME(RCurly);
  });

  benefitClause = this.RULE('benefitClause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.forClause) },
      { ALT: () => this.SUBRULE(this.amountClause) },
      { ALT: () => this.SUBRULE(this.deductibleClause) },
      { ALT: () => this.SUBRULE(this.capClause) },
      { ALT: () => this.SUBRULE(this.ratioClause) },
      { ALT: () => this.SUBRULE(this.scheduleClause) },
    ]);
    // `ratio 70% when COND` is read whole, so that YB008 can show how a condition is written
    // instead of the errors a recovery would make of the rest of the line.
    this.OPTION1(() => {
      this.CONSUME(T.When);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => this.SUBRULE(this.citation));
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  forClause = this.RULE('forClause', () => {
    this.CONSUME(T.For);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
  });

  amountClause = this.RULE('amountClause', () => {
    this.CONSUME(T.Amount);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Excluding);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
    });
  });

  deductibleClause = this.RULE('deductibleClause', () => {
    this.CONSUME(T.Deductible);
    this.SUBRULE(this.limitValue);
  });

  capClause = this.RULE('capClause', () => {
    this.CONSUME(T.Cap);
    this.SUBRULE(this.limitValue);
  });

  limitValue = this.RULE('limitValue', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Shared); this.CONSUME(Identifier); } },
      { ALT: () => { this.SUBRULE(this.expression); this.SUBRULE(this.period); } },
    ]);
  });

  ratioClause = this.RULE('ratioClause', () => {
    this.CONSUME(T.Ratio);
    this.SUBRULE(this.expression);
  });

  // banded on annual amount { LO .. HI : RATIO ... }    whole-amount above deductible { ... }
  scheduleClause = this.RULE('scheduleClause', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Banded) }, { ALT: () => this.CONSUME(T.WholeAmount) }]);
    this.OR1([
      {
        ALT: () => {
          this.CONSUME(T.On);
          this.CONSUME(T.Annual);
          this.OPTION(() => this.CONSUME(T.Amount));
        },
      },
      { ALT: () => { this.CONSUME(T.Above); this.CONSUME(T.Deductible); } },
    ]);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.band));
    this.CONSUME(RCurly);
  });

  band = this.RULE('band', () => {
    this.SUBRULE(this.additive);
    this.CONSUME(Range);
    this.OPTION(() => this.SUBRULE1(this.additive));
    this.CONSUME(Colon);
    this.SUBRULE(this.expression);
    this.OPTION1(() => this.CONSUME(Semicolon));
  });

  // tilt 建档立卡倾斜 for 建档立卡 { deductible cut 40%; ratio +5pp }
  tiltDecl = this.RULE('tiltDecl', () => {
    this.CONSUME(T.Tilt);
    this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(StringLit));
    this.CONSUME(T.For);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME1(Identifier) });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.tiltAction));
    this.CONSUME(RCurly);
  });

  tiltAction = this.RULE('tiltAction', () => {
    this.OPTION(() => {
      this.CONSUME(Identifier);
      this.CONSUME(Dot);
    });
    this.OR([
      { ALT: () => this.CONSUME(T.Deductible) },
      { ALT: () => this.CONSUME(T.Ratio) },
      { ALT: () => this.CONSUME(T.Cap) },
    ]);
    this.OR1([
      { ALT: () => this.CONSUME(T.Waived) },
      { ALT: () => { this.CONSUME(T.Scale); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.Cut); this.SUBRULE1(this.expression); } },
      { ALT: () => { this.CONSUME(Plus); this.SUBRULE2(this.expression); } },
      { ALT: () => { this.CONSUME(Minus); this.SUBRULE3(this.expression); } },
    ]);
    this.OPTION1(() => this.CONSUME(Semicolon));
  });

  // combine 建档立卡倾斜, 续保奖励: stack
  combineDecl = this.RULE('combineDecl', () => {
    this.CONSUME(T.Combine);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
    this.CONSUME(Colon);
    this.OR([
      { ALT: () => this.CONSUME(T.Stack) },
      { ALT: () => this.CONSUME(T.First) },
      { ALT: () => this.CONSUME(T.Best) },
    ]);
  });

  // premium { 0 when COND  39 when COND  139 otherwise }
  premiumDecl = this.RULE('premiumDecl', () => {
    this.CONSUME(T.Premium);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.premiumLine));
    this.CONSUME(RCurly);
  });

  premiumLine = this.RULE('premiumLine', () => {
    this.SUBRULE(this.additive);
    this.OR([
      { ALT: () => { this.CONSUME(T.When); this.SUBRULE(this.expression); } },
      { ALT: () => this.CONSUME(T.Otherwise) },
    ]);
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  // test "name" { member m { … } claim c1 { … } expect c1 pays 300.00 }
  testDecl = this.RULE('testDecl', () => {
    this.CONSUME(T.Test);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.testStatement));
    this.CONSUME(RCurly);
  });

  testStatement = this.RULE('testStatement', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Member); this.CONSUME(Identifier); this.SUBRULE(this.record); } },
      { ALT: () => { this.CONSUME(T.Claim); this.CONSUME1(Identifier); this.SUBRULE1(this.record); } },
      { ALT: () => this.SUBRULE(this.expectation) },
    ]);
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  // expect c1 pays 300.00   expect c1.R1 pays 100   expect m pays 900   expect m premium 89
  // expect c1 excluded "境外"   expect c1 rejected YR006
  expectation = this.RULE('expectation', () => {
    this.CONSUME(T.Expect);
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(Dot);
      this.CONSUME1(Identifier);
    });
    this.OR([
      { ALT: () => { this.OR1([{ ALT: () => this.CONSUME(T.Pays) }, { ALT: () => this.CONSUME(T.Premium) }]); this.SUBRULE(this.additive); } },
      { ALT: () => { this.OR2([{ ALT: () => this.CONSUME(T.Excluded) }, { ALT: () => this.CONSUME(T.Exclude) }]); this.CONSUME(StringLit); } },
      { ALT: () => { this.CONSUME(T.Rejected); this.CONSUME2(Identifier); } },
    ]);
  });

  record = this.RULE('record', () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.recordField));
    this.CONSUME(RCurly);
  });

  recordField = this.RULE('recordField', () => {
    this.CONSUME(Word);
    this.OPTION(() => this.CONSUME(Colon));
    this.SUBRULE(this.recordValue);
    this.OPTION1(() => this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME(Semicolon) }]));
  });

  recordValue = this.RULE('recordValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.record) },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.recordValue) });
          this.CONSUME(RBracket);
        },
      },
      { ALT: () => this.SUBRULE(this.cell) },
      { ALT: () => this.CONSUME(DateLit) },
    ]);
  });

  // ---- expressions ----
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE1(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE1(this.notExpr);
    });
  });

  // `not not …` and `- - …` are loops, not recursion: a chain of them opens no rules (MAX_RULE_DEPTH).
  notExpr = this.RULE('notExpr', () => {
    this.MANY(() => this.CONSUME(T.Not));
    this.SUBRULE(this.comparison);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => { this.CONSUME(CompareOp); this.SUBRULE1(this.additive); } },
        { ALT: () => { this.CONSUME(T.In); this.SUBRULE2(this.additive); } },
        {
          ALT: () => {
            this.CONSUME(T.Has);
            this.OPTION1(() => this.CONSUME(T.Any));
            this.SUBRULE3(this.additive);
          },
        },
      ]);
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      this.SUBRULE1(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Times) }, { ALT: () => this.CONSUME(Divide) }]);
      this.SUBRULE1(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.MANY(() => this.CONSUME(Minus));
    this.SUBRULE(this.postfix);
  });

  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(Dot); this.CONSUME(Word); } },
        {
          ALT: () => {
            this.CONSUME(LBracket);
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expression) });
            this.CONSUME(RBracket);
          },
        },
      ]);
    });
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(MoneyLit) },
      { ALT: () => this.CONSUME(PercentLit) },
      { ALT: () => this.CONSUME(PointsLit) },
      {
        ALT: () => {
          this.CONSUME(NumberLit);
          this.OPTION(() => this.OR1([
            { ALT: () => this.CONSUME(T.Days) },
            { ALT: () => this.CONSUME(T.Years) },
            { ALT: () => this.CONSUME(T.Year) },
            { ALT: () => this.CONSUME(T.Months) },
          ]));
        },
      },
      { ALT: () => this.CONSUME(DateLit) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Member) },
      { ALT: () => this.CONSUME(T.Claim) },
      { ALT: () => this.CONSUME(T.Bill) },
      { ALT: () => this.CONSUME(T.Paid) },
      { ALT: () => this.SUBRULE(this.itemsExpr) },
      { ALT: () => this.SUBRULE(this.conditional) },
      { ALT: () => this.SUBRULE(this.extremum) },
      { ALT: () => this.SUBRULE(this.fullYears) },
      { ALT: () => this.SUBRULE(this.fundFunction) },
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => { this.CONSUME(LParen); this.SUBRULE(this.expression); this.CONSUME(RParen); } },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE1(this.expression) });
          this.CONSUME(RBracket);
        },
      },
    ]);
  });

  // if COND then A else B / 若 条件 则 A 否则 B: the else branch reaches as far as an expression can.
  conditional = this.RULE('conditional', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Then);
    this.SUBRULE1(this.expression);
    this.CONSUME(T.Else);
    this.SUBRULE2(this.expression);
  });

  // min(a, b, …) / 较小值(a, b, …), and max.
  extremum = this.RULE('extremum', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Min) }, { ALT: () => this.CONSUME(T.Max) }]);
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(RParen);
  });

  // fullYears(a, b) / 满年数(a, b): full years from date a to date b.
  fullYears = this.RULE('fullYears', () => {
    this.CONSUME(T.FullYears);
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(Comma);
    this.SUBRULE1(this.expression);
    this.CONSUME(RParen);
  });

  // payout within 7 working days / 赔付时限 7 个工作日
  deadlineDecl = this.RULE('deadlineDecl', () => {
    this.CONSUME(T.PayoutWithin);
    this.CONSUME(NumberLit);
    this.CONSUME(T.WorkingDays);
  });

  // chain "名称" { bill 甲类, 乙类  layer 基本医保 "basic.yibao" { claim.FIELD = EXPR … } … }
  chainDecl = this.RULE('chainDecl', () => {
    this.CONSUME(T.Chain);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.billDecl) },
        { ALT: () => this.SUBRULE(this.layerDecl) },
      ]);
    });
    this.CONSUME(RCurly);
  });

  // The first part is consumed on its own, so that a keyword in its place reads as YB009, a name wanted.
  billDecl = this.RULE('billDecl', () => {
    this.CONSUME(T.Bill);
    this.CONSUME(Identifier);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME1(Identifier);
    });
  });

  layerDecl = this.RULE('layerDecl', () => {
    this.CONSUME(T.Layer);
    this.CONSUME(Identifier);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.layerInput));
    this.CONSUME(RCurly);
    this.OPTION(() => this.SUBRULE(this.citation));
  });

  layerInput = this.RULE('layerInput', () => {
    this.CONSUME(T.Claim);
    this.CONSUME(Dot);
    this.CONSUME(Word);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  // fund "名称" { cycle 3 years  input 保费收入 amount  shares 共保体 at most 10  let r = …  require "…" …  allocate x by 共保体 }
  fundDecl = this.RULE('fundDecl', () => {
    this.CONSUME(T.Fund);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.fundItem));
    this.CONSUME(RCurly);
  });

  fundItem = this.RULE('fundItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Cycle);
          this.CONSUME(NumberLit);
          this.OR1([{ ALT: () => this.CONSUME(T.Years) }, { ALT: () => this.CONSUME(T.Year) }]);
          this.OPTION(() => { this.CONSUME(T.From); this.CONSUME1(NumberLit); });
        },
      },
      { ALT: () => { this.CONSUME(T.Input); this.CONSUME(Identifier); this.OR2([{ ALT: () => this.CONSUME(T.Amount) }, { ALT: () => this.CONSUME(T.Ratio) }]); } },
      { ALT: () => this.SUBRULE(this.sharesDecl) },
      { ALT: () => { this.CONSUME(T.Let); this.CONSUME1(Identifier); this.CONSUME(Equals); this.SUBRULE(this.expression); } },
      { ALT: () => { this.CONSUME(T.Require); this.CONSUME(StringLit); this.SUBRULE1(this.expression); } },
      {
        ALT: () => {
          this.CONSUME(T.Allocate);
          this.CONSUME2(Identifier);
          this.OR3([{ ALT: () => this.CONSUME(T.On) }, { ALT: () => this.CONSUME(T.By) }]);
          this.CONSUME3(Identifier);
        },
      },
      { ALT: () => { this.CONSUME(T.Rounding); this.CONSUME2(NumberLit); this.OPTION1(() => this.SUBRULE(this.roundingMode)); } },
    ]);
    this.OPTION2(() => this.SUBRULE(this.citation));
  });

  // floors "名称" { region "广东省"  table 收入 by 地区, 年份 { … }  require "…" lowestRatio inpatient >= 70% from D to D }
  floorsDecl = this.RULE('floorsDecl', () => {
    this.CONSUME(T.Floors);
    this.CONSUME(StringLit);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.floorsItem));
    this.CONSUME(RCurly);
  });

  floorsItem = this.RULE('floorsItem', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Region); this.CONSUME(StringLit); } },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.floorRule) },
    ]);
    this.OPTION(() => this.SUBRULE(this.citation));
  });

  // require "text" MEASURE [SETTING] >= BOUND [from D] [to D]
  floorRule = this.RULE('floorRule', () => {
    this.CONSUME(T.Require);
    this.CONSUME(StringLit);
    this.CONSUME(Word);
    this.OPTION(() => this.CONSUME1(Word));
    this.CONSUME(GreaterEq);
    this.SUBRULE(this.expression);
    this.OPTION1(() => { this.CONSUME(T.From); this.CONSUME(DateLit); });
    this.OPTION2(() => { this.CONSUME(T.To); this.CONSUME1(DateLit); });
  });

  // shares 共保体 at most 10 (given each year by the data) / shares 两级财政 { 市级 50%, 区市级 50% }
  sharesDecl = this.RULE('sharesDecl', () => {
    this.CONSUME(T.Shares);
    this.CONSUME(Identifier);
    this.OPTION(() => { this.CONSUME(T.AtMost); this.CONSUME(NumberLit); });
    this.OPTION1(() => {
      this.CONSUME(LCurly);
      this.MANY_SEP({
        SEP: Comma,
        DEF: () => { this.CONSUME1(Identifier); this.CONSUME(PercentLit); },
      });
      this.CONSUME(RCurly);
    });
  });

  // previous(NAME) / 上年(NAME), cycleMean(NAME) / 周期平均(NAME), cycleSum(NAME) / 周期合计(NAME): fund plans only.
  fundFunction = this.RULE('fundFunction', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Previous) },
      { ALT: () => this.CONSUME(T.CycleMean) },
      { ALT: () => this.CONSUME(T.CycleSum) },
    ]);
    this.CONSUME(LParen);
    this.CONSUME(Identifier);
    this.CONSUME(RParen);
  });

  // `item` alone is the current item; `items in 特药` / `items where COND` sums a selection.
  itemsExpr = this.RULE('itemsExpr', () => {
    this.CONSUME(T.Item);
    this.OPTION(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.In); this.CONSUME(Identifier); } },
        { ALT: () => { this.CONSUME(T.Where); this.SUBRULE(this.notExpr); } },
      ]);
    });
  });
}



export const parser = new YibaoParser();

export type { CstNode };
