/**
 * Jupyter notebooks are JSON: a token inside a cell is JSON-escaped, may be split by an escape
 * sequence, and sits next to kilobytes of base64 images. We scan each cell's unescaped source and
 * its text outputs, skip image outputs, and map hits back to the raw file line.
 */

export interface NotebookPart {
  cell: number;
  /** `source` for code or markdown, `output` for text a cell printed. */
  kind: 'source' | 'output';
  text: string;
}

interface RawCell {
  source?: unknown;
  outputs?: unknown;
}

export function notebookParts(raw: string): NotebookPart[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { cells?: unknown }).cells)) {
    return undefined;
  }
  const parts: NotebookPart[] = [];
  const cells = (parsed as { cells: RawCell[] }).cells;
  cells.forEach((cell, index) => {
    if (!cell || typeof cell !== 'object') return;
    const source = joinText(cell.source);
    if (source) parts.push({ cell: index, kind: 'source', text: source });
    if (!Array.isArray(cell.outputs)) return;
    for (const output of cell.outputs as Record<string, unknown>[]) {
      for (const text of outputTexts(output)) parts.push({ cell: index, kind: 'output', text });
    }
  });
  return parts;
}

function joinText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join('');
  return '';
}

function outputTexts(output: Record<string, unknown> | null): string[] {
  if (!output || typeof output !== 'object') return [];
  const texts: string[] = [];
  const stream = joinText(output['text']);
  if (stream) texts.push(stream);
  const data = output['data'];
  if (data && typeof data === 'object') {
    for (const [mime, value] of Object.entries(data as Record<string, unknown>)) {
      // Images are base64 noise: high entropy, never a credential, and by far the largest part.
      if (mime.startsWith('image/') || mime.startsWith('application/vnd')) continue;
      const text = joinText(value);
      if (text) texts.push(text);
    }
  }
  const traceback = output['traceback'];
  if (Array.isArray(traceback)) texts.push(joinText(traceback.map((line) => `${String(line)}\n`)));
  return texts;
}

export interface CellSpans {
  /** [start, end) offsets in the raw JSON of the cell's `source` and `outputs` values. */
  source?: [number, number];
  outputs?: [number, number];
}

/**
 * Locates each cell's `source` and `outputs` values in the raw JSON, so a hit can be mapped to
 * the right raw line even when the same token is both in the code and in the output it printed
 * (nbformat writes `outputs` before `source`). Only called on text that JSON.parse accepted.
 */
export function cellSpans(raw: string): CellSpans[] {
  const spans: CellSpans[] = [];
  const top = objectMembers(raw, skipSpace(raw, 0));
  const cells = top.get('cells');
  if (!cells || raw[cells[0]] !== '[') return spans;
  let at = skipSpace(raw, cells[0] + 1);
  while (at < cells[1] && raw[at] !== ']') {
    const end = skipValue(raw, at);
    const members = raw[at] === '{' ? objectMembers(raw, at) : new Map<string, [number, number]>();
    spans.push({ source: members.get('source'), outputs: members.get('outputs') });
    at = skipSpace(raw, end);
    if (raw[at] === ',') at = skipSpace(raw, at + 1);
  }
  return spans;
}

/** Member name → [start, end) of its value, for the JSON object starting at `at`. */
function objectMembers(raw: string, at: number): Map<string, [number, number]> {
  const members = new Map<string, [number, number]>();
  if (raw[at] !== '{') return members;
  let i = skipSpace(raw, at + 1);
  while (i < raw.length && raw[i] === '"') {
    const keyEnd = skipString(raw, i);
    const key = JSON.parse(raw.slice(i, keyEnd)) as string;
    i = skipSpace(raw, keyEnd);
    if (raw[i] !== ':') break;
    const valueStart = skipSpace(raw, i + 1);
    const valueEnd = skipValue(raw, valueStart);
    members.set(key, [valueStart, valueEnd]);
    i = skipSpace(raw, valueEnd);
    if (raw[i] === ',') i = skipSpace(raw, i + 1);
  }
  return members;
}

function skipSpace(raw: string, at: number): number {
  let i = at;
  while (i < raw.length && (raw[i] === ' ' || raw[i] === '\n' || raw[i] === '\r' || raw[i] === '\t')) i++;
  return i;
}

// Jumps from quote to quote with indexOf: base64 plots make up most of a notebook's bytes, and
// walking them a character at a time cost more than the rest of the scan (docs/bench.md).
function skipString(raw: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = raw.indexOf('"', from);
    if (quote === -1) return raw.length + 1;
    let backslashes = 0;
    for (let j = quote - 1; j > at && raw.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipValue(raw: string, at: number): number {
  const first = raw[at];
  if (first === '"') return skipString(raw, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < raw.length && !',}] \n\r\t'.includes(raw[i] ?? ',')) i++;
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < raw.length) {
    const char = raw[i];
    if (char === '"') {
      i = skipString(raw, i);
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

/**
 * Where the secret appears in the raw file: its JSON-escaped form, searched from the cell start.
 * When an escape sequence sits inside the token (`\u0068f_…`), the escaped form differs from the
 * raw bytes, so we fall back to the token's tail, which still pins the right line.
 */
export function rawOffsetOf(raw: string, secret: string, from: number): number {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const at = raw.indexOf(escaped, from);
  if (at !== -1) return at;
  const tail = escaped.slice(-Math.min(16, escaped.length));
  const tailAt = raw.indexOf(tail, from);
  return tailAt === -1 ? from : Math.max(from, raw.lastIndexOf('"', tailAt) + 1);
}
