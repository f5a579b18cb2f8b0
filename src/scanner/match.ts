import { keywordFallback, type CompiledRule, type CompiledRules, type RuleGates } from './compile.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';
import { keywordTableOf, scanKeywordBytes, scanKeywordText } from './prefilter.js';
import type { KnownValue, Rule, RuleChecks } from '../types/index.js';
import { sha256Hex } from '../findings/fingerprint.js';
import { runInterruptible, type Budget } from './budget.js';
import { hasRequiredLiterals, literalsWorthChecking } from './required-literals.js';
import { deriveAnchors } from './anchors.js';
import { anchoredSearchOf } from './shapes.js';
import { AnchoredSearch } from './anchors-exec.js';
import { sourceWithBranches } from './literal-gates.js';

/** A rule hit inside one piece of text, before it becomes a Finding. */
export interface Match {
  compiled: CompiledRule;
  secret: string;
  /** Offsets of the secret (not the whole regex match) in the scanned text. */
  start: number;
  end: number;
  /** The rule lists this value as a published test credential. */
  known?: KnownValue;
}

// Regexes that could scan forever on hostile input are bounded by construction; this cap only
// protects against a pathological user rule matching at every offset of a huge file.
const MAX_MATCHES_PER_RULE = 10_000;

/**
 * Which rules may fire: those with at least one keyword present, ignoring ASCII case. One pass
 * over the text with the pair table (prefilter.ts); rule sets with a non-ASCII keyword use the
 * keyword RegExp instead.
 */
export function activeRules(text: string, compiled: CompiledRules): CompiledRule[] {
  const table = keywordTableOf(compiled.keywords);
  const seen = table ? scanKeywordText(text, table) : keywordsByRegExp(text, compiled);
  return rulesWithKeywords(seen, compiled);
}

const rulesByKeyword = new WeakMap<CompiledRules, number[][]>();

/**
 * The rules (in rule order) with a keyword flagged in `seen`. Walks the few keywords seen, not
 * every rule's keyword list: a tree scan asks this once per file, and on the dense bench tree the
 * filter over all rules cost ~14 ms (docs/bench.md, tenth round). A rule with literal gates
 * comes as its gates let it run in this text (literal-gates.ts).
 */
function rulesWithKeywords(seen: Uint8Array, compiled: CompiledRules): CompiledRule[] {
  let byKeyword = rulesByKeyword.get(compiled);
  if (!byKeyword) {
    const index: number[][] = compiled.keywords.map(() => []);
    compiled.rules.forEach((rule, ruleIndex) => {
      for (const id of new Set(rule.keywordIds)) index[id]!.push(ruleIndex);
    });
    rulesByKeyword.set(compiled, index);
    byKeyword = index;
  }
  const active = new Uint8Array(compiled.rules.length);
  for (let id = 0; id < seen.length; id++) {
    if (seen[id] === 1) for (const ruleIndex of byKeyword[id]!) active[ruleIndex] = 1;
  }
  const rules: CompiledRule[] = [];
  for (let ruleIndex = 0; ruleIndex < active.length; ruleIndex++) {
    if (active[ruleIndex] !== 1) continue;
    const rule = compiled.rules[ruleIndex]!;
    rules.push(rule.gates ? withSeenBranches(rule, rule.gates, seen) : rule);
  }
  return rules;
}

/**
 * The rule as its gates in `seen` let it run: itself, a copy without the branches whose literals
 * are not seen, or a closed copy when a required literal is missing or no branch is left.
 */
function withSeenBranches(rule: CompiledRule, gates: RuleGates, seen: Uint8Array): CompiledRule {
  let closed = false;
  for (const id of gates.required) if (seen[id] !== 1) closed = true;
  let mask = gates.all;
  for (let branch = 0; !closed && branch < gates.branches.length; branch++) {
    const ids = gates.branches[branch]!;
    let open = ids.length === 0;
    for (let i = 0; !open && i < ids.length; i++) open = seen[ids[i]!] === 1;
    if (!open) mask &= ~(1 << branch);
  }
  if (gates.branches.length > 0 && mask === 0) closed = true;
  if (!closed && mask === gates.all) return rule;
  const key = closed ? -1 : mask;
  let copy = gates.copies.get(key);
  if (!copy) {
    const { gates: _gates, anchored, reach: _reach, ...same } = rule;
    const split = gates.shape.split;
    if (closed || !split) copy = { ...same, whole: rule, closed: true };
    else {
      copy = { ...same, regex: new RegExp(sourceWithBranches(split, mask), rule.regex.flags), whole: rule };
      // Fewer branches have no fewer anchor literals per match nor a longer reach, so a rule that
      // runs plainly has a copy that does too: reading the copy's anchors would be ~5 ms of cold
      // code in every process that makes one. Plain exec is the reference search, right for any regex.
      if (anchored === null) copy.anchored = null;
    }
    gates.copies.set(key, copy);
  }
  return copy;
}

