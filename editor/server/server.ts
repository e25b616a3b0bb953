// The editor's local server: the built app from editor/dist and a small JSON API over the
// plan, data and request files of the editor's folders. It listens on 127.0.0.1 only and
// answers only requests that name it in Host; API calls also need the page's token
// (guard.ts). No request can take it down: every failure becomes an answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { checkApi, checkHost, newToken, Refused, withToken } from './guard';
import { checkFolders, PathError, safePath } from './paths';
import { listPlans, readFile, saveFile } from './plans';

export interface ServerOptions {
  /** Project root: every path the API takes is relative to it and must stay inside it. */
  root: string;
  /** The built app. */
  dist: string;
  /** Project-relative folders whose plans are listed; the last one is where new plans go. */
  folders: string[];
  /** The API token; a fresh random one when absent (tests set their own). */
  token?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.woff2': 'font/woff2',
  '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json',
};

// Same-origin only: no CDN, no inline script, no eval, no framing by other sites. Monaco needs
// inline styles and blob: workers. The page and its workers (which take their policy from their
// own script's response) share one policy: nothing in them compiles code at run time; the test
// bench validates requests with a validator generated at build time
// (engine/request/whole-request-validator.generated.ts), not with Ajv's new Function.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; base-uri 'self'; frame-ancestors 'none'";

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Other sites may not even embed our files (the page holds the token).
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': CSP,
};

function answer(res: ServerResponse, status: number, type: string, text: string): void {
  // After a refusal the connection goes: a client that sent one bad request gets no second try on it.
  const close = status >= 400 ? { connection: 'close' } : {};
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...close, ...SECURITY });
  res.end(text);
}

const send = (res: ServerResponse, status: number, body: unknown) => answer(res, status, 'application/json', JSON.stringify(body));
const sendText = (res: ServerResponse, status: number, text: string) => answer(res, status, 'text/plain', `${text}\n`);

async function readBody(req: IncomingMessage, limit = 25_000_000): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new PathError('request too large', 413);
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

function serveStatic(opts: Options, pathname: string, res: ServerResponse): void {
  let rel: string;
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  } catch {
    return sendText(res, 400, 'bad path');
  }
  let file: string;
  try {
    file = safePath(opts.dist, rel);
  } catch {
    return sendText(res, 404, 'not found');
  }
  if (!existsSync(file) || !statSync(file).isFile()) return sendText(res, 404, 'not found');
  const page = rel === 'index.html';
  const immutable = rel.startsWith('assets/');
  const body = page ? Buffer.from(withToken(readFileSync(file, 'utf8'), opts.token)) : readFileSync(file);
  res.writeHead(200, {
    'content-length': body.length,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The page carries this server start's token: a cached copy would hold a dead one.
    'cache-control': page ? 'no-store' : immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY,
  });
  res.end(body);
}

async function api(opts: Options, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /api/plans':
      return send(res, 200, { plans: listPlans(opts.root, opts.folders), workspace: opts.folders[opts.folders.length - 1] });
    case 'GET /api/file':
      return send(res, 200, readFile(opts.root, opts.folders, url.searchParams.get('path')));
    case 'PUT /api/file': {
      // Also keeps a cross-site form out: browsers preflight a JSON PUT, and we answer no CORS.
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new PathError('JSON only', 415);
      const body = (await readBody(req)) as { path?: unknown; text?: unknown; baseHash?: unknown } | null;
      if (typeof body !== 'object' || body === null) throw new PathError('the body must be a JSON object', 400);
      return send(res, 200, saveFile(opts.root, opts.folders, body.path, body.text, body.baseHash ?? null));
    }
    default:
      return send(res, 404, { error: 'no such API' });
  }
}

async function handle(opts: Options, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const isApi = (req.url ?? '').startsWith('/api/');
  let host: string;
  try {
    host = checkHost(req);
  } catch (e) {
    return isApi ? send(res, 403, { error: (e as Error).message }) : sendText(res, 403, (e as Error).message);
  }
  // Origin-form only: an absolute URL would name a host other than the one just checked.
  if (!req.url?.startsWith('/')) return sendText(res, 400, 'bad request target');
  let url: URL;
  try {
    url = new URL(req.url, `http://${host}`);
  } catch {
    return sendText(res, 400, 'bad request target');
  }
  if (!isApi) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    return serveStatic(opts, url.pathname, res);
  }
  checkApi(req, host, opts.token);
  return api(opts, req, url, res);
}

/** Any failure becomes an answer; when the answer cannot be sent any more, the socket goes. */
function fail(res: ServerResponse, e: unknown): void {
  if (res.headersSent || res.destroyed || !res.socket?.writable) {
    res.destroy();
    return;
  }
  if (e instanceof PathError || e instanceof Refused) return send(res, e.status, { error: e.message });
  // Unexpected: the details (file system paths among them) go to the terminal, not to the client.
  console.error('editor server:', e);
  send(res, 500, { error: 'internal error (see the terminal running the editor)' });
}

/** Requests Node could not parse: a short 400 (431 for huge headers), then the socket is closed. */
function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code !== 'ECONNRESET' && socket.writable && (socket as Socket).bytesWritten === 0) {
    const [status, reason] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    const body = `${reason}\n`;
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
  }
  socket.destroy();
}

type Options = ServerOptions & { token: string };

export function createEditorServer(opts: ServerOptions): Server {
  const root = resolve(opts.root);
  checkFolders(root, opts.folders);
  const o: Options = { ...opts, root, dist: resolve(opts.dist), token: opts.token ?? newToken() };
  const server = createServer((req, res) => {
    // A client that goes away mid-request makes these emit 'error': nothing to answer then.
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    handle(o, req, res).catch((e: unknown) => fail(res, e));
  });
  server.on('clientError', onClientError);
  return server;
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
