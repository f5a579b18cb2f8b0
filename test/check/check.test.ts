import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkCommand } from '../../src/cli/commands/check.js';
import { main } from '../../src/cli/main.js';
import { runCheck, type CheckReport, type CheckVariable } from '../../src/check/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { captureIO, sandbox, type Sandbox } from './repo.js';
import { startMockProviders, type MockProviders } from '../verify/mock-providers.js';

const tokens = new FakeTokens(777);

function variable(report: CheckReport, name: string): CheckVariable {
  const found = report.variables.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${name} not in report: ${report.variables.map((entry) => entry.name).join(', ')}`);
  return found;
}

async function check(box: Sandbox, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CheckReport> {
  return runCheck({ cwd: options.cwd ?? box.root, env: { ...box.env, ...options.env } });
}

/** Runs the command in-process; returns exit code and everything printed. */
async function command(box: Sandbox, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const captured = captureIO(box.root, { ...box.env, ...env });
  const status = await checkCommand(args, captured.io);
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('check: which variables, and exit codes', () => {
  it('reports every variable of a missing .env as missing, and exits 1', async () => {
    const box = sandbox();
    box.write('.env.example', '# tokens\nHF_TOKEN=\nWANDB_API_KEY=\n', 0o644);
    const report = await check(box);
    expect(report.missing).toEqual(['HF_TOKEN', 'WANDB_API_KEY']);
    expect(variable(report, 'HF_TOKEN')).toMatchObject({ required: true, found: false, hint: 'set it in .env or run `hf auth login`' });
    const run = await command(box);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗ +HF_TOKEN +missing: set it in \.env or run `hf auth login`/);
    expect(run.stdout).toContain('required but missing: HF_TOKEN, WANDB_API_KEY');
  });

  it('exits 0 when everything listed resolves, and never prints a value', async () => {
    const box = sandbox();
    const hf = tokens.huggingFace();
    const wandb = tokens.wandbLegacy();
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env.example', 'HF_TOKEN=\nWANDB_API_KEY=\n', 0o644);
    box.write('.env', `HF_TOKEN=${hf}\n`);
    const run = await command(box, [], { WANDB_API_KEY: wandb });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/✓ +HF_TOKEN +\.env:1 +\[/);
    expect(run.stdout).toMatch(/✓ +WANDB_API_KEY +environment +\[/);
    expect(run.stdout).not.toContain(hf);
    expect(run.stdout).not.toContain(wandb);
    expect(run.stdout).not.toContain(hf.slice(3, 10));
    expect(run.stdout).not.toContain('Warnings');
  });

  it('does not require variables it only found in code, but lists them', async () => {
    const box = sandbox();
    box.write('train.py', 'import wandb\nwandb.init(project="p")\nkey = os.environ["OPENAI_API_KEY"]\n', 0o644);
    box.write('README.md', 'uses huggingface: hf_hub_download(...)\nlocal-dev setup\n', 0o644);
    box.git('add', '.');
    const report = await check(box);
    const byName = new Map(report.variables.map((entry) => [entry.name, entry]));
    expect([...byName.keys()].sort()).toEqual(['HF_TOKEN', 'OPENAI_API_KEY', 'WANDB_API_KEY']);
    expect(byName.get('HF_TOKEN')).toMatchObject({ required: false, origins: [{ kind: 'code', provider: 'huggingface', path: 'README.md' }] });
    expect(byName.get('OPENAI_API_KEY')).toMatchObject({ required: false, origins: [{ kind: 'code', provider: 'openai', path: 'train.py' }] });
    expect(byName.get('WANDB_API_KEY')).toMatchObject({ required: false, origins: [{ kind: 'code', provider: 'wandb', path: 'train.py' }] });
    expect(report.missing).toEqual([]);
    expect((await command(box)).status).toBe(0);
  });

  it('needs the provider named in the same file before a bare keyword counts', async () => {
    const box = sandbox();
    box.write('app.py', 'username = "local-dev"\n', 0o644);
    box.write('NOTES.md', 'We might try kaggle some day.\n', 0o644);
    box.git('add', '.');
    expect((await check(box)).variables.map((entry) => entry.name)).toEqual([]);
    box.write('fetch.py', 'import kaggle\napi.authenticate(username)\n', 0o644);
    box.git('add', '.');
    expect((await check(box)).variables.map((entry) => entry.name)).toEqual(['KAGGLE_KEY']);
  });

  it('only counts tracked code inside a repository, and walks files outside one', async () => {
    const box = sandbox();
    box.write('untracked.py', 'import runpod\nrunpod.api_key = get_key()\n', 0o644);
    expect((await check(box)).variables.map((entry) => entry.name)).not.toContain('RUNPOD_API_KEY');
    box.git('add', 'untracked.py');
    expect((await check(box)).variables.map((entry) => entry.name)).toContain('RUNPOD_API_KEY');

    const plain = sandbox({ git: false });
    plain.write('serve.py', 'import runpod\n', 0o644);
    expect((await check(plain)).variables.map((entry) => entry.name)).toContain('RUNPOD_API_KEY');
  });

  it('reads the variables of generated resolvers and of get_secret/getSecret calls', async () => {
    const box = sandbox();
    box.write('secret_resolver.py', '_KNOWN = {\n    "HF_TOKEN": ("HUGGING_FACE_HUB_TOKEN",),\n    "COMET_API_KEY": (),\n}\n\ndef get_secret(name):\n    ...\n', 0o644);
    box.write('web/secret-resolver.ts', 'const KNOWN: Record<string, string[]> = { "REPLICATE_API_TOKEN": [] };\n', 0o644);
    box.write('app/main.ts', 'const key = getSecret("MY_SERVICE_KEY");\n', 0o644);
    box.write('train.py', "tok = get_secret('OTHER_TOKEN')\n", 0o644);
    box.git('add', '.');
    const names = (await check(box)).variables.filter((entry) => entry.origins.some((origin) => origin.kind === 'resolver')).map((entry) => entry.name);
    expect(names.sort()).toEqual(['COMET_API_KEY', 'HF_TOKEN', 'MY_SERVICE_KEY', 'OTHER_TOKEN', 'REPLICATE_API_TOKEN']);
  });

  it('resolves names through a generated resolver’s own alias table, and ignores its docstring', async () => {
    const box = sandbox();
    box.write(
      'secret_resolver.py',
      [
        '"""get_secret("HF_TOKEN") returns the first non-empty value of: ..."""',
        '_KNOWN = (',
        '    (("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"), "https://huggingface.co/settings/tokens", "huggingface"),',
        '    (("GROQ_API_KEY",), "https://console.groq.com/keys", None),',
        '    (("WANDB_API_KEY", "WANDB_KEY"), "https://wandb.ai/authorize", "wandb"),',
        ')',
        '_PAGE_PREFIXES = (',
        '    ("HF_", "https://huggingface.co/settings/tokens"),',
        ')',
        '',
      ].join('\n'),
      0o644,
    );
    box.write(
      'web/secret-resolver.mjs',
      'const KNOWN = [\n  { names: ["RUNPOD_API_KEY", "RUNPOD_TOKEN"], page: "https://www.runpod.io/console/user/settings", login: "runpod" },\n];\n',
      0o644,
    );
    box.write('train.py', 'from secret_resolver import get_secret\nwandb.login(key=get_secret("WANDB_API_KEY"))\n', 0o644);
    box.write('web/app.mjs', 'const key = getSecret("RUNPOD_API_KEY");\n', 0o644);
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env', `RUNPOD_TOKEN=${tokens.runpod()}\n`);
    box.git('add', '.');
    const report = await check(box, { env: { WANDB_KEY: tokens.wandbLegacy() } });
    expect(report.variables.map((entry) => entry.name)).toEqual(['WANDB_API_KEY', 'RUNPOD_API_KEY']);
    expect(variable(report, 'WANDB_API_KEY').source).toEqual({ kind: 'environment', name: 'WANDB_KEY' });
    expect(variable(report, 'RUNPOD_API_KEY').source).toEqual({ kind: 'dotenv', name: 'RUNPOD_TOKEN', path: '.env', line: 1 });
  });

  it('reads .env.<name>.example and env.example too, from the working directory up to the root', async () => {
    const box = sandbox();
    box.write('env.example', 'ROOT_ONLY=\n', 0o644);
    box.write('services/api/.env.local.example', 'API_ONLY=\n', 0o644);
    box.write('services/other/.env.example', 'ELSEWHERE=\n', 0o644);
    const report = await check(box, { cwd: join(box.root, 'services', 'api') });
    expect(report.missing).toEqual(['ROOT_ONLY', 'API_ONLY']);
    expect(variable(report, 'API_ONLY').origins).toEqual([{ kind: 'example', path: '.env.local.example' }]);
    expect(variable(report, 'ROOT_ONLY').origins).toEqual([{ kind: 'example', path: '../../env.example' }]);
  });

  it('prints one-line usage errors with exit 2', async () => {
    const box = sandbox();
    for (const [args, message] of [
      [['--format', 'sarif'], /^leakguard: --format must be one of text, json \(got "sarif"\)\n$/],
      [['--bogus'], /^leakguard: check: Unknown option '--bogus'/],
      [['some/path'], /^leakguard: check: unexpected argument "some\/path"/],
    ] as const) {
      const captured = captureIO(box.root, box.env);
      expect(await main(['check', ...args], captured.io)).toBe(2);
      expect(captured.stderr()).toMatch(message);
      expect(captured.stderr().trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('check: where a variable resolves from, in resolver order', () => {
  it('finds an HF token that lives only in a fake HF_HOME', async () => {
    const box = sandbox();
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    box.writeHome('hf-home/token', `${tokens.huggingFace()}\n`);
    const report = await check(box, { env: { HF_HOME: join(box.home, 'hf-home') } });
    expect(variable(report, 'HF_TOKEN')).toMatchObject({ found: true, source: { kind: 'login', provider: 'huggingface', path: '~/hf-home/token' } });
    expect(report.missing).toEqual([]);
  });

  it('tries the HF token files in order: $HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token', async () => {
    const box = sandbox();
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    box.writeHome('.cache/huggingface/token', tokens.huggingFace());
    expect(variable(await check(box), 'HF_TOKEN').source).toMatchObject({ path: '~/.cache/huggingface/token' });
    box.writeHome('hf-home/token', tokens.huggingFace());
    box.writeHome('custom/tok', tokens.huggingFace());
    const env = { HF_TOKEN_PATH: join(box.home, 'custom/tok'), HF_HOME: join(box.home, 'hf-home') };
    expect(variable(await check(box, { env }), 'HF_TOKEN').source).toMatchObject({ path: '~/custom/tok' });
    // A configured path without a file falls through to the next, as the generated resolvers do.
    const missingPath = { ...env, HF_TOKEN_PATH: join(box.home, 'nowhere') };
    expect(variable(await check(box, { env: missingPath }), 'HF_TOKEN').source).toMatchObject({ path: '~/hf-home/token' });
  });

  it('finds a W&B key that lives only in a fake ~/.netrc (and honours $NETRC)', async () => {
    const box = sandbox();
    box.write('.env.example', 'WANDB_API_KEY=\n', 0o644);
    box.writeHome('.netrc', `machine api.wandb.ai\n  login user\n  password ${tokens.wandbLegacy()}\n`);
    const report = await check(box);
    expect(variable(report, 'WANDB_API_KEY')).toMatchObject({
      found: true,
      source: { kind: 'login', provider: 'wandb', path: '~/.netrc', detail: 'machine api.wandb.ai' },
    });
    const elsewhere = await check(box, { env: { NETRC: join(box.home, 'missing-netrc') } });
    expect(variable(elsewhere, 'WANDB_API_KEY').found).toBe(false);
  });

  it('finds a Runpod key in ~/.runpod/config.toml', async () => {
    const box = sandbox();
    box.write('.env.example', 'RUNPOD_API_KEY=\n', 0o644);
    box.writeHome('.runpod/config.toml', `[default]\napi_key = "${tokens.runpod()}"\n`);
    expect(variable(await check(box), 'RUNPOD_API_KEY').source).toEqual({
      kind: 'login',
      provider: 'runpod',
      path: '~/.runpod/config.toml',
      detail: '[default] api_key',
    });
  });

  it('accepts an alias from the environment (HUGGING_FACE_HUB_TOKEN)', async () => {
    const box = sandbox();
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    const report = await check(box, { env: { HUGGING_FACE_HUB_TOKEN: tokens.huggingFace() } });
    expect(variable(report, 'HF_TOKEN').source).toEqual({ kind: 'environment', name: 'HUGGING_FACE_HUB_TOKEN' });
    const run = await command(box, [], { HUGGING_FACE_HUB_TOKEN: tokens.huggingFace() });
    expect(run.stdout).toMatch(/✓ +HF_TOKEN +environment as HUGGING_FACE_HUB_TOKEN/);
  });

  it('tries an alias named in .env.example first, then the canonical name', async () => {
    const box = sandbox();
    box.write('.env.example', 'HUGGINGFACE_HUB_TOKEN=\n', 0o644);
    const report = await check(box, { env: { HF_TOKEN: tokens.huggingFace() } });
    expect(variable(report, 'HUGGINGFACE_HUB_TOKEN').source).toEqual({ kind: 'environment', name: 'HF_TOKEN' });
  });

  it('puts the environment before .env before the CLI login, and warns when they disagree', async () => {
    const box = sandbox();
    const [inEnv, inDotenv, inLogin] = [tokens.huggingFace(), tokens.huggingFace(), tokens.huggingFace()];
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    box.write('.env', `# local\nHF_TOKEN=${inDotenv}\n`);
    box.writeHome('.cache/huggingface/token', inLogin);

    const all = await check(box, { env: { HF_TOKEN: inEnv } });
    expect(variable(all, 'HF_TOKEN').source).toEqual({ kind: 'environment', name: 'HF_TOKEN' });
    const conflict = all.warnings.find((warning) => warning.kind === 'conflict');
    expect(conflict?.message).toMatch(/^HF_TOKEN has different values in 3 places: environment HF_TOKEN \(hf_.*…/);
    expect(conflict?.message).toContain('.env:2 HF_TOKEN');
    for (const secret of [inEnv, inDotenv, inLogin]) expect(JSON.stringify(all)).not.toContain(secret);

    const noEnv = await check(box);
    expect(variable(noEnv, 'HF_TOKEN').source).toEqual({ kind: 'dotenv', name: 'HF_TOKEN', path: '.env', line: 2 });

    box.write('.env', 'HF_TOKEN=\n');
    const emptyDotenv = await check(box);
    expect(variable(emptyDotenv, 'HF_TOKEN').source).toMatchObject({ kind: 'login' });
    expect(emptyDotenv.warnings).toEqual([]);
  });

  it('does not warn when two places hold the same value', async () => {
    const box = sandbox();
    const same = tokens.huggingFace();
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    box.write('.env', `HF_TOKEN=${same}\n`);
    expect((await check(box, { env: { HF_TOKEN: same } })).warnings).toEqual([]);
  });

  it('uses the nearest .env from the working directory, then the one at the repository root', async () => {
    const box = sandbox();
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env', 'ROOT_VALUE=1\nSHARED=root\n');
    box.write('pkg/.env', 'PKG_VALUE=2\nSHARED=pkg\n');
    box.write('pkg/.env.example', 'PKG_VALUE=\nROOT_VALUE=\nSHARED=\n', 0o644);
    const report = await check(box, { cwd: join(box.root, 'pkg') });
    expect(variable(report, 'PKG_VALUE').source).toEqual({ kind: 'dotenv', name: 'PKG_VALUE', path: '.env', line: 1 });
    expect(variable(report, 'ROOT_VALUE').source).toEqual({ kind: 'dotenv', name: 'ROOT_VALUE', path: '../.env', line: 1 });
    expect(variable(report, 'SHARED').source).toMatchObject({ path: '.env' });
    expect(report.warnings.map((warning) => warning.kind)).toEqual(['conflict']);
  });
});

