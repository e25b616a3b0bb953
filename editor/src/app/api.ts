// The local server's JSON API (editor/server/server.ts).
import { apiFetch } from '../api-fetch';

export interface OpenedFile {
  path: string;
  text: string;
  hash: string;
  mtimeMs: number;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new ApiError(body.error ?? res.statusText, res.status);
  return body;
}

export const api = {
  list: () => apiFetch('/api/plans').then((r) => json<{ plans: { path: string; folder: string }[]; workspace: string }>(r)),
  open: (path: string) => apiFetch(`/api/file?path=${encodeURIComponent(path)}`).then((r) => json<OpenedFile>(r)),
  save: (path: string, text: string, baseHash: string | null) =>
    apiFetch('/api/file', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path, text, baseHash }),
    }).then((r) => json<{ path: string; hash: string; mtimeMs: number }>(r)),
};
