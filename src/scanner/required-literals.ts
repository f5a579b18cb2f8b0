/**
 * Literal text every match of a regex must contain, read off its source, so a rule can skip a text
 * that lacks it with `String#includes` (memchr speed) instead of running the regex at every
 * offset. On keyword-dense ML trees this is what makes the context rules cheap: `basic-auth-url`'s
 * keyword `://` is in a tenth of the files, its required `@` in an eighth of those (docs/bench.md).
 *
 * The answer is a conjunction of clauses, each a list of alternatives: every clause needs one of
 * its literals in the text. It is conservative by construction: anything the reader does not
 * fully understand (classes, escapes like `\d`, optional atoms, lookarounds, exotic escapes)
 * contributes nothing, so a wrong answer can only be "requires less", never a missed match.
 * Under the `i` flag letters are not literal (`includes` is case-sensitive), so there only
 * punctuation, digits and whitespace count.
 */
import type { Rule } from '../types/index.js';
import { groupEnd, splitBranches } from '../rules/regex-shape.js';

export type RequiredLiterals = readonly (readonly string[])[];

/** True when the text holds one literal of every clause (always true for no clauses). */
export function hasRequiredLiterals(text: string, required: RequiredLiterals): boolean {
  for (const clause of required) {
    let found = false;
    for (const literal of clause) {
      if (text.includes(literal)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/**
 * The required literals that can save time: single characters only (`@` for `basic-auth-url`).
 * A check costs an `includes` over the text for each literal that is absent. For one character
 * that is a memchr, far cheaper than the regex trying every offset; for longer literals it is a
 * string search that measured slower than V8's own scan-ahead on the dense bench tree (netrc's
 * `machine|default`: 56 ms of checks against 26 ms of regex), so those are left to the regex.
 * Only regexes that open with a class, group or lookaround get the check at all: V8 already
 * skips fast to a literal a regex starts with. Dropping a check only ever costs time, never a
 * match.
 */
export function literalsWorthChecking(rule: Pick<Rule, 'regex' | 'keywords' | 'caseInsensitive'>): RequiredLiterals {
  if (!/^(?:\(|\[|\\[dDwWsS])/.test(rule.regex.replace(/^(?:\\b)+/, ''))) return [];
  const required = requiredLiterals(rule.regex, rule.caseInsensitive === true);
  const keywords = rule.keywords.map((keyword) => keyword.toLowerCase());
  // The keyword prefilter already let the text through: a character in every keyword is there.
  const inEveryKeyword = (char: string): boolean => keywords.length > 0 && keywords.every((keyword) => keyword.includes(char.toLowerCase()));
  return required.filter((clause) => clause.length === 1 && clause[0]!.length === 1 && !inEveryKeyword(clause[0]!));
}

// Escapes whose meaning spans more characters than the reader tracks: give up on the whole regex.
const EXOTIC_ESCAPE = /\\[xucpPk]/;
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
const QUANTIFIER = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})\??/;

export function requiredLiterals(source: string, caseInsensitive: boolean): RequiredLiterals {
  if (EXOTIC_ESCAPE.test(source)) return [];
  try {
    return simplify(alternation(source, 0, source.length, caseInsensitive));
  } catch {
    // An unbalanced source cannot be a compiled rule's; requiring nothing is always safe.
    return [];
  }
}

/** Clauses for `from..to`, which may hold top-level `|`. */
function alternation(source: string, from: number, to: number, ci: boolean): string[][] {
  const branches = splitBranches(source, from, to);
  if (branches.length === 1) return sequence(source, from, to, ci);
  // Each branch must contribute one literal it requires alone; any branch without one (or an
  // empty branch) means the alternation as a whole requires nothing.
  const picks: string[] = [];
  for (const [start, end] of branches) {
    const singles = sequence(source, start, end, ci).filter((clause) => clause.length === 1).map((clause) => clause[0]!);
    const longest = singles.sort((a, b) => b.length - a.length)[0];
    if (longest === undefined) return [];
    picks.push(longest);
  }
  return [[...new Set(picks)]];
}

/** Clauses for a sequence without top-level `|`. */
function sequence(source: string, from: number, to: number, ci: boolean): string[][] {
  const clauses: string[][] = [];
  let run = '';
  const flush = (): void => {
    if (run.length > 0) clauses.push([run]);
    run = '';
  };
  let i = from;
  while (i < to) {
    const char = source[i]!;
    let literal: string | undefined;
    let inner: string[][] = [];
    let next = i + 1;
    if (char === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) throw new Error('dangling escape');
      next = i + 2;
      if (CONTROL_ESCAPES[escaped] !== undefined) literal = CONTROL_ESCAPES[escaped];
      else if (!/[A-Za-z0-9]/.test(escaped)) literal = escaped;
    } else if (char === '[') {
      next = classEnd(source, i);
    } else if (char === '(') {
      next = groupEnd(source, i);
      if (next > to) throw new Error('unbalanced group');
      // Lookarounds match nothing; any other `(?` form (modifiers like `(?i:`) is not read.
      const bodyStart = source[i + 1] !== '?' ? i + 1 : source.startsWith('(?:', i) ? i + 3 : /^\(\?<[A-Za-z_$]/.test(source.slice(i, i + 4)) ? source.indexOf('>', i) + 1 : -1;
      if (bodyStart !== -1) inner = alternation(source, bodyStart, next - 1, ci);
    } else if (char !== '.' && char !== '^' && char !== '$') {
      literal = char;
    }
    if (literal !== undefined && ci && /[A-Za-z]/.test(literal)) literal = undefined;
    const quantifier = QUANTIFIER.exec(source.slice(next, Math.min(to, next + 24)));
    const min = quantifier ? (quantifier[0][0] === '+' ? 1 : quantifier[1] !== undefined ? Number(quantifier[1]) : 0) : 1;
    if (quantifier) next += quantifier[0].length;
    if (min === 0) {
      flush();
    } else if (literal !== undefined) {
      run += literal;
      // `xa+y` needs `xa` and `ay`: a repeated literal ends one run and starts the next.
      if (quantifier) {
        flush();
        run = literal;
      }
    } else {
      flush();
      clauses.push(...inner);
    }
    i = next;
  }
  flush();
  return clauses;
}

/** Index just past the class that opens at `open`. */
function classEnd(source: string, open: number): number {
  // A `]` right after `[` or `[^` is a literal in some flavours, but not in JavaScript.
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i + 1;
  }
  throw new Error('unterminated class');
}

/**
 * Drops what another clause already implies: a single literal contained in another single
 * literal (`:` beside `://`), and duplicates. Fewer clauses, fewer `includes` per text.
 */
function simplify(clauses: string[][]): RequiredLiterals {
  const singles = clauses.filter((clause) => clause.length === 1).map((clause) => clause[0]!);
  const kept: string[][] = [];
  const seen = new Set<string>();
  for (const clause of clauses) {
    const key = clause.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    // A clause is implied once one of its literals sits inside a required single literal.
    const implied = (literal: string): boolean => singles.some((single) => single.includes(literal) && !(clause.length === 1 && single === literal));
    if (clause.some(implied)) continue;
    kept.push(clause);
  }
  return kept;
}
