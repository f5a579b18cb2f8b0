/**
 * Literal gates: literals a rule's matches must hold beyond its keywords, checked by the byte pass
 * that finds the keywords, so a text that lacks them does not run the rule's regex, or runs it
 * without the alternatives that need them.
 *
 * A keyword says where a rule may fire; its regex often needs more. `stability-api-key` fires on
 * `stability`, which 1,301 files of the dense bench tree hold, and only 8 of them hold the `sk-`
 * its key starts with. `wandb-api-key` gathers nine contexts in one alternation, and V8 scans a
 * text for the first characters of every branch: its branches opening with `machine` and `api:`
 * make it stop at each `m` and `a` of a file, where no file of that tree holds either word
 * (docs/bench.md, eleventh round). So:
 *
 * - **Required literals**: a literal every match holds (required-literals.ts, letters included,
 *   since the byte pass ignores ASCII case as `i` does) shuts the rule where it is absent.
 * - **Branch gates**: a branch of the regex's first top-level alternation whose every match holds
 *   one of its anchors (anchors.ts) is dropped where none is present, and the rule runs as a copy
 *   of its regex without it.
 *
 * The literals join the keyword table, so the byte pass reports them in the same loop. The copy
 * finds exactly what the whole regex finds in such a text: a dropped branch cannot match anywhere
 * in it (each of its matches contains a literal the text lacks), so at every position the
 * backtracking tries the same successful paths in the same order. Two conditions keep the copy's
 * groups the same: a dropped branch holds no capturing group, and the regex has no backreference.
 * Nor can a copy be slower than linear: dropping alternatives only removes paths from the regex
 * the ReDoS proof covers (rules/linearity.ts).
 *
 * Branches are gated only in rules that run plainly: one searched near its anchors (shapes.ts)
 * already skips to them with `indexOf`. Only literals unrelated to the rule's keywords gate
 * (neither holds the other): a branch that opens with the keyword is found where the keyword
 * is, and gating it would buy nothing for the table's extra work. A required literal is taken
 * only as a clause of one literal: clauses like `key|token|secret` are in most files and would
 * only add stops to the byte pass.
 */
import { groupEnd, nextSyntaxIndex, splitBranches } from '../rules/regex-shape.js';
import { deriveAnchors, worthAnchoring } from './anchors.js';
import { requiredLiterals } from './required-literals.js';

export interface LiteralGates {
  /** Lower-case literals each match holds, every one of them: the rule runs only where all are seen. */
  required: readonly string[];
  /** The alternation whose branches are gated, or null. */
  split: BranchSplit | null;
}

export interface BranchSplit {
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

/** The gates of a regex (V8's `source` form), or null when it has none. */
export function readLiteralGates(source: string, flags: string, keywords: readonly string[]): LiteralGates | null {
  const lowerKeywords = keywords.map((keyword) => keyword.toLowerCase());
  const required = requiredGates(source, lowerKeywords);
  const split = branchSplit(source, flags, lowerKeywords);
  return required.length === 0 && !split ? null : { required, split };
}

/** The regex source with only the branches whose bit is set in `mask`. */
export function sourceWithBranches(split: BranchSplit, mask: number): string {
  const kept = split.branches.filter((_, index) => (mask & (1 << index)) !== 0);
  return `${split.head}${kept.join('|')}${split.tail}`;
}

function requiredGates(source: string, keywords: readonly string[]): string[] {
  // Letters count as literals: the byte pass folds ASCII case, as the `i` flag does.
  const clauses = requiredLiterals(source, false).map((clause) => [...new Set(clause.map((literal) => literal.toLowerCase()))]);
  const gates = clauses.filter((clause) => clause.length === 1 && worthGating(clause[0]!, keywords)).map((clause) => clause[0]!);
  return [...new Set(gates)];
}

function branchSplit(source: string, flags: string, keywords: readonly string[]): BranchSplit | null {
  // `\1`…`\9` and `\k<name>`; an escaped backslash before a digit only makes this more cautious.
  if (/\\[1-9]|\\k</.test(source)) return null;
  // A rule searched near its anchors (shapes.ts) never scans for a branch's first characters:
  // an absent literal already costs it one `indexOf`. And a copy of it would read its own anchors.
  if (worthAnchoring(deriveAnchors(source, flags))) return null;
  let group: { head: string; inner: [number, number]; tail: string } | undefined;
  try {
    group = gatedGroup(source);
  } catch {
    return null;
  }
  if (!group) return null;
  const spans = splitBranches(source, group.inner[0], group.inner[1]);
  if (spans.length < 2 || spans.length > MAX_GATED_BRANCHES) return null;
  const branches = spans.map(([start, end]) => source.slice(start, end));
  const literals = branches.map((branch) => branchLiterals(branch, flags, keywords));
  if (literals.every((list) => list.length === 0)) return null;
  return { head: group.head, branches, tail: group.tail, literals };
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

/** A branch's gate: its anchors in lower case, when it holds no capturing group and each anchor is worth gating on. */
function branchLiterals(branch: string, flags: string, keywords: readonly string[]): string[] {
  if (hasCapturingGroup(branch)) return [];
  const anchors = deriveAnchors(branch, flags);
  if (!anchors) return [];
  const literals = [...new Set(anchors.literals.map((literal) => literal.toLowerCase()))];
  return literals.every((literal) => worthGating(literal, keywords)) ? literals : [];
}

/** Printable ASCII, long enough, and neither holding nor held by a keyword of the rule. */
function worthGating(literal: string, keywords: readonly string[]): boolean {
  if (literal.length < MIN_GATE_LENGTH || !/^[\x20-\x7e]+$/.test(literal)) return false;
  return !keywords.some((keyword) => literal.includes(keyword) || keyword.includes(literal));
}

function hasCapturingGroup(source: string): boolean {
  for (let i = nextSyntaxIndex(source, 0); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    if (source[i] !== '(') continue;
    if (source[i + 1] !== '?') return true;
    if (source[i + 2] === '<' && /[A-Za-z_$]/.test(source[i + 3] ?? '')) return true;
  }
  return false;
}
