/** `leakguard install` / `uninstall` on real repositories, and commits through what they write. */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { CLI, PROJECT_ROOT, Sandbox, removeSandboxes, type TempRepo } from './repo.js';

const tokens = new FakeTokens(5253);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

/** The sandbox environment without the `leakguard` shim on PATH. */
const envWithoutShim = (): NodeJS.ProcessEnv => ({
  ...sandbox.env,
  PATH: (sandbox.env['PATH'] ?? '').split(':').filter((dir) => dir !== join(sandbox.root, 'bin')).join(':'),
});

let count = 0;
const newRepo = (): TempRepo => sandbox.repo(`install-${++count}`);
const leak = () => `login(token="${tokens.huggingFace()}")\n`;

describe('leakguard install with package.json (husky)', { timeout: 120_000 }, () => {
  test('adds husky and leakguard, writes .husky/pre-commit, and the hook blocks after npm install', () => {
    const repo = newRepo();
    repo.write('package.json', '{\n    "name": "ml-app",\n    "version": "1.0.0"\n}\n');
    const install = repo.leakguard('install');
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('Run `npm install`');

    const pkg = JSON.parse(repo.read('package.json')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.devDependencies).toEqual({ husky: '^9.1.7', leakguard: expect.stringMatching(/^\^\d+\.\d+\.\d+/) });
    expect(pkg.scripts).toEqual({ prepare: 'husky' });
    expect(repo.read('package.json')).toMatch(/^\{\n {4}"name"/); // the file's own indentation is kept
    expect(repo.read('.husky/pre-commit')).toContain('  node_modules/.bin/leakguard scan --staged || exit $?');
    expect(repo.read('.husky/pre-commit')).not.toContain('npx');

    // Before npm install has linked the binary: the hook blocks and says what to run.
    repo.write('early.py', 'x = 1\n');
    repo.run('git', ['add', 'early.py'], { env: envWithoutShim() });
    const missing = repo.run('sh', ['.husky/pre-commit'], { env: envWithoutShim() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('node_modules/.bin/leakguard is missing, so this pre-commit check cannot run: run npm install');
    // What `npm install` would leave behind: husky, and leakguard in node_modules/.bin.
    mkdirSync(join(repo.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', 'husky'), join(repo.dir, 'node_modules', 'husky'));
    const localBin = join(repo.dir, 'node_modules', '.bin', 'leakguard');
    writeFileSync(localBin, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(localBin, 0o755);
    const env = envWithoutShim(); // only the project's own install can run
    const husky = repo.run(process.execPath, [join(repo.dir, 'node_modules', 'husky', 'bin.js')], { env });
    expect(husky.code, husky.output).toBe(0);
    expect(repo.git('config', 'core.hooksPath')).toBe('.husky/_');

    repo.write('train.py', leak());
    repo.run('git', ['add', '.'], { env });
    const blocked = repo.run('git', ['commit', '-m', 'leak'], { env });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('commit blocked');
    repo.write('train.py', 'login()\n');
    repo.run('git', ['add', '.'], { env });
    const clean = repo.run('git', ['commit', '-m', 'clean'], { env });
    expect(clean.code, clean.output).toBe(0);
  });

  test('is idempotent, and keeps an existing prepare script', () => {
    const repo = newRepo();
    repo.write('package.json', JSON.stringify({ name: 'x', scripts: { prepare: 'tsc' }, devDependencies: { husky: '^9.0.0', leakguard: '^0.1.0' } }, null, 2));
    const first = repo.leakguard('install');
    expect(first.stdout).toContain('append ` && husky`');
    const files = [repo.read('package.json'), repo.read('.husky/pre-commit')];
    const second = repo.leakguard('install');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already installed in .husky/pre-commit');
    expect([repo.read('package.json'), repo.read('.husky/pre-commit')]).toEqual(files);
    expect(JSON.parse(files[0]!)).toEqual({ name: 'x', scripts: { prepare: 'tsc' }, devDependencies: { husky: '^9.0.0', leakguard: '^0.1.0' } });
  });

  test('--no-husky writes the git hook and leaves package.json alone', () => {
    const repo = newRepo();
    repo.write('package.json', '{"name":"x"}');
    expect(repo.leakguard('install', '--no-husky').code).toBe(0);
    expect(repo.read('package.json')).toBe('{"name":"x"}');
    expect(repo.exists('.husky/pre-commit')).toBe(false);
    expect(repo.read('.git/hooks/pre-commit')).toContain('leakguard scan --staged');
  });
});

describe('leakguard install without package.json (git hooks directory)', { timeout: 120_000 }, () => {
  test('extends an existing hook before its own exit, and uninstall restores it byte for byte', () => {
    const repo = newRepo();
    const original = '#!/bin/sh\necho "custom check ran"\nexit 0\n';
    repo.write('.git/hooks/pre-commit', original);
    chmodSync(join(repo.dir, '.git/hooks/pre-commit'), 0o755);
    const install = repo.leakguard('install');
    expect(install.stdout).toContain('added leakguard\'s block to the existing .git/hooks/pre-commit');

    repo.write('a.py', leak());
    repo.git('add', '.');
    const blocked = repo.commit('-m', 'leak');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).not.toContain('custom check ran');
    repo.write('a.py', 'login()\n');
    repo.git('add', '.');
    const clean = repo.commit('-m', 'clean');
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toContain('custom check ran');

    const uninstall = repo.leakguard('uninstall');
    expect(uninstall.stdout).toContain('the rest of the hook is unchanged');
    expect(repo.read('.git/hooks/pre-commit')).toBe(original);
  });

  test('uninstall deletes a hook file that only held leakguard, and is then a no-op', () => {
    const repo = newRepo();
    repo.leakguard('install');
    expect(repo.exists('.git/hooks/pre-commit')).toBe(true);
    expect(repo.leakguard('uninstall').stdout).toContain('removed .git/hooks/pre-commit');
    expect(repo.exists('.git/hooks/pre-commit')).toBe(false);
    const again = repo.leakguard('uninstall');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('not installed');
  });

  test('respects core.hooksPath', () => {
    const repo = newRepo();
    repo.git('config', 'core.hooksPath', '.githooks');
    expect(repo.leakguard('install').stdout).toContain('created .githooks/pre-commit');
    repo.write('a.py', leak());
    repo.git('add', 'a.py');
    expect(repo.commit('-m', 'leak').code).not.toBe(0);
  });

  test('installs from a linked worktree into the hooks every worktree shares', () => {
    const repo = newRepo();
    repo.write('README.md', 'x\n');
    repo.git('add', '.');
    repo.commitUnchecked('base');
    const worktree = `${repo.dir}-wt`;
    repo.git('worktree', 'add', '-q', '-b', 'wt', worktree);
    const install = repo.run(process.execPath, [CLI, 'install'], { cwd: worktree });
    expect(install.code, install.output).toBe(0);
    expect(repo.read('.git/hooks/pre-commit')).toContain('leakguard scan --staged');
    repo.write('a.py', leak());
    repo.git('add', 'a.py');
    expect(repo.commit('-m', 'leak in the main worktree').code).not.toBe(0);
  });

  test('the hook falls back to the installing copy when leakguard is not on PATH (GUI clients, nvm)', () => {
    const repo = newRepo();
    repo.leakguard('install');
    repo.write('a.py', leak());
    const env = envWithoutShim();
    repo.run('git', ['add', '.'], { env });
    const blocked = repo.run('git', ['commit', '-m', 'leak'], { env });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('commit blocked');
  });

  test('refuses to edit a hook that is not a shell script', () => {
    const repo = newRepo();
    const python = '#!/usr/bin/env python3\nprint("hi")\n';
    repo.write('.git/hooks/pre-commit', python);
    const install = repo.leakguard('install');
    expect(install.code).toBe(2);
    expect(install.stderr.trim().split('\n')).toHaveLength(1);
    expect(install.stderr).toContain('is not a shell script');
    expect(repo.read('.git/hooks/pre-commit')).toBe(python);
  });

  test('--pre-push: a --no-verify commit is caught when pushed, a clean push goes through', () => {
    const remote = sandbox.repo(`remote-${++count}`);
    remote.git('config', 'receive.denyCurrentBranch', 'ignore');
    const repo = newRepo();
    repo.write('README.md', 'x\n');
    repo.git('add', '.');
    repo.commitUnchecked('base');
    repo.git('remote', 'add', 'origin', remote.dir);
    const install = repo.leakguard('install', '--pre-push');
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('created .git/hooks/pre-push');
    expect(repo.read('.git/hooks/pre-push')).toContain('leakguard scan --pre-push || exit $?');
    // A new branch on an empty remote: every commit is sent, and the base is clean.
    const first = repo.tryGit('push', '-q', 'origin', 'main');
    expect(first.code, first.output).toBe(0);
    repo.write('a.py', leak());
    repo.git('add', '.');
    const leaky = repo.commitUnchecked('skipped the hook');
    repo.write('a.py', 'login()\n');
    repo.git('add', '.');
    repo.commitUnchecked('removed it again');
    const blocked = repo.tryGit('push', 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain(leaky.slice(0, 7));
    expect(blocked.output).toContain('a.py');
    expect(remote.git('rev-parse', 'main')).not.toBe(leaky);
    // A new branch whose commits are all on the remote already sends nothing new.
    repo.git('checkout', '-q', '-b', 'side', 'origin/main');
    expect(repo.tryGit('push', '-q', 'origin', 'side').code).toBe(0);
    expect(repo.leakguard('uninstall').stdout).toContain('removed .git/hooks/pre-push');
  });

  test('the pre-commit framework: its generated hook is left alone, and install prints the config entry', () => {
    const repo = newRepo();
    repo.write('.pre-commit-config.yaml', 'repos: []\n');
    const generated = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\nexec python3 -mpre_commit hook-impl "$@"\n';
    repo.write('.git/hooks/pre-commit', generated);
    const install = repo.leakguard('install');
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('uses the pre-commit framework');
    expect(install.stdout).toContain('      - id: leakguard');
    expect(install.stdout).toContain('        entry: leakguard scan --staged');
    expect(repo.read('.git/hooks/pre-commit')).toBe(generated);
    repo.write('.pre-commit-config.yaml', 'repos:\n  - repo: local\n    hooks:\n      - id: leakguard\n');
    expect(repo.leakguard('install').stdout).toContain('already runs the leakguard hook');
    expect(repo.read('.git/hooks/pre-commit')).toBe(generated);
  });

  test('lint-staged: leakguard runs once, in the husky hook before it, or not at all when lint-staged runs it', () => {
    const repo = newRepo();
    repo.write('package.json', JSON.stringify({ name: 'x', devDependencies: { 'lint-staged': '^16.0.0' }, 'lint-staged': { '*.py': 'ruff' } }, null, 2));
    repo.write('.husky/pre-commit', 'npx lint-staged\n');
    const install = repo.leakguard('install');
    expect(install.code, install.output).toBe(0);
    expect(install.stdout).toContain('lint-staged (package.json) runs after leakguard in .husky/pre-commit');
    const hook = repo.read('.husky/pre-commit');
    expect(hook.indexOf('scan --staged')).toBeLessThan(hook.indexOf('npx lint-staged'));
    expect(hook.match(/scan --staged/g)).toHaveLength(1);

    repo.write('.lintstagedrc.json', '{"*": "leakguard scan --staged"}');
    repo.write('package.json', JSON.stringify({ name: 'x', devDependencies: { 'lint-staged': '^16.0.0', husky: '^9.1.7', leakguard: '^0.1.0' }, scripts: { prepare: 'husky' } }, null, 2));
    const again = repo.leakguard('install');
    expect(again.stdout).toContain("removed leakguard's block from .husky/pre-commit: lint-staged (.lintstagedrc.json) already runs leakguard");
    expect(repo.read('.husky/pre-commit')).toBe('npx lint-staged\n');
  });

  test('outside a git repository: one-line error, exit 2', () => {
    const repo = newRepo();
    repo.run('rm', ['-rf', '.git']);
    const install = repo.leakguard('install');
    expect(install.code).toBe(2);
    expect(install.stderr).toMatch(/^leakguard: install: not inside a git repository/);
  });
});
