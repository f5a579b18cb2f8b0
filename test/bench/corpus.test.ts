import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { corpusModule, historyModule, secretsModule, type TreeManifest } from './bench-modules.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-bench-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GIT_ENV = {
  ...process.env,
  HOME: scratch,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

const SMALL = { files: 150, sizeBytes: 1024 * 1024, secrets: 18, seed: 7 };

describe('bench corpus: tree', () => {
  let first: TreeManifest;
  const dirA = join(scratch, 'a');
  const dirB = join(scratch, 'b');

  it('writes the stated number of files and secrets, near the requested size', async () => {
    const { generateTree } = await corpusModule();
    first = generateTree({ dir: dirA, ...SMALL });
    expect(first.files).toBe(SMALL.files);
    expect(filesUnder(dirA)).toHaveLength(SMALL.files);
    expect(first.secrets).toHaveLength(SMALL.secrets);
    expect(first.bytes).toBeGreaterThan(SMALL.sizeBytes * 0.8);
    expect(first.bytes).toBeLessThan(SMALL.sizeBytes * 1.5);
    const onDisk = filesUnder(dirA).reduce((sum, path) => sum + statSync(join(dirA, path)).size, 0);
    expect(onDisk).toBe(first.bytes);
  });

  it('is deterministic: the same seed writes the same bytes, another seed does not', async () => {
    const { generateTree } = await corpusModule();
    const second = generateTree({ dir: dirB, ...SMALL });
    expect(second.digest).toBe(first.digest);
    expect(filesUnder(dirB)).toEqual(filesUnder(dirA));
    for (const path of filesUnder(dirA).slice(0, 40)) {
      expect(readFileSync(join(dirB, path)).equals(readFileSync(join(dirA, path)))).toBe(true);
    }
    const other = generateTree({ dir: join(scratch, 'c'), ...SMALL, seed: 8 });
    expect(other.digest).not.toBe(first.digest);
  });

  it('puts each seeded secret on the line the manifest names, one kind after another', async () => {
    const { SECRET_KINDS } = await secretsModule();
    for (const secret of first.secrets) {
      const line = readFileSync(join(dirA, secret.path), 'utf8').split('\n')[secret.line - 1];
      expect(line, secret.path).toContain(secret.token);
    }
    expect(new Set(first.secrets.map((secret) => secret.token)).size).toBe(SMALL.secrets);
    expect(new Set(first.secrets.map((secret) => secret.kind))).toEqual(new Set(SECRET_KINDS.map((kind) => kind.kind)));
  });

  it('keeps its manifest outside the tree, so scanners never read the tokens twice', async () => {
    const { manifestPath } = await corpusModule();
    expect(manifestPath(dirA).startsWith(`${dirA}/`)).toBe(false);
    expect(JSON.parse(readFileSync(manifestPath(dirA), 'utf8')).digest).toBe(first.digest);
  });

  it('is found exactly by leakguard scan: every seeded secret, nothing else', () => {
    git(dirA, ['init', '-q', '-b', 'main']);
    const run = runCli(['scan', '.', '--format', 'json'], dirA);
    expect(run.status).toBe(1);
    const found = (JSON.parse(run.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => `${f.path}:${f.line}`);
    expect(found.sort()).toEqual(first.secrets.map((secret) => `${secret.path}:${secret.line}`).sort());
  });

  it('split-scan (the pool ceiling) finds the same secrets on one worker as on two', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bench', 'split-scan.mjs'), dirA, '--reps', '1'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const measured = JSON.parse(run.stdout) as { findings: number; oneMs: number; twoMs: number; ratio: number };
    expect(measured.findings).toBe(first.secrets.length);
    expect(measured.oneMs).toBeGreaterThan(0);
    expect(measured.twoMs).toBeGreaterThan(0);
  });

  it('reads sizes as a person writes them', async () => {
    const { parseSize } = await corpusModule();
    expect(parseSize('200MB')).toBe(200 * 1024 * 1024);
    expect(parseSize('1.5g')).toBe(Math.round(1.5 * 1024 ** 3));
    expect(parseSize('4096')).toBe(4096);
    expect(() => parseSize('lots')).toThrow(/cannot read size/);
  });
});

describe('bench corpus: history', () => {
  it('builds the stated number of commits with fast-import, identically for the same seed', async () => {
    const { generateHistory } = await historyModule();
    const options = { commits: 60, baseFiles: 40, baseBytes: 200 * 1024, secretEvery: 20, seed: 3 };
    const manifest = generateHistory({ dir: join(scratch, 'h1'), ...options });
    generateHistory({ dir: join(scratch, 'h2'), ...options });
    expect(git(join(scratch, 'h1'), ['rev-list', '--count', 'HEAD'])).toBe('60');
    expect(git(join(scratch, 'h1'), ['rev-parse', 'HEAD'])).toBe(git(join(scratch, 'h2'), ['rev-parse', 'HEAD']));
    expect(manifest.secrets.map((secret) => secret.commit)).toEqual([10, 30, 50]);
  });

  it('hands scan --history one finding per introduced secret', async () => {
    const manifest = JSON.parse(readFileSync(`${join(scratch, 'h1')}.manifest.json`, 'utf8')) as { secrets: { token: string }[] };
    const run = runCli(['scan', '--history', '--format', 'json', '--reveal'], join(scratch, 'h1'));
    expect(run.status).toBe(1);
    const found = (JSON.parse(run.stdout) as { findings: { secret: string }[] }).findings.map((f) => f.secret);
    expect(found.sort()).toEqual(manifest.secrets.map((secret) => secret.token).sort());
  });
});
