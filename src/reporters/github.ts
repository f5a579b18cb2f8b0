import type { Finding, ScanResult } from '../types/index.js';
import { formatFindingMessage } from './finding-text.js';
import type { ReportOptions } from './report-options.js';

/**
 * GitHub Actions workflow commands: each finding becomes an `::error` annotation on the pull
 * request diff. One line per finding and nothing else, so the log stays machine-readable.
 */
export function formatGithub(result: ScanResult, options: ReportOptions): string {
  return result.findings.map((finding) => `${toAnnotation(finding, options.reveal)}\n`).join('');
}

function toAnnotation(finding: Finding, reveal: boolean): string {
  const properties = [
    `file=${escapeProperty(finding.path)}`,
    `line=${finding.line}`,
    `col=${finding.column}`,
    `endColumn=${finding.endColumn}`,
    `title=${escapeProperty(`leakguard ${finding.ruleId}`)}`,
  ].join(',');
  return `::error ${properties}::${escapeData(formatFindingMessage(finding, reveal))}`;
}

/** The runner's own escaping (actions/toolkit `command.ts`): the message part of a command. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values additionally escape the separators of the `key=value,key=value::` syntax. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
