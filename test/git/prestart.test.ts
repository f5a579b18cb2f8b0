/** The history scan's git started before the CLI loads (src/sources/git/prestart.ts). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { adoptPrestartedLog, commitScanRequest, prestartCommitScan } from '../../src/sources/git/prestart.js';
import type { LogRun } from '../../src/sources/git/log-process.js';
import { scanGit } from '../../src/sources/git/scan-git.js';
import { CLI, PROJECT_ROOT, Sandbox, removeSandboxes, type TempRepo } from './repo.js';

const tokens = new FakeTokens(1313);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

let count = 0;
function leakyRepo(): TempRepo {
  const repo = sandbox.repo(`prestart-${++count}`);
  repo.write('train.py', `import os\nHF = "${tokens.huggingFace()}"\n`);
  repo.git('add', '.');
  repo.commitUnchecked('train');
  repo.write('train.py', 'import os\nHF = os.environ["HF_TOKEN"]\n');
  repo.git('add', '.');
  repo.commitUnchecked('fix');
  return repo;
}

/** The git a prestart left for the scan to adopt (a test's peek at the shared slot). */
function prestartedRun(): LogRun | undefined {
  return (globalThis as { [key: symbol]: { run: LogRun } | undefined })[Symbol.for('leakguard.prestartedLog')]?.run;
}

const stripDuration = (result: Awaited<ReturnType<typeof scanGit>>) => ({ ...result, stats: { ...result.stats, durationMs: 0 } });

