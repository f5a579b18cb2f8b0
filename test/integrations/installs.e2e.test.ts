/**
 * leakguard as users install it, end to end: `npm install git+file://<clone>` (the path
 * `npm i github:…` and pre-commit >= 4.6.1 take: a git checkout without dist/, where npm runs only
 * `prepare`), the Node API imported and type-checked from that install, husky from npm, and
 * Debian's pre-commit framework. Packages come from the npm cache, falling back to the registry.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { PROJECT_ROOT, Sandbox, removeSandboxes, type TempRepo } from '../git/repo.js';

const tokens = new FakeTokens(1111);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
// The user's npm cache, not the sandbox HOME's empty one: installs stay (nearly) offline.
const npmCache = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
const npmEnv: NodeJS.ProcessEnv = {
  ...sandbox.env,
  npm_config_cache: npmCache,
  npm_config_offline: 'false',
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

/** A clone of this checkout's HEAD: what a user's git install or pre-commit fetches. */
let source: TempRepo;
let sourceSha: string;
beforeAll(() => {
  source = sandbox.repo('leakguard-src');
  source.git('fetch', '-q', PROJECT_ROOT, 'HEAD');
  source.git('reset', '-q', '--hard', 'FETCH_HEAD');
  sourceSha = source.git('rev-parse', 'HEAD');
  expect(source.exists('dist')).toBe(false);
});

function npm(repo: TempRepo, ...args: string[]) {
  const run = repo.run('npm', args, { env: npmEnv });
  expect(run.code, `npm ${args.join(' ')}\n${run.output}`).toBe(0);
  return run;
}

const leakyFile = () => `from huggingface_hub import login\nlogin(token="${tokens.huggingFace()}")\n`;

describe('installed from git', { timeout: 900_000 }, () => {
  test('npm install git+file://… builds in prepare: the CLI, the hook via husky, and the typed Node API work', () => {
    const project = sandbox.repo('consumer');
    project.write('.gitignore', 'node_modules/\n');
    project.write('package.json', JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }, null, 2));
    npm(project, 'install', '--save-dev', `git+file://${source.dir}`, 'husky@^9');
    expect(project.run('node_modules/.bin/leakguard', ['--version']).stdout.trim()).toBe(version);

    // The Node API, as a consumer imports it, and its types.
    project.write('train.py', leakyFile());
    project.write('consumer.mjs', "import { scanTree } from 'leakguard';\nconst result = await scanTree({ cwd: process.cwd(), paths: ['train.py'] });\nconsole.log(result.findings.map((finding) => finding.provider).join(','));\n");
    expect(project.run(process.execPath, ['consumer.mjs']).stdout.trim()).toBe('huggingface');
    project.write('migrate.mjs', "import { migrate } from 'leakguard/migrate';\nconst { report } = await migrate({ root: process.cwd(), dryRun: true, history: false });\nconsole.log(report.values.map((value) => value.envVar).join(','));\n");
    const planned = project.run(process.execPath, ['migrate.mjs']);
    expect(planned.stdout.trim(), planned.output).toBe('HF_TOKEN');
    project.write('consumer.ts', [
      "import { scanTree, type ScanResult } from 'leakguard';",
      "import { migrate, type MigrationReport } from 'leakguard/migrate';",
      "const result: ScanResult = await scanTree({ cwd: '.', paths: [] });",
      "const { report }: { report: MigrationReport } = await migrate({ root: '.', dryRun: true });",
      'export const count: number = result.findings.length + report.values.length;',
      '',
    ].join('\n'));
    project.write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts'] }));
    const tsc = project.run(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(tsc.code, tsc.output).toBe(0);

    // The hook, installed through husky from npm, runs the project's own binary.
    const install = project.run('node_modules/.bin/leakguard', ['install']);
    expect(install.code, install.output).toBe(0);
    npm(project, 'install');
    expect(project.git('config', 'core.hooksPath')).toBe('.husky/_');
    project.git('add', 'train.py', '.gitignore');
    const blocked = project.run('git', ['commit', '-m', 'leak'], { env: npmEnv });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('commit blocked');
    // A devDependency is not on PATH: the printed fix starts it with npx.
    expect(blocked.output).toContain('(cd "$(git rev-parse --show-toplevel)" && npx leakguard migrate --allow-dirty --stage train.py)');
    project.write('train.py', 'from huggingface_hub import login\nlogin()\n');
    project.git('add', '.');
    const clean = project.run('git', ['commit', '-q', '-m', 'clean'], { env: npmEnv });
    expect(clean.code, clean.output).toBe(0);
  });
});

// Debian and Ubuntu ship pre-commit 3.0.x; .ci/run installs it, so CI always runs this.
describe.runIf(hasPreCommit || process.env['CI'])('the pre-commit framework', { timeout: 900_000 }, () => {
  test('installs the hook from the repository (language: node, system node) and blocks, then passes', () => {
    const repo = sandbox.repo('python-project');
    const env = { ...npmEnv, PRE_COMMIT_HOME: join(sandbox.root, 'pre-commit-home'), PATH: npmEnv['PATH'] };
    repo.write('.pre-commit-config.yaml', `repos:\n  - repo: ${source.dir}\n    rev: ${sourceSha}\n    hooks:\n      - id: leakguard\n`);
    const install = repo.run('pre-commit', ['install', '--install-hooks'], { env });
    expect(install.code, install.output).toBe(0);
    repo.write('train.py', leakyFile());
    repo.git('add', '.');
    const blocked = repo.run('git', ['commit', '-m', 'leak'], { env });
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('leakguard (ML credentials)');
    expect(blocked.output).toContain('commit blocked: 1 credential');
    expect(repo.head()).toBeUndefined();
    repo.write('train.py', 'import os\nprint(os.environ["HF_TOKEN"])\n');
    repo.git('add', '.');
    const clean = repo.run('git', ['commit', '-m', 'clean'], { env });
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toMatch(/leakguard \(ML credentials\)\.+Passed/);
  });
});
