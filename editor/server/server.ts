// The editor's local server: the built app from editor/dist and a small JSON API over the
// project's plan files. It listens on 127.0.0.1 only; it is a tool for one analyst's machine.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { PathError, safePath } from './paths';
import { listPlans, readFile, saveFile } from './plans';

export interface ServerOptions {
  /** Project root: every path the API takes is relative to it and must stay inside it. */
  root: string;
  /** The built app. */
  dist: string;
  /** Project-relative folders whose plans are listed; the last one is where new plans go. */
  folders: string[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.woff2': 'font/woff2',
  '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json',
};

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Same-origin only: no CDN, no inline script. Monaco needs inline styles and blob: workers.
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit = 25_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new PathError('request too large', 413);
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new PathError('the body must be JSON', 400);
  }
}

function serveStatic(opts: ServerOptions, pathname: string, res: ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  let file: string;
  try {
    file = safePath(opts.dist, rel);
  } catch {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY,
  });
  res.end(readFileSync(file));
}

async function api(opts: ServerOptions, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /api/plans':
      return send(res, 200, { plans: listPlans(opts.root, opts.folders), workspace: opts.folders[opts.folders.length - 1] });
    case 'GET /api/file':
      return send(res, 200, readFile(opts.root, url.searchParams.get('path')));
    case 'PUT /api/file': {
      // A cross-site page cannot send this: browsers preflight a JSON PUT, and we answer no CORS.
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new PathError('JSON only', 415);
      const body = (await readBody(req)) as { path?: unknown; text?: unknown; baseHash?: unknown };
      return send(res, 200, saveFile(opts.root, body.path, body.text, body.baseHash ?? null));
    }
    default:
      return send(res, 404, { error: 'no such API' });
  }
}

export function createEditorServer(opts: ServerOptions): Server {
  const root = resolve(opts.root);
  const o = { ...opts, root, dist: resolve(opts.dist) };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      return serveStatic(o, url.pathname, res);
    }
    api(o, req, url, res).catch((e: unknown) => {
      if (e instanceof PathError) send(res, e.status, { error: e.message });
      else send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });
}

/** Listens on 127.0.0.1 (never another interface); port 0 picks a free one. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      ok(typeof a === 'object' && a ? a.port : port);
    });
  });
}

export const distOf = (root: string) => join(root, 'editor', 'dist');
