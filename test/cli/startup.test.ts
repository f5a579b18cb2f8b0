import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, tempTree } from '../support/cli.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

// The hook's cold start is the product's first impression: `scan` must never pull in the
// migrate-only parsers, and without a config file not even the schema library. The CLI is a
// bundle, so besides the module URLs we look inside each file it loaded for the code it holds.
function loadedFiles(args: string[], cwd: string): { urls: string[]; code: string } {
  const trace = join(mkdtempSync(join(tmpdir(), 'leakguard-trace-')), 'imports.txt');
  const run = spawnSync(process.execPath, ['--import', join(REPO_ROOT, 'test/support/trace-imports.mjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LEAKGUARD_TRACE_FILE: trace },
  });
  expect(run.status, run.stderr).toBeLessThan(2);
  const urls = readFileSync(trace, 'utf8').trim().split('\n');
  const code = urls
    .filter((url) => url.startsWith('file:') && url.includes('/dist/'))
    .map((url) => readFileSync(fileURLToPath(url), 'utf8'))
    .join('\n');
  return { urls, code };
}

const MIGRATE_ONLY = ['ts-morph', 'web-tree-sitter', 'tree-sitter-python', '/typescript/'];

describe('start-up import budget', () => {
  it('scan loads no migrate-only, verification or schema code', () => {
    const { urls, code } = loadedFiles(['scan', '.'], tempTree({ 'a.py': 'x = 1\n' }));
    expect(urls.some((url) => url.includes('/dist/cli/main.js'))).toBe(true);
    expect(code).toContain('keywordPattern');
    for (const heavy of MIGRATE_ONLY) expect(urls.filter((url) => url.includes(heavy)), heavy).toEqual([]);
    expect(code).not.toContain('secret_resolver.py');
    expect(code).not.toContain('whoami-v2');
    expect(code).not.toContain('ZodError');
  });

  it('loads the schema library only when a config file exists', () => {
    const { urls, code } = loadedFiles(['scan', '.'], tempTree({ '.leakguard.json': '{}', 'a.py': 'x = 1\n' }));
    expect(code).toContain('ZodError');
    for (const heavy of MIGRATE_ONLY) expect(urls.filter((url) => url.includes(heavy)), heavy).toEqual([]);
  });

  it('only --format html loads the audit (git facts) and the migrate planner', () => {
    // A finding, so that the page previews migrate (it does not when nothing was found).
    const tree = tempTree({ 'a.py': `HF_TOKEN = "${new FakeTokens(8).huggingFace()}"\n` });
    const json = loadedFiles(['scan', '.', '--format', 'json'], tree);
    expect(json.code).not.toContain('ValueEventParser');
    const html = loadedFiles(['scan', '.', '--format', 'html'], tree);
    expect(html.code).toContain('ValueEventParser');
    expect(html.code).toContain('finalizePlan');
    expect(json.code).not.toContain('finalizePlan');
  }, 60_000); // two CLI runs, one loading the migrate planner
});
