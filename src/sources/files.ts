import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanNote } from '../types/index.js';
import { LeakguardError, UsageError } from '../util/errors.js';
import { globMatcher } from '../util/globs.js';
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';
import { oversizedNote, readLimitFor } from './file-kinds.js';

// Re-exported: the git source imports them from file-kinds.ts so the hook never loads the walker.
export { bufferToText, hasBinaryExtension } from './file-kinds.js';

export interface FileEntry {
  /** Path on disk; a Buffer when the name is not valid UTF-8, so the exact bytes are opened. */
  absolute: string | Buffer;
  /** Path reported to the user: relative to the working directory, `/`-separated. */
  path: string;
  /**
   * Bytes, from the walk's `lstat`; undefined for a file `ListOptions.sizing` passed over, where
   * the reader's `fstat` of the opened file applies the size limit instead.
   */
  size?: number;
}

export interface ListOptions {
  cwd: string;
  ignorePaths: string[];
  maxFileSize: number;
  /** Honour .gitignore files (on by default). */
  gitignore: boolean;
  /**
   * Called for each file as the walk lists it (before the listing is sorted), so the caller can
   * act on the tree's size while the walk goes on: the engine starts its workers then.
   */
  onListed?: (entry: FileEntry) => void;
  /**
   * Read the sizes of only some regular files: the first `exact`, then every `every`-th, and none
   * from the `until`-th on. Without it every file is sized. The engine needs sizes only to tell a
   * large tree from a small one and to cut batches of even weight, and an `lstat` per file was
   * two thirds of the walk's file system time (100 of 150 ms over
   * EleutherAI/lm-evaluation-harness's 16,276 files, docs/bench.md, eleventh round); each file
   * is `fstat`ed when it is opened anyway.
   */
  sizing?: { exact: number; every: number; until: number };
}

export interface Listing {
  files: FileEntry[];
  /** Files passed over and why, for the report's notes. */
  skipped: ScanNote[];
  /** Files the walk found before config `ignorePaths` (after .gitignore). */
  candidates: number;
  /** How many of them config `ignorePaths` dropped. */
  ignoredByConfig: number;
  /** The listed files' bytes: their sum when every file was sized, else the sized ones' average times the count. */
  estimatedBytes: number;
}

const NEVER_WALKED = new Set(['.git', '.hg', '.svn']);
const STDIN_PATHS = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

interface GitignoreLevel {
  /** Directory of the .gitignore, relative to the walk root, '' for the root. */
  base: string;
  matcher: Ignore;
}

/**
 * Lists the files under the given paths that a scan should read. The walk reads directory
 * entries as bytes (`readdir` with Buffer names), so a name that is not valid UTF-8 or holds a
 * newline is listed like any other and never costs its directory. Symbolic links inside a tree
 * are not followed; FIFOs, sockets and devices are never opened and get a note.
 */
