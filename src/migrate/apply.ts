/**
 * The only module that writes. `.env` first (so a value is on disk before any file stops holding
 * it), then everything else, each file atomically: a temp file in the same directory, the mode
 * copied, then rename. Any failure restores every file already written from the in-memory
 * backups, removes files and directories we created, and re-adds untracked paths to the index.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MigrationPlan, PlannedWrite } from './plan.js';
import { retrack, untrack, type GitRepo } from './git.js';

export interface ApplyOptions {
  root: string;
  repo: GitRepo | undefined;
  /**
   * Test hook: fail after this many writes, to prove the rollback. Read from
   * LEAKGUARD_TEST_FAIL_AFTER_WRITES by the caller; nothing else reads it.
   */
  failAfterWrites?: number;
}

export interface ApplyResult {
  written: string[];
  /** createOnly files that appeared on disk since planning and were left alone. */
  skipped: string[];
  untracked: string[];
}

interface Backup {
  path: string;
  /** Original bytes, or undefined when we created the file. */
  bytes: Buffer | undefined;
  mode: number | undefined;
}

export class ApplyError extends Error {
  constructor(
    message: string,
    readonly restored: boolean,
  ) {
    super(message);
  }
}

export function applyPlan(plan: MigrationPlan, options: ApplyOptions): ApplyResult {
  const backups: Backup[] = [];
  const createdDirs: string[] = [];
  const result: ApplyResult = { written: [], skipped: [], untracked: [] };
  let writes = 0;
  try {
    for (const write of orderWrites(plan.writes)) {
      const absolute = join(options.root, write.path);
      const exists = existsSync(absolute);
      if (write.createOnly && exists) {
        result.skipped.push(write.path);
        continue;
      }
      if (exists && lstatSync(absolute).isSymbolicLink()) throw new Error(`${write.path} became a symbolic link`);
      const current = exists ? readFileSync(absolute) : undefined;
      if (write.before !== undefined && (current === undefined || !current.equals(encode(write.before, write.encoding)))) {
        throw new Error(`${write.path} changed on disk while migrate was running`);
      }
      if (write.before === undefined && current !== undefined && !write.createOnly) throw new Error(`${write.path} appeared on disk while migrate was running`);
      const mode = exists ? lstatSync(absolute).mode & 0o7777 : undefined;
      backups.push({ path: absolute, bytes: current, mode });
      createdDirs.push(...ensureDir(dirname(absolute)));
      writeAtomic(absolute, encode(write.after, write.encoding), write.mode ?? mode ?? 0o644);
      result.written.push(write.path);
      writes++;
      if (options.failAfterWrites !== undefined && writes >= options.failAfterWrites) throw new Error(`injected failure after ${writes} writes`);
    }
    if (options.repo && plan.untrack.length > 0) {
      untrack(options.repo, plan.untrack);
      result.untracked.push(...plan.untrack);
    }
    return result;
  } catch (error) {
    const restored = rollback(backups, createdDirs);
    if (options.repo && result.untracked.length > 0) retrack(options.repo, result.untracked);
    const message = (error as Error).message.split('\n')[0] ?? 'write failed';
    throw new ApplyError(restored ? `${message}; every file was restored` : `${message}; some files could not be restored`, restored);
  }
}

/** `.env` first, then the replace-text file, then sources, generated files, templates, ignores. */
function orderWrites(writes: readonly PlannedWrite[]): PlannedWrite[] {
  const rank: Record<PlannedWrite['kind'], number> = { env: 0, 'replace-text': 1, source: 2, generated: 3, template: 4, ignore: 5 };
  return [...writes].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

function encode(text: string, encoding: PlannedWrite['encoding']): Buffer {
  return Buffer.from(text, encoding);
}

function writeAtomic(absolute: string, bytes: Buffer, mode: number): void {
  const temp = join(dirname(absolute), `.${absolute.slice(dirname(absolute).length + 1)}.leakguard-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode, flag: 'wx' });
    chmodSync(temp, mode); // the umask may have narrowed the mode given to open()
    renameSync(temp, absolute);
  } catch (error) {
    if (existsSync(temp)) unlinkSync(temp);
    throw error;
  }
}

/** Creates missing directories; returns the ones it created, deepest last. */
function ensureDir(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) missing.unshift(current);
  if (missing.length > 0) mkdirSync(dir, { recursive: true });
  return missing;
}

function rollback(backups: Backup[], createdDirs: string[]): boolean {
  let ok = true;
  for (const backup of [...backups].reverse()) {
    try {
      if (backup.bytes === undefined) {
        if (existsSync(backup.path)) unlinkSync(backup.path);
      } else {
        writeAtomic(backup.path, backup.bytes, backup.mode ?? 0o644);
      }
    } catch {
      ok = false;
    }
  }
  for (const dir of [...createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty: something else lives there now
    }
  }
  return ok;
}
