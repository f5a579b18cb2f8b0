import type { CompiledRule } from './compile.js';
import { regexHits } from './match.js';
import { maxMatchLength, regexShape } from '../rules/regex-shape.js';

/**
 * Whether a large ASCII file can hold any rule hit, answered without decoding it into one string.
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
 * lengths added up, and one more each way for `\b` and `^`/`$` under `m`). Windows of STEP characters overlap by the
 * largest reach of the rules asked, so every span of that length lies inside one window, with
 * the same characters around it as in the whole text. The whole text's first hit is such a span; in
 * that window the search tries the same start, reads the same characters and so hits there, or
 * hits earlier. The file must be ASCII: one byte is then one UTF-16 unit of the decoded text.
 */
export const LARGE_TEXT = 128 * 1024;
const STEP = 64 * 1024;
// Keeps every window's string, STEP + reach, under the large-object size.
export const MAX_REACH = 48 * 1024;

/**
 * False only when no rule's regex can hit the ASCII bytes; true also when that is not provable
 * here (a rule with an unbounded reach, or one that runs under the interrupting guard).
 */
export function mayHit(bytes: Buffer, rules: readonly CompiledRule[], step = STEP): boolean {
  let reach = 0;
  for (const rule of rules) {
    if (rule.guarded) return true;
    reach = Math.max(reach, reachOf(rule));
  }
  if (reach > MAX_REACH) return true;
  for (const [start, end] of windowsOf(bytes.length, reach, step)) {
    const text = bytes.toString('latin1', start, end);
    for (const rule of rules) if (regexHits(text, rule)) return true;
  }
  return false;
}

/** `[start, end)` windows of `length` characters, STEP apart, each `reach` longer than the step. */
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
