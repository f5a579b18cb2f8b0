/**
 * End to end on a generated legacy ML repository shaped like the seed projects: a Python package,
 * loose scripts, a notebook, an sbatch job, a Dockerfile, compose, CI and AMLT YAML, a tracked
 * .env, docs and a JS module. Runs the real binary and checks the oracles of SHAPES.md §6.3.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { parseDotenv } from '../../src/migrate/envfile.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { git, gitEnv, makeRepo, snapshot } from './support.js';

interface Legacy {
  root: string;
  env: NodeJS.ProcessEnv;
  values: { HF: string; HF_WRITE: string; WB: string; RP: string };
}

function notebook(source: string[]): string {
  const cell = { cell_type: 'code', execution_count: 1, id: 'a1b2c3', metadata: {}, outputs: [], source };
  return `${JSON.stringify({ cells: [cell], metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

function legacyRepo(seed: number): Legacy {
  const tokens = new FakeTokens(seed);
  const values = { HF: tokens.huggingFace(), HF_WRITE: tokens.huggingFace(), WB: tokens.wandbLegacy(), RP: tokens.runpod() };
  const root = makeRepo({
    'monox/__init__.py': '',
    'monox/configs/__init__.py': '',
    'monox/configs/base_config.py': `HF_TOKEN = "${values.HF}"\nMODEL = "stylegan3"\n`,
    'monox/train.py': 'from huggingface_hub import login\nfrom monox.configs.base_config import HF_TOKEN\n\n\ndef main():\n    login(token=HF_TOKEN)\n',
    'print_token.py': `import hashlib\nTOKEN = "${values.HF}"\nprint("token", hashlib.sha256(TOKEN.encode()).hexdigest()[:12])\n`,
    'scripts/upload.py': `from huggingface_hub import HfApi\nHF_WRITE_TOKEN = "${values.HF_WRITE}"\napi = HfApi(token=HF_WRITE_TOKEN)\n`,
    'scripts/launch_runpod.py': `import runpod\nrunpod.api_key = "${values.RP}"\n`,
    'scripts/train.sbatch': `#!/bin/bash\n#SBATCH --gres=gpu:1\n#SBATCH --time=24:00:00\nexport HF_TOKEN=${values.HF}\nexport WANDB_API_KEY=${values.WB}\npython -m monox.train\n`,
    'notebooks/explore.ipynb': notebook(['from huggingface_hub import login\n', `login(token="${values.HF}")\n`]),
    Dockerfile: `FROM python:3.11-slim\nENV HF_TOKEN=${values.HF}\nCOPY . /app\nCMD ["python", "-m", "monox.train"]\n`,
    'docker-compose.yml': `services:\n  app:\n    build: .\n    environment:\n      - WANDB_API_KEY=${values.WB}\n`,
    '.github/workflows/ci.yml': `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      HF_TOKEN: ${values.HF}\n    steps:\n      - run: python -m monox.train\n`,
    'amlt/job.yaml': `jobs:\n- name: train\n  command:\n  - export WANDB_API_KEY=${values.WB}\n  - python -m monox.train\n`,
    '.env': `HF_TOKEN=${values.HF}\nWANDB_PROJECT=monox\n`,
    'README.md': `# MonoX\n\n## Setup\n\n\`export HF_TOKEN=${values.HF}\`\n`,
    'web/client.ts': `const token: string = "${values.HF}";\nexport function authHeader(): string {\n  return \`Bearer \${token}\`;\n}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] }, include: ['web'] }, null, 2)}\n`,
    'web/token.mjs': `import { createHash } from "node:crypto";\nconst token = "${values.HF}";\nconsole.log("token", createHash("sha256").update(token).digest("hex").slice(0, 12));\n`,
  });
  return { root, values, env: gitEnv(join(root, '..', 'home')) };
}

const short = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 12);

/** Every file git would show a collaborator: tracked plus untracked-but-not-ignored. */
function visibleFiles(root: string): string[] {
  const tracked = git(root, ['ls-files', '-z']).split('\0');
  const others = git(root, ['ls-files', '-z', '--others', '--exclude-standard']).split('\0');
  return [...new Set([...tracked, ...others])].filter((path) => path && existsSync(join(root, path)));
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A clean environment: no inherited credentials, a HOME with no CLI logins. */
function cleanEnv(legacy: Legacy, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: legacy.env['HOME'], LANG: 'C.UTF-8', ...extra };
}

