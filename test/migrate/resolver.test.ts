import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { python } from '../../src/migrate/languages/python/index.js';
import { typescript } from '../../src/migrate/languages/typescript/index.js';
import { renderJsResolver } from '../../src/migrate/languages/typescript/resolver-flavours.js';
import { renderPythonResolver } from '../../src/migrate/languages/python/resolver-template.js';
import { planPythonPlacements } from '../../src/migrate/languages/python/placement.js';
import { migrate as migrateRepo } from '../../src/migrate/index.js';
import { git, makeRepo } from './support.js';
import type { LanguageSupport } from '../../src/migrate/types.js';
import { FixtureTokens } from './fixture-tokens.js';
import { typeCheck } from './type-check.js';

/**
 * The generated resolvers, run for real: a script is migrated by the rewriter, written to a
 * throw-away project with its generated resolver, and run with `python3` / `node` in a clean
 * environment (fake HOME, none of the provider variables) to see where each value comes from.
 */

const tokens = new FixtureTokens(99);
const HF = tokens.value('HF_TOKEN');
const WANDB = tokens.value('WANDB_API_KEY');
const RUNPOD = tokens.value('RUNPOD_API_KEY');
const OTHER = new FixtureTokens(100).value('HF_TOKEN');

interface Flavour {
  name: string;
  /** Writes the migrated program under `project`; returns the command that runs it. */
  build: (project: string) => Promise<string[]>;
}

