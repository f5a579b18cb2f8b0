import type { Fragment, ScanNote } from '../../types/index.js';
import { isNotebook } from '../file-kinds.js';
import { gitFailure } from '../../git/process.js';
import { logArgs, spawnLog, type LogArgsOptions, type LogRun } from './log-process.js';
import { adoptPrestartedLog } from './prestart.js';
import { PatchParser, type FilePatch } from './patch.js';
import { GITLINK_MODE, SYMLINK_MODE } from './raw-diff.js';
import { isLfsPointer } from './text.js';

export interface LogOptions extends LogArgsOptions {
  cwd: string;
  /** Names the operation in error messages ("scan --range"). */
  what: string;
}

/** The lines one commit added to one file, joined, with their line numbers in that commit's file. */
export interface AddedText {
  fragment: Fragment & { commit: string };
  /** `lineMap[i]` is the line in the commit's version of the file of the fragment's line i + 1. */
  lineMap: number[];
  /** The fragment's size in UTF-8 bytes (newlines included), for the scan's statistics. */
  bytes: number;
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

/** A `git log` already running: its events, and a way to stop it without reading them. */
export interface RunningLog {
  /** The events of each chunk of git's output, as one batch: one `await` per chunk, not per file. */
  events: AsyncGenerator<LogEvent[]>;
  stop: () => void;
}

/**
 * Starts `git log -p -U0` now and yields, per commit and file, only the added lines. Nothing but
 * the current file's added lines is held, so memory stays flat however long the history is.
 * Breaking out of the loop stops git. Started before the rules compile, git reads its object
 * store while we start up.
 *
 * With `mergeDiffs`, a git older than 2.36 rejects `--remerge-diff` before printing anything; the
 * log is then read again without it. Asking first (`git version`) would cost every scan a spawn.
 */
export function startLog(options: LogOptions): RunningLog {
  const start = (mergeDiffs: boolean | undefined): LogRun => {
    const args = logArgs({ ...options, mergeDiffs });
    return adoptPrestartedLog(options.cwd, args) ?? spawnLog(options.cwd, args);
  };
  let run = start(options.mergeDiffs);
  async function* events(): AsyncGenerator<LogEvent[]> {
    const stderr = yield* readLog(run, options);
    if (stderr === undefined) return;
    if (options.mergeDiffs && REMERGE_UNKNOWN.test(stderr)) {
      run = start(false);
      const retried = yield* readLog(run, options);
      if (retried === undefined) return;
      throw gitFailure(options.what, retried);
    }
    throw gitFailure(options.what, stderr);
  }
  return { events: events(), stop: () => run.child.kill() };
}

/** How git before 2.36 turns `--remerge-diff` down. */
const REMERGE_UNKNOWN = /unrecognized argument: --remerge-diff|unknown option.*remerge-diff/;

/** Reads one `git log` run; returns git's stderr when it failed, undefined when it succeeded. */
async function* readLog({ child, exited, errors, output }: LogRun, options: LogOptions): AsyncGenerator<LogEvent[], string | undefined> {
  const events: LogEvent[] = [];
  const parser = new PatchParser({
    maxAddedBytes: options.maxFileSize,
    joinAdded: true,
    onCommit: (commit) => events.push({ kind: 'commit', commit }),
    onFile: (patch) => {
      const event = toEvent(patch, options.maxFileSize);
      if (event) events.push(event);
    },
  });
  let finished = false;
  try {
    let turn = performance.now();
    for (let chunk = await output.next(); chunk; chunk = await output.next()) {
      parser.write(chunk);
      if (events.length > 0) yield events.splice(0, events.length);
      // The caller scans synchronously between our yields, and while it does no pipe is read:
      // git stops on a full pipe (64 KiB). Giving the event loop a turn every few milliseconds
      // drains it into the queue, so git keeps writing while we scan.
      if (performance.now() - turn > EVENT_LOOP_TURN_MS) {
        await new Promise((resolvePromise) => setImmediate(resolvePromise));
        turn = performance.now();
      }
    }
    parser.end();
    if (events.length > 0) yield events.splice(0, events.length);
    finished = true;
  } finally {
    if (!finished) child.kill();
  }
  const code = await exited;
  return code === 0 ? undefined : Buffer.concat(errors).toString('utf8');
}

const EVENT_LOOP_TURN_MS = 4;

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
  const lineMap = patch.addedLines ?? [];
  if (lineMap.length === 0) return undefined;
  const text = patch.addedText ?? '';
  if (patch.isNew && isLfsPointer(text)) return { kind: 'skipped', commit, path, reason: 'lfs-pointer' };
  // addedBytes counts a newline per line; the joined text has one fewer.
  return { kind: 'added', added: { fragment: { path, text, commit }, lineMap, bytes: patch.addedBytes - 1 } };
}
