/**
 * Naming: one variable per distinct value across the repository. The name is the rule's
 * canonical `envVar` unless the code already reads or sets the value under another environment
 * name (an alias such as `HUGGINGFACE_HUB_TOKEN`), which we keep. Two different values that want
 * the same name never merge: the second gets a name derived from its own context.
 */
import type { Finding } from '../types/index.js';
import { identifierWords, isEnvName, lineBounds } from './text.js';

/** A name found next to a value: `env` when code reads/sets it as an environment variable. */
export interface ContextName {
  name: string;
  strength: 'env' | 'var';
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const ENV_PATTERNS: RegExp[] = [
  // os.environ["X"] = "…"   environ['X']="…"
  new RegExp(`environ\\[\\s*["'](${IDENT})["']\\s*\\]\\s*=\\s*[rbuf]?["']?$`),
  // os.getenv("X", "…")  os.environ.get("X", "…")  setdefault("X", "…")
  new RegExp(`(?:getenv|\\.get|setdefault)\\(\\s*["'](${IDENT})["']\\s*,\\s*[rbuf]?["']?$`),
  // process.env.X ?? "…"   process.env["X"] || '…'
  new RegExp(`process\\.env(?:\\.(${IDENT})|\\[\\s*["'](${IDENT})["']\\s*\\])\\s*(?:\\?\\?|\\|\\|)\\s*["'\`]?$`),
  // Dockerfile legacy form: ENV X value
  new RegExp(`^\\s*(?:ENV|ARG)\\s+(${IDENT})\\s+["']?$`, 'i'),
  // Shell, dotenv, Dockerfile, compose list form, docker -e: X=value (no spaces around =)
  new RegExp(`(?:^|[\\s;&|("'\\-])(${IDENT})=["']?$`),
  // %env X=value (IPython)
  new RegExp(`%env\\s+(${IDENT})\\s*=?\\s*["']?$`),
];
// YAML / TOML / JSON keys, and code assignments: `key: value`, `key = "value"`, `"key": "value"`.
const KEY_PATTERN = new RegExp(`(?:^|[\\s{,(\\[])["']?([A-Za-z_][\\w.-]*?)["']?\\s*(?::|=|:=|=>)\\s*(?:[rbuf]?["'\`])?$`);
// Python keyword argument or attribute: `token="…"`, `self.hf_token = "…"`
const ATTRIBUTE_PATTERN = /([A-Za-z_][\w]*)\s*=\s*[rbuf]?["'`]?$/;
// A value on the line after `machine … password`.
const NETRC_PATTERN = /\bpassword\s+$/;

/**
 * The names the code uses for the value at `offset`, strongest first. In program code
 * (`codeFile`), `NAME = "…"` is a variable, not an environment name; in shell, dotenv, Dockerfile
 * and YAML files an UPPER_SNAKE name next to the value is the environment variable itself.
 */
export function contextNames(text: string, offset: number, codeFile = false): ContextName[] {
  const { start } = lineBounds(text, offset);
  const before = text.slice(start, offset);
  const names: ContextName[] = [];
  for (const [index, pattern] of ENV_PATTERNS.entries()) {
    const match = pattern.exec(before);
    const name = match?.slice(1).find((group) => group !== undefined);
    if (name) {
      const envReader = index < 3;
      names.push({ name, strength: isEnvName(name) && (envReader || !codeFile) ? 'env' : 'var' });
      break;
    }
  }
  const key = KEY_PATTERN.exec(before)?.[1] ?? ATTRIBUTE_PATTERN.exec(before)?.[1];
  if (key && !names.some((known) => known.name === key)) {
    const last = key.split('.').pop() ?? key;
    // An UPPER_SNAKE key in a config or env mapping reads as an environment name (compose, GHA env:).
    const assignment = /=\s*[rbuf]?["'`]?$/.test(before.trimEnd());
    names.push({ name: last, strength: isEnvName(last) && !assignment && !codeFile ? 'env' : 'var' });
  }
  if (names.length === 0 && NETRC_PATTERN.test(before)) names.push({ name: 'password', strength: 'var' });
  return names;
}

export interface ValueSite {
  finding: Finding;
  /** Names from the code around this occurrence. */
  context: ContextName[];
  /** The occurrence sits in a comment (an old key kept "for reference"). */
  commented?: boolean;
  /** The occurrence is in prose (README, docs, a log; not a template): no code reads it there. */
  docs?: boolean;
}

/** A line whose text before the value starts a comment: `#`, `//`, `--`, `;`, `%`, `<!--`. */
export function isCommentedAt(text: string, offset: number): boolean {
  const { start } = lineBounds(text, offset);
  return /^\s*(?:#|\/\/|--|;|%|<!--|\/\*|\*)/.test(text.slice(start, offset).replace(/^\uFEFF/, ''));
}

export interface RuleNaming {
  envVar: string;
  aliases: readonly string[];
}

export interface NamingInput {
  /** Every occurrence, in a stable order (path, then offset). */
  sites: ValueSite[];
  /** The rule's canonical variable and aliases, by rule id. */
  ruleNaming: (ruleId: string) => RuleNaming | undefined;
  /** Entries already in `.env` (name → value). */
  existing: ReadonlyMap<string, string>;
}

export interface NamedValue {
  secret: string;
  name: string;
  sites: ValueSite[];
  /** Why the name is what it is, for the report when it is not the rule's canonical one. */
  why?: string;
  /** `.env` already holds this name with another value. */
  conflictsWith?: string;
  /**
   * Every occurrence is in documentation and `.env` does not hold it: no code reads it, so it is
   * no variable (no `.env.example` entry, no name claimed); `name` is only what its placeholder says.
   */
  docsOnly?: boolean;
}

/** Assigns a variable name to every distinct value. */
export function nameValues(input: NamingInput): NamedValue[] {
  const groups = new Map<string, ValueSite[]>();
  for (const site of input.sites) {
    const group = groups.get(site.finding.secret);
    if (group) group.push(site);
    else groups.set(site.finding.secret, [site]);
  }
  const existingByValue = new Map<string, string>();
  for (const [name, value] of input.existing) if (!existingByValue.has(value)) existingByValue.set(value, name);

  const taken = new Set<string>();
  const results = new Map<string, NamedValue>();
  const wants = [...groups].map(([secret, sites]) => ({ secret, sites, ...preferredName(sites, input.ruleNaming) }));

  // A value `.env` already holds keeps that entry's name: nothing to write, nothing to rename.
  for (const want of wants) {
    const name = existingByValue.get(want.secret);
    if (name && !taken.has(name)) {
      taken.add(name);
      results.set(want.secret, { secret: want.secret, name, sites: want.sites, why: name === want.name ? undefined : `already in .env as ${name}` });
    }
  }
  // A value only documentation shows is no variable: the rule's own name for its placeholder, and
  // no claim on a name a value the code reads may need (prose `TOKEN = …` names nothing).
  for (const want of wants) {
    if (results.has(want.secret) || !want.sites.every((site) => site.docs)) continue;
    const name = docsName(want.sites, input.ruleNaming);
    results.set(want.secret, { secret: want.secret, name, sites: want.sites, docsOnly: true, why: 'only in documentation: no code reads it, so it is no variable' });
  }
  // Live values claim their name before values seen only in comments (old keys), and values the
  // code itself names (an env context) before values that only got the rule's default; ties go
  // in order of first appearance.
  const live = (sites: ValueSite[]): number => Number(sites.some((site) => !site.commented));
  const ordered = wants
    .filter((want) => !results.has(want.secret))
    .sort((a, b) => live(b.sites) - live(a.sites) || Number(b.fromCode) - Number(a.fromCode));
  for (const want of ordered) {
    let name = want.name;
    let why: string | undefined = want.fromCode && !want.isCanonical ? `the code uses ${name}` : undefined;
    let conflictsWith: string | undefined;
    const occupiedInEnv = input.existing.has(name) && input.existing.get(name) !== want.secret;
    if (taken.has(name) || occupiedInEnv) {
      if (occupiedInEnv) conflictsWith = name;
      const derived = derivedName(name, want.sites, (candidate) => taken.has(candidate) || (input.existing.has(candidate) && input.existing.get(candidate) !== want.secret));
      why = occupiedInEnv
        ? `.env already holds a different ${name}; this value is kept apart as ${derived}`
        : `another value already uses ${name}; this one is kept apart as ${derived}`;
      name = derived;
    }
    taken.add(name);
    results.set(want.secret, { secret: want.secret, name, sites: want.sites, why, conflictsWith });
  }
  return [...groups.keys()].map((secret) => results.get(secret)!);
}

function preferredName(sites: ValueSite[], ruleNaming: NamingInput['ruleNaming']): { name: string; fromCode: boolean; isCanonical: boolean } {
  const first = sites[0]!.finding;
  const rule = ruleNaming(first.ruleId);
  const canonical = rule?.envVar || first.envVar;
  const envNames = sites.flatMap((site) => site.context.filter((name) => name.strength === 'env').map((name) => name.name));
  if (canonical && envNames.includes(canonical)) return { name: canonical, fromCode: true, isCanonical: true };
  const counts = new Map<string, number>();
  for (const name of envNames) counts.set(name, (counts.get(name) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (best) return { name: best, fromCode: true, isCanonical: best === canonical };
  if (canonical && isEnvName(canonical) && !isGenericRule(first.ruleId)) return { name: canonical, fromCode: false, isCanonical: true };
  // Generic rules have no provider variable: name the value after the code's own identifier.
  const variable = sites.flatMap((site) => site.context).find((name) => identifierWords(name.name).length > 0);
  if (variable) return { name: identifierWords(variable.name).join('_'), fromCode: true, isCanonical: false };
  return { name: canonical && isEnvName(canonical) ? canonical : 'SECRET', fromCode: false, isCanonical: true };
}

/** The name a documentation-only value's placeholder uses: the rule's variable, context ignored. */
function docsName(sites: ValueSite[], ruleNaming: NamingInput['ruleNaming']): string {
  const first = sites[0]!.finding;
  const canonical = ruleNaming(first.ruleId)?.envVar || first.envVar;
  return canonical && isEnvName(canonical) ? canonical : 'SECRET';
}

function isGenericRule(ruleId: string): boolean {
  return ruleId.startsWith('generic');
}

/**
 * `HF_TOKEN` + a site assigned to `hf_write_token` → `HF_TOKEN_WRITE`; without a telling
 * identifier, `HF_TOKEN_2`, `HF_TOKEN_3`, …
 */
export function derivedName(base: string, sites: ValueSite[], isTaken: (name: string) => boolean): string {
  const baseWords = new Set(identifierWords(base));
  for (const site of sites) {
    for (const context of site.context) {
      const extra = identifierWords(context.name).filter((word) => !baseWords.has(word) && !GENERIC_WORDS.has(word));
      if (extra.length === 0) continue;
      const candidate = `${base}_${extra.join('_')}`;
      if (isEnvName(candidate) && !isTaken(candidate)) return candidate;
    }
  }
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}

// Words that say nothing about which credential this is.
const GENERIC_WORDS = new Set(['SELF', 'OS', 'ENV', 'ENVIRON', 'CONFIG', 'CFG', 'ARGS', 'SETTINGS', 'KEY', 'TOKEN', 'API', 'SECRET', 'VALUE', 'DEFAULT', 'PASSWORD', 'AUTH', 'USE']);
