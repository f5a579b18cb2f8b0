/**
 * The installed pre-commit hook under real `git commit`s, in repositories built by each test.
 * Every repo here has no package.json: `leakguard install` writes .git/hooks/pre-commit, which
 * finds leakguard on PATH (the sandbox's shim), as it would after `npm install -g leakguard`.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes, type TempRepo } from './repo.js';

const tokens = new FakeTokens(3031);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

let repoCount = 0;
function hookedRepo(): TempRepo {
  const repo = sandbox.repo(`repo-${++repoCount}`);
  const installed = repo.leakguard('install');
  expect(installed.code, installed.output).toBe(0);
  return repo;
}

/** The fix command of the first finding in a block message: the line after `fix`, or on it. */
function printedFix(output: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => /^\s+fix\s/.test(line));
  expect(at, output).toBeGreaterThan(-1);
  const own = lines[at]!.replace(/^\s+fix\s+/, '');
  return (own.startsWith('(') ? own : lines[at + 1]!).trim();
}

const loginLine = (token: string) => `from huggingface_hub import login\nlogin(token="${token}")\n`;
const CLEAN = 'import os\nfrom huggingface_hub import login\nlogin(token=os.environ["HF_TOKEN"])\n';

describe('git commit with the installed hook', { timeout: 120_000 }, () => {
  test('blocks the first commit (no HEAD yet) when it adds a token, and says nothing needs rotating', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    repo.write('train.py', `import os\n${loginLine(token)}`);
    repo.git('add', 'train.py');
    const commit = repo.commit('-m', 'first');
    expect(commit.code).not.toBe(0);
    expect(repo.head()).toBeUndefined();
    expect(commit.output).toContain('commit blocked');
    expect(commit.output).toContain('train.py:3:14');
    expect(commit.output).toContain('HF_TOKEN');
    expect(commit.output).toContain('leakguard migrate --allow-dirty --stage train.py)');
    expect(commit.output).toContain('nothing to rotate yet');
    expect(commit.output).toContain('leakguard:allow');
    expect(commit.output).not.toContain(token);
  });

  test('the printed fix, pasted as is from a subdirectory, stages a complete fix and the commit goes through', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    // An assignment, not login(token=…): huggingface_hub reads HF_TOKEN itself, so a login call
    // needs no resolver, and this test is about the resolver being staged with the fix.
    repo.write('src/app/train.py', `import os\nHF_TOKEN = "${token}"\n`);
    repo.write('src/app/README.md', 'notes\n');
    repo.git('add', '.');
    const blocked = repo.run('git', ['commit', '-m', 'first'], { cwd: join(repo.dir, 'src', 'app') });
    expect(blocked.code).not.toBe(0);
    const fix = printedFix(blocked.output);
    const ran = repo.run('sh', ['-c', fix], { cwd: join(repo.dir, 'src', 'app') });
    expect(ran.code, `${fix}\n${ran.output}`).toBe(0);
    // Everything the fix wrote is staged except .env: the commit holds code that runs.
    const staged = repo.git('diff', '--cached', '--name-only').split('\n').sort();
    expect(staged).toEqual(expect.arrayContaining(['.env.example', '.gitignore', 'src/app/train.py']));
    expect(staged.some((path) => path.endsWith('secret_resolver.py'))).toBe(true);
    expect(staged).not.toContain('.env');
    // Nothing the fix wrote is left unstaged or untracked (`.env` is ignored).
    const leftOver = repo.git('status', '--porcelain', '--untracked-files=all').split('\n').filter((line) => line[1] !== ' ');
    expect(leftOver).toEqual([]);
    const commit = repo.run('git', ['commit', '-m', 'first'], { cwd: join(repo.dir, 'src', 'app') });
    expect(commit.code, commit.output).toBe(0);
    expect(repo.read('.env')).toContain(`HF_TOKEN=${token}`);
    expect(repo.read('src/app/train.py')).toContain('get_secret("HF_TOKEN")');
  });

  test('a staged .env: the fix untracks it (never git add .env), keeps it on disk and ignores it', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    repo.write('.env', `HF_TOKEN=${token}\n`);
    repo.write('train.py', CLEAN);
    repo.git('add', '.');
    const blocked = repo.commit('-m', 'first');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('untrack it (git rm --cached)');
    expect(blocked.output).not.toContain('git add');
    const ran = repo.run('sh', ['-c', printedFix(blocked.output)]);
    expect(ran.code, ran.output).toBe(0);
    expect(repo.git('ls-files')).not.toMatch(/^\.env$/m);
    expect(repo.read('.env')).toContain(token);
    const commit = repo.commit('-m', 'first');
    expect(commit.code, commit.output).toBe(0);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n')).not.toContain('.env');
  });

  test('passes placeholders and environment lookups', () => {
    const repo = hookedRepo();
    repo.write('train.py', CLEAN);
    repo.write('.env.example', 'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nWANDB_API_KEY=\n');
    repo.write('README.md', 'export HF_TOKEN=<HF_TOKEN>\n');
    repo.git('add', '.');
    const commit = repo.commit('-q', '-m', 'clean');
    expect(commit.code, commit.output).toBe(0);
    expect(repo.head()).toBeDefined();
    expect(commit.output).toBe(''); // the hook is quiet on a clean commit
  });

  test('git commit -a scans the tracked changes git stages for the commit, not what was staged before', () => {
    const repo = hookedRepo();
    repo.write('train.py', CLEAN);
    repo.git('add', 'train.py');
    repo.commitUnchecked('base');
    repo.write('train.py', `${CLEAN}${loginLine(tokens.huggingFace())}`); // modified on disk only
    repo.write('notes.md', 'clean\n');
    repo.git('add', 'notes.md');
    const all = repo.commit('-a', '-m', 'all');
    expect(all.code).not.toBe(0);
    expect(all.output).toContain('train.py:5:');
    const staged = repo.commit('-m', 'only what is staged');
    expect(staged.code, staged.output).toBe(0);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('notes.md');
  });

  test('git commit <path> scans the named path from the temporary index', () => {
    const repo = hookedRepo();
    repo.write('a.py', CLEAN);
    repo.write('b.py', CLEAN);
    repo.git('add', '.');
    repo.commitUnchecked('base');
    repo.write('a.py', `${CLEAN}${loginLine(tokens.huggingFace())}`);
    repo.write('b.py', `${CLEAN}# tidy\n`);
    const withToken = repo.commit('a.py', '-m', 'a');
    expect(withToken.code).not.toBe(0);
    expect(withToken.output).toContain('a.py:5:');
    const clean = repo.commit('b.py', '-m', 'b');
    expect(clean.code, clean.output).toBe(0);
  });

  test('partial staging: a token only in the index is blocked, a token only on disk is not', () => {
    const repo = hookedRepo();
    repo.write('cfg.py', CLEAN);
    repo.git('add', 'cfg.py');
    repo.commitUnchecked('base');

    repo.write('cfg.py', `${CLEAN}${loginLine(tokens.huggingFace())}`);
    repo.git('add', 'cfg.py');
    repo.write('cfg.py', `${CLEAN}# fixed on disk, but not re-staged\n`);
    const indexHasToken = repo.commit('-m', 'index has it');
    expect(indexHasToken.code).not.toBe(0);
    expect(indexHasToken.output).toContain('cfg.py:5:');

    repo.git('add', 'cfg.py'); // the index is clean now
    repo.write('cfg.py', `${CLEAN}${loginLine(tokens.huggingFace())}`); // the disk is not
    const diskHasToken = repo.commit('-m', 'disk has it');
    expect(diskHasToken.code, diskHasToken.output).toBe(0);
    expect(repo.git('show', 'HEAD:cfg.py')).not.toContain('hf_');
  });

  test('a renamed file keeps its baselined secret accepted under the new name', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    const body = (name: string) =>
      ['import os', 'import torch', '', `${name} = "${token}"`, '', 'def train():', '    return torch.zeros(1)', ''].join('\n');
    repo.write('configs/old name.py', body('token'));
    repo.git('add', '.');
    repo.commitUnchecked('legacy');
    expect(repo.leakguard('baseline').code).toBe(0);
    expect(repo.leakguard('install').output).toContain('.leakguard-baseline.json');
    repo.git('add', '.leakguard-baseline.json');
    repo.commitUnchecked('baseline');

    repo.git('mv', 'configs/old name.py', 'configs/new name.py');
    repo.write('configs/new name.py', body('hub_token')); // the secret's line itself changes
    repo.git('add', '.');
    expect(repo.git('diff', '--cached', '--name-status', '-M')).toMatch(/^R\d+\s/);
    const withoutBaseline = repo.leakguard('scan', '--staged');
    expect(withoutBaseline.code).toBe(1); // the line is new to git: only the baseline lets it pass
    const commit = repo.commit('-m', 'rename');
    expect(commit.code, commit.output).toBe(0);
  });

  test('deleting a line that held a secret passes, with a note that history still has it', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    repo.write('train.py', `${CLEAN}${loginLine(token)}`);
    repo.git('add', '.');
    repo.commitUnchecked('leaky');
    repo.write('train.py', CLEAN);
    repo.git('add', '.');
    const commit = repo.commit('-m', 'remove the token');
    expect(commit.code, commit.output).toBe(0);
    expect(commit.output).toContain('train.py:5: this commit removes a huggingface credential');
    expect(commit.output).toContain('git history still holds it');
    expect(commit.output).toContain('https://huggingface.co/settings/tokens');
    expect(commit.output).not.toContain(token);
  });

  test('says "rotate it" when the blocked value is already in history', () => {
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    repo.write('old.py', loginLine(token));
    repo.git('add', '.');
    repo.commitUnchecked('leaked long ago');
    repo.write('new.py', loginLine(token));
    repo.git('add', 'new.py');
    const commit = repo.commit('-m', 'copy');
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain('already in git history');
    expect(commit.output).toContain('rotate it now at https://huggingface.co/settings/tokens');
  });

  test('works in a linked worktree (its own index, the shared hook)', () => {
    const repo = hookedRepo();
    repo.write('README.md', 'hi\n');
    repo.git('add', '.');
    repo.commitUnchecked('base');
    const worktree = `${repo.dir}-worktree`;
    repo.git('worktree', 'add', '-q', '-b', 'side', worktree);
    repo.run('sh', ['-c', `printf '%s\\n' 'WANDB_API_KEY=${tokens.wandbV1()}' > run.env`], { cwd: worktree });
    repo.run('git', ['add', 'run.env'], { cwd: worktree });
    const blocked = repo.run('git', ['commit', '-m', 'wt'], { cwd: worktree });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('run.env:1:');
    expect(blocked.output).toContain('WANDB_API_KEY');
    repo.run('sh', ['-c', "printf 'WANDB_API_KEY=\\n' > run.env && git add run.env"], { cwd: worktree });
    const clean = repo.run('git', ['commit', '-m', 'wt clean'], { cwd: worktree });
    expect(clean.code, clean.output).toBe(0);
  });

  test('handles paths with spaces, quotes and non-ASCII characters', () => {
    const repo = hookedRepo();
    const path = 'expériences/my "tráin" run.py';
    repo.write(path, loginLine(tokens.huggingFace()));
    repo.git('add', '.');
    const commit = repo.commit('-m', 'odd names');
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain(`${path}:2:14`);
    expect(commit.output).toContain(`leakguard migrate --allow-dirty --stage 'expériences/my "tráin" run.py')`);
  });

  test('handles CRLF files and reports the right line', () => {
    const repo = hookedRepo();
    repo.write('win.ps1', ['$x = 1', `$env:HF_TOKEN = "${tokens.huggingFace()}"`, ''].join('\r\n'));
    repo.git('add', '.');
    const commit = repo.commit('-m', 'crlf');
    expect(commit.code).not.toBe(0);
    expect(commit.output).toContain('win.ps1:2:');
  });

  test('skips binary files, LFS pointers and submodules (with one note)', () => {
    const sub = sandbox.repo(`submodule-${++repoCount}`);
    sub.write('x.txt', 'x\n');
    sub.git('add', '.');
    sub.commitUnchecked('sub');
    const repo = hookedRepo();
    const token = tokens.huggingFace();
    repo.write('weights.dat', `\0\0binary${token}\0`);
    repo.write('model.safetensors', `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize 12345\n`);
    repo.git('add', '.');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    const commit = repo.commit('-m', 'binary and friends');
    expect(commit.code, commit.output).toBe(0);
    expect(commit.output).toContain('skipped vendor/sub: a submodule');
    expect(commit.output).toContain('skipped weights.dat: binary content');
    expect(commit.output).toContain('skipped model.safetensors: Git LFS pointer');
    expect(commit.output).toContain('vendor/sub');
  });
});
