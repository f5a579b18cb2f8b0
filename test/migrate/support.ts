import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { FakeTokens } from '../../src/util/fake-tokens.js';

/** Environment for git in throw-away repos: no user config, fixed identity and dates. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
    GIT_COMMITTER_NAME: 'Fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
    GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
  };
}

export function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8', env: gitEnv(join(root, '..', 'home')) });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/**
 * A temp directory `<tmp>/repo` holding the files (with a sibling `home` for git), committed to
 * a fresh repository unless `commit` is false. Git's environment is set for this process too, so
 * in-process migrate() calls see the same identity and no user config.
 */
export function makeRepo(files: Record<string, string | Buffer>, options: { git?: boolean; commit?: boolean } = {}): string {
  const base = mkdtempSync(join(tmpdir(), 'leakguard-migrate-'));
  const root = join(base, 'repo');
  mkdirSync(join(base, 'home'), { recursive: true });
  mkdirSync(root);
  Object.assign(process.env, gitEnv(join(base, 'home')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  if (options.git !== false) {
    git(root, ['init', '-q', '-b', 'main']);
    git(root, ['config', 'core.autocrlf', 'false']);
    if (options.commit !== false && Object.keys(files).length > 0) {
      git(root, ['add', '-A']);
      git(root, ['commit', '-q', '-m', 'legacy']);
    }
  }
  return root;
}

/** Every file under root (except .git) with its bytes, for byte-identical comparisons. */
export function snapshot(root: string): Map<string, { bytes: Buffer; mode: number }> {
  const files = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const absolute = join(dir, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else files.set(relative(root, absolute), { bytes: readFileSync(absolute), mode: statSync(absolute).mode & 0o777 });
    }
  };
  walk(root);
  return files;
}

/**
 * Expands `@@NAME@@` markers to values made from templates like `hf_{{alpha:34}}` (FakeTokens),
 * so no fixture file ever holds a token-shaped literal.
 */
export class MarkerValues {
  readonly values = new Map<string, string>();

  constructor(templates: Record<string, string>, seed: number) {
    const tokens = new FakeTokens(seed);
    for (const [name, template] of Object.entries(templates)) this.values.set(name, tokens.expand(template));
  }

  expand(text: string): string {
    return text.replace(/@@([A-Z0-9_]+)@@/g, (whole, name: string) => {
      const value = this.values.get(name);
      if (value === undefined) throw new Error(`unknown marker ${whole}`);
      return value;
    });
  }
}

/** A stable seed per fixture, so goldens never change between runs. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}
