/**
 * Git prints a path that holds a quote, a backslash, a control character or (with the default
 * core.quotePath) a non-ASCII byte as a C-style string: `"h\303\251llo.txt"`, `"new\nline"`.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07, b: 0x08, t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d, '"': 0x22, '\\': 0x5c,
};

export interface Unquoted {
  value: string;
  /** Offset just past the closing quote in the input. */
  end: number;
}

/**
 * Reads one C-quoted string starting at `start` (which must be a `"`). Octal escapes are bytes,
 * so the result is decoded as UTF-8 only once every byte is known. Undefined when unterminated.
 */
export function readQuoted(text: string, start = 0): Unquoted | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (char !== '\\') {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 1;
      continue;
    }
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 3;
      continue;
    }
    // Unknown escape: keep it literally rather than guess.
    bytes.push(0x5c);
  }
  return undefined;
}

/** A whole header value: quoted (unquoted here) or plain (returned as is). */
export function unquotePath(text: string): string {
  if (!text.startsWith('"')) return text;
  const quoted = readQuoted(text);
  return quoted && quoted.end === text.length ? quoted.value : text;
}
