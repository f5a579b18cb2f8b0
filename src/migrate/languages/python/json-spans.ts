/**
 * A JSON reader that remembers where every value sits in the raw text. The notebook rewriter edits
 * the raw text at those spans instead of re-serialising, so indentation, key order, escapes and
 * non-ASCII characters stay exactly as the notebook's writer left them.
 */

export type JsonNode = JsonObject | JsonArray | JsonString | JsonScalar;

interface Span {
  start: number;
  end: number;
}

export interface JsonObject extends Span {
  kind: 'object';
  entries: { key: string; value: JsonNode }[];
}
export interface JsonArray extends Span {
  kind: 'array';
  items: JsonNode[];
}
export interface JsonString extends Span {
  kind: 'string';
  value: string;
}
export interface JsonScalar extends Span {
  kind: 'scalar';
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJsonSpans(text: string): JsonNode {
  const reader = new Reader(text);
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  reader.position = start;
  const value = reader.value();
  reader.whitespace();
  if (reader.position !== text.length) throw new JsonSyntaxError('trailing text', reader.position);
  return value;
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.entries.find((entry) => entry.key === key)?.value : undefined;
}

/** Every string value under `node` (not object keys), in document order. */
export function stringsUnder(node: JsonNode): JsonString[] {
  if (node.kind === 'string') return [node];
  if (node.kind === 'array') return node.items.flatMap(stringsUnder);
  if (node.kind === 'object') return node.entries.flatMap((entry) => stringsUnder(entry.value));
  return [];
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  position = 0;
  constructor(private readonly text: string) {}

  whitespace(): void {
    while (/[ \t\r\n]/.test(this.text[this.position] ?? '')) this.position++;
  }

  value(): JsonNode {
    this.whitespace();
    const char = this.text[this.position];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.position, this.position + 400));
    if (!match) throw new JsonSyntaxError('unexpected character', this.position);
    const start = this.position;
    this.position += match[0].length;
    return { kind: 'scalar', start, end: this.position };
  }

  private object(): JsonObject {
    const start = this.position++;
    const entries: JsonObject['entries'] = [];
    this.whitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return { kind: 'object', start, end: this.position, entries };
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.position] !== '"') throw new JsonSyntaxError('expected a key', this.position);
      const key = this.string().value;
      this.whitespace();
      if (this.text[this.position++] !== ':') throw new JsonSyntaxError('expected :', this.position - 1);
      entries.push({ key, value: this.value() });
      this.whitespace();
      const next = this.text[this.position++];
      if (next === '}') return { kind: 'object', start, end: this.position, entries };
      if (next !== ',') throw new JsonSyntaxError('expected , or }', this.position - 1);
    }
  }

  private array(): JsonArray {
    const start = this.position++;
    const items: JsonNode[] = [];
    this.whitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return { kind: 'array', start, end: this.position, items };
    }
    for (;;) {
      items.push(this.value());
      this.whitespace();
      const next = this.text[this.position++];
      if (next === ']') return { kind: 'array', start, end: this.position, items };
      if (next !== ',') throw new JsonSyntaxError('expected , or ]', this.position - 1);
    }
  }

  private string(): JsonString {
    const start = this.position++;
    let value = '';
    let run = this.position;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) throw new JsonSyntaxError('unterminated string', start);
      if (char === '"') {
        value += this.text.slice(run, this.position);
        this.position++;
        return { kind: 'string', start, end: this.position, value };
      }
      if (char === '\\') {
        value += this.text.slice(run, this.position);
        const escape = this.text[this.position + 1] ?? '';
        if (escape === 'u') {
          const hex = this.text.slice(this.position + 2, this.position + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape', this.position);
          value += String.fromCharCode(parseInt(hex, 16));
          this.position += 6;
        } else {
          const decoded = ESCAPES[escape];
          if (decoded === undefined) throw new JsonSyntaxError('bad escape', this.position);
          value += decoded;
          this.position += 2;
        }
        run = this.position;
        continue;
      }
      this.position++;
    }
  }
}

/**
 * A JSON string literal written the way Jupyter writes one (`json.dumps`): `\n`-style escapes for
 * control characters and, when the notebook was written with `ensure_ascii`, `\uXXXX` (lower-case
 * hex) for everything outside ASCII.
 */
export function encodeJsonString(value: string, asciiOnly: boolean): string {
  const encoded = JSON.stringify(value);
  if (!asciiOnly) return encoded;
  return encoded.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether the notebook escapes non-ASCII characters (`ensure_ascii=True`) rather than writing them raw. */
export function writesAsciiOnly(raw: string): boolean {
  if (/[^\x00-\x7f]/.test(raw.replace(/^\uFEFF/, ''))) return false;
  return /\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})/.test(raw);
}
