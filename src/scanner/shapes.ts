/**
 * What the regex readers say about a rule: its anchors (anchors.ts), the literals worth checking
 * before its regex runs (required-literals.ts) and its literal gates (literal-gates.ts). All are
 * pure functions of the rule's regex, case flag and keywords, and reading them in a fresh
 * process is cold code that cost ~8 ms of every scan's start, the hook's included
 * (docs/bench.md, sixth round). So the build records them for the built-in rules
 * (dist/rule-shapes.json, scripts/build-rules.mjs) and compileRules takes a recorded shape only
 * when the rule's regex, case flag and keywords are exactly the recorded ones; any other rule (a
 * user's, or a built-in id a config redefines) is read live: its gates when it compiles, the
 * rest on first use.
 */
import type { Rule } from '../types/index.js';
import { deriveAnchors, worthAnchoring, type Anchors } from './anchors.js';
import { literalsWorthChecking, type RequiredLiterals } from './required-literals.js';
import { readLiteralGates, type LiteralGates } from './literal-gates.js';

export interface RuleShape {
  /** The inputs the answers were read from, compared before a shape is used. */
  regex: string;
  caseInsensitive: boolean;
  keywords: readonly string[];
  /** deriveAnchors's answer for the compiled regex; null where it found none. */
  anchors: Anchors | null;
  required: RequiredLiterals;
  /** readLiteralGates's answer; null where the rule has no gate. */
  gates: LiteralGates | null;
}

/** Recorded shapes by rule id. */
export type RuleShapes = ReadonlyMap<string, RuleShape>;

export function flagsOf(rule: Pick<Rule, 'caseInsensitive'>): string {
  return rule.caseInsensitive ? 'gi' : 'g';
}

/** Reads a rule's shape now: what the build records, and what a rule without a record gets. */
export function readShape(rule: Rule): RuleShape {
  const flags = flagsOf(rule);
  // The source V8 keeps (`/` escaped, for one) is what the scanner reads at run time.
  const { source } = new RegExp(rule.regex, flags);
  return {
    regex: rule.regex,
    caseInsensitive: rule.caseInsensitive === true,
    keywords: [...rule.keywords],
    anchors: deriveAnchors(source, flags) ?? null,
    required: literalsWorthChecking(rule),
    gates: readLiteralGates(source, flags, rule.keywords),
  };
}

const liveGates = new WeakMap<Rule, LiteralGates | null>();

/**
 * The literal gates of a rule without a recorded shape, read now: unlike the anchors, they must be
 * known when the rules compile, since their literals join the keyword table.
 */
export function gatesOf(rule: Rule, regex: RegExp): LiteralGates | null {
  let gates = liveGates.get(rule);
  if (gates === undefined) {
    gates = readLiteralGates(regex.source, regex.flags, rule.keywords);
    liveGates.set(rule, gates);
  }
  return gates;
}

/** The recorded shape of this very rule, or undefined when there is none or the rule differs from it. */
export function recordedShape(rule: Rule, shapes: RuleShapes | undefined): RuleShape | undefined {
  const shape = shapes?.get(rule.id);
  if (!shape || shape.regex !== rule.regex || shape.caseInsensitive !== (rule.caseInsensitive === true)) return undefined;
  if (shape.keywords.length !== rule.keywords.length || shape.keywords.some((keyword, index) => keyword !== rule.keywords[index])) return undefined;
  return shape;
}

/**
 * The sticky search for a rule's anchors, or null to run the regex plainly. Anchoring pays only
 * where V8 cannot skip ahead on its own: when matches start before the literal
 * (`basic-auth-url`'s `[a-z][a-z0-9+.-]{1,20}://`, reach 21). A regex that starts with its
 * literal, even behind `\b` or a lookbehind, already scans like `indexOf`, and then a call per
 * occurrence measured up to 2x slower (docs/bench.md, fifth round). Case-folded literals would
 * need a lower-cased copy of every text, which cost more than the regexes it would save.
 */
export function anchoredSearchOf(regex: RegExp, anchors: Anchors | null | undefined): { anchors: Anchors; sticky: RegExp } | null {
  if (!anchors || !worthAnchoring(anchors)) return null;
  return { anchors, sticky: new RegExp(regex.source, `${regex.flags}y`) };
}
