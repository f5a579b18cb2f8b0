// Which git processes `scan --staged` starts: each one costs the hook 10–20 ms, so the usual
// commit must need one (`git diff`), and a blocked one two more that run side by side. Counts
// processes, never times them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { CLI, Sandbox, removeSandboxes, type TempRepo } from '../git/repo.js';

const tokens = new FakeTokens(1315);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

let traces = 0;
/** The git subcommands one `leakguard scan --staged …` ran, from GIT_TRACE. */
function gitCommands(repo: TempRepo, args: string[]): { commands: string[]; code: number; stdout: string } {
  const trace = join(sandbox.root, `trace-${traces++}.txt`);
  const run = repo.run(process.execPath, [CLI, 'scan', '--staged', ...args], { env: { ...repo.env, GIT_TRACE: trace } });
  const commands = readFileSync(trace, 'utf8')
    .split('\n')
    .map((line) => /trace: built-in: git (.*)$/.exec(line)?.[1])
    .filter((command): command is string => command !== undefined)
    .map((command) => command.replace(/^(-c \S+ )+/, '').split(' ').slice(0, 2).join(' '));
  return { commands, code: run.code, stdout: run.stdout };
}

describe('git processes of scan --staged', { timeout: 60_000 }, () => {
  test('a clean commit whose work tree matches the index runs git diff alone', () => {
    const repo = sandbox.repo('clean');
    repo.write('a.py', 'x = 1\n');
    repo.write('b.md', '# notes\n');
    repo.git('add', '.');
    const { commands, code } = gitCommands(repo, ['--quiet']);
    expect(code).toBe(0);
    expect(commands).toEqual(['diff --cached']);
  });

  test('a partly staged file is read from the index through cat-file', () => {
    const repo = sandbox.repo('partial');
    repo.write('a.py', 'x = 1\n');
    repo.git('add', '.');
    repo.write('a.py', 'x = 2\n');
    expect(gitCommands(repo, ['--quiet']).commands).toEqual(['diff --cached', 'cat-file --batch']);
  });

  test('a blocked first commit asks history and the top level, without a rev-parse of HEAD', () => {
    const repo = sandbox.repo('blocked');
    repo.write('train.py', `login(token="${tokens.huggingFace()}")\n`);
    repo.git('add', '.');
    const { commands, code, stdout } = gitCommands(repo, ['--quiet']);
    expect(code).toBe(1);
    expect(stdout).toContain('only in the index, never committed');
    expect(commands.slice(0, 1)).toEqual(['diff --cached']);
    expect(commands.slice(1).sort()).toEqual(['log --ignore-missing', 'rev-parse --show-toplevel']);
  });
});