describe('check: warnings', () => {
  it('warns about a .env other users can read, until it is chmod 600', async () => {
    const box = sandbox();
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env', 'HF_TOKEN=x1\n', 0o644);
    const open = await check(box);
    expect(open.warnings).toEqual([
      { kind: 'dotenv-permissions', path: '.env', message: '.env is accessible to other users (mode 644); run: chmod 600 .env' },
    ]);
    box.write('.env', 'HF_TOKEN=x1\n', 0o600);
    expect((await check(box)).warnings).toEqual([]);
  });

  it('warns about a tracked .env, and about one git would pick up', async () => {
    const box = sandbox();
    box.write('.env', 'HF_TOKEN=x1\n');
    expect((await check(box)).warnings.map((warning) => warning.kind)).toEqual(['dotenv-not-ignored']);
    box.git('add', '.env');
    box.write('.gitignore', '.env\n', 0o644);
    const tracked = await check(box);
    expect(tracked.warnings.map((warning) => warning.kind)).toEqual(['dotenv-tracked']);
    expect(tracked.warnings[0]?.message).toContain('git rm --cached .env');
  });

  it('has no git warnings outside a repository', async () => {
    const plain = sandbox({ git: false });
    plain.write('.env', 'A=1\n');
    expect((await check(plain)).warnings).toEqual([]);
  });

  it('flags a real-looking value in .env.example without printing it', async () => {
    const box = sandbox();
    const leaked = tokens.huggingFace();
    box.write('.env.example', `WANDB_PROJECT=my-project\nHF_TOKEN=${leaked}\n`, 0o644);
    const run = await command(box, ['--format', 'json']);
    const report = JSON.parse(run.stdout) as CheckReport;
    const warning = report.warnings.find((entry) => entry.kind === 'example-value');
    expect(warning).toMatchObject({ path: '.env.example', line: 2, name: 'HF_TOKEN' });
    expect(warning?.message).toMatch(/looks like a real huggingface credential \(hf_.+…/);
    expect(run.stdout).not.toContain(leaked);
  });
});

describe('check --format json', () => {
  it('prints the documented shape', async () => {
    const box = sandbox();
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env.example', 'HF_TOKEN=\nRUNPOD_API_KEY=\n', 0o644);
    box.write('.env', `HF_TOKEN=${tokens.huggingFace()}\n`);
    const run = await command(box, ['--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'order', 'variables', 'warnings', 'missing']);
    expect(report).toMatchObject({ version: 1, order: ['environment', 'dotenv', 'login'], warnings: [], missing: ['RUNPOD_API_KEY'] });
    const [hf, runpod] = report['variables'] as Record<string, unknown>[];
    expect(hf).toEqual({
      name: 'HF_TOKEN',
      required: true,
      found: true,
      source: { kind: 'dotenv', name: 'HF_TOKEN', path: '.env', line: 1 },
      origins: [{ kind: 'example', path: '.env.example' }],
    });
    expect(Object.keys(runpod ?? {})).toEqual(['name', 'required', 'found', 'hint', 'origins']);
  });
});

describe('check --verify', () => {
  let mock: MockProviders;
  beforeAll(async () => {
    mock = await startMockProviders();
  });
  afterAll(async () => {
    await mock.close();
  });

  it('verifies each resolved credential once and exits 1 when a provider rejects one', async () => {
    const box = sandbox();
    const live = tokens.huggingFace();
    const dead = tokens.wandbLegacy();
    mock.behave(live, 'live', 'team-vision');
    mock.behave(dead, 'invalid');
    box.write('.gitignore', '.env\n', 0o644);
    box.write('.env.example', 'HF_TOKEN=\nWANDB_API_KEY=\nWANDB_PROJECT=\n', 0o644);
    box.write('.env', `HF_TOKEN=${live}\nWANDB_API_KEY=${dead}\nWANDB_PROJECT=demo\n`);
    const env = { ...mock.env, HUGGING_FACE_HUB_TOKEN: live };
    const run = await command(box, ['--verify'], env);
    expect(run.stdout).toMatch(/HF_TOKEN .*live key of team-vision/);
    expect(run.stdout).toMatch(/WANDB_API_KEY .*invalid key/);
    expect(run.stdout).toContain('rejected by the provider: WANDB_API_KEY');
    expect(run.status).toBe(1);
    expect(mock.requests.filter((request) => request.secret === live)).toHaveLength(1);

    const report = await runCheck({ cwd: box.root, env: { ...box.env, ...env }, verify: true });
    expect(variable(report, 'WANDB_PROJECT').verification).toBeUndefined();
    expect(variable(report, 'HF_TOKEN').verification).toEqual({ status: 'live', account: 'team-vision' });
  });

  it('reports unknown, and exits 0, when the provider cannot be reached', async () => {
    const box = sandbox();
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    const slow = tokens.huggingFace();
    mock.behave(slow, 'slow');
    const report = await runCheck({ cwd: box.root, env: { ...box.env, ...mock.env, HF_TOKEN: slow }, verify: true, verifyTimeoutMs: 300 });
    expect(variable(report, 'HF_TOKEN').verification).toEqual({ status: 'unknown', detail: 'timed out after 300 ms' });
    const run = await command(box, ['--verify'], { ...mock.env, HF_TOKEN: slow, LEAKGUARD_VERIFY_TIMEOUT_MS: '300' });
    expect(run.stdout).toMatch(/HF_TOKEN .*not verified \(timed out after 300 ms\)/);
    expect(run.status).toBe(0);
  });
});
