// The pipeline's stages, in order: a module may import its own stage and the stages before it,
// never one after it (imports only look back), and no module may import itself round a cycle.
// `npm test` runs this (test/imports.test.ts); `npx depcruise grammar engine editor bin` by hand.
const STAGES = [
  ['syntax', '^grammar/'],
  ['core (money, dates)', '^engine/core/'],
  ['ir (types, catalogues, the checked model, runtime records)', '^engine/ir/'],
  ['request (its shape, limits and validation)', '^engine/request/'],
  ['check', '^engine/check/'],
  ['lower (the checked plan as data: the IR)', '^engine/lower/'],
  ['compile', '^engine/compile/'],
  ['runtime', '^engine/runtime/'],
  ['analysis (proofs over the IR)', '^engine/analysis/'],
  ['sql (the plan IR compiled to SQL)', '^engine/sql/'],
  ['pipeline, documents and host files', '^engine/(frontend|pipeline|document|chain-document|fund-document|floors-document|own-document)\\.ts$|^engine/node/'],
  ['testing (plan tests, conformance)', '^engine/testing/'],
  ['batch', '^engine/batch/'],
  ['cli', '^engine/cli/|^bin/'],
  ['public API', '^engine/index\\.ts$'],
  ['editor', '^editor/'],
];

const forbidden = STAGES.slice(0, -1).map(([name, path], i) => ({
  name: `${name.split(' ')[0]}-looks-back`,
  comment: `${name} may import only itself and the stages before it`,
  severity: 'error',
  from: { path },
  to: { path: STAGES.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

forbidden.push({
  name: 'no-circular',
  comment: 'a cycle makes two stages one',
  severity: 'error',
  from: {},
  to: { circular: true },
});

forbidden.push({
  name: 'every-module-in-a-stage',
  comment: 'a module outside every stage has no place in the pipeline',
  severity: 'error',
  from: { path: '^(grammar|engine|editor/src|editor/server)/', pathNot: STAGES.map(([, p]) => `(${p})`).join('|') },
  to: {},
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/|\\.generated\\.ts$|^editor/vite\\.config' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
