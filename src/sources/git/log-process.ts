import { STABLE_PATCH_ARGS, configArgs, gitStartError, spawnGit } from '../../git/process.js';

/**
 * The `git log -p` process of a history scan, apart from the parser: its arguments, its start
 * and its read-ahead. Kept free of the parser and the scanner so the launcher can start git
 * before they load (prestart.ts).
 */

export interface LogArgsOptions {
  /** Options and revisions selecting the commits: `['--all']`, `['--end-of-options', 'A..B']`. */
  revisions: readonly string[];
  maxFileSize: number;
  /** Parents after all their children, so the last sighting of a line is its oldest. */
  topoOrder?: boolean;
  /**
   * Also read what merge commits add beyond the automatic merge (`--remerge-diff`, git 2.36+):
   * a credential typed while resolving a conflict exists in no parent's diff.
   */
  mergeDiffs?: boolean;
}

export function logArgs(options: LogArgsOptions): string[] {
  return [
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
}

export interface LogRun {
  child: ReturnType<typeof spawnGit>;
  exited: Promise<number>;
  errors: Buffer[];
  output: OutputQueue;
}

/**
 * On a pipe git flushes its output after every commit (GIT_FLUSH unset): thousands of small
 * writes, each waking us for a few hundred bytes. Fully buffered, it writes 4 KiB blocks.
 */
const LOG_ENV = { GIT_FLUSH: '0' };

export function spawnLog(cwd: string, args: readonly string[]): LogRun {
  const child = spawnGit(cwd, args, LOG_ENV);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  exited.catch(() => undefined); // observed by the reader; avoid an unhandled rejection if we stop early
  child.stdin.end();
  return { child, exited, errors, output: new OutputQueue(child.stdout) };
}

// git's output read ahead of the parser is capped, so memory stays flat when the scan is slower.
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/**
 * A child's stdout read as fast as it arrives, whatever the consumer is doing, up to
 * MAX_QUEUED_BYTES ahead of it (then the stream is paused and git waits, as on a full pipe).
 */
export class OutputQueue {
  private readonly chunks: Buffer[] = [];
  private head = 0;
  private queued = 0;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly maxQueued = MAX_QUEUED_BYTES,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued > this.maxQueued) stream.pause();
      this.wake?.();
    });
    // 'close' also follows a failed spawn, which never ends the stream.
    stream.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  /** The next chunk, or undefined once the stream has closed and everything was read. */
  async next(): Promise<Buffer | undefined> {
    while (this.head === this.chunks.length) {
      if (this.closed) return undefined;
      await new Promise<void>((resolvePromise) => (this.wake = resolvePromise));
      this.wake = undefined;
    }
    const chunk = this.chunks[this.head]!;
    this.chunks[this.head++] = EMPTY;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    }
    this.queued -= chunk.length;
    if (this.stream.isPaused() && this.queued <= this.maxQueued / 2) this.stream.resume();
    return chunk;
  }
}

const EMPTY = Buffer.alloc(0);
