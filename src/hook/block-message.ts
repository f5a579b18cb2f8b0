import picocolors from 'picocolors';
import type { Finding, ScanResult } from '../types/index.js';
import { formatVerification } from '../reporters/finding-text.js';
import { summarizeNotes } from '../reporters/notes.js';

/** Where a blocked value already is: that decides between "just fix it" and "rotate it now". */
export type Exposure =
  | { kind: 'index-only' }
  | { kind: 'history'; commit: string }
  /** The history check ran out of time before it could rule history out. */
  | { kind: 'unknown'; commitsChecked: number };

export interface BlockMessageOptions {
  reveal: boolean;
  color: boolean;
  /** Secret → where it already is. A missing entry reads as unknown. */
  exposures: ReadonlyMap<string, Exposure>;
  /** How the user's shell starts leakguard (`npx leakguard` for a devDependency); default `leakguard`. */
  command?: string;
  /** Paths that are credential stores (`.env`, `.netrc`): the fix untracks them instead of rewriting. */
  isCredentialStore?: (path: string) => boolean;
}

/**
 * Finding paths are relative to the repository root, and the user may sit in any directory of
 * it: the fix runs from the root, in a subshell so the user's directory does not change.
 */
const FROM_ROOT = '(cd "$(git rev-parse --show-toplevel)" && ';

/**
 * What a developer sees when the pre-commit hook stops a commit: for each finding, where it is,
 * what to use instead, the command that fixes it, and whether the value has already left the
 * index (then only rotating it helps). Ends with the ways to let a false alarm through.
 */
export function formatBlockMessage(result: ScanResult, options: BlockMessageOptions): string {
  const colors = picocolors.createColors(options.color);
  const count = result.findings.length;
  const lines: string[] = [
    colors.red(colors.bold(`leakguard: commit blocked: ${count} credential${count === 1 ? '' : 's'} in the staged changes`)),
    '',
  ];
  for (const finding of result.findings) {
    const value = options.reveal ? finding.secret : finding.redacted;
    const path = printable(finding.path);
    lines.push(
      `  ${colors.bold(`${path}:${finding.line}:${finding.column}`)}  ${colors.cyan(finding.provider)}  ${colors.yellow(printable(value))}  ${colors.dim(finding.ruleId)}`,
      `    ${colors.dim('use  ')}  the ${colors.green(finding.envVar)} environment variable instead`,
      ...fixLines(finding.path, options, colors),
      `    ${colors.dim('state')}  ${describeExposure(finding, options.exposures.get(finding.secret), colors)}`,
    );
    // Present only when the user opted in to verification (`verifyOnCommit`).
    if (finding.verification) lines.push(`    ${colors.dim('key  ')}  ${printable(formatVerification(finding.verification))}`);
    lines.push('');
  }
  lines.push(
    `Not a secret? Put ${colors.bold('leakguard:allow')} in a comment on that line, or accept today's findings with`,
    `${colors.bold('leakguard baseline')} and run ${colors.bold('leakguard install')} again so the hook uses the baseline.`,
  );
  for (const note of summarizeNotes(result.notes ?? [])) lines.push(`${colors.yellow('note:')} ${printable(note)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `migrate --stage` rewrites the file and stages everything it wrote (resolver, .env.example,
 * .gitignore). A credential store is untracked instead (`git rm --cached`, kept on disk, ignored):
 * `git add .env` would be refused by the very ignore rule the fix adds.
 */
function fixLines(path: string, options: BlockMessageOptions, colors: ReturnType<typeof picocolors.createColors>): string[] {
  const command = `${FROM_ROOT}${options.command ?? 'leakguard'} migrate --allow-dirty --stage ${shellQuote(printable(path))})`;
  if (options.isCredentialStore?.(path)) {
    return [
      `    ${colors.dim('fix  ')}  a credential file: untrack it (git rm --cached), keep it on disk and ignore it:`,
      `           ${colors.green(command)}`,
    ];
  }
  return [`    ${colors.dim('fix  ')}  ${colors.green(command)}`];
}

function describeExposure(finding: Finding, exposure: Exposure | undefined, colors: ReturnType<typeof picocolors.createColors>): string {
  if (exposure?.kind === 'index-only') {
    return 'only in the index, never committed: unstage and fix it; nothing to rotate yet';
  }
  if (exposure?.kind === 'history') {
    return colors.red(`already in git history (commit ${exposure.commit.slice(0, 7)}): rotate it now at ${finding.docsUrl}`);
  }
  const checked = exposure ? ` in the last ${exposure.commitsChecked} commits` : '';
  return `not found in history${checked} (check stopped early): if it was ever committed, rotate it at ${finding.docsUrl}`;
}

/** Paths come from the repository: a crafted name must not move the cursor or fake a line. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A path as a POSIX shell word, so the printed command can be pasted as is. */
export function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
