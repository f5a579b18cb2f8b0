/**
 * Jupyter notebooks are JSON: a token inside a cell is JSON-escaped, may be split by an escape
 * sequence, and sits next to kilobytes of base64 images. Every string in the notebook is scanned
 * after unescaping (cell sources, every output including widget and other `application/vnd.*`
 * data, cell metadata and attachments, notebook metadata such as saved widget state, where
 * `notebook_login()` keeps the typed token), except image data, and hits are mapped back to the
 * raw file line.
 */

export interface NotebookPart {
  /** The cell the text came from; absent for notebook-level metadata. */
  cell?: number;
  /**
   * `source` for code or markdown, `output` for what a cell printed or displayed, `cell` for a
   * cell's other members (metadata, attachments), `notebook` for everything outside the cells.
   */
  kind: 'source' | 'output' | 'cell' | 'notebook';
  text: string;
}

// Base64 pixels: high entropy, never a credential, and by far the largest part of a notebook.
// SVG is XML text and is scanned.
export const IMAGE_MIME = /^image\/(?!svg)/i;

export function notebookParts(raw: string): NotebookPart[] | undefined {
  return notebookPartsWithoutImages(withoutImageData(raw));
}

/** `notebookParts` of JSON whose image values are already cut out (`withoutImageBytes`). */
export function notebookPartsWithoutImages(json: string): NotebookPart[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !Array.isArray(parsed['cells'])) return undefined;
  const parts: NotebookPart[] = [];
  const add = (part: NotebookPart): void => {
    if (part.text !== '') parts.push(part);
  };
  (parsed['cells'] as unknown[]).forEach((cell, index) => {
    if (!isObject(cell)) {
      add({ cell: index, kind: 'cell', text: collectText(cell) });
      return;
    }
    const { source, outputs, ...rest } = cell;
    add({ cell: index, kind: 'source', text: collectText(source) });
    add({ cell: index, kind: 'output', text: collectText(outputs) });
    add({ cell: index, kind: 'cell', text: collectText(rest) });
  });
  const { cells: _cells, ...notebook } = parsed;
  add({ kind: 'notebook', text: collectText(notebook) });
  return parts;
}

// Control characters are invalid inside a JSON string; one class search per value (a regex
// looping over an alternation would keep a backtrack entry per character of a megabyte plot).
const CONTROL = /[\x00-\x1f]/;
const SIMPLE_ESCAPE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The end of the valid JSON string token starting at the quote at `at`, or undefined. */
function stringTokenEnd(raw: string, at: number): number | undefined {
  const end = skipString(raw, at);
  if (end > raw.length || CONTROL.test(raw.slice(at + 1, end - 1))) return undefined;
  for (let slash = raw.indexOf('\\', at + 1); slash !== -1 && slash < end - 1; slash = raw.indexOf('\\', slash + 2)) {
    const escaped = raw[slash + 1] ?? '';
    if (escaped === 'u') {
      if (!HEX4.test(raw.slice(slash + 2, slash + 6))) return undefined;
    } else if (!SIMPLE_ESCAPE.has(escaped)) return undefined;
  }
  return end;
}

/** The end of a valid string token or array of them (nbformat allows either) at `at`, or undefined. */
function plainStringsEnd(raw: string, at: number): number | undefined {
  if (raw[at] === '"') return stringTokenEnd(raw, at);
  if (raw[at] !== '[') return undefined;
  let i = skipSpace(raw, at + 1);
  if (raw[i] === ']') return i + 1;
  for (;;) {
    if (raw[i] !== '"') return undefined;
    const end = stringTokenEnd(raw, i);
    if (end === undefined) return undefined;
    i = skipSpace(raw, end);
    if (raw[i] === ']') return i + 1;
    if (raw[i] !== ',') return undefined;
    i = skipSpace(raw, i + 1);
  }
}

/**
 * The notebook's JSON with each image value (`"image/png": "iVBOR…"`) replaced by `""` before
 * JSON.parse: collectInto skips image entries anyway, and parsing them allocated a string per
 * plot, most of a notebook's bytes and, above ~128 KB each, slow large-object allocations (the
 * dense bench tree's 22 MB of notebooks parsed in about half the time without them).
 *
 * Only a value that is itself a valid string token (or array of them) is replaced, by another
 * valid string token, so a file JSON.parse rejects is still rejected and one it accepts parses
 * to the same members; keys are found by an unescaped quote followed by `image/` and then `:`.
 */
export function withoutImageData(raw: string): string {
  const pieces: string[] = [];
  let copied = 0;
  for (let at = raw.indexOf('"image/'); at !== -1; at = raw.indexOf('"image/', at + 1)) {
    if (at < copied || isEscaped(raw, at)) continue;
    const keyEnd = skipString(raw, at);
    if (keyEnd > raw.length) break;
    const colon = skipSpace(raw, keyEnd);
    if (raw[colon] !== ':') continue;
    const valueStart = skipSpace(raw, colon + 1);
    const valueEnd = plainStringsEnd(raw, valueStart);
    if (valueEnd === undefined || stringTokenEnd(raw, at) !== keyEnd || !IMAGE_MIME.test(JSON.parse(raw.slice(at, keyEnd)) as string)) continue;
    pieces.push(raw.slice(copied, valueStart), '""');
    copied = valueEnd;
    at = valueEnd - 1;
  }
  if (pieces.length === 0) return raw;
  pieces.push(raw.slice(copied));
  return pieces.join('');
}

function isEscaped(raw: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; j >= 0 && raw.charCodeAt(j) === 92; j--) backslashes++;
  return backslashes % 2 === 1;
}

/** Characters a scan of the notebook reads (image data left out); undefined when it is not one. */
export function notebookTextSize(raw: string, imagesRemoved = false): number | undefined {
  return (imagesRemoved ? notebookPartsWithoutImages(raw) : notebookParts(raw))?.reduce((sum, part) => sum + part.text.length, 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Every string under `value`, object keys included, one per line. A list of strings in nbformat's
 * multi-line form (each item but the last ends in a newline) is joined as the one text it is.
 */
function collectText(value: unknown): string {
  const out: string[] = [];
  collectInto(value, out);
  return out.join('\n');
}

function collectInto(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item, index) => typeof item === 'string' && (index === value.length - 1 || item.endsWith('\n')))) {
      out.push(value.join(''));
      return;
    }
    for (const item of value) collectInto(item, out);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (IMAGE_MIME.test(key)) continue;
    out.push(key);
    collectInto(item, out);
  }
}

export interface CellSpans {
  /** [start, end) offsets in the raw JSON of the whole cell and of its `source` and `outputs` values. */
  cell: [number, number];
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
    spans.push({ cell: [at, end], source: members.get('source'), outputs: members.get('outputs') });
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
