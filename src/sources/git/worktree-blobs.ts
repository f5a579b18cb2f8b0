import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { lazyCrypto } from '../../util/lazy-builtins.js';
import { readRegularFile } from '../../util/safe-read.js';

/** A staged blob to look for in the work tree. */
export interface WantedBlob {
  id: string;
  /** Repository-relative path, as `git diff --raw` prints it. */
  path: string;
  /** Read no more than this (the scan's limit for that path). */
  maxBytes: number;
}

/**
 * Staged blobs taken from the work tree instead of `git cat-file`: usually the file on disk is
 * exactly what was staged (`git add`, `commit -a`, lint-staged hides unstaged edits), and one git
 * process fewer is 15–20 ms of a hook that should cost about one Node start-up. A file is used
 * only when its bytes hash to the staged blob's id, as git itself would compute it, so partial
 * staging, clean/smudge filters, CRLF conversion or a wrong guess of the work tree's root can
 * only cost a fallback to git, never a scan of the wrong content. Returns id → bytes for the hits.
 */
export function readBlobsFromWorkTree(root: string | undefined, wanted: readonly WantedBlob[]): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  if (root === undefined) return found;
  for (const blob of wanted) {
    if (found.has(blob.id)) continue;
    // Never a FIFO, device or anything larger than the limit: git reports those sizes itself.
    const read = readRegularFile(join(root, blob.path), blob.maxBytes);
    if (read.kind === 'ok' && gitBlobId(read.data, blob.id.length) === blob.id) found.set(blob.id, read.data);
  }
  return found;
}

/** The id git gives a blob holding `data`: SHA-1 (40 hex digits) or, in a SHA-256 repository, SHA-256. */
export function gitBlobId(data: Buffer, hexLength: number): string | undefined {
  const algorithm = hexLength === 40 ? 'sha1' : hexLength === 64 ? 'sha256' : undefined;
  if (algorithm === undefined) return undefined;
  return lazyCrypto().createHash(algorithm).update(`blob ${data.length}\0`).update(data).digest('hex');
}

/**
 * Where the work tree probably starts, without asking git (another process): GIT_WORK_TREE, the
 * current directory when GIT_DIR is set alone (git's own rule), else the nearest directory at or
 * above `cwd` holding `.git` (a directory, or a file in a linked worktree or submodule). A wrong
 * guess is harmless: no file there hashes to the staged ids.
 */
export function guessWorkTreeRoot(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const workTree = env['GIT_WORK_TREE'];
  if (workTree) return resolve(cwd, workTree);
  if (env['GIT_DIR']) return resolve(cwd);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
