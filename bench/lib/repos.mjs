// Git repositories the benchmark runs in: a hook repo with a 20-file staged change, a repo for
// migrate, and the plain-directory isolation that keeps a scan from reading our own config.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeTokens } from '../../dist/src/util/fake-tokens.js';
import { generateTree, readManifest } from '../corpus.mjs';
import { CORPUS_ROOT, DEFAULT_SEED, GENERATOR_VERSION } from './common.mjs';
import { snippet } from './content.mjs';
import { Dice } from './random.mjs';

/** Git with a fixed identity and no user or system config, so the user's setup cannot interfere. */
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench Author',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench Author',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * A directory becomes its own repository root (an empty `git init`), so leakguard's search for
 * .leakguard.json stops there instead of finding this project's config above bench/corpus/.
 */
export function isolate(dir) {
  if (!existsSync(join(dir, '.git'))) git(dir, ['init', '-q', '-b', 'main']);
}

export function emptyDir() {
  const dir = join(CORPUS_ROOT, 'empty');
  mkdirSync(dir, { recursive: true });
  isolate(dir);
  return dir;
}

/** Commits a generated tree as the first commit of a fresh repository. */
function committedTree(name, options) {
  const dir = join(CORPUS_ROOT, name);
  const ready = join(dir, '.git', 'bench-ready');
  if (existsSync(ready) && readFileSync(ready, 'utf8') === String(GENERATOR_VERSION)) {
    return { dir, manifest: readManifest(dir), reused: true };
  }
  const manifest = generateTree({ dir, seed: DEFAULT_SEED, ...options });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'Initial import']);
  writeFileSync(ready, String(GENERATOR_VERSION));
  return { dir, manifest, reused: false };
}

/**
 * The hook's job: a repository of 400 files with a staged change to 20 of them, one of which
 * adds a credential (`clean`: none does, the commit every developer makes all day). Returns the
 * staged paths (for secretlint) and the expected finding count.
 */
export function ensureHookRepo(stagedFiles = 20, { clean = false } = {}) {
  const { dir } = committedTree(`hook-repo-${stagedFiles}${clean ? '-clean' : ''}`, { files: 400, sizeBytes: 4 * 1024 * 1024, secrets: 0 });
  const expected = clean ? 0 : 1;
  const listFile = join(dir, '.git', 'bench-staged');
  if (existsSync(listFile)) return { dir, staged: JSON.parse(readFileSync(listFile, 'utf8')), expected };
  const dice = new Dice(DEFAULT_SEED);
  const candidates = git(dir, ['ls-files', '*.py', '*.yaml', '*.sh', '*.md']).trim().split('\n').sort();
  const staged = dice.shuffle(candidates).slice(0, stagedFiles).sort();
  staged.forEach((path, index) => {
    const kind = path.slice(path.lastIndexOf('.') + 1);
    const lines = [...snippet(kind, dice), ...snippet(kind, dice)];
    if (index === 0 && !clean) lines.push(`${kind === 'py' ? 'HF_TOKEN = ' : 'export HF_TOKEN='}"${new FakeTokens(DEFAULT_SEED).huggingFace()}"`);
    appendFileSync(join(dir, path), `${lines.join('\n')}\n`);
  });
  git(dir, ['add', '--', ...staged]);
  writeFileSync(listFile, JSON.stringify(staged));
  return { dir, staged, expected };
}

/** A committed 2,000-file repository holding 50 hardcoded credentials, for `migrate --dry-run`. */
export function ensureMigrateRepo(files = 2000, secrets = 50) {
  return committedTree(`migrate-repo-${files}f-${secrets}s`, { files, sizeBytes: files * 10 * 1024, secrets });
}
