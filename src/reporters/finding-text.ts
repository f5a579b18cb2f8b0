import type { Finding, Verification } from '../types/index.js';

/**
 * The value a reporter may print for a finding. This is the one place that decides between the
 * secret and its redaction, so no format can leak a value by forgetting to check `reveal`.
 */
export function getShownValue(finding: Finding, reveal: boolean): string {
  return reveal ? finding.secret : finding.redacted;
}

const VERIFICATION_LABELS: Record<Verification['status'], string> = {
  live: 'live key',
  invalid: 'invalid key',
  unknown: 'not verified',
};

/** `live key of acme`, `invalid key`, `not verified (rate limited)`. */
export function formatVerification(verification: Verification): string {
  let text = VERIFICATION_LABELS[verification.status];
  if (verification.account) text += ` of ${verification.account}`;
  if (verification.detail) text += ` (${verification.detail})`;
  return text;
}

/**
 * One sentence for annotation-style formats (SARIF, GitHub): what leaked, and what to use instead.
 * Location is left out because those formats carry it in their own fields.
 */
export function formatFindingMessage(finding: Finding, reveal: boolean): string {
  const parts = [
    `Hardcoded ${finding.provider} credential ${getShownValue(finding, reveal)} (${finding.ruleId}).`,
    `Read it from the ${finding.envVar} environment variable instead; \`leakguard migrate\` rewrites it for you.`,
  ];
  if (finding.commit) parts.push(`Committed in ${shortCommit(finding.commit)}: rotate it at ${finding.docsUrl}.`);
  if (finding.knownTest) parts.push(`Known public test token${finding.note ? `: ${finding.note}` : ''}.`);
  if (finding.verification) parts.push(`Verification: ${formatVerification(finding.verification)}.`);
  return parts.join(' ');
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
