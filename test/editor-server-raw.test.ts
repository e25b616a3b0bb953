// The editor's server against hostile and broken requests, sent byte for byte over node:net:
// nothing may take it down, no other site may use it, and it touches nothing but plans, data
// and request files under its folders. Runs on a throw-away project, never on this one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEditorServer, listen } from '../editor/server/server';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'yibao-raw-'));
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  put('package.json', '{ "scripts": { "test": "vitest run" } }\n');
  put('tsconfig.json', '{}\n');
  put('src/code.ts', 'export const x = 1;\n');
  put('secret.yibao', '// not in a folder of the editor\n');
  put('other/plan.yibao', '// not in a folder of the editor\n');
  put('examples/plan.yibao', '方案 "例"\n');
  put('examples/notes.txt', 'not a plan\n');
  put('examples/data/table.csv', 'a,b\n1,2\n');
  put('examples/requests/r.json', '{ "claims": [] }\n');
  put('examples/package.json', '{}\n');
  // A link inside a folder that leads back to the project's configuration.
  symlinkSync(join(root, 'package.json'), join(root, 'examples', 'link.json'));
  put('dist/index.html', '<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8" />\n</head>\n<body></body>\n</html>\n');
  return root;
}

/** Sends bytes, then half-closes ('end') or resets ('reset') after a moment; resolves with all the server said. */
function raw(port: number, bytes: string, leave: 'end' | 'reset' | 'wait' = 'wait'): Promise<string> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const give = () => ok(out);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', give);
    socket.on('error', give);
    socket.write(Buffer.from(bytes, 'utf8'));
    if (leave === 'end') setTimeout(() => socket.end(), 50);
    if (leave === 'reset') setTimeout(() => socket.resetAndDestroy(), 50);
    // A server that answers keeps the connection only when asked to; this is a safety net.
    setTimeout(() => socket.destroy(), 5_000);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
