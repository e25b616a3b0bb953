// Builds the editor with Vite when editor/dist is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = statSync(full);
    t = Math.max(t, st.isDirectory() ? newest(full) : st.mtimeMs);
  }
  return t;
}

export function needsBuild(root: string): boolean {
  const index = join(root, 'editor', 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newest(join(root, 'editor', 'src')),
    newest(join(root, 'grammar')),
    newest(join(root, 'engine')),
    statSync(join(root, 'editor', 'index.html')).mtimeMs,
  );
  return sources > built;
}

/** `outDir` (absolute) lets tests build a private copy, so parallel runs never share a folder. */
export async function buildEditor(root: string, quiet = false, outDir?: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'editor', 'vite.config.ts'),
    logLevel: quiet ? 'warn' : 'info',
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  });
}
