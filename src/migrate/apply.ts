/**
 * The only module that writes. The order is what keeps an interrupted run safe:
 *
 *   1. ignore rules (.gitignore, .dockerignore): before any file that holds a value exists, so a
 *      `kill -9` at any later point never leaves `.env` or `.leakguard/` visible to `git add`;
 *   2. the journal (`.leakguard/migrate-journal.json`, mode 600, inside the now-ignored directory):
 *      the whole plan, so a re-run after a crash finishes exactly this plan instead of re-planning
 *      from a half-rewritten tree;
 *   3. `.env` (a value is on disk before any file stops holding it), the replace-text file,
 *      sources, generated modules, templates; then `git rm --cached`; then the journal goes.
 *
 * Each file is written atomically: a temp file in the same directory named `<name>.leakguard-<hex>.tmp`
 * (for `.env` that is `.env.leakguard-….tmp`, which `.env.*` ignores), the mode set, then rename.
 * Temp files a killed run left behind are removed by the next run. Any failure restores every
 * file already written from the in-memory backups, removes files and directories we created, and
 * re-adds untracked paths to the index. Everything here is synchronous, so a SIGINT or SIGTERM
 * (handled by the CLI) is delivered only once the apply has finished or rolled back.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MigrationPlan, PlannedWrite } from './plan.js';
import { retrack, trackedAmong, untrack, type GitRepo } from './git.js';

export interface ApplyOptions {
  root: string;
  repo: GitRepo | undefined;
  /**
   * Test hook: fail after this many writes, to prove the rollback. Read from
   * LEAKGUARD_TEST_FAIL_AFTER_WRITES by the caller; nothing else reads it.
   */
  failAfterWrites?: number;
  /**
   * Finishing a journal left by an interrupted run: a file that already has its planned text
   * counts as written; any other file must still hold its planned `before`.
   */
  resume?: boolean;
  /** Test hook: called after each temp file is written (`tmp`) and after each rename (`done`). */
  onProgress?: (event: { writes: number; phase: 'tmp' | 'done' }) => void;
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

/** Where an apply in progress keeps its plan (inside `.leakguard/`, which the ignore rules cover). */
export const JOURNAL_PATH = '.leakguard/migrate-journal.json';

/** The plan an interrupted run left, or undefined when there is none (or it is unreadable). */
export function readJournal(root: string): MigrationPlan | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(root, JOURNAL_PATH), 'utf8')) as { version?: number; plan?: MigrationPlan };
    return parsed.version === 1 && parsed.plan && Array.isArray(parsed.plan.writes) ? parsed.plan : undefined;
  } catch {
    return undefined;
  }
}

export function applyPlan(plan: MigrationPlan, options: ApplyOptions): ApplyResult {
  const backups: Backup[] = [];
  const createdDirs: string[] = [];
  const result: ApplyResult = { written: [], skipped: [], untracked: [] };
  let writes = 0;
  const progress = (phase: 'tmp' | 'done'): void => options.onProgress?.({ writes, phase });
  const ordered = orderWrites(plan.writes);
  removeStaleTemps(options.root, [...ordered.map((write) => write.path), JOURNAL_PATH]);
  const journal = journalWrite(plan, options.root);
  const firstAfterIgnores = ordered.findIndex((write) => write.kind !== 'ignore');
  const steps = firstAfterIgnores === -1 ? [...ordered, journal] : [...ordered.slice(0, firstAfterIgnores), journal, ...ordered.slice(firstAfterIgnores)];
  try {
    progress('done');
    for (const write of steps) {
      const absolute = join(options.root, write.path);
      const exists = existsSync(absolute);
      if (exists && lstatSync(absolute).isSymbolicLink()) throw new Error(`${write.path} became a symbolic link`);
      const current = exists ? readFileSync(absolute) : undefined;
      const mode = exists ? lstatSync(absolute).mode & 0o7777 : undefined;
      if (options.resume && write !== journal && current !== undefined && current.equals(encode(write.after, write.encoding)) && (write.mode === undefined || write.mode === mode)) {
        result.written.push(write.path);
        continue;
      }
      if (write.createOnly && exists) {
        result.skipped.push(write.path);
        continue;
      }
      if (write !== journal) {
        if (write.before !== undefined && (current === undefined || !current.equals(encode(write.before, write.encoding)))) {
          throw new Error(`${write.path} changed on disk while migrate was running`);
        }
        if (write.before === undefined && current !== undefined) throw new Error(`${write.path} appeared on disk while migrate was running`);
      }
      backups.push({ path: absolute, bytes: current, mode });
      createdDirs.push(...ensureDir(dirname(absolute)));
      writeAtomic(absolute, encode(write.after, write.encoding), write.mode ?? mode ?? 0o644, () => progress('tmp'));
      if (write !== journal) result.written.push(write.path);
      writes++;
      progress('done');
      if (options.failAfterWrites !== undefined && writes >= options.failAfterWrites) throw new Error(`injected failure after ${writes} writes`);
    }
    if (options.repo && plan.untrack.length > 0) {
      const stillTracked = options.resume ? trackedAmong(options.repo, plan.untrack) : plan.untrack;
      untrack(options.repo, stillTracked);
      result.untracked.push(...stillTracked);
    }
    unlinkSync(join(options.root, JOURNAL_PATH));
    return result;
  } catch (error) {
    const restored = rollback(backups, createdDirs);
    if (options.repo && result.untracked.length > 0) retrack(options.repo, result.untracked);
    const message = (error as Error).message.split('\n')[0] ?? 'write failed';
    throw new ApplyError(restored ? `${message}; every file was restored` : `${message}; some files could not be restored`, restored);
  }
}

/** Ignore rules first, then `.env`, the replace-text file, sources, generated files, templates. */
function orderWrites(writes: readonly PlannedWrite[]): PlannedWrite[] {
  const rank: Record<PlannedWrite['kind'], number> = { ignore: 0, env: 1, 'replace-text': 2, source: 3, generated: 4, template: 5 };
  return [...writes].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

function journalWrite(plan: MigrationPlan, root: string): PlannedWrite {
  const before = existsSync(join(root, JOURNAL_PATH)) ? readFileSync(join(root, JOURNAL_PATH), 'utf8') : undefined;
  return { path: JOURNAL_PATH, before, after: `${JSON.stringify({ version: 1, plan })}\n`, kind: 'replace-text', encoding: 'utf8', mode: 0o600 };
}

const TEMP_NAME = /\.leakguard-[0-9a-f]{8}\.tmp$/;

function tempPath(absolute: string): string {
  return `${absolute}.leakguard-${randomBytes(4).toString('hex')}.tmp`;
}

/** Temp files a killed run left next to the files this plan writes. */
function removeStaleTemps(root: string, paths: readonly string[]): void {
  for (const dir of new Set(paths.map((path) => dirname(join(root, path))))) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (TEMP_NAME.test(name)) unlinkSync(join(dir, name));
  }
}

function encode(text: string, encoding: PlannedWrite['encoding']): Buffer {
  return Buffer.from(text, encoding);
}

function writeAtomic(absolute: string, bytes: Buffer, mode: number, written?: () => void): void {
  const temp = tempPath(absolute);
  try {
    writeFileSync(temp, bytes, { mode, flag: 'wx' });
    chmodSync(temp, mode); // the umask may have narrowed the mode given to open()
    written?.();
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