const bodyOf = (response: string) => Buffer.from(response.slice(response.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8');

let root: string;
let server: Server;
let port: number;
let token: string;

interface Ask {
  method?: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
}

/** A well-formed request, with our Host and token unless the test overrides them. */
function ask({ method = 'GET', path, headers = {}, body }: Ask): Promise<string> {
  const all: Record<string, string | undefined> = { host: `127.0.0.1:${port}`, 'x-yibao-token': token, connection: 'close', ...headers };
  if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
  const lines = Object.entries(all).flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${v}`]));
  return raw(port, `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

const put = (path: string, text: string, baseHash: string | null = null, headers: Record<string, string> = {}) =>
  ask({ method: 'PUT', path: '/api/file', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ path, text, baseHash }) });
const get = (path: string) => ask({ path: `/api/file?path=${encodeURIComponent(path)}` });

const tokenIn = (html: string) => /<meta name="yibao-token" content="([0-9a-f]+)"/.exec(html)?.[1];

beforeAll(async () => {
  root = project();
  server = createEditorServer({ root, dist: join(root, 'dist'), folders: ['examples', 'workspace'] });
  port = await listen(server, 0);
  token = '';
  token = tokenIn(bodyOf(await ask({ path: '/' })))!;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

// After every hostile request the server must still answer an ordinary one.
afterEach(async () => {
  const r = await ask({ path: '/api/plans' });
  expect(statusOf(r)).toBe(200);
  expect(JSON.parse(bodyOf(r)).plans.map((p: { path: string }) => p.path)).toContain('examples/plan.yibao');
});

describe('editor server: requests it cannot parse', () => {
  it('answers GET /% (a bad percent escape) with 400', async () => {
    for (const path of ['/%', '/%zz/x', '/assets/%E0%A4%A']) expect(statusOf(await ask({ path }))).toBe(400);
  });

  it('answers a garbage request line, a malformed absolute URL and an absolute URL with 400', async () => {
    expect(statusOf(await raw(port, 'HELLO THERE\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(port, `GET http://a:b/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`))).toBe(400);
    // Absolute form would name a host other than the one Host was checked for.
    expect(statusOf(await ask({ path: 'http://evil.example/api/plans' }))).toBe(400);
  });

  it('answers an invalid header with 400 and a huge header with 431', async () => {
    expect(statusOf(await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nBad Header: x\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`))).toBe(431);
  });

  it('survives a client that leaves in the middle of a body, and writes nothing', async () => {
    for (const leave of ['end', 'reset'] as const) {
      const head = `PUT /api/file HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Yibao-Token: ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
      await raw(port, `${head}{"path":"workspace/half-${leave}.yibao","text":"`, leave);
      expect(existsSync(join(root, 'workspace', `half-${leave}.yibao`))).toBe(false);
    }
  });

  it('refuses a body over the limit with 413 and a body that is not a JSON object with 400', async () => {
    const head = `PUT /api/file HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Yibao-Token: ${token}\r\nContent-Type: application/json\r\nContent-Length: 30000000\r\n\r\n`;
    expect(statusOf(await raw(port, `${head}{`, 'end'))).toBe(413);
    for (const body of ['null', '[]', '"x"', '{']) {
      expect(statusOf(await ask({ method: 'PUT', path: '/api/file', headers: { 'content-type': 'application/json' }, body }))).toBe(400);
    }
  });
});

describe('editor server: who may talk to it', () => {
  it('the page carries a token made at this start; another start makes another', async () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const page = await ask({ path: '/' });
    expect(page).toMatch(/cache-control: no-store/i);
    const other = createEditorServer({ root, dist: join(root, 'dist'), folders: ['examples', 'workspace'] });
    const otherPort = await listen(other, 0);
    try {
      const otherPage = await raw(otherPort, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${otherPort}\r\nConnection: close\r\n\r\n`);
      const otherToken = tokenIn(bodyOf(otherPage));
      expect(otherToken).toMatch(/^[0-9a-f]{64}$/);
      expect(otherToken).not.toBe(token);
      expect(statusOf(await ask({ path: '/api/plans', headers: { 'x-yibao-token': otherToken } }))).toBe(403);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('refuses a Host that is not this server (DNS rebinding), for the page and the API', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.:${port}`]) {
      expect(statusOf(await ask({ path: '/', headers: { host } })), host).toBe(403);
      const api = await ask({ path: '/api/plans', headers: { host } });
      expect(statusOf(api), host).toBe(403);
      expect(JSON.parse(bodyOf(api)).error).toMatch(/not this editor/);
    }
    // No Host at all: HTTP/1.0 lets a client leave it out.
    expect(statusOf(await raw(port, 'GET / HTTP/1.0\r\n\r\n'))).toBe(403);
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) expect(statusOf(await ask({ path: '/api/plans', headers: { host } })), host).toBe(200);
  });

  it('refuses API calls from another origin', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`]) {
      expect(statusOf(await ask({ path: '/api/plans', headers: { origin } })), origin).toBe(403);
      expect(statusOf(await put('workspace/cross.yibao', 'x', null, { origin })), origin).toBe(403);
    }
    for (const site of ['cross-site', 'same-site', 'none']) expect(statusOf(await ask({ path: '/api/plans', headers: { 'sec-fetch-site': site } })), site).toBe(403);
    expect(existsSync(join(root, 'workspace', 'cross.yibao'))).toBe(false);
    const own = await ask({ path: '/api/plans', headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' } });
    expect(statusOf(own)).toBe(200);
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    const wrong = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const t of [undefined, '', wrong, `${token}0`, token.slice(1)]) {
      const r = await ask({ path: '/api/plans', headers: { 'x-yibao-token': t } });
      expect(statusOf(r), String(t)).toBe(403);
      expect(JSON.parse(bodyOf(r)).error).toMatch(/token/);
      expect(statusOf(await put('workspace/no-token.yibao', 'x', null, { 'x-yibao-token': t ?? '' }))).toBe(403);
    }
    expect(existsSync(join(root, 'workspace', 'no-token.yibao'))).toBe(false);
  });
});

describe('editor server: what it reads and writes', () => {
  it('never writes configuration, code, or anything outside its folders', async () => {
    const before = readFileSync(join(root, 'package.json'), 'utf8');
    const evil = '{ "scripts": { "test": "touch pwned" } }\n';
    const refused: [string, string | null][] = [
      ['package.json', sha(before)],
      ['tsconfig.json', sha('{}\n')],
      ['src/code.ts', sha('export const x = 1;\n')],
      ['src/new.ts', null],
      ['secret.yibao', sha('// not in a folder of the editor\n')],
      ['other/plan.yibao', sha('// not in a folder of the editor\n')],
      ['new-at-root.yibao', null],
      ['examples/package.json', sha('{}\n')],
      ['examples/link.json', sha(before)],
      ['examples/../package.json', sha(before)],
      ['workspace/../package.json', sha(before)],
      ['examples/notes.txt', sha('not a plan\n')],
      ['workspace/run.sh', null],
    ];
    for (const [path, hash] of refused) expect(statusOf(await put(path, evil, hash)), path).toBe(403);
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(root, 'src', 'code.ts'), 'utf8')).toBe('export const x = 1;\n');
    expect(existsSync(join(root, 'src', 'new.ts'))).toBe(false);
    expect(existsSync(join(root, 'workspace', 'run.sh'))).toBe(false);
  });

  it('saves plans, data and requests under examples/ and the workspace, and still refuses a stale save', async () => {
    expect(statusOf(await put('workspace/new.yibao', '方案 "新"\n'))).toBe(200);
    expect(readFileSync(join(root, 'workspace', 'new.yibao'), 'utf8')).toBe('方案 "新"\n');
    expect(statusOf(await put('workspace/data/t.csv', 'a\n1\n'))).toBe(200);
    expect(statusOf(await put('examples/requests/r.json', '{ "claims": [1] }\n', sha('{ "claims": [] }\n')))).toBe(200);
    expect(statusOf(await put('examples/plan.yibao', 'x', sha('stale')))).toBe(409);
  });

  it('reads only plans, data and requests under its folders', async () => {
    for (const path of ['package.json', 'tsconfig.json', 'src/code.ts', 'secret.yibao', 'other/plan.yibao', 'examples/link.json', 'examples/notes.txt', 'examples/package.json', '../../etc/passwd', '/etc/passwd']) {
      expect(statusOf(await get(path)), path).toBe(403);
    }
    for (const path of ['examples/plan.yibao', 'examples/data/table.csv', 'examples/requests/r.json']) expect(statusOf(await get(path)), path).toBe(200);
  });

  it('refuses to start with the project root as a folder', () => {
    for (const folders of [['.'], ['examples', ''], ['examples', 'workspace/..'], ['examples', '..']]) {
      expect(() => createEditorServer({ root, dist: join(root, 'dist'), folders }), folders.join(',')).toThrow();
    }
  });
});

// Inside vitest an exception thrown by a request handler is caught by the test runner; in
// `npm start` it ends the process. So the same requests once more, at a server in a process
// of its own, which must still be there afterwards.
describe('editor server in its own process', () => {
  it('is still running and answering after every request that used to kill it', async () => {
    const serverTs = fileURLToPath(new URL('../editor/server/server.ts', import.meta.url));
    const start = `const { createEditorServer, listen } = await import(process.argv[1]);
      const s = createEditorServer({ root: process.argv[2], dist: process.argv[3], folders: ['examples', 'workspace'] });
      console.log(await listen(s, 0));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', start, serverTs, root, join(root, 'dist')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const p = await new Promise<number>((ok, fail) => {
        child.stdout.once('data', (d: Buffer) => ok(Number(String(d).trim())));
        child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening`)));
      });
      const H = `Host: 127.0.0.1:${p}\r\n`;
      const hostile = [
        `GET /% HTTP/1.1\r\n${H}\r\n`,
        'HELLO THERE\r\n\r\n',
        `GET http://[ HTTP/1.1\r\n${H}\r\n`,
        `GET / HTTP/1.1\r\n${H}Bad Header: x\r\n\r\n`,
        `GET / HTTP/1.1\r\n${H}X-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: evil.example:${p}\r\n\r\n`,
        `PUT /api/file HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 4\r\n\r\nnull`,
      ];
      for (const bytes of hostile) {
        const r = await raw(p, bytes);
        expect(statusOf(r), bytes.slice(0, 40)).toBeGreaterThanOrEqual(400);
        expect(child.exitCode, bytes.slice(0, 40)).toBe(null);
      }
      const head = `PUT /api/file HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"path":`;
      await raw(p, head, 'end');
      await raw(p, head, 'reset');
      const page = await raw(p, `GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
      expect(statusOf(page)).toBe(200);
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill();
    }
  });
});
