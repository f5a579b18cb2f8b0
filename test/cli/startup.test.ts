import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(urls.some((url) => url.includes('/dist/cli/scan.cjs'))).toBe(true);
    expect(urls.filter((url) => url.includes('/dist/cli/main.js') || url.includes('/dist/cli/chunk-'))).toEqual([]);
    expect(code).toContain('keywordFallback');
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

/** A repository with `files` staged (committed nothing yet: the hook's first commit). */
function stagedRepo(files: Record<string, string>): string {
  const dir = tempTree(files);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q');
  git('add', '-A');
  return dir;
}

// Every scan runs from dist/cli/scan.cjs, one file, through V8's code cache, instead of the split
// build's chunks (Node 20 has no compile cache for modules, and each extra module costs start-up).
// Rare modules still load on demand, from the split build.
describe('every scan runs from the one-file scan bundle', () => {
  it('scan --staged loads scan.cjs (and the launcher) and no chunk of the split build, nor schema or verification code', () => {
    const { urls, code } = loadedFiles(['scan', '--staged'], stagedRepo({ 'a.py': 'x = 1\n' }));
    const ours = urls.filter((url) => url.includes('/dist/cli/'));
    expect(ours.map((url) => url.slice(url.indexOf('/dist/cli/')))).toEqual(['/dist/cli/scan.cjs']);
    expect(code).toContain('keywordFallback');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('whoami-v2');
  });

  it('scan --history and scan - load scan.cjs and no chunk of the split build', () => {
    const dir = stagedRepo({ 'a.py': 'x = 1\n' });
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'one'], { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    for (const args of [['scan', '--history'], ['scan', '-']]) {
      const ours = loadedFiles(args, dir).urls.filter((url) => url.includes('/dist/cli/'));
      expect(ours.map((url) => url.slice(url.indexOf('/dist/cli/'))), args.join(' ')).toEqual(['/dist/cli/scan.cjs']);
    }
  });

  it('a config file loads the schema from the split build, and its errors stay one-line errors', () => {
    const good = loadedFiles(['scan', '--staged'], stagedRepo({ '.leakguard.json': '{}', 'a.py': 'x = 1\n' }));
    expect(good.urls.some((url) => url.includes('/dist/cli/lazy/config/schema.js'))).toBe(true);
    expect(good.code).toContain('ZodError');
    // The ConfigError comes from the lazy entry's copy of util/errors: still a user error, exit 2.
    const bad = spawnSync(process.execPath, [BIN, 'scan', '--staged'], { cwd: stagedRepo({ '.leakguard.json': '{"maxFileSize": "big"}', 'a.py': 'x = 1\n' }), encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^leakguard: invalid config .*\.leakguard\.json: /);
    expect(bad.stderr).not.toContain('internal error');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('finds the same staged credential as the split build', () => {
    const token = new FakeTokens(11).huggingFace();
    const dir = stagedRepo({ 'a.py': `HF_TOKEN = "${token}"\n` });
    const viaHook = spawnSync(process.execPath, [BIN, 'scan', '--staged', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const viaMain = spawnSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/cli/main.js'))}); process.exitCode = await main(['scan', '--staged', '--format', 'json']);`], { cwd: dir, encoding: 'utf8' });
    expect(viaHook.status).toBe(1);
    expect(viaMain.status).toBe(1);
    const findings = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string; path: string; line: number }[] }).findings.map(({ ruleId, path, line }) => ({ ruleId, path, line }));
    expect(findings(viaHook.stdout)).toEqual([{ ruleId: 'huggingface-user-token', path: 'a.py', line: 1 }]);
    expect(findings(viaHook.stdout)).toEqual(findings(viaMain.stdout));
  });
});

// One non-ASCII character (a `…` in a regex literal, a `→` in a tagged template, which esbuild
// leaves as written) makes V8 hold the whole 370 KB bundle as a two-byte string decoded from
// UTF-8 on every start: ~4 ms of the hook (docs/bench.md, sixth round). Escapes keep it one-byte.
describe('the start-up files are ASCII', () => {
  for (const file of ['bin/leakguard.js', 'dist/cli/launch.cjs', 'dist/cli/scan.cjs', 'dist/rules.json', 'dist/rule-shapes.json']) {
    it(file, () => {
      const bytes = readFileSync(join(REPO_ROOT, file));
      const at = bytes.findIndex((byte) => byte >= 0x80);
      expect(at === -1 ? 'ascii' : `byte ${at}: ${bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')}`).toBe('ascii');
    });
  }
});

// Scans that share the machine (worker threads, or git writing the history beside us) ask V8 to
// optimise less eagerly (src/util/tiering.ts), which needs node:v8; the hook and small trees run
// alone on their core and must not pay its ~3 ms of loading.
describe('V8 tiering only where the scan shares the machine', () => {
  const probe = join(mkdtempSync(join(tmpdir(), 'leakguard-v8-probe-')), 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`v8:${process.moduleLoadList.includes('NativeModule v8')}\\n`));\n");
  const loadsV8 = (args: string[], cwd: string): boolean => {
    const run = spawnSync(process.execPath, ['--require', probe, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LEAKGUARD_CODE_CACHE: '0' } });
    expect(run.status, run.stderr).toBeLessThan(2);
    return /v8:true/.test(run.stderr);
  };

  it('a small tree and the staged scan leave it alone; a pool of threads and a history scan ask', () => {
    const small = tempTree({ 'a.py': 'x = 1\n' });
    expect(loadsV8(['scan', '.'], small)).toBe(false);
    // 300 files are three batches, so --threads 2 starts a worker.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = `x = ${i}\n`;
    const several = tempTree(files);
    expect(loadsV8(['scan', '.', '--threads', '2'], several)).toBe(true);
    spawnSync('git', ['init', '-q'], { cwd: small });
    spawnSync('git', ['add', '.'], { cwd: small });
    expect(loadsV8(['scan', '--staged'], small)).toBe(false);
    expect(loadsV8(['scan', '--history'], small)).toBe(true);
  }, 60_000);
});
