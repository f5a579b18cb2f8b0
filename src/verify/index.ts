/**
 * Opt-in live verification (`scan --verify`, `check --verify`, or `verifyOnCommit` for the hook):
 * asks each provider whether a credential is live. Never throws on network trouble (that is
 * `unknown`), sends each distinct secret once, only to its own provider, a few at a time.
 */
import type { Finding, Rule, Verification } from '../types/index.js';
import { loadBuiltinRules } from '../rules/builtin.js';
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
  /** Rules that say which verifier a finding's rule uses; the built-in rules when absent. */
  rules?: readonly Rule[];
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
 * Sets `finding.verification` in place for every finding whose rule names a verifier. Findings of
 * rules without one (context-only and generic rules) are left as they are.
 */
export async function verifyFindings(findings: Finding[], options: VerifyOptions): Promise<void> {
  const rules = options.rules ?? loadBuiltinRules();
  const verifierOf = new Map(rules.map((rule) => [rule.id, rule.verify]));
  const items: { finding: Finding; item: SecretToVerify }[] = [];
  for (const finding of findings) {
    const verifier = verifierOf.get(finding.ruleId);
    if (verifier && getVerifier(verifier)) items.push({ finding, item: { verifier, secret: finding.secret } });
  }
  if (items.length === 0) return;
  const results = await verifySecrets(items.map(({ item }) => item), options);
  for (const { finding, item } of items) {
    const verification = results.get(verificationKey(item));
    if (verification) finding.verification = { ...verification };
  }
}

function timeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env['LEAKGUARD_VERIFY_TIMEOUT_MS']);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
