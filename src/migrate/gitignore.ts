/**
 * `.gitignore` and `.dockerignore` gain only what they miss. "Missing" is judged by what the file
 * already ignores (with git's own matching rules, via the `ignore` package), not by the exact
 * line, so a repo that has `.env*` does not get a redundant `.env`.
 */
import ignore from 'ignore';
import { eolOf } from './text.js';

/**
 * Each pattern with a path it must ignore (or, for a negation, must not ignore). Only the files
 * migrate itself writes values to: the stores actually found get exact-path patterns instead,
 * since a broad one (`secrets_*.py`, `**\/hf_token*`) would also hide real source and docs
 * (`secrets_manager.py`, `docs/hf_token_setup.md`).
 */
export const SECRET_PATTERNS: readonly { pattern: string; probe: string }[] = [
  { pattern: '.env', probe: '.env' },
  { pattern: '.env.*', probe: '.env.local' },
  { pattern: '!.env.example', probe: '.env.example' },
  { pattern: '.leakguard/', probe: '.leakguard/replace-text.txt' },
];

export function isIgnoredBy(text: string | undefined, path: string): boolean {
  if (!text) return false;
  const matcher = ignore().add(text);
  if (matcher.ignores(path)) return true;
  // git also skips everything under an ignored directory, which `ignores(path)` alone misses.
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) if (matcher.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
  return false;
}

/** The `.gitignore` re-includes the path with a `!` pattern: the owner keeps it tracked on purpose. */
export function isKeptOnPurpose(text: string | undefined, path: string): boolean {
  return Boolean(text) && ignore().add(text!).test(path).unignored;
}

/** A pattern that matches exactly this path from the repository root. */
export function exactPattern(path: string): string {
  return `/${path.replace(/([\\*?[\]!#])/g, '\\$1').replace(/ $/, '\\ ')}`;
}

export interface IgnoreUpdate {
  text: string;
  added: string[];
}

/**
 * Appends the missing secret patterns, then an exact pattern for each extra path that must be
 * ignored (an untracked `config.env`) and still is not. Undefined when nothing is missing.
 */
export function updateGitignore(existing: string | undefined, extraPaths: readonly string[]): IgnoreUpdate | undefined {
  const added: string[] = [];
  let current = existing ?? '';
  const withLine = (line: string): string => `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${line}\n`;
  for (const { pattern, probe } of SECRET_PATTERNS) {
    const negation = pattern.startsWith('!');
    const ignored = isIgnoredBy(current, probe);
    // A negation only matters once something ignores the path; skip it when nothing does.
    if (negation ? !ignored : ignored) continue;
    current = withLine(pattern);
    added.push(pattern);
  }
  for (const path of extraPaths) {
    if (isIgnoredBy(current, path)) continue;
    const pattern = exactPattern(path);
    current = withLine(pattern);
    added.push(pattern);
  }
  if (added.length === 0) return undefined;
  return { text: render(existing, added, '# Local credentials and secret stores (leakguard migrate)'), added };
}

/** `.dockerignore` gains `.env` when the repository builds images, so `COPY . .` cannot bake it in. */
export function updateDockerignore(existing: string | undefined): IgnoreUpdate | undefined {
  if (isIgnoredBy(existing, '.env')) return undefined;
  return { text: render(existing, ['.env'], '# Never send local credentials into an image (leakguard migrate)'), added: ['.env'] };
}

function render(existing: string | undefined, lines: string[], comment: string): string {
  const eol = existing ? eolOf(existing) : '\n';
  const block = [comment, ...lines].join(eol) + eol;
  if (!existing) return block;
  const separator = existing.endsWith('\n') ? eol : `${eol}${eol}`;
  return `${existing}${separator}${block}`;
}
