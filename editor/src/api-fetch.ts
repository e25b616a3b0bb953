// Every call the page and its workers make to the editor's server goes through here. The server
// refuses API calls without the token it wrote into the page it served (editor/server/guard.ts),
// so that no other web page, even one on a name that resolves to 127.0.0.1, can use the API.

const TOKEN_HEADER = 'X-Yibao-Token';

let token: string | undefined;

/** The page reads the token from the meta tag the server added; workers are handed it. */
export function apiToken(): string {
  token ??= globalThis.document?.querySelector<HTMLMetaElement>('meta[name="yibao-token"]')?.content ?? '';
  return token;
}

export function setApiToken(t: string): void {
  token = t;
}

export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(TOKEN_HEADER, apiToken());
  return fetch(path, { ...init, headers });
}
