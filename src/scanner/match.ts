import type { CompiledRule, CompiledRules } from './compile.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';
import type { RuleChecks } from '../types/index.js';
import { runInterruptible, type Budget } from './budget.js';

/** A rule hit inside one piece of text, before it becomes a Finding. */
export interface Match {
  compiled: CompiledRule;
  secret: string;
  /** Offsets of the secret (not the whole regex match) in the scanned text. */
  start: number;
  end: number;
}

// Regexes that could scan forever on hostile input are bounded by construction; this cap only
// protects against a pathological user rule matching at every offset of a huge file.
const MAX_MATCHES_PER_RULE = 10_000;

/** Which rules may fire: those with at least one keyword present. One pass over the text. */
export function activeRules(text: string, compiled: CompiledRules): CompiledRule[] {
  const seen = new Uint8Array(compiled.keywords.length);
  let remaining = compiled.keywords.length;
  const pattern = compiled.keywordPattern;
  pattern.lastIndex = 0;
  for (let hit = pattern.exec(text); hit && remaining > 0; hit = pattern.exec(text)) {
    // Resume at the next character, not after the hit: keywords may overlap (`ab`, `bc` in `abc`).
    pattern.lastIndex = hit.index + 1;
    const id = compiled.keywordIdOf.get(hit[0].toLowerCase());
    if (id === undefined) continue;
    for (const contained of compiled.keywordClosure[id] ?? [id]) {
      if (seen[contained] === 0) {
        seen[contained] = 1;
        remaining--;
      }
    }
  }
  return compiled.rules.filter((rule) => rule.keywordIds.some((id) => seen[id] === 1));
}

// ASCII letters fold to lower case; bytes >= 0x80 fold to 0, which no keyword contains. UTF-8
// keeps every ASCII character as its own byte, so a keyword occurs in the bytes exactly when it
// occurs, ignoring ASCII case, in the decoded text (what `keywordPattern` with the i flag finds).
const FOLD = Uint8Array.from({ length: 256 }, (_, byte) => (byte >= 65 && byte <= 90 ? byte + 32 : byte < 128 ? byte : 0));

/**
 * `activeRules` over raw bytes, before any decoding: one pass with a two-byte table lookup per
 * byte. Returns undefined when the rules have no byte table (a non-ASCII keyword).
 */
export function activeRulesInBytes(bytes: Uint8Array, compiled: CompiledRules): CompiledRule[] | undefined {
  const table = compiled.keywordTable;
  if (!table) return undefined;
  const { pairs, buckets, bytes: keywordBytes } = table;
  const seen = new Uint8Array(compiled.keywords.length);
  let remaining = compiled.keywords.length;
  const length = bytes.length;
  let previous = length > 0 ? FOLD[bytes[0]!]! : 0;
  for (let i = 1; i < length && remaining > 0; i++) {
    const folded = FOLD[bytes[i]!]!;
    const pair = (previous << 7) | folded;
    previous = folded;
    if (pairs[pair] === 0) continue;
    const bucket = buckets[pair]!;
    for (let k = 0; k < bucket.length; k++) {
      const id = bucket[k]!;
      if (seen[id] === 0 && keywordAt(bytes, i - 1, keywordBytes[id]!)) {
        seen[id] = 1;
        remaining--;
      }
    }
  }
  return compiled.rules.filter((rule) => rule.keywordIds.some((id) => seen[id] === 1));
}

/** Whether the (lower-case) keyword starts at `at`; its first two bytes are already known. */
function keywordAt(bytes: Uint8Array, at: number, keyword: Uint8Array): boolean {
  if (at + keyword.length > bytes.length) return false;
  for (let j = 2; j < keyword.length; j++) if (FOLD[bytes[at + j]!] !== keyword[j]) return false;
  return true;
}

/**
 * Every rule's hits in the text. With a budget, stops (keeping what it found) once the budget is
 * spent; a guarded rule is interrupted mid-match.
 */
export function findMatches(text: string, rules: CompiledRule[], allowValues?: ReadonlySet<string>, budget?: Budget): Match[] {
  const matches: Match[] = [];
  for (const compiled of rules) {
    if (budget?.exceeded) break;
    const collect = (): void => collectMatches(text, compiled, allowValues, matches);
    if (compiled.guarded && budget) {
      if (!runInterruptible(collect, budget.remainingMs())) budget.exceededBy = compiled.rule.id;
    } else collect();
    budget?.charge(compiled.rule.id);
  }
  return dropOverlaps(matches);
}

function collectMatches(text: string, compiled: CompiledRule, allowValues: ReadonlySet<string> | undefined, matches: Match[]): void {
  const { regex, rule } = compiled;
  regex.lastIndex = 0;
  let count = 0;
  for (let hit = regex.exec(text); hit; hit = regex.exec(text)) {
    if (hit[0].length === 0) regex.lastIndex++;
    if (++count > MAX_MATCHES_PER_RULE) break;
    const group = secretGroupOf(hit, rule.secretGroup);
    if (group === undefined) continue;
    const secret = hit[group];
    if (!secret) continue;
    const start = hit.index + offsetOfGroup(hit, group, secret);
    if (allowValues?.has(secret)) continue;
    if (!passesFilters(secret, compiled)) continue;
    matches.push({ compiled, secret, start, end: start + secret.length });
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
