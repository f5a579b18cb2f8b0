/**
 * The few git questions migrate asks: is this a repository, what is tracked, what has
 * uncommitted changes, which commits already hold a value, and untracking a file. Paths going in
 * and out are relative to the migration root, which may be a subdirectory of the repository.
 * Questions asked while planning are async simple-git calls (src/git/commands.ts); the index edits
 * apply makes are synchronous (src/git/sync.ts) so a signal never lands between two of them.
 */
import { gitAnswer, trackedPaths } from '../git/commands.js';
import { gitLines } from '../git/process.js';
import { gitSync } from '../git/sync.js';

export interface GitRepo {
  /** The migration root (where git commands run). */
  cwd: string;
  /** The root's path inside the repository, `sub/dir/` or ''. */
  prefix: string;
  hasCommits: boolean;
  /** Absolute path of the working tree's top level. */
  top: string;
}

export async function openRepo(cwd: string): Promise<GitRepo | undefined> {
  const inside = await gitAnswer(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return undefined;
  const prefix = (await gitAnswer(cwd, ['rev-parse', '--show-prefix'])).stdout.trim();
  const hasCommits = (await gitAnswer(cwd, ['rev-parse', '--verify', '-q', 'HEAD'])).status === 0;
  const top = (await gitAnswer(cwd, ['rev-parse', '--show-toplevel'])).stdout.trim() || cwd;
  return { cwd, prefix, hasCommits, top };
}

function splitZ(text: string): string[] {
  return text.split('\0').filter((part) => part.length > 0);
}

/** Tracked files under the root, relative to it. */
export async function trackedFiles(repo: GitRepo): Promise<Set<string>> {
  return new Set((await trackedPaths(repo.cwd, { underCwd: true })).map((path) => fromRepoPath(repo, path)));
}

function fromRepoPath(repo: GitRepo, path: string): string {
  return repo.prefix && path.startsWith(repo.prefix) ? path.slice(repo.prefix.length) : path;
}

function literal(path: string): string {
  return `:(literal)${path}`;
}

/** Which of `paths` have staged, unstaged or untracked changes. */
export async function dirtyPaths(repo: GitRepo, paths: readonly string[]): Promise<string[]> {
  const dirty = new Set<string>();
  for (let i = 0; i < paths.length; i += 200) {
    const chunk = paths.slice(i, i + 200);
    const run = await gitAnswer(repo.cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...chunk.map(literal)]);
    const parts = splitZ(run.stdout);
    for (let j = 0; j < parts.length; j++) {
      const entry = parts[j]!;
      const status = entry.slice(0, 2);
      if (status === '!!') continue;
      dirty.add(fromRepoPath(repo, entry.slice(3)));
      if (status[0] === 'R' || status[0] === 'C') j++; // the rename's source path follows
    }
  }
  return paths.filter((path) => dirty.has(path));
}

/** `git rm --cached` for every path at once (all or nothing), keeping the files on disk. */
export function untrack(repo: GitRepo, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const run = gitSync(repo.cwd, ['rm', '--cached', '-q', '--', ...paths.map(literal)]);
  if (run.status !== 0) throw new Error(`git rm --cached failed: ${run.stderr.trim().split('\n')[0] ?? run.status}`);
}

/** The paths among `paths` that are still in the index (a resumed run may have untracked some). */
export function trackedAmong(repo: GitRepo, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const listed = new Set(splitZ(gitSync(repo.cwd, ['ls-files', '-z', '--', ...paths.map(literal)]).stdout));
  return paths.filter((path) => listed.has(path));
}

/** Puts untracked paths back in the index (rollback of `untrack`). */
export function retrack(repo: GitRepo, paths: readonly string[]): void {
  if (paths.length === 0) return;
  gitSync(repo.cwd, ['add', '-f', '--', ...paths.map(literal)]);
}

/**
 * Short hashes of the commits (on every ref, stash included) whose changes add a line holding
 * each value. One pass over `git log -p` instead of one pickaxe walk per value.
 */
export async function commitsHolding(repo: GitRepo, values: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(values.map((value) => [value, []]));
  const singleLine = values.filter((value) => value.length > 0 && !value.includes('\n'));
  if (!repo.hasCommits || singleLine.length === 0) return found;
  const pattern = new RegExp(singleLine.map(escapeRegExp).sort((a, b) => b.length - a.length).join('|'), 'g');
  const log = gitLines(repo.cwd, ['log', '--all', '--no-color', '--no-ext-diff', '--no-textconv', '-p', '-U0', '--format=%x01%h', '--', '.']);
  let commit = '';
  for await (const line of log.lines) {
    if (line.startsWith('\x01')) {
      commit = line.slice(1);
      continue;
    }
    if (!line.startsWith('+') || line.startsWith('+++ ')) continue;
    pattern.lastIndex = 0;
    for (const match of line.matchAll(pattern)) {
      const list = found.get(match[0]);
      if (list && list[list.length - 1] !== commit) list.push(commit);
    }
  }
  // Best effort, as before: a log that fails lists no commits rather than failing the migration.
  await log.exited.catch(() => undefined);
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
