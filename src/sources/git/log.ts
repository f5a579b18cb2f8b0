import type { Fragment, ScanNote } from '../../types/index.js';
import { isNotebook } from '../file-kinds.js';
import { STABLE_PATCH_ARGS, configArgs, gitFailure, gitStartError, readLines, spawnGit } from '../../git/process.js';
import { PatchParser, type FilePatch } from './patch.js';
import { GITLINK_MODE, SYMLINK_MODE } from './raw-diff.js';
import { isLfsPointer, joinLines } from './text.js';

export interface LogOptions {
  cwd: string;
  /** Options and revisions selecting the commits: `['--all']`, `['--end-of-options', 'A..B']`. */
  revisions: readonly string[];
  maxFileSize: number;
  /** Parents after all their children, so the last sighting of a line is its oldest. */
  topoOrder?: boolean;
  /** Names the operation in error messages ("scan --range"). */
  what: string;
  /**
   * Also read what merge commits add beyond the automatic merge (`--remerge-diff`, git 2.36+):
   * a credential typed while resolving a conflict exists in no parent's diff.
   */
  mergeDiffs?: boolean;
}

/** The lines one commit added to one file, joined, with their line numbers in that commit's file. */
export interface AddedText {
  fragment: Fragment & { commit: string };
  /** `lineMap[i]` is the line in the commit's version of the file of the fragment's line i + 1. */
  lineMap: number[];
}

/**
 * A file whose added lines git did not print: a binary patch (NUL bytes, a `binary` or `-diff`
 * attribute, over core.bigFileThreshold) or a notebook over the added-text limit. The caller
 * reads the blobs and scans what the new one holds beyond the old one.
 */
export interface BlobChange {
  commit: string;
  path: string;
  newBlob: string;
  /** Absent for a new file. */
  oldBlob?: string;
}

export type LogEvent =
  | { kind: 'commit'; commit: string }
  | { kind: 'added'; added: AddedText }
  | { kind: 'blob'; change: BlobChange }
  | { kind: 'skipped'; commit: string; path: string; reason: ScanNote['reason']; detail?: string };

/**
 * Streams `git log -p -U0` and yields, per commit and file, only the added lines. Nothing but the
 * current file's added lines is held, so memory stays flat however long the history is. Breaking
 * out of the loop stops git.
 */
export async function* streamLog(options: LogOptions): AsyncGenerator<LogEvent> {
  const args = [
    ...configArgs(options.maxFileSize),
    'log',
    '-p',
    ...STABLE_PATCH_ARGS,
    '--root',
    '--no-show-signature',
    '--format=%x1e%H', // COMMIT_MARK, then the commit id
    ...(options.topoOrder ? ['--topo-order'] : []),
    ...(options.mergeDiffs ? ['--remerge-diff'] : []),
    ...options.revisions,
    '--',
  ];
  const child = spawnGit(options.cwd, args);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  exited.catch(() => undefined); // observed below; avoid an unhandled rejection if we stop early
  child.stdin.end();

  const queue: LogEvent[] = [];
  const parser = new PatchParser({
    maxAddedBytes: options.maxFileSize,
    onCommit: (commit) => queue.push({ kind: 'commit', commit }),
    onFile: (patch) => {
      const event = toEvent(patch, options.maxFileSize);
      if (event) queue.push(event);
    },
  });
  let finished = false;
  try {
    for await (const line of readLines(child.stdout)) {
      parser.line(line);
      while (queue.length > 0) yield queue.shift()!;
    }
    parser.end();
    while (queue.length > 0) yield queue.shift()!;
    finished = true;
  } finally {
    if (!finished) child.kill();
  }
  const code = await exited;
  if (code !== 0) throw gitFailure(options.what, Buffer.concat(errors).toString('utf8'));
}

const NULL_BLOB = /^0+$/;

function toEvent(patch: FilePatch, maxFileSize: number): LogEvent | undefined {
  const path = patch.newPath;
  const commit = patch.commit;
  if (path === null || commit === null) return undefined;
  if (patch.newMode === GITLINK_MODE || patch.newMode === SYMLINK_MODE) return undefined;
  if (patch.binary || (patch.truncated && isNotebook(path))) {
    if (!patch.newBlob || NULL_BLOB.test(patch.newBlob)) {
      return { kind: 'skipped', commit, path, reason: 'unreadable', detail: `no blob id in ${commit.slice(0, 7)}` };
    }
    const change: BlobChange = { commit, path, newBlob: patch.newBlob };
    if (!patch.isNew && patch.oldBlob && !NULL_BLOB.test(patch.oldBlob)) change.oldBlob = patch.oldBlob;
    return { kind: 'blob', change };
  }
  if (patch.truncated) {
    return { kind: 'skipped', commit, path, reason: 'too-large', detail: `${commit.slice(0, 7)} added more than ${maxFileSize} bytes (maxFileSize)` };
  }
  if (patch.added.length === 0) return undefined;
  const text = joinLines(patch.added);
  if (patch.isNew && isLfsPointer(text)) return { kind: 'skipped', commit, path, reason: 'lfs-pointer' };
  return { kind: 'added', added: { fragment: { path, text, commit }, lineMap: patch.added.map((line) => line.line) } };
}