describe('leakguard migrate on a seed-shaped legacy repository', () => {
  it('moves every value into .env, leaves a clean scan, and the code still runs', () => {
    const legacy = legacyRepo(101);
    const { root, values } = legacy;
    const before = run('python3', ['print_token.py'], root, cleanEnv(legacy));
    expect(before.stdout.trim()).toBe(`token ${short(values.HF)}`);

    const migrated = runCli(['migrate'], root, legacy.env);
    expect(migrated.stderr).toBe('');
    expect(migrated.status, migrated.stdout).toBe(0);
    for (const value of Object.values(values)) expect(migrated.stdout).not.toContain(value);

    // The scan is clean and no file a collaborator sees holds a value.
    const scan = runCli(['scan', '.'], root, legacy.env);
    expect(scan.status, scan.stdout).toBe(0);
    for (const path of visibleFiles(root)) {
      const text = readFileSync(join(root, path), 'utf8');
      for (const value of Object.values(values)) expect(text.includes(value), `${path} still holds a value`).toBe(false);
    }

    // .env: every value once, mode 600, ignored and untracked; the old lines kept as they were.
    const envText = readFileSync(join(root, '.env'), 'utf8');
    expect(envText.startsWith(`HF_TOKEN=${values.HF}\nWANDB_PROJECT=monox\n`)).toBe(true);
    const env = new Map(parseDotenv(envText).map((entry) => [entry.key, entry.value]));
    expect(Object.fromEntries(env)).toMatchObject({ HF_TOKEN: values.HF, HF_TOKEN_WRITE: values.HF_WRITE, WANDB_API_KEY: values.WB, RUNPOD_API_KEY: values.RP });
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
    expect(git(root, ['check-ignore', '.env']).trim()).toBe('.env');
    expect(git(root, ['ls-files', '.env']).trim()).toBe('');
    expect(statSync(join(root, '.leakguard/replace-text.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, '.leakguard/replace-text.txt'), 'utf8')).toContain(`${values.WB}==>***REMOVED***`);

    // Templates and ignore files.
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const name of ['HF_TOKEN', 'HF_TOKEN_WRITE', 'WANDB_API_KEY', 'RUNPOD_API_KEY']) expect(example).toContain(`\n${name}=\n`);
    expect(example).toContain('WANDB_PROJECT=monox');
    expect(readFileSync(join(root, '.dockerignore'), 'utf8')).toContain('.env');

    // Every rewritten file still parses.
    const changed = git(root, ['diff', '--name-only']).split('\n').filter(Boolean);
    const created = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n').filter(Boolean);
    for (const path of [...changed, ...created]) {
      if (path.endsWith('.py')) expect(run('python3', ['-m', 'py_compile', path], root, cleanEnv(legacy)).status, path).toBe(0);
      if (path.endsWith('.sbatch') || path.endsWith('.sh')) expect(run('bash', ['-n', path], root, cleanEnv(legacy)).status, path).toBe(0);
      if (path.endsWith('.ipynb') || path.endsWith('.json')) expect(() => JSON.parse(readFileSync(join(root, path), 'utf8')), path).not.toThrow();
      if (path.endsWith('.mjs')) expect(run(process.execPath, ['--check', path], root, cleanEnv(legacy)).status, path).toBe(0);
    }
    expect(changed).toEqual(expect.arrayContaining(['monox/configs/base_config.py', 'scripts/train.sbatch', 'Dockerfile', 'notebooks/explore.ipynb', 'web/token.mjs', 'web/client.ts']));
    const tsc = run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], root, cleanEnv(legacy));
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

    // The migrated entry points get the value through the resolver: from .env, from the
    // environment when it is set, and a clear error when neither has it.
    const viaDotenv = run('python3', ['print_token.py'], root, cleanEnv(legacy));
    expect(viaDotenv.stdout.trim(), viaDotenv.stderr).toBe(`token ${short(values.HF)}`);
    const other = new FakeTokens(7).huggingFace();
    expect(run('python3', ['print_token.py'], root, cleanEnv(legacy, { HF_TOKEN: other })).stdout.trim()).toBe(`token ${short(other)}`);
    const jsViaDotenv = run(process.execPath, ['web/token.mjs'], root, cleanEnv(legacy));
    expect(jsViaDotenv.stdout.trim(), jsViaDotenv.stderr).toBe(`token ${short(values.HF)}`);
    expect(run(process.execPath, ['web/token.mjs'], root, cleanEnv(legacy, { HF_TOKEN: other })).stdout.trim()).toBe(`token ${short(other)}`);
    renameSync(join(root, '.env'), join(root, '..', 'moved.env'));
    const missing = run('python3', ['print_token.py'], root, cleanEnv(legacy));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('HF_TOKEN');
    const jsMissing = run(process.execPath, ['web/token.mjs'], root, cleanEnv(legacy));
    expect(jsMissing.status).not.toBe(0);
    expect(jsMissing.stderr).toContain('HF_TOKEN');
    renameSync(join(root, '..', 'moved.env'), join(root, '.env'));

    // A second run changes nothing.
    const settled = snapshot(root);
    const again = runCli(['migrate'], root, legacy.env);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing to migrate');
    expect(snapshot(root)).toEqual(settled);
  }, 120_000);

  it('--dry-run prints a redacted diff and leaves the tree and the index byte-identical', () => {
    const legacy = legacyRepo(202);
    const before = snapshot(legacy.root);
    const status = git(legacy.root, ['status', '--porcelain']);
    const dry = runCli(['migrate', '--dry-run'], legacy.root, legacy.env);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('diff --git a/scripts/train.sbatch b/scripts/train.sbatch');
    expect(dry.stdout).toContain('+export HF_TOKEN="${HF_TOKEN:?set HF_TOKEN in .env}"');
    expect(dry.stdout).toContain('# git rm --cached .env');
    for (const value of Object.values(legacy.values)) expect(dry.stdout).not.toContain(value);
    expect(snapshot(legacy.root)).toEqual(before);
    expect(git(legacy.root, ['status', '--porcelain'])).toBe(status);
  }, 60_000);

  it('an injected failure mid-apply leaves every file and the index as they were', () => {
    for (const failAfter of ['2', '9']) {
      const legacy = legacyRepo(303);
      const before = snapshot(legacy.root);
      const failed = runCli(['migrate'], legacy.root, { ...legacy.env, LEAKGUARD_TEST_FAIL_AFTER_WRITES: failAfter });
      expect(failed.status).toBe(2);
      expect(failed.stderr).toMatch(/injected failure after \d+ writes; every file was restored/);
      expect(snapshot(legacy.root)).toEqual(before);
      expect(git(legacy.root, ['status', '--porcelain'])).toBe('');
      expect(existsSync(join(legacy.root, '.leakguard'))).toBe(false);
    }
  }, 60_000);
});
