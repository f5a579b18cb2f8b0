/**
 * A repository's `.leakguard.json` cannot silently turn the scanner off: ignore patterns that
 * drop every file, most files, or match every path are a warning in the hook's output and a
 * note in every report format; empty patterns are refused by the schema instead of crashing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { validateConfig } from '../../src/config/schema.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes } from '../git/repo.js';

const tokens = new FakeTokens(5150);
const sandbox = new Sandbox();
afterAll(removeSandboxes);
let repoCount = 0;

describe('ignorePaths that switch the scanner off', { timeout: 120_000 }, () => {
  test('"**" in a committed config: the hook passes the commit but warns, naming the config', () => {
    const repo = sandbox.repo(`blanket-${++repoCount}`);
    expect(repo.leakguard('install').code).toBe(0);
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ ignorePaths: ['**'] }));
    writeFileSync(join(repo.dir, 'train.py'), `login(token="${tokens.huggingFace()}")\n`);
    repo.git('add', '.');
    const commit = repo.commit('-m', 'sneaky');
    expect(commit.output).toContain('.leakguard.json: warning: ignorePaths drops 2 of 2 files; "**" matches every path');
    const tree = JSON.parse(repo.leakguard('scan', '--format', 'json').stdout) as { notes: { path: string; reason: string; detail: string }[] };
    expect(tree.notes[0]).toMatchObject({ path: '.leakguard.json', reason: 'config' });
    // --quiet hides a clean result, never this warning.
    const quiet = repo.leakguard('scan', '--staged', '--quiet');
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toContain('.leakguard.json: warning: "**" matches every path');
    const github = repo.leakguard('scan', '--format', 'github').stdout;
    expect(github).toMatch(/^::warning file=\.leakguard\.json,title=leakguard config::/m);
  });

  test('a pattern that drops most files warns; a narrow one does not', () => {
    const repo = sandbox.repo(`share-${++repoCount}`);
    for (let i = 0; i < 12; i++) writeFileSync(join(repo.dir, `m${i}.py`), 'x = 1\n');
    writeFileSync(join(repo.dir, 'README.md'), 'hi\n');
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ ignorePaths: ['*.py'] }));
    expect(repo.leakguard('scan').stdout).toMatch(/warning: ignorePaths drops 12 of 14 files/);
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ ignorePaths: ['m1.py'] }));
    expect(repo.leakguard('scan').stdout).not.toContain('warning');
  });
});

describe('schema', () => {
  test('rejects empty and blank patterns with a message naming the key (they used to crash the scan)', () => {
    expect(() => validateConfig({ ignorePaths: [''] }, '.leakguard.json')).toThrow(/ignorePaths\.0: must not be empty/);
    expect(() => validateConfig({ ignorePaths: ['  '] }, '.leakguard.json')).toThrow(/ignorePaths\.0: must not be empty/);
    expect(() => validateConfig({ allowValues: [''] }, '.leakguard.json')).toThrow(/allowValues\.0/);
    expect(() => validateConfig({ disabledRules: [''] }, '.leakguard.json')).toThrow(/disabledRules\.0/);
  });

  test('the CLI turns ignorePaths [""] into a one-line config error, not "internal error"', () => {
    const repo = sandbox.repo(`empty-${++repoCount}`);
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ ignorePaths: [''] }));
    writeFileSync(join(repo.dir, 'a.py'), 'x = 1\n');
    const run = repo.leakguard('scan');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid config .*ignorePaths\.0: must not be empty/);
    expect(run.stderr).not.toContain('internal error');
  });
});
