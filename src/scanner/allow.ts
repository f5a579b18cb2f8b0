/**
 * Inline suppressions on the finding's line. `gitleaks:allow` and `pragma: allowlist secret`
 * (detect-secrets) are honoured so teams moving to leakguard keep their existing annotations.
 */
const ALLOW_MARKERS = /leakguard:allow|gitleaks:allow|pragma:\s*allowlist[ -]secret/i;

export function isAllowedLine(line: string): boolean {
  return ALLOW_MARKERS.test(line);
}
