import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readStaged } from '../../src/sources/git/staged.js';
import { gitBlobId, guessWorkTreeRoot, readBlobsFromWorkTree } from '../../src/sources/git/worktree-blobs.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes, useSandboxEnv, type TempRepo } from '../git/repo.js';

const tokens = new FakeTokens(1313);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

// readStaged runs git in this process's environment.
useSandboxEnv(sandbox);

const stagedId = (repo: TempRepo, path: string) => repo.git('rev-parse', `:${path}`);
const staged = (repo: TempRepo, cwd = repo.dir) => readStaged({ cwd, paths: [], maxFileSize: 1024 * 1024, isIgnored: () => false });

describe('gitBlobId', () => {
  test('is the id git hash-object gives the same bytes, SHA-1 and SHA-256', () => {
    const data = Buffer.from('token = os.environ["HF_TOKEN"]\r\n\u00e9\n');
    for (const format of ['sha1', 'sha256']) {
      const repo = sandbox.repo(`hash-${format}`);
      const dir = join(repo.dir, 'formatted');
      repo.git('init', '-q', `--object-format=${format}`, dir);
      const expected = execFileSync('git', ['hash-object', '--stdin'], { cwd: dir, input: data, encoding: 'utf8', env: sandbox.env }).trim();
      expect(expected).toHaveLength(format === 'sha1' ? 40 : 64);
      expect(gitBlobId(data, expected.length)).toBe(expected);
    }
    expect(gitBlobId(data, 12)).toBeUndefined();
  });
});

describe('readBlobsFromWorkTree', { timeout: 60_000 }, () => {
  test('takes a file only when it is byte for byte the staged blob', () => {
    const repo = sandbox.repo('exact');
    repo.write('same.py', 'x = 1\n');
    repo.write('edited.py', 'y = 1\n');
    repo.write('big.py', 'z = 1\n'.repeat(100));
    repo.git('add', '.');
    repo.write('edited.py', 'y = 2\n'); // partly staged: the index holds the old bytes
    const wanted = ['same.py', 'edited.py', 'big.py', 'gone.py'].map((path) => ({ id: path === 'gone.py' ? '0'.repeat(40) : stagedId(repo, path), path, maxBytes: 100 }));
    const found = readBlobsFromWorkTree(repo.dir, wanted);
    expect([...found.keys()]).toEqual([stagedId(repo, 'same.py')]);
    expect(found.get(stagedId(repo, 'same.py'))?.toString()).toBe('x = 1\n');
    expect(readBlobsFromWorkTree(undefined, wanted).size).toBe(0);
  });

  test('never opens a FIFO in the work tree for reading (it would wait for a writer)', () => {
    const repo = sandbox.repo('fifo');
    repo.write('pipe', 'staged bytes\n');
    repo.git('add', 'pipe');
    repo.remove('pipe');
    execFileSync('mkfifo', [join(repo.dir, 'pipe')]);
    expect(readBlobsFromWorkTree(repo.dir, [{ id: stagedId(repo, 'pipe'), path: 'pipe', maxBytes: 1000 }]).size).toBe(0);
  });
});

describe('guessWorkTreeRoot', () => {
  test('walks up to the directory holding .git (a directory or a linked worktree\'s file)', () => {
    const repo = sandbox.repo('root');
    mkdirSync(join(repo.dir, 'src', 'deep'), { recursive: true });
    expect(guessWorkTreeRoot(join(repo.dir, 'src', 'deep'), {})).toBe(repo.dir);
    repo.write('a.txt', 'a\n');
    repo.git('add', '.');
    repo.commitUnchecked('first');
    const linked = join(sandbox.root, 'linked');
    repo.git('worktree', 'add', '-q', linked);
    expect(guessWorkTreeRoot(linked, {})).toBe(linked);
  });

  test('follows GIT_WORK_TREE, and GIT_DIR alone means the current directory', () => {
    expect(guessWorkTreeRoot('/x/y', { GIT_WORK_TREE: '../tree' })).toBe('/x/tree');
    expect(guessWorkTreeRoot('/x/y', { GIT_DIR: '/elsewhere/.git' })).toBe('/x/y');
  });
});

describe('readStaged reads what the index holds, wherever the bytes come from', { timeout: 60_000 }, () => {
  test('a token only in the index is scanned; a token only on disk is not', async () => {
    const repo = sandbox.repo('partial');
    const token = tokens.huggingFace();
    repo.write('cfg.py', `TOKEN = "${token}"\n`);
    repo.git('add', 'cfg.py');
    repo.write('cfg.py', 'TOKEN = os.environ["HF_TOKEN"]\n');
    repo.write('clean.py', 'x = 1\n');
    repo.git('add', 'clean.py');
    repo.write('clean.py', `x = "${tokens.huggingFace()}"\n`);
    const snapshot = await staged(repo);
    expect(snapshot.files.map((file) => [file.fragment.path, file.fragment.text])).toEqual([
      ['cfg.py', `TOKEN = "${token}"\n`],
      ['clean.py', 'x = 1\n'],
    ]);
  });

  test('the same from a subdirectory, through a symlinked file, and with CRLF conversion on checkout', async () => {
    const repo = sandbox.repo('converted');
    repo.git('config', 'core.autocrlf', 'true');
    repo.write('src/app.py', 'a = 1\r\nb = 2\r\n'); // stored as LF in the blob
    repo.write('target.txt', 'linked\n');
    repo.git('add', '.');
    repo.remove('target.txt');
    repo.write('elsewhere.txt', 'linked\n');
    symlinkSync(join(repo.dir, 'elsewhere.txt'), join(repo.dir, 'target.txt')); // same bytes behind a link
    const snapshot = await staged(repo, join(repo.dir, 'src'));
    expect(Object.fromEntries(snapshot.files.map((file) => [file.fragment.path, file.fragment.text]))).toEqual({
      'src/app.py': 'a = 1\nb = 2\n',
      'target.txt': 'linked\n',
    });
  });

  test('a file larger than the limit is reported with its staged size, as git reads it', async () => {
    const repo = sandbox.repo('large');
    repo.write('data.txt', 'x'.repeat(300));
    repo.git('add', '.');
    const snapshot = await readStaged({ cwd: repo.dir, paths: [], maxFileSize: 100, isIgnored: () => false });
    expect(snapshot.files).toEqual([]);
    expect(snapshot.notes).toEqual([{ path: 'data.txt', reason: 'too-large', detail: '300 bytes, maxFileSize is 100' }]);
  });
});
