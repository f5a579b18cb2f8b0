/**
 * Anchor literals of a rule regex: strings such that every match of the regex has one of them
 * starting within `reach` characters of the match start. With them, a rule need not try its
 * regex at every offset of a text (what V8 does when matches start before the literal, as in
 * `[a-z][a-z0-9+.-]{1,20}://`): a native `indexOf` finds the anchors and a sticky copy of the
 * regex is tried only at the few starts that can reach one (anchors-exec.ts).
 *
 * The reader is conservative by construction: it understands literal characters, small classes,
 * the usual escapes, groups, lookarounds (zero width) and bounded quantifiers, and gives up (no
 * anchors, plain exec) on anything else: backreferences, `\x`/`\u`/`\c`/`\p`/`\k` escapes,
 * `(?` forms it does not know, flags other than `g`/`i`, an unbounded or too-long prefix before
 * the first literal, or an alternation with one branch that has no literal.
 */

import { groupEnd, splitBranches } from '../rules/regex-shape.js';

export interface Anchors {
  /** Every match has one of these at an offset in [0, reach] from its start (lower case under `i`). */
  literals: readonly string[];
  reach: number;
  /**
   * Under the `i` flag, some literal holds a letter: its occurrences are its case variants too,
   * which one `indexOf` does not find. Letter-free literals match only themselves under `i`.
   */
  foldsCase: boolean;
}

/**
 * Whether a search near these anchors beats the plain regex (shapes.ts `anchoredSearchOf`): only
 * when matches start before the literal (reach > 0) and one `indexOf` per literal finds it (no
 * case folding).
 */
export function worthAnchoring(anchors: Anchors | null | undefined): anchors is Anchors {
  return anchors !== null && anchors !== undefined && anchors.reach > 0 && !anchors.foldsCase;
}

/** Beyond this many candidate starts per anchor occurrence, trying the regex at each costs more than it saves. */
const MAX_REACH = 64;
/** A one-character anchor (`"`, `-`) occurs so often that anchoring it is slower than the regex's own scan. */
const MIN_LITERAL_LENGTH = 2;
/** Class expansion (`[Ww]andb` → `Wandb`, `wandb`) stops growing the run beyond this many strings. */
const MAX_LITERALS_PER_RUN = 16;
const MAX_CLASS_MEMBERS = 4;

interface Anchor {
  literal: string;
  reach: number;
}

interface Width {
  min: number;
  max: number;
}

interface Part {
  /** Undefined when some way through the part passes no literal the reader could name. */
  anchors: Anchor[] | undefined;
  width: Width;
}

class GiveUp extends Error {}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
const QUANTIFIER = /^(?:([?*+])|\{(\d+)(?:(,)(\d*))?\})\??/;