function keywordsByRegExp(text: string, compiled: CompiledRules): Uint8Array {
  const seen = new Uint8Array(compiled.keywords.length);
  let remaining = compiled.keywords.length;
  const { pattern, closure } = keywordFallback(compiled);
  pattern.lastIndex = 0;
  for (let hit = pattern.exec(text); hit && remaining > 0; hit = pattern.exec(text)) {
    // Resume at the next character, not after the hit: keywords may overlap (`ab`, `bc` in `abc`).
    pattern.lastIndex = hit.index + 1;
    const id = compiled.keywordIdOf.get(hit[0].toLowerCase());
    if (id === undefined) continue;
    for (const contained of closure[id] ?? [id]) {
      if (seen[contained] === 0) {
        seen[contained] = 1;
        remaining--;
      }
    }
  }
  return seen;
}

/** The rules a file's raw bytes may trigger, and whether those bytes are pure ASCII. */
export interface ByteCandidates {
  rules: CompiledRule[];
  ascii: boolean;
}

/**
 * `activeRules` over raw bytes, before any decoding (see prefilter.ts). Returns undefined when the
 * rules have no byte table (a non-ASCII keyword): the text prefilter decides then.
 */
export function candidatesInBytes(bytes: Uint8Array, compiled: CompiledRules): ByteCandidates | undefined {
  const table = keywordTableOf(compiled.keywords);
  if (!table) return undefined;
  const { seen, ascii } = scanKeywordBytes(bytes, table);
  return { rules: rulesWithKeywords(seen, compiled), ascii };
}

export function activeRulesInBytes(bytes: Uint8Array, compiled: CompiledRules): CompiledRule[] | undefined {
  return candidatesInBytes(bytes, compiled)?.rules;
}

/**
 * Every rule's hits in the text. With a budget, stops (keeping what it found) once the budget is
 * spent; a guarded rule is interrupted mid-match.
 */
export function findMatches(text: string, rules: readonly CompiledRule[], allowValues?: ReadonlySet<string>, budget?: Budget): Match[] {
  const matches: Match[] = [];
  for (const compiled of rules) {
    if (budget?.exceeded) break;
    if (compiled.closed) continue;
    const exec = searchOf(compiled, text);
    if (!exec) continue;
    const collect = (): void => collectMatches(exec, compiled, allowValues, matches);
    if (compiled.guarded && budget) {
      if (!runInterruptible(collect, budget.remainingMs())) budget.exceededBy = compiled.rule.id;
    } else collect();
    budget?.charge(compiled.rule.id);
  }
  return dropOverlaps(matches);
}

/**
 * Whether the rule's regex hits the text at all, before any check of what it captured: where this
 * is false, findMatches finds nothing for the rule. The search is findMatches's own.
 */
export function regexHits(text: string, compiled: CompiledRule): boolean {
  if (compiled.closed) return false;
  const exec = searchOf(compiled, text);
  return exec !== undefined && exec(0) !== null;
}

/** `exec(from)` over the text for one rule; undefined when its required literals are not there. */
function searchOf(compiled: CompiledRule, text: string): ((from: number) => RegExpExecArray | null) | undefined {
  // No match can exist without the rule's required literals: skip the regex, not a finding.
  const required = (compiled.required ??= literalsWorthChecking(compiled.rule));
  if (required.length > 0 && !hasRequiredLiterals(text, required)) return undefined;
  if (compiled.anchored === undefined) compiled.anchored = anchoredSearchOf(compiled.regex, deriveAnchors(compiled.regex.source, compiled.regex.flags));
  const anchored = compiled.anchored;
  return anchored ? execOf(new AnchoredSearch(anchored.sticky, text, anchored.anchors)) : plainExec(compiled.regex, text);
}

const knownByRule = new WeakMap<Rule, ReadonlyMap<string, KnownValue>>();

