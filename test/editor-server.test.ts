// The editor's local server: loopback only, and no path outside the project.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEditorServer, listen } from '../editor/server/server';

describe('editor server', () => {
  it('listens on 127.0.0.1 only and refuses traversal', async () => {
    const server = createEditorServer({ root: process.cwd(), dist: mkdtempSync(join(tmpdir(), 'yibao-dist-')), folders: ['examples'], token: 'test-token' });
    const port = await listen(server, 0);
    try {
      const address = server.address();
      expect(typeof address === 'object' && address ? address.address : '').toBe('127.0.0.1');
      // With the token, so that the 403 is the path's and not the token's.
      const status = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-yibao-token': 'test-token' } })).status;
      expect(await status('/api/file?path=' + encodeURIComponent('../../etc/passwd'))).toBe(403);
      expect(await status('/api/file?path=' + encodeURIComponent('examples/weihai-2024.yibao'))).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
