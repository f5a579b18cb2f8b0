import type { CompiledRule } from './compile.js';
import { regexHits } from './match.js';
import { maxMatchLength, regexShape } from '../rules/regex-shape.js';

/**
 * Whether a large text file can hold any rule hit, answered without decoding it into one string.
 *
 * Why: V8 allocates a string of more than ~128 KiB in its large-object space, on pages the process
 * touches for the first time, and frees them again; decoding a 1 MiB lock file whole costs about
 * four times decoding it in 64 KiB pieces, nearly all of it page faults (docs/bench.md, ninth
 * round). Most large text files in an ML tree are data (lock files, CSV, JSONL) whose keywords pass
 * the prefilter but which hold no hit, so the pieces settle them; a file with a hit is scanned whole
 * as before, so its findings do not depend on this.
 *
 * Why "no hit in any window" means "no hit in the whole text": a rule's search at a position reads
 * at most `reach` characters around it (its longest match, then on either side its lookarounds'
 * lengths added up, and one more each way for `\b` and `^`/`$` under `m`). Windows overlap by at
 * least the largest reach of the rules asked, so every span of that length lies inside one window,
 * with the same characters around it as in the whole text. The whole text's first hit is such a
 * span; in that window the search tries the same start, reads the same characters and so hits
 * there, or hits earlier.
 *
 * ASCII bytes are characters one for one. UTF-8 windows start and end on a byte that is not a
 * continuation byte (10xxxxxx): the decoder is in step with the whole file's there (a sequence cut
 * short before such a byte is replaced the same way in both), so a window decodes to exactly the
 * whole text's characters between its edges. A UTF-16 unit takes at most three bytes, so the
 * overlap is three bytes per unit of reach.
 */
export const LARGE_TEXT = 128 * 1024;
const STEP = 64 * 1024;
// Keeps every window's string, STEP + reach, under the large-object size.
export const MAX_REACH = 48 * 1024;
// A non-ASCII window decodes to a two-byte string: half the characters fit under the same size.
const UTF8_STEP = 32 * 1024;
const MAX_UTF8_OVERLAP = 28 * 1024;

export interface WindowOptions {
  /**
   * The bytes are pure ASCII (the byte prefilter says so); otherwise UTF-8, without the BOM the
   * whole-file path drops too (decodeText).
   */
  ascii: boolean;
  /** Distance between window starts, in bytes (tests make it small). */
  step?: number;
}

/**
 * False only when no rule's regex can hit the text of the bytes; true also when that is not
 * provable here (a rule with an unbounded or too long reach, one that runs under the interrupting
 * guard, or a run of stray UTF-8 continuation bytes where a window would start).
 */
export function mayHit(bytes: Buffer, rules: readonly CompiledRule[], options: WindowOptions): boolean {
  let reach = 0;
  for (const rule of rules) {
    if (rule.guarded) return true;
    reach = Math.max(reach, reachOf(rule));
  }
  if (options.ascii) {
    if (reach > MAX_REACH) return true;
    for (const [start, end] of windowsOf(bytes.length, reach, options.step ?? STEP)) {
      if (hitsIn(bytes.toString('latin1', start, end), rules)) return true;
    }
    return false;
  }
  // Three bytes per unit, and a few for edges moved onto character starts.
  const overlap = 3 * reach + 8;
  if (overlap > MAX_UTF8_OVERLAP) return true;
  for (const [start, end] of windowsOf(bytes.length, overlap, options.step ?? UTF8_STEP)) {
    // The first window starts where the whole file's decoder does, whatever the byte there.
    const from = start === 0 ? 0 : characterStart(bytes, start);
    const to = characterStart(bytes, end);
    if (from === undefined || to === undefined) return true;
    if (hitsIn(bytes.toString('utf8', from, to), rules)) return true;
  }
  return false;
}

function hitsIn(text: string, rules: readonly CompiledRule[]): boolean {
  for (const rule of rules) if (regexHits(text, rule)) return true;
  return false;
}

/**
 * The first offset at or after `at` that holds no continuation byte (or the end). A valid
 * sequence has at most three of them after its lead byte; more is a stray run, where undefined
 * sends the file down the whole path rather than reason about it.
 */
export function characterStart(bytes: Uint8Array, at: number): number | undefined {
  for (let offset = at; offset < Math.min(bytes.length, at + 4); offset++) if ((bytes[offset]! & 0xc0) !== 0x80) return offset;
  return at + 4 > bytes.length ? bytes.length : undefined;
}

/** `[start, end)` windows over `length` units (characters or bytes), `step` apart, each `reach` longer than the step. */
export function* windowsOf(length: number, reach: number, step: number): Generator<[number, number]> {
  for (let start = 0; start < length; start += step) {
    const end = Math.min(length, start + step + reach);
    yield [start, end];
    if (end === length) return;
  }
}

/** What a search by this rule reads around a match start; Infinity when that has no bound. */
export function reachOf(compiled: CompiledRule): number {
  return (compiled.reach ??= readReach(compiled.regex.source));
}

function readReach(source: string): number {
  // A backreference matches as much as its group did, which the length count does not follow.
  if (/\\(?:[1-9]|k<)/.test(source)) return Infinity;
  try {
    // Lookarounds may nest (a lookahead inside a lookahead reads on from where the outer one is),
    // so the sum of their lengths bounds how far any of them reads; one more character each for a
    // `\b` inside, and one more for the leading one-class lookbehind regexShape folds into the
    // pattern instead of listing.
    const lookarounds = regexShape(source).lookarounds.reduce((sum, { maxLength }) => sum + maxLength + 1, 1);
    return maxMatchLength(source) + 2 * (lookarounds + 1);
  } catch {
    return Infinity;
  }
}
