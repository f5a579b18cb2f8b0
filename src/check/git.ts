/**
 * The few git questions `check` asks, as command-style simple-git calls (src/git/commands.ts).
 * When git is missing or the directory is not a repository the answers degrade to "no
 * repository" instead of failing.
 */
import { gitAnswer, trackedPaths } from '../git/commands.js';

export interface GitRunner {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const git = (runner: GitRunner, args: string[]): ReturnType<typeof gitAnswer> => gitAnswer(runner.cwd, args, { env: runner.env });

/** Absolute top-level directory of the work tree, or undefined outside a repository. */
export async function repositoryRoot(runner: GitRunner): Promise<string | undefined> {
  const output = await git(runner, ['rev-parse', '--show-toplevel']);
  const root = output.stdout.trim();
  return output.status === 0 && root ? root : undefined;
}

/** Tracked paths, relative to the repository root, `/`-separated. */
export async function trackedFiles(runner: GitRunner): Promise<string[]> {
  return trackedPaths(runner.cwd, { env: runner.env });
}

export async function isTracked(runner: GitRunner, path: string): Promise<boolean> {
  return (await git(runner, ['ls-files', '--error-unmatch', '--', path])).status === 0;
}

/**
 * `git check-ignore` exits 0 when ignored, 1 when not, 128 on error. `--no-index` so a tracked
 * file is still judged by the patterns (tracked-ness is reported separately).
 */
export async function isIgnored(runner: GitRunner, path: string): Promise<boolean | undefined> {
  const status = (await git(runner, ['check-ignore', '-q', '--no-index', '--', path])).status;
  return status === 0 ? true : status === 1 ? false : undefined;
}
