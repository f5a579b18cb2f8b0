// src/git/: the one module that runs git. simple-git answers the command-style questions, raw
// pipes stream, spawnSync edits the index inside apply; all three must see the caller's
// environment (a hook's GIT_INDEX_FILE), word failures the same way and keep odd names intact.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gitCommand, gitCommandOutput } from '../../src/git/commands.js';
import { gitLines, runGit } from '../../src/git/process.js';
import { gitSync } from '../../src/git/sync.js';
import { dirtyPaths, openRepo, trackedFiles } from '../../src/migrate/git.js';
import { isIgnored, isTracked, repositoryRoot } from '../../src/check/git.js';
import { Sandbox, removeSandboxes, type TempRepo } from './repo.js';

afterAll(removeSandboxes);

const NOT_ON_PATH = 'git was not found on PATH; install git or add it to PATH';
const savedPath = process.env['PATH'];
const savedIndex = process.env['GIT_INDEX_FILE'];
afterEach(() => {
  process.env['PATH'] = savedPath;
  if (savedIndex === undefined) delete process.env['GIT_INDEX_FILE'];
  else process.env['GIT_INDEX_FILE'] = savedIndex;
});

function repoWithCommit(): { sandbox: Sandbox; repo: TempRepo } {
  const sandbox = new Sandbox();
  const repo = sandbox.repo();
  repo.write('README.md', 'hello\n');
  repo.git('add', 'README.md');
  repo.git('commit', '-q', '-m', 'first');
  return { sandbox, repo };
}

describe('git missing from PATH', () => {
  const emptyPath = mkdtempSync(join(tmpdir(), 'leakguard-nogit-'));

  it('simple-git calls reject with the one-line start error', async () => {
    const { repo, sandbox } = repoWithCommit();
    await expect(gitCommand(repo.dir, ['rev-parse', '--show-toplevel'], { env: { ...sandbox.env, PATH: emptyPath } })).rejects.toThrow(NOT_ON_PATH);
  });

  it('raw pipes and sync calls say the same, or report "no answer"', async () => {
    const { repo } = repoWithCommit();
    process.env['PATH'] = emptyPath;
    await expect(runGit(repo.dir, ['version'])).rejects.toThrow(NOT_ON_PATH);
    const stream = gitLines(repo.dir, ['log']);
    const lines: string[] = [];
    for await (const line of stream.lines) lines.push(line);
    expect(lines).toEqual([]);
    await expect(stream.exited).rejects.toThrow(NOT_ON_PATH);
    expect(gitSync(repo.dir, ['status']).status).toBe(-1);
    // check and migrate degrade to "not a repository" rather than failing.
    expect(await repositoryRoot({ cwd: repo.dir, env: process.env })).toBeUndefined();
    expect(await openRepo(repo.dir)).toBeUndefined();
  });
});

describe('outside a repository', () => {
  it('keeps its exit status and words the failure as before', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'leakguard-norepo-'));
    const env = { ...new Sandbox().env, GIT_CEILING_DIRECTORIES: tmpdir() };
    const run = await gitCommand(outside, ['rev-parse', '--show-toplevel'], { env });
    expect(run.code).toBe(128);
    await expect(gitCommandOutput(outside, ['rev-parse', '--show-toplevel'], 'scan --staged', { env })).rejects.toThrow(
      'scan --staged: not inside a git repository (run it from a clone, or use leakguard scan for plain files)',
    );
    expect(await repositoryRoot({ cwd: outside, env })).toBeUndefined();
  });

  it('a directory that does not exist is a one-line error, not a stack', async () => {
    await expect(gitCommand(join(tmpdir(), 'leakguard-gone', 'x'), ['status'])).rejects.toThrow(/^cannot run git in .*leakguard-gone.*: no such directory$/);
  });
});

describe('exit statuses that carry the answer', () => {
  it('check-ignore 0/1/128 and ls-files --error-unmatch reach check unchanged', async () => {
    const { repo, sandbox } = repoWithCommit();
    repo.write('.gitignore', '.env\n');
    repo.write('.env', 'A=1\n');
    repo.write('other.txt', 'x\n');
    const runner = { cwd: repo.dir, env: sandbox.env };
    expect(await isIgnored(runner, join(repo.dir, '.env'))).toBe(true);
    expect(await isIgnored(runner, join(repo.dir, 'other.txt'))).toBe(false);
    expect(await isIgnored(runner, '/outside/the/repo')).toBeUndefined();
    expect(await isTracked(runner, join(repo.dir, 'README.md'))).toBe(true);
    expect(await isTracked(runner, join(repo.dir, 'other.txt'))).toBe(false);
  });

  it('stdin input reaches git (check-ignore --stdin, as the audit asks)', async () => {
    const { repo, sandbox } = repoWithCommit();
    repo.write('.gitignore', '*.log\n');
    const run = await gitCommand(repo.dir, ['check-ignore', '--no-index', '-z', '--stdin'], { env: sandbox.env, input: 'a.log\0b.txt\0' });
    expect(run.stdout.split('\0').filter(Boolean)).toEqual(['a.log']);
  });
});

