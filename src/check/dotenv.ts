/**
 * A small `.env` parser that reads the files the way python-dotenv and the `dotenv` package do,
 * where they agree: `KEY=value`, an optional `export ` prefix, `#` comments, single quotes
 * (literal), double quotes (with `\n`-style escapes), multi-line quoted values, CRLF and a BOM.
 * Where they differ we take the stricter reading: an unquoted `#` starts a comment only after
 * whitespace, so a token containing `#` is never cut short.
 */

export interface DotenvEntry {
  name: string;
  value: string;
  /** 1-based line where the entry starts. */
  line: number;
}

const KEY = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=|:[ \t])[ \t]*/;

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** Every well-formed entry, in file order (a later entry with the same name wins in `toMap`). */
export function parseDotenv(text: string): DotenvEntry[] {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const entries: DotenvEntry[] = [];
  let offset = 0;
  let line = 1;
  while (offset < source.length) {
    const end = lineEnd(source, offset);
    const key = KEY.exec(source.slice(offset, end));
    if (!key?.[1]) {
      offset = end + 1;
      line++;
      continue;
    }
    const valueStart = offset + key[0].length;
    const parsed = readValue(source, valueStart);
    entries.push({ name: key[1], value: parsed.value, line });
    line += countNewlines(source, offset, parsed.next);
    offset = parsed.next;
    // `parsed.next` sits at the end of the entry's last line; step over its newline.
    if (source[offset] === '\n') {
      offset++;
      line++;
    }
  }
  return entries;
}

/** Name → value, later entries winning, as both dotenv implementations do. */
export function dotenvToMap(entries: readonly DotenvEntry[]): Map<string, DotenvEntry> {
  const map = new Map<string, DotenvEntry>();
  for (const entry of entries) map.set(entry.name, entry);
  return map;
}

interface ParsedValue {
  value: string;
  /** Offset of the end of the entry's last line (its `\n`, or the end of the text). */
  next: number;
}

function readValue(source: string, start: number): ParsedValue {
  const quote = source[start];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = findClosingQuote(source, start + 1, quote);
    if (close !== -1) {
      const raw = source.slice(start + 1, close);
      return { value: quote === '"' ? unescapeDoubleQuoted(raw) : raw, next: lineEnd(source, close) };
    }
    // An unterminated quote: read the line as an unquoted value rather than swallow the file.
  }
  const end = lineEnd(source, start);
  return { value: stripInlineComment(source.slice(start, end)).trim(), next: end };
}

function findClosingQuote(source: string, from: number, quote: string): number {
  for (let index = from; index < source.length; index++) {
    const char = source[index];
    if (char === '\\' && quote === '"') {
      index++;
      continue;
    }
    if (char === quote) return index;
  }
  return -1;
}

function unescapeDoubleQuoted(raw: string): string {
  return raw.replace(/\\(.)/gs, (whole, char: string) => DOUBLE_QUOTE_ESCAPES[char] ?? whole);
}

function stripInlineComment(value: string): string {
  if (value.startsWith('#')) return '';
  const comment = /[ \t]#/.exec(value);
  return comment ? value.slice(0, comment.index) : value;
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end === -1 ? source.length : end;
}

function countNewlines(source: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) if (source[index] === '\n') count++;
  return count;
}
