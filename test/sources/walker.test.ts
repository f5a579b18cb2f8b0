/**
 * The tree walk never loses a file to its name, never opens a special file, and reads config
 * and ignore files only when they are bounded regular files. Real odd files are created here:
 * names that are not UTF-8 (through Buffer paths), names with a newline, FIFOs and symlinks to
 * /dev/zero. Each case failed before: a silent "scanned 0 files", a hang, or gigabytes of memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/sources/files.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { BIN, tempTree } from '../support/cli.js';

const tokens = new FakeTokens(31337);

/** The CLI with a hard timeout, so a regression to blocking fails the test instead of hanging it. */
function scan(root: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'scan', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('names', { timeout: 60_000 }, () => {
  it('keeps a directory whose entries include a name that is not valid UTF-8, and scans that file too', async () => {
    const root = tempTree({ 'data/ok.py': `login(token="${tokens.huggingFace()}")\n` });
    const odd = Buffer.concat([Buffer.from(join(root, 'data/')), Buffer.from([0x6e, 0xe9, 0xff, 0x2e, 0x70, 0x79])]); // "n\xe9\xff.py"
    writeFileSync(odd, `login(token="${tokens.huggingFace()}")\n`);
    const run = scan(root, '--format', 'json');
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { path: string }[]; stats: { files: number } };
    expect(report.stats.files).toBe(2);
    expect(report.findings.map((finding) => finding.path).sort()).toEqual(['data/n\ufffd\ufffd.py', 'data/ok.py']);
  });

  it('lists names that hold a newline', async () => {
    const root = tempTree({ 'line\nbreak.py': `login(token="${tokens.huggingFace()}")\n` });
    const listing = await listFiles(['.'], { cwd: root, ignorePaths: [], maxFileSize: 1 << 20, gitignore: true });
    expect(listing.files.map((file) => file.path)).toEqual(['line\nbreak.py']);
    expect(scan(root).status).toBe(1);
  });
});

describe('special files', { timeout: 90_000 }, () => {
  it('never opens a FIFO in the tree, and notes it', () => {
    const root = tempTree({ 'a.py': 'x = 1\n' });
    mkfifo(join(root, 'pipe.py'));
    const run = scan(root, '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).notes).toContainEqual({ path: 'pipe.py', reason: 'special-file' });
  });

  it('says so when a FIFO or a symlink is named on the command line, and reads /dev/stdin as `scan -`', () => {
    const root = tempTree({ 'real.py': `login(token="${tokens.huggingFace()}")\n` });
    mkfifo(join(root, 'named.fifo'));
    symlinkSync(join(root, 'real.py'), join(root, 'link.py'));
    const fifo = scan(root, 'named.fifo');
    expect(fifo.status).toBe(0);
    expect(fifo.stdout).toContain('skipped named.fifo: not a regular file');
    const link = scan(root, 'link.py');
    expect(link.stdout).toContain('skipped link.py: a symbolic link, not followed');
    // Named explicitly, /dev/stdin is standard input (as `scan -`), never a silently skipped file.
    const piped = spawnSync(process.execPath, [BIN, 'scan', '/dev/stdin', '--stdin-filename', 'piped.py'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      input: `login(token="${tokens.huggingFace()}")\n`,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(piped.status, piped.stderr).toBe(1);
    expect(piped.stdout).toContain('piped.py');
  });

  it('does not hang on a .gitignore that is a FIFO, nor read a .gitignore, .leakguard.json or baseline that links to /dev/zero', () => {
    const fifoRoot = tempTree({ 'a.py': `login(token="${tokens.huggingFace()}")\n` });
    mkfifo(join(fifoRoot, '.gitignore'));
    mkdirSync(join(fifoRoot, 'sub'));
    mkfifo(join(fifoRoot, 'sub', '.gitignore'));
    const fifo = scan(fifoRoot, '--format', 'json');
    expect(fifo.status, fifo.stderr).toBe(1);
    expect(JSON.parse(fifo.stdout).notes).toContainEqual(expect.objectContaining({ path: '.gitignore', reason: 'special-file' }));

    const zeroRoot = tempTree({ 'a.py': `login(token="${tokens.huggingFace()}")\n` });
    symlinkSync('/dev/zero', join(zeroRoot, '.gitignore'));
    expect(scan(zeroRoot).status).toBe(1);
    symlinkSync('/dev/zero', join(zeroRoot, '.leakguard.json'));
    const config = scan(zeroRoot);
    expect(config.status).toBe(2);
    expect(config.stderr).toMatch(/cannot read config .*\.leakguard\.json: not a regular file/);
    const baselineRoot = tempTree({ 'a.py': 'x = 1\n' });
    symlinkSync('/dev/zero', join(baselineRoot, 'baseline.json'));
    const baseline = scan(baselineRoot, '--baseline', 'baseline.json');
    expect(baseline.status).toBe(2);
    expect(baseline.stderr).toContain('not a regular file');
    mkfifo(join(baselineRoot, '.leakguard.json'));
    expect(scan(baselineRoot).stderr).toMatch(/not a regular file/);
  });
});

describe('check reads bounded regular files only', () => {
  it('passes over a .env.example and a .env that link to /dev/zero or are FIFOs', async () => {
    const { runCheck } = await import('../../src/check/index.js');
    const root = tempTree({ 'train.py': 'import os\n' });
    symlinkSync('/dev/zero', join(root, '.env.example'));
    mkfifo(join(root, '.env'));
    const report = await runCheck({ cwd: root, env: { PATH: process.env['PATH'], HOME: root } });
    expect(report.variables.filter((variable) => variable.required)).toEqual([]);
  }, 20_000);
});
