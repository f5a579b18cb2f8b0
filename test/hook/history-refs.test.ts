import { afterAll, describe, expect, test } from 'vitest';
import { AddedValueFinder, findInHistory } from '../../src/sources/git/history-lookup.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes, useSandboxEnv } from '../git/repo.js';

const tokens = new FakeTokens(1314);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

// findInHistory runs git in this process's environment.
useSandboxEnv(sandbox);

describe('findInHistory without asking git about HEAD first', { timeout: 60_000 }, () => {
  test('an unborn HEAD (an orphan branch) still searches the other branches', async () => {
    const repo = sandbox.repo('orphan');
    const token = tokens.huggingFace();
    repo.write('a.py', `t = "${token}"\n`);
    repo.git('add', '.');
    const commit = repo.commitUnchecked('on main');
    repo.git('checkout', '-q', '--orphan', 'fresh');
    expect(repo.head()).toBeUndefined();
    const lookup = await findInHistory([token, tokens.huggingFace()], { cwd: repo.dir, budgetMs: 30_000 });
    expect(lookup).toMatchObject({ complete: true, commitsChecked: 1 });
    expect(Object.fromEntries(lookup.found)).toEqual({ [token]: commit });
  });

  test('a detached HEAD counts: a commit no branch holds yet (mid-rebase)', async () => {
    const repo = sandbox.repo('detached');
    repo.write('a.py', 'x = 1\n');
    repo.git('add', '.');
    repo.commitUnchecked('first');
    repo.git('checkout', '-q', '--detach');
    const token = tokens.huggingFace();
    repo.write('a.py', `x = "${token}"\n`);
    repo.git('add', '.');
    const detached = repo.commitUnchecked('detached');
    const lookup = await findInHistory([token], { cwd: repo.dir, budgetMs: 30_000 });
    expect(lookup.found.get(token)).toBe(detached);
  });
});

describe('AddedValueFinder across chunks of changing size', () => {
  test('finds a value cut by every possible boundary, after a larger chunk filled its buffer', () => {
    const commit = 'a'.repeat(40);
    const value = tokens.huggingFace();
    const head = Buffer.from(`\x1e${commit}\n\ndiff --git a/x b/x\n@@ -0,0 +1,2 @@\n+${'filler '.repeat(400)}\n`);
    const line = Buffer.from(`+token = "${value}"\n`);
    for (let cut = 1; cut < line.length; cut++) {
      const finder = new AddedValueFinder([value]);
      finder.push(head); // a long chunk first: later, shorter ones reuse its join buffer
      finder.push(line.subarray(0, cut));
      finder.push(line.subarray(cut));
      expect(finder.found.get(value), `cut at ${cut}`).toBe(commit);
    }
  });
});
