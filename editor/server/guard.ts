// Who may talk to the editor's server. Listening on 127.0.0.1 is not enough: any web page the
// analyst opens can send requests there, and a domain that resolves to 127.0.0.1 (DNS rebinding)
// even makes its page same-origin with us. So every request must name us in Host, an API call
// must not come from another origin, and it must carry the token this server start made, which
// only the page we served can know (like Jupyter's token).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-yibao-token';

export class Refused extends Error {
  constructor(
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

export const newToken = () => randomBytes(32).toString('hex');

/** The Host values a loopback client uses for the port this connection reached. */
function loopbackHosts(port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const hosts = names.map((n) => `${n}:${port}`);
  // Browsers leave out the default port.
  if (port === 80) hosts.push(...names);
  return new Set(hosts);
}

/** The request's Host when it is one of ours; a Refused otherwise. */
export function checkHost(req: IncomingMessage): string {
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!loopbackHosts(req.socket.localPort ?? 0).has(host)) {
    throw new Refused(`Host "${host.slice(0, 100)}" is not this editor: open it at http://127.0.0.1:${req.socket.localPort}/`);
  }
  return host;
}

function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // The length of the token is no secret; its bytes are compared in constant time.
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses an API call from another origin, or without this server start's token. */
export function checkApi(req: IncomingMessage, host: string, token: string): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) throw new Refused(`requests from ${origin.slice(0, 100)} are refused`);
  // Fetch metadata, where the browser sends it: only the page itself may call the API.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new Refused(`${site} requests are refused`);
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !sameBytes(given, token)) throw new Refused('missing or wrong editor token: reload the page');
}

/** index.html with the token in a meta tag: the CSP allows no inline script to carry it. */
export function withToken(html: string, token: string): string {
  return html.replace(/<head[^>]*>/i, (head) => `${head}\n  <meta name="yibao-token" content="${token}" />`);
}
