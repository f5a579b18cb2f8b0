/**
 * `check` output. Text for people (one aligned row per variable, then warnings, then a summary);
 * JSON for scripts. Neither ever holds a value: the report carries none to print.
 */
import picocolors from 'picocolors';
import { formatVerification } from '../reporters/finding-text.js';
import type { Verification } from '../types/index.js';
import { describeSource, type CheckReport, type CheckVariable } from './index.js';
import type { Origin } from './discover.js';

export type CheckFormat = 'text' | 'json';

export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json'];

export const RESOLUTION_ORDER = ['environment', 'dotenv', 'login'] as const;

export interface JsonCheckReport {
  version: 1;
  /** Where each variable is looked for, first match wins (see docs/check.md). */
  order: typeof RESOLUTION_ORDER;
  variables: CheckVariable[];
  warnings: CheckReport['warnings'];
  missing: string[];
}

export function formatCheckJson(report: CheckReport): string {
  const json: JsonCheckReport = {
    version: 1,
    order: RESOLUTION_ORDER,
    variables: report.variables.map(toJsonVariable),
    warnings: report.warnings,
    missing: report.missing,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// Field by field, so the documented order holds and nothing else rides along.
function toJsonVariable(variable: CheckVariable): CheckVariable {
  return {
    name: variable.name,
    required: variable.required,
    found: variable.found,
    ...(variable.source ? { source: variable.source } : {}),
    ...(variable.hint ? { hint: variable.hint } : {}),
    ...(variable.verification ? { verification: variable.verification } : {}),
    origins: variable.origins,
  };
}

export function formatCheckText(report: CheckReport, color: boolean): string {
  const colors = picocolors.createColors(color);
  const lines: string[] = [];
  if (report.variables.length === 0) {
    lines.push('No credentials found to check: no .env.example, no generated resolver, and no provider the code uses.');
  } else {
    lines.push(colors.bold('Credentials') + colors.dim('  (looked up in: environment → .env → provider login)'));
    const nameWidth = Math.max(...report.variables.map((variable) => variable.name.length));
    const whereTexts = report.variables.map(whereText);
    const whereWidth = Math.max(...whereTexts.map((text) => text.length));
    report.variables.forEach((variable, index) => {
      const mark = variable.found ? colors.green('✓') : variable.required ? colors.red('✗') : colors.yellow('✗');
      const where = whereTexts[index] ?? '';
      const cells = [mark, variable.name.padEnd(nameWidth), variable.found ? where.padEnd(whereWidth) : colors.red(where.padEnd(whereWidth))];
      if (variable.verification) cells.push(verificationCell(variable.verification, colors));
      cells.push(colors.dim(`[${describeOrigins(variable.origins)}]`));
      lines.push(`  ${cells.join('  ')}`.trimEnd());
    });
  }
  if (report.warnings.length > 0) {
    lines.push('', colors.bold('Warnings'));
    for (const warning of report.warnings) lines.push(`  ${colors.yellow('!')} ${toPrintable(warning.message)}`);
  }
  lines.push('', summary(report, colors));
  return `${lines.join('\n')}\n`;
}

function whereText(variable: CheckVariable): string {
  if (variable.source) return toPrintable(describeSource(variable.source, variable.name));
  return `missing: ${variable.hint ?? 'set it in .env'}`;
}

function describeOrigins(origins: readonly Origin[]): string {
  const parts = origins.map((origin) => (origin.kind === 'code' ? `${origin.provider} used in ${origin.path}` : origin.path));
  const shown = parts.slice(0, 2);
  if (parts.length > 2) shown.push(`+${parts.length - 2}`);
  return toPrintable(shown.join(', '));
}

function verificationCell(verification: Verification, colors: ReturnType<typeof picocolors.createColors>): string {
  const text = toPrintable(formatVerification(verification));
  if (verification.status === 'live') return colors.green(text);
  if (verification.status === 'invalid') return colors.red(colors.bold(text));
  return colors.yellow(text);
}

function summary(report: CheckReport, colors: ReturnType<typeof picocolors.createColors>): string {
  const total = report.variables.length;
  const found = report.variables.filter((variable) => variable.found).length;
  const invalid = report.variables.filter((variable) => variable.verification?.status === 'invalid').map((variable) => variable.name);
  const parts = [`${found} of ${total} resolve`];
  if (report.missing.length > 0) parts.push(colors.red(`required but missing: ${report.missing.join(', ')}`));
  if (invalid.length > 0) parts.push(colors.red(`rejected by the provider: ${invalid.join(', ')}`));
  if (report.warnings.length > 0) parts.push(colors.yellow(`${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}`));
  return parts.join('; ');
}

/** Names, paths and account names come from the repository or the network: no control characters. */
function toPrintable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
