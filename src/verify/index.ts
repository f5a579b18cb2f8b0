/**
 * Opt-in live verification (`scan --verify`, `check --verify`, or `verifyOnCommit` for the hook):
 * asks each provider whether a credential is live. Never throws on network trouble (that is
 * `unknown`), sends each distinct secret once, only to its own provider, a few at a time.
 */
import type { Finding, Rule, Verification } from '../types/index.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { compileRules, scanFragment, type CompiledRules } from '../scanner/index.js';
import { baseUrlFor } from './endpoint.js';
import { sendVerification, type FetchFunction } from './http.js';
import { mapWithConcurrency } from './pool.js';
import { getVerifier, type Verifier } from './providers.js';

export { VERIFIERS, getVerifier, type Verifier } from './providers.js';
export { overrideVariable } from './endpoint.js';

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_CONCURRENCY = 4;

export interface VerifyOptions {
  env: NodeJS.ProcessEnv;
  /** Per request. Default 3 s, or `LEAKGUARD_VERIFY_TIMEOUT_MS` from `env`. */
  timeoutMs?: number;
  concurrency?: number;
  fetch?: FetchFunction;
}

export interface SecretToVerify {
  /** A rule's `verify` id, a key of VERIFIERS (src/verify/providers.ts). */
  verifier: string;
  secret: string;
}

/**
 * Verifies each distinct (verifier, secret) pair once. The result has an entry for every input
 * whose verifier exists; unknown verifier ids are left out. Throws only on an unsafe base URL
 * override (a configuration error), before anything is sent.
 */
export async function verifySecrets(items: readonly SecretToVerify[], options: VerifyOptions): Promise<Map<string, Verification>> {
  const jobs = new Map<string, { verifier: Verifier; secret: string; baseUrl: string }>();
  for (const item of items) {
    const verifier = getVerifier(item.verifier);
    if (!verifier) continue;
    const key = verificationKey(item);
    if (!jobs.has(key)) jobs.set(key, { verifier, secret: item.secret, baseUrl: baseUrlFor(verifier, options.env) });
  }
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv(options.env) ?? DEFAULT_TIMEOUT_MS;
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const entries = [...jobs.entries()];
  const results = await mapWithConcurrency(entries, options.concurrency ?? DEFAULT_CONCURRENCY, ([, job]) =>
    sendVerification(job.verifier, job.secret, { baseUrl: job.baseUrl, timeoutMs, fetch: fetchFunction }),
  );
  return new Map(entries.map(([key], index) => [key, results[index] ?? { status: 'unknown' }]));
}

export function verificationKey(item: SecretToVerify): string {
  return `${item.verifier}\0${item.secret}`;
}

/**
 * Sets `finding.verification` in place for every finding whose value has the format of a
 * built-in rule with a verifier. The finding's own rule is not asked: it may come from the
 * repository's `.leakguard.json`, which must not be able to send a value to another provider.
 */
export async function verifyFindings(findings: Finding[], options: VerifyOptions): Promise<void> {
  const items: { finding: Finding; item: SecretToVerify }[] = [];
  for (const finding of findings) {
    const verifier = verifierForValue(finding.secret);
    if (verifier) items.push({ finding, item: { verifier, secret: finding.secret } });
  }
  if (items.length === 0) return;
  const results = await verifySecrets(items.map(({ item }) => item), options);
  for (const { finding, item } of items) {
    const verification = results.get(verificationKey(item));
    if (verification) finding.verification = { ...verification };
  }
}

interface VerifyingRules {
  rules: Rule[];
  compiled: CompiledRules;
}

let verifyingRules: VerifyingRules | undefined;

/** Built-in rules that name a verifier, compiled once; never a user's or a repository's rules. */
function builtinVerifyingRules(): VerifyingRules {
  if (!verifyingRules) {
    const rules = loadBuiltinRules().filter((rule) => rule.verify !== undefined && getVerifier(rule.verify) !== undefined);
    verifyingRules = { rules, compiled: compileRules(rules) };
  }
  return verifyingRules;
}

/**
 * The verifier a value's own format selects, or undefined: a built-in rule with a verifier must
 * match exactly this value, on its own (prefixed tokens: `hf_…`, `sk-…`), or after that rule's
 * own variable name (context rules, such as W&B's 40-hex key beside WANDB_API_KEY). Variable
 * names, alias tables and rules from repository files play no part, so an AWS secret listed as
 * an alias of HF_TOKEN is never sent to Hugging Face.
 */
export function verifierForValue(secret: string): string | undefined {
  const value = secret.trim();
  if (value === '' || /[\r\n]/.test(value)) return undefined;
  const { rules, compiled } = builtinVerifyingRules();
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const matching = (text: string, accept: (rule: Rule) => boolean): Rule[] =>
    scanFragment({ path: 'value', text }, compiled)
      .filter((finding) => finding.secret === value)
      .flatMap((finding) => {
        const rule = byId.get(finding.ruleId);
        return rule && accept(rule) ? [rule] : [];
      });
  let found = matching(value, () => true);
  if (found.length === 0) {
    for (const envVar of new Set(rules.map((rule) => rule.envVar))) {
      found = matching(`${envVar}=${value}\n`, (rule) => rule.envVar === envVar);
      if (found.length > 0) break;
    }
  }
  found.sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
  return found[0]?.verify;
}

function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env['LEAKGUARD_VERIFY_TIMEOUT_MS']);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
