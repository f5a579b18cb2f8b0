/**
 * Branch gates: alternatives of a rule's regex that run only where the text holds their literal.
 *
 * Some rules gather many contexts in one alternation (`wandb-api-key` has nine), and V8 scans a
 * text for the first characters of every branch: a branch opening with `machine` or `api:` makes
 * it stop at each `m` and `a` of a file, although the file may hold neither word (no file of the
 * dense bench tree does; docs/bench.md, eleventh round). So each such branch is *gated* by the
 * literals one of which every match of the branch contains (its anchors, anchors.ts). The gate
 * literals join the keyword table, the byte pass reports them with the keywords at no extra
 * pass, and a text that lacks a branch's literals is searched with a copy of the regex without
 * that branch.
 *
 * The copy finds exactly what the whole regex finds in such a text: the dropped branch cannot
 * match anywhere in it (each of its matches contains a literal the text lacks), so at every
 * position the backtracking tries the same successful paths in the same order. Two conditions
 * keep the copy's groups the same: the dropped branches hold no capturing group, and the regex
 * has no backreference.
 *
 * Only branches that do not open with one of the rule's keywords are gated: a branch that
 * begins with the keyword is found where the keyword is, and gating it would buy nothing for the
 * table's extra work.
 */
import { groupEnd, nextSyntaxIndex, splitBranches } from '../rules/regex-shape.js';
import { deriveAnchors } from './anchors.js';

export interface BranchGates {
  /** The regex source up to and including the gated group's opening (`(?:` or `(`). */
  head: string;
  /** Each branch's source, in order. */
  branches: readonly string[];
  /** The source from the group's closing `)` on. */
  tail: string;
  /** Per branch: lower-case literals one of which each of its matches holds; empty for a branch always kept. */
  literals: readonly (readonly string[])[];
}

/** A mask of kept branches must fit a small integer. */
export const MAX_GATED_BRANCHES = 30;
/** Shorter literals occur too often to gate anything, and would widen the byte table's stride. */
const MIN_GATE_LENGTH = 3;

/**
 * The gates of a regex (V8's `source` form), or null when none applies: no top-level
 * alternation, a backreference, or no branch whose literals are worth gating on.
 */
export function readBranchGates(source: string, flags: string, keywords: readonly string[]): BranchGates | null {
  // `\1`…`\9` and `\k<name>`; an escaped backslash before a digit only makes this more cautious.
  if (/\\[1-9]|\\k</.test(source)) return null;
  let group: { head: string; inner: [number, number]; tail: string } | undefined;
  try {
    group = gatedGroup(source);
  } catch {
    return null;
  }
  if (!group) return null;
  const spans = splitBranches(source, group.inner[0], group.inner[1]);
  if (spans.length < 2 || spans.length > MAX_GATED_BRANCHES) return null;
  const lowerKeywords = keywords.map((keyword) => keyword.toLowerCase());
  const branches = spans.map(([start, end]) => source.slice(start, end));
  const literals = branches.map((branch) => gateLiterals(branch, flags, lowerKeywords));
  if (literals.every((list) => list.length === 0)) return null;
  return { head: group.head, branches, tail: group.tail, literals };
}

/** The regex source with only the branches whose bit is set in `mask`. */
export function sourceWithBranches(gates: BranchGates, mask: number): string {
  const kept = gates.branches.filter((_, index) => (mask & (1 << index)) !== 0);
  return `${gates.head}${kept.join('|')}${gates.tail}`;
}

/**
 * The alternation to gate: the whole source when it is one (then wrapped in a group), else the
 * first top-level non-lookaround group with alternatives and no quantifier after it.
 */
function gatedGroup(source: string): { head: string; inner: [number, number]; tail: string } | undefined {
  if (splitBranches(source, 0, source.length).length > 1) return { head: '(?:', inner: [0, source.length], tail: ')' };
  for (let i = nextSyntaxIndex(source, 0); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    if (source[i] !== '(') continue;
    const end = groupEnd(source, i);
    const body = source.startsWith('(?:', i) ? i + 3 : source[i + 1] === '?' ? -1 : i + 1;
    const quantified = /^[?*+{]/.test(source.slice(end, end + 1));
    if (body !== -1 && !quantified && splitBranches(source, body, end - 1).length > 1) {
      return { head: source.slice(0, body), inner: [body, end - 1], tail: source.slice(end - 1) };
    }
    i = end - 1;
  }
  return undefined;
}

/**
 * A branch's gate: its anchors in lower case, when it holds no capturing group, every anchor is
 * printable ASCII of MIN_GATE_LENGTH or more, and none is related to a keyword of the rule.
 */
function gateLiterals(branch: string, flags: string, keywords: readonly string[]): string[] {
  if (hasCapturingGroup(branch)) return [];
  const anchors = deriveAnchors(branch, flags);
  if (!anchors) return [];
  const literals = [...new Set(anchors.literals.map((literal) => literal.toLowerCase()))];
  const usable = literals.every((literal) => literal.length >= MIN_GATE_LENGTH && /^[\x20-\x7e]+$/.test(literal));
  if (!usable) return [];
  const related = literals.some((literal) => keywords.some((keyword) => literal.includes(keyword) || keyword.includes(literal)));
  return related ? [] : literals;
}

function hasCapturingGroup(source: string): boolean {
  for (let i = nextSyntaxIndex(source, 0); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    if (source[i] !== '(') continue;
    if (source[i + 1] !== '?') return true;
    if (source[i + 2] === '<' && /[A-Za-z_$]/.test(source[i + 3] ?? '')) return true;
  }
  return false;
}