export function deriveAnchors(source: string, flags: string): Anchors | undefined {
  if (!/^[gi]*$/.test(flags)) return undefined;
  const lowerCase = flags.includes('i');
  let part: Part;
  try {
    part = new Reader(source, lowerCase).alternation(0, source.length);
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
  const found = part.anchors;
  if (!found || found.length === 0) return undefined;
  const reach = Math.max(...found.map((anchor) => anchor.reach));
  if (reach > MAX_REACH || found.some((anchor) => anchor.literal.length < MIN_LITERAL_LENGTH)) return undefined;
  const literals = essentialLiterals(found, reach);
  return { literals, reach, foldsCase: lowerCase && literals.some((literal) => /[a-z]/.test(literal)) };
}

/**
 * Drops a literal whose every occurrence already puts a shorter literal within reach: `A`
 * containing `B` at index k, found at offset d ≤ A's reach, puts `B` at d + k, so once that is at
 * most the common reach the search for `B` finds every start `A` would.
 */
function essentialLiterals(found: Anchor[], reach: number): string[] {
  const reachOf = new Map<string, number>();
  for (const { literal, reach: own } of found) reachOf.set(literal, Math.max(own, reachOf.get(literal) ?? 0));
  const literals = [...reachOf.keys()];
  return literals.filter((outer) => !literals.some((inner) => inner !== outer && outer.includes(inner) && reachOf.get(outer)! + outer.indexOf(inner) <= reach));
}

class Reader {
  constructor(
    private readonly source: string,
    private readonly lowerCase: boolean,
  ) {}

  /** `from..to`, which may hold top-level `|`: anchors only if every branch has some. */
  alternation(from: number, to: number): Part {
    let anchors: Anchor[] | undefined = [];
    const width: Width = { min: Infinity, max: 0 };
    for (const [start, end] of splitBranches(this.source, from, to)) {
      const branch = this.sequence(start, end);
      anchors = anchors && branch.anchors ? [...anchors, ...branch.anchors] : undefined;
      width.min = Math.min(width.min, branch.width.min);
      width.max = Math.max(width.max, branch.width.max);
    }
    return { anchors, width };
  }

  /**
   * A sequence without top-level `|`. The first run of literal characters (or the anchors of the
   * first group that has them) becomes the anchors, at the longest width consumed before it; the
   * rest of the sequence only adds to the width.
   */
  private sequence(from: number, to: number): Part {
    const width: Width = { min: 0, max: 0 };
    let anchors: Anchor[] | undefined;
    let run: string[] | undefined;
    let runReach = 0;
    const endRun = (): void => {
      if (run && !anchors) anchors = run.map((literal) => ({ literal, reach: runReach }));
      run = undefined;
    };
    let i = from;
    while (i < to) {
      const atom = this.atom(i);
      const quantifier = QUANTIFIER.exec(this.source.slice(atom.next, Math.min(to, atom.next + 24)));
      const times = quantifier ? repeat(quantifier) : { min: 1, max: 1 };
      i = atom.next + (quantifier ? quantifier[0].length : 0);
      const chars = atom.chars;
      if (!anchors && chars && times.min > 0 && (!run || run.length * chars.length <= MAX_LITERALS_PER_RUN)) {
        if (!run) {
          run = [''];
          runReach = width.max;
        }
        run = run.flatMap((prefix) => chars.map((char) => prefix + char));
        // `ab+c`: the run holds `ab`; what follows the repeated `b` is no longer at a fixed place.
        if (times.max !== 1) endRun();
      } else {
        endRun();
        if (!anchors && atom.part?.anchors && times.min > 0) anchors = atom.part.anchors.map((anchor) => ({ literal: anchor.literal, reach: anchor.reach + width.max }));
      }
      const atomWidth = atom.part?.width ?? { min: atom.zeroWidth ? 0 : 1, max: atom.zeroWidth ? 0 : 1 };
      width.min += times.min * atomWidth.min;
      width.max += times.max === 0 || atomWidth.max === 0 ? 0 : times.max * atomWidth.max;
      if (!anchors && !run && width.max > MAX_REACH) return { anchors: undefined, width };
    }
    endRun();
    return { anchors, width };
  }

  /** One atom at `i`: a literal (its possible characters), a group, an assertion, or any one character. */
  private atom(i: number): { next: number; chars?: string[]; part?: Part; zeroWidth?: boolean } {
    const source = this.source;
    const char = source[i]!;
    if (char === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) throw new GiveUp();
      if (/[0-9ckpPuUx]/.test(escaped)) throw new GiveUp();
      if (escaped === 'b' || escaped === 'B') return { next: i + 2, zeroWidth: true };
      const control = CONTROL_ESCAPES[escaped];
      if (control !== undefined) return { next: i + 2, chars: this.literal(control) };
      // `\d`, `\w`, `\s` and their negations; any other escaped letter is an identity escape, read as "some character".
      if (/[A-Za-z]/.test(escaped)) return { next: i + 2 };
      return { next: i + 2, chars: this.literal(escaped) };
    }
    if (char === '[') {
      const next = this.classEnd(i);
      return { next, chars: this.classChars(i + 1, next - 1) };
    }
    if (char === '(') {
      // The source compiled as a RegExp, so its groups balance.
      const next = groupEnd(source, i);
      if (/^\(\?<?[=!]/.test(source.slice(i, i + 4))) return { next, zeroWidth: true };
      let body = i + 1;
      if (source.startsWith('(?:', i)) body = i + 3;
      else if (/^\(\?<[A-Za-z_$]/.test(source.slice(i, i + 4))) body = source.indexOf('>', i) + 1;
      else if (source[i + 1] === '?') throw new GiveUp();
      return { next, part: this.alternation(body, next - 1) };
    }
    if (char === '^' || char === '$') return { next: i + 1, zeroWidth: true };
    if (char === ')' || char === '*' || char === '+' || char === '?') throw new GiveUp();
    // `.`, and the `{`, `}`, `]` that Annex B reads as literals: some character.
    if (char === '.' || char === '{' || char === '}' || char === ']') return { next: i + 1 };
    return { next: i + 1, chars: this.literal(char) };
  }

  /**
   * The strings a literal character can be searched as. Under `i` an ASCII letter matches only its
   * two ASCII cases (non-Unicode case folding never maps a non-ASCII character onto ASCII), kept
   * here in lower case and flagged by `foldsCase`; other ASCII matches only itself; a non-ASCII
   * character may fold onto others, so it is no literal there.
   */
  private literal(char: string): string[] | undefined {
    if (!this.lowerCase) return [char];
    if (char.charCodeAt(0) > 0x7f) return undefined;
    return [char.toLowerCase()];
  }

  /** The characters of a small positive class of plain characters (`[Ww]`, `["']`); undefined for anything else. */
  private classChars(from: number, to: number): string[] | undefined {
    if (this.source[from] === '^') return undefined;
    const members = new Set<string>();
    for (let i = from; i < to; i++) {
      let char = this.source[i]!;
      if (char === '-') return undefined;
      if (char === '\\') {
        char = this.source[++i]!;
        if (/[A-Za-z0-9]/.test(char)) return undefined;
      }
      const as = this.literal(char);
      if (!as) return undefined;
      for (const each of as) members.add(each);
    }
    if (members.size === 0 || members.size > MAX_CLASS_MEMBERS) return undefined;
    return [...members];
  }

  /** Index just past the class that opens at `open` (in JavaScript a `]` right after `[` closes it). */
  private classEnd(open: number): number {
    for (let i = open + 1; i < this.source.length; i++) {
      if (this.source[i] === '\\') i++;
      else if (this.source[i] === ']') return i + 1;
    }
    throw new GiveUp();
  }
}

function repeat(quantifier: RegExpExecArray): Width {
  const [, symbol, low, comma, high] = quantifier;
  if (symbol === '?') return { min: 0, max: 1 };
  if (symbol === '*') return { min: 0, max: Infinity };
  if (symbol === '+') return { min: 1, max: Infinity };
  const min = Number(low);
  if (comma === undefined) return { min, max: min };
  return { min, max: high === '' || high === undefined ? Infinity : Number(high) };
}
