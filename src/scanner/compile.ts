import type { Rule } from '../types/index.js';
import { RuleError } from '../util/errors.js';
import type { RequiredLiterals } from './required-literals.js';
import type { Anchors } from './anchors.js';
import { anchoredSearchOf, flagsOf, gatesOf, recordedShape, type RuleShapes } from './shapes.js';
import type { LiteralGates } from './literal-gates.js';

export interface CompiledRule {
  rule: Rule;
  regex: RegExp;
  /** Indexes into CompiledRules.keywords. */
  keywordIds: number[];
  priority: number;
  /** For rules with `decode`: what the decoded text must be. */
  decodedPattern?: RegExp;
  pathFilter?: (path: string) => boolean;
  /**
   * Characters every match contains (required-literals.ts), checked before the regex runs. From
   * the rule's recorded shape (shapes.ts), or read off the regex on the rule's first use, not at
   * compile time: compiling stays cheap for the hook, which runs few rules on little text.
   */
  required?: RequiredLiterals;
  /**
   * Where matches can start (anchors.ts), with the sticky copy of `regex` tried there; null when
   * the regex has no anchors and runs plainly. Read off on first use, like `required`.
   */
  anchored?: { anchors: Anchors; sticky: RegExp } | null;
  /** Not proven linear (a user rule the checker gave up on): runs under an interrupting timeout. */
  guarded?: boolean;
  /** How far around a match its search reads (windows.ts); read off on first use, like `required`. */
  reach?: number;
  /** Literals the rule, or some branches of its regex, run only where they were seen (literal-gates.ts). */
  gates?: RuleGates;
  /** On a copy of the rule made for its gates: the rule it was made from. */
  whole?: CompiledRule;
  /**
   * On a copy: a required literal was not seen, or no branch is left, so the regex cannot match
   * the text. Kept in the list only for the joined string literals, which run `whole`.
   */
  closed?: true;
}

export interface RuleGates {
  shape: LiteralGates;
  /** Ids into CompiledRules.keywords of the required literals. */
  required: readonly number[];
  /** Per branch of `shape.split`: ids of its gate literals; empty for a branch always kept. */
  branches: readonly (readonly number[])[];
  /** The mask with every branch kept. */
  all: number;
  /** The copies of the rule by mask of kept branches (-1: closed), made on first need. */
  copies: Map<number, CompiledRule>;
}

export interface CompiledRules {
  rules: CompiledRule[];
  /** Every distinct lower-case keyword: the rules' keywords, then the gate literals not among them. */
  keywords: string[];
  /** Lower-case keyword → its id. */
  keywordIdOf: ReadonlyMap<string, number>;
  /** Some rule has `paths`: only then does a fragment's path narrow the rule list. */
  pathScoped: boolean;
}

export type PathMatcherFactory = (globs: string[]) => (path: string) => boolean;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles rule data once per run. `pathMatcher` is injected so the pure scanner stays free of
 * glob libraries; rules with `paths` get it, the rest never pay for it.
 */
export interface CompileOptions {
  /** Ids of rules to run under the interrupting guard (see budget.ts). */
  guarded?: ReadonlySet<string>;
  /** Recorded regex shapes (the built-in rules'), used for the rules that match them exactly. */
  shapes?: RuleShapes;
}

export function compileRules(rules: Rule[], pathMatcher?: PathMatcherFactory, options: CompileOptions = {}): CompiledRules {
  const keywordIndex = new Map<string, number>();
  const gated: [CompiledRule, LiteralGates][] = [];
  const compiled = rules.map((rule): CompiledRule => {
    let regex: RegExp;
    try {
      regex = new RegExp(rule.regex, flagsOf(rule));
    } catch (error) {
      throw new RuleError(`rule "${rule.id}": invalid regex: ${(error as Error).message}`);
    }
    if (rule.keywords.length === 0) throw new RuleError(`rule "${rule.id}": needs at least one keyword`);
    const keywordIds = rule.keywords.map((keyword) => keywordIdFor(keywordIndex, keyword.toLowerCase()));
    const entry: CompiledRule = { rule, regex, keywordIds, priority: rule.priority ?? 20 };
    if (options.guarded?.has(rule.id)) entry.guarded = true;
    const shape = recordedShape(rule, options.shapes);
    if (shape) {
      entry.required = shape.required;
      entry.anchored = anchoredSearchOf(regex, shape.anchors);
    }
    const gates = shape ? (shape.gates ?? null) : gatesOf(rule, regex);
    if (gates) gated.push([entry, gates]);
    if (rule.decode) {
      try {
        entry.decodedPattern = new RegExp(rule.decode.regex);
      } catch (error) {
        throw new RuleError(`rule "${rule.id}": invalid decode regex: ${(error as Error).message}`);
      }
    }
    if (rule.paths && rule.paths.length > 0) {
      if (!pathMatcher) throw new RuleError(`rule "${rule.id}": path filters need a path matcher`);
      entry.pathFilter = pathMatcher(rule.paths);
    }
    return entry;
  });
  // Gate literals take ids after every rule keyword, so a rule's own keyword ids do not depend on them.
  for (const [entry, shape] of gated) {
    const required = shape.required.map((literal) => keywordIdFor(keywordIndex, literal));
    const branches = (shape.split?.literals ?? []).map((literals) => literals.map((literal) => keywordIdFor(keywordIndex, literal)));
    entry.gates = { shape, required, branches, all: (1 << branches.length) - 1, copies: new Map() };
  }
  return { rules: compiled, keywords: [...keywordIndex.keys()], keywordIdOf: keywordIndex, pathScoped: compiled.some((entry) => entry.pathFilter !== undefined) };
}

function keywordIdFor(index: Map<string, number>, lower: string): number {
  let id = index.get(lower);
  if (id === undefined) {
    id = index.size;
    index.set(lower, id);
  }
  return id;
}

/**
 * The keyword search for rule sets the byte table cannot hold (a keyword outside ASCII, or one
 * character long: prefilter.ts): one alternation over every keyword, and for each keyword the
 * ids of every keyword it contains (itself included), since the alternation reports only the
 * longest keyword at a position and a hit on `wandb_api_key` must also count as `wandb`.
 * Built on first use: the built-in rules never need it, and every process would pay for it
 * (the containment check is keywords², ~9 ms cold as a flatMap).
 */
export interface KeywordFallback {
  pattern: RegExp;
  closure: number[][];
}

const fallbacks = new WeakMap<CompiledRules, KeywordFallback>();

export function keywordFallback(compiled: CompiledRules): KeywordFallback {
  let fallback = fallbacks.get(compiled);
  if (fallback) return fallback;
  const { keywords } = compiled;
  // Longer keywords first so a keyword that is a prefix of another cannot hide it at one position.
  const alternation = [...keywords].sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
  const closure: number[][] = [];
  for (const outer of keywords) {
    const contained: number[] = [];
    for (let id = 0; id < keywords.length; id++) if (outer.includes(keywords[id]!)) contained.push(id);
    closure.push(contained);
  }
  fallback = { pattern: new RegExp(alternation || '(?!)', 'gi'), closure };
  fallbacks.set(compiled, fallback);
  return fallback;
}
