// Runs the yibao CLI (as bin/yibao.js does) and, on exit, reports its wall time and peak memory on
// stderr, so the benchmark can measure a batch run end to end as a user would start it.
const started = performance.now();
process.on('exit', () => {
  const figures = { ms: performance.now() - started, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stderr.write(`\n@bench ${JSON.stringify(figures)}\n`);
});
await import('../bin/yibao.js');
