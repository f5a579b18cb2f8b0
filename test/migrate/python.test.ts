import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { python } from '../../src/migrate/languages/python/index.js';
import { applySpanEdits, OverlappingEditsError } from '../../src/migrate/languages/span-edits.js';
import { pythonPlacement } from '../../src/migrate/languages/python/placement.js';
import { renderPythonResolver } from '../../src/migrate/languages/python/resolver-template.js';
import { loadCases, materialise, runCase, type CaseRun } from './fixture-runner.js';
import { fixtureTests } from './fixture-suite.js';
import { FixtureTokens } from './fixture-tokens.js';

const runs: CaseRun[] = [];
const cases = loadCases('python');

describe('python fixtures (SHAPES §4 Python shapes and hard cases)', () => {
  fixtureTests(cases, python, runs);

  it('every rewritten file and generated resolver compiles (python3 -m py_compile)', () => {
    // Databricks sources hold IPython lines and are not Python (SHAPES §6.3 skips them too).
    const files = runs
      .filter((run) => run.result.status === 'changed' && !/^[ \t]*[!%]/m.test(run.result.text ?? ''))
      .flatMap((run) => materialise(run));
    expect(files.length).toBeGreaterThan(40);
    execFileSync('python3', ['-c', 'import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)', ...files], { stdio: 'pipe' });
  });
});

async function rewrite(source: string, options: { path?: string; style?: 'resolver' | 'env'; repoFiles?: string[] } = {}) {
  const tokens = new FixtureTokens(7);
  const path = options.path ?? 'train.py';
  const result = await python.rewrite({
    path,
    root: '/nonexistent',
    text: tokens.expand(source),
    findings: tokens.findings(source, path),
    style: options.style ?? 'resolver',
    repoFiles: new Set([path, ...(options.repoFiles ?? [])]),
  });
  return { result, tokens };
}

describe('python rewriter', () => {
  it('a broken rewrite would be caught by py_compile (the oracle is not vacuous)', async () => {
    const run = await runCase(cases.find((fixture) => fixture.name === 's07-environ-setter')!, python);
    run.result.text = `${run.result.text ?? ''}\nif True:\n`;
    const [file] = materialise(run);
    expect(() => execFileSync('python3', ['-m', 'py_compile', file!], { stdio: 'pipe' })).toThrow();
  });

  it('leaves a file with no findings alone', async () => {
    const result = await python.rewrite({ path: 'a.py', root: '/x', text: 'x = 1\n', findings: [], style: 'resolver', repoFiles: new Set() });
    expect(result.status).toBe('unchanged');
    expect(result.text).toBeUndefined();
  });

  it('reports a file that does not parse as manual and leaves it untouched', async () => {
    const { result } = await rewrite('def broken(:\n    token = "@@HF_TOKEN@@"\n');
    expect(result.status).toBe('manual');
    expect(result.reason).toMatch(/does not parse as Python/);
  });

  it('adds the import once however many literals it rewrites', async () => {
    const { result } = await rewrite('A = "@@HF_TOKEN@@"\nB = "@@WANDB_API_KEY@@"\nC = "@@RUNPOD_API_KEY@@"\n');
    expect(result.text?.match(/from secret_resolver import/g)).toHaveLength(1);
    expect(result.text).toContain('B = get_secret("WANDB_API_KEY")');
  });

  it('adds import os once with --style env, and not when the module has it', async () => {
    const bare = await rewrite('A = "@@HF_TOKEN@@"\nB = "@@HF_TOKEN@@"\n', { style: 'env' });
    expect(bare.result.text).toBe('import os\nA = os.environ["HF_TOKEN"]\nB = os.environ["HF_TOKEN"]\n');
    const withOs = await rewrite('import os, sys\nA = "@@HF_TOKEN@@"\n', { style: 'env' });
    expect(withOs.result.text).toBe('import os, sys\nA = os.environ["HF_TOKEN"]\n');
  });

  it('never generates secrets.py, and places the resolver where a plain import works', () => {
    const files = new Set(['pkg/__init__.py', 'pkg/sub/__init__.py']);
    expect(pythonPlacement('scripts/run.py', files, '')).toEqual({ resolverPath: 'scripts/secret_resolver.py', importModule: 'secret_resolver', rootFromResolver: '..' });
    expect(pythonPlacement('run.py', files, '')).toEqual({ resolverPath: 'secret_resolver.py', importModule: 'secret_resolver', rootFromResolver: '.' });
    expect(pythonPlacement('pkg/sub/mod.py', files, 'import pkg.x\n').importModule).toBe('pkg.secret_resolver');
    expect(pythonPlacement('pkg/sub/mod.py', files, 'from . import x\n').importModule).toBe('..secret_resolver');
    expect(pythonPlacement('pkg/sub/mod.py', files, '').resolverPath).toBe('pkg/secret_resolver.py');
    expect(pythonPlacement('pkg/nb.ipynb', files, '', true).resolverPath).toBe('pkg/secret_resolver.py');
  });

  it('keeps UTF-8 text intact around an edit after astral characters (JS indexes, not bytes)', async () => {
    const { result, tokens } = await rewrite('x = "🚀🚀"; y = "é"\nA = "@@HF_TOKEN@@"  # ✨\n');
    expect(result.text).toBe('from secret_resolver import get_secret\nx = "🚀🚀"; y = "é"\nA = get_secret("HF_TOKEN")  # ✨\n');
    expect(result.text).not.toContain(tokens.value('HF_TOKEN'));
  });

  it('validate reports invalid Python and accepts IPython lines', async () => {
    expect(await python.validate!('def f(:\n', 'a.py')).toMatch(/line 1/);
    expect(await python.validate!('!pip install x\nimport os\n', 'a.py')).toBeUndefined();
  });

  it('renders a resolver that names its repository root relative to itself', () => {
    expect(renderPythonResolver({ rootFromResolver: '../..', names: ['HF_TOKEN'] })).toContain('_ENV_FILE = os.path.normpath(os.path.join(_HERE, "../..", ".env"))');
  });
});

describe('span edits', () => {
  it('drops an edit inside a deleted span and keeps insertions before a replacement', () => {
    expect(applySpanEdits('abcdef', [{ start: 1, end: 5, text: 'X' }, { start: 2, end: 3, text: 'Y' }, { start: 1, end: 1, text: '+' }])).toBe('a+Xf');
  });
  it('refuses partly overlapping edits', () => {
    expect(() => applySpanEdits('abcdef', [{ start: 1, end: 4, text: 'X' }, { start: 3, end: 5, text: 'Y' }])).toThrow(OverlappingEditsError);
  });
});
