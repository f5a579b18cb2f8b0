import type { Finding, ScanNote, ScanResult } from '../types/index.js';
import { noteLevel, noteMessage } from './notes.js';
import { formatFindingMessage } from './finding-text.js';
import type { ReportOptions } from './report-options.js';

/**
 * GitHub Actions workflow commands: each finding becomes an `::error` annotation on the pull
 * request diff, each note (a file not scanned, a config warning) a `::notice` or `::warning`.
 * One line per item and nothing else, so the log stays machine-readable.
 */
export function formatGithub(result: ScanResult, options: ReportOptions): string {
  const findings = result.findings.map((finding) => `${toAnnotation(finding, options.reveal)}\n`);
  const notes = (result.notes ?? []).map((note) => `${toNoteCommand(note)}\n`);
  return [...findings, ...notes].join('');
}

function toNoteCommand(note: ScanNote): string {
  const command = noteLevel(note) === 'warning' ? 'warning' : 'notice';
  const properties = [...(note.path !== '' ? [`file=${escapeProperty(note.path)}`] : []), `title=${escapeProperty(`leakguard ${note.reason}`)}`];
  return `::${command} ${properties.join(',')}::${escapeData(noteMessage(note))}`;
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
