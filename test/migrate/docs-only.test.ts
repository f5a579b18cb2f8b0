/**
 * Values that only documentation shows (README prose) are no variables: the doc gets its
 * placeholder, the value is listed for rotation and in the replace-text file, and it is kept in
 * .env as a commented line naming where it was; .env.example never asks for it. Runs the built CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { parseDotenv } from '../../src/migrate/envfile.js';
import type { MigrationReport } from '../../src/migrate/report.js';
import { runCli } from '../support/cli.js';
import { makeRepo } from './support.js';

describe('values only documentation shows', () => {
  it('become no variable, stay recoverable in .env, and are listed for rotation and purge', () => {
    const tokens = new FakeTokens(1212);
    const docsWandb = tokens.wandbLegacy();
    const docsHf = tokens.huggingFace();
    const codeHf = tokens.huggingFace();
    const root = makeRepo({
      'README.md': [
        '# Demo',
        '',
        `Log in to W&B: wandb login ${docsWandb}`,
        '',
        '```bash',
        `TOKEN=${docsHf} python train.py`,
        '```',
        '',
        `The script itself uses ${codeHf}.`,
        '',
      ].join('\n'),
      // The code reads this one under an alias: the README's copy keeps the code's name.
      'train.py': `import os\n\nHF_TOKEN = os.environ.get("HUGGING_FACE_HUB_TOKEN", "${codeHf}")\n`,
    });

    const migrated = runCli(['migrate', '--format', 'json'], root);
    expect(migrated.stderr).toBe('');
    expect(migrated.status).toBe(0);
    const report = JSON.parse(migrated.stdout) as MigrationReport;

    // .env.example asks only for the variable the code reads.
    const template = parseDotenv(readFileSync(join(root, '.env.example'), 'utf8')).map((entry) => entry.key);
    expect(template).toEqual(['HUGGING_FACE_HUB_TOKEN']);
    // .env: the code's value as a variable, the docs-only ones as commented lines saying where they were.
    const env = readFileSync(join(root, '.env'), 'utf8');
    expect(parseDotenv(env).map((entry) => [entry.key, entry.value])).toEqual([['HUGGING_FACE_HUB_TOKEN', codeHf]]);
    expect(env).toContain(`# WANDB_API_KEY=${docsWandb}\n`);
    expect(env).toContain(`# HF_TOKEN=${docsHf}\n`);
    expect(env).toMatch(/# only in documentation \(README\.md:3\), read by no code/);
    expect(env).toMatch(/# only in documentation \(README\.md:6\), read by no code/);

    // No `TOKEN`/`TOKEN_2` from prose: the docs-only values carry their rule's name and are marked.
    const byValue = new Map(report.values.map((value) => [value.redacted, value]));
    expect(report.values.map((value) => value.envVar).sort()).toEqual(['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'WANDB_API_KEY']);
    const docsOnly = report.values.filter((value) => value.env === 'docs-only');
    expect(docsOnly.map((value) => value.envVar).sort()).toEqual(['HF_TOKEN', 'WANDB_API_KEY']);
    const shared = report.values.find((value) => value.env === 'added');
    expect(shared?.envVar).toBe('HUGGING_FACE_HUB_TOKEN');
    expect(shared?.sites.map((site) => site.path).sort()).toEqual(['README.md', 'train.py']);
    expect(byValue.size).toBe(3);
    expect(report.notes.join('\n')).toMatch(/appeared only in documentation/);

    // Rotation list (the report's values) and the purge file hold all three.
    const replaceText = readFileSync(join(root, '.leakguard', 'replace-text.txt'), 'utf8');
    for (const value of [docsWandb, docsHf, codeHf]) expect(replaceText).toContain(`${value}==>***REMOVED***`);

    // The README shows placeholders; the code keeps its variable name for the shared value.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const value of [docsWandb, docsHf, codeHf]) expect(readme).not.toContain(value);
    expect(readme).toContain('wandb login $WANDB_API_KEY\n');

    const scan = runCli(['scan', '.'], root);
    expect(scan.stdout).toMatch(/^No credentials found/);
    expect(scan.status).toBe(0);

    // A second run has nothing left to do and leaves .env as it was.
    const again = runCli(['migrate', '--format', 'json'], root);
    expect((JSON.parse(again.stdout) as MigrationReport).nothingToMigrate).toBe(true);
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(env);
  }, 60_000);

  it('a repository whose only values are in its docs gets no .env.example at all', () => {
    const tokens = new FakeTokens(1213);
    const wandb = tokens.wandbLegacy();
    const hf = tokens.huggingFace();
    const root = makeRepo({ 'docs/setup.md': `# Setup\n\n    wandb login ${wandb}\n    huggingface-cli login --token ${hf}\n`, 'train.py': 'print("hi")\n' });
    const migrated = runCli(['migrate', '--format', 'json'], root);
    expect(migrated.status, migrated.stderr).toBe(0);
    const report = JSON.parse(migrated.stdout) as MigrationReport;
    expect(report.values.map((value) => [value.envVar, value.env]).sort()).toEqual([['HF_TOKEN', 'docs-only'], ['WANDB_API_KEY', 'docs-only']]);
    expect(existsSync(join(root, '.env.example'))).toBe(false);
    const env = readFileSync(join(root, '.env'), 'utf8');
    expect(parseDotenv(env)).toEqual([]);
    expect(env).toContain(`# WANDB_API_KEY=${wandb}\n`);
    expect(env).toContain(`# HF_TOKEN=${hf}\n`);
    const replaceText = readFileSync(join(root, '.leakguard', 'replace-text.txt'), 'utf8');
    expect(replaceText).toContain(`${wandb}==>***REMOVED***`);
    expect(replaceText).toContain(`${hf}==>***REMOVED***`);
    expect(runCli(['scan', '.'], root).status).toBe(0);
  }, 60_000);
});
