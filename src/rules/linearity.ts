import type * as RecheckModule from 'recheck';
import { alternatives, maxMatchLength, regexShape } from './regex-shape.js';

/**
 * Whether a rule regex runs in linear time, proven with recheck's automaton checker (no fuzzing,
 * so the verdict does not depend on how loaded the machine is).
 *
 Both verdicts that pass first prove that one match attempt, anchored at a position, is linear
 * in what it reads: the relaxed regex (regex-shape.ts), made to fail after every path, has no
 * ambiguity, whatever the repetition bounds. Then:
 * - `bounded`: no match is longer than `maxLength` characters, so however attempts at nearby
 *   positions overlap, the search costs at most about `maxLength` steps per input character.
 * - `linear`: longer matches, but the unanchored search is proven linear as a whole.
 * - `vulnerable`: the checker found ambiguity (polynomial or exponential) even anchored.
 * - `unknown`: the checker gave up (timeout, unsupported syntax).
 *
 * Lookarounds are cut out of the regex for the checker (which does not model them) and must
 * themselves be anchored-linear and match at most LOOKAROUND_LIMIT characters.
 */
export type Linearity =
  | { status: 'linear' }
  | { status: 'bounded'; maxLength: number }
  | { status: 'vulnerable' | 'unknown'; detail: string };

/** Longest match a `bounded` regex may have: the constant in "linear". */
export const MATCH_LENGTH_LIMIT = 500;
/** Longest match of a lookaround body, which may be tried once per position. */
export const LOOKAROUND_LIMIT = 300;

export interface CheckOptions {
  /** recheck's timeout per check, in ms. */
  timeout?: number;
  /** Longest match accepted as `bounded` (default MATCH_LENGTH_LIMIT). */
  maxLength?: number;
}

// A class that matches nothing: appended, it makes every path fail, so the checker counts all of
// them, as a backtracking search that finds no match (or a failing lookahead) explores them all.
const FAIL = '[^\\s\\S]';

type Recheck = typeof RecheckModule;
let recheck: Promise<Recheck> | undefined;

/** recheck ships a native checker; load it only when a regex must be checked. */
function loadRecheck(): Promise<Recheck> {
  recheck ??= import('recheck');
  return recheck;
}

async function verdict(source: string, flags: string, options: CheckOptions): Promise<{ status: string; detail: string }> {
  const { check } = await loadRecheck();
  const result = await check(source, flags, { checker: 'automaton', timeout: options.timeout ?? 30_000 });
  if (result.status === 'safe') return { status: 'safe', detail: '' };
  if (result.status === 'vulnerable') return { status: 'vulnerable', detail: `${result.complexity.summary}, e.g. ${result.attack.pattern}` };
  return { status: 'unknown', detail: result.error.kind === 'timeout' ? 'checker timed out' : `${result.error.kind}${'message' in result.error ? `: ${result.error.message}` : ''}` };
}

/** Runs every check of a list and returns the first that is not safe. */
async function firstUnsafe(sources: string[], flags: string, options: CheckOptions): Promise<{ status: string; detail: string } | undefined> {
  for (const source of sources) {
    const result = await verdict(source, flags, options);
    if (result.status !== 'safe') return result;
  }
  return undefined;
}

export async function checkLinearity(source: string, caseInsensitive: boolean, options: CheckOptions = {}): Promise<Linearity> {
  const flags = caseInsensitive ? 'i' : '';
  let shape;
  let parts;
  try {
    shape = regexShape(source);
    parts = alternatives(shape.relaxed);
  } catch (error) {
    return { status: 'unknown', detail: (error as Error).message };
  }
  for (const lookaround of shape.lookarounds) {
    if (lookaround.maxLength > LOOKAROUND_LIMIT) return { status: 'vulnerable', detail: `a lookaround may match ${lookaround.maxLength} characters (limit ${LOOKAROUND_LIMIT})` };
    const unsafe = await firstUnsafe([`^(?:${lookaround.source})${FAIL}`], flags, options);
    if (unsafe) return { status: unsafe.status === 'vulnerable' ? 'vulnerable' : 'unknown', detail: `lookaround: ${unsafe.detail}` };
  }
  const anchored = await firstUnsafe(parts.map((part) => `^(?:${part})${FAIL}`), flags, options);
  if (anchored) return { status: anchored.status === 'vulnerable' ? 'vulnerable' : 'unknown', detail: anchored.detail };
  const maxLength = maxMatchLength(source);
  // Short enough: overlapping attempts cost a bounded constant, no need for the slower search proof.
  if (maxLength <= (options.maxLength ?? MATCH_LENGTH_LIMIT)) return { status: 'bounded', maxLength };
  const unanchored = await firstUnsafe(parts.map((part) => `(?:${part})${FAIL}`), flags, options);
  if (!unanchored) return { status: 'linear' };
  return { status: unanchored.status === 'vulnerable' ? 'vulnerable' : 'unknown', detail: `match attempts of up to ${maxLength} characters may overlap (${unanchored.detail})` };
}
