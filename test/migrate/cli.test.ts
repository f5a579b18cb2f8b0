import { chmodSync, existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { migrate } from '../../src/migrate/index.js';
import type { MigrationReport } from '../../src/migrate/report.js';
import { runCli } from '../support/cli.js';
import { git, gitEnv, makeRepo, snapshot } from './support.js';

const tokens = new FakeTokens(404);
const envOf = (root: string): NodeJS.ProcessEnv => gitEnv(join(root, '..', 'home'));

describe('leakguard migrate (CLI)', () => {
  it('refuses with exit 3 when a file it would change has uncommitted changes, unless --allow-dirty', () => {
    const secret = tokens.huggingFace();
    const root = makeRepo({ 'train.sh': `#!/bin/bash\nexport HF_TOKEN=${secret}\n`, 'notes.md': 'clean\n' });
    writeFileSync(join(root, 'train.sh'), `#!/bin/bash\nexport HF_TOKEN=${secret}\necho local edit\n`);
    const before = snapshot(root);
    const refused = runCli(['migrate'], root, envOf(root));
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/^leakguard: migrate: files it would change have uncommitted changes \(train\.sh\).*--allow-dirty\n$/);
    expect(snapshot(root)).toEqual(before);

    const allowed = runCli(['migrate', '--allow-dirty'], root, envOf(root));
    expect(allowed.status).toBe(0);
    expect(readFileSync(join(root, 'train.sh'), 'utf8')).toContain('export HF_TOKEN="${HF_TOKEN:?set HF_TOKEN in .env}"\necho local edit\n');
  });

  it('migrates only the named files, run from a subdirectory, with .env at the repository root', () => {
    const one = tokens.huggingFace();
    const two = tokens.huggingFace();
    const root = makeRepo({ 'jobs/a.sh': `#!/bin/bash\nexport HF_TOKEN=${one}\n`, 'jobs/b.sh': `#!/bin/bash\nexport HF_TOKEN=${two}\n` });
    const run = runCli(['migrate', 'a.sh'], join(root, 'jobs'), envOf(root));
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(root, 'jobs/a.sh'), 'utf8')).not.toContain(one);
    expect(readFileSync(join(root, 'jobs/b.sh'), 'utf8')).toContain(two);
    expect(readFileSync(join(root, '.env'), 'utf8')).toContain(one);
    expect(runCli(['migrate', 'a.sh', 'jobs'], root, envOf(root)).stderr).toMatch(/give one project directory, or one or more files/);
  });

  it('leaves a base64-encoded credential to the user, without storing the encoded text as the value', () => {
    const encoded = Buffer.from(tokens.huggingFace()).toString('base64');
    const source = `import base64\nHF_TOKEN = base64.b64decode("${encoded}").decode()\n`;
    const root = makeRepo({ 'serve.py': source });
    const run = runCli(['migrate', '--format', 'json'], root, envOf(root));
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as MigrationReport;
    expect(JSON.stringify(report.files)).toContain('base64-encoded credential');
    expect(report.notes.join('\n')).toContain('put the decoded value in .env as HF_TOKEN by hand');
    expect(readFileSync(join(root, 'serve.py'), 'utf8')).toBe(source);
    expect(existsSync(join(root, '.env')) ? readFileSync(join(root, '.env'), 'utf8') : '').not.toContain(encoded);
  });

  it('leaves a credential split across string literals to the user, but keeps its joined value in .env', () => {
    const secret = tokens.huggingFace();
    const source = `HF_TOKEN = "${secret.slice(0, 12)}" + "${secret.slice(12)}"\n`;
    const root = makeRepo({ 'split.py': source });
    const run = runCli(['migrate', '--format', 'json'], root, envOf(root));
    expect(run.status).toBe(1);
    expect(JSON.stringify((JSON.parse(run.stdout) as MigrationReport).files)).toContain('split across string literals');
    expect(readFileSync(join(root, 'split.py'), 'utf8')).toBe(source);
    expect(readFileSync(join(root, '.env'), 'utf8')).toContain(`HF_TOKEN=${secret}`);
  });

  it('works outside a git repository and says so', () => {
    const secret = tokens.wandbV1();
    const root = makeRepo({ '.env': `WANDB_API_KEY=${secret}\n`, 'run.sh': `#!/bin/sh\nwandb login ${secret}\n` }, { git: false });
    const run = runCli(['migrate', '--format', 'json'], root, envOf(root));
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as MigrationReport;
    expect(report.notes.join('\n')).toContain('not a git repository');
    expect(report.untracked).toEqual([]);
    expect(report.files.map((file) => [file.path, file.status])).toEqual([['.env', 'untracked'], ['run.sh', 'changed']]);
    expect(report.values[0]!.commits).toBeNull();
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toContain('.env\n');
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(`WANDB_API_KEY=${secret}\n`);
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
  });

  it('prints the report as JSON, redacted unless --reveal, with the commits holding each value', () => {
    const secret = tokens.huggingFace();
    const root = makeRepo({ 'deploy.sh': `#!/bin/bash\nHF_TOKEN=${secret} python push.py\n` });
    const commit = git(root, ['rev-parse', '--short', 'HEAD']).trim();
    const dry = runCli(['migrate', '--dry-run', '--format', 'json'], root, envOf(root));
    expect(dry.status).toBe(0);
    expect(dry.stdout).not.toContain(secret);
    const report = JSON.parse(dry.stdout) as MigrationReport;
    expect(report).toMatchObject({ version: 1, dryRun: true, summary: { changed: 1, manual: 0, values: 1 } });
    expect(report.values[0]).toMatchObject({ envVar: 'HF_TOKEN', provider: 'huggingface', commits: [commit], env: 'added' });
    expect(report.values[0]).not.toHaveProperty('secret');
    expect(report.diff).toContain('+HF_TOKEN="${HF_TOKEN:?set HF_TOKEN in .env}" python push.py');
    const revealed = JSON.parse(runCli(['migrate', '--dry-run', '--format', 'json', '--reveal'], root, envOf(root)).stdout) as MigrationReport;
    expect(revealed.values[0]!.secret).toBe(secret);
  });

  it('exits 1 while values still need manual work, and 0 with nothing to migrate', () => {
    const secret = tokens.huggingFace();
    const root = makeRepo({ 'settings.yml': `upload_secret: ${secret}\n` });
    const first = runCli(['migrate'], root, envOf(root));
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/manual +settings\.yml +plain YAML has no interpolation/);
    expect(readFileSync(join(root, 'settings.yml'), 'utf8')).toBe(`upload_secret: ${secret}\n`);
    expect(readFileSync(join(root, '.env'), 'utf8')).toContain(`HF_TOKEN=${secret}\n`);

    const clean = makeRepo({ 'train.py': 'import os\ntoken = os.environ["HF_TOKEN"]\n' });
    const run = runCli(['migrate'], clean, envOf(clean));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('leakguard migrate: nothing to migrate (no hardcoded credentials found)\n');
    expect(existsSync(join(clean, '.env'))).toBe(false);
    expect(existsSync(join(clean, '.gitignore'))).toBe(false);
  });

  it('rejects bad arguments with a one-line usage error', () => {
    const root = makeRepo({ 'a.txt': 'x\n' });
    for (const args of [['--style', 'magic'], ['--format', 'sarif'], ['a', 'b'], ['--nope']]) {
      const run = runCli(['migrate', ...args], root, envOf(root));
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runCli(['migrate', '--help'], root, envOf(root)).stdout).toContain('--dry-run');
    expect(runCli(['migrate', 'missing-dir'], root, envOf(root)).stderr).toContain('is not a directory');
  });

  it('takes the project root as PATH', () => {
    const secret = tokens.runpod();
    const root = makeRepo({ 'ml/run.sh': `#!/bin/bash\nexport RUNPOD_API_KEY=${secret}\n` });
    const run = runCli(['migrate', 'ml'], root, envOf(root));
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, 'ml', '.env'), 'utf8')).toContain(`RUNPOD_API_KEY=${secret}`);
    expect(existsSync(join(root, '.env'))).toBe(false);
  });
});