async function migrate(language: LanguageSupport, path: string, template: string, root: string, repoFiles: Record<string, string> = {}): Promise<void> {
  for (const [file, text] of Object.entries(repoFiles)) write(join(root, file), text);
  const result = await language.rewrite({
    path,
    root,
    text: tokens.expand(template),
    findings: tokens.findings(template, path),
    style: 'resolver',
    repoFiles: new Set([path, ...Object.keys(repoFiles)]),
  });
  expect(result.status, result.reason).toBe('changed');
  write(join(root, path), result.text!);
  for (const generated of result.generated ?? []) write(join(root, generated.path), generated.text);
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const PY_PROGRAM = `import sys


def hf():
    return "@@HF_TOKEN@@"


def wandb():
    return "@@WANDB_API_KEY@@"


def runpod():
    return "@@RUNPOD_API_KEY@@"


sys.stdout.write(globals()[sys.argv[1]]())
`;

const JS_FUNCTIONS = `function hf() { return "@@HF_TOKEN@@"; }
function wandb() { return "@@WANDB_API_KEY@@"; }
function runpod() { return "@@RUNPOD_API_KEY@@"; }
const pick = { hf, wandb, runpod };
`;

/** Compiles .ts files to .js beside them with TypeScript's transpiler (Node 20 cannot strip types). */
function transpile(files: string[], module: ts.ModuleKind): void {
  for (const file of files) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions: { module, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(file.replace(/\.ts$/, '.js'), output.outputText);
  }
}

const FLAVOURS: Flavour[] = [
  {
    name: 'python',
    build: async (project) => {
      await migrate(python, 'app/main.py', PY_PROGRAM, project);
      return ['python3', join(project, 'app/main.py')];
    },
  },
  {
    name: 'node ESM (.mjs)',
    build: async (project) => {
      await migrate(typescript, 'tools/main.mjs', `${JS_FUNCTIONS}process.stdout.write(pick[process.argv[2]]());\n`, project);
      return [process.execPath, join(project, 'tools/main.mjs')];
    },
  },
  {
    name: 'node CommonJS (.js)',
    build: async (project) => {
      await migrate(typescript, 'server/main.js', `'use strict';\nconst util = require('node:util');\n${JS_FUNCTIONS}process.stdout.write(util.format('%s', pick[process.argv[2]]()));\n`, project, {
        'package.json': '{"name": "server"}\n',
      });
      return [process.execPath, join(project, 'server/main.js')];
    },
  },
  {
    name: 'TypeScript, NodeNext ESM',
    build: async (project) => {
      const program = `${JS_FUNCTIONS.replace(/\(\)/g, '(): string')}process.stdout.write(pick[process.argv[2] as keyof typeof pick]());\n`;
      await migrate(typescript, 'src/main.ts', program, project, {
        'package.json': '{"type": "module"}\n',
        'tsconfig.json': '{"compilerOptions": {"module": "NodeNext", "strict": true}}\n',
      });
      transpile([join(project, 'src/main.ts'), join(project, 'src/secret-resolver.ts')], ts.ModuleKind.ESNext);
      return [process.execPath, join(project, 'src/main.js')];
    },
  },
  {
    name: 'TypeScript, CommonJS',
    build: async (project) => {
      const program = `import { format } from "node:util";\n${JS_FUNCTIONS.replace(/\(\)/g, '(): string')}process.stdout.write(format("%s", pick[process.argv[2] as keyof typeof pick]()));\n`;
      await migrate(typescript, 'src/main.ts', program, project, {
        'package.json': '{"name": "cjs-app"}\n',
        'tsconfig.json': '{"compilerOptions": {"module": "commonjs", "strict": true}}\n',
      });
      transpile([join(project, 'src/main.ts'), join(project, 'src/secret-resolver.ts')], ts.ModuleKind.CommonJS);
      return [process.execPath, join(project, 'src/main.js')];
    },
  },
];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe.each(FLAVOURS)('generated resolver: $name', (flavour) => {
  let project: string;
  let home: string;
  let outside: string;
  let command: string[];

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'leakguard-resolver-'));
    project = join(base, 'project');
    home = join(base, 'home');
    outside = join(base, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    command = await flavour.build(project);
  });

  function reset(): void {
    rmSync(home, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    rmSync(join(project, '.env'), { force: true });
  }

  function run(which: 'hf' | 'wandb' | 'runpod', options: { cwd?: string; env?: Record<string, string> } = {}): Run {
    const [program = '', ...args] = command;
    const result = spawnSync(program, [...args, which], {
      cwd: options.cwd ?? project,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ...options.env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('reads the value from the project .env when the variable is unset', () => {
    reset();
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    expect(run('hf')).toMatchObject({ status: 0, stdout: HF });
  });

  it('finds .env walking up from a subdirectory of the working directory', () => {
    reset();
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    const deep = join(project, 'runs', 'today');
    mkdirSync(deep, { recursive: true });
    expect(run('hf', { cwd: deep })).toMatchObject({ status: 0, stdout: HF });
  });

  it("finds .env walking up from its own directory when run from elsewhere", () => {
    reset();
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    expect(run('hf', { cwd: outside })).toMatchObject({ status: 0, stdout: HF });
  });

  it("uses the working directory's nearest .env first, then the one nearest to itself", () => {
    reset();
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    writeFileSync(join(outside, '.env'), `HF_TOKEN=${OTHER}\n`);
    expect(run('hf', { cwd: outside })).toMatchObject({ status: 0, stdout: OTHER });
    writeFileSync(join(outside, '.env'), 'UNRELATED=1\n');
    expect(run('hf', { cwd: outside })).toMatchObject({ status: 0, stdout: HF });
    rmSync(join(outside, '.env'));
  });

  it('prefers the environment over .env, and skips an empty value', () => {
    reset();
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    expect(run('hf', { env: { HF_TOKEN: OTHER } })).toMatchObject({ status: 0, stdout: OTHER });
    expect(run('hf', { env: { HF_TOKEN: '' } })).toMatchObject({ status: 0, stdout: HF });
  });

  it('accepts an alias from the environment (HUGGING_FACE_HUB_TOKEN)', () => {
    reset();
    expect(run('hf', { env: { HUGGING_FACE_HUB_TOKEN: OTHER } })).toMatchObject({ status: 0, stdout: OTHER });
  });

  it('parses .env with BOM, CRLF, export, quotes and comments', () => {
    reset();
    const dotenv = `\uFEFF# tokens\r\nexport HF_TOKEN="${HF}"\r\nWANDB_API_KEY='${WANDB}' # legacy key\r\n  RUNPOD_API_KEY=${RUNPOD}   # inline comment\r\n`;
    writeFileSync(join(project, '.env'), dotenv);
    expect(run('hf')).toMatchObject({ status: 0, stdout: HF });
    expect(run('wandb')).toMatchObject({ status: 0, stdout: WANDB });
    expect(run('runpod')).toMatchObject({ status: 0, stdout: RUNPOD });
  });

  it('falls back to the Hugging Face CLI token file: $HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token', () => {
    reset();
    write(join(home, '.cache', 'huggingface', 'token'), `${HF}\n`);
    expect(run('hf')).toMatchObject({ status: 0, stdout: HF });
    write(join(home, 'hf-home', 'token'), OTHER);
    expect(run('hf', { env: { HF_HOME: join(home, 'hf-home') } })).toMatchObject({ status: 0, stdout: OTHER });
    write(join(home, 'elsewhere-token'), `${HF}\n`);
    expect(run('hf', { env: { HF_HOME: join(home, 'hf-home'), HF_TOKEN_PATH: join(home, 'elsewhere-token') } })).toMatchObject({ status: 0, stdout: HF });
  });

  it('prefers .env over the CLI login', () => {
    reset();
    write(join(home, '.cache', 'huggingface', 'token'), OTHER);
    writeFileSync(join(project, '.env'), `HF_TOKEN=${HF}\n`);
    expect(run('hf')).toMatchObject({ status: 0, stdout: HF });
  });

  it('falls back to ~/.netrc (or $NETRC) for W&B and ~/.runpod/config.toml for Runpod', () => {
    reset();
    write(join(home, '.netrc'), `machine github.com login me password nope\nmachine api.wandb.ai\n  login user\n  password ${WANDB}\n`);
    expect(run('wandb')).toMatchObject({ status: 0, stdout: WANDB });
    write(join(home, 'other-netrc'), `machine api.wandb.ai login user password ${WANDB.toUpperCase()}\n`);
    expect(run('wandb', { env: { NETRC: join(home, 'other-netrc') } })).toMatchObject({ status: 0, stdout: WANDB.toUpperCase() });
    write(join(home, '.runpod', 'config.toml'), `[default]\napikey = "${RUNPOD}"\n`);
    expect(run('runpod')).toMatchObject({ status: 0, stdout: RUNPOD });
  });

  it('fails with a message naming the variable, the .env to put it in and the token page', () => {
    reset();
    const result = run('hf');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('HF_TOKEN is not set');
    expect(result.stderr).toContain(join(project, '.env'));
    expect(result.stderr).toContain('https://huggingface.co/settings/tokens');
    const wandb = run('wandb');
    expect(wandb.stderr).toContain('WANDB_API_KEY is not set');
    expect(wandb.stderr).toContain('https://wandb.ai/authorize');
  });
});

describe('generated resolver sources', () => {
  it('the TS resolver is strict-TS clean in both module systems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-resolver-ts-'));
    const esm = join(dir, 'esm', 'secret-resolver.ts');
    const cjs = join(dir, 'cjs', 'secret-resolver.ts');
    write(esm, await renderJsResolver({ language: 'ts', moduleSystem: 'esm', rootFromResolver: '..', names: ['HF_TOKEN', 'WANDB_API_KEY', 'RUNPOD_API_KEY', 'OPENAI_API_KEY'] }));
    write(cjs, await renderJsResolver({ language: 'ts', moduleSystem: 'cjs', rootFromResolver: '..', names: ['HF_TOKEN', 'WANDB_API_KEY', 'RUNPOD_API_KEY', 'OPENAI_API_KEY'] }));
    expect(typeCheck([esm, cjs])).toEqual([]);
  }, 120_000);

  it('the JS resolvers import only Node built-ins', async () => {
    for (const moduleSystem of ['esm', 'cjs'] as const) {
      const source = await renderJsResolver({ language: 'js', moduleSystem, rootFromResolver: '.', names: ['HF_TOKEN', 'WANDB_API_KEY'] });
      const modules = [...source.matchAll(/(?:from |require\()"([^"]+)"/g)].map((match) => match[1]);
      expect(modules.length).toBeGreaterThan(2);
      expect(modules.every((name) => name?.startsWith('node:'))).toBe(true);
    }
  });

  it('the Python resolver is stdlib-only and parses with the Python 3.8 grammar', () => {
    const source = renderPythonResolver({ rootFromResolver: '..', names: ['HF_TOKEN', 'WANDB_API_KEY', 'RUNPOD_API_KEY', 'OPENAI_API_KEY'] });
    const imports = [...source.matchAll(/^(?:import|from) (\w+)/gm)].map((match) => match[1]);
    expect(new Set(imports)).toEqual(new Set(['os', 're', 'typing']));
    const check = spawnSync('python3', ['-c', 'import ast, sys\nast.parse(sys.stdin.read(), feature_version=(3, 8))'], { input: source, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('one resolver per import root', () => {
  const repoTokens = new FixtureTokens(7);
  const notebookWith = (source: string): string =>
    `${JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: [source] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
  /** A demo-like layout: a package, a loose script beside it, two script directories (one importing the package) and a notebook. */
  const layout = (): Record<string, string> => ({
    'monox/__init__.py': '',
    'monox/train.py': repoTokens.expand('WANDB_API_KEY = "@@WANDB_API_KEY@@"\n\n\ndef main():\n    print(WANDB_API_KEY)\n\n\nif __name__ == "__main__":\n    main()\n'),
    'monox/data/__init__.py': '',
    'monox/data/hub.py': repoTokens.expand('HF_TOKEN = "@@HF_TOKEN@@"\n'),
    'train.py': repoTokens.expand('RUNPOD_API_KEY = "@@RUNPOD_API_KEY@@"\nprint(RUNPOD_API_KEY)\n'),
    'scripts/a.py': repoTokens.expand('OPENAI_API_KEY = "@@OPENAI_API_KEY@@"\nprint(OPENAI_API_KEY)\n'),
    'scripts/b.py': repoTokens.expand('HF_TOKEN = "@@HF_TOKEN@@"\nprint(HF_TOKEN)\n'),
    'tools/push.py': repoTokens.expand('import monox\n\nHF_TOKEN = "@@HF_TOKEN@@"\nprint(HF_TOKEN)\n'),
    'notebooks/explore.ipynb': notebookWith(repoTokens.expand('HF_TOKEN = "@@HF_TOKEN@@"\nprint(HF_TOKEN)')),
  });
  const resolvers = (root: string): string[] =>
    git(root, ['ls-files', '--others', '--cached', '--exclude-standard']).split('\n').filter((path) => path.endsWith('secret_resolver.py')).sort();
  const py = (cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } => {
    const run = spawnSync('python3', args, { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: cwd, ...env } });
    return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
  };

  it('plans one resolver per import root: package modules, loose files beside the package and importers share the package one', () => {
    const files = layout();
    const placements = planPythonPlacements(
      Object.keys(files).filter((path) => !path.endsWith('__init__.py')).map((path) => ({ path, text: files[path]!, notebook: path.endsWith('.ipynb') })),
      new Set(Object.keys(files)),
    );
    const where = Object.fromEntries([...placements].map(([path, placement]) => [path, `${placement.resolverPath} as ${placement.importModule}`]));
    expect(where).toEqual({
      'monox/train.py': 'monox/secret_resolver.py as monox.secret_resolver',
      'monox/data/hub.py': 'monox/secret_resolver.py as monox.secret_resolver',
      'train.py': 'monox/secret_resolver.py as monox.secret_resolver',
      'tools/push.py': 'monox/secret_resolver.py as monox.secret_resolver',
      'scripts/a.py': 'scripts/secret_resolver.py as secret_resolver',
      'scripts/b.py': 'scripts/secret_resolver.py as secret_resolver',
      'notebooks/explore.ipynb': 'notebooks/secret_resolver.py as secret_resolver',
    });
  });

  it('an existing resolver keeps its place, and a second package in the root imports it', () => {
    const repoFiles = new Set(['a/__init__.py', 'a/x.py', 'b/__init__.py', 'b/y.py', 'b/secret_resolver.py', 'run.py']);
    const placements = planPythonPlacements(
      ['a/x.py', 'run.py'].map((path) => ({ path, text: '', notebook: false })),
      repoFiles,
    );
    expect(placements.get('a/x.py')).toMatchObject({ resolverPath: 'b/secret_resolver.py', importModule: 'b.secret_resolver' });
    expect(placements.get('run.py')).toMatchObject({ resolverPath: 'b/secret_resolver.py', importModule: 'b.secret_resolver' });
  });

  it('a repository root with its own __init__.py still counts its packages as top packages', () => {
    const repoFiles = new Set(['__init__.py', 'config/__init__.py', 'main.py']);
    const placements = planPythonPlacements([{ path: 'config/__init__.py', text: '', notebook: false }, { path: 'main.py', text: 'from config import CFG\n', notebook: false }], repoFiles);
    expect(placements.get('config/__init__.py')).toMatchObject({ resolverPath: 'config/secret_resolver.py', importModule: 'config.secret_resolver' });
    expect(placements.get('main.py')).toMatchObject({ resolverPath: 'config/secret_resolver.py', importModule: 'config.secret_resolver' });
  });

  it('migrate writes exactly those resolvers, each holding the names of every file that imports it, and every program runs', { timeout: 120_000 }, async () => {
    const root = makeRepo(layout());
    await migrateRepo({ root, history: false });
    expect(resolvers(root)).toEqual(['monox/secret_resolver.py', 'notebooks/secret_resolver.py', 'scripts/secret_resolver.py']);
    const monox = readFileSync(join(root, 'monox/secret_resolver.py'), 'utf8');
    expect(monox.split('\n')[0]).toBe('"""Credentials for HF_TOKEN, RUNPOD_API_KEY, WANDB_API_KEY, resolved at run time.');
    expect(readFileSync(join(root, 'scripts/secret_resolver.py'), 'utf8').split('\n')[0]).toBe('"""Credentials for HF_TOKEN, OPENAI_API_KEY, resolved at run time.');
    // Only the CLI-login readers the names need: no Runpod/W&B reader in the scripts' resolver.
    expect(readFileSync(join(root, 'scripts/secret_resolver.py'), 'utf8')).not.toMatch(/_runpod_login|_wandb_login|netrc/);
    expect(monox).toMatch(/_runpod_login/);

    expect(py(root, ['-m', 'monox.train'])).toMatchObject({ status: 0, stdout: repoTokens.value('WANDB_API_KEY') });
    expect(py(root, ['train.py'])).toMatchObject({ status: 0, stdout: repoTokens.value('RUNPOD_API_KEY') });
    expect(py(join(root, 'scripts'), ['a.py'])).toMatchObject({ status: 0, stdout: repoTokens.value('OPENAI_API_KEY') });
    expect(py(tmpdir(), [join(root, 'scripts/b.py')])).toMatchObject({ status: 0, stdout: repoTokens.value('HF_TOKEN') });
    expect(py(root, ['tools/push.py'], { PYTHONPATH: root })).toMatchObject({ status: 0, stdout: repoTokens.value('HF_TOKEN') });
    const cell = (JSON.parse(readFileSync(join(root, 'notebooks/explore.ipynb'), 'utf8')) as { cells: { source: string[] }[] }).cells[0]!.source.join('');
    expect(py(join(root, 'notebooks'), ['-c', cell])).toMatchObject({ status: 0, stdout: repoTokens.value('HF_TOKEN') });
  });

  it('TS files sharing a resolver get one file with both names, and it type-checks', { timeout: 120_000 }, async () => {
    const root = makeRepo({
      'web/a.ts': repoTokens.expand('export const hf = "@@HF_TOKEN@@";\n'),
      'web/b.ts': repoTokens.expand('export const openai = "@@OPENAI_API_KEY@@";\n'),
    });
    await migrateRepo({ root, history: false });
    const resolver = readFileSync(join(root, 'web/secret-resolver.ts'), 'utf8');
    expect(resolver.split('\n')[1]).toBe(' * Credentials for HF_TOKEN, OPENAI_API_KEY, resolved at run time.');
    expect(resolver).not.toMatch(/netrc|runpod/);
    expect(typeCheck([join(root, 'web/secret-resolver.ts'), join(root, 'web/a.ts'), join(root, 'web/b.ts')])).toEqual([]);
  });

  it('a one-provider Python resolver fits on two screens, and aliases never override the exact name', () => {
    const source = renderPythonResolver({ rootFromResolver: '.', names: ['RUNPOD_API_KEY'] });
    expect(source.split('\n').length).toBeLessThan(120);
    expect(source).not.toMatch(/HF_TOKEN|wandb|huggingface/);
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-resolver-alias-'));
    write(join(dir, 'secret_resolver.py'), source);
    write(join(dir, '.env'), 'RUNPOD_API_KEY=from-dotenv\n');
    const run = (env: Record<string, string>): string =>
      spawnSync('python3', ['-c', 'from secret_resolver import get_secret\nprint(get_secret("RUNPOD_API_KEY"))'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'], HOME: dir, ...env } }).stdout.trim();
    expect(run({ RUNPOD_TOKEN: 'from-alias' })).toBe('from-dotenv');
    rmSync(join(dir, '.env'));
    expect(run({ RUNPOD_TOKEN: 'from-alias' })).toBe('from-alias');
  });

  it('a later run re-renders an untouched resolver with the new names, and only reports an edited one', { timeout: 120_000 }, async () => {
    const root = makeRepo({ 'scripts/a.py': repoTokens.expand('HF_TOKEN = "@@HF_TOKEN@@"\nprint(HF_TOKEN)\n') });
    await migrateRepo({ root, history: false });
    git(root, ['add', '-A']);
    git(root, ['commit', '-qm', 'migrated']);
    write(join(root, 'scripts/b.py'), repoTokens.expand('WANDB_API_KEY = "@@WANDB_API_KEY@@"\nprint(WANDB_API_KEY)\n'));
    git(root, ['add', '-A']);
    git(root, ['commit', '-qm', 'b']);
    await migrateRepo({ root, history: false });
    const resolver = readFileSync(join(root, 'scripts/secret_resolver.py'), 'utf8');
    expect(resolver.split('\n')[0]).toBe('"""Credentials for HF_TOKEN, WANDB_API_KEY, resolved at run time.');
    expect(py(join(root, 'scripts'), ['b.py'])).toMatchObject({ status: 0, stdout: repoTokens.value('WANDB_API_KEY') });

    const edited = `${resolver}# our own tweak\n`;
    write(join(root, 'scripts/secret_resolver.py'), edited);
    write(join(root, 'scripts/c.py'), repoTokens.expand('RUNPOD_API_KEY = "@@RUNPOD_API_KEY@@"\nprint(RUNPOD_API_KEY)\n'));
    git(root, ['add', '-A']);
    git(root, ['commit', '-qm', 'c']);
    const { plan } = await migrateRepo({ root, history: false });
    expect(readFileSync(join(root, 'scripts/secret_resolver.py'), 'utf8')).toBe(edited);
    expect(plan.notes.join('\n')).toMatch(/scripts\/secret_resolver\.py exists and was edited .* no entry for RUNPOD_API_KEY/);
    expect(py(join(root, 'scripts'), ['c.py'])).toMatchObject({ status: 0, stdout: repoTokens.value('RUNPOD_API_KEY') });
  });
});
