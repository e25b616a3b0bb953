// npm run golden: rewrites the golden files under test/golden/ (code frames of the bad conformance
// cases, `yibao explain` of the example requests, the traces of the good cases, batch lines beside API results). Review the
// diff before committing it. `--check` writes nothing and exits 1 listing the files that differ.
import { drift, goldenFiles, writeGolden } from '../test/golden/generate';

const check = process.argv.includes('--check');
const files = await goldenFiles();
const d = check ? drift(files) : writeGolden(files);
const lines = [...d.changed.map((p) => `changed  ${p}`), ...d.missing.map((p) => `${check ? 'missing' : 'new'}  ${p}`), ...d.stale.map((p) => `${check ? 'stale' : 'removed'}  ${p}`)];
for (const l of lines) console.log(l);
if (check) {
  console.log(lines.length ? `${lines.length} golden file(s) differ; run npm run golden and review the diff` : `${files.length} golden files up to date`);
  process.exit(lines.length ? 1 : 0);
}
console.log(`${files.length} golden files, ${lines.length} written or removed`);
