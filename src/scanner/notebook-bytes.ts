import { BACKSLASH, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACKET, QUOTE } from '../util/ascii.js';
import { kernelHasControlByte } from './byte-kernels.js';
import { IMAGE_MIME } from './notebook.js';

/**
 * `withoutImageData` (notebook.ts) on a notebook's raw UTF-8 bytes, before they are decoded. A
 * tree scan used to decode every notebook whole, base64 plots included (a third of the dense bench
 * tree's bytes, mostly in strings above 128 KB, V8's slow large-object space), only for the parse
 * to drop the plots again. Cutting them out of the bytes leaves a small text to decode and parse;
 * the full text is decoded only when a hit has to be placed on its raw line.
 *
 * Same cuts as the string version: every character it looks at (quotes, backslashes, escapes,
 * white space, brackets, control characters) is ASCII, UTF-8 keeps each ASCII character as its
 * own byte and never uses one inside a multi-byte sequence (nor does its replacement of invalid
 * sequences swallow one), and each cut falls next to an ASCII byte, so decoding the result gives
 * exactly `withoutImageData` of the decoded file.
 */

const IMAGE_KEY = Buffer.from('"image/');
const EMPTY_STRING = Buffer.from('""');
// Escapes JSON allows after a backslash, besides `u` and four hex digits.
const SIMPLE_ESCAPE = new Set([...'"\\/bfnrt'].map((char) => char.charCodeAt(0)));

/** The bytes with each image value replaced by `""`; the same Buffer when there is none. */
export function withoutImageBytes(raw: Buffer): Buffer {
  const pieces: Buffer[] = [];
  let copied = 0;
  for (let at = raw.indexOf(IMAGE_KEY); at !== -1; at = raw.indexOf(IMAGE_KEY, at + 1)) {
    if (at < copied || isEscaped(raw, at)) continue;
    const keyEnd = skipString(raw, at);
    if (keyEnd > raw.length) break;
    const colon = skipSpace(raw, keyEnd);
    if (raw[colon] !== COLON) continue;
    const valueStart = skipSpace(raw, colon + 1);
    const valueEnd = plainStringsEnd(raw, valueStart);
    if (valueEnd === undefined || stringTokenEnd(raw, at) !== keyEnd || !IMAGE_MIME.test(JSON.parse(raw.toString('utf8', at, keyEnd)) as string)) continue;
    pieces.push(raw.subarray(copied, valueStart), EMPTY_STRING);
    copied = valueEnd;
    at = valueEnd - 1;
  }
  if (pieces.length === 0) return raw;
  pieces.push(raw.subarray(copied));
  return Buffer.concat(pieces);
}

function isEscaped(raw: Buffer, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; j >= 0 && raw[j] === BACKSLASH; j--) backslashes++;
  return backslashes % 2 === 1;
}

// Shorter strings (keys, small outputs) are checked in JavaScript: not worth a copy.
const KERNEL_MIN_BYTES = 1024;

/**
 * Whether a byte below 0x20 lies in [from, to). This runs over every byte of every plot, so long
 * strings go to the WebAssembly kernel (byte-kernels.ts); `kernel: false` keeps it here (tests
 * compare the two).
 */
export function hasControlByte(raw: Buffer, from: number, to: number, kernel = true): boolean {
  if (kernel && to - from >= KERNEL_MIN_BYTES) {
    const found = kernelHasControlByte(raw, from, to);
    if (found !== undefined) return found;
  }
  // Four bytes per step where the buffer's memory allows it.
  let i = from;
  while (i < to && ((raw.byteOffset + i) & 3) !== 0) if (raw[i++]! < 0x20) return true;
  const wordCount = (to - i) >> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(raw.buffer, raw.byteOffset + i, wordCount);
    // A byte below 0x20 borrows into its own top bit when 0x20 is taken from it, and only a byte
    // without its top bit set can do so (the classic "has less than n" test, exact for n <= 128).
    for (let w = 0; w < wordCount; w++) {
      const word = words[w]!;
      if (((word - 0x20202020) & ~word & 0x80808080) !== 0) return true;
    }
    i += wordCount << 2;
  }
  for (; i < to; i++) if (raw[i]! < 0x20) return true;
  return false;
}

function isHexDigit(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/** The end of the valid JSON string token starting at the quote at `at`, or undefined. */
function stringTokenEnd(raw: Buffer, at: number): number | undefined {
  const end = skipString(raw, at);
  if (end > raw.length) return undefined;
  if (hasControlByte(raw, at + 1, end - 1)) return undefined;
  for (let slash = raw.indexOf(BACKSLASH, at + 1); slash !== -1 && slash < end - 1; slash = raw.indexOf(BACKSLASH, slash + 2)) {
    const escaped = raw[slash + 1]!;
    if (escaped === 0x75) {
      // The string version tests the 4 characters after `\u`; it only passes on 4 ASCII hex digits,
      // which are the same 4 bytes here, and a shorter tail fails in both.
      for (let k = 2; k < 6; k++) if (slash + k >= raw.length || !isHexDigit(raw[slash + k])) return undefined;
    } else if (!SIMPLE_ESCAPE.has(escaped)) return undefined;
  }
  return end;
}

/** The end of a valid string token or array of them (nbformat allows either) at `at`, or undefined. */
function plainStringsEnd(raw: Buffer, at: number): number | undefined {
  if (raw[at] === QUOTE) return stringTokenEnd(raw, at);
  if (raw[at] !== OPEN_BRACKET) return undefined;
  let i = skipSpace(raw, at + 1);
  if (raw[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (raw[i] !== QUOTE) return undefined;
    const end = stringTokenEnd(raw, i);
    if (end === undefined) return undefined;
    i = skipSpace(raw, end);
    if (raw[i] === CLOSE_BRACKET) return i + 1;
    if (raw[i] !== COMMA) return undefined;
    i = skipSpace(raw, i + 1);
  }
}

function skipSpace(raw: Buffer, at: number): number {
  let i = at;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09)) i++;
  return i;
}

function skipString(raw: Buffer, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = raw.indexOf(QUOTE, from);
    if (quote === -1) return raw.length + 1;
    let backslashes = 0;
    for (let j = quote - 1; j > at && raw[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}