describe('commitScanRequest', () => {
  const all = ['--all'];
  test('recognises scan --history, --range and --since, and the config file', () => {
    expect(commitScanRequest(['scan', '--history'])).toEqual({ revisions: all });
    expect(commitScanRequest(['--debug', 'scan', '--history', '--format', 'json', '--reveal'])).toEqual({ revisions: all });
    expect(commitScanRequest(['scan', '--history', '--config', 'a.json'])).toEqual({ revisions: all, configFile: 'a.json' });
    expect(commitScanRequest(['scan', '--config=b.json', '--history'])).toEqual({ revisions: all, configFile: 'b.json' });
    expect(commitScanRequest(['scan', '-c', 'c.json', '--history'])).toEqual({ revisions: all, configFile: 'c.json' });
    expect(commitScanRequest(['scan', '-cd.json', '--history'])).toEqual({ revisions: all, configFile: 'd.json' });
    expect(commitScanRequest(['scan', '--range', 'main..topic'])).toEqual({ revisions: ['--end-of-options', 'main..topic'] });
    expect(commitScanRequest(['scan', '--range=--output=x'])).toEqual({ revisions: ['--end-of-options', '--output=x'] });
    expect(commitScanRequest(['scan', '--since', 'v1'])).toEqual({ revisions: ['--end-of-options', 'v1..HEAD'] });
  });

  test('reads the PATH argument, and not the values of options that take one', () => {
    expect(commitScanRequest(['scan', 'repos/lab', '--history'])).toEqual({ revisions: all, path: 'repos/lab' });
    expect(commitScanRequest(['scan', '--history', '--format', 'json', '-o', 'out.json', '--threads', '2', '-b', 'base.json', '.'])).toEqual({ revisions: all, path: '.' });
    expect(commitScanRequest(['scan', '--history', '--format=sarif', '-fjson', '--config', 'a.json', 'lab'])).toEqual({ revisions: all, configFile: 'a.json', path: 'lab' });
    // Two paths are the CLI's usage error: no git for it.
    expect(commitScanRequest(['scan', '--history', 'a', 'b'])).toBeUndefined();
  });

  test('anything else starts nothing', () => {
    expect(commitScanRequest(['scan'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--staged'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--pre-push'])).toBeUndefined();
    expect(commitScanRequest(['baseline', '--history'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--history', '--help'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--history', '--range', 'a..b'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--range', ' '])).toBeUndefined();
    expect(commitScanRequest(['scan', '--range', 'a\nb'])).toBeUndefined();
    expect(commitScanRequest(['scan', '--since'])).toBeUndefined();
  });
});

describe('prestartCommitScan', { timeout: 60_000 }, () => {
  test('the scan adopts the git started early and finds what it finds without it', async () => {
    const repo = leakyRepo();
    const without = await scanGit({ cwd: repo.dir, mode: { kind: 'history' } });
    expect(prestartCommitScan(['scan', '--history'], repo.dir)).toBe(true);
    const early = prestartedRun();
    expect(early).toBeDefined();
    const kill = vi.spyOn(early!.child, 'kill');
    const withPrestart = await scanGit({ cwd: repo.dir, mode: { kind: 'history' } });
    expect(prestartedRun()).toBeUndefined();
    expect(kill).not.toHaveBeenCalled();
    expect(await early!.exited).toBe(0);
    expect(withPrestart.findings).toHaveLength(1);
    expect(stripDuration(withPrestart)).toEqual(stripDuration(without));
  });

  test('scan --range adopts it too', async () => {
    const repo = leakyRepo();
    const range = `${repo.git('rev-list', '--max-parents=0', 'HEAD')}..HEAD`;
    const without = await scanGit({ cwd: repo.dir, mode: { kind: 'range', range } });
    expect(prestartCommitScan(['scan', '--range', range, '--format', 'json'], repo.dir)).toBe(true);
    const kill = vi.spyOn(prestartedRun()!.child, 'kill');
    const withPrestart = await scanGit({ cwd: repo.dir, mode: { kind: 'range', range } });
    expect(kill).not.toHaveBeenCalled();
    expect(stripDuration(withPrestart)).toEqual(stripDuration(without));
  });

  test('a wrong guess of the size limit stops the early git and starts the right one', async () => {
    const repo = leakyRepo();
    // The guess reads .leakguard.json; the scan is told to use another file.
    repo.write('.leakguard.json', JSON.stringify({ maxFileSize: 1000 }));
    const other = join(sandbox.root, `other-${count}.json`);
    writeFileSync(other, JSON.stringify({ maxFileSize: 4096 }));
    expect(prestartCommitScan(['scan', '--history'], repo.dir)).toBe(true);
    const early = prestartedRun()!;
    expect(early.child.spawnargs).toContain('core.bigFileThreshold=1000');
    const kill = vi.spyOn(early.child, 'kill');
    const result = await scanGit({ cwd: repo.dir, mode: { kind: 'history' }, configFile: other });
    expect(kill).toHaveBeenCalled();
    expect(result.findings).toEqual([expect.objectContaining({ path: 'train.py', line: 2 })]);
  });

  test('a log for another directory is not adopted', () => {
    const repo = leakyRepo();
    expect(prestartCommitScan(['scan', '--history'], repo.dir)).toBe(true);
    const early = prestartedRun()!;
    const kill = vi.spyOn(early.child, 'kill');
    expect(adoptPrestartedLog(sandbox.root, early.child.spawnargs.slice(1))).toBeUndefined();
    expect(kill).toHaveBeenCalled();
    expect(prestartedRun()).toBeUndefined();
  });

  test('not a history scan: nothing starts', () => {
    expect(prestartCommitScan(['scan', '.'], sandbox.root)).toBe(false);
    expect(prestartedRun()).toBeUndefined();
  });

  test('a process that never scans exits at once, and its early git is stopped', () => {
    const repo = leakyRepo();
    const prestart = join(PROJECT_ROOT, 'dist', 'src', 'sources', 'git', 'prestart.js');
    const script = `const m = await import(${JSON.stringify(prestart)}); m.prestartCommitScan(['scan', '--history'], process.cwd());` +
      `console.log(globalThis[Symbol.for('leakguard.prestartedLog')].run.child.pid);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repo.dir, encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0); // null if it hung on git's pipe until the timeout
    const pid = Number(run.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5000;
    while (alive() && Date.now() < deadline) spawnSync('sleep', ['0.05']);
    expect(alive()).toBe(false);
  });

  // Through bin/leakguard.js, as users run it: the launcher starts git, the bundle adopts it.
  test('the CLI runs one git log, never a second beside the early one', () => {
    const repo = leakyRepo();
    const gitLogs = (args: string[]): { logs: number; findings: unknown } => {
      const trace = join(sandbox.root, `prestart-trace-${++count}.txt`);
      const run = repo.run(process.execPath, [CLI, 'scan', '--history', '--format', 'json', ...args], { env: { ...repo.env, GIT_TRACE: trace } });
      expect(run.code, run.stderr).toBe(1);
      const logs = readFileSync(trace, 'utf8').split('\n').filter((line) => /trace: built-in: git (-c \S+ )*log /.test(line)).length;
      return { logs, findings: (JSON.parse(run.stdout) as { findings: unknown }).findings };
    };
    const plain = gitLogs([]);
    expect(plain.logs).toBe(1);
    // A size limit the launcher cannot read off the config (another file, named by --config)
    // still ends in one adopted or restarted log, and the same findings.
    writeFileSync(join(repo.dir, 'other.json'), JSON.stringify({ maxFileSize: 1024 * 1024 }));
    const configured = gitLogs(['--config', 'other.json']);
    expect(configured.logs).toBeLessThanOrEqual(2);
    expect(configured.findings).toEqual(plain.findings);
  });

  test('scan PATH --history from another directory adopts the early git too', () => {
    const repo = leakyRepo();
    const trace = join(sandbox.root, `prestart-trace-${++count}.txt`);
    const relative = join('..', basename(repo.dir));
    const from = join(repo.dir, '..', `elsewhere-${count}`);
    mkdirSync(from);
    const run = spawnSync(process.execPath, [CLI, 'scan', relative, '--history', '--format', 'json'], { cwd: from, encoding: 'utf8', env: { ...repo.env, GIT_TRACE: trace }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(1);
    const logs = readFileSync(trace, 'utf8').split('\n').filter((line) => /trace: built-in: git (-c \S+ )*log /.test(line)).length;
    expect(logs).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings).toEqual([expect.objectContaining({ path: 'train.py', line: 2 })]);
  });

  test('a PATH that is not a directory starts nothing', () => {
    expect(prestartCommitScan(['scan', 'no-such-dir', '--history'], sandbox.root)).toBe(false);
    expect(prestartedRun()).toBeUndefined();
  });
});
