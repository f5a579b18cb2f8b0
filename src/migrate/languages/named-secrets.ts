import type { NamedFinding } from '../types.js';

export interface NamedSecret {
  secret: string;
  envVar: string;
}

/**
 * One entry per distinct value. Longest first, so a value that contains another (rare, but a
 * legacy 40-hex W&B key can sit inside a longer server key) is claimed by the longer one.
 */
export function distinctSecrets(findings: readonly NamedFinding[]): NamedSecret[] {
  const byValue = new Map<string, string>();
  for (const finding of findings) {
    if (finding.secret && !byValue.has(finding.secret)) byValue.set(finding.secret, finding.envVar);
  }
  return [...byValue]
    .map(([secret, envVar]) => ({ secret, envVar }))
    .sort((a, b) => b.secret.length - a.secret.length);
}
