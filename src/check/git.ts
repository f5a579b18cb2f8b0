/**
 * The few git questions `check` asks. Each is one short `git` process; when git is missing or
 * the directory is not a repository the answers degrade to "no repository" instead of failing.
 */
import { spawnSync } from 'node:child_process';

export interface GitRunner {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

interface GitOutput {
  status: number | null;
  stdout: string;
}

function git(runner: GitRunner, args: string[]): GitOutput {
  const result = spawnSync('git', args, {
    cwd: runner.cwd,
    env: runner.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.error) return { status: null, stdout: '' };
  return { status: result.status, stdout: result.stdout };
}

/** Absolute top-level directory of the work tree, or undefined outside a repository. */
export function repositoryRoot(runner: GitRunner): string | undefined {
  const output = git(runner, ['rev-parse', '--show-toplevel']);
  const root = output.stdout.trim();
  return output.status === 0 && root ? root : undefined;
}

/** Tracked paths, relative to the repository root, `/`-separated. */
export function trackedFiles(runner: GitRunner): string[] {
  const output = git(runner, ['ls-files', '-z', '--cached', '--full-name']);
  if (output.status !== 0) return [];
  return output.stdout.split('\0').filter(Boolean);
}

export function isTracked(runner: GitRunner, path: string): boolean {
  return git(runner, ['ls-files', '--error-unmatch', '--', path]).status === 0;
}

/**
 * `git check-ignore` exits 0 when ignored, 1 when not, 128 on error. `--no-index` so a tracked
 * file is still judged by the patterns (tracked-ness is reported separately).
 */
export function isIgnored(runner: GitRunner, path: string): boolean | undefined {
  const status = git(runner, ['check-ignore', '-q', '--no-index', '--', path]).status;
  return status === 0 ? true : status === 1 ? false : undefined;
}
