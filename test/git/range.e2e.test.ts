/** `scan --range`, `--since`, `--history` and `--staged` as the CLI runs them, on real repositories. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { CLI, Sandbox, removeSandboxes, type Run, type TempRepo } from './repo.js';

const tokens = new FakeTokens(4142);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  commit: string | null;
  occurrences?: number;
}

function findings(run: Run): JsonFinding[] {
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

let count = 0;
function repoWithBase(): { repo: TempRepo; base: string } {
  const repo = sandbox.repo(`range-${++count}`);
  repo.write('README.md', '# demo\n');
  repo.git('add', '.');
  return { repo, base: repo.commitUnchecked('base') };
}

describe('commit ranges and history', { timeout: 120_000 }, () => {
  test('--range reports a secret added and removed inside the range, with the commit and line that added it', () => {
    const { repo, base } = repoWithBase();
    repo.write('train.py', ['import os', 'import wandb', '', 'x = 1', ''].join('\n'));
    repo.git('add', '.');
    repo.commitUnchecked('train');
    repo.write('train.py', ['import os', 'import wandb', '', 'x = 1', `HF = "${tokens.huggingFace()}"`, ''].join('\n'));
    repo.git('add', '.');
    const leaky = repo.commitUnchecked('oops');
    repo.write('train.py', ['import os', 'import wandb', '', 'x = 1', 'HF = os.environ["HF_TOKEN"]', ''].join('\n'));
    repo.git('add', '.');
    repo.commitUnchecked('fix');

    const run = repo.leakguard('scan', '--range', `${base}..HEAD`, '--format', 'json');
    expect(run.code).toBe(1);
    expect(findings(run)).toEqual([
      expect.objectContaining({ ruleId: 'huggingface-user-token', path: 'train.py', line: 5, column: 7, commit: leaky, occurrences: 1 }),
    ]);
    const tree = repo.leakguard('scan', '.');
    expect(tree.code, tree.output).toBe(0); // the working tree alone would have missed it
  });

  test('--history finds a secret typed while resolving a merge conflict (in no parent\'s diff)', () => {
    const { repo } = repoWithBase();
    repo.write('config.py', 'LR = 1\n');
    repo.git('add', '.');
    repo.commitUnchecked('config');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('config.py', 'LR = 2\n');
    repo.git('add', '.');
    repo.commitUnchecked('feature lr');
    repo.git('checkout', '-q', 'main');
    repo.write('config.py', 'LR = 3\n');
    repo.git('add', '.');
    repo.commitUnchecked('main lr');
    expect(repo.tryGit('merge', '-q', 'feature').code).not.toBe(0); // a conflict
    repo.write('config.py', `LR = 4\nHF_TOKEN = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    const merge = repo.commitUnchecked('merge feature');
    const run = repo.leakguard('scan', '--history', '--format', 'json');
    expect(run.code, run.output).toBe(1);
    expect(findings(run)).toEqual([expect.objectContaining({ path: 'config.py', line: 2, commit: merge })]);
  });

  test('a git older than 2.36 (no --remerge-diff) still scans every commit, merges without their remerge', () => {
    const { repo } = repoWithBase();
    repo.write('train.sh', `export HF_TOKEN=${tokens.huggingFace()}\n`);
    repo.git('add', '.');
    const leak = repo.commitUnchecked('leak');
    // A git that turns the option down the way git 2.35 does, before printing anything.
    const bin = join(repo.dir, '..', `old-git-${count}`);
    mkdirSync(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nfor a in "$@"; do [ "$a" = --remerge-diff ] && { echo "fatal: unrecognized argument: --remerge-diff" >&2; exit 128; }; done\nexec ${realGit} "$@"\n`, { mode: 0o755 });
    const run = repo.run(process.execPath, [CLI, 'scan', '--history', '--format', 'json'], { env: { ...repo.env, PATH: `${bin}:${repo.env['PATH'] ?? ''}` } });
    expect(run.code, run.output).toBe(1);
    expect(findings(run)).toEqual([expect.objectContaining({ path: 'train.sh', line: 1, commit: leak })]);
  });

  test('--since REV scans REV..HEAD only', () => {
    const { repo } = repoWithBase();
    repo.write('a.sh', `export HF_TOKEN=${tokens.huggingFace()}\n`);
    repo.git('add', '.');
    const old = repo.commitUnchecked('old leak');
    repo.write('b.txt', 'nothing\n');
    repo.git('add', '.');
    repo.commitUnchecked('clean');
    const since = repo.leakguard('scan', '--since', old, '--format', 'json');
    expect(since.code, since.output).toBe(0);
    expect(findings(since)).toEqual([]);
    const before = repo.leakguard('scan', '--since', `${old}~1`, '--format', 'json');
    expect(findings(before).map((finding) => finding.commit)).toEqual([old]);
  });

  test('one secret added in several commits is reported once, with its oldest commit and a count', () => {
    const { repo, base } = repoWithBase();
    const token = tokens.huggingFace();
    repo.write('cfg.py', `TOKEN = "${token}"\n`);
    repo.git('add', '.');
    const first = repo.commitUnchecked('add');
    repo.write('cfg.py', 'TOKEN = None\n');
    repo.git('add', '.');
    repo.commitUnchecked('remove');
    repo.write('cfg.py', `# again\nTOKEN = "${token}"\n`);
    repo.git('add', '.');
    repo.commitUnchecked('re-add');
    const run = repo.leakguard('scan', '--range', `${base}..HEAD`, '--format', 'json');
    expect(findings(run)).toEqual([expect.objectContaining({ path: 'cfg.py', line: 1, commit: first, occurrences: 2 })]);
  });

  test('a commit that adds one secret on several lines counts once', () => {
    const { repo, base } = repoWithBase();
    const token = tokens.huggingFace();
    repo.write('cfg.py', `A = "${token}"\nB = "${token}"\nC = "${token}"\n`);
    repo.git('add', '.');
    const only = repo.commitUnchecked('three lines, one commit');
    const run = repo.leakguard('scan', '--range', `${base}..HEAD`, '--format', 'json');
    expect(findings(run)).toEqual([expect.objectContaining({ path: 'cfg.py', line: 1, commit: only, occurrences: 1 })]);
    expect(repo.leakguard('scan', '--history').stdout).toContain('(in 1 commit)');
  });

  test('--history finds secrets that live only on another branch or only under a tag', () => {
    const { repo } = repoWithBase();
    repo.git('checkout', '-q', '-b', 'experiment');
    repo.write('exp.py', `key = "${tokens.openai()}"\n`);
    repo.git('add', '.');
    const onBranch = repo.commitUnchecked('experiment');
    repo.git('checkout', '-q', '--detach', 'main');
    repo.write('release.sh', `export HF_TOKEN=${tokens.huggingFace()}\n`);
    repo.git('add', '.');
    const tagged = repo.commitUnchecked('release');
    repo.git('tag', 'v1.0', tagged);
    repo.git('checkout', '-q', 'main');

    const mainOnly = repo.leakguard('scan', '--range', 'main', '--format', 'json');
    expect(findings(mainOnly)).toEqual([]);
    const history = repo.leakguard('scan', '--history', '--format', 'json');
    expect(history.code).toBe(1);
    const byPath = Object.fromEntries(findings(history).map((finding) => [finding.path, finding.commit]));
    expect(byPath).toEqual({ 'exp.py': onBranch, 'release.sh': tagged });
  });

  test('--history reads refs/pull/* when they were fetched', () => {
    const { repo } = repoWithBase();
    repo.write('pr.py', `token = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    const pr = repo.commitUnchecked('pr');
    repo.git('update-ref', 'refs/pull/7/head', pr);
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const run = repo.leakguard('scan', '--history', '--format', 'json');
    expect(findings(run).map((finding) => finding.commit)).toEqual([pr]);
  });

  test('honours config ignorePaths, allowValues and maxFileSize', () => {
    const { repo, base } = repoWithBase();
    const allowed = tokens.huggingFace();
    repo.write('.leakguard.json', JSON.stringify({ ignorePaths: ['fixtures/**'], allowValues: [allowed], maxFileSize: 4096 }));
    repo.write('fixtures/sample.py', `t = "${tokens.huggingFace()}"\n`);
    repo.write('docs.py', `t = "${allowed}"\n`);
    repo.write('big.py', `${'# filler line\n'.repeat(400)}t = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    repo.commitUnchecked('mixed');
    // A file over maxFileSize prints as binary in git log: its blob is too large to read, and says so.
    const range = repo.leakguard('scan', '--range', `${base}..HEAD`);
    expect(range.code, range.output).toBe(0);
    expect(range.output).toContain('skipped big.py: too large, not scanned');

    repo.write('fixtures/other.py', `t = "${tokens.huggingFace()}"\n`);
    repo.write('big2.py', `${'# filler line\n'.repeat(400)}t = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    const staged = repo.leakguard('scan', '--staged');
    expect(staged.code, staged.output).toBe(0);
    expect(staged.output).toMatch(/skipped big2\.py: too large, not scanned \(\d+ bytes, maxFileSize is 4096\)/);
  });

  test('--staged with file names (lint-staged, pre-commit) reads only those files, from the index', () => {
    const { repo } = repoWithBase();
    repo.write('a.py', `t = "${tokens.huggingFace()}"\n`);
    repo.write('b [id].py', `t = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    repo.write('a.py', 'clean on disk\n');
    const onlyB = repo.leakguard('scan', '--staged', '--format', 'json', `${repo.dir}/b [id].py`);
    expect(findings(onlyB).map((finding) => finding.path)).toEqual(['b [id].py']);
    const onlyA = repo.leakguard('scan', '--staged', '--format', 'json', 'a.py');
    expect(findings(onlyA).map((finding) => finding.path)).toEqual(['a.py']);
  });

  test('a path with a newline is scanned and printed escaped', () => {
    const { repo } = repoWithBase();
    repo.write('odd\nname.py', `t = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    const json = repo.leakguard('scan', '--staged', '--format', 'json');
    expect(findings(json).map((finding) => finding.path)).toEqual(['odd\nname.py']);
    const text = repo.leakguard('scan', '--staged');
    expect(text.stdout).toContain('odd\\x0aname.py:1:6');
  });

  test('a user\'s diff and log settings do not change what is found or where', () => {
    const { repo } = repoWithBase();
    const settings = {
      'diff.noprefix': 'true', 'diff.mnemonicPrefix': 'true', 'color.ui': 'always', 'core.quotePath': 'false',
      'log.showRoot': 'false', 'diff.renames': 'copies', 'diff.context': '10', 'diff.interHunkContext': '20',
      'diff.suppressBlankEmpty': 'true', 'diff.relative': 'true', 'log.showSignature': 'false', 'diff.submodule': 'log',
    };
    for (const [key, value] of Object.entries(settings)) repo.git('config', key, value);
    const lines = Array.from({ length: 30 }, (_, index) => `x${index} = ${index}`);
    repo.write('src/é/cfg.py', `${lines.join('\n')}\n`);
    repo.git('add', '.');
    repo.commitUnchecked('config');
    lines.splice(3, 0, `token = "${tokens.huggingFace()}"`);
    lines.splice(20, 0, '', 'y = 2');
    repo.write('src/é/cfg.py', `${lines.join('\n')}\n`);
    repo.git('add', '.');
    const staged = repo.leakguard('scan', '--staged', '--format', 'json');
    expect(findings(staged)).toEqual([expect.objectContaining({ path: 'src/é/cfg.py', line: 4, column: 10 })]);
    const fromSubdirectory = repo.run(process.execPath, [CLI, 'scan', '--staged', '--format', 'json'], { cwd: `${repo.dir}/src` });
    expect(findings(fromSubdirectory).map((finding) => finding.path)).toEqual(['src/é/cfg.py']); // paths stay repo-relative
    const commit = repo.commitUnchecked('leak');
    const history = repo.leakguard('scan', '--history', '--format', 'json');
    expect(findings(history)).toEqual([expect.objectContaining({ path: 'src/é/cfg.py', line: 4, commit })]);
  });

  test('scan PATH --history reads the repository at PATH, not the one the shell is in', () => {
    const { repo: leaky } = repoWithBase();
    leaky.write('train.py', `HF = "${tokens.huggingFace()}"\n`);
    leaky.git('add', '.');
    const commit = leaky.commitUnchecked('leak');
    leaky.write('train.py', 'HF = None\n');
    leaky.git('add', '.');
    leaky.commitUnchecked('remove');
    const { repo: clean } = repoWithBase();

    const elsewhere = clean.leakguard('scan', leaky.dir, '--history', '--format', 'json');
    expect(elsewhere.code, elsewhere.output).toBe(1);
    expect(findings(elsewhere)).toEqual([expect.objectContaining({ path: 'train.py', line: 1, commit })]);
    // A directory inside it stands for the whole repository, as running there would.
    leaky.write('src/keep.py', 'x = 1\n');
    const inside = clean.leakguard('scan', join(leaky.dir, 'src'), '--range', `${commit}~1..HEAD`, '--format', 'json');
    expect(findings(inside)).toEqual([expect.objectContaining({ path: 'train.py', commit })]);
    expect(clean.leakguard('scan', '--history').code).toBe(0);

    for (const [args, message] of [
      [[join(leaky.dir, 'train.py'), '--history'], 'is not a directory'],
      [[join(leaky.dir, 'missing'), '--since', 'HEAD~1'], 'does not exist'],
      [[leaky.dir, clean.dir, '--history'], 'give at most one PATH'],
    ] as const) {
      const run = clean.leakguard('scan', ...args);
      expect(run.code, run.output).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });

  test('errors are one line with exit code 2', () => {
    const { repo } = repoWithBase();
    const bad = repo.leakguard('scan', '--range', 'nope..HEAD');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain("scan --range: bad revision 'nope..HEAD'");
    const option = repo.leakguard('scan', '--since=--output=/tmp/leakguard-pwned');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('bad revision');

    const outside = sandbox.repo(`plain-${++count}`);
    outside.run('rm', ['-rf', '.git']);
    for (const flag of ['--staged', '--history']) {
      const run = outside.leakguard('scan', flag);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^leakguard: scan --(staged|history): not inside a git repository/);
    }
  });
});
