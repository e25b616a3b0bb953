// The yardstick for the end-to-end figure: JSON.parse alone, on one thread, of every line of a
// JSON Lines file (read and split included), in a process of its own. Prints its time in ms.
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const text = readFileSync(process.argv[2], 'utf8');
let n = 0;
for (let from = 0; from < text.length; ) {
  let to = text.indexOf('\n', from);
  if (to < 0) to = text.length;
  if (to > from && JSON.parse(text.slice(from, to)) !== null) n++;
  from = to + 1;
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, lines: n })}\n`);
