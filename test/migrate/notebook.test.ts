import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { notebook } from '../../src/migrate/languages/python/notebook.js';
import { loadCases, materialise, runCase, type CaseRun } from './fixture-runner.js';
import { fixtureTests } from './fixture-suite.js';
import { FixtureTokens } from './fixture-tokens.js';

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: unknown[];
  metadata?: { id?: string };
}

const runs: CaseRun[] = [];
const cases = loadCases('notebook');

function cells(text: string): Cell[] {
  return (JSON.parse(text) as { cells: Cell[] }).cells;
}

const joined = (source: string | string[]): string => (Array.isArray(source) ? source.join('') : source);

describe('notebook fixtures (SHAPES S29–S34)', () => {
  fixtureTests(cases, notebook, runs);

  it('keeps every notebook valid nbformat: same cells, ids and types; only echoing outputs change', () => {
    const jsonRuns = runs.filter((run) => run.result.status === 'changed' && run.input.trimStart().startsWith('{'));
    expect(jsonRuns.length).toBeGreaterThan(6);
    for (const run of jsonRuns) {
      const before = cells(run.input);
      const after = cells(run.result.text!);
      expect(after.map((cell) => [cell.cell_type, cell.id ?? cell.metadata?.id])).toEqual(before.map((cell) => [cell.cell_type, cell.id ?? cell.metadata?.id]));
      after.forEach((cell, index) => {
        const original = JSON.stringify(before[index]?.outputs ?? []);
        const echoed = run.tokens.allValues().some((value) => original.includes(value));
        if (!echoed) expect(JSON.stringify(cell.outputs ?? [])).toBe(original);
      });
    }
  });

  it('compiles every rewritten Python code cell (IPython lines and cell magics aside)', () => {
    const sources = runs
      .filter((run) => run.result.status === 'changed' && run.input.trimStart().startsWith('{'))
      .flatMap((run) => cells(run.result.text!).filter((cell) => cell.cell_type === 'code').map((cell) => joined(cell.source)))
      .filter((source) => !source.startsWith('%%'))
      .map((source) => source.replace(/^([ \t]*)[!%].*$/gm, '$1pass'));
    expect(sources.length).toBeGreaterThan(6);
    const script = 'import json, sys\nfor i, s in enumerate(json.load(sys.stdin)): compile(s, "cell%d" % i, "exec")';
    execFileSync('python3', ['-c', script], { input: JSON.stringify(sources), stdio: ['pipe', 'pipe', 'pipe'] });
  });

  it('writes the resolver next to the notebook, which runs with its own directory as cwd', async () => {
    const run = await runCase({ ...cases.find((fixture) => fixture.name === 's30-env-magic')!, config: { path: 'pkg/notebooks/train.ipynb', files: { 'pkg/__init__.py': '' } } }, notebook);
    expect(run.result.generated?.map((file) => file.path)).toEqual(['pkg/notebooks/secret_resolver.py']);
    expect(materialise(run).length).toBe(2);
  });
});

describe('notebook rewriter', () => {
  const tokens = new FixtureTokens(11);
  const rewrite = (template: string, style: 'resolver' | 'env' = 'resolver') =>
    notebook.rewrite({ path: 'nb.ipynb', root: '/x', text: tokens.expand(template), findings: tokens.findings(template, 'nb.ipynb'), style, repoFiles: new Set() });

  it('adds a source line in the layout of a single-line list', async () => {
    // A token the code keeps in its own variable (huggingface_hub reads HF_TOKEN, not TOKEN).
    const template = '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "id": "x",\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "TOKEN = \\"@@HF_TOKEN@@\\""\n   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';
    const result = await rewrite(template);
    expect(result.text).toContain('   "source": [\n    "from secret_resolver import get_secret\\n",\n    "TOKEN = get_secret(\\"HF_TOKEN\\")"\n   ]');
  });

  it('reports a cell magic it cannot rewrite as manual and changes nothing', async () => {
    const template = JSON.stringify({ cells: [{ cell_type: 'code', id: 'w', metadata: {}, outputs: [], source: ['%%writefile cfg.py\n', 'TOKEN = "@@HF_TOKEN@@"\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const result = await rewrite(template);
    expect(result.status).toBe('manual');
    expect(result.reason).toContain('%%writefile');
  });

  it('validate accepts a notebook and rejects JSON without cells', async () => {
    expect(await notebook.validate!('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', 'a.ipynb')).toBeUndefined();
    expect(await notebook.validate!('{"metadata": {}}', 'a.ipynb')).toBe('no cells list');
  });
});
