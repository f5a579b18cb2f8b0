import type { Baseline, BaselineEntry, Finding } from '../types/index.js';
import { lazyCrypto } from '../util/lazy-builtins.js';
import { saltedHash } from './fingerprint.js';

function entryKey(entry: BaselineEntry): string {
  return `${entry.ruleId}\0${entry.path}\0${entry.hash}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.hash.localeCompare(b.hash);
}

/**
 * Accepted findings of a legacy repository, keyed by rule + path + salted hash of the secret.
 * No line numbers (they churn on every edit) and no plaintext (the file is committed).
 */
export function createBaseline(findings: Finding[], salt = lazyCrypto().randomBytes(16).toString('hex')): Baseline {
  const unique = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const entry = { ruleId: finding.ruleId, path: finding.path, hash: saltedHash(salt, finding.secret) };
    unique.set(entryKey(entry), entry);
  }
  return { version: 1, salt, entries: [...unique.values()].sort(compareEntries) };
}

export interface BaselineFilterResult {
  findings: Finding[];
  /** Entries no finding matched any more: fixed or moved, and safe to drop from the baseline. */
  stale: BaselineEntry[];
}

export function applyBaseline(findings: Finding[], baseline: Baseline): BaselineFilterResult {
  const entries = new Map(baseline.entries.map((entry) => [entryKey(entry), entry]));
  const used = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = entryKey({ ruleId: finding.ruleId, path: finding.path, hash: saltedHash(baseline.salt, finding.secret) });
    if (entries.has(key)) used.add(key);
    else kept.push(finding);
  }
  const stale = [...entries.entries()].filter(([key]) => !used.has(key)).map(([, entry]) => entry);
  return { findings: kept, stale };
}

export function isBaseline(data: unknown): data is Baseline {
  if (!data || typeof data !== 'object') return false;
  const candidate = data as Partial<Baseline>;
  return (
    candidate.version === 1 &&
    typeof candidate.salt === 'string' &&
    Array.isArray(candidate.entries) &&
    candidate.entries.every(
      (entry) => typeof entry?.ruleId === 'string' && typeof entry.path === 'string' && typeof entry.hash === 'string',
    )
  );
}
