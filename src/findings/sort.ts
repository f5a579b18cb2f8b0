import type { Finding } from '../types/index.js';

/** Deterministic order for every reporter: path, line, column, rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.commit ?? '').localeCompare(b.commit ?? ''),
  );
}
