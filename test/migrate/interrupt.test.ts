/**
 * Interrupted runs, with real signals on a real child process: `kill -9` at several points of the
 * apply must never leave a file holding a value that git would pick up, and a re-run must end in
 * exactly the tree an uninterrupted run produces; SIGINT / SIGTERM during the apply finish it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, runCli } from '../support/cli.js';
import { snapshot } from './support.js';

const { materializeDemo } = (await import(join(REPO_ROOT, 'scripts', 'materialize-demo.mjs'))) as { materializeDemo: (target: string) => string };

function freshDemo(): string {
  return materializeDemo(join(mkdtempSync(join(tmpdir(), 'leakguard-interrupt-')), 'repo'));
}

function gitLines(root: string, args: string[]): string[] {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return run.stdout.split('\n').filter((line) => line.length > 0);
}

/** Starts migrate held at `point`, waits until it reports holding there, then sends `signal`. */
function interruptAt(root: string, point: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'migrate'], { cwd: root, env: { ...process.env, NO_COLOR: '1', LEAKGUARD_TEST_HOLD_AT: point }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && stderr.includes(`holding at ${point}`)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, received) => (sent ? resolve({ code, signal: received, stderr }) : reject(new Error(`never reached ${point}: ${stderr}`))));
  });
}

function values(root: string): string[] {
  const env = readFileSync(join(root, '.env'), 'utf8');
  return env
    .split('\n')
    .map((line) => /^[A-Z_][A-Z0-9_]*=(.{20,})$/.exec(line)?.[1])
    .filter((value): value is string => value !== undefined);
}

/** Untracked files git would add (not ignored) that hold any of the values. */
function exposed(root: string, secrets: readonly string[]): string[] {
  return gitLines(root, ['ls-files', '--others', '--exclude-standard']).filter((path) => {
    const text = readFileSync(join(root, path), 'latin1');
    return secrets.some((secret) => text.includes(secret));
  });
}

function temps(root: string): string[] {
  return [...snapshot(root).keys()].filter((path) => /\.leakguard-[0-9a-f]{8}\.tmp$/.test(path));
}

describe('migrate interrupted by real signals', () => {
  const reference = freshDemo();
  const first = runCli(['migrate'], reference);
  const expected = snapshot(reference);
  const secrets = values(reference);

  it('the reference run migrates the demo repository', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(exposed(reference, secrets)).toEqual([]);
  });

  // Steps: .gitignore, .dockerignore, the journal, .env, replace-text, sources, generated, templates.
  for (const point of ['0:tmp', '1:done', '2:tmp', '3:tmp', '4:done', '7:tmp', '10:done', '16:done']) {
    it(`kill -9 at ${point}: nothing holding a value is exposed, and a re-run converges`, { timeout: 60_000 }, async () => {
      const root = freshDemo();
      const killed = await interruptAt(root, point, 'SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      expect(exposed(root, secrets)).toEqual([]);
      const again = runCli(['migrate'], root);
      expect(again.status, again.stderr + again.stdout).toBe(0);
      expect(temps(root)).toEqual([]);
      expect(snapshot(root)).toEqual(expected);
      expect(gitLines(root, ['ls-files'])).toEqual(gitLines(reference, ['ls-files']));
      // And a third run has nothing left to do.
      expect(runCli(['migrate'], root).stdout).toMatch(/nothing to migrate/);
    });
  }

  for (const [signal, point] of [
    ['SIGINT', '5:done'],
    ['SIGTERM', '2:tmp'],
    ['SIGINT', '0:done'],
  ] as const) {
    it(`${signal} at ${point} finishes the apply, leaves no temp file and exits 130`, { timeout: 60_000 }, async () => {
      const root = freshDemo();
      const result = await interruptAt(root, point, signal);
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toMatch(new RegExp(`${signal} arrived while the changes were being written`));
      expect(temps(root)).toEqual([]);
      expect(snapshot(root)).toEqual(expected);
    });
  }
});
