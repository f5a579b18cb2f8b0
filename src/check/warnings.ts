/**
 * What `check` warns about besides missing variables: `.env` files others can read, `.env` files
 * git would commit, templates holding real values, and a credential set to different values in
 * different places. Messages name files and variables, never values (only `redact`ed forms).
 */
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Finding } from '../types/index.js';
import { redact } from '../findings/redact.js';
import { isIgnored, isTracked, type GitRunner } from './git.js';
import type { Candidate, DotenvFile, Resolution } from './resolve.js';

export type WarningKind =
  | 'dotenv-permissions'
  | 'dotenv-unreadable'
  | 'dotenv-tracked'
  | 'dotenv-not-ignored'
  | 'example-value'
  | 'conflict';

export interface CheckWarning {
  kind: WarningKind;
  message: string;
  /** The file concerned, as displayed (relative to the working directory, or `~/…`). */
  path?: string;
  /** The variable concerned. */
  name?: string;
  line?: number;
}

export type PathDisplay = (absolute: string) => string;

/** Mode and readability of each `.env` consulted; POSIX permissions mean nothing on Windows. */
export function dotenvFileWarnings(files: readonly DotenvFile[], show: PathDisplay): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  for (const file of files) {
    const path = show(file.path);
    if (file.error) {
      warnings.push({ kind: 'dotenv-unreadable', path, message: `${path} could not be read (${file.error}); its variables were skipped` });
      continue;
    }
    if (process.platform === 'win32') continue;
    const mode = fileMode(file.path);
    if (mode !== undefined && (mode & 0o077) !== 0) {
      const octal = mode.toString(8).padStart(3, '0');
      warnings.push({
        kind: 'dotenv-permissions',
        path,
        message: `${path} is accessible to other users (mode ${octal}); run: chmod 600 ${quoteForShell(path)}`,
      });
    }
  }
  return warnings;
}

/** Tracked, or not ignored, `.env` files inside the repository (outside it git has no say). */
export async function dotenvGitWarnings(files: readonly DotenvFile[], root: string, git: GitRunner | undefined, show: PathDisplay): Promise<CheckWarning[]> {
  if (!git) return [];
  const warnings: CheckWarning[] = [];
  for (const file of files) {
    const inRepo = relative(root, file.path);
    if (inRepo.startsWith(`..${sep}`) || inRepo === '..') continue;
    const path = show(file.path);
    if (await isTracked(git, file.path)) {
      warnings.push({
        kind: 'dotenv-tracked',
        path,
        message: `${path} is tracked by git: run \`git rm --cached ${quoteForShell(path)}\`, add it to .gitignore, and rotate what it held`,
      });
    } else if ((await isIgnored(git, file.path)) === false) {
      warnings.push({ kind: 'dotenv-not-ignored', path, message: `${path} is not ignored by git: add \`.env\` to .gitignore` });
    }
  }
  return warnings;
}

/** Scanner findings in `.env.example` templates: a template is committed, so a value there leaked. */
export function exampleValueWarnings(findings: readonly Finding[], show: (repoPath: string) => string): CheckWarning[] {
  return findings.map((finding) => {
    const path = show(finding.path);
    return {
      kind: 'example-value',
      path,
      line: finding.line,
      name: finding.envVar,
      message: `${path}:${finding.line} holds what looks like a real ${finding.provider} credential (${finding.redacted}); leave the value empty and rotate it at ${finding.docsUrl}`,
    };
  });
}

/** A credential whose places disagree: the code gets the first, which may not be the one meant. */
export function conflictWarning(resolution: Resolution, describe: (candidate: Candidate) => string): CheckWarning | undefined {
  const distinct = new Map<string, Candidate>();
  for (const candidate of resolution.candidates) if (!distinct.has(candidate.value)) distinct.set(candidate.value, candidate);
  if (distinct.size < 2) return undefined;
  const [winner, ...others] = [...distinct.values()];
  if (!winner) return undefined;
  const describeWithValue = (candidate: Candidate): string => `${describe(candidate)} (${redact(candidate.value)})`;
  return {
    kind: 'conflict',
    name: resolution.name,
    message: `${resolution.name} has different values in ${distinct.size} places: ${describeWithValue(winner)} wins over ${others.map(describeWithValue).join(', ')}`,
  };
}

function fileMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

function quoteForShell(path: string): string {
  return /^[\w./~-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