describe('migrate (library)', () => {
  it('never overwrites an existing .env entry and names a conflicting value apart', async () => {
    const old = tokens.huggingFace();
    const hardcoded = tokens.huggingFace();
    const root = makeRepo({ '.gitignore': '.env\n', 'run.sh': `#!/bin/bash\nexport HF_TOKEN=${hardcoded}\n` });
    writeFileSync(join(root, '.env'), `HF_TOKEN=${old}\n`, { mode: 0o644 });
    const { report } = await migrate({ root, history: false });
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(`HF_TOKEN=${old}\n\n# added by leakguard migrate\nHF_TOKEN_2=${hardcoded}\n`);
    expect(readFileSync(join(root, 'run.sh'), 'utf8')).toContain('export HF_TOKEN="${HF_TOKEN_2:?set HF_TOKEN_2 in .env}"');
    expect(report.notes.join('\n')).toContain('.env already had HF_TOKEN with a different value');
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
  });

  it('keeps file modes, leaves symlinks and non-UTF-8 scripts alone, and redacts non-UTF-8 docs byte-exactly', async () => {
    const secret = tokens.huggingFace();
    const latin1 = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(` token ${secret}\n`)]);
    const root = makeRepo({
      'bin/run.sh': `#!/bin/bash\nexport HF_TOKEN=${secret}\n`,
      'logs/old.log': latin1,
      'legacy.sh': latin1,
      'target.md': `token ${secret}\n`,
    });
    chmodSync(join(root, 'bin/run.sh'), 0o755);
    symlinkSync('target.md', join(root, 'link.md'));
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'modes']);
    const { report } = await migrate({ root, history: false });
    const status = Object.fromEntries(report.files.map((file) => [file.path, file.status]));
    expect(status).toMatchObject({ 'bin/run.sh': 'changed', 'logs/old.log': 'changed', 'legacy.sh': 'manual', 'target.md': 'changed' });
    expect(statSync(join(root, 'bin/run.sh')).mode & 0o777).toBe(0o755);
    const log = readFileSync(join(root, 'logs/old.log'));
    expect(log.subarray(0, 4)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(log.toString('latin1')).toContain('token hf_xxxx');
    expect(lstatSync(join(root, 'link.md')).isSymbolicLink()).toBe(true);
  });

  it('also migrates tracked files that .gitignore matches', async () => {
    const secret = tokens.huggingFace();
    const root = makeRepo({ 'experiments/run.log': `hf token ${secret}\n` });
    writeFileSync(join(root, '.gitignore'), 'experiments/\n');
    git(root, ['add', '.gitignore']);
    git(root, ['commit', '-q', '-m', 'ignore experiments']);
    const { report } = await migrate({ root, history: false });
    expect(report.files.map((file) => [file.path, file.status])).toEqual([['experiments/run.log', 'changed']]);
    expect(report.notes.join('\n')).toContain('experiments/run.log is tracked although .gitignore matches it');
    expect(readFileSync(join(root, 'experiments/run.log'), 'utf8')).not.toContain(secret);
  });
});

describe('migrate and local edits', () => {
  it('untracks a tracked .env that has local edits without calling it dirty', async () => {
    const secret = tokens.huggingFace();
    const root = makeRepo({ '.env': `HF_TOKEN=${secret}\n` });
    writeFileSync(join(root, '.env'), `HF_TOKEN=${secret}\nLOCAL_ONLY=1\n`);
    const { report } = await migrate({ root, history: false });
    expect(report.untracked).toEqual(['.env']);
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(`HF_TOKEN=${secret}\nLOCAL_ONLY=1\n`);
    expect(git(root, ['ls-files'])).toBe('');
  });
});
