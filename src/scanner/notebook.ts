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

/** Offsets in the raw JSON where each cell object begins, in order. */
export function cellOffsets(raw: string, count: number): number[] {
  const offsets: number[] = [];
  const marker = /"cell_type"\s*:/g;
  for (let hit = marker.exec(raw); hit && offsets.length < count; hit = marker.exec(raw)) {
    offsets.push(hit.index);
  }
  return offsets;
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
