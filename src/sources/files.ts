import { lstatSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { LeakguardError } from '../util/errors.js';
import { globMatcher } from '../util/globs.js';
import { hasBinaryExtension } from './file-kinds.js';

// Re-exported: the git source imports them from file-kinds.ts so the hook never loads fast-glob.
export { bufferToText, hasBinaryExtension } from './file-kinds.js';

export interface FileEntry {
  /** Absolute path on disk. */
  absolute: string;
  /** Path reported to the user: relative to the working directory, `/`-separated. */
  path: string;
  size: number;
}

export interface ListOptions {
  cwd: string;
  ignorePaths: string[];
  maxFileSize: number;
  /** Honour .gitignore files (on by default). */
  gitignore: boolean;
}

export interface Listing {
  files: FileEntry[];
  /** Files passed over and why, for the report's notes. */
  skipped: { path: string; reason: string }[];
}

const ALWAYS_IGNORED = ['**/.git/**', '**/.hg/**', '**/.svn/**'];

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Lists the files under the given paths that a scan should read. */
export async function listFiles(paths: string[], options: ListOptions): Promise<Listing> {
  const listing: Listing = { files: [], skipped: [] };
  const userIgnored = options.ignorePaths.length > 0 ? globMatcher(options.ignorePaths) : undefined;
  const seen = new Set<string>();
  for (const input of paths) {
    const absolute = resolve(options.cwd, input);
    let stats;
    try {
      stats = lstatSync(absolute);
    } catch (error) {
      throw new LeakguardError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const add = (file: string, size: number, knownPath?: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const path = knownPath ?? (toPosix(relative(options.cwd, file)) || toPosix(file));
      if (userIgnored?.(path)) return;
      if (hasBinaryExtension(path)) return;
      if (size > options.maxFileSize) {
        listing.skipped.push({ path, reason: `larger than ${options.maxFileSize} bytes` });
        return;
      }
      listing.files.push({ absolute: file, path, size });
    };
    if (stats.isFile()) {
      add(absolute, stats.size);
      continue;
    }
    if (!stats.isDirectory()) continue;
    // The synchronous walk: fast-glob's async one pays a libuv round trip per lstat, which
    // tripled the listing time of a 20,000-file tree (measured in `npm run bench`, docs/bench.md).
    const entries = fg.sync('**', {
      cwd: absolute,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      stats: true,
      suppressErrors: true,
      ignore: [...ALWAYS_IGNORED, ...(options.gitignore ? rootDirectoryIgnores(absolute) : [])],
    });
    const ignoredBy = options.gitignore ? gitignoreFilter(absolute, entries.map((entry) => entry.path)) : undefined;
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Paths are built by concatenation: path.relative/join per file cost ~150 ms on 20,000 files.
    const base = toPosix(relative(options.cwd, absolute));
    const prefix = base === '' ? '' : `${base}/`;
    const root = absolute.endsWith(sep) ? absolute : `${absolute}${sep}`;
    for (const entry of entries) {
      if (ignoredBy?.(entry.path)) continue;
      const file = sep === '/' ? `${root}${entry.path}` : join(absolute, entry.path);
      add(file, entry.stats?.size ?? 0, `${prefix}${entry.path}`);
    }
  }
  return listing;
}

/**
 * Plain directory names in the root .gitignore (`node_modules/`, `.venv/`, `wandb/`) become
 * walker ignores, so huge ignored trees are never walked. Git cannot re-include a file inside an
 * excluded directory, so only a negation of the directory itself (`!name/`) keeps it walkable.
 */
function rootDirectoryIgnores(root: string): string[] {
  const text = readGitignore(join(root, '.gitignore'));
  if (!text) return [];
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const negated = new Set(lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/^\/|\/$/g, '')));
  const globs: string[] = [];
  for (const line of lines) {
    const name = /^\/?([\w.-]+)\/$/.exec(line)?.[1];
    if (!name || negated.has(name)) continue;
    globs.push(line.startsWith('/') ? `${name}/**` : `**/${name}/**`);
  }
  return globs;
}

function readGitignore(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Nested .gitignore files apply to their own directory and below, as git applies them. */
function gitignoreFilter(root: string, paths: string[]): (path: string) => boolean {
  const matchers = new Map<string, Ignore>();
  for (const path of paths) {
    if (path !== '.gitignore' && !path.endsWith('/.gitignore')) continue;
    const text = readGitignore(join(root, path));
    if (text) matchers.set(path === '.gitignore' ? '' : path.slice(0, -'/.gitignore'.length), ignore().add(text));
  }
  if (matchers.size === 0) return () => false;
  return (path) => {
    let dir = dirname(path);
    const chain: string[] = [];
    for (;;) {
      chain.push(dir === '.' ? '' : dir);
      if (dir === '.' || dir === '') break;
      dir = dirname(dir);
    }
    // Outermost first, so a deeper .gitignore can re-include a file an outer one excluded; a file
    // inside an excluded directory stays excluded, as in git.
    let ignored = false;
    for (const base of chain.reverse()) {
      const matcher = matchers.get(base);
      if (!matcher) continue;
      const relativePath = base === '' ? path : path.slice(base.length + 1);
      if (isInIgnoredDirectory(matcher, relativePath)) return true;
      const verdict = matcher.test(relativePath);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  };
}

/** `ignore` checks only the path itself; git also drops everything inside an ignored directory. */
function isInIgnoredDirectory(matcher: Ignore, relativePath: string): boolean {
  let slash = relativePath.indexOf('/');
  while (slash !== -1) {
    if (matcher.ignores(`${relativePath.slice(0, slash)}/`)) return true;
    slash = relativePath.indexOf('/', slash + 1);
  }
  return false;
}

