// `npm start`: build the editor if needed, then serve it at http://127.0.0.1:5173 (PORT, or
// --port N, overrides) with the Weihai plan open. --workspace DIR sets the folder new plans are
// saved to (project-relative; default workspace/).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEditor, needsBuild } from './build';
import { createEditorServer, distOf, listen } from './server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('port') ?? process.env.PORT ?? 5173);
const workspace = arg('workspace') ?? process.env.YIBAO_WORKSPACE ?? 'workspace';

if (needsBuild(root) || process.argv.includes('--build')) {
  console.log('building the editor (vite build)…');
  await buildEditor(root, true);
}
const server = createEditorServer({ root, dist: distOf(root), folders: ['examples', workspace] });
const bound = await listen(server, Number.isFinite(port) ? port : 5173);
console.log(`Yibao editor: http://127.0.0.1:${bound}/`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
