import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AddedValueFinder, findInHistory } from '../../src/sources/git/history-lookup.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes } from './repo.js';

const tokens = new FakeTokens(6161);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

describe('findInHistory', { timeout: 60_000 }, () => {
  const repo = sandbox.repo('lookup');
  const early = tokens.huggingFace();
  const late = tokens.huggingFace();
  const filler = (seed: string) => Array.from({ length: 6000 }, (_, index) => `${seed} line ${index}`).join('\n');
  repo.write('a.txt', `${filler('a')}\n${early}\n`); // far past the first pipe chunk
  repo.git('add', '.');
  const first = repo.commitUnchecked('first');
  repo.write('b.txt', `${filler('b')}\n${late}\n`);
  repo.git('add', '.');
  const second = repo.commitUnchecked('second');
  repo.git('checkout', '-q', '-b', 'other');
  repo.write('a.txt', 'gone\n'); // removed on a branch: still found, in the commit that added it
  repo.git('add', '.');
  repo.commitUnchecked('remove');
  const cwd = repo.dir;
  // findInHistory runs git in this process's environment: give it the sandbox's, not the caller's.
  const env = process.env;
  beforeAll(() => {
    process.env = { ...repo.env };
  });
  afterAll(() => {
    process.env = env;
  });

  test('finds each value with the commit that holds it, across chunk boundaries and refs', async () => {
    const lookup = await findInHistory([early, late, tokens.huggingFace()], { cwd, budgetMs: 30_000 });
    expect(lookup.complete).toBe(true);
    expect(Object.fromEntries(lookup.found)).toEqual({ [early]: first, [late]: second });
    expect(lookup.commitsChecked).toBe(3);
  });

  test('stops early once everything is found, and reports an exhausted budget as incomplete', async () => {
    const found = await findInHistory([late], { cwd, budgetMs: 30_000 });
    expect(found.found.get(late)).toBe(second);
    const rushed = await findInHistory([tokens.huggingFace()], { cwd, budgetMs: 0 });
    expect(rushed.complete).toBe(false);
    expect(rushed.found.size).toBe(0);
  });

  test('ignores refs that tools make: a stash (lint-staged backup) and refs/original', async () => {
    const tools = sandbox.repo('tool-refs');
    tools.write('train.py', 'print(1)\n');
    tools.git('add', '.');
    tools.commitUnchecked('clean');
    const stashed = tokens.huggingFace();
    const rewritten = tokens.huggingFace();
    tools.write('train.py', `login("${stashed}")\n`);
    tools.git('add', '.');
    // What lint-staged does before running its tasks: a stash commit kept under refs/stash.
    const backup = tools.git('stash', 'create');
    tools.git('stash', 'store', '-m', 'lint-staged automatic backup', backup);
    tools.write('train.py', `login("${rewritten}")\n`);
    tools.git('add', '.');
    const old = tools.commitUnchecked('to be rewritten');
    tools.git('update-ref', 'refs/original/refs/heads/main', old);
    tools.git('reset', '-q', '--hard', 'HEAD~1');
    const saved = process.env;
    process.env = { ...tools.env };
    try {
      const lookup = await findInHistory([stashed, rewritten], { cwd: tools.dir, budgetMs: 30_000 });
      expect(lookup.complete).toBe(true);
      expect(lookup.found.size).toBe(0);
      // A branch that holds the commit does count.
      tools.git('branch', 'kept', old);
      const onBranch = await findInHistory([rewritten], { cwd: tools.dir, budgetMs: 30_000 });
      expect(onBranch.found.get(rewritten)).toBe(old);
    } finally {
      process.env = saved;
    }
  });

  test('a repository without commits has no history to search', async () => {
    const empty = sandbox.repo('no-commits');
    const saved = process.env;
    process.env = { ...empty.env };
    try {
      const lookup = await findInHistory([tokens.huggingFace()], { cwd: empty.dir, budgetMs: 30_000 });
      expect(lookup).toMatchObject({ complete: true, commitsChecked: 0 });
      expect(lookup.found.size).toBe(0);
    } finally {
      process.env = saved;
    }
  });

  test('a failing git is an error, never a false "not in history"', async () => {
    const outside = sandbox.repo('not-a-repo');
    outside.run('rm', ['-rf', '.git']);
    await expect(findInHistory([late], { cwd: outside.dir, budgetMs: 30_000 })).rejects.toThrow(/not inside a git repository/);
  });
});

describe('AddedValueFinder', () => {
  const c1 = '1'.repeat(40);
  const c2 = '2'.repeat(40);
  const value = 'VALUE-0123456789';
  const output = Buffer.from(
    [
      `\x1e${c2}`,
      '',
      'diff --git a/x b/x',
      '@@ -1 +0,0 @@',
      `-old = "${value}"`, // removed by the newer commit: not where it was added
      `\x1e${c1}`,
      '',
      'diff --git a/x b/x',
      '@@ -0,0 +1 @@',
      `+old = "${value}"`,
      '',
    ].join('\n'),
  );

  test.each([1, 3, 17, output.length])('names the commit that added the value, whatever the chunking (%i-byte chunks)', (size) => {
    const finder = new AddedValueFinder([value, 'ABSENT']);
    for (let at = 0; at < output.length; at += size) finder.push(output.subarray(at, at + size));
    expect(Object.fromEntries(finder.found)).toEqual({ [value]: c1 });
    expect(finder.commits).toBe(2);
  });
});
