// Reading a plan or a request file with a bound: a file, a pipe, standard input ("-") or a device
// is read until the bound and no further, so an endless input (/dev/zero, `yes |`) ends with a
// clear error instead of a hang or an exhausted memory.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { MAX_PLAN_CHARS } from '../../grammar/index';
import type { Diagnostic } from '../../grammar/diagnostic';
import { formatDiagnostic, type Lang } from '../ir/diagnostics';

/** A request file (or standard input) holds at most this many bytes; batch files have no bound. */
export const MAX_REQUEST_BYTES = 256 << 20;

export class InputTooLarge extends Error {
  constructor(
    readonly path: string,
    readonly limit: number,
  ) {
    super(`${path} is larger than ${limit >> 20} MiB / 超过 ${limit >> 20} MiB`);
  }
}

/**
 * The text of `path` ("-" for standard input). `over` says what happens past `limit` bytes: throw
 * InputTooLarge, or keep `limit + 1` bytes (so the caller's own check names the size).
 */
export function readBounded(path: string, limit: number, over: 'throw' | 'truncate' = 'throw'): string {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  const parts: Buffer[] = [];
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; total <= limit && (n = readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null)) > 0; ) {
      parts.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  if (total > limit && over === 'throw') throw new InputTooLarge(path, limit);
  return Buffer.concat(parts).toString('utf8');
}

/** Where a command writes: its output and its messages. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A request or data file as JSON (a byte-order mark is allowed); unreadable or not JSON is a message. */
export function readJson(path: string, lang: 'zh' | 'en', io: Io): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  try {
    text = readBounded(path, MAX_REQUEST_BYTES);
  } catch (e) {
    if (e instanceof InputTooLarge) io.err(lang === 'zh' ? `yibao: 请求文件 ${path} 超过 ${MAX_REQUEST_BYTES >> 20} MiB 上限` : `yibao: request ${path} is larger than the limit of ${MAX_REQUEST_BYTES >> 20} MiB`);
    else io.err(lang === 'zh' ? `yibao: 无法读取请求文件 ${path}` : `yibao: cannot read request ${path}`);
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\ufeff/, '')) };
  } catch (e) {
    io.err(`yibao: ${path}: ${lang === 'zh' ? '不是有效的 JSON' : 'not valid JSON'}: ${(e as Error).message}`);
    return { ok: false };
  }
}


/**
 * A file the CLI reads as a document (a plan, chain, fund plan or floors): its diagnostics printed as
 * code frames; undefined, said in the message language, when there is no such file. A file longer
 * than the parser takes is read only as far as needed to say so (YB005).
 */
export function loadFile<D extends { diagnostics: Diagnostic[] }>(path: string, lang: Lang, io: Io, what: { en: string; zh: string }, make: (text: string) => D): D | undefined {
  if (!existsSync(path)) {
    io.err(lang === 'zh' ? `yibao: 找不到${what.zh}文件 ${path}` : `yibao: no such ${what.en} file ${path}`);
    return undefined;
  }
  const text = readBounded(path, MAX_PLAN_CHARS * 4, 'truncate');
  const doc = make(text);
  for (const d of doc.diagnostics) io.err(formatDiagnostic(d, text, lang));
  return doc;
}
