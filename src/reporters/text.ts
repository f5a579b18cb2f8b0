import picocolors from 'picocolors';
import type { Finding, ScanResult, ScanStats, Verification } from '../types/index.js';
import { formatVerification, getShownValue, pluralize, shortCommit } from './finding-text.js';
import type { ReportOptions } from './report-options.js';
import { summarizeNotes } from './notes.js';

type Colors = ReturnType<typeof picocolors.createColors>;

/** One row of a file group, as plain strings so widths are measured before colour is added. */
interface Row {
  location: string;
  provider: string;
  ruleId: string;
  value: string;
  envVar: string;
  extras: string[];
  verification?: Verification;
}

/**
 * The human format, for the terminal and the pre-commit hook: findings grouped under their file,
 * columns aligned, then a one-line summary. Order is the caller's (findings/ sorts them).
 */
export function formatText(result: ScanResult, options: ReportOptions): string {
  const colors = picocolors.createColors(options.color);
  const lines: string[] = [];

  if (result.findings.length === 0) {
    lines.push(colors.green(`No credentials found (${formatStats(result.stats)})`));
  } else {
    const groups = groupByPath(result.findings);
    for (const [path, findings] of groups) {
      lines.push(colors.bold(colors.underline(toPrintable(path))));
      lines.push(...formatRows(findings.map((finding) => toRow(finding, options.reveal)), colors), '');
    }
    lines.push(
      colors.red(colors.bold(`${pluralize(result.findings.length, 'credential')} in ${pluralize(groups.size, 'file')}`)) +
        ` (${formatStats(result.stats)})`,
    );
    lines.push(colors.dim('Move them into .env with `leakguard migrate`, and rotate any that were ever pushed.'));
  }

  lines.push(...formatStaleBaseline(result, colors));
  for (const note of summarizeNotes(result.notes ?? [])) lines.push(`${colors.yellow('note:')} ${toPrintable(note)}`);
  return `${lines.join('\n')}\n`;
}

function formatStats(stats: ScanStats): string {
  return `scanned ${pluralize(stats.files, 'file')}, ${pluralize(stats.bytes, 'byte')} in ${Math.round(stats.durationMs)} ms`;
}

/** Groups in order of each path's first finding, keeping the caller's order inside a group. */
function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path);
    if (group) group.push(finding);
    else groups.set(finding.path, [finding]);
  }
  return groups;
}

function toRow(finding: Finding, reveal: boolean): Row {
  const extras: string[] = [];
  if (finding.cell !== undefined) {
    extras.push(finding.cellLine === undefined ? `cell ${finding.cell}` : `cell ${finding.cell} line ${finding.cellLine}`);
  }
  if (finding.commit) {
    const occurrences = finding.occurrences === undefined ? '' : ` (in ${pluralize(finding.occurrences, 'commit')})`;
    extras.push(`commit ${shortCommit(finding.commit)}${occurrences}`);
  } else if (finding.occurrences !== undefined) {
    extras.push(`in ${pluralize(finding.occurrences, 'commit')}`);
  }
  // Product code is the default and goes unsaid; the rest helps triage (nothing is hidden).
  if (finding.context && finding.context !== 'code') extras.push(finding.context === 'vendor' ? 'vendored' : `in ${finding.context}`);
  if (finding.knownTest) extras.push('known public test token');
  return {
    location: `${finding.line}:${finding.column}`,
    provider: finding.provider,
    ruleId: finding.ruleId,
    value: toPrintable(getShownValue(finding, reveal)),
    envVar: `→ use $${finding.envVar}`,
    extras,
    verification: finding.verification,
  };
}

function formatRows(rows: readonly Row[], colors: Colors): string[] {
  const width = (pick: (row: Row) => string) => Math.max(...rows.map((row) => pick(row).length));
  const widths = {
    location: width((row) => row.location),
    provider: width((row) => row.provider),
    ruleId: width((row) => row.ruleId),
    value: width((row) => row.value),
    envVar: width((row) => row.envVar),
  };

  return rows.map((row) => {
    const trailing = row.extras.map((extra) => colors.dim(extra));
    if (row.verification) trailing.push(formatVerificationCell(row.verification, colors));
    // Pad before colouring (escape codes have no width), and never pad the last cell of a line.
    const envVar = trailing.length > 0 ? row.envVar.padEnd(widths.envVar) : row.envVar;
    const cells = [
      colors.dim(row.location.padEnd(widths.location)),
      colors.cyan(row.provider.padEnd(widths.provider)),
      colors.dim(row.ruleId.padEnd(widths.ruleId)),
      colors.yellow(row.value.padEnd(widths.value)),
      colors.green(envVar),
      ...trailing,
    ];
    return `  ${cells.join('  ')}`;
  });
}

function formatVerificationCell(verification: Verification, colors: Colors): string {
  const text = toPrintable(formatVerification(verification));
  if (verification.status === 'live') return colors.red(colors.bold(text));
  if (verification.status === 'invalid') return colors.dim(text);
  return colors.yellow(text);
}

function formatStaleBaseline(result: ScanResult, colors: Colors): string[] {
  const stale = result.staleBaseline ?? [];
  if (stale.length === 0) return [];
  return [
    colors.yellow(`${pluralize(stale.length, 'baseline entry', 'baseline entries')} matched nothing and can be removed:`),
    ...stale.map((entry) => `  ${toPrintable(entry.path)}  ${colors.dim(entry.ruleId)}`),
  ];
}

/**
 * Paths, notes and revealed values come from the scanned repository; a crafted file name could
 * otherwise move the cursor or rewrite earlier lines of the terminal.
 */
function toPrintable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