/** The rule's `knownValues` entry for this secret; hashing only happens for rules that list some. */
function knownValueOf(rule: Rule, secret: string): KnownValue | undefined {
  if (!rule.knownValues || rule.knownValues.length === 0) return undefined;
  let byHash = knownByRule.get(rule);
  if (!byHash) {
    byHash = new Map(rule.knownValues.map((known) => [known.sha256, known]));
    knownByRule.set(rule, byHash);
  }
  return byHash.get(sha256Hex(secret));
}

function plainExec(regex: RegExp, text: string): (from: number) => RegExpExecArray | null {
  return (from) => {
    regex.lastIndex = from;
    return regex.exec(text);
  };
}

function execOf(search: AnchoredSearch): (from: number) => RegExpExecArray | null {
  return (from) => search.exec(from);
}

/** `exec(from)`: the first hit starting at or after `from`, as a global regex's exec finds it. */
function collectMatches(exec: (from: number) => RegExpExecArray | null, compiled: CompiledRule, allowValues: ReadonlySet<string> | undefined, matches: Match[]): void {
  const { rule } = compiled;
  let count = 0;
  let from = 0;
  for (let hit = exec(from); hit; hit = exec(from)) {
    // As a global regex resumes: after the hit, one further on an empty one.
    from = hit.index + hit[0].length + (hit[0].length === 0 ? 1 : 0);
    if (++count > MAX_MATCHES_PER_RULE) break;
    const group = secretGroupOf(hit, rule.secretGroup);
    if (group === undefined) continue;
    const secret = hit[group];
    if (!secret) continue;
    const start = hit.index + offsetOfGroup(hit, group, secret);
    if (allowValues?.has(secret)) continue;
    if (!passesFilters(secret, compiled)) continue;
    const known = knownValueOf(rule, secret);
    if (known?.kind === 'placeholder') continue;
    matches.push(known ? { compiled, secret, start, end: start + secret.length, known } : { compiled, secret, start, end: start + secret.length });
  }
}

function secretGroupOf(hit: RegExpExecArray, wanted: number | undefined): number | undefined {
  if (wanted !== undefined && wanted > 0) return hit[wanted] === undefined ? undefined : wanted;
  for (let i = 1; i < hit.length; i++) if (hit[i] !== undefined) return i;
  return 0;
}

/**
 * Where the captured group starts inside the whole match. Without the `d` flag (slower on every
 * regex) we locate it by search; the secret is a high-entropy string, so the first occurrence
 * after the context prefix is the group.
 */
function offsetOfGroup(hit: RegExpExecArray, group: number, secret: string): number {
  if (group === 0) return 0;
  const at = hit[0].lastIndexOf(secret);
  return at === -1 ? 0 : at;
}

function passesFilters(secret: string, compiled: CompiledRule): boolean {
  const { rule } = compiled;
  const value = compiled.decodedPattern ? decodedValue(secret, compiled.decodedPattern) : secret;
  if (value === undefined) return false;
  const body = rule.prefix && value.startsWith(rule.prefix) ? value.slice(rule.prefix.length) : value;
  if (isPlaceholder(body)) return false;
  if (rule.entropy !== undefined && shannonEntropy(body) < rule.entropy) return false;
  return rule.checks ? passesChecks(body, rule.checks) : true;
}

/** The decoded credential, when the encoded text decodes to exactly the expected shape. */
function decodedValue(encoded: string, pattern: RegExp): string | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  return pattern.test(decoded) ? decoded : undefined;
}

function passesChecks(body: string, checks: RuleChecks): boolean {
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let hexOnly = true;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
    const isHex = (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
    if (!isHex) hexOnly = false;
  }
  if (checks.minDigits !== undefined && digits < checks.minDigits) return false;
  if (checks.minUpper !== undefined && upper < checks.minUpper) return false;
  if (checks.minLower !== undefined && lower < checks.minLower) return false;
  if (checks.notHexOnly && hexOnly) return false;
  return true;
}

/** When spans overlap, the most specific rule (lowest priority number) wins. */
function dropOverlaps(matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  matches.sort((a, b) => a.start - b.start || a.compiled.priority - b.compiled.priority);
  const kept: Match[] = [];
  for (const match of matches) {
    const clash = kept.findIndex((other) => match.start < other.end && other.start < match.end);
    if (clash === -1) {
      kept.push(match);
      continue;
    }
    const other = kept[clash];
    if (other && match.compiled.priority < other.compiled.priority) kept[clash] = match;
  }
  return kept;
}
