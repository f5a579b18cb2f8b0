// The hook runs on every commit: simple-git (~20 ms to load, ARCHITECTURE.md "Git") must stay
// off `scan --staged` and `scan --history`, and load only for the command-style questions of
// check, migrate and the HTML audit.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, Sandbox, removeSandboxes, type TempRepo } from './repo.js';

afterAll(removeSandboxes);

// A string only simple-git's own code holds (the variable it sets on every git it spawns).
const SIMPLE_GIT_MARK = 'GIT_TEST_DISALLOW_ABBREVIATED_OPTIONS';

function loadedCode(repo: TempRepo, args: string[]): string {
  const trace = join(mkdtempSync(join(tmpdir(), 'leakguard-trace-')), 'imports.txt');
  const run = repo.run(process.execPath, ['--import', join(PROJECT_ROOT, 'test/support/trace-imports.mjs'), CLI, ...args], {
    env: { ...repo.env, LEAKGUARD_TRACE_FILE: trace },
  });
  expect(run.code, run.stderr).toBeLessThan(2);
  return readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => readFileSync(fileURLToPath(url), 'utf8'))
    .join('\n');
}

describe('simple-git stays off the hook path', () => {
  it('scan --staged and scan --history never load it; check does', () => {
    const repo = new Sandbox().repo();
    repo.write('a.py', 'x = 1\n');
    repo.git('add', 'a.py');
    repo.git('commit', '-q', '-m', 'first');
    repo.write('b.py', 'y = 2\n');
    repo.git('add', 'b.py');
    expect(loadedCode(repo, ['scan', '--staged'])).not.toContain(SIMPLE_GIT_MARK);
    expect(loadedCode(repo, ['scan', '--history'])).not.toContain(SIMPLE_GIT_MARK);
    expect(loadedCode(repo, ['check'])).toContain(SIMPLE_GIT_MARK);
  }, 60_000);
});
