import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { LeakguardError } from '../util/errors.js';

/**
 * Every git call leakguard makes goes through here. Children inherit the environment on purpose:
 * during `git commit -a` or `git commit <path>` git hands its hooks a temporary index through
 * GIT_INDEX_FILE, and reading any other index would scan the wrong thing.
 */

/**
 * Settings that change what `git diff`/`git log` print, pinned so a user's config cannot move
 * our parser's ground: prefixes, colour, external diff drivers, relative paths, signatures.
 */
export const STABLE_PATCH_ARGS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--submodule=short',
  '--full-index',
  '--inter-hunk-context=0',
  '-U0',
  '-M',
] as const;

/** `git -c core.bigFileThreshold=N`: files above our size limit print as binary, not as text. */
export function configArgs(maxFileSize: number): string[] {
  return ['-c', `core.bigFileThreshold=${maxFileSize}`, '-c', 'core.quotePath=true'];
}

/** `env`: variables set on top of ours (never instead: see above). */
export function spawnGit(cwd: string, args: readonly string[], env?: Readonly<Record<string, string>>): ChildProcessWithoutNullStreams {
  return spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, ...(env ? { env: { ...process.env, ...env } } : {}) });
}

export interface GitRun {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git to completion; `input` goes to stdin. Rejects only when git cannot be started. */
export function runGit(cwd: string, args: readonly string[], input?: string): Promise<GitRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnGit(cwd, args);
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) =>
      resolvePromise({ stdout: Buffer.concat(chunks), stderr: Buffer.concat(errors).toString('utf8'), code: code ?? 1 }),
    );
    child.stdin.on('error', () => undefined); // git may exit before reading all input
    child.stdin.end(input ?? '');
  });
}

/** Like runGit, but a non-zero exit becomes a one-line LeakguardError naming `what`. */
export async function gitOutput(cwd: string, args: readonly string[], what: string, input?: string): Promise<Buffer> {
  const run = await runGit(cwd, args, input);
  if (run.code !== 0) throw gitFailure(what, run.stderr);
  return run.stdout;
}

export function gitStartError(error: NodeJS.ErrnoException): LeakguardError {
  if (error.code === 'ENOENT') return new LeakguardError('git was not found on PATH; install git or add it to PATH');
  return new LeakguardError(`cannot run git: ${error.message}`);
}

/** git's own first error line, without its "fatal: " prefix: it names the bad revision or path. */
export function gitFailure(what: string, stderr: string): LeakguardError {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const fatal = lines.find((line) => line.startsWith('fatal:')) ?? lines[0] ?? 'git failed';
  const message = fatal.replace(/^(fatal|error):\s*/, '');
  // Outside a repository `git diff` falls back to --no-index mode and rejects --cached.
  if (/not a git repository/i.test(message) || stderr.includes('--no-index')) {
    return new LeakguardError(`${what}: not inside a git repository (run it from a clone, or use leakguard scan for plain files)`);
  }
  return new LeakguardError(`${what}: ${message}`);
}

export interface GitLineStream {
  /** git's standard output, one line at a time (UTF-8, without `\n`). */
  lines: AsyncGenerator<string>;
  /** Settles once git has exited: its status and standard error; rejects if git could not start. */
  exited: Promise<{ code: number; stderr: string }>;
}

/**
 * Streams a long git output (`git log -p` over every ref) line by line, so memory stays flat
 * however large the history. Read `lines` to the end before awaiting `exited`.
 */
export function gitLines(cwd: string, args: readonly string[]): GitLineStream {
  const child = spawnGit(cwd, args);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<{ code: number; stderr: string }>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stderr: Buffer.concat(errors).toString('utf8') }));
  });
  // A start failure also surfaces through `lines` (the stream just ends); keep it from being unhandled.
  exited.catch(() => undefined);
  child.stdin.end();
  return { lines: readLines(child.stdout), exited };
}

/** Splits a byte stream into lines (without `\n`), decoding each line as UTF-8. */
export async function* readLines(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  // Pieces of a line that spans chunks; joined once, so a long line costs linear time.
  let pending: Buffer[] = [];
  for await (const chunk of stream) {
    let start = 0;
    let newline = chunk.indexOf(0x0a);
    while (newline !== -1) {
      if (pending.length > 0) {
        pending.push(chunk.subarray(start, newline));
        yield Buffer.concat(pending).toString('utf8');
        pending = [];
      } else {
        yield chunk.toString('utf8', start, newline);
      }
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending).toString('utf8');
}
