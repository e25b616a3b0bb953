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
let server: ReturnType<typeof createEditorServer>;
let bound: number;
try {
  // The API token is made here, per start, and handed only to the page the server serves.
  server = createEditorServer({ root, dist: distOf(root), folders: ['examples', workspace] });
  bound = await listen(server, Number.isInteger(port) && port >= 0 && port < 65536 ? port : 5173);
} catch (e) {
  console.error(`cannot start the editor: ${(e as Error).message}`);
  process.exit(1);
}
console.log(`Yibao editor: http://127.0.0.1:${bound}/`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