export async function listFiles(paths: string[], options: ListOptions): Promise<Listing> {
  const listing: Listing = { files: [], skipped: [], candidates: 0, ignoredByConfig: 0, estimatedBytes: 0 };
  const userIgnored = options.ignorePaths.length > 0 ? globMatcher(options.ignorePaths) : undefined;
  const seen = new Set<string>();
  let sizedBytes = 0;
  let sized = 0;
  const estimate = (): number => (sized === 0 ? 0 : (sizedBytes / sized) * listing.files.length);
  const { sizing } = options;
  const wantsSize = (): boolean => {
    if (!sizing) return true;
    const index = listing.files.length;
    return index < sizing.exact || (index < sizing.until && index % sizing.every === 0);
  };
  /** `stats` is undefined for a regular file `sizing` passed over. */
  const add = (absolute: string | Buffer, path: string, stats: Stats | undefined): void => {
    const key = typeof absolute === 'string' ? absolute : absolute.toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    listing.candidates++;
    if (userIgnored?.(path)) {
      listing.ignoredByConfig++;
      return;
    }
    if (stats && !stats.isFile()) {
      listing.skipped.push({ path, reason: 'special-file' });
      return;
    }
    if (stats && stats.size > readLimitFor(path, options.maxFileSize)) {
      listing.skipped.push(oversizedNote(path, stats.size, options.maxFileSize));
      return;
    }
    const entry: FileEntry = stats ? { absolute, path, size: stats.size } : { absolute, path };
    if (stats) {
      sizedBytes += stats.size;
      sized++;
    }
    listing.files.push(entry);
    options.onListed?.(entry);
  };
  for (const input of paths) {
    const absolute = resolve(options.cwd, input);
    if (STDIN_PATHS.has(input) || STDIN_PATHS.has(absolute)) {
      throw new UsageError(`scan: ${input} is standard input; to scan what is piped in, use \`leakguard scan -\``);
    }
    let stats: Stats;
    try {
      stats = lstatSync(absolute);
    } catch (error) {
      throw new LeakguardError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const path = toPosix(relative(options.cwd, absolute)) || toPosix(absolute);
    if (stats.isDirectory()) walk(absolute, options, listing, add, wantsSize);
    else if (stats.isSymbolicLink()) {
      listing.skipped.push({ path, reason: 'symlink', detail: 'links are not followed: name the file it points to' });
    } else add(absolute, path, stats);
  }
  listing.estimatedBytes = sized === listing.files.length ? sizedBytes : estimate();
  return listing;
}

/**
 * A directory on the walk's stack: a string while its path is valid UTF-8 (a string path opens the
 * same bytes, and its children's paths are then joined as strings, with no Buffer per entry), its
 * bytes otherwise.
 */
interface WalkDir {
  dir: string | Buffer;
  rel: string;
  levels: GitignoreLevel[];
}

function walk(
  root: string,
  options: ListOptions,
  listing: Listing,
  add: (absolute: string | Buffer, path: string, stats: Stats | undefined) => void,
  wantsSize: () => boolean,
): void {
  const base = toPosix(relative(options.cwd, root));
  const display = (rel: string): string => (base === '' ? rel : `${base}/${rel}`);
  const separator = Buffer.from(sep);
  // Decoded as each child's path would be (a lone surrogate in `root` becomes U+FFFD).
  const stack: WalkDir[] = [{ dir: Buffer.from(root).toString('utf8'), rel: '', levels: [] }];
  while (stack.length > 0) {
    const { dir, rel, levels: parentLevels } = stack.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      listing.skipped.push({ path: display(rel) || '.', reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'EIO' });
      continue;
    }
    const levels = options.gitignore ? withGitignore(parentLevels, dir, rel, entries, listing, display) : parentLevels;
    const children: WalkDir[] = [];
    for (const entry of entries) {
      const nameBytes = entry.name;
      const name = nameBytes.toString('utf8');
      const childRel = rel === '' ? name : `${rel}/${name}`;
      // A Buffer path holds a name that does not round-trip through a string (this one or a
      // parent's): it is opened by those bytes, whatever this name is.
      const child: string | Buffer = typeof dir === 'string' && isUtf8(nameBytes) ? `${dir}${sep}${name}` : Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, separator, nameBytes]);
      if (entry.isDirectory()) {
        if (NEVER_WALKED.has(name) || isGitignored(levels, childRel, true)) continue;
        children.push({ dir: child, rel: childRel, levels });
        continue;
      }
      if (entry.isSymbolicLink() || isGitignored(levels, childRel, false)) continue;
      // An odd .gitignore already has its note from withGitignore.
      if (options.gitignore && name === '.gitignore' && !entry.isFile()) continue;
      if (entry.isFile() && !wantsSize()) {
        add(child, display(childRel), undefined);
        continue;
      }
      let stats: Stats;
      try {
        stats = lstatSync(child);
      } catch (error) {
        listing.skipped.push({ path: display(childRel), reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'EIO' });
        continue;
      }
      add(child, display(childRel), stats);
    }
    // Sorted output: children are pushed in reverse so the stack pops them in name order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  listing.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The directory's own .gitignore, read with a size cap and only if it is a regular file. */
function withGitignore(
  levels: GitignoreLevel[],
  dir: string | Buffer,
  rel: string,
  entries: Dirent<Buffer>[],
  listing: Listing,
  display: (rel: string) => string,
): GitignoreLevel[] {
  if (!entries.some((entry) => entry.name.toString('latin1') === '.gitignore' && !entry.isDirectory())) return levels;
  const path = display(rel === '' ? '.gitignore' : `${rel}/.gitignore`);
  const read = readRegularFile(typeof dir === 'string' ? `${dir}${sep}.gitignore` : Buffer.concat([dir, Buffer.from(`${sep}.gitignore`)]), CONFIG_FILE_CAP);
  if (read.kind !== 'ok') {
    if (read.kind === 'not-regular') listing.skipped.push({ path, reason: 'special-file', detail: 'a .gitignore that is not a regular file is not read' });
    else if (read.kind === 'too-large') listing.skipped.push({ path, reason: 'too-large', detail: `over ${CONFIG_FILE_CAP} bytes, its patterns were not applied` });
    return levels;
  }
  return [...levels, { base: rel, matcher: ignore().add(read.data.toString('utf8')) }];
}

/**
 * Git's verdict for a path: outermost .gitignore first, so a deeper one can re-include what an
 * outer one excluded. Ignored directories are never entered, so nothing inside one comes back,
 * as in git.
 */
function isGitignored(levels: readonly GitignoreLevel[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, matcher } of levels) {
    const relativePath = base === '' ? path : path.slice(base.length + 1);
    let verdict;
    try {
      verdict = matcher.test(isDirectory ? `${relativePath}/` : relativePath);
    } catch {
      continue; // a name the ignore package cannot take as a relative path matches no pattern
    }
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}
