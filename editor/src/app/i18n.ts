// UI strings in Chinese (default) and English. Plan text is never translated, only chrome.

export type Lang = 'zh' | 'en';

const STRINGS = {
  appTitle: ['医保方案编辑器', 'Yibao plan editor'],
  skipToEditor: ['跳到编辑器', 'Skip to editor'],
  openPlan: ['打开方案', 'Open plan'],
  againstFloors: ['对照底线', 'Against floors'],
  noFloors: ['不对照', 'None'],
  newPlan: ['新建', 'New'],
  save: ['保存', 'Save'],
  saveAs: ['另存为', 'Save as'],
  download: ['下载', 'Download'],
  upload: ['上传', 'Upload'],
  format: ['格式化', 'Format'],
  tabBench: ['测试台', 'Bench'],
  tabTests: ['方案测试', 'Plan tests'],
  tabCurve: ['赔付曲线', 'Payout curve'],
  tabProblems: ['问题', 'Problems'],
  tabDiff: ['版本差异', 'Diff'],
  why: ['为什么赔这么多', 'Why this payout'],
  whyLimits: ['限制赔付的是', 'What limited the payout'],
  whyChanges: ['改变一项事实即可改变赔付的情形', 'One fact changed that would change the payout'],
  whyNone: ['没有：单改一项事实不改变赔付', 'None: no single fact changed changes the payout'],
  noTilts: ['无倾斜', 'no tilts'],
  diffIntro: ['左：已保存版本；右：当前文本。下方为赔付的变化（新 − 旧）。', 'Left: the saved version; right: the current text. Below: how the payout changes (new − old).'],
  diffSame: ['赔付处处相同。', 'The payout is the same everywhere.'],
  diffErrors: ['方案有错误，无法比较赔付。', 'The plan has errors: payouts cannot be compared.'],
  diffDeclarations: ['声明的变化', 'Declarations'],
  diffChanges: ['赔付的变化', 'Payout changes'],
  diffAmountFrom: ['金额自', 'amount from'],
  diffAmountTo: ['至', 'to'],
  diffChange: ['赔付变化（元）', 'change (yuan)'],
  diffMarginal: ['边际比例变化（百分点）', 'marginal (pp)'],
  examples: ['示例', 'Examples'],
  workspace: ['工作区', 'Workspace'],
  unsaved: ['（未保存）', '(unsaved)'],
  newFile: ['新方案（未保存）', 'New plan (unsaved)'],
  saved: ['已保存', 'Saved'],
  conflict: ['磁盘上的文件在打开后已被修改，未覆盖。请重新打开或另存为。', 'The file changed on disk since it was opened; not overwritten. Reopen it or save as.'],
  saveFailed: ['保存失败', 'Save failed'],
  saveAsPrompt: ['保存到（项目内路径，如 workspace/我的方案.yibao）：', 'Save to (path inside the project, e.g. workspace/my-plan.yibao):'],
  discard: ['有未保存的修改，确定放弃？', 'Discard unsaved changes?'],
  readyRequests: ['现成请求', 'Ready requests'],
  waterfall: ['各层支付（瀑布图）', 'What each layer paid (waterfall)'],
  patientShare: ['个人负担', 'Patient\'s share'],
  bill: ['账单', 'Bill'],
  layer: ['保障层', 'Layer'],
  layerInputs: ['输入', 'Inputs'],
  layerTrace: ['计算过程', 'Trace'],
  request: ['请求（JSON）', 'Request (JSON)'],
  run: ['运行', 'Run'],
  runTests: ['运行方案测试', 'Run plan tests'],
  claim: ['理赔', 'Claim'],
  member: ['参保人', 'Member'],
  benefit: ['责任', 'Benefit'],
  eligible: ['可赔付金额', 'Eligible'],
  deductible: ['起付线', 'Deductible'],
  payout: ['赔付', 'Payout'],
  excluded: ['除外', 'Excluded'],
  reason: ['原因', 'Reason'],
  amount: ['金额', 'Amount'],
  total: ['合计', 'Total'],
  year: ['年度', 'Year'],
  membersTotals: ['参保人年度合计', 'Totals per member'],
  trace: ['计算过程（点击定位规则）', 'Trace (click to show the rule)'],
  errors: ['请求错误', 'Request errors'],
  planHasErrors: ['方案有错误，无法运行', 'The plan has errors and cannot run'],
  requestInvalid: ['请求不符合请求格式', 'The request does not match the request schema'],
  resultsStale: ['方案已修改：以下结果来自修改前，请重新运行。', 'The plan changed: these results are from before the edit. Run again.'],
  notJson: ['请求不是有效的 JSON', 'The request is not valid JSON'],
  passed: ['通过', 'passed'],
  failed: ['失败', 'failed'],
  expected: ['预期', 'expected'],
  actual: ['实际', 'actual'],
  curveBenefit: ['责任', 'Benefit'],
  curveGroups: ['人群', 'Groups'],
  curveMax: ['自付金额上限（元）', 'Self-pay up to (yuan)'],
  ordinary: ['普通参保人', 'Ordinary member'],
  payoutChart: ['赔付 − 自付金额', 'Payout against self-pay'],
  marginalChart: ['边际赔付比例', 'Marginal payout ratio'],
  savedVersion: ['已保存版本', 'saved version'],
  breakpoints: ['断点', 'breakpoints'],
  changedAmounts: ['与已保存版本赔付不同的金额', 'Amounts paid otherwise than the saved version'],
  exactBreakpoints: ['精确断点（金额 → 赔付）', 'Exact breakpoints (amount → payout)'],
  noProblems: ['没有问题', 'No problems'],
  diagnosticsIn: ['诊断用时', 'diagnostics in'],
  errorsCount: ['错误', 'errors'],
  warningsCount: ['警告', 'warnings'],
  loading: ['加载中…', 'Loading…'],
  openFailed: ['无法打开', 'Cannot open'],
  noTests: ['方案中没有测试', 'The plan has no tests'],
  selfPayField: ['自付金额计入', 'Self-pay goes to'],
  setting: ['就医类别', 'Setting'],
} satisfies Record<string, [string, string]>;

export type Key = keyof typeof STRINGS;

let lang: Lang = (localStorage.getItem('yibao.lang') as Lang) === 'en' ? 'en' : 'zh';
const listeners: (() => void)[] = [];

export const currentLang = (): Lang => lang;
export const t = (k: Key): string => STRINGS[k][lang === 'zh' ? 0 : 1];

export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('yibao.lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  applyStatic();
  for (const f of listeners) f();
}

export function onLangChange(f: () => void): void {
  listeners.push(f);
}

/** Fills every element marked data-i18n="key" (textContent, never HTML). */
export function applyStatic(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as Key);
  });
  const btn = document.getElementById('btn-lang');
  if (btn) {
    btn.textContent = lang === 'zh' ? 'English' : '中文';
    btn.lang = lang === 'zh' ? 'en' : 'zh-CN';
  }
}
