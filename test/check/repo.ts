/**
 * Throw-away repositories and homes for `check` tests. The environment handed to `check` is
 * built from scratch (PATH and the temp HOME only), so the developer's own HF_TOKEN, ~/.netrc or
 * git config can never leak into a result.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/io.js';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leakguard.js');

export interface Sandbox {
  /** The repository (or plain directory) under test. */
  root: string;
  /** The fake home directory. */
  home: string;
  env: NodeJS.ProcessEnv;
  write: (path: string, content: string, mode?: number) => string;
  writeHome: (path: string, content: string, mode?: number) => string;
  git: (...args: string[]) => string;
}

export function sandbox(options: { git?: boolean } = {}): Sandbox {
  // realpath: macOS tmpdir is a symlink, and git reports the resolved path.
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'leakguard-check-')));
  const root = join(base, 'repo');
  const home = join(base, 'home');
  mkdirSync(root);
  mkdirSync(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const writeUnder = (dir: string) => (path: string, content: string, mode = 0o600): string => {
    const absolute = join(dir, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    chmodSync(absolute, mode);
    return absolute;
  };
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  if (options.git !== false) git('init', '-q', '-b', 'main');
  return { root, home, env, write: writeUnder(root), writeHome: writeUnder(home), git };
}

export interface Captured {
  io: CliIO;
  stdout: () => string;
  stderr: () => string;
}

export function captureIO(cwd: string, env: NodeJS.ProcessEnv): Captured {
  let stdout = '';
  let stderr = '';
  return {
    io: { cwd, env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stdoutIsTTY: false, stderrIsTTY: false },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** The built binary, asynchronously: a mock server in this process must keep answering meanwhile. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}
