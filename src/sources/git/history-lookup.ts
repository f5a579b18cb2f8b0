import { gitFailure, gitStartError, spawnGit } from '../../git/process.js';
import { COMMIT_MARK, NEWLINE, PLUS } from '../../util/ascii.js';

export interface HistoryLookup {
  /** Secret → a commit (on any ref) whose diff holds it. Secrets absent here were not found. */
  found: Map<string, string>;
  /** False when the time budget ran out before every commit was read. */
  complete: boolean;
  commitsChecked: number;
}

export interface HistoryLookupOptions {
  cwd: string;
  /** Stop reading history after this long; the hook must not hang on a huge repository. */
  budgetMs: number;
}

// A commit mark, a SHA-256 id and its newline, kept across chunks so a mark is never cut.
const MARK_SPAN = 66;

/**
 * The refs that hold the repository's history: branches, tags, remote-tracking branches and HEAD
 * (a detached HEAD mid-rebase). Not `--all`: tools make refs of their own that hold commits nobody
 * made, and a secret in them is not "in history". lint-staged's backup and `git stash` live in
 * refs/stash, `git filter-branch` keeps refs/original/, git-maintenance refs/prefetch/.
 * `--ignore-missing` lets an unborn HEAD (no commit yet) pass as no revision, so no `rev-parse`
 * has to ask first: one git process fewer on a blocked commit.
 */
export const HISTORY_REFS = ['--ignore-missing', '--branches', '--tags', '--remotes', 'HEAD'] as const;

/**
 * Has a value ever been committed, on a branch, tag or HEAD? Any occurrence in `git log -p` means some
 * commit held it, so this is a byte search over git's output, newest commits first, that stops
 * as soon as every value is found. Values are matched here, in memory: `git log -S<value>` would
 * show each secret to every local user in the process list.
 */
export async function findInHistory(secrets: readonly string[], options: HistoryLookupOptions): Promise<HistoryLookup> {
  const lookup: HistoryLookup = { found: new Map(), complete: true, commitsChecked: 0 };
  if (secrets.length === 0) return lookup;
  const child = spawnGit(options.cwd, [
    'log', ...HISTORY_REFS, '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames',
    '--diff-filter=d', // a deleted line was added by an earlier commit, which is read anyway
    '--root', '--no-show-signature', '--format=%x1e%H',
  ]);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  exited.catch(() => undefined); // awaited below unless we stop early
  child.stdin.end();
  const timer = setTimeout(() => {
    lookup.complete = false;
    child.kill();
  }, options.budgetMs);

  const finder = new AddedValueFinder(secrets);
  let stoppedEarly = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (finder.push(chunk)) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    if (stoppedEarly) child.kill();
    lookup.found = finder.found;
    lookup.commitsChecked = finder.commits;
  }
  if (stoppedEarly || !lookup.complete) return lookup;
  const code = await exited;
  // Only a full, successful read proves a value was never committed.
  if (code !== 0) throw gitFailure('history check', Buffer.concat(errors).toString('utf8'));
  return lookup;
}

/**
 * Finds values on the added lines of `git log -p --format=%x1e%H` output, fed in chunks cut
 * anywhere: the tail of each chunk is kept so a value or commit mark split across two is seen.
 */
export class AddedValueFinder {
  readonly found = new Map<string, string>();
  commits = 0;
  private readonly pending: Map<string, Buffer>;
  private readonly keep: number;
  private carry = Buffer.alloc(0);
  // Carry and chunk are joined in one buffer reused across chunks: a fresh 64 KiB per chunk was
  // ~30 ms of page faults for a 4 MB history on this VM, more than the search itself.
  private scratch = Buffer.alloc(0);
  private commit = ''; // the commit whose diff the start of the next buffer belongs to
  private leadLine: number | undefined; // first byte of the line the next buffer starts inside

  constructor(values: readonly string[]) {
    this.pending = new Map(values.map((value) => [value, Buffer.from(value)]));
    this.keep = Math.max(MARK_SPAN, ...[...this.pending.values()].map((bytes) => bytes.length - 1));
  }

  /** Returns true once every value has been found. */
  push(chunk: Buffer): boolean {
    this.commits += countByte(chunk, COMMIT_MARK);
    const buffer = this.joined(chunk);
    for (const [value, bytes] of this.pending) {
      const at = findOnAddedLine(buffer, bytes, this.leadLine);
      if (at === -1) continue;
      this.found.set(value, markBefore(buffer, at) ?? this.commit);
      this.pending.delete(value);
    }
    this.commit = markBefore(buffer, buffer.length) ?? this.commit;
    const carryStart = Math.max(0, buffer.length - this.keep);
    this.leadLine = lineKind(buffer, carryStart, this.leadLine);
    this.carry = Buffer.from(buffer.subarray(carryStart)); // a copy: the scratch is overwritten next
    return this.pending.size === 0;
  }

  private joined(chunk: Buffer): Buffer {
    if (this.carry.length === 0) return chunk;
    const length = this.carry.length + chunk.length;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, 2 * this.scratch.length));
    this.scratch.set(this.carry, 0);
    this.scratch.set(chunk, this.carry.length);
    return this.scratch.subarray(0, length);
  }
}

/**
 * The first occurrence on an added (`+`) line: the commit that added a value is the one to name,
 * not a later one that removed it.
 */
function findOnAddedLine(buffer: Buffer, bytes: Buffer, leadLine: number | undefined): number {
  for (let at = buffer.indexOf(bytes); at !== -1; at = buffer.indexOf(bytes, at + 1)) {
    if (lineKind(buffer, at, leadLine) === PLUS) return at;
  }
  return -1;
}

/** The first byte of the line holding `offset` (`leadLine` when that line began before the buffer). */
function lineKind(buffer: Buffer, offset: number, leadLine: number | undefined): number | undefined {
  const newline = offset > 0 ? buffer.lastIndexOf(NEWLINE, offset - 1) : -1;
  return newline === -1 ? leadLine : buffer[newline + 1];
}

/** The id after the last complete commit mark before `end`, if any. */
function markBefore(buffer: Buffer, end: number): string | undefined {
  if (end <= 0) return undefined; // a negative offset would make lastIndexOf search from the end
  let mark = buffer.lastIndexOf(COMMIT_MARK, end - 1);
  while (mark !== -1) {
    const newline = buffer.indexOf(NEWLINE, mark);
    if (newline !== -1 && newline < end) return buffer.toString('latin1', mark + 1, newline).trim();
    mark = mark === 0 ? -1 : buffer.lastIndexOf(COMMIT_MARK, mark - 1);
  }
  return undefined;
}

function countByte(buffer: Buffer, byte: number): number {
  let count = 0;
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) count++;
  return count;
}
