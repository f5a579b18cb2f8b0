import type { Rule } from '../types/index.js';
import { RuleError } from '../util/errors.js';
import type { RequiredLiterals } from './required-literals.js';
import type { Anchors } from './anchors.js';

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
   * Characters every match contains (required-literals.ts), checked before the regex runs. Read
   * off the regex on the rule's first use, not at compile time: compiling stays cheap for the
   * hook, which runs few rules on little text.
   */
  required?: RequiredLiterals;
  /**
   * Where matches can start (anchors.ts), with the sticky copy of `regex` tried there; null when
   * the regex has no anchors and runs plainly. Read off on first use, like `required`.
   */
  anchored?: { anchors: Anchors; sticky: RegExp } | null;
  /** Not proven linear (a user rule the checker gave up on): runs under an interrupting timeout. */
  guarded?: boolean;
}

export interface CompiledRules {
  rules: CompiledRule[];
  /** Every distinct lower-case keyword. */
  keywords: string[];
  /** One alternation over all keywords: the prefilter is a single pass over the text. */
  keywordPattern: RegExp;
  /**
   * For each keyword, the ids of every keyword it contains (itself included). The alternation
   * reports only the longest keyword at a position, so a hit on `wandb_api_key` must also count
   * as a hit on `wandb`.
   */
  keywordClosure: number[][];
  /** Lower-case keyword → its id, for mapping alternation hits back. */
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
}

export function compileRules(rules: Rule[], pathMatcher?: PathMatcherFactory, options: CompileOptions = {}): CompiledRules {
  const keywordIndex = new Map<string, number>();
  const compiled = rules.map((rule): CompiledRule => {
    let regex: RegExp;
    try {
      regex = new RegExp(rule.regex, rule.caseInsensitive ? 'gi' : 'g');
    } catch (error) {
      throw new RuleError(`rule "${rule.id}": invalid regex: ${(error as Error).message}`);
    }
    if (rule.keywords.length === 0) throw new RuleError(`rule "${rule.id}": needs at least one keyword`);
    const keywordIds = rule.keywords.map((keyword) => {
      const lower = keyword.toLowerCase();
      let id = keywordIndex.get(lower);
      if (id === undefined) {
        id = keywordIndex.size;
        keywordIndex.set(lower, id);
      }
      return id;
    });
    const entry: CompiledRule = { rule, regex, keywordIds, priority: rule.priority ?? 20 };
    if (options.guarded?.has(rule.id)) entry.guarded = true;
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
  const keywords = [...keywordIndex.keys()];
  // Longer keywords first so a keyword that is a prefix of another cannot hide it at one position.
  const alternation = [...keywords].sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
  const keywordClosure = keywords.map((outer) => keywords.flatMap((inner, id) => (outer.includes(inner) ? [id] : [])));
  const result: CompiledRules = { rules: compiled, keywords, keywordPattern: new RegExp(alternation || '(?!)', 'gi'), keywordClosure, keywordIdOf: keywordIndex, pathScoped: compiled.some((entry) => entry.pathFilter !== undefined) };
  return result;
}
