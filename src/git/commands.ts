/**
 * Command-style git calls (rev-parse, ls-files, status, add, rm --cached, check-ignore, remote,
 * symbolic-ref, one-shot log/rev-list/ls-tree) through simple-git. simple-git is imported on the
 * first call, so a command that never asks such a question (`scan --staged`, the hook) never
 * loads it: its bundle costs ~20 ms to load, a tenth of the hook's budget (ARCHITECTURE.md, "Git").
 * Streaming reads (`git log -p`, `git diff --cached -p`, `cat-file --batch`) stay raw pipes in
 * ./process.ts, and the index edits inside migrate's apply stay synchronous in ./sync.ts.
 */
import type { SimpleGit, SimpleGitOptions } from 'simple-git';
import { LeakguardError } from '../util/errors.js';
import { gitFailure, gitStartError } from './process.js';

export interface CommandRun {
  /** git's exit status; a run that could not start has thrown instead. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** The environment git runs in; the caller's own by default (GIT_INDEX_FILE, GIT_DIR...). */
  env?: NodeJS.ProcessEnv;
  /** Written to git's standard input (`--stdin` lists: paths, commit ids, never a secret). */
  input?: string;
}

/**
 * simple-git guards against untrusted callers: it drops every ambient GIT_* variable and refuses
 * environments or arguments that could run programs (GIT_SSH_COMMAND, a pager, an fsmonitor...).
 * leakguard is not that caller: its arguments are fixed, paths come after `--` (or on stdin) and
 * the environment is the user's own, which git must see as it would from their shell. So every
 * variable passes through and every category is allowed, exactly as a raw spawn behaves.
 */
const TRUSTED_CALLER: SimpleGitOptions['unsafe'] = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeCommandBinaries: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeEditor: true,
  allowUnsafeExec: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGitProxy: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeHooksPath: true,
  allowUnsafeInclude: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePack: true,
  allowUnsafePager: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafeSshCommand: true,
  allowUnsafeSubmodule: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeUrlRewrite: true,
};

// The same ceiling the synchronous calls had (spawnSync's maxBuffer): past it the answer is a failure.
export const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

type SimpleGitFactory = (options: Partial<SimpleGitOptions>) => SimpleGit;
let factory: Promise<SimpleGitFactory> | undefined;

function loadSimpleGit(): Promise<SimpleGitFactory> {
  factory ??= import('simple-git').then((module) => module.simpleGit);
  return factory;
}

/**
 * Runs one git command to completion. Resolves with the exit status whatever it is (callers
 * decide what a non-zero status means); rejects with a one-line LeakguardError only when git
 * cannot be started (not on PATH, the directory is gone).
 */
export async function gitCommand(cwd: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandRun> {
  const simpleGit = await loadSimpleGit();
  const env = options.env ?? process.env;
  let outcome: { code: number; stderr: string; startError?: Error } | undefined;
  let git: SimpleGit;
  try {
    git = simpleGit({
      baseDir: cwd,
      allowEnvironment: Object.keys(env),
      unsafe: TRUSTED_CALLER,
      ...(options.input === undefined ? {} : { input: () => options.input }),
      // Called once per run with git's exit status; returning undefined keeps simple-git from
      // turning a meaningful status (check-ignore's 1, rev-parse --verify's 1) into a rejection.
      errors: (error, result) => {
        const stderr = Buffer.concat(result.stdErr).toString('utf8');
        const startError = error instanceof Error && result.exitCode < 0 ? error : undefined;
        outcome = { code: result.exitCode, stderr, ...(startError ? { startError } : {}) };
        return undefined;
      },
    }).env(env);
  } catch (error) {
    // simple-git checks the directory before spawning (spawn would fail there too, as ENOENT).
    const message = (error as Error).message;
    throw new LeakguardError(`cannot run git in ${cwd}: ${/does not exist/.test(message) ? 'no such directory' : message.split('\n')[0]}`);
  }
  let stdout: string;
  try {
    stdout = await git.raw([...args]);
  } catch (error) {
    if (outcome?.startError) throw gitStartError(startErrno(outcome.startError));
    throw new LeakguardError(`cannot run git: ${((error as Error).message.split('\n')[0] ?? '').trim()}`);
  }
  if (!outcome) return { code: 0, stdout, stderr: '' };
  if (outcome.startError) throw gitStartError(startErrno(outcome.startError));
  if (Buffer.byteLength(stdout) > MAX_OUTPUT_BYTES) return { code: 1, stdout: '', stderr: `fatal: git printed more than ${MAX_OUTPUT_BYTES} bytes` };
  return { code: outcome.code, stdout, stderr: outcome.stderr };
}

/** Like gitCommand, but a non-zero exit becomes git's first error line, naming `what`. */
export async function gitCommandOutput(cwd: string, args: readonly string[], what: string, options: CommandOptions = {}): Promise<string> {
  const run = await gitCommand(cwd, args, options);
  if (run.code !== 0) throw gitFailure(what, run.stderr);
  return run.stdout;
}

/** simple-git reports a failed spawn as an Error whose message carries the errno name. */
function startErrno(error: Error): NodeJS.ErrnoException {
  const errno = /\b(E[A-Z]+)\b/.exec(error.message)?.[1];
  return Object.assign(new Error(error.message.replace(/^Error:\s*/, '')), errno ? { code: errno } : {});
}

export interface GitAnswer {
  /** git's exit status, or -1 when git could not be started. */
  status: number;
  stdout: string;
}

/**
 * A question whose answer may be "no answer": git missing, or the directory not a repository,
 * degrades to status -1 or git's own non-zero status instead of an error. `check` and migrate's
 * planning ask their questions this way.
 */
export async function gitAnswer(cwd: string, args: readonly string[], options: CommandOptions = {}): Promise<GitAnswer> {
  try {
    const run = await gitCommand(cwd, args, options);
    return { status: run.code, stdout: run.stdout };
  } catch {
    return { status: -1, stdout: '' };
  }
}

/**
 * Tracked paths as `ls-files --full-name` prints them: relative to the repository's top level,
 * `/`-separated. `underCwd` keeps only those under the directory git runs in. Empty when git
 * cannot answer.
 */
export async function trackedPaths(cwd: string, options: CommandOptions & { underCwd?: boolean } = {}): Promise<string[]> {
  const { underCwd, ...command } = options;
  const answer = await gitAnswer(cwd, ['ls-files', '-z', '--cached', '--full-name', ...(underCwd ? ['--', '.'] : [])], command);
  if (answer.status !== 0) return [];
  return answer.stdout.split('\0').filter((path) => path.length > 0);
}
