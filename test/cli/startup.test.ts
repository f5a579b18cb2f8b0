import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, tempTree } from '../support/cli.js';

// The hook's cold start is the product's first impression: `scan` must never pull in the
// migrate-only parsers, and without a config file not even the schema library.
function importsOf(args: string[], cwd: string): string[] {
  const trace = join(mkdtempSync(join(tmpdir(), 'leakguard-trace-')), 'imports.txt');
  const run = spawnSync(process.execPath, ['--import', join(REPO_ROOT, 'test/support/trace-imports.mjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LEAKGUARD_TRACE_FILE: trace },
  });
  expect(run.status, run.stderr).toBeLessThan(2);
  return readFileSync(trace, 'utf8').trim().split('\n');
}

describe('start-up import budget', () => {
  it('scan loads no migrate-only or schema modules', () => {
    const imports = importsOf(['scan', '.'], tempTree({ 'a.py': 'x = 1\n' }));
    expect(imports.some((url) => url.includes('/dist/src/scanner/'))).toBe(true);
    for (const heavy of ['ts-morph', 'web-tree-sitter', 'tree-sitter-python', '/typescript/', '/yaml/', '/zod/', '/migrate/', '/verify/']) {
      expect(imports.filter((url) => url.includes(heavy)), heavy).toEqual([]);
    }
  });

  it('loads the schema library only when a config file exists', () => {
    const imports = importsOf(['scan', '.'], tempTree({ '.leakguard.json': '{}', 'a.py': 'x = 1\n' }));
    expect(imports.some((url) => url.includes('/zod/'))).toBe(true);
    expect(imports.filter((url) => url.includes('ts-morph') || url.includes('tree-sitter'))).toEqual([]);
  });
});
