// Copies fixtures/demo-ml-repo to a work directory with fake tokens filled in, renames the files
// that would be ignored in this repository (env.demo → .env), and commits it as a legacy repo.
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { FakeTokens } from '../dist/src/util/fake-tokens.js';

const TEMPLATE = new URL('../fixtures/demo-ml-repo/', import.meta.url).pathname;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

export function materializeDemo(target, seed = 2026) {
  rmSync(target, { recursive: true, force: true });
  cpSync(TEMPLATE, target, { recursive: true });
  const tokens = new FakeTokens(seed);
  for (const file of walk(target)) writeFileSync(file, tokens.expand(readFileSync(file, 'utf8')));
  renameSync(join(target, 'env.demo'), join(target, '.env'));
  const git = (...args) => execFileSync('git', args, {
    cwd: target,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'demo', GIT_AUTHOR_EMAIL: 'demo@example.invalid', GIT_COMMITTER_NAME: 'demo', GIT_COMMITTER_EMAIL: 'demo@example.invalid' },
  });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'legacy: initial import');
  return target;
}
