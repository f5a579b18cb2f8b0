import type { Anchors } from './anchors.js';

/**
 * `regex.exec` from a position, as a global regex would run it, but only trying the starts that
 * can reach an anchor literal (anchors.ts). The same hit, at the same index, with the same groups.
 *
 * Why: plain exec from `from` returns the match at the least start s ≥ from where the pattern
 * matches, and that match is what the pattern's own backtracking order yields at s. A sticky copy
 * of the regex run at s yields exactly that match (same pattern, same text, same start; lookbehinds
 * and `\b` still see the characters before s). Every match starting at s has an anchor occurrence
 * at some q ∈ [s, s + reach], so every start with a match is of the form q − d, d ∈ [0, reach].
 * `exec` enumerates those starts in increasing order, each once: with q the least occurrence at or
 * after the current start, the starts before q − reach reach none, so the first sticky success is
 * the least matching start, which is plain exec's answer.
 */
export class AnchoredSearch {
  private readonly literals: readonly string[];
  private readonly reach: number;
  /** Per literal, its first occurrence at or after the last position asked; Infinity when there is none. */
  private readonly nextAt: number[];

  constructor(
    private readonly sticky: RegExp,
    private readonly text: string,
    anchors: Anchors,
  ) {
    this.literals = anchors.literals;
    this.reach = anchors.reach;
    this.nextAt = anchors.literals.map(() => -1);
  }

  /** The first match starting at or after `from`, or null. */
  exec(from: number): RegExpExecArray | null {
    const { sticky, text, reach } = this;
    for (let start = from; ; ) {
      const occurrence = this.occurrenceFrom(start);
      if (occurrence === Infinity) return null;
      for (let candidate = Math.max(start, occurrence - reach); candidate <= occurrence; candidate++) {
        sticky.lastIndex = candidate;
        const hit = sticky.exec(text);
        if (hit) return hit;
      }
      start = occurrence + 1;
    }
  }

  /** The least anchor occurrence at or after `position`. */
  private occurrenceFrom(position: number): number {
    const { literals, nextAt, text } = this;
    let least = Infinity;
    for (let i = 0; i < literals.length; i++) {
      let at = nextAt[i]!;
      if (at < position) {
        const found = text.indexOf(literals[i]!, position);
        at = found === -1 ? Infinity : found;
        nextAt[i] = at;
      }
      if (at < least) least = at;
    }
    return least;
  }
}
