/**
 * Span edits over a JS string: the rewriters compute where to change a file and never re-print it,
 * so every byte outside the edited spans (CRLF, BOM, tabs, non-ASCII) survives unchanged.
 */

export interface SpanEdit {
  /** JS string index (UTF-16 code units) where the replaced span starts. */
  start: number;
  /** Exclusive end; equal to `start` for a pure insertion. */
  end: number;
  text: string;
}

export class OverlappingEditsError extends Error {
  constructor(a: SpanEdit, b: SpanEdit) {
    super(`overlapping edits at ${a.start}-${a.end} and ${b.start}-${b.end}`);
    this.name = 'OverlappingEditsError';
  }
}

/**
 * Applies the edits to `text`. An edit wholly inside another (a literal inside a deleted statement)
 * is dropped; insertions at the same offset keep their order; any other overlap throws.
 */
export function applySpanEdits(text: string, edits: readonly SpanEdit[]): string {
  const ordered = normalise(edits);
  let out = '';
  let cursor = 0;
  for (const edit of ordered) {
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

function normalise(edits: readonly SpanEdit[]): SpanEdit[] {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    // Same start: insertions first (they go before the replaced text), then the widest span.
    .sort((a, b) => a.edit.start - b.edit.start || width(a.edit) - width(b.edit) || a.order - b.order)
    .map(({ edit }) => edit);
  const kept: SpanEdit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (!last || edit.start >= last.end) {
      kept.push(edit);
      continue;
    }
    const contained = edit.start >= last.start && edit.end <= last.end && width(last) > 0;
    if (contained) continue;
    throw new OverlappingEditsError(last, edit);
  }
  return kept;
}

function width(edit: SpanEdit): number {
  return edit.end === edit.start ? 0 : Number.MAX_SAFE_INTEGER - (edit.end - edit.start);
}

/** `\r\n` when the text's first line break is one, else `\n`. */
export function detectNewline(text: string): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** Every index at which `needle` occurs in `haystack` (non-overlapping, left to right). */
export function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    found.push(at);
  }
  return found;
}

/** Start of the line holding `index`. */
export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** Index just past the line break ending the line that holds `index` (or the text's end). */
export function nextLineStart(text: string, index: number): number {
  const at = text.indexOf('\n', index);
  return at === -1 ? text.length : at + 1;
}

/** 1-based line number of `index`. */
export function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
