// Where a JSON pointer (/claims/0/date) is in the request text, so a schema error becomes a
// marker on the right token. A small scanner over valid JSON: it records the span of every
// value by its pointer.

export interface Located {
  start: number;
  end: number;
  /** Span of the property name, when the value is an object member. */
  keyStart?: number;
  keyEnd?: number;
}

export function locate(text: string): Map<string, Located> {
  const out = new Map<string, Located>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const value = (ptr: string, key?: { s: number; e: number }): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        const ks = i;
        const k = str();
        const ke = i;
        ws();
        i++; // colon
        value(`${ptr}/${esc(k)}`, { s: ks, e: ke });
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        value(`${ptr}/${n++}`);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') str();
    else while (i < text.length && /[^,\]}\s]/.test(text[i]!)) i++;
    out.set(ptr, { start, end: i, ...(key ? { keyStart: key.s, keyEnd: key.e } : {}) });
  };
  try {
    value('');
  } catch {
    // Invalid JSON is reported by JSON.parse; positions are best effort.
  }
  return out;
}

/** The span for an error at `pointer`: the value, or its nearest ancestor that exists. */
export function spanOf(map: Map<string, Located>, pointer: string, preferKey = false): Located {
  let p = pointer;
  for (;;) {
    const hit = map.get(p);
    if (hit) return preferKey && hit.keyStart !== undefined ? { start: hit.keyStart, end: hit.keyEnd! } : hit;
    if (p === '') return { start: 0, end: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
