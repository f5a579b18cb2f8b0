/**
 * The migrated program behaves as before, checked by running it with python3: a tracked
 * `secrets.py` keeps its importers' fallbacks, `os.environ[...] = "…"` keeps exporting the value to
 * subprocesses, and an alias never overrides the exact name (in the resolver and in `check`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/index.js';
import { runCheck } from '../../src/check/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { makeRepo } from './support.js';

const tokens = new FakeTokens(47);
const HF = tokens.expand('hf_{{alpha:34}}');
const WB = tokens.expand('{{hex:40}}');
const RP = tokens.expand('rpa_{{upperdigit:40}}{{lowerdigit:6}}');
const RP_OTHER = tokens.expand('rpa_{{upperdigit:40}}{{lowerdigit:6}}');
const sha = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 12);

function run(root: string, script: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('python3', [script], { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: join(root, '..', 'home'), ...env } });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

const HASH = 'import hashlib\nh = lambda v: v and hashlib.sha256(v.encode()).hexdigest()[:12]\n';

describe('migrated Python keeps its semantics', () => {
  it('a tracked secrets.py: env var > .env > None, and importers keep their except ImportError fallback', { timeout: 60_000 }, async () => {
    const root = makeRepo({
      'secrets.py': `HF_TOKEN = "${HF}"\nWANDB_API_KEY = "${WB}"\n`,
      'main.py': `${HASH}try:\n    from secrets import HF_TOKEN, WANDB_API_KEY\nexcept ImportError:\n    HF_TOKEN = WANDB_API_KEY = None\nprint(h(HF_TOKEN), h(WANDB_API_KEY))\n`,
    });
    const { report } = await migrate({ root, history: false });
    const module = readFileSync(join(root, 'secrets.py'), 'utf8');
    expect(module).not.toContain(HF);
    expect(module).toMatch(/HF_TOKEN = find_secret\("HF_TOKEN"\)/);
    expect(report.files.find((file) => file.path === 'secrets.py')?.notes.join(' ')).toMatch(/shadows the standard library's secrets module/);
    // .env (written by migrate) is the local secrets file.
    expect(run(root, 'main.py').stdout).toBe(`${sha(HF)} ${sha(WB)}`);
    // The environment wins over .env.
    expect(run(root, 'main.py', { HF_TOKEN: 'from-env' }).stdout).toBe(`${sha('from-env')} ${sha(WB)}`);
    // Nothing anywhere: None, not an exception.
    writeFileSync(join(root, '.env'), '');
    const none = run(root, 'main.py');
    expect(none.stderr).toBe('');
    expect(none.stdout).toBe('None None');
  });

  it('os.environ["WANDB_API_KEY"] = "…" keeps setting the variable for subprocesses', { timeout: 60_000 }, async () => {
    const root = makeRepo({
      'train.py': `import os\nimport subprocess\nimport sys\n\nos.environ["WANDB_API_KEY"] = "${WB}"\nos.environ.setdefault("HF_TOKEN", "${HF}")\nchild = "import os, hashlib; print(*(hashlib.sha256(os.environ[k].encode()).hexdigest()[:12] for k in ('WANDB_API_KEY', 'HF_TOKEN')))"\nsubprocess.run([sys.executable, "-c", child], check=True)\n`,
    });
    await migrate({ root, history: false });
    const text = readFileSync(join(root, 'train.py'), 'utf8');
    expect(text).toContain('os.environ["WANDB_API_KEY"] = get_secret("WANDB_API_KEY")');
    expect(text).toContain('os.environ.setdefault("HF_TOKEN", get_secret("HF_TOKEN"))');
    const result = run(root, 'train.py'); // the values come from .env only
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${sha(WB)} ${sha(HF)}`);
  });

  it('an exported alias does not override the exact name in .env, in the resolver and in check', { timeout: 60_000 }, async () => {
    const root = makeRepo({ 'launch.py': `import runpod\nrunpod.api_key = "${RP}"\n`, 'show.py': `${HASH}from secret_resolver import get_secret\nprint(h(get_secret("RUNPOD_API_KEY")))\n` });
    await migrate({ root, history: false });
    expect(readFileSync(join(root, '.env'), 'utf8')).toContain(`RUNPOD_API_KEY=${RP}`);
    expect(run(root, 'show.py', { RUNPOD_TOKEN: RP_OTHER }).stdout).toBe(sha(RP));
    // Only the alias set: it is used.
    writeFileSync(join(root, '.env'), '');
    expect(run(root, 'show.py', { RUNPOD_TOKEN: RP_OTHER }).stdout).toBe(sha(RP_OTHER));
    writeFileSync(join(root, '.env'), `RUNPOD_API_KEY=${RP}\n`);
    const report = await runCheck({ cwd: root, env: { HOME: join(root, '..', 'home'), RUNPOD_TOKEN: RP_OTHER } });
    const variable = report.variables.find((entry) => entry.name === 'RUNPOD_API_KEY');
    expect(variable?.source).toMatchObject({ kind: 'dotenv', name: 'RUNPOD_API_KEY' });
  });
});

describe('no clutter from migrate', () => {
  it('.gitignore hides no real source or docs, and check counts neither WANDB_ENTITY nor the ignore file', { timeout: 60_000 }, async () => {
    const root = makeRepo({
      '.env': `HF_TOKEN=${HF}\nWANDB_ENTITY=team\n`,
      'secrets_manager.py': 'def load():\n    return None\n',
      'docs/hf_token_setup.md': '# Setting up your token\n',
      'hf_token.txt': HF,
    });
    await migrate({ root, history: false });
    const ignored = (path: string): boolean => spawnSync('git', ['check-ignore', '-q', path], { cwd: root }).status === 0;
    expect(ignored('.env')).toBe(true);
    expect(ignored('hf_token.txt')).toBe(true);
    expect(ignored('secrets_manager.py')).toBe(false);
    expect(ignored('docs/hf_token_setup.md')).toBe(false);
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toContain('WANDB_ENTITY=');
    const report = await runCheck({ cwd: root, env: { HOME: join(root, '..', 'home') } });
    expect(report.missing).not.toContain('WANDB_ENTITY');
    expect(report.variables.find((entry) => entry.name === 'WANDB_ENTITY')?.required).toBe(false);
    // Nothing in this repository talks to W&B: neither the ignore block nor the template makes it.
    expect(report.variables.map((entry) => entry.name)).not.toContain('WANDB_API_KEY');
  });
});