describe('the environment is the caller\'s', () => {
  function stagedInOtherIndex(): { repo: TempRepo; sandbox: Sandbox; index: string } {
    const { repo, sandbox } = repoWithCommit();
    const index = join(repo.dir, '.git', 'other-index');
    repo.git('read-tree', `--index-output=${index}`, 'HEAD');
    repo.write('only-in-other-index.txt', 'x\n');
    repo.run('git', ['add', 'only-in-other-index.txt'], { env: { ...sandbox.env, GIT_INDEX_FILE: index } });
    return { repo, sandbox, index };
  }

  it('GIT_INDEX_FILE given explicitly is honoured (simple-git would drop it by default)', async () => {
    const { repo, sandbox, index } = stagedInOtherIndex();
    const withIndex = await gitCommand(repo.dir, ['ls-files', '-z'], { env: { ...sandbox.env, GIT_INDEX_FILE: index } });
    const without = await gitCommand(repo.dir, ['ls-files', '-z'], { env: sandbox.env });
    expect(withIndex.stdout.split('\0')).toContain('only-in-other-index.txt');
    expect(without.stdout.split('\0')).not.toContain('only-in-other-index.txt');
  });

  it('an inherited GIT_INDEX_FILE (a `git commit -a` hook) is honoured by every path', async () => {
    const { repo, index } = stagedInOtherIndex();
    process.env['GIT_INDEX_FILE'] = index;
    expect((await gitCommand(repo.dir, ['ls-files', '-z'])).stdout.split('\0')).toContain('only-in-other-index.txt');
    expect((await runGit(repo.dir, ['ls-files', '-z'])).stdout.toString().split('\0')).toContain('only-in-other-index.txt');
    expect(gitSync(repo.dir, ['ls-files', '-z']).stdout.split('\0')).toContain('only-in-other-index.txt');
    const repoInfo = await openRepo(repo.dir);
    expect(repoInfo && [...(await trackedFiles(repoInfo))]).toContain('only-in-other-index.txt');
  });

  it('variables simple-git calls unsafe (GIT_SSH_COMMAND, a pager) pass as they would from a shell', async () => {
    const { repo, sandbox } = repoWithCommit();
    const env = { ...sandbox.env, GIT_SSH_COMMAND: 'ssh -o BatchMode=yes', GIT_PAGER: 'cat', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'From Env' };
    expect((await gitCommandOutput(repo.dir, ['config', 'user.name'], 'test', { env })).trim()).toBe('From Env');
  });
});

describe('names git would quote or mangle', () => {
  it('spaces, newlines and pathspec magic survive ls-files and status with -z and :(literal)', async () => {
    const { repo } = repoWithCommit();
    const names = ['with space.py', 'new\nline.py', 'star*.py', 'starry.py'];
    for (const name of names) repo.write(name, 'x = 1\n');
    repo.git('add', '--', ...names);
    repo.git('commit', '-q', '-m', 'odd names');
    const info = (await openRepo(repo.dir))!;
    const tracked = await trackedFiles(info);
    for (const name of names) expect(tracked.has(name), JSON.stringify(name)).toBe(true);
    repo.write('new\nline.py', 'x = 2\n');
    // `star*.py` as a glob would also match starry.py; literal, only itself is asked about.
    expect(await dirtyPaths(info, ['new\nline.py', 'star*.py', 'with space.py'])).toEqual(['new\nline.py']);
    repo.write('starry.py', 'x = 3\n');
    expect(await dirtyPaths(info, ['star*.py'])).toEqual([]);
  });

  it('a non-UTF-8 name decodes as the synchronous calls always did', async () => {
    const { repo, sandbox } = repoWithCommit();
    const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.py')]);
    writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), name]), 'x = 1\n');
    repo.git('add', '-A');
    const viaSimpleGit = (await gitCommand(repo.dir, ['ls-files', '-z'], { env: sandbox.env })).stdout.split('\0');
    const viaSpawnSync = gitSync(repo.dir, ['ls-files', '-z']).stdout.split('\0');
    expect(viaSimpleGit).toEqual(viaSpawnSync);
    expect(viaSimpleGit).toContain('caf\uFFFD.py');
    // The raw pipe keeps the bytes, for the callers that need them.
    expect((await runGit(repo.dir, ['ls-files', '-z'])).stdout.includes(name)).toBe(true);
  });
});

describe('streaming', () => {
  it('gitLines yields every line and then the exit status', async () => {
    const { repo } = repoWithCommit();
    repo.write('b.txt', 'b\n');
    repo.git('add', 'b.txt');
    repo.git('commit', '-q', '-m', 'second');
    const stream = gitLines(repo.dir, ['log', '--format=%s']);
    const lines: string[] = [];
    for await (const line of stream.lines) lines.push(line);
    expect(lines).toEqual(['second', 'first']);
    expect(await stream.exited).toEqual({ code: 0, stderr: '' });
    const bad = gitLines(repo.dir, ['log', 'no-such-revision']);
    for await (const _line of bad.lines) expect.unreachable();
    const exit = await bad.exited;
    expect(exit.code).toBe(128);
    expect(exit.stderr).toContain('no-such-revision');
  });
});
