/**
 * The GitHub Action's own shell steps, run for real against throw-away repositories: the range it
 * picks for each event, and the scan step's exit-code and SARIF output. `npx` is a shim that runs
 * this checkout's CLI, standing in for the registry.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { CLI, PROJECT_ROOT, Sandbox, removeSandboxes, type TempRepo } from './repo.js';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
}
const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
const stepScript = (id: string): string => {
  const step = action.runs.steps.find((candidate) => candidate.id === id);
  if (!step?.run) throw new Error(`action.yml has no run step "${id}"`);
  return step.run;
};

const tokens = new FakeTokens(6006);
const sandbox = new Sandbox();
afterAll(removeSandboxes);

function runStep(repo: TempRepo, id: string, env: Record<string, string>): Record<string, string> {
  const outputFile = join(sandbox.root, `${id}-output.txt`);
  writeFileSync(outputFile, '');
  const npx = join(sandbox.root, 'bin', 'npx');
  // `npx --yes leakguard@VERSION scan …` → this checkout's CLI with the arguments after the package.
  writeFileSync(npx, `#!/bin/sh\nshift 2\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(npx, 0o755);
  const run = repo.run('bash', ['-c', stepScript(id)], { env: { ...repo.env, ...env, GITHUB_OUTPUT: outputFile } });
  expect(run.code, run.output).toBeLessThan(2);
  return Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('action.yml', () => {
  test('is a composite action that uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
  });

  test('scans the pull request range and reports the finding as SARIF with exit code 1', () => {
    const repo = sandbox.repo('pull-request');
    repo.write('train.py', 'import os\n');
    repo.git('add', '.');
    const base = repo.commitUnchecked('base');
    repo.write('train.py', `import os\nHF_TOKEN = "${tokens.huggingFace()}"\n`);
    repo.git('add', '.');
    const head = repo.commitUnchecked('adds a token');

    const range = runStep(repo, 'range', { INPUT_RANGE: '', EVENT_NAME: 'pull_request', PR_BASE: base, PR_HEAD: head, PUSH_BEFORE: '', PUSH_AFTER: '' });
    expect(range['range']).toBe(`${base}..${head}`);

    const sarifPath = join(repo.dir, 'leakguard.sarif');
    const scan = runStep(repo, 'scan', { RANGE: range['range']!, FORMAT: 'sarif', OUTPUT: sarifPath, VERSION: '', ACTION_PATH: PROJECT_ROOT });
    expect(scan['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: { ruleId: string; properties?: { commit?: string } }[] }[] };
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toEqual(['huggingface-user-token']);
    expect(sarif.runs[0]?.results[0]?.properties?.commit).toBe(head);
  });

  test('uses before..after on a push and all of HEAD for a new branch', () => {
    const repo = sandbox.repo('push');
    repo.write('a.txt', 'one\n');
    repo.git('add', '.');
    const before = repo.commitUnchecked('one');
    repo.write('a.txt', 'two\n');
    repo.git('add', '.');
    const after = repo.commitUnchecked('two');
    const push = runStep(repo, 'range', { INPUT_RANGE: '', EVENT_NAME: 'push', PR_BASE: '', PR_HEAD: '', PUSH_BEFORE: before, PUSH_AFTER: after });
    expect(push['range']).toBe(`${before}..${after}`);
    const created = runStep(repo, 'range', { INPUT_RANGE: '', EVENT_NAME: 'push', PR_BASE: '', PR_HEAD: '', PUSH_BEFORE: '0'.repeat(40), PUSH_AFTER: after });
    expect(created['range']).toBe('HEAD');
    const scan = runStep(repo, 'scan', { RANGE: 'HEAD', FORMAT: 'github', OUTPUT: '', VERSION: '0.1.0', ACTION_PATH: PROJECT_ROOT });
    expect(scan['exit-code']).toBe('0');
  });
});
