/**
 * Span-level text helpers shared by the planner and the rewriters. Every rewrite is a list of
 * edits on the original text, so bytes outside the replaced spans are preserved exactly.
 */
import type { Finding } from '../types/index.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export const BOM = '\uFEFF';

/** Applies non-overlapping edits; edits at the same position keep their given order. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  let out = '';
  let at = 0;
  for (const { edit } of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** The line break the file mostly uses, so inserted lines match their neighbours. */
export function eolOf(text: string): string {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Offset of the start of the 1-based line `line` in `text`. */
export function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** Start and end (before the line break) of the line holding `offset`. */
export function lineBounds(text: string, offset: number): { start: number; end: number; next: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  const next = end === -1 ? text.length : end + 1;
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end, next };
}

/**
 * Where the finding's secret starts in the raw text. Findings count lines and columns in the text
 * the scanner saw (BOM dropped); we verify the secret is really there and otherwise fall back to
 * the nearest occurrence, so a stale or shifted position can never make us edit the wrong bytes.
 */
export function locateFinding(text: string, finding: Pick<Finding, 'line' | 'column' | 'secret'>): number | undefined {
  const bom = text.startsWith(BOM) ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const expected = lineStartOffset(body, finding.line) + finding.column - 1;
  if (body.startsWith(finding.secret, expected)) return expected + bom;
  // Notebooks report the JSON line; a secret with characters JSON escapes is found by its escaped form.
  const escaped = JSON.stringify(finding.secret).slice(1, -1);
  if (escaped !== finding.secret && body.startsWith(escaped, expected)) return expected + bom;
  let best: number | undefined;
  for (let at = body.indexOf(finding.secret); at !== -1; at = body.indexOf(finding.secret, at + 1)) {
    if (best === undefined || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
  }
  return best === undefined ? undefined : best + bom;
}

/** Every offset where `needle` occurs. */
export function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/** True when the buffer decodes to UTF-8 and back to the same bytes. */
export function isLosslessUtf8(buffer: Buffer, text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === buffer.length && Buffer.from(text, 'utf8').equals(buffer);
}

/** UPPER_SNAKE words of an identifier: `hfWriteToken` and `hf-write-token` → HF, WRITE, TOKEN. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toUpperCase());
}

export function isEnvName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) && /[A-Z]/.test(name);
}
