/**
 * Throw-away git repositories for end-to-end tests: a private HOME (no user git config), fixed
 * identities, and a `leakguard` shim on PATH that runs this checkout's bin/leakguard.js, as a
 * global npm install would.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(PROJECT_ROOT, 'bin', 'leakguard.js');

if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli', 'main.js'))) {
  throw new Error('test/git needs the build: run `npm run build` (npm test does it for you)');
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: git prints a hook's output on stderr. */
  output: string;
}

const sandboxes: string[] = [];

/** A temp directory holding `home/`, `bin/leakguard` and whatever repositories a test makes. */
export class Sandbox {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'leakguard-git-'));
    sandboxes.push(this.root);
    const home = join(this.root, 'home');
    const bin = join(this.root, 'bin');
    mkdirSync(home);
    mkdirSync(bin);
    writeShim(join(bin, 'leakguard'));
    const env: NodeJS.ProcessEnv = {};
    // Nothing of the caller's git leaks in: tests may themselves run inside a git hook.
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_') && key !== 'HUSKY') env[key] = value;
    Object.assign(env, {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.invalid',
      GIT_COMMITTER_NAME: 'Test Committer',
      GIT_COMMITTER_EMAIL: 'committer@example.invalid',
      NO_COLOR: '1',
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      npm_config_update_notifier: 'false',
      npm_config_offline: 'true',
    });
    this.env = env;
  }

  repo(name = 'repo'): TempRepo {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    const repo = new TempRepo(dir, this.env);
    repo.git('init', '-q', '-b', 'main');
    return repo;
  }
}

export class TempRepo {
  constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
    const result = spawnSync(command, args, { cwd: options.cwd ?? this.dir, env: options.env ?? this.env, encoding: 'utf8' });
    if (result.error) throw result.error;
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
  }

  /** git that must succeed; returns trimmed stdout. */
  git(...args: string[]): string {
    const result = this.run('git', args);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  tryGit(...args: string[]): Run {
    return this.run('git', args);
  }

  leakguard(...args: string[]): Run {
    return this.run(process.execPath, [CLI, ...args]);
  }

  write(path: string, content: string): void {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  remove(path: string): void {
    rmSync(join(this.dir, path), { force: true });
  }

  /** Commits what is staged without running hooks (setting up history the hook never saw). */
  commitUnchecked(message: string): string {
    this.git('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** A real `git commit`, hooks and all. */
  commit(...args: string[]): Run {
    return this.run('git', ['commit', ...args]);
  }

  head(): string | undefined {
    const result = this.tryGit('rev-parse', '--verify', '-q', 'HEAD');
    return result.code === 0 ? result.stdout.trim() : undefined;
  }
}

function writeShim(file: string): void {
  writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(file, 0o755);
}

export function removeSandboxes(): void {
  for (const dir of sandboxes.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Gives each test of the calling file the sandbox's environment as process.env, for code that
 * runs git in this process's environment (so the caller's GIT_* variables never reach it).
 */
export function useSandboxEnv(sandbox: Sandbox): void {
  const callerEnv = process.env;
  beforeEach(() => {
    process.env = { ...sandbox.env };
  });
  afterEach(() => {
    process.env = callerEnv;
  });
}
